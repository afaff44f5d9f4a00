"""Where an index lives on disk: one object for the writer, the reader and the refresher.

Layout::

    index/
      CURRENT             name of the live build (switched atomically with os.replace)
      builds/<id>/        the files of one build (names below)
      builds/.tmp-<id>/   a build being written; renamed into place only when complete
      cache/              passage vectors by content hash (Config.embedding_cache)
      .lock               serialises concurrent `rag index` runs

A reader loads whatever CURRENT names, so an app keeps answering from the old build
while a new one is written and switches when it reloads. Every path and file name of
this layout is spelled here only, so the writer (rag/indexing.py), the reader
(rag/store.py), ``Pipeline.refresh`` and bench/ cannot drift apart.

>>> layout = IndexLayout(Path("index"))
>>> layout.live_build()                     # Path of the build CURRENT names, or None
"""
from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path


class IndexLayout:
    """Paths of one index directory and the atomic switch between its builds."""

    # The files of a build.
    MANIFEST = "manifest.json"
    CHUNK_INDEX = "chunks.faiss"
    CHUNKS = "chunks.jsonl"
    SENTENCES = "sentences.jsonl"
    SENTENCE_VECTORS = "sentences.npy"
    CONTEXT_VECTORS = "sentence_context.npy"
    CHUNK_SPARSE = "chunks_sparse.npz"        # latent terms (embedders with a sparse head)
    SENTENCE_SPARSE = "sentences_sparse.npz"
    LETTERS = "letters.json"
    TERMS = "terms.json"

    def __init__(self, root: Path):
        self.root = Path(root)

    @property
    def current(self) -> Path:
        """The pointer file naming the live build."""
        return self.root / "CURRENT"

    @property
    def builds(self) -> Path:
        return self.root / "builds"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"

    def build(self, build_id: str) -> Path:
        return self.builds / build_id

    def staging(self, build_id: str) -> Path:
        """Where a build is written before it is complete (never read)."""
        return self.builds / f".tmp-{build_id}"

    def live(self) -> str | None:
        """The live build's id; None when there is none (or the pointer is unreadable)."""
        try:
            return self.current.read_text().strip() or None
        except OSError:
            return None

    def live_build(self) -> Path | None:
        live = self.live()
        return self.build(live) if live else None

    @staticmethod
    def new_build_id() -> str:
        return time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]

    def publish(self, build_id: str) -> Path:
        """Move a complete staging folder into place (not yet live)."""
        os.replace(self.staging(build_id), self.build(build_id))
        return self.build(build_id)

    def switch(self, build_id: str) -> None:
        """Make ``build_id`` the live build: one atomic rename of the pointer file."""
        pointer = self.root / f".CURRENT.{build_id}.tmp"
        pointer.write_text(build_id)
        os.replace(pointer, self.current)

    def prune(self, keep: str) -> None:
        """Remove every build but ``keep`` (loaded stores hold their data in memory)."""
        for old in self.builds.iterdir():
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)
