"""Stage 4 — store: loading a build (FAISS index, chunk/sentence metadata, vectors) and searching it.

Where a build lives is rag/layout.py's business, how one is written rag/indexing.py's.
A reader loads whatever build ``IndexLayout.live()`` names, so an app keeps answering
from the old build while a new one is written and switches when it reloads.

Index type by size: an exact ``IndexFlatIP`` below ``Config.hnsw_threshold``
vectors (brute force over 10^4–10^5 384-d vectors takes a few ms), HNSW above it.

>>> store = Store.load(Path("index"))       # rag.indexing.ensure_index builds it first if needed
>>> store.search_dense(qvec, k=5)           # (scores, chunk indices)
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import bm25s
import faiss
import numpy as np

from .backend import LoadedBuild, Scope, Scored
from .layout import IndexLayout
from .records import Chunk, Letter, Sentence
from .sentences import chunk_sentences
from .terms import Term

FORMAT_VERSION = 7  # 6: terms.json (the term table, rag/terms.py); 7: a checksum per build file
faiss.omp_set_num_threads(1)  # single queries: threads only add overhead and oversubscribe


class IndexStateError(RuntimeError):
    """The index is missing, corrupt or stale; ``reason`` is a one-line explanation."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class SparseMatrix:
    """Rows of sparse vectors in CSR form (numpy only): ``scores(q)`` is rows · q."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    dim: int

    @classmethod
    def from_rows(cls, rows, dim: int) -> "SparseMatrix":
        lengths = [len(i) for i, _ in rows]
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        cat = (lambda xs, t: np.concatenate(xs).astype(t) if xs else np.zeros(0, t))
        return cls(indptr, cat([i for i, _ in rows], np.int32), cat([v for _, v in rows], np.float32), dim)

    def save(self, path: Path) -> None:
        np.savez(path, indptr=self.indptr, indices=self.indices, data=self.data, dim=self.dim)

    @classmethod
    def load(cls, path: Path) -> "SparseMatrix | None":
        """The matrix saved at ``path``; None when there is none (backend without sparse head)."""
        if not path.exists():
            return None
        with np.load(path) as z:
            return cls(z["indptr"], z["indices"], z["data"], int(z["dim"]))

    def _row_sums(self, values: np.ndarray, dtype=np.float32) -> np.ndarray:
        """Sum of ``values`` (one per stored entry) over each row."""
        out = np.zeros(self.n_rows, dtype)
        nonempty = np.diff(self.indptr) > 0
        out[nonempty] = np.add.reduceat(values, self.indptr[:-1][nonempty]) if values.size else 0
        return out

    def norms(self) -> np.ndarray:
        """Euclidean norm of every row."""
        return np.sqrt(self._row_sums(self.data.astype(np.float64) ** 2, np.float64))

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.indptr[i], self.indptr[i + 1]
        return self.indices[a:b], self.data[a:b]

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def scores(self, query: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        dense_q = np.zeros(max(self.dim, int(self.indices.max(initial=0)) + 1), np.float32)
        dense_q[query[0]] = query[1]
        return self._row_sums(self.data * dense_q[self.indices])


# ---------------------------------------------------------------- FAISS

def make_faiss(vectors: np.ndarray, hnsw_threshold: int, ef_search: int = 512,
               build_threads: int = 2) -> faiss.Index:
    """Exact inner-product index for small sets, HNSW (M=32, efConstruction 80) above the
    threshold. efSearch 512: at 1M vectors recall@10 0.97 at p95 2.3 ms (96 gave 0.91);
    building uses ``build_threads`` (2.2× faster at 100k), searching stays on one thread.
    See bench/README.md."""
    n, dim = vectors.shape
    if n < hnsw_threshold:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = ef_search
    faiss.omp_set_num_threads(max(1, build_threads))
    try:
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    finally:
        faiss.omp_set_num_threads(1)
    return index


# ---------------------------------------------------------------- the loaded store

@dataclass
class Store(LoadedBuild):
    """A loaded FAISS build: the shared arrays plus the chunk index and latent terms."""

    path: Path
    index: faiss.Index
    chunk_sparse: SparseMatrix | None  # latent-term vectors of the chunks (None: embedder has none)

    @cached_property
    def _search(self) -> "LocalSearch":
        return LocalSearch(self)

    def chunk_search(self) -> "LocalSearch":
        """Searches over this process's arrays: FAISS, bm25s, the latent-term matrix."""
        return self._search

    def search_dense(self, qvec: np.ndarray, k: int,
                     allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k chunk ids by inner product; ``allowed`` restricts the search to those chunk
        ids inside FAISS (a filter never means fetching every vector and dropping most)."""
        k = min(k, len(self.chunks) if allowed is None else len(allowed))
        if k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        params = None
        if allowed is not None:
            sel = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            params = (faiss.SearchParametersHNSW(sel=sel, efSearch=self.index.hnsw.efSearch)
                      if hasattr(self.index, "hnsw") else faiss.SearchParameters(sel=sel))
        scores, ids = self.index.search(np.ascontiguousarray(qvec.reshape(1, -1), dtype=np.float32), k,
                                        params=params)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    @classmethod
    def load(cls, index_dir: Path) -> "Store":
        layout = IndexLayout(index_dir)
        build = layout.live_build()
        if build is None:
            raise IndexStateError(f"no index in {index_dir} (run `rag index`)")
        try:
            manifest = json.loads((build / layout.MANIFEST).read_text())
            if manifest.get("format") != FORMAT_VERSION:
                raise IndexStateError(f"index format {manifest.get('format')} is not {FORMAT_VERSION}")
            verify_files(build, manifest.get("files", {}))
            letters = {d["doc_id"]: Letter.from_dict(d)
                       for d in json.loads((build / layout.LETTERS).read_text())}
            chunks = [Chunk(**json.loads(line)) for line in (build / layout.CHUNKS).open()]
            sentences = [Sentence(**json.loads(line)) for line in (build / layout.SENTENCES).open()]
            index = faiss.read_index(str(build / layout.CHUNK_INDEX))
            svecs = np.load(build / layout.SENTENCE_VECTORS)
            cvecs = np.load(build / layout.CONTEXT_VECTORS)
            sparse = SparseMatrix.load(build / layout.CHUNK_SPARSE)
            ssparse = SparseMatrix.load(build / layout.SENTENCE_SPARSE)
            terms = [Term.from_dict(d) for d in json.loads((build / layout.TERMS).read_text())]
        except IndexStateError:
            raise
        except Exception as e:  # truncated/garbled files of any kind
            raise IndexStateError(f"index in {build} is corrupt ({type(e).__name__}: {e})") from e
        dim = manifest["embedder"]["dim"]
        if (index.ntotal != len(chunks) or svecs.shape != (len(sentences), dim) or index.d != dim
                or cvecs.shape != svecs.shape or (sparse is not None and sparse.n_rows != len(chunks))
                or (ssparse is not None and ssparse.n_rows != len(sentences))):
            raise IndexStateError(f"index in {build} is inconsistent: {index.ntotal} vectors for "
                              f"{len(chunks)} chunks, {svecs.shape[0]} for {len(sentences)} sentences")
        for c in chunks:
            letter = letters.get(c.doc_id)
            if letter is None or letter.text[c.start:c.end] != c.text:
                raise IndexStateError(f"index in {build} is inconsistent: chunk {c.chunk_id} does not "
                                  "match its letter")
        return cls(build.name, manifest, letters, chunks, sentences, svecs, cvecs, ssparse,
                   chunk_sentences(chunks, sentences), terms, path=build, index=index, chunk_sparse=sparse)


class LocalSearch:
    """The ranked lists retrieval fuses, computed in this process: dense by FAISS (a filter
    is an ID selector inside FAISS), BM25 by bm25s (Dutch-stemmed, rag/tokens.py) and latent
    terms by a sparse product; a filter masks the BM25 and latent scores."""

    def __init__(self, store: Store):
        from .tokens import tokenize  # bm25s is already imported; the stemmer loads on first use

        self.store = store
        self.has_latent = store.chunk_sparse is not None
        self._bm25 = bm25s.BM25()
        self._bm25.index([tokenize(c.embed_text) for c in store.chunks], show_progress=False)

    @lru_cache(maxsize=8)  # noqa: B019 (one per loaded build; the few scopes of one question)
    def _mask(self, scope: Scope) -> np.ndarray | None:
        if scope.filters is None and scope.letters is None:
            return None
        ok = {d: (scope.filters is None or scope.filters.allows(self.store, d))
              and (scope.letters is None or d in scope.letters) for d in self.store.letters}
        return np.array([ok[c.doc_id] for c in self.store.chunks], dtype=bool)

    @staticmethod
    def _top(scores: np.ndarray, n: int, mask: np.ndarray | None) -> list[Scored]:
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:n]
        return [Scored(int(i), float(scores[i])) for i in order if scores[i] > 0]

    def dense(self, qvec: np.ndarray, n: int, scope: Scope) -> list[Scored]:
        mask = self._mask(scope)
        scores, ids = self.store.search_dense(qvec, n, None if mask is None else np.flatnonzero(mask))
        return [Scored(int(i), float(s)) for i, s in zip(ids, scores)]

    def lexical(self, tokens: list[str], n: int, scope: Scope) -> list[Scored]:
        return self._top(self._bm25.get_scores(tokens), n, self._mask(scope))

    def latent(self, qsparse, n: int, scope: Scope) -> list[Scored]:
        if not self.has_latent:
            return []
        return self._top(self.store.chunk_sparse.scores(qsparse), n, self._mask(scope))

    def dense_score(self, index: int, qvec: np.ndarray) -> float:
        return float(self.store.index.reconstruct(index) @ qvec)


# Files up to this size are hashed whole on every load (~2 ms per MB); larger ones (a FAISS
# index of millions of vectors) by their size and the hash of their first and last MB,
# which catches truncation and a zeroed or garbled head or tail without reading gigabytes.
FULL_HASH_BYTES = 64 * 1024 * 1024
_EDGE = 1024 * 1024


def file_checksum(path: Path) -> str:
    """"<size>:<sha256>" of the file (of its first and last MB when it is large)."""
    size = path.stat().st_size
    h = hashlib.sha256()
    with path.open("rb") as f:
        if size <= FULL_HASH_BYTES:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        else:
            h.update(f.read(_EDGE))
            f.seek(size - _EDGE)
            h.update(f.read(_EDGE))
    return f"{size}:{h.hexdigest()}"


def verify_files(build: Path, checksums: dict[str, str]) -> None:
    """IndexStateError (one line, naming the file) when a build file differs from the
    checksum the manifest recorded for it — zeroed, truncated, edited or missing."""
    if not checksums:
        raise IndexStateError(f"index in {build} has no file checksums (written by an older version)")
    for name, want in checksums.items():
        path = build / name
        if not path.is_file():
            raise IndexStateError(f"index in {build} is missing {name}")
        if file_checksum(path) != want:
            raise IndexStateError(f"index file {name} in {build} does not match its checksum (damaged or edited)")
