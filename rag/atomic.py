"""Atomic file writes: a reader (or a crash) sees the old file or the whole new one, never half.

Used for everything written while others may read: corpus letters (rag add), the
embedding caches and their flushed parts, the language-id table. The temp file is hidden
(a leading dot), so the corpus loader and cache globs skip one left by a killed process."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Write ``path`` through a hidden temp file beside it, renamed over it when the block
    ends; on an error the temp file is removed and ``path`` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:12]}.tmp"
    try:
        with tmp.open("wb") as f:
            yield f
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
