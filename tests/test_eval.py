"""The eval set stays valid, and answer quality does not regress (floors a little under the
figures measured on the test split — see README, "Quality")."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rag.evaluate.questions import DIALOGUE_SPLITS, HOLDOUTS, SPLITS
from rag.evaluate import load_dialogues, load_questions, locate, markdown_report, plot, run_eval, table

QUESTIONS = Path(__file__).resolve().parents[1] / "eval" / "questions.jsonl"


@pytest.fixture(scope="module")
def all_questions():
    return load_questions(QUESTIONS)  # with eval/natural.jsonl (splits natural-dev / natural-test)


@pytest.fixture(scope="module")
def questions(all_questions):
    return [q for q in all_questions if q.style == "standard"]


def test_the_sentence_model_learns_from_burnt_holdouts_never_the_clean_one_or_a_test_split():
    from rag.evaluate.questions import FITTED, SCORER_FITTED

    assert set(FITTED) <= set(SCORER_FITTED) and f"natural-holdout{HOLDOUTS - 1}" in SCORER_FITTED
    assert not {f"natural-holdout{HOLDOUTS}", "test", "natural-test"} & set(SCORER_FITTED)


def test_natural_question_set_shape(all_questions):
    nat = [q for q in all_questions if q.style == "natural" and not q.split.startswith("natural-holdout")]
    para = [q for q in all_questions if q.style == "paraphrase"]
    assert len(nat) >= 120 and len(para) == 40
    assert sum(not q.answerable for q in nat) >= 25
    for qs in (nat, para):
        assert Counter(q.language for q in qs)["nl"] == Counter(q.language for q in qs)["en"]
        assert Counter(q.split for q in qs) == {"natural-dev": len(qs) // 2, "natural-test": len(qs) // 2}
    assert all(2 <= len(q.question.split()) <= 8 for q in nat)
    assert {q.kind for q in nat} >= {"definition", "person", "date", "place", "amount", "yesno", "list", "letter",
                                     "ambiguous", "unanswerable"}


def test_holdout_set_shape(all_questions):
    """The natural questions written blind after each session's fitting (eval/natural.jsonl,
    splits natural-holdout, natural-holdout2, …): half Dutch, a fifth unanswerable, every kind."""
    holdouts = [s for s in SPLITS if s.startswith("natural-holdout")]
    assert len(holdouts) == HOLDOUTS == 58
    for split in holdouts:
        _holdout_shape([q for q in all_questions if q.split == split])


def _holdout_shape(hold):
    assert len(hold) == 100 and Counter(q.language for q in hold) == {"nl": 50, "en": 50}
    assert sum(not q.answerable for q in hold) == 20
    assert {q.kind for q in hold} >= {"definition", "person", "date", "place", "amount", "yesno", "list", "letter",
                                      "ambiguous", "why", "fact", "unanswerable"}


def test_dialogue_set_shape(letters):
    """eval/dialogues.jsonl: 2–4 turns each, a first turn then follow-ups, switches or
    standalone questions; both languages alike in every split; every answerable turn's
    evidence is in its letter."""
    dialogues = load_dialogues(QUESTIONS.with_name("dialogues.jsonl"))
    assert len(dialogues) >= 50 and len({d["id"] for d in dialogues}) == len(dialogues)
    for split in DIALOGUE_SPLITS:
        langs = Counter(d["language"] for d in dialogues if d["split"] == split)
        assert langs["nl"] == langs["en"] > 0, split
    for d in dialogues:
        assert 2 <= len(d["turns"]) <= 4 and d["turns"][0]["role"] == "first", d["id"]
        assert {t["role"] for t in d["turns"][1:]} <= {"followup", "switch", "standalone"}, d["id"]
        for t in d["turns"]:
            assert t["unanswerable"] or t["evidence"], d["id"]
            for e in t["evidence"]:
                assert e["doc_id"] in t["doc_ids"] and locate(letters[e["doc_id"]].text, e["text"]), d["id"]


def test_question_set_shape(questions, letters):
    assert len(questions) >= 80
    assert len({q.id for q in questions}) == len(questions)
    lang = Counter(q.language for q in questions)
    assert lang["nl"] == lang["en"]
    kinds = Counter(q.kind for q in questions)
    assert set(kinds) == {"fact", "number_date", "why", "metadata", "multi", "unanswerable"}
    assert kinds["unanswerable"] >= 15
    assert {d for q in questions for d in q.doc_ids} == set(letters)
    for split in ("dev", "test"):
        assert {(q.language, q.kind) for q in questions if q.split == split} == {
            (q.language, q.kind) for q in questions}


def test_every_evidence_span_occurs_in_its_letter(all_questions, letters):
    for q in all_questions:
        assert bool(q.evidence) == q.answerable, q.id
        for e in q.evidence:
            assert e["doc_id"] in q.doc_ids, q.id
            assert locate(letters[e["doc_id"]].text, e["text"]), (q.id, e["text"])
        for term in q.answer_terms:
            assert any(term.casefold() in e["text"].casefold() for e in q.evidence), (q.id, term)
        if q.kind == "multi":
            assert len({e["doc_id"] for e in q.evidence}) >= 2, q.id


def test_a_heading_is_held_by_the_passages_under_it_not_by_others(letters):
    from rag.evaluate import Outcome, Question, score

    L = letters["kst-28676-408"]
    head = "De drie kerntaken: collectieve verdediging"
    sec = next(s for s in L.sections if s.title.startswith("De drie kerntaken"))
    q = Question("x", "drie kerntaken navo", "nl", "list", "t", [L.doc_id], [{"doc_id": L.doc_id, "text": head}], [])
    body = L.text.find("De drie kerntaken hangen nauw")  # a sentence under the heading
    assert sec.start < body < sec.end
    under = Outcome([(L.doc_id, body, body + 60)], "answered", "", [], 0.0)
    before = Outcome([(L.doc_id, 0, sec.start - 1)], "answered", "", [], 0.0)
    assert score(q, under, letters)["recall@1"] == 1.0
    assert score(q, before, letters)["recall@1"] == 0.0


@pytest.fixture(scope="module")
def report(pipeline, questions):
    return run_eval(pipeline, questions, split="test")


FLOORS = {  # test split (100 questions), measured 2026-11-30: nl R@5 .90 MRR .81 AnsAcc .78 AbstRec .20;
    #                                                       en R@5 .95 MRR .77 AnsAcc .73 AbstRec .10
    # (abstention fell from .60/.20 when the cuts were fitted on the natural dev questions too: README)
    "nl": {"recall@5": 0.86, "mrr@10": 0.76, "answer_correct": 0.72, "abstain_recall": 0.15},
    "en": {"recall@5": 0.90, "mrr@10": 0.72, "answer_correct": 0.68, "abstain_recall": 0.05},
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_quality_floors_on_the_test_split(report, lang):
    got = report["summary"]["hybrid"][lang]
    for metric, floor in FLOORS[lang].items():
        assert got[metric] >= floor, (lang, metric, got[metric])
    assert got["faithfulness"] == 1.0
    assert got["false_abstention"] <= 0.10


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_hybrid_beats_the_baselines(report, lang):
    s = report["summary"]
    for base in ("dense", "bm25", "textbook"):  # the ablations (plain-rrf, sparse) are reported, not asserted
        assert s["hybrid"][lang]["recall@5"] > s[base][lang]["recall@5"], (base, "recall@5")
        # MRR is that of the passages an answer comes with (its quotes' first), so a better answer stage
        # lifts the baselines too: English BM25 drew level at f9768dc (.8380 against .8375, one rank of
        # 40); not behind by more than that
        assert s["hybrid"][lang]["mrr@10"] >= s[base][lang]["mrr@10"] - 0.005, (base, "mrr@10")
        assert s["hybrid"][lang]["answer_correct"] >= s[base][lang]["answer_correct"], base


def test_the_unrelated_turn_check_is_reported_per_split():
    """The test split and the natural-test split, each asked after an unrelated turn; a report from
    before the natural split was added (one split, by language) still renders."""
    from rag.evaluate import dialogues_table
    from rag.evaluate.questions import UNRELATED_SPLITS

    row = {"n": 44, "accuracy_alone": 0.89, "accuracy_after_unrelated_turn": 0.82, "carried_over": 0.09}
    report = {"dialogues": {}, "unrelated_history": {sp: {"nl": row, "en": row} for sp in UNRELATED_SPLITS}}
    md = dialogues_table(report)
    assert "| natural-test | nl | 44 | 0.89 | 0.82 | 0.09 |" in md and "| test | en | 44 |" in md
    old = dialogues_table({"dialogues": {}, "unrelated_history": {"nl": row, "en": row}})
    assert "| test | nl | 44 | 0.89 | 0.82 | 0.09 |" in old


def test_reports_render(report, tmp_path):
    md = markdown_report(report)
    assert "| hybrid | nl |" in md and "## Per question" in md
    assert "textbook" in table(report)
    plot(report, tmp_path / "recall.png")
    assert (tmp_path / "recall.png").stat().st_size > 10_000


def test_an_ablation_runs_over_its_own_index_sharing_the_vector_cache(pipeline, questions, monkeypatch):
    import json

    from rag import evaluate
    from rag.layout import IndexLayout

    monkeypatch.setattr(evaluate.systems, "ABLATIONS", {"chunks 1200/180": {"chunk_size": 1200, "chunk_overlap": 180}})
    few = [q for q in questions if q.split == "test"][:6]
    out = evaluate.run_ablations(pipeline, few, "test")
    assert set(out) == {"hybrid: chunks 1200/180"}
    assert 0.0 <= out["hybrid: chunks 1200/180"]["all"]["recall@5"] <= 1.0
    root = pipeline.config.index_dir / "ablations" / "chunks-1200-180"
    build = IndexLayout(root).live_build()
    assert json.loads((build / "manifest.json").read_text())["chunker"]["chunk_size"] == 1200
    assert not (root / "cache").exists()  # sentences come from the main index's cache


@pytest.fixture()
def blind_workspace(tmp_path, letters):
    """The latest blind holdout as its helpers handed it in, in a workspace as ``prepare`` writes it."""
    import json

    (tmp_path / "clean").mkdir()
    for doc_id, L in letters.items():
        (tmp_path / "clean" / f"{doc_id}.txt").write_text(L.text, encoding="utf-8")
    (tmp_path / "existing_questions.txt").write_text("", encoding="utf-8")
    split = f"holdout{HOLDOUTS}"
    nat = [line for line in (QUESTIONS.with_name("natural.jsonl")).read_text(encoding="utf-8").splitlines()
           if json.loads(line)["split"] == split]
    dlg = [line for line in (QUESTIONS.with_name("dialogues.jsonl")).read_text(encoding="utf-8").splitlines()
           if json.loads(line)["split"] == split]
    prefix = json.loads(nat[0])["id"][:-3]
    (tmp_path / "kit.json").write_text(json.dumps({"split": split, "prefix": prefix}), encoding="utf-8")
    (tmp_path / "natural_new.jsonl").write_text("\n".join(nat) + "\n", encoding="utf-8")
    (tmp_path / "dialogues_new.jsonl").write_text("\n".join(dlg) + "\n", encoding="utf-8")
    return tmp_path


def test_the_latest_holdout_passes_the_blind_check_and_a_broken_one_does_not(blind_workspace):
    import json

    from rag.evaluate.blind import check

    assert check(blind_workspace) == []
    path = blind_workspace / "natural_new.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    items[1]["question"] = items[0]["question"]  # a repeat
    items[2]["evidence"][0]["text"] += " en dat staat er niet"  # evidence no letter holds
    items[3]["question"] = "Het Nederlands defensiebudget komt dankzij investeringen uit op?"  # copied wording
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in items) + "\n", encoding="utf-8")
    (blind_workspace / "existing_questions.txt").write_text(items[5]["question"].lower().rstrip("?") + "\n",
                                                            encoding="utf-8")  # written before
    errors = "\n".join(check(blind_workspace))
    assert f"{items[1]['id']}: repeats another question" in errors
    assert f"{items[2]['id']}: evidence not found verbatim" in errors
    assert f"{items[3]['id']}: copies 5 or more words" in errors
    assert f"{items[5]['id']}: repeats an earlier question" in errors
