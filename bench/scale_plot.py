"""The scale phase's figure (bench/scale.png): build time, RSS growth and search latency by
corpus size, and recall@10 against p95 latency along each index's efSearch / nprobe sweep."""
from __future__ import annotations

import os
from pathlib import Path

from .common import TARGETS
from .phases.scale import store_point

STORE = "store: make_faiss"


def plot_scale(out: dict, path: Path, extra: list[dict] | None = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = out["runs"]
    ns = [r["n"] for r in runs]
    fig, ax = plt.subplots(2, 2, figsize=(11, 8.5))
    _store_curves(ax, runs, ns)
    names = sorted({v["name"] for r in runs for v in r["variants"][1:]})
    colors = {name: f"C{i + 1}" for i, name in enumerate(names)}
    colors[STORE] = "C0"
    _variant_curves(ax, runs, names, colors)
    for a in (ax[0, 0], ax[0, 1], ax[1, 0]):
        a.axvline(runs[0].get("threshold", 50_000), color="grey", lw=0.8, ls=":")
    _tradeoffs(ax[1, 1], runs, colors)
    for e in extra or []:
        _wider_sweep(ax[1, 1], e, max(ns))
    _finish(fig, ax, out)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _store_curves(ax, runs: list[dict], ns: list[int]) -> None:
    """The store's own index by size: build time, RSS growth, p50/p95 (annotated with its type)."""
    store = [r["variants"][0] for r in runs]
    ax[0, 0].loglog(ns, [v["build_s"] for v in store], "o-", label="store index (make_faiss)")
    ax[0, 1].loglog(ns, [max(v["rss_growth_mb"], 0.1) for v in store], "o-", label="store index (make_faiss)")
    ax[1, 0].loglog(ns, [store_point(v)["p50_ms"] for v in store], "o-", label="store p50")
    ax[1, 0].loglog(ns, [store_point(v)["p95_ms"] for v in store], "o--", color="C0", label="store p95")
    for v, n in zip(store, ns):
        p = store_point(v)
        label = ("HNSW" if "efSearch" in p else "Flat") + f"\nR@10 {p['recall10']:.3f}"
        ax[1, 0].annotate(label, (n, p["p95_ms"]), textcoords="offset points", xytext=(4, 6), fontsize=7)


def _variant_curves(ax, runs: list[dict], names: list[str], colors: dict) -> None:
    """The alternatives by size (and exact search's p95)."""
    for name in names:
        pts = [(r["n"], v) for r in runs for v in r["variants"] if v["name"] == name]
        xs = [n for n, _ in pts]
        ax[0, 0].loglog(xs, [v["build_s"] for _, v in pts], "s:", color=colors[name], label=name)
        ax[0, 1].loglog(xs, [max(v["rss_growth_mb"], 0.1) for _, v in pts], "s:", color=colors[name], label=name)
        if name.startswith("exact"):
            ax[1, 0].loglog(xs, [v["points"][0]["p95_ms"] for _, v in pts], "s:", color=colors[name],
                            label="exact IndexFlatIP p95")


def _tradeoffs(a, runs: list[dict], colors: dict) -> None:
    """recall@10 vs p95 along each swept index (the largest size solid, the others faded)."""
    for r in runs:
        if len(r["variants"][0]["points"]) <= 1:
            continue
        for v in r["variants"]:
            if len(v["points"]) > 1:
                a.plot([p["p95_ms"] for p in v["points"]], [p["recall10"] for p in v["points"]],
                       "o-" if v is r["variants"][0] else ".:", ms=4, color=colors.get(v["name"], "C0"),
                       alpha=1.0 if r is runs[-1] else 0.45,
                       label=f"{r['n']:,}: {v['name'].replace(STORE, 'store HNSW32')}")
        v = r["variants"][0]
        if v["points"][0].get("recall10_real_q") is not None and r is runs[-1]:
            a.plot([p["p95_ms"] for p in v["points"]], [p["recall10_real_q"] for p in v["points"]],
                   "x--", ms=4, color="C0", label=f"{r['n']:,}: store HNSW32, real questions only")


def _wider_sweep(a, extra: dict, largest: int) -> None:
    """A supplementary efSearch sweep (``scale_extra``) at the largest size, each point labelled."""
    for r in extra["runs"]:
        v = r["variants"][0]
        if len(v["points"]) > 1 and r["n"] == largest:
            a.plot([p["p95_ms"] for p in v["points"]], [p["recall10"] for p in v["points"]], "^-",
                   ms=4, color="k", label=f"{r['n']:,}: store HNSW32, wider efSearch sweep")
            a.plot([p["p95_ms"] for p in v["points"]], [p["recall10_real_q"] for p in v["points"]],
                   "x--", ms=4, color="k", label=f"{r['n']:,}: wider sweep, real questions only")
            for p in v["points"]:
                for y in (p["recall10"], p["recall10_real_q"]):
                    a.annotate(str(p["efSearch"]), (p["p95_ms"], y), fontsize=6,
                               textcoords="offset points", xytext=(3, -8))


def _finish(fig, ax, out: dict) -> None:
    """Targets, scales, titles, legends."""
    ax[1, 0].axhline(TARGETS["scale_p95_ms"], color="grey", lw=0.8, ls="--")
    ax[1, 1].axhline(TARGETS["scale_recall"], color="grey", lw=0.8, ls="--")
    ax[1, 1].axvline(TARGETS["scale_p95_ms"], color="grey", lw=0.8, ls="--")
    ax[1, 1].set_xscale("log")
    titles = [("index build time", "seconds"), ("RSS growth while building", "MB"),
              ("single-query search latency (1 thread)", "ms"),
              ("recall@10 vs p95 (efSearch / nprobe sweep)", "recall@10")]
    for a, (t, y) in zip(ax.flat, titles):
        a.set_title(t, fontsize=10)
        a.set_ylabel(y)
        a.grid(True, which="both", alpha=0.3)
        a.legend(fontsize=6 if a is ax[1, 1] else 7, loc="lower right" if a is ax[1, 1] else "best")
    for a in list(ax.flat)[:3]:
        a.set_xlabel("vectors (384-d)")
    ax[1, 1].set_xlabel("p95 ms")
    fig.suptitle(f"Scale benchmark, synthetic e5-like vectors — {out.get('date', '')}, "
                 f"{os.cpu_count()} cores", fontsize=11)
    fig.tight_layout()
