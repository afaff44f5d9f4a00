"""A bounded load test (issue 6): 50 clients at once against the real app on 127.0.0.1.

Each of 50 threads creates its own ``gradio_client.Client`` (all at the same time), waits until
every client is connected, then asks 2 questions from eval/questions.jsonl (Dutch and English
mixed) through the ``ask`` endpoint, each with a timeout. The queue answers 4 at a time
(``ui.app.CONCURRENCY``) and has room for all 50 to wait (``ui.app.QUEUE_SIZE``).

Asserts: no errors, every client got its own question's answer, and every answer keeps the
JSON contract (quotes and passages are the letter's text at their offsets). Latency (p50/p95,
queueing included) is printed, not asserted: run with ``-s`` to see it.
"""
from __future__ import annotations

import json
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


import pytest  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")]

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 50
QUESTIONS_EACH = 2
REQUEST_TIMEOUT = 120  # s, per question, queueing included
CONNECT_TIMEOUT = 60  # s, for all clients to connect
CONTRACT = {"question", "language", "abstained", "answer", "citations", "passages", "timings_ms"}


@pytest.fixture(scope="module")
def app(pipeline, start_app):
    return start_app(pipeline)


def questions() -> list[str]:
    """CLIENTS * QUESTIONS_EACH questions, Dutch and English alternating, in a fixed shuffle."""
    rows = [json.loads(line) for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    by_lang = {lang: [r["question"] for r in rows if r["language"] == lang] for lang in ("nl", "en")}
    assert by_lang["nl"] and by_lang["en"]
    rnd = random.Random(6)
    for qs in by_lang.values():
        rnd.shuffle(qs)
    n = CLIENTS * QUESTIONS_EACH
    return [by_lang["nl" if i % 2 == 0 else "en"][(i // 2) % len(by_lang["nl" if i % 2 == 0 else "en"])]
            for i in range(n)]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def test_fifty_concurrent_clients(app, letters):
    from gradio_client import Client

    qs = questions()
    ready = threading.Barrier(CLIENTS)
    lock = threading.Lock()
    results: list[tuple[str, dict, float]] = []
    errors: list[str] = []

    def one_client(i: int) -> None:
        client = None
        try:
            # httpx's own 5 s default would time out a POST while 50 arrive at once on a busy machine
            client = Client(app.rag_url, verbose=False, httpx_kwargs={"timeout": REQUEST_TIMEOUT})
        except Exception as e:  # noqa: BLE001 — collected and asserted below
            with lock:
                errors.append(f"client {i}: connect: {type(e).__name__}: {e}")
        try:
            ready.wait(timeout=CONNECT_TIMEOUT)  # everyone asks at once
        except threading.BrokenBarrierError:
            pass
        if client is None:
            return
        try:
            for j in range(QUESTIONS_EACH):
                q = qs[i * QUESTIONS_EACH + j]
                t0 = time.perf_counter()
                try:
                    job = client.submit(q, [], "", "", "", 10, api_name="/ask")
                    r = job.result(timeout=REQUEST_TIMEOUT)
                except Exception as e:  # noqa: BLE001
                    with lock:
                        errors.append(f"client {i} q{j}: {type(e).__name__}: {e}")
                    continue
                with lock:
                    results.append((q, r, time.perf_counter() - t0))
        finally:
            client.close()

    t0 = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as ex:
        futures = [ex.submit(one_client, i) for i in range(CLIENTS)]
        for f in futures:
            f.result(timeout=CONNECT_TIMEOUT + QUESTIONS_EACH * REQUEST_TIMEOUT + 30)
    wall = time.perf_counter() - t0

    assert errors == [], f"{len(errors)} errors, e.g. {errors[:3]}"
    assert len(results) == CLIENTS * QUESTIONS_EACH
    languages = {"nl": 0, "en": 0}
    for q, r, _ in results:
        assert set(r) >= CONTRACT
        assert r["question"] == " ".join(q.split())  # each client got the answer to its own question
        languages[r["language"]] = languages.get(r["language"], 0) + 1
        assert r["abstained"] or r["citations"]
        for c in r["citations"]:
            assert letters[c["doc_id"]].text[c["start"]:c["end"]] == c["quote"]
        assert len(r["passages"]) >= 10
        for p in r["passages"]:
            assert letters[p["doc_id"]].text[p["start"]:p["end"]] == p["text"]
    assert languages["nl"] and languages["en"]

    lat = [s for _, _, s in results]
    server = [r["timings_ms"]["total"] for _, r, _ in results]
    print(f"\nload: {CLIENTS} clients x {QUESTIONS_EACH} questions = {len(results)} answers, 0 errors, "
          f"{wall:.1f} s wall, {len(results) / wall:.1f} answers/s; latency incl. queueing "
          f"p50 {pct(lat, 50) * 1e3:.0f} ms, p95 {pct(lat, 95) * 1e3:.0f} ms, max {max(lat) * 1e3:.0f} ms, "
          f"mean {statistics.mean(lat) * 1e3:.0f} ms; pipeline time per answer p50 {pct(server, 50):.0f} ms, "
          f"p95 {pct(server, 95):.0f} ms; languages {languages}")
