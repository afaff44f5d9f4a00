"""Every answer the product gives on the eval sets, in a stable JSON Lines form, so that a
refactor can be checked to change nothing: ``rag eval --answers before.jsonl`` on the old
code, the same on the new, then ``diff``. One line per question of every split and per
dialogue turn (asked with its history): status, answer text, and each citation's letter
and offsets. About a minute for the 688 lines on 2 cores."""
from __future__ import annotations

import json
from pathlib import Path

from .questions import Question


def _line(key: str, a) -> dict:
    return {"id": key, "status": a.status, "interpreted_as": a.interpreted_as, "answer": a.answer,
            "citations": [[c.doc_id, c.start, c.end] for c in a.citations]}


def answers(pipeline, questions: list[Question], dialogues: list[dict]):
    """Yield one record per question and per dialogue turn, in file order."""
    from ..conversation import Turn

    for q in questions:
        yield _line(q.id, pipeline.ask(q.question))
    for d in dialogues:
        history: list[Turn] = []
        for i, t in enumerate(d["turns"]):
            a = pipeline.ask(t["question"], history=history)
            yield _line(f"{d['id']}.{i + 1}", a)
            history.append(Turn.of(t["question"], a))


def write(path: Path, records) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n
