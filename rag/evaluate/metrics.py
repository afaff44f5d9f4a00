"""Per-question metrics and their aggregation (see the package doc for what counts as correct)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..records import Span, overlaps
from .questions import Question, evidence_spans

KS = (1, 3, 5, 10)


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
    return overlaps(Span(*a), Span(*b))


def _under_heading(span: tuple[str, int, int], letters: dict) -> tuple[str, int, int]:
    """The span a passage must overlap to hold ``span``: a section heading ("De drie kerntaken:
    collectieve verdediging – …") is in no passage's text but in the context header of every
    passage under it — embedded with it and shown as its section — so any of them holds it;
    other spans are themselves."""
    doc, a, b = span
    L = letters[doc]
    sec = L.section_at(a)
    if sec is None:
        return span
    head_end = L.text.find("\n\n", sec.start)
    return (doc, sec.start, sec.end) if b <= (len(L.text) if head_end < 0 else head_end) else span


def score(q: Question, o: Outcome, letters: dict) -> dict:
    """Per-question metrics (see module doc)."""
    ev = evidence_spans(q, letters)
    m: dict = {"abstained": o.abstained, "status": o.status, "latency_ms": o.latency_ms}
    faithful = all(letters[d].text[s:e] == quote for d, s, e, quote in o.citations)
    m["faithful"] = faithful
    if not q.answerable:
        return m
    held = [_under_heading(e, letters) for e in ev]
    rel = [any(_overlaps(c, e) for e in held) for c in o.ranked]
    for k in KS:
        m[f"recall@{k}"] = (sum(any(_overlaps(c, e) for c in o.ranked[:k]) for e in held) / len(held)) if held else 0.0
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


def correct(q: Question, m: dict) -> bool:
    """Did the system do right by the question: an answerable one answered correctly, an
    unanswerable one not answered (partial or not found)?"""
    return bool(m["abstained"]) if not q.answerable else bool(m.get("answer_correct"))


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
    out["p50_ms"], out["p95_ms"] = ((float(np.percentile(lat, 50)), float(np.percentile(lat, 95))) if lat
                                    else (None, None))
    return out


