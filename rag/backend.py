"""The store contract: what indexing writes and retrieval reads, whichever engine holds it.

Two backends implement it: FAISS files in ``index/`` (rag/faiss_backend.py, the default)
and Milvus (rag/milvus_store.py: Milvus Lite in one file, or a server or cluster by URI),
chosen by ``Config.store`` (``RAG_STORE``, ``--store``):

    faiss                        (default)
    milvus:index/milvus.db       Milvus Lite, embedded (a local file)
    milvus:http://host:19530     a Milvus standalone server or cluster

The rest of the pipeline sees a :class:`LoadedBuild` (letters, chunks, sentences and their
vectors, for the answer stage) and its :class:`ChunkSearch` (ranked chunk lists per
retriever, filtered inside the engine); it does not know which engine answers.

>>> backend = open_backend(Config(store="milvus:/tmp/kb.db"))
>>> backend.live()                           # the live build's id, or None
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from .records import Chunk, Letter, Sentence

if TYPE_CHECKING:
    from .config import Config
    from .store import SparseMatrix
    from .terms import Term


@dataclass
class EmbeddedCorpus:
    """Everything a build holds, before it is written: the stage between embedding and storage."""

    letters: list[Letter]
    chunks: list[Chunk]
    sentences: list[Sentence]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    context_vectors: np.ndarray
    chunk_sparse: SparseMatrix | None  # latent terms; None for an embedder without a sparse head
    sentence_sparse: SparseMatrix | None
    terms: list[Term]
    embedder: str
    embedded: int  # texts that were not in the cache


@dataclass(frozen=True)
class Scope:
    """Which chunks a search may return: the user's filters (a ``retrieval.Filters``, read
    by attribute) and, for a named letter's extra list, those letters only."""

    filters: Any = None
    letters: frozenset[str] | None = None


@dataclass(frozen=True)
class Scored:
    """One chunk of a ranked list: its index in ``Store.chunks`` and the retriever's score."""

    index: int
    score: float


class ChunkSearch(Protocol):
    """The ranked chunk lists retrieval fuses, each best first and at most ``n`` long."""

    has_latent: bool  # the build holds latent-term vectors (embedders with a sparse head)

    def dense(self, qvec: np.ndarray, n: int, scope: Scope) -> list[Scored]: ...

    def lexical(self, tokens: list[str], n: int, scope: Scope) -> list[Scored]:
        """BM25 over the stemmed tokens (retrieval.tokenize); only chunks scoring above 0."""

    def latent(self, qsparse: tuple[np.ndarray, np.ndarray], n: int, scope: Scope) -> list[Scored]:
        """Latent-term inner product; only chunks scoring above 0."""

    def dense_score(self, index: int, qvec: np.ndarray) -> float: ...


@dataclass
class LoadedBuild:
    """A loaded build, as the answer stage reads it; each backend's loaded store extends it
    with what its search needs (rag/store.py: the FAISS index; rag/milvus_store.py: the
    client and the BM25 vocabulary)."""

    build_id: str
    manifest: dict
    letters: dict[str, Letter]
    chunks: list[Chunk]
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    context_vectors: np.ndarray  # each sentence embedded together with the one before it
    sentence_sparse: SparseMatrix | None  # latent-term vectors of the sentences (None: embedder has none)
    chunk_sentences: list[np.ndarray]  # sentence indices per chunk
    terms: list[Term]  # what the letters define (rag/terms.py)

    @property
    def embedder_name(self) -> str:
        return self.manifest["embedder"]["name"]

    @cached_property
    def chunks_by_letter(self) -> dict[str, list[Chunk]]:
        """Each letter's chunks: the passage a quote stands in, found without a scan of all."""
        out: dict[str, list[Chunk]] = {}
        for c in self.chunks:
            out.setdefault(c.doc_id, []).append(c)
        return out

    def chunk_search(self) -> ChunkSearch:
        raise NotImplementedError


class StoreBackend(Protocol):
    """Where builds live: the writer's and the reader's side of one engine."""

    lock_path: Path  # serialises concurrent `rag index` runs against this store

    def live(self) -> str | None:
        """The live build's id (None: no build yet)."""

    def manifest(self) -> dict | None:
        """The live build's manifest (None: no build); raises on an unreadable one."""

    def load(self) -> LoadedBuild:
        """The live build; IndexStateError (one line) when it is missing or damaged."""

    def write(self, data: EmbeddedCorpus, manifest: dict, config: Config) -> str:
        """Write a complete new build and make it live atomically; a failure leaves the
        live build as it was. Returns the new build's id."""


def open_backend(config: Config) -> StoreBackend:
    """The backend ``config.store`` names; ConfigError for a spec it does not know."""
    from .config import ConfigError

    kind, _, where = config.store.partition(":")
    # imported on use: pymilvus costs 1.4 s to import and is an optional extra; the FAISS
    # backend module imports this one's records
    if kind == "faiss" and not where:
        from .faiss_backend import FaissBackend
        return FaissBackend(config.index_dir)
    if kind == "milvus" and where:
        from .milvus_store import MilvusBackend
        return MilvusBackend(where, config)
    raise ConfigError(f"store {config.store!r}: expected 'faiss', 'milvus:<file.db>' or 'milvus:http://host:19530'")
