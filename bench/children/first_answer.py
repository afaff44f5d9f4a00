"""Child of phase 3: a cold start without the web app — Python start, ``rag`` imports,
``Pipeline.load``, the first answer — and the process's memory after each step.

Prints ``FIRST-ANSWER`` the moment the first answer is there (the parent times spawn → that
line), asks the other questions, then prints the timings and RSS as one JSON line.

    python -m bench.children.first_answer CORPUS INDEX FIRST_QUESTION MORE_QUESTIONS_JSON
"""
import time

t0 = time.perf_counter()  # before any import of ours: what a fresh `rag ask` pays

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import psutil  # noqa: E402


def main(corpus: str, index: str, first: str, more: list[str]) -> dict:
    proc = psutil.Process()
    rss = lambda: proc.memory_info().rss / 2**20
    from rag.config import Config
    from rag.pipeline import Pipeline

    t1, r_import = time.perf_counter(), rss()
    pipe = Pipeline.load(Config.from_env(corpus_dir=Path(corpus), index_dir=Path(index)), rebuild=False)
    t2, r_load = time.perf_counter(), rss()
    a = pipe.ask(first)
    t3, r_ask = time.perf_counter(), rss()
    print("FIRST-ANSWER", flush=True)
    for q in more:
        pipe.ask(q)
    return {"import_s": t1 - t0, "load_s": t2 - t1, "first_ask_s": t3 - t2,
            "rss_import_mb": r_import, "rss_loaded_mb": r_load, "rss_first_ask_mb": r_ask,
            "rss_warm_mb": rss(), "abstained": a.abstained, "chunks": len(pipe.store.chunks)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))))
