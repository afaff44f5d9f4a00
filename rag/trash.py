"""The trash: removing or replacing a letter is a step that can be undone.

``rag remove`` and ``rag add --replace`` move the letter's corpus file and its kept
original into ``corpus/.trash/<UTC time>-<doc id>/`` (hidden, so the corpus loader skips
it); ``rag restore`` moves the latest version back, ``rag remove --purge`` deletes for good.

Every step is a rename on one file system, under the corpus lock, in an order that
keeps the letter file either in the corpus or in the trash:

* remove: make ``.trash/.tmp-<entry>/`` → move the originals in → move the letter file
  in (one atomic rename) → rename the folder to its final name;
* restore: move the letter file back (one atomic rename) → move the originals back →
  delete the emptied entry.

A process killed in between leaves a state :func:`recover` completes at the start of
the next trash operation: a ``.tmp-`` entry holding the letter is finished (the letter
was removed), one without it is rolled back (it was not); an entry whose letter file is
back in the corpus finishes its restore.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

TRASH = ".trash"
ORIGINALS = "originals"
_META = "entry.json"


@dataclass(frozen=True)
class TrashEntry:
    """One trashed version of a letter: ``folder`` holds its corpus file (``name``) and
    its originals; ``removed`` is when (UTC, ISO), ``why`` "removed" or "replaced"."""

    doc_id: str
    folder: Path
    name: str
    removed: str
    why: str

    @property
    def letter_file(self) -> Path:
        return self.folder / self.name

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*") if p.is_file() and p.name != _META)


def _pause(step: str) -> None:
    """Fault-injection point for the crash tests: RAG_TRASH_PAUSE=<step> sleeps here so a
    test can kill the process between two renames."""
    if os.environ.get("RAG_TRASH_PAUSE") == step:
        print(f"paused at {step}", flush=True)
        time.sleep(60)


def _originals(corpus: Path, doc_id: str) -> list[Path]:
    folder = corpus / ORIGINALS
    return sorted(folder.glob(f"{doc_id}.*")) if folder.is_dir() else []


def stamp(microseconds: int) -> str:
    """A trash entry's name prefix, UTC to the microsecond, ordered as the instants are: one clock
    reading for the second and its fraction (read twice, a second that rolls over in between, or a
    fraction that rounds up to 1, dated a version before an older one, and "latest" restored the
    wrong one: a flaky fresh-clone CI run)."""
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime(microseconds // 1_000_000)) + f"{microseconds % 1_000_000:06d}"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def move_to_trash(corpus: Path, doc_id: str, letter_file: Path, why: str = "removed") -> TrashEntry:
    """Move one letter (its file and originals) into a new trash entry. The caller holds the
    corpus lock."""
    recover(corpus)
    trash = corpus / TRASH
    trash.mkdir(exist_ok=True)
    final = trash / f"{stamp(time.time_ns() // 1000)}-{doc_id}"
    tmp = trash / f".tmp-{final.name}"
    tmp.mkdir()
    meta = {"doc_id": doc_id, "name": letter_file.name, "removed": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "why": why}
    (tmp / _META).write_text(json.dumps(meta))
    originals = _originals(corpus, doc_id)
    if originals:
        (tmp / ORIGINALS).mkdir()
        for f in originals:
            os.replace(f, tmp / ORIGINALS / f.name)
    _pause("remove:originals-moved")
    os.replace(letter_file, tmp / letter_file.name)  # the letter leaves the corpus: one atomic rename
    _pause("remove:letter-moved")
    os.replace(tmp, final)
    _fsync_dir(trash)
    _fsync_dir(corpus)
    _tidy_originals(corpus)
    return _entry(final)


def _tidy_originals(corpus: Path) -> None:
    folder = corpus / ORIGINALS
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def _entry(folder: Path) -> TrashEntry:
    meta = json.loads((folder / _META).read_text())
    return TrashEntry(meta["doc_id"], folder, meta["name"], meta["removed"], meta.get("why", "removed"))


def entries(corpus: Path) -> list[TrashEntry]:
    """Every trashed version, newest first."""
    trash = Path(corpus) / TRASH
    if not trash.is_dir():
        return []
    out = []
    for folder in trash.iterdir():
        if folder.is_dir() and not folder.name.startswith(".") and (folder / _META).is_file():
            try:
                out.append(_entry(folder))
            except (OSError, ValueError, KeyError):
                continue
    return sorted(out, key=lambda e: e.folder.name, reverse=True)


def restore(corpus: Path, doc_id: str) -> TrashEntry:
    """Move the latest trashed version of ``doc_id`` back. The caller holds the corpus lock
    and has checked that no letter with that doc id is in the corpus."""
    recover(corpus)
    entry = next((e for e in entries(corpus) if e.doc_id == doc_id), None)
    if entry is None:
        raise FileNotFoundError(f"no trashed version of {doc_id} (see `rag trash`)")
    target = corpus / entry.name
    if target.exists():
        raise FileExistsError(f"{target} exists; remove it first")
    os.replace(entry.letter_file, target)  # the letter is back: one atomic rename
    _pause("restore:letter-moved")
    _finish_restore(corpus, entry)
    return entry


def _finish_restore(corpus: Path, entry: TrashEntry) -> None:
    originals = entry.folder / ORIGINALS
    if originals.is_dir():
        (corpus / ORIGINALS).mkdir(exist_ok=True)
        for f in originals.iterdir():
            os.replace(f, corpus / ORIGINALS / f.name)
    shutil.rmtree(entry.folder)
    _fsync_dir(corpus)


def purge(corpus: Path, doc_id: str) -> list[Path]:
    """Delete every trashed version of ``doc_id`` for good; returns the files deleted."""
    recover(corpus)
    gone = []
    for e in entries(corpus):
        if e.doc_id == doc_id:
            gone += e.files()
            shutil.rmtree(e.folder)
    return gone


def recover(corpus: Path) -> list[str]:
    """Complete what a killed remove or restore left (see the module doc); returns what it did."""
    trash = Path(corpus) / TRASH
    done: list[str] = []
    if not trash.is_dir():
        return done
    for folder in sorted(trash.iterdir()):
        if not folder.is_dir():
            continue
        try:
            meta = json.loads((folder / _META).read_text())
        except (OSError, ValueError):
            if folder.name.startswith(".tmp-") and not any(p.is_file() for p in folder.rglob("*")):
                shutil.rmtree(folder, ignore_errors=True)  # killed before anything moved
            continue
        letter_in_trash = (folder / meta["name"]).is_file()
        if folder.name.startswith(".tmp-"):
            if letter_in_trash:  # the letter had left the corpus: finish the remove
                os.replace(folder, trash / folder.name[len(".tmp-"):])
                done.append(f"finished removing {meta['doc_id']}")
            else:  # it had not: put the originals back
                _finish_restore(corpus, _entry(folder))
                done.append(f"undid an interrupted removal of {meta['doc_id']}")
        elif not letter_in_trash and (Path(corpus) / meta["name"]).is_file():
            _finish_restore(corpus, _entry(folder))  # the letter is back: finish the restore
            done.append(f"finished restoring {meta['doc_id']}")
    _tidy_originals(Path(corpus))
    return done
