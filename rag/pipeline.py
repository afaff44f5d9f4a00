"""The assembled pipeline: question → language → embedding → retrieval → answer.

>>> rag = Pipeline.load(Config())            # loads (or builds) the index once
>>> result = rag.ask("Wie ondertekende brief 387?")
>>> result.to_json()["citations"][0]["doc_id"]
'kst-28676-387'
"""
from __future__ import annotations

import re
import threading
import time
import unicodedata
from dataclasses import dataclass

from .answer import Answerer
from .config import Config
from .embedding import Embedder, load_embedder
from .language import detect_language, message
from .records import Answer
from .retrieval import Filters, Retriever
from .store import IndexStateError, Progress, Store, _quiet, ensure_index, index_status


class QuestionError(ValueError):
    """A question that cannot be answered as typed (empty, no words); the message says why."""


# Control characters, zero-width and bidi marks: invisible, and they split words for BM25.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs"}


def clean_question(raw: str, max_chars: int) -> tuple[str, bool]:
    """Normalise a question: NFC, invisible characters removed, whitespace collapsed,
    cut to ``max_chars``. Returns (question, truncated). Raises QuestionError."""
    if not isinstance(raw, str):
        raise QuestionError("the question must be text")
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if ch in "\t\n\r" else ch for ch in text
                   if ch in "\t\n\r" or unicodedata.category(ch) not in _INVISIBLE)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("empty question: type a question about the letters")
    if not any(ch.isalnum() for ch in text):
        raise QuestionError("the question has no words in it")
    truncated = len(text) > max_chars
    return text[:max_chars].rstrip() if truncated else text, truncated


@dataclass(frozen=True)
class _Loaded:
    """One index build with the components over it, swapped as a unit."""

    store: Store
    retriever: Retriever
    answerer: Answerer


class Pipeline:
    """Question → answer over one loaded index; ``refresh`` switches to a newer build."""

    def __init__(self, config: Config, store: Store, embedder: Embedder):
        self.config, self.embedder = config, embedder
        self._loaded = self._over(store)
        self._lock = threading.Lock()

    def _over(self, store: Store) -> _Loaded:
        return _Loaded(store, Retriever(store, self.config), Answerer(store, self.config))

    @property
    def store(self) -> Store:
        return self._loaded.store

    @property
    def retriever(self) -> Retriever:
        return self._loaded.retriever

    @property
    def answerer(self) -> Answerer:
        return self._loaded.answerer

    @classmethod
    def load(cls, config: Config | None = None, progress: Progress = _quiet,
             rebuild: bool = True) -> "Pipeline":
        """Load the index (building it first if missing/stale when ``rebuild``) and the model."""
        config = config or Config.from_env()
        embedder = load_embedder(config.embedder, config.threads)
        if rebuild:
            store = ensure_index(config, progress, embedder=embedder)
        else:
            reason = index_status(config)
            if reason:
                raise IndexStateError(f"{reason}; run `rag index`")
            store = Store.load(config.index_dir)
        if store.embedder_name != embedder.name:
            raise IndexStateError(f"index built with {store.embedder_name}, embedder is {embedder.name}")
        detect_language("warm up")  # loads the language model now, not on the first question
        return cls(config, store, embedder)

    def refresh(self) -> bool:
        """Switch to the live build if ``rag index`` wrote a newer one since loading. Questions
        in flight finish on the build they started with; a damaged new build is ignored (the
        old one keeps answering). Returns True when it switched."""
        try:
            live = (self.config.index_dir / "CURRENT").read_text().strip()
        except OSError:
            return False
        if live == self.store.path.name:
            return False
        with self._lock:
            if live == self.store.path.name:
                return False
            try:
                store = Store.load(self.config.index_dir)
            except IndexStateError:
                return False
            if store.embedder_name != self.embedder.name:
                return False
            self._loaded = self._over(store)
            return True

    def encode_sparse(self, question: str, language: str, mode: str = "hybrid", retriever=None):
        """The question's latent-term vector, only when this language's fusion uses it."""
        if (retriever or self.retriever).weights(language, mode).get("sparse"):
            return self.embedder.embed_sparse([question])[0]
        return None

    def ask(self, question: str, k: int | None = None, filters: Filters | None = None,
            mode: str = "hybrid") -> Answer:
        """Answer one question (see the JSON contract in the README)."""
        t0 = time.perf_counter()
        q, truncated = clean_question(question, self.config.max_question_chars)
        language = detect_language(q)
        loaded = self._loaded  # one build for the whole question, even if refresh() swaps
        qvec = self.embedder.embed_queries([q])[0]
        qsparse = self.encode_sparse(q, language, mode, loaded.retriever)
        t1 = time.perf_counter()
        hits = loaded.retriever.search(q, qvec, language, k=max(k or self.config.top_k, 10),
                                       filters=filters, mode=mode, qsparse=qsparse)
        t2 = time.perf_counter()
        abstained, text, citations = loaded.answerer.answer(q, qvec, hits, language)
        t3 = time.perf_counter()
        timings = {"embed": (t1 - t0) * 1e3, "search": (t2 - t1) * 1e3,
                   "answer": (t3 - t2) * 1e3, "total": (t3 - t0) * 1e3}
        notice = message("truncated", language, n=self.config.max_question_chars) if truncated else None
        return Answer(q, language, abstained, text, citations, hits, timings, notice)
