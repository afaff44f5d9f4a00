"""Building the index: corpus → chunks and sentences → vectors → a new build, switched in.

``build_index`` is incremental and atomic: passage vectors are cached by content hash
(``index/cache/``), so re-indexing after a change embeds only what changed, and a new
build is written beside the live one and switched in by one atomic rename
(``IndexLayout.switch``) under a file lock, so concurrent ``rag index`` runs queue up and
a serving app keeps answering from the build it loaded. ``index_status`` says in
milliseconds, without loading the model, whether the live build matches the corpus and
settings. Reading a build is rag/store.py's job.

>>> build_index(Config()).built             # False when the index is up to date
False
"""
from __future__ import annotations

import hashlib
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
from filelock import FileLock, Timeout
from tqdm import tqdm

from .atomic import atomic_file
from .backend import EmbeddedCorpus, LoadedBuild, StoreBackend, open_backend
from .config import Config
from .corpus import PARSER_VERSION, CorpusReport, load_corpus
from .embed_jobs import EmbedRunner, LocalRunner
from .embedding import SPARSE_TOP_K, Embedder, embedder_name, load_embedder
from .records import Letter, Progress, quiet
from .sentences import sentence_contexts, split_sentences
from .store import FORMAT_VERSION, IndexStateError, SparseMatrix
from .terms import extract_terms


# ---------------------------------------------------------------- embedding cache

def _key(kind: str, text: str) -> str:
    return hashlib.sha1(f"{kind}\0{text}".encode()).hexdigest()


def _cache_path(directory: Path, name: str, suffix: str) -> Path:
    return directory / (hashlib.sha1(name.encode()).hexdigest()[:16] + suffix)


def _atomic_savez(path: Path, **arrays) -> None:
    """np.savez to a hidden temp file, then rename: a reader never sees half a cache file."""
    with atomic_file(path) as f:
        np.savez(f, **arrays)


FLUSH_SECONDS = 2.0  # finished batches reach disk at least this often: a kill -9 loses ~2 s of work


class _KeyedCache:
    """Vectors by content hash: one file written at the end of each pass plus the parts
    flushed while it ran, so a build killed half-way keeps what it had embedded (a rerun
    loads the parts and embeds only the rest). Subclasses say how values are packed."""

    suffix = ".npz"

    def __init__(self, directory: Path, name: str):
        self.path = _cache_path(directory, name, self.suffix)
        self.vectors: dict = {}
        self._pending: list[str] = []
        self._parts: list[Path] = []
        self._flushed = time.monotonic()
        for p in [self.path, *sorted(self.path.parent.glob(f"{self._stem}.part-*{self.suffix}"))]:
            try:
                with np.load(p) as z:
                    self.vectors.update(self._unpack(z))
            except Exception:  # missing or damaged: only costs re-embedding
                continue
            if p != self.path:
                self._parts.append(p)

    @property
    def _stem(self) -> str:
        return self.path.name[:-len(self.suffix)]

    def _pack(self, keys: list[str]) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def _unpack(self, z) -> dict:
        raise NotImplementedError

    def fill(self, keys: list[str], texts: list[str], runner: EmbedRunner, sparse: bool, label: str) -> None:
        """Embed the texts whose keys are not cached, storing (and flushing) batch by batch."""
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self.vectors}.items())
        if not missing:
            return
        bar = tqdm(total=len(missing), desc=label, unit="text", disable=None, leave=False)
        for done in runner.embed(missing, sparse):
            self.vectors.update(zip(done.keys, done.sparse if sparse else done.dense))
            self._pending += done.keys
            if time.monotonic() - self._flushed >= FLUSH_SECONDS:
                self.flush()
            bar.update(len(done.keys))
        bar.close()
        self.save()

    def flush(self) -> None:
        """Write the vectors added since the last flush as a part file."""
        if self._pending:
            part = self.path.with_name(f"{self._stem}.part-{uuid.uuid4().hex[:12]}{self.suffix}")
            _atomic_savez(part, **self._pack(self._pending))
            self._parts.append(part)
        self._pending, self._flushed = [], time.monotonic()

    def save(self) -> None:
        """Everything into the one cache file; the parts it now holds are removed."""
        _atomic_savez(self.path, **self._pack(list(self.vectors)))
        for part in self._parts:
            part.unlink(missing_ok=True)
        self._parts, self._pending = [], []


class EmbeddingCache(_KeyedCache):
    """Passage vectors keyed by sha1(kind, text), one file per embedder."""

    def _pack(self, keys: list[str]) -> dict[str, np.ndarray]:
        return {"keys": np.array(keys), "vectors": np.stack([self.vectors[k] for k in keys])}

    def _unpack(self, z) -> dict:
        return dict(zip(z["keys"].tolist(), z["vectors"]))

    def embed(self, embedder: Embedder, texts: list[str], kind: str, batch: int = 8,
              label: str = "embedding", runner: EmbedRunner | None = None) -> np.ndarray:
        """The vectors of ``texts``; the uncached ones embedded by ``runner`` (default: in
        this process with ``embedder``)."""
        keys = [_key(kind, t) for t in texts]
        self.fill(keys, texts, runner or LocalRunner(embedder, batch), False, label)
        if not texts:
            return np.zeros((0, getattr(embedder, "dim", 0)), np.float32)
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32)


class SparseCache(_KeyedCache):
    """Sparse (latent-term) vectors keyed like EmbeddingCache, stored as one CSR blob."""

    suffix = ".sparse.npz"

    def _pack(self, keys: list[str]) -> dict[str, np.ndarray]:
        m = SparseMatrix.from_rows([self.vectors[k] for k in keys], 0)
        return {"keys": np.array(keys), "indptr": m.indptr, "indices": m.indices, "data": m.data}

    def _unpack(self, z) -> dict:
        m = SparseMatrix(z["indptr"], z["indices"], z["data"], 0)
        return {k: m.row(i) for i, k in enumerate(z["keys"].tolist())}

    def embed(self, embedder: Embedder, texts: list[str], label: str = "latent terms",
              runner: EmbedRunner | None = None) -> SparseMatrix:
        keys = [_key("sparse", t) for t in texts]
        self.fill(keys, texts, runner or LocalRunner(embedder), True, label)
        return SparseMatrix.from_rows([self.vectors[k] for k in keys], embedder.sparse_dim)


# ---------------------------------------------------------------- status

def corpus_fingerprint(report: CorpusReport) -> dict[str, str]:
    return {L.doc_id: L.source_sha256 for L in report.letters}


# Part of the manifest: bump when rag/tokens.py changes what BM25 sees (a Milvus build keeps its
# vocabulary). 2: a type name in both spellings ("f35", "F-35"). 3: without diacritics. 4: one stem for "-eer"/"-er".
TOKENS_VERSION = 4
# Bump when rag/terms.py reads other terms from the same letters. 2: no "NAVO (hierna: SG NAVO)" as a NAVO term.
TERMS_VERSION = 2


def settings_fingerprint(config: Config) -> dict:
    return {"embedder": embedder_name(config.embedder), "chunker": config.chunker_settings(),
            "format": FORMAT_VERSION, "sparse_top_k": SPARSE_TOP_K, "parser": PARSER_VERSION,
            "tokens": TOKENS_VERSION, "terms": TERMS_VERSION}


def index_status(config: Config, report: CorpusReport | None = None,
                 backend: StoreBackend | None = None) -> str | None:
    """None when the live index matches the corpus and settings, else why it must be rebuilt.
    ``backend``: the store already opened (a Milvus client is a connection)."""
    backend = backend or open_backend(config)
    try:
        manifest = backend.manifest()
    except IndexStateError as e:
        return e.reason
    except Exception as e:
        return f"index manifest unreadable ({type(e).__name__})"
    if manifest is None:
        return f"no index in {describe(config)}"
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
    if manifest.get("tokens", 1) != want["tokens"]:  # Milvus keeps the BM25 vocabulary of its build
        return "the BM25 tokenizer changed"
    if manifest.get("terms", 1) != want["terms"]:
        return "the term table reads the letters differently"
    report = report or load_corpus(config.corpus_dir)
    have = {d: v["sha256"] for d, v in manifest.get("letters", {}).items()}
    now = corpus_fingerprint(report)
    if have != now:
        changed = sorted(set(have) ^ set(now) | {d for d in have.keys() & now.keys() if have[d] != now[d]})
        return "letters changed since indexing: " + ", ".join(changed)
    return None


# ---------------------------------------------------------------- building

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


@contextmanager
def _index_lock(backend: StoreBackend, progress: Progress, timeout: float) -> Iterator[None]:
    """One `rag index` at a time; a second one waits (and says so)."""
    backend.lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(backend.lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        progress("another `rag index` is running; waiting for it to finish…")
        lock.acquire(timeout=timeout)
    try:
        yield
    finally:
        lock.release()


def embed_corpus(letters: list[Letter], config: Config, embedder: Embedder,
                 runner: EmbedRunner | None = None) -> EmbeddedCorpus:
    """Chunk, split and embed the letters; cached vectors are reused, only new texts embedded
    — by ``runner`` when given (`rag index --cluster`: rag/cluster.py), else in-process."""
    # imported here: langchain costs ~0.7 s, and loading an index never chunks
    from .chunking import chunk_letter

    cache = EmbeddingCache(config.embedding_cache, embedder.name)
    before = len(cache.vectors)
    chunks = [c for L in letters for c in chunk_letter(L, config)]
    sentences = [s for L in letters for s in split_sentences(L)]
    cvecs = cache.embed(embedder, [c.embed_text for c in chunks], "passage", label="chunks", runner=runner)
    svecs = cache.embed(embedder, [s.text for s in sentences], "passage", label="sentences", runner=runner)
    ctx = cache.embed(embedder, sentence_contexts(letters, sentences), "passage", label="sentence contexts",
                      runner=runner)
    embedded = len(cache.vectors) - before
    sparse = ssparse = None
    if getattr(embedder, "sparse_dim", 0):
        latent = SparseCache(config.embedding_cache, f"{embedder.name}#sparse{SPARSE_TOP_K}")
        sparse = latent.embed(embedder, [c.embed_text for c in chunks], label="chunk latent terms", runner=runner)
        ssparse = latent.embed(embedder, [s.text for s in sentences], label="sentence latent terms",
                               runner=runner)
    terms = [t for L in letters for t in extract_terms(L)]
    return EmbeddedCorpus(letters, chunks, sentences, cvecs, svecs, ctx, sparse, ssparse, terms, embedder.name,
                          embedded)


def build_manifest(config: Config, data: EmbeddedCorpus) -> dict:
    """What a build records about itself: settings, counts, each letter's hash (a backend
    adds what is its own: the FAISS one a checksum per file and the index type)."""
    n_chunks = {L.doc_id: 0 for L in data.letters}
    for c in data.chunks:
        n_chunks[c.doc_id] += 1
    return {
        **settings_fingerprint(config),
        "embedder": {"name": data.embedder, "dim": int(data.chunk_vectors.shape[1])},
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "counts": {"letters": len(data.letters), "chunks": len(data.chunks), "sentences": len(data.sentences)},
        "letters": {L.doc_id: {"sha256": L.source_sha256, "path": L.source_path,
                               "chunks": n_chunks[L.doc_id]} for L in data.letters},
    }


def build_index(config: Config, *, force: bool = False, embedder: Embedder | None = None,
                progress: Progress = quiet, lock_timeout: float = 600,
                runner: EmbedRunner | None = None, backend: StoreBackend | None = None) -> BuildReport:
    """(Re)build the index if needed. Serialised by a file lock; written to a fresh build
    folder and switched in with an atomic rename, so readers never see half an index.
    ``runner`` embeds elsewhere (e.g. a :class:`rag.cluster.Cluster`); the vectors are the same."""
    t0 = time.perf_counter()
    backend = backend or open_backend(config)
    with _index_lock(backend, progress, lock_timeout):
        report = load_corpus(config.corpus_dir)
        for path, why in report.skipped.items():
            progress(f"skipped {path}: {why}")
        if not report.letters:
            raise IndexStateError(f"no usable letters in {config.corpus_dir}")
        reason = "rebuild requested" if force else index_status(config, report, backend)
        if reason is None:
            return BuildReport(False, None, len(report.letters), 0, 0, 0,
                               time.perf_counter() - t0, report.skipped)
        progress(f"indexing {len(report.letters)} letters ({reason})")
        embedder = embedder or load_embedder(config.embedder, config.threads)
        data = embed_corpus(report.letters, config, embedder, runner)
        backend.write(data, build_manifest(config, data), config)
        return BuildReport(True, reason, len(report.letters), len(data.chunks), len(data.sentences),
                           data.embedded, time.perf_counter() - t0, report.skipped)


def ensure_index(config: Config, progress: Progress = quiet, embedder: Embedder | None = None) -> LoadedBuild:
    """Load the index, rebuilding it first when it is missing, corrupt or stale."""
    backend = open_backend(config)  # once: status, build and load share it
    reason = index_status(config, backend=backend)
    if reason is None:
        try:
            return backend.load()
        except IndexStateError as e:
            reason = e.reason
    progress(f"building the index: {reason}")
    build_index(config, force=True, embedder=embedder, progress=progress, backend=backend)
    return backend.load()


def describe(config: Config) -> str:
    """Where the index lives, for messages: the folder, or the Milvus store."""
    return str(config.index_dir) if config.store == "faiss" else config.store
