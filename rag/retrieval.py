"""Stage 5 — retrieval: dense + BM25 or latent terms, fused by language-aware reciprocal rank.

Plain RRF of e5 and a Dutch-stemmed BM25 helps Dutch questions but hurts English
ones (English words rarely occur in Dutch text, so BM25 ranks noise). English
questions therefore search BM25 with their words in the letters' Dutch as well
(rag/glossary.py), and the BM25 weight in the fusion depends on the question's
language (``Config.bm25_weight_nl`` / ``bm25_weight_en``).

Two more ranked lists join the fusion when the question gives them: the passages of a letter it
names (or a follow-up's earlier answer), and the passages that hold every key name it asks about
itself (Kosovo, Nordstream; in any form rag/lexicon.py knows). A question's other words ("de
bijeenkomst van defensieministers in oktober 2022") otherwise outrank the one passage about the
name: seen questions and turns +28 −13 at weight 0.25 (``Config.names_weight``).

>>> r = Retriever(store, config)
>>> hits = r.search("Wat is het Strategisch Concept?", qvec, "nl", k=10)
>>> hits[0].chunk.doc_id
'kst-28676-408'
"""
from __future__ import annotations

import copy
import functools
import itertools
import re
from dataclasses import dataclass

import numpy as np

from .backend import LoadedBuild, Scope
from .config import Config
from .glossary import Glossary
from .lexicon import spelled_out
from .months import MONTHS, PATTERN as MONTH_PATTERN
from .records import Chunk, Citation, Hit, Language, surname_keys
from .tokens import query_tokens, tokenize
from .understand import Entity

_DATE = re.compile(r"\b(\d{1,2})\s+(" + MONTH_PATTERN + r")\s+(\d{4})\b", re.I)
# a letter named by its month: "the sept 2022 letter", "de brief van juni 2021", "the letter from June 2021"
_LETTER_MONTH = re.compile(r"\b(" + MONTH_PATTERN + r")\.?\s*(\d{4})?\s+(?:brief|letter|kamerbrief)\b"
                           r"|\b(?:brief|letter|kamerbrief)\s+(?:van|from|of|uit|dated)\s+(" + MONTH_PATTERN +
                           r")\.?\s*(\d{4})?\b", re.I)
_NUMBER = re.compile(r"\b(?:nr|no|nummer|number|brief|letter|kamerstuk)\.?\s*(\d{3,4})\b", re.I)


def referenced_letters(question: str, store: LoadedBuild, signers: bool = False) -> set[str]:
    """Letters the question names: by number ("nr. 418", "letter 387"), by their date
    ("de brief van 30 september 2022", "the letter of 8 June 2022") or month ("the sept 2022
    letter", "de brief van juni 2021"), or (``signers``) by a
    minister who signed them ("waarom ging Blok niet naar Brussel": the letters speak of "de
    Minister van Buitenlandse Zaken", and Blok signed 328; seen splits +1, none lost).

    >>> referenced_letters("What does letter 387 say?", store)
    {'kst-28676-387'}
    """
    refs = set()
    months = set()  # (month, year or None)
    for m in _LETTER_MONTH.finditer(question):
        month, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        months.add((MONTHS[month.lower()], int(year) if year else None))
    numbers = {m.group(1) for m in _NUMBER.finditer(question)}
    dates = {f"{int(y):04d}-{MONTHS[mo.lower()]:02d}-{int(d):02d}" for d, mo, y in _DATE.findall(question)}
    words = {w.lower() for w in re.findall(r"[\w-]+", question)}
    for doc_id, letter in store.letters.items():
        y, mo = (int(letter.date[:4]), int(letter.date[5:7])) if letter.date else (None, None)
        if str(letter.number) in numbers or letter.date in dates or any(
                mo == mm and yy in (None, y) for mm, yy in months) or (signers and any(
                set(surname_keys(s.name)) & words for s in letter.signatories)):
            refs.add(doc_id)
    return refs


@dataclass(frozen=True)
class Filters:
    """Optional restrictions: letters (doc ids or numbers), date range (ISO), signatory name part."""

    letters: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    signatory: str | None = None

    def allows(self, store: LoadedBuild, doc_id: str) -> bool:
        letter = store.letters[doc_id]
        if self.letters and not any(doc_id == x or str(letter.number) == str(x).strip() for x in self.letters):
            return False
        if self.date_from and (letter.date or "") < self.date_from:
            return False
        if self.date_to and (letter.date or "9999") > self.date_to:
            return False
        if self.signatory:
            needle = self.signatory.lower()
            if not any(needle in s.name.lower() or needle in s.role.lower() for s in letter.signatories):
                return False
        return True

    @property
    def active(self) -> bool:
        return bool(self.letters or self.date_from or self.date_to or self.signatory)


class Retriever:
    """Hybrid retriever over one loaded :class:`LoadedBuild`: the store's engine ranks the chunks
    for each retriever (filtered inside it), this class fuses the lists."""

    def __init__(self, store: LoadedBuild, config: Config):
        self.store, self.config = store, config
        self.search_engine = store.chunk_search()

    def weights(self, language: Language, mode: str = "hybrid") -> dict[str, float]:
        """Fusion weight per retriever for this language; ``mode`` forces one retriever."""
        if mode != "hybrid":
            return {mode: 1.0}
        cfg = self.config
        return {"dense": cfg.dense_weight,
                "bm25": cfg.bm25_weight_nl if language == "nl" else cfg.bm25_weight_en,
                "sparse": (cfg.sparse_weight_nl if language == "nl" else cfg.sparse_weight_en)
                if self.search_engine.has_latent else 0.0}

    def search(self, question: str, qvec: np.ndarray, language: Language, k: int = 10,
               filters: Filters | None = None, mode: str = "hybrid", qsparse=None,
               prefer: tuple[str, ...] = (), names: tuple[Entity, ...] = ()) -> list[Hit]:
        """Top-k chunks. ``mode`` is "hybrid", or "dense"/"bm25"/"sparse" alone (baselines);
        ``prefer``: letters whose passages get the extra ranked list a named letter gets
        (a follow-up's earlier answer: a preference, not a filter); ``names``: the question's
        key names (rag/understand.py), whose passages get one more ranked list (see below)."""
        filters = filters or Filters()
        depth = min(len(self.store.chunks), max(100, 10 * k))
        scope = Scope(filters if filters.active else None)
        engine = self.search_engine
        w = self.weights(language, mode)
        dense = functools.cache(lambda: engine.dense(qvec, depth, scope))
        runs = {
            "dense": dense,
            "bm25": (lambda: self._lexical(question, depth, scope, language)),
            "sparse": (lambda: engine.latent(qsparse, depth, scope) if qsparse is not None else []),
        }
        refs = (referenced_letters(question, self.store, signers=True) | set(prefer)) if mode == "hybrid" else set()
        if refs:  # a letter named in the question: its passages form one more ranked list
            ref_scope = Scope(scope.filters, frozenset(refs))
            runs["reference"] = lambda: engine.dense(qvec, depth, ref_scope)
            w = {**w, "reference": self.config.reference_weight}
        if names and mode == "hybrid":
            # the dense list's passages that hold every name asked ("welke NAVO-missie in Kosovo komt aan bod
            # tijdens de bijeenkomst van defensieministers in oktober 2022": the meeting's opening passages
            # outrank the one about Kosovo on the other words)
            chunks = self.store.chunks
            runs["names"] = lambda: [r for r in dense() if all(e.found_in(chunks[r.index].embed_text) for e in names)]
            w = {**w, "names": self.config.names_weight}
        fused: dict[int, Hit] = {}
        for name, run in runs.items():
            if not w.get(name):
                continue
            for rank, r in enumerate(run(), 1):
                h = fused.setdefault(r.index, Hit(self.store.chunks[r.index], 0.0))
                h.ranks[name] = rank
                if name == "dense":
                    h.dense_score = r.score
                h.score += w[name] / (self.config.rrf_k + rank)
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1].score, kv[1].chunk.chunk_id))
        top = with_firsts(ranked, k) if mode == "hybrid" else ranked[:k]
        for i, h in top:  # dense similarity for every hit: the answer's confidence reads it
            if h.dense_score is None:
                h.dense_score = engine.dense_score(i, qvec)
        w_rerank = self.config.sentence_rerank_nl if language == "nl" else self.config.sentence_rerank_en
        if mode == "hybrid" and w_rerank:
            top = self._rerank(top, qvec, w_rerank)
        return [h for _, h in top]

    def _lexical(self, question: str, depth: int, scope: Scope, language: Language = "nl"):
        """BM25 over the question's words, a country's abbreviation also spelled out ("nl":
        nederland); an English question's also in the letters' Dutch (rag/glossary.py)."""
        tokens = query_tokens(question)
        tokens += [t for t in tokenize(" ".join(spelled_out(question))) if t not in tokens]
        if language == "en" and self.config.glossary_en:
            tokens += tokenize(" ".join(Glossary.load().dutch(question)))
        return self.search_engine.lexical(tokens, depth, scope) if tokens else []

    def _rerank(self, top: list[tuple[int, Hit]], qvec: np.ndarray, weight: float) -> list[tuple[int, Hit]]:
        """Re-order the fused list by the passage's best sentence: a chunk embedding averages
        over ~800 characters, and for a question in another language that average loses the
        one sentence that matches (on dev, English MRR@10 .78 → .84 at weight 0.7). The new score mixes the
        fused score (scaled to the best) with that best sentence-or-context similarity."""
        if not top:
            return top
        q = qvec.astype(np.float32)
        best = max(h.score for _, h in top) or 1.0
        for i, h in top:
            ids = self.store.chunk_sentences[i]
            sims = np.maximum(self.store.sentence_vectors[ids] @ q, self.store.context_vectors[ids] @ q)
            h.score = (1 - weight) * h.score / best + weight * float(sims.max(initial=0.0))
        return sorted(top, key=lambda kv: (-kv[1].score, kv[1].chunk.chunk_id))

    def with_config(self, config: Config) -> "Retriever":
        """The same indexes under other fusion settings (for ablations)."""
        other = copy.copy(self)
        other.config = config
        return other


def with_firsts(ranked: list[tuple[int, Hit]], k: int) -> list[tuple[int, Hit]]:
    """The fused top ``k``, with every retriever's own first passage kept in it: it takes
    the last places (never more than half). Weighted fusion can bury one retriever's clear
    winner: for "Hoeveel geeft Nederland uit aan defensie?" the 11,8 miljard passage is
    dense's first but BM25's 35th ("defensiebudget" is not "defensie"), 20th fused; kept,
    the answer stage sees it. Dev and natural-dev: no figure changed."""
    top = ranked[:k]
    firsts = [kv for kv in ranked[k:] if 1 in kv[1].ranks.values()]
    keep = max(k - len(firsts), (k + 1) // 2)
    return top[:keep] + firsts[:k - keep]


def interleave(lists: list[list[Hit]], k: int) -> list[Hit]:
    """Round-robin merge of ranked hit lists, each chunk once, at most ``k``: the first of
    each list, then the second of each, and so on. For a question answered in parts, the
    passages then show every part's best evidence instead of the whole question's alone.

    >>> [h.chunk.chunk_id for h in interleave([[a1, a2], [b1, a1]], k=3)]
    ['a1', 'b1', 'a2']
    """
    out: list[Hit] = []
    seen: set[str] = set()
    for row in itertools.zip_longest(*lists):
        for h in row:
            if h is not None and h.chunk.chunk_id not in seen and len(out) < k:
                seen.add(h.chunk.chunk_id)
                out.append(h)
    return out


def quoted_first(hits: list[Hit], citations: list[Citation], chunks: dict[str, list[Chunk]], k: int) -> list[Hit]:
    """The passages an answer quotes from that retrieval did not rank — a signature block or
    a date line read from the letter's metadata, a definition from the term table — put
    before the retrieved ones (at most ``k`` in all), so the passages shown beside an answer
    hold what it quotes. A quote retrieval found leaves the ranking as it is. ``chunks``: each
    letter's chunks."""
    have = {h.chunk.chunk_id for h in hits}
    added: list[Hit] = []
    for c in citations:
        chunk = next((ch for ch in chunks.get(c.doc_id, ()) if ch.start <= c.start < ch.end), None)
        if chunk is not None and chunk.chunk_id not in have:
            have.add(chunk.chunk_id)
            added.append(Hit(chunk, 0.0, {"quoted": len(added) + 1}))
    return (added + hits)[:k] if added else hits
