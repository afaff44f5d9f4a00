"""The FAISS backend (the default): builds as files in ``index/builds/<id>/``, one live.

The writer's half of rag/store.py: a build is written whole into a staging folder, with
a checksum per file in its manifest, moved into place and made live by one atomic
rename of ``index/CURRENT`` (rag/layout.py); the older builds are then removed (a
loaded store holds its data in memory). A build that fails half-way leaves only a
staging folder, which no reader looks at.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import faiss
import numpy as np

from .backend import EmbeddedCorpus
from .config import Config
from .layout import IndexLayout
from .store import Store, file_checksum, make_faiss


class FaissBackend:
    """Builds of one index folder (see rag/backend.py for the contract)."""

    def __init__(self, index_dir: Path):
        self.layout = IndexLayout(index_dir)
        self.lock_path = self.layout.lock

    def live(self) -> str | None:
        return self.layout.live()

    def manifest(self) -> dict | None:
        build = self.layout.live_build()
        return None if build is None else json.loads((build / IndexLayout.MANIFEST).read_text())

    def load(self) -> Store:
        return Store.load(self.layout.root)

    def write(self, data: EmbeddedCorpus, manifest: dict, config: Config) -> str:
        layout = self.layout
        build_id = layout.new_build_id()
        tmp = layout.staging(build_id)
        tmp.mkdir(parents=True)
        index = make_faiss(data.chunk_vectors, config.hnsw_threshold, config.hnsw_ef_search, config.threads)
        faiss.write_index(index, str(tmp / layout.CHUNK_INDEX))
        np.save(tmp / layout.SENTENCE_VECTORS, data.sentence_vectors)
        np.save(tmp / layout.CONTEXT_VECTORS, data.context_vectors)
        if data.chunk_sparse is not None:
            data.chunk_sparse.save(tmp / layout.CHUNK_SPARSE)
            data.sentence_sparse.save(tmp / layout.SENTENCE_SPARSE)
        _write_jsonl(tmp / layout.CHUNKS, (asdict(c) for c in data.chunks))
        _write_jsonl(tmp / layout.SENTENCES, (asdict(s) for s in data.sentences))
        (tmp / layout.LETTERS).write_text(json.dumps([L.to_dict() for L in data.letters], ensure_ascii=False))
        (tmp / layout.TERMS).write_text(json.dumps([t.to_dict() for t in data.terms], ensure_ascii=False))
        # the checksums cover every file but the manifest, which records them
        files = {f.name: file_checksum(f) for f in sorted(tmp.iterdir())}
        manifest = {**manifest, "files": files, "index_type": type(index).__name__}
        (tmp / layout.MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        layout.publish(build_id)
        layout.switch(build_id)  # the atomic switch
        layout.prune(keep=build_id)
        return build_id


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
