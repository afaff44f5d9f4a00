"""Phases 3 and 5 — start → first answer, and memory (RSS), from fresh processes, index present.

Phase 3: ``rag serve`` spawned and polled with ``gradio_client`` until its ``/ask`` endpoint
returns a real answer (``--compare-src DIR`` alternates these runs with runs of another source
tree), against two baselines: ``import gradio`` alone, and a proxy without the web app (a
fresh process doing ``Pipeline.load`` + one ask: :mod:`bench.children.first_answer`).
Phase 5 is the proxy's memory after each step, and the app's. One run measures both.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from pathlib import Path

from ..common import REPO, TARGETS, child, free_port, load, pct, questions, rss_mb, say, table, verdict
from ..workspace import Workspace

BREAKDOWN = ("rag_imported_s", "index_loaded_s", "ready_s", "client_connected_s", "first_call_s",
             "to_first_answer_s", "server_cpu_s")


def run(w: Workspace) -> None:
    corpus, index = w.index()
    quick = w.args.quick
    say("\n## Phase 3 — start → first answer (fresh processes, index present)")
    qs = [q["question"] for q in questions(50)]
    runs = 1 if quick else 3
    res: dict = {"load": load()}
    proxy = _proxy(corpus, index, qs, runs, res)
    res["app_available"] = (REPO / "ui/app.py").exists() and "def serve" in (REPO / "ui/app.py").read_text()
    if res["app_available"]:
        _app(corpus, index, qs, 2 if quick else 7, w.args.compare_src, res)
        if res.get("app_runs"):
            _gradio_imports(runs, res)
            say(f"app RSS after first answer: {res['app_runs'][-1]['rss_mb']:.0f} MB (server process tree)")
        else:
            say(f"app could not be timed ({res.get('app_error')}); using the proxy")
    else:
        say("ui/app.py has no serve(): the proxy above is the start-up figure")
    headline = res.get("app_to_first_answer_s", res["proxy_to_first_answer_s"])
    res["headline_s"] = headline
    res["headline_is_app"] = "app_to_first_answer_s" in res
    say(f"**start → first answer = {headline:.2f} s** ({'app' if res['headline_is_app'] else 'proxy'}; "
        f"target ≤ {TARGETS['start_s']:.0f} s) {verdict(headline <= TARGETS['start_s'])}")
    _memory(proxy, res)
    w.results["start"] = res


def _proxy(corpus: Path, index: Path, qs: list[str], runs: int, res: dict) -> dict:
    """The start without the web app, ``runs`` times; returns the last run's figures."""
    proxy = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.Popen(child("children.first_answer", str(corpus), str(index), qs[0], json.dumps(qs[1:21])),
                             stdout=subprocess.PIPE, text=True, cwd=REPO)
        first = None
        lines = []
        for line in p.stdout:
            if line.startswith("FIRST-ANSWER") and first is None:
                first = time.perf_counter() - t
            lines.append(line)
        if p.wait() or first is None:
            raise RuntimeError(f"proxy process failed ({p.returncode})")
        d = json.loads(lines[-1])
        d["to_first_answer_s"] = first  # spawn (interpreter start included) → first answer
        d["process_wall_s"] = time.perf_counter() - t
        proxy.append(d)
    res["proxy_runs"] = proxy
    res["proxy_to_first_answer_s"] = pct([d["to_first_answer_s"] for d in proxy], 50)
    d = proxy[-1]
    say(f"CLI proxy (python start → imports {d['import_s']:.2f} s → Pipeline.load {d['load_s']:.2f} s → first "
        f"ask {d['first_ask_s']:.2f} s): {res['proxy_to_first_answer_s']:.2f} s median of {runs} "
        f"(spawn → first answer, interpreter start included)")
    return d


def _app(corpus: Path, index: Path, qs: list[str], app_runs: int, compare: Path | None, res: dict) -> None:
    """`rag serve` timed ``app_runs`` times (seconds each; the median of more runs steadies a
    shared machine); with ``compare``, that tree's runs alternate with this one's."""
    app, other = [], []
    for i in range(app_runs):
        order = [None, compare] if i % 2 == 0 else [compare, None]
        try:
            for src in order if compare else [None]:
                run = start_app(corpus, index, qs[i % 2], src=src)  # a Dutch and an English question
                (app if src is None else other).append(run)
        except Exception as e:  # the UI is being worked on concurrently
            res["app_error"] = f"{type(e).__name__}: {e}"[:500]
            break
    res["app_runs"] = app
    if other:
        _report_compare(other, compare, res)
    if app:
        _report_app(app, res)


def _report_compare(other: list[dict], compare: Path, res: dict) -> None:
    res["compare_src"] = str(compare)
    res["compare_runs"] = other
    res["compare_to_first_answer_s"] = pct([a["to_first_answer_s"] for a in other], 50)
    res["compare_server_cpu_s"] = pct([a["server_cpu_s"] for a in other], 50)
    say(f"`rag serve` from {compare} (alternating with this tree's runs): "
        f"{res['compare_to_first_answer_s']:.2f} s median of {len(other)} (min "
        f"{min(a['to_first_answer_s'] for a in other):.2f}, max "
        f"{max(a['to_first_answer_s'] for a in other):.2f}); server CPU until the answer "
        f"{res['compare_server_cpu_s']:.2f} s; first /ask "
        f"{pct([a['first_call_s'] for a in other], 50):.2f} s")


def _report_app(app: list[dict], res: dict) -> None:
    med = lambda key: pct([a[key] for a in app if a.get(key) is not None] or [float("nan")], 50)
    res["app_to_first_answer_s"] = med("to_first_answer_s")
    res["app_breakdown_median_s"] = {k: med(k) for k in BREAKDOWN}
    res["app_breakdown_median_s"].update({f"ready_{k}_s": pct([a["ready_parts"][k] for a in app
                                                               if k in a.get("ready_parts", {})]
                                                              or [float("nan")], 50)
                                          for k in ("imports", "index_wait", "app", "launch")})
    times = sorted(a["to_first_answer_s"] for a in app)
    say(f"`rag serve` spawn → first gradio_client answer: {res['app_to_first_answer_s']:.2f} s median "
        f"of {len(app)} (min {times[0]:.2f}, max {times[-1]:.2f}; target ≤ {TARGETS['start_s']:.0f} s) "
        f"{verdict(res['app_to_first_answer_s'] <= TARGETS['start_s'])}; load average "
        f"{min(a['load'] for a in app):.2f}–{max(a['load'] for a in app):.2f}")
    b = res["app_breakdown_median_s"]
    say(f"  medians, from spawn: rag imported {b['rag_imported_s']:.2f} s (the index loads in a thread: "
        f"done at {b['index_loaded_s']:.2f} s) → imports (rag, Gradio) done {b['ready_imports_s']:.2f} s into "
        f"rag serve's main → app built {b['ready_app_s']:.2f} s → launched {b['ready_launch_s']:.2f} s "
        f"('ready' at {b['ready_s']:.2f} s) → client connected {b['client_connected_s']:.2f} s → first "
        f"/ask {b['first_call_s']:.2f} s; server CPU until the answer {b['server_cpu_s']:.2f} s")


def _gradio_imports(runs: int, res: dict) -> None:
    """The baseline: ``import gradio`` in a fresh process, as shipped and as rag serve imports it."""
    imp, imp_app = [], []
    for _ in range(runs):  # interleaved
        for out, flags in ((imp, []), (imp_app, ["--as-app"])):
            t = time.perf_counter()
            subprocess.run(child("children.import_gradio", *flags), cwd=REPO, check=True)
            out.append(time.perf_counter() - t)
    res["bare_import_gradio_s"] = pct(imp, 50)
    res["app_import_gradio_s"] = pct(imp_app, 50)
    say(f"  baseline: `python -c 'import gradio'` alone takes {res['bare_import_gradio_s']:.2f} s; "
        f"as rag serve imports it (ui/gradio_import.py) {res['app_import_gradio_s']:.2f} s")


def _memory(d: dict, res: dict) -> None:
    """Phase 5: the proxy's RSS after each step (``d``: its last run), and the app's."""
    say("\n## Phase 5 — memory (RSS)")
    say(table(["process", "RSS MB"], [
        ["python + rag imports", d["rss_import_mb"]],
        ["+ Pipeline.load (real index, model)", d["rss_loaded_mb"]],
        ["+ first ask", d["rss_first_ask_mb"]],
        ["+ 20 more asks", d["rss_warm_mb"]],
    ] + ([["`rag serve` after first answer", res["app_runs"][-1]["rss_mb"]]] if res.get("app_runs") else [])))
    res["memory"] = {"pipeline_loaded_mb": d["rss_loaded_mb"], "pipeline_warm_mb": d["rss_warm_mb"],
                     "app_mb": res["app_runs"][-1]["rss_mb"] if res.get("app_runs") else None}


def start_app(corpus: Path, index: Path, question: str, timeout: float = 120, src: Path | None = None) -> dict:
    """Spawn `rag serve` (``src``: the rag/ and ui/ of another source tree, e.g. an older
    commit's) and time it to the first real answer of the ``/ask`` API endpoint."""
    port = free_port()
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")
    rag = [str(REPO / ".venv/bin/rag")] if src is None else child("children.rag_from", str(src))
    lines: list[tuple[float, str]] = []
    t0 = time.perf_counter()
    proc = subprocess.Popen([*rag, "--corpus", str(corpus), "--index", str(index), "serve", "--port", str(port)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def reader():
        for line in proc.stdout:
            lines.append((time.perf_counter() - t0, line.rstrip()))

    threading.Thread(target=reader, daemon=True).start()
    try:
        t1, t2, cpu = _first_answer(proc, f"http://127.0.0.1:{port}/", question, t0, timeout, lines)
        at = lambda text: next((t for t, x in lines if text in x), None)
        ready_line = next((x for _, x in lines if "ready in" in x), "")
        parts = {k.replace(" ", "_"): float(v) for k, v in re.findall(r"(imports|index wait|app|launch) ([\d.]+) s",
                                                                      ready_line.partition("[")[2])}
        return {"to_first_answer_s": t2 - t0, "client_connected_s": t1 - t0, "first_call_s": t2 - t1,
                "rag_imported_s": at("loading the index"), "index_loaded_s": at("index and model loaded"),
                "ready_s": at("ready in"), "ready_parts": parts, "server_cpu_s": cpu.user + cpu.system,
                "load": load(), "log": [x for _, x in lines][:6], "answer_ok": True,
                "rss_mb": rss_mb(proc.pid, children=True)}
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _first_answer(proc, url: str, question: str, t0: float, timeout: float, lines: list) -> tuple:
    """Poll until a client connects, ask once: (connected at, answered at, server CPU times)."""
    import psutil
    from gradio_client import Client

    while True:
        if proc.poll() is not None:
            time.sleep(0.2)
            raise RuntimeError(f"rag serve exited {proc.returncode}: {[x for _, x in lines][-5:]}")
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError("no answer from rag serve")
        try:
            client = Client(url, verbose=False, download_files=False)
        except Exception:
            time.sleep(0.05)
            continue
        t1 = time.perf_counter()
        out = client.predict(question, [], "", "", "", 10, api_name="/ask")
        t2 = time.perf_counter()
        cpu = psutil.Process(proc.pid).cpu_times()
        if not (isinstance(out, dict) and out.get("answer") and out.get("passages")):
            raise RuntimeError(f"not an answer: {str(out)[:300]}")
        return t1, t2, cpu
