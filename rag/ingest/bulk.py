"""`rag add <folder>` over thousands of files: streamed, counted, interruptible, resumable.

:func:`bulk_add` drives :func:`rag.ingest.corpus_ops.iter_add` (one file in memory at a
time, the corpus lock held throughout) and keeps counts, not results: each file's line
goes to ``on_result`` as it is decided, and a :class:`Tally` (count, rate, added,
duplicates, errors) goes to ``on_progress`` every ``every`` seconds. Measured with
tests/test_bulk_add.py (synthetic letters, a fresh process each): adding 200 files peaks
at 164 kB of Python heap and 77.6 MB RSS, adding 2,000 at 253 kB and 77.6 MB.

Stopping: Ctrl-C ends the loop between two files (the report says ``interrupted``); a kill
stops anywhere, and every letter already written is whole (atomic renames). Either way,
running the same command again skips the letters stored before — same doc id and same
text is a duplicate — and the re-index at the end picks up everything added so far:
the index is updated once per run, when anything was added or it is out of date, never
per file.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..config import Config
from .corpus_ops import FileResult, Tally, _reindex, iter_add, walk_files
from ..records import Progress, quiet

if TYPE_CHECKING:
    from ..indexing import BuildReport


@dataclass
class BulkReport:
    """The outcome of :func:`bulk_add`: counts, whether it was stopped, the re-index."""

    tally: Tally
    interrupted: bool = False
    index: BuildReport | None = None
    index_error: str | None = None

    @property
    def ok(self) -> bool:
        """As :attr:`AddReport.ok`: a letter added or nothing failed, and the index updated."""
        return self.tally.ok and self.index_error is None


def bulk_add(paths: list[Path], config: Config, *, replace: bool = False, reindex: bool = True,
             on_result: Callable[[FileResult], None] = lambda r: None,
             on_progress: Callable[[Tally], None] = lambda t: None,
             progress: Progress = quiet, every: float = 2.0) -> BulkReport:
    """Add every file under ``paths`` (see :func:`rag.ingest.add_paths`), then re-index once.
    Ctrl-C stops between files: no re-index then, and the report says ``interrupted``."""
    out = BulkReport(Tally(sum(1 for _ in walk_files(paths))))
    last = time.perf_counter()
    results = iter_add(paths, config, replace=replace)
    try:
        for r in results:
            out.tally.count(r)
            on_result(r)
            if time.perf_counter() - last >= every:
                on_progress(out.tally)
                last = time.perf_counter()
    except KeyboardInterrupt:
        out.interrupted = True
    finally:
        results.close()  # releases the corpus lock
    on_progress(out.tally)
    if reindex and not out.interrupted and out.tally.done:
        _reindex(out, config, progress)  # incremental; a no-op when nothing changed
    return out
