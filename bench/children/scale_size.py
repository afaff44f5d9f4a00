"""Child of phase 4: one synthetic corpus size in its own process, so RSS growth is its own.

Draws ``n`` e5-like 384-d vectors (:class:`Generator`), builds the store's index as
``rag.store.make_faiss`` builds it — and, with ``--alts``, alternatives — and times
single-query search on one thread (as ``rag.store`` searches) against exact ground truth.
Prints one JSON line per variant measured (``{"progress": ...}``), then the result.

    python -m bench.children.scale_size N --nq 400 --data real_vectors.npz --ef 16,32,64 [--alts]
"""
from __future__ import annotations

import argparse
import gc
import inspect
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..common import pct, rss_mb


class Generator:
    """Synthetic 384-d passage vectors that look like the real ones: a real passage vector
    plus Gaussian noise with the real vectors' covariance (scaled by ``spread``), normalised.
    Keeps e5's anisotropy (effective dimension ~40) instead of uniform-sphere noise."""

    def __init__(self, real: np.ndarray, spread: float = 0.7, seed: int = 0):
        self.real = real / np.linalg.norm(real, axis=1, keepdims=True)
        c = self.real - self.real.mean(0)
        w, v = np.linalg.eigh(c.T @ c / (len(c) - 1))
        self.A = ((v * np.sqrt(np.clip(w, 0, None))) @ v.T).astype(np.float32)
        self.spread = spread
        self.rng = np.random.default_rng(seed)

    def draw(self, n: int, block: int = 100_000) -> np.ndarray:
        out = np.empty((n, self.real.shape[1]), np.float32)
        for a in range(0, n, block):
            b = min(n, a + block)
            x = self.real[self.rng.integers(0, len(self.real), b - a)]
            x = x + self.spread * (self.rng.standard_normal((b - a, x.shape[1]), dtype=np.float32) @ self.A)
            out[a:b] = x / np.linalg.norm(x, axis=1, keepdims=True)
        return out


def time_search(index, xq: np.ndarray, k: int = 10, warm: int = 20) -> tuple[np.ndarray, list[float]]:
    for i in range(min(warm, len(xq))):
        index.search(xq[i:i + 1], k)
    ids, ts = np.empty((len(xq), k), np.int64), []
    for i in range(len(xq)):
        t = time.perf_counter()
        _, found = index.search(xq[i:i + 1], k)
        ts.append((time.perf_counter() - t) * 1e3)
        ids[i] = found[0]
    return ids, ts


def recall(ids: np.ndarray, gt: np.ndarray) -> float:
    k = gt.shape[1]
    return float(np.mean([len(set(a[:k]) & set(b)) / k for a, b in zip(ids, gt)]))


@dataclass
class Corpus:
    """One size's vectors, its queries (real question embeddings first) and their exact top 10."""
    xb: np.ndarray
    xq: np.ndarray
    gt: np.ndarray
    n_real_q: int
    build_threads: int
    res: dict = field(default_factory=dict)

    def measure(self, name, build, sweep=None, sweep_name=None, params=None, queries=None, truth=None,
                setter=None, threads=None) -> dict:
        """Build one index (RSS growth, build time), then search it at each ``sweep`` value."""
        import faiss

        queries = self.xq if queries is None else queries
        truth = self.gt if truth is None else truth
        n, nq = len(self.xb), len(self.xq)
        gc.collect()
        faiss.omp_set_num_threads(threads or self.build_threads)
        r0 = rss_mb()
        t = time.perf_counter()
        index = build()
        bs = time.perf_counter() - t
        gc.collect()
        r1 = rss_mb()
        faiss.omp_set_num_threads(1)  # single-query search, as rag.store does
        v = {"name": name, "type": type(index).__name__, "params": params or {}, "build_s": bs,
             "rss_growth_mb": r1 - r0, "bytes_per_vector": (r1 - r0) * 2**20 / n, "points": []}
        for val in (sweep or [None]):
            if val is not None:
                setter(index, val)
            ids, ts = time_search(index, queries)
            p = {"p50_ms": pct(ts, 50), "p95_ms": pct(ts, 95), "recall10": recall(ids, truth),
                 "recall10_real_q": recall(ids[:self.n_real_q], truth[:self.n_real_q]) if len(queries) == nq
                 else None}
            if val is not None:
                p[sweep_name] = val
            v["points"].append(p)
        self.res["variants"].append(v)
        print(json.dumps({"progress": f"n={n} {name}: build {bs:.1f} s, RSS +{r1 - r0:.0f} MB, "
                          + "; ".join(f"{p.get(sweep_name, '')} p95 {p['p95_ms']:.2f} ms R@10 {p['recall10']:.3f}"
                                      for p in v["points"])}), flush=True)
        del index
        gc.collect()
        return v


def scale_child(n: int, nq: int, data: Path, alts: bool, ef_values: list[int], build_threads: int) -> dict:
    """One corpus size: the store's index (and, with ``alts``, alternatives) measured."""
    import faiss

    from rag.config import Config
    from rag.store import make_faiss

    faiss.omp_set_num_threads(2)
    threshold = Config().hnsw_threshold
    # whatever make_faiss does now: its efSearch and build threads (older versions: 96, 1)
    sig = inspect.signature(make_faiss).parameters
    cfg_ef = sig["ef_search"].default if "ef_search" in sig else 96
    build_threads = sig["build_threads"].default if "build_threads" in sig else build_threads
    z = np.load(data)
    t = time.perf_counter()
    xb = Generator(z["passages"], seed=1).draw(n)
    t_gen = time.perf_counter() - t
    n_real_q = min(100, nq // 2)
    xq = np.vstack([z["queries"][:n_real_q], Generator(z["passages"], seed=2).draw(nq - n_real_q)])
    t = time.perf_counter()
    _, gt = faiss.knn(xq, xb, 10, faiss.METRIC_INNER_PRODUCT)
    t_gt = time.perf_counter() - t
    c = Corpus(xb, xq, gt, n_real_q, build_threads)
    c.res = {"n": n, "nq": nq, "real_queries": n_real_q, "gen_s": t_gen, "ground_truth_s": t_gt,
             "threshold": threshold, "build_threads": build_threads, "variants": []}
    _store_index(c, threshold, cfg_ef, ef_values)
    if alts and n >= threshold:
        _alternatives(c, threshold, cfg_ef, ef_values, "build_threads" in sig)
    return c.res


def _set_ef(index, ef):
    import faiss

    faiss.downcast_index(index).hnsw.efSearch = ef


def _store_index(c: Corpus, threshold: int, cfg_ef: int, ef_values: list[int]) -> None:
    """The store's own choice (make_faiss): flat below the threshold, HNSW above; above it,
    exact search too, for comparison (fewer queries: it is slow at 1M)."""
    from rag.store import make_faiss

    is_hnsw = len(c.xb) >= threshold
    c.measure("store: make_faiss", lambda: make_faiss(c.xb, threshold),
              sweep=sorted(set(ef_values) | {cfg_ef}) if is_hnsw else None, sweep_name="efSearch", setter=_set_ef,
              params={"M": 32, "efConstruction": 80, "efSearch_configured": cfg_ef,
                      "build_threads": c.build_threads} if is_hnsw else {})
    if is_hnsw:
        fq = min(len(c.xq), 100)
        c.measure("exact IndexFlatIP", lambda: _flat(c.xb), queries=c.xq[:fq], truth=c.gt[:fq])


def _alternatives(c: Corpus, threshold: int, cfg_ef: int, ef_values: list[int], has_threads: bool) -> None:
    from rag.store import make_faiss

    n = len(c.xb)
    if n < 500_000:  # does the build use the second core? (cheap below 1M)
        other = 1 if c.build_threads >= 2 else 2
        kw = {"build_threads": other} if has_threads else {}
        c.measure(f"store index, {other} build thread{'s' if other > 1 else ''}",
                  lambda: make_faiss(c.xb, threshold, **kw), sweep=[cfg_ef], sweep_name="efSearch", setter=_set_ef,
                  threads=other, params={"M": 32, "efConstruction": 80})
        c.measure("HNSW M=32 efC=200", lambda: _hnsw(c.xb, 32, 200), sweep=ef_values, sweep_name="efSearch",
                  setter=_set_ef, params={"M": 32, "efConstruction": 200})
    c.measure("HNSW M=16", lambda: _hnsw(c.xb, 16, 80), sweep=ef_values, sweep_name="efSearch", setter=_set_ef,
              params={"M": 16, "efConstruction": 80})
    c.measure("HNSW M=32 + SQ8", lambda: _hnsw_sq8(c.xb, 32, 80), sweep=ef_values, sweep_name="efSearch",
              setter=_set_ef, params={"M": 32, "efConstruction": 80})
    nlist = 1024 if n >= 500_000 else 256
    c.measure(f"IVF{nlist},Flat", lambda: _ivf(c.xb, nlist), sweep=[4, 8, 16, 32, 64],
              sweep_name="nprobe", params={"nlist": nlist}, setter=_set_nprobe)


def _flat(xb):
    import faiss

    ix = faiss.IndexFlatIP(xb.shape[1])
    ix.add(xb)
    return ix


def _hnsw(xb, m, efc):
    import faiss

    ix = faiss.IndexHNSWFlat(xb.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    ix.hnsw.efConstruction = efc
    ix.add(xb)
    return ix


def _hnsw_sq8(xb, m, efc):
    import faiss

    ix = faiss.index_factory(xb.shape[1], f"HNSW{m},SQ8", faiss.METRIC_INNER_PRODUCT)
    faiss.downcast_index(ix).hnsw.efConstruction = efc
    ix.train(xb[:100_000])
    ix.add(xb)
    return ix


def _ivf(xb, nlist):
    import faiss

    ix = faiss.index_factory(xb.shape[1], f"IVF{nlist},Flat", faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(3)
    ix.train(xb[np.sort(rng.choice(len(xb), min(len(xb), 50 * nlist), replace=False))])
    ix.add(xb)
    return ix


def _set_nprobe(index, v):
    import faiss

    faiss.extract_index_ivf(index).nprobe = v


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--nq", type=int, default=400)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--ef", default="16,32,64,96,128,256")
    ap.add_argument("--alts", action="store_true")
    args = ap.parse_args()
    r = scale_child(args.n, args.nq, args.data, args.alts, [int(x) for x in args.ef.split(",")], build_threads=1)
    print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
