"""The distributed index build against the local one, measured in one run (issue 15).

Builds the same corpus three times from an empty embedding cache — in-process (what `rag
index` does), then on a local Dask cluster of 1 and of 2 worker processes (`rag index
--cluster local --workers N`) — and reports each build's embedding throughput (texts and
characters per second) and its ratio to the local build, plus whether the three builds
wrote the same vectors. Cluster start-up is timed apart from the build.

    python bench/cluster_build.py [--quick] [--json FILE]

``--quick`` builds the two smallest letters (~21 kB), else all five (~64 kB; ~6 min on 2
cores). Needs the [cluster] extra. Numbers: docs/cluster.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@dataclass
class BuildRun:
    setup: str  # "local", "cluster 1 worker", "cluster 2 workers"
    seconds: float  # the whole build (cluster already started)
    startup_s: float  # starting the local cluster (0 for the local build)
    texts: int  # passage texts embedded (chunks, sentences, contexts; each chunk and sentence
    # also gets a latent-term pass)
    chars: int  # characters of the letters built: the unit of the projections in docs/cluster.md
    index: str  # the build folder, for the equality check

    @property
    def texts_per_s(self) -> float:
        return self.texts / self.seconds


def _corpus(quick: bool, into: Path) -> Path:
    files = sorted((ROOT / "corpus").glob("*.txt"), key=lambda p: p.stat().st_size)
    into.mkdir(parents=True)
    for f in files[:2] if quick else files:
        shutil.copy(f, into / f.name)
    return into


def _chars(corpus: Path) -> int:
    return sum(len(f.read_text()) for f in corpus.glob("*.txt"))


def _build(setup: str, corpus: Path, work: Path, workers: int = 0) -> BuildRun:
    from rag.config import Config
    from rag.indexing import build_index

    cfg = Config(corpus_dir=corpus, index_dir=work / setup.replace(" ", "-"))
    if not workers:
        t = time.perf_counter()
        rep = build_index(cfg, force=True)
        return BuildRun(setup, time.perf_counter() - t, 0.0, rep.embedded, _chars(corpus), str(cfg.index_dir))
    from rag.cluster import Cluster

    t = time.perf_counter()
    with Cluster("local", workers=workers, embedder=cfg.embedder) as cluster:
        cluster.client.wait_for_workers(workers)
        up = time.perf_counter() - t
        t = time.perf_counter()
        rep = build_index(cfg, force=True, runner=cluster)
        return BuildRun(setup, time.perf_counter() - t, up, rep.embedded, _chars(corpus), str(cfg.index_dir))


def build_arrays(index_dir: Path) -> dict[str, np.ndarray]:
    """Every vector array of the live build, as the store loads it."""
    from rag.store import Store

    st = Store.load(Path(index_dir))
    out = {"chunks": st.index.reconstruct_n(0, st.index.ntotal), "sentences": st.sentence_vectors,
           "sentence contexts": st.context_vectors}
    for name, m in (("chunk latent terms", st.chunk_sparse), ("sentence latent terms", st.sentence_sparse)):
        if m is not None:
            out.update({f"{name} {part}": getattr(m, part) for part in ("indptr", "indices", "data")})
    return out


def differences(a: Path, b: Path) -> dict[str, float]:
    """Array name → largest absolute difference, for the arrays that are not byte-identical."""
    x, y = build_arrays(a), build_arrays(b)
    return {k: float(np.abs(x[k].astype(np.float64) - y[k]).max()) if x[k].shape == y[k].shape else float("inf")
            for k in x if not np.array_equal(x[k], y[k])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the two smallest letters instead of all five")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = _corpus(args.quick, Path(tmp) / "corpus")
        runs = [_build("local", corpus, Path(tmp)), _build("cluster 1 worker", corpus, Path(tmp), 1),
                _build("cluster 2 workers", corpus, Path(tmp), 2)]
        diffs = {r.setup: differences(Path(runs[0].index), Path(r.index)) for r in runs[1:]}
    base = runs[0].texts_per_s
    out = {"letters": 2 if args.quick else 5,
           "load": os.getloadavg()[0], "cpus": os.cpu_count(),
           "runs": [asdict(r) | {"texts_per_s": round(r.texts_per_s, 2), "vs_local": round(r.texts_per_s / base, 2),
                                 "letter_chars_per_s": round(r.chars / r.seconds)} for r in runs],
           "differences_vs_local": diffs}
    for r in out["runs"]:
        print(f"{r['setup']:>18}: {r['texts']} texts in {r['seconds']:.1f} s = {r['texts_per_s']} texts/s, "
              f"{r['letter_chars_per_s']} letter chars/s, {r['vs_local']}x local (start {r['startup_s']:.1f} s)")
    print("vectors vs local:", {k: v or "byte-identical" for k, v in diffs.items()})
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
