"""Follow-up questions: the dialogues asked as chats, and standalone questions after an
unrelated turn."""
from __future__ import annotations

import numpy as np

from .metrics import Outcome, correct, score
from .questions import Question


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
    from ..conversation import Turn

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
                   "answerable": q.answerable, "correct": correct(q, m),
                   "cited": [c.doc_id for c in a.citations], "answer": a.answer[:300]}
            if t["role"] == "followup":
                alone = pipeline.ask(t["question"])
                oa = Outcome([], alone.status, alone.answer, [(c.doc_id, c.start, c.end, c.quote)
                                                              for c in alone.citations], 0.0)
                ma = score(q, oa, letters)
                row["correct_alone"] = correct(q, ma)
            rows.append(row)
            history.append(Turn.of(t["question"], a))
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
    from ..conversation import Turn

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
        out[q.language]["with"].append(correct(q, score(q, o, pipeline.store.letters)))
        out[q.language]["without"].append(correct(q, score(q, ob, pipeline.store.letters)))
        out[q.language]["carried"].append(a.interpreted_as != a.question)
    return {lang: {"n": len(v["with"]), "accuracy_alone": float(np.mean(v["without"])),
                   "accuracy_after_unrelated_turn": float(np.mean(v["with"])),
                   "carried_over": float(np.mean(v["carried"]))} for lang, v in out.items()}
