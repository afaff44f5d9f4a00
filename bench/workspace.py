"""One benchmark run's shared state: its options, a temporary workspace, the results so far,
and the index most phases measure (the full corpus, built once, on first use).

Every phase gets the same :class:`Workspace`, so a new phase needs no new plumbing: it reads
the options it knows from ``args``, asks for :meth:`Workspace.index` if it needs the real
index, and records what it measured under its own key in ``results``.
"""
from __future__ import annotations

import argparse
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .common import REPO, say


@dataclass
class Workspace:
    args: argparse.Namespace
    dir: Path  # temporary, removed after the run
    results: dict
    save: Callable[[], None] = lambda: None  # writes ``results`` (the runner also does after each phase)
    seed_cache: Path | None = None  # an embedding cache a phase built; seeds the shared index
    _index: tuple[Path, Path] | None = None

    def index(self) -> tuple[Path, Path]:
        """(corpus, index): the full corpus and its index, up to date (built on first call)."""
        if self._index is None:
            self._index = prepare_index(self.dir, self.seed_cache)
        return self._index


def prepare_index(ws: Path, seed_cache: Path | None) -> tuple[Path, Path]:
    """The index the latency/start/memory phases use: the full corpus, up to date."""
    from rag.config import Config
    from rag.indexing import build_index

    corpus = ws / "corpus"
    if not corpus.exists():
        shutil.copytree(REPO / "corpus", corpus)
    index = ws / "index"
    config = Config.from_env(corpus_dir=corpus, index_dir=index)
    if not config.embedding_cache.exists():
        src = seed_cache if seed_cache and seed_cache.exists() else Config(index_dir=REPO / "index").embedding_cache
        if src.exists():  # content-addressed: seeding only saves time
            shutil.copytree(src, config.embedding_cache)
    t = time.perf_counter()
    r = build_index(config)
    if r.built:
        say(f"(prepared the full index in {time.perf_counter() - t:.1f} s, {r.embedded} texts embedded)")
    return corpus, index
