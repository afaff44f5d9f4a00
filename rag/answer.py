"""Stage 6 — answer: pick verbatim sentences from the retrieved passages, or abstain.

No text is generated. Candidate sentences (pre-split and pre-embedded at index
time) come from the best passages; each is scored by its cosine similarity to
the question plus a small prior from its passage's fused rank. The best sentence
is the answer; a further sentence joins when it scores nearly as well (more
easily when it comes from another letter, for questions that span letters).
When even the best sentence is not similar enough — a threshold calibrated on
the dev split of the eval set — the answer abstains.

>>> a = Answerer(store, config).answer(question, "nl", qvec, hits)
>>> store.letters[a.citations[0].doc_id].text[a.citations[0].start:a.citations[0].end] == a.citations[0].quote
True
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import Config
from .language import message
from .records import Citation, Hit, Language
from .store import Store

PASSAGE_PRIOR = 0.03  # weight of the passage's fused rank next to sentence similarity


@dataclass
class Scored:
    sentence: int  # index into store.sentences
    score: float
    similarity: float


def calibrated_threshold(embedder: str) -> float:
    """The abstention threshold fitted on the dev split for this embedder (rag/calibration.json,
    written by `rag eval --calibrate`); without one, never abstain."""
    path = Path(__file__).with_name("calibration.json")
    try:
        return float(json.loads(path.read_text())[embedder]["threshold"])
    except (OSError, KeyError, ValueError):
        return -1.0


class Answerer:
    def __init__(self, store: Store, config: Config):
        self.store, self.config = store, config
        self.threshold = (config.abstain_threshold if config.abstain_threshold is not None
                          else calibrated_threshold(store.embedder_name))

    def rank_sentences(self, qvec: np.ndarray, hits: list[Hit]) -> list[Scored]:
        """Sentences of the top ``answer_passages`` hits, best first."""
        top = hits[: self.config.answer_passages]
        if not top:
            return []
        best = max(h.score for h in top) or 1.0
        cand: dict[int, float] = {}
        for h in top:
            for s in self._chunk_sentences(h):
                cand[s] = max(cand.get(s, 0.0), h.score / best)
        if not cand:
            return []
        ids = np.fromiter(cand, dtype=np.int64)
        sims = self.store.sentence_vectors[ids] @ qvec.astype(np.float32)
        scored = [Scored(int(i), float(sim + PASSAGE_PRIOR * cand[int(i)]), float(sim))
                  for i, sim in zip(ids, sims)]
        return sorted(scored, key=lambda s: (-s.score, s.sentence))

    def _chunk_sentences(self, hit: Hit) -> np.ndarray:
        return self.store.chunk_sentences[self._chunk_index[hit.chunk.chunk_id]]

    @property
    def _chunk_index(self) -> dict[str, int]:
        if not hasattr(self, "_ci"):
            self._ci = {c.chunk_id: i for i, c in enumerate(self.store.chunks)}
        return self._ci

    def select(self, ranked: list[Scored]) -> list[Scored]:
        """The answer quotes: the best sentence plus near-ties (see module doc)."""
        if not ranked or ranked[0].similarity < self.threshold:
            return []
        first, chosen = ranked[0], [ranked[0]]
        s0 = self.store.sentences[first.sentence]
        for cand in ranked[1:]:
            if len(chosen) >= self.config.max_quotes:
                break
            s = self.store.sentences[cand.sentence]
            margin = self.config.second_quote_margin * (2 if s.doc_id != s0.doc_id else 1)
            if cand.score < first.score - margin:
                break
            if s.text in {self.store.sentences[c.sentence].text for c in chosen}:
                continue
            chosen.append(cand)
        return chosen

    def answer(self, qvec: np.ndarray, hits: list[Hit], language: Language) -> tuple[bool, str, list[Citation]]:
        chosen = self.select(self.rank_sentences(qvec, hits))
        if not chosen:
            return True, message("abstain", language), []
        citations = []
        for n, c in enumerate(chosen, 1):
            s = self.store.sentences[c.sentence]
            letter = self.store.letters[s.doc_id]
            citations.append(Citation(n, s.doc_id, letter.title, letter.date, s.section, s.text,
                                      s.start, s.end, letter.url))
        text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
        return False, text, citations
