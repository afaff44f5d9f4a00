"""What is fitted on the FITTED splits' questions (the sentence model, the similarity cuts),
and the same fit cross-validated."""
from __future__ import annotations

from pathlib import Path
from statistics import NormalDist

import numpy as np

from .metrics import _overlaps, aggregate, score
from .questions import FITTED, SCORER_FITTED, Question, evidence_spans
from .systems import run_system

CALIBRATION_FILE = Path(__file__).resolve().parents[1] / "calibration.json"
MAX_FALSE_ABSTENTION = 0.05  # the aim on answerable questions
TAIL = 0.01  # share of answerable fitted questions each abstention cut is fitted to fall below



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
    from ..answer import formula_scores
    from ..scorer import SentenceScorer

    groups = [(X, y) for X, y in groups if len(y)]
    hit_model = []
    for k in range(folds):
        train = [g for j, g in enumerate(groups) if j % folds != k]
        model = SentenceScorer.fit(train)
        hit_model += [bool(y[np.argmax(model.scores(X))]) for j, (X, y) in enumerate(groups) if j % folds == k]
    hit_formula = [bool(y[np.argmax(formula_scores(X))]) for X, y in groups]
    return {"questions": len(groups), "model_top1": float(np.mean(hit_model)),
            "formula_top1": float(np.mean(hit_formula))}


def calibrate(pipeline, questions: list[Question], cache: dict | None = None) -> dict:
    """Per question language: first the sentence model (rag/scorer.py), fitted on the
    SCORER_FITTED splits' answerable questions, then, on the FITTED splits, the abstention
    thresholds on the best passage's dense similarity and the best answer sentence's, each
    where a normal fitted to the answerable questions' values puts TAIL of them below it.
    ``cache``: question id → :func:`retrieve` result, kept across calls (cross-validation)."""
    from ..scorer import SentenceScorer

    fitted = [q for q in questions if q.split in FITTED]
    learn = [q for q in questions if q.split in SCORER_FITTED and q.answerable]
    ans = pipeline.answerer
    out = {"embedder": pipeline.embedder.name, "fitted_splits": list(FITTED), "fitted_questions": len(fitted),
           "scorer_splits": len({q.split for q in learn}), "scorer_questions": len(learn),
           "max_false_abstention": MAX_FALSE_ABSTENTION, "threshold": {}, "fitted": {}, "scorer_cv": {},
           "scorer": {}}
    ans.scorers = {lang: None for lang in ("nl", "en")}  # features never depend on the old model
    cache = {} if cache is None else cache
    for q in {q.id: q for q in fitted + learn}.values():
        if q.id not in cache:
            cache[q.id] = retrieve(pipeline, q)
    retrieved = [(q, *cache[q.id]) for q in fitted]
    for lang, groups in sentence_training_data(pipeline, [(q, *cache[q.id]) for q in learn]).items():
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

    # Each cut sits in the lower tail of a normal fitted to the answerable fitted questions'
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
        out["fitted"][lang] = {"questions": len(r),
                            "abstain_recall": sum(abstains(x, tp, ts) for x in r if not x[0]) / max(1, n_una),
                            "false_abstention": sum(abstains(x, tp, ts) for x in r if x[0]) / max(1, n_ans)}
    return out


def cross_validate(pipeline, questions: list[Question], folds: int = 5) -> dict:
    """Answer accuracy on the fitted questions with everything fitted (sentence model, cuts)
    cross-validated: each fold is answered by a calibration on the other folds (and the sentence
    model's further splits, which are never answered here). Returns
    {split: {lang: aggregate}} for each FITTED split; the pipeline's fit is restored."""
    fitted = [q for q in questions if q.split in FITTED]
    rest = [q for q in questions if q.split not in FITTED]  # the sentence model's further data (SCORER_FITTED)
    ans = pipeline.answerer
    saved = (dict(ans.scorers), dict(ans.thresholds))
    rows: list[tuple[Question, dict]] = []
    cache: dict = {}
    try:
        for k in range(folds):
            cal = calibrate(pipeline, [q for i, q in enumerate(fitted) if i % folds != k] + rest, cache)
            ans.thresholds = dict(cal["threshold"])
            for q in (q for i, q in enumerate(fitted) if i % folds == k):
                asked, qvec = pipeline.embed_question(q.question, q.language)
                rows.append((q, score(q, run_system(pipeline, "hybrid", q, qvec, 0.0, None, asked),
                                      pipeline.store.letters)))
    finally:
        ans.scorers, ans.thresholds = saved
    return {sp: {lang: aggregate([(q, m) for q, m in rows if q.split == sp and q.language == lang])
                 for lang in ("nl", "en")} for sp in FITTED}
