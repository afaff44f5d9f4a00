"""Corpus operations: add (under a lock, duplicates and replacements), remove, restore and
purge (through the trash, rag/trash.py), each followed by one re-index."""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Literal

from filelock import FileLock

from .. import trash
from ..config import Config
from ..corpus import CorpusError, iter_corpus, load_corpus, parse_letter
from ..records import Letter

if TYPE_CHECKING:
    from ..indexing import BuildReport

from .convert import convert_file
from ..atomic import atomic_file
from ..records import Progress, quiet
from .sniff import Format, IngestError, _read

Status = Literal["added", "replaced", "duplicate", "error"]


ORIGINALS = trash.ORIGINALS  # sub-folder of the corpus with the uploads as they came
_SUFFIX = {"text": ".txt", "html": ".html", "xml": ".xml", "pdf": ".pdf"}


@dataclass
class FileResult:
    """What happened to one file: ``status`` is "added", "replaced", "duplicate" or "error"."""

    path: str
    status: Status
    doc_id: str | None = None
    format: Format | None = None
    stored: str | None = None  # the corpus file the letter now lives in
    message: str = ""  # the reason (errors, duplicates) or warnings (added)

    def line(self) -> str:
        """One line for people: ``added kst-… (format) ← path``, ``error: path: why``."""
        if self.status in ("added", "replaced"):
            extra = f" — note: {self.message}" if self.message else ""
            return f"{self.status} {self.doc_id} ({self.format}) ← {self.path}{extra}"
        if self.status == "duplicate":
            return f"skipped duplicate {self.doc_id} ← {self.path} ({self.message})"
        return f"error: {self.path}: {self.message}"


@dataclass
class Tally:
    """Counts of one add, as it goes."""

    total: int  # files found (walked first, names only)
    done: int = 0
    added: int = 0
    replaced: int = 0
    duplicates: int = 0
    errors: int = 0
    started: float = field(default_factory=time.perf_counter)

    def count(self, r: FileResult) -> None:
        self.done += 1
        kind = {"added": "added", "replaced": "replaced", "duplicate": "duplicates", "error": "errors"}[r.status]
        setattr(self, kind, getattr(self, kind) + 1)

    @property
    def rate(self) -> float:
        """Files per second so far."""
        return self.done / max(time.perf_counter() - self.started, 1e-9)

    def summary(self) -> str:
        """``3 added, 1 replaced, 0 duplicates, 1 error`` (replaced only when there are any)."""
        parts = [f"{self.added} added"] + ([f"{self.replaced} replaced"] if self.replaced else [])
        return ", ".join(parts + [f"{self.duplicates} duplicate{'s' * (self.duplicates != 1)}",
                                  f"{self.errors} error{'s' * (self.errors != 1)}"])

    @property
    def ok(self) -> bool:
        """At least one letter added, or nothing failed (e.g. all duplicates)."""
        return self.done > 0 and (self.added + self.replaced > 0 or not self.errors)

    def line(self) -> str:
        """``1200/2000 files (85 files/s): 1180 added, 0 duplicates, 20 errors``."""
        return f"{self.done}/{self.total} files ({self.rate:.0f} files/s): {self.summary()}"


@dataclass
class AddReport:
    """The outcome of :func:`add_paths`: one :class:`FileResult` per file, then the re-index."""

    results: list[FileResult]
    index: BuildReport | None = None  # the re-index (None: not run, or it failed)
    index_error: str | None = None

    @property
    def tally(self) -> Tally:
        t = Tally(len(self.results))
        for r in self.results:
            t.count(r)
        return t

    @property
    def added(self) -> list[FileResult]:
        return [r for r in self.results if r.status in ("added", "replaced")]

    @property
    def duplicates(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "duplicate"]

    @property
    def errors(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "error"]

    @property
    def ok(self) -> bool:
        """At least one letter added, or nothing failed (e.g. all duplicates); and the index
        was updated."""
        return self.tally.ok and self.index_error is None

    def summary(self) -> str:
        return self.tally.summary()


def _content_key(letter: Letter) -> str:
    """Same letter, same key: the clean text with whitespace normalised (a letter added as
    .txt and again as .html has the same key even though the stored files differ)."""
    return hashlib.sha256(" ".join(letter.text.split()).encode()).hexdigest()


def walk_files(paths: list[Path]) -> Iterator[Path]:
    """Files and folders → files, lazily: a folder is walked name by name (hidden entries
    skipped, symlinked folders not followed), so a folder of 10^5 files is never a list."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from _walk(p)
        else:
            yield p


def _walk(folder: Path) -> Iterator[Path]:
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _write_atomic(path: Path, data: bytes) -> None:
    with atomic_file(path) as f:  # hidden temp file: load_corpus skips it
        f.write(data)


def _drop_originals(corpus: Path, doc_id: str) -> None:
    folder = corpus / ORIGINALS
    if folder.is_dir():
        for suffix in _SUFFIX.values():  # not glob(): fnmatch caches every pattern, one per letter
            (folder / f"{doc_id}{suffix}").unlink(missing_ok=True)
        if not any(folder.iterdir()):
            folder.rmdir()


def _lock(corpus: Path) -> FileLock:
    return FileLock(str(corpus / ".ingest.lock"))


@dataclass
class _Known:
    """What adding needs of a stored letter: its file and content key, not its text."""

    path: str
    key: str


class _CorpusKeys:
    """Finds a doc id's stored letter and content key without holding the corpus in memory:
    a letter is normally stored as ``<doc id>.txt`` and is read from there on demand (~2 ms);
    only the letters stored under another name (seeds, hand-copied files) are remembered,
    by doc id, from one streaming pass over the corpus."""

    def __init__(self, corpus: Path):
        self.corpus = corpus
        self.elsewhere: dict[str, Path] = {}  # doc id → its file, when not named <doc id>.txt
        for entry in iter_corpus(corpus):
            if entry.letter is not None and entry.path.name != f"{entry.letter.doc_id}.txt":
                self.elsewhere[entry.letter.doc_id] = entry.path

    def find(self, doc_id: str) -> _Known | None:
        path = self.elsewhere.get(doc_id, self.corpus / f"{doc_id}.txt")
        try:
            letter = parse_letter(path)
        except CorpusError:
            return None
        return _Known(str(path), _content_key(letter)) if letter.doc_id == doc_id else None

    def unusable(self, path: Path) -> str:
        """Why the existing ``path`` is not a letter of its doc id (see :func:`load_corpus`)."""
        try:
            return f"it holds {parse_letter(path).doc_id}"
        except CorpusError as e:
            return str(e)


def add_paths(paths: list[Path], config: Config, *, replace: bool = False,
              progress: Progress = quiet, reindex: bool = True) -> AddReport:
    """Add letter files (HTML, officiële-publicaties XML, text PDF, text/markdown) to
    ``config.corpus_dir`` and re-index once, incrementally.

    ``paths`` are files or folders (searched recursively; hidden files skipped). Per file:

    - **added**: converted, parsed, stored as ``corpus/kst-<dossier>-<nr>.txt`` (the original
      upload of a converted format is kept in ``corpus/originals/``);
    - **duplicate**: a letter with the same doc id and the same clean text (whitespace aside)
      is already in the corpus (or earlier in this batch) — skipped;
    - **error**: unreadable, unknown or unusable (the message says why), or the same doc id
      with *different* text while ``replace`` is False; with ``replace=True`` the stored
      letter is overwritten (status **replaced**).

    One bad file never stops the others. After all files, if anything was added,
    :func:`rag.indexing.build_index` runs once (only new/changed letters are embedded);
    ``progress`` receives its messages. Index failures are reported in
    ``AddReport.index_error`` (the letters stay added). ``reindex=False`` skips indexing.
    A replaced letter's old version goes to the trash (``rag restore`` brings it back).
    For thousands of files, :func:`rag.ingest.bulk.bulk_add` streams the same steps.
    """
    out = AddReport(list(iter_add(paths, config, replace=replace)))
    if reindex and out.added:
        _reindex(out, config, progress)
    return out


def iter_add(paths: list[Path], config: Config, *, replace: bool = False) -> Iterator[FileResult]:
    """Add the files one by one under the corpus lock, yielding each file's result as it is
    stored: memory holds one file at a time (and the doc ids of letters not stored as
    ``<doc id>.txt``).
    Each letter is written atomically (its kept original first), so stopping anywhere —
    Ctrl-C, a kill — leaves whole letters, and adding the same files again skips the ones
    already stored as duplicates."""
    corpus = Path(config.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)
    with _lock(corpus):
        keys = _CorpusKeys(corpus)
        for f in walk_files(paths):
            yield _add_one(f, keys, replace)


def _add_one(f: Path, keys: _CorpusKeys, replace: bool) -> FileResult:
    label, corpus = str(f), keys.corpus
    try:
        conv = convert_file(f)
    except CorpusError as e:
        return FileResult(label, "error", message=str(e))
    doc_id, key = conv.letter.doc_id, _content_key(conv.letter)
    target = corpus / f"{doc_id}.txt"
    existing = keys.find(doc_id)
    status: Status = "added"
    if existing is not None:
        if existing.key == key:
            return FileResult(label, "duplicate", doc_id, conv.format, existing.path, f"same text as {existing.path}")
        if not replace:
            return FileResult(label, "error", doc_id, conv.format, existing.path,
                              f"{doc_id} is already in the corpus ({existing.path}) with different "
                              "text; use --replace to overwrite it")
        status = "replaced"
    elif target.exists():
        if not replace:
            why = keys.unusable(target)
            return FileResult(label, "error", doc_id, conv.format, str(target),
                              f"{target} exists but is not a usable letter ({why}); use --replace to overwrite it")
        status = "replaced"
    try:
        if status == "replaced":  # the old version goes to the trash (rag restore brings it back)
            trash.move_to_trash(corpus, doc_id, Path(existing.path) if existing is not None else target,
                                why="replaced")
        _drop_originals(corpus, doc_id)
        if conv.format != "text":  # the original first: a stop in between leaves no letter without it
            (corpus / ORIGINALS).mkdir(exist_ok=True)
            _write_atomic(corpus / ORIGINALS / f"{doc_id}{_SUFFIX[conv.format]}", _read(f))
        _write_atomic(target, conv.text.encode("utf-8"))
    except (OSError, IngestError) as e:
        return FileResult(label, "error", doc_id, conv.format,
                          message=f"cannot store: {getattr(e, 'strerror', None) or e}")
    keys.elsewhere.pop(doc_id, None)  # a replaced letter now lives in <doc id>.txt
    return FileResult(label, status, doc_id, conv.format, str(target), "; ".join(conv.notes))


class LetterNotFound(CorpusError):
    """``remove_letter`` was given a doc id that is not in the corpus."""


@dataclass
class RemoveReport:
    """What a remove, restore or purge did to one letter."""

    doc_id: str
    path: str  # the letter's corpus file
    index: BuildReport | None = None  # the re-index (None: not run, or it failed)
    index_error: str | None = None
    trashed: str | None = None  # the trash entry it went to or came from


def _reindex(out, config: Config, progress: Progress) -> None:
    """Re-index after a corpus change; a failure is reported in ``out.index_error``."""
    from ..indexing import build_index

    try:
        out.index = build_index(config, progress=progress)
    except Exception as e:  # noqa: BLE001 — the corpus change stands; say why indexing failed
        out.index_error = str(e) if isinstance(e, CorpusError) else f"{type(e).__name__}: {e}"


def _find(corpus: Path, doc_id: str) -> Letter:
    letters = {L.doc_id: L for L in load_corpus(corpus).letters}
    letter = letters.get(doc_id.strip())
    if letter is None:
        hint = [d for d, L in letters.items() if str(L.number) == doc_id.strip()]
        more = f"; did you mean {hint[0]}?" if len(hint) == 1 else " (see `rag letters`)"
        raise LetterNotFound(f"no letter {doc_id!r} in {corpus}{more}")
    return letter


def remove_letter(doc_id: str, config: Config, *, progress: Progress = quiet,
                  reindex: bool = True) -> RemoveReport:
    """Move letter ``doc_id`` (e.g. ``"kst-28676-999"``) — its file, whatever it is called,
    and its kept original — to the corpus trash (rag/trash.py), then re-index. Raises
    :class:`LetterNotFound` (a CorpusError) when no letter has that doc id. Re-index
    failures (e.g. the corpus is now empty) are reported in ``RemoveReport.index_error``."""
    corpus = Path(config.corpus_dir)
    if not corpus.is_dir():
        raise LetterNotFound(f"corpus folder not found: {corpus}")
    with _lock(corpus):
        letter = _find(corpus, doc_id)
        entry = trash.move_to_trash(corpus, letter.doc_id, Path(letter.source_path))
    out = RemoveReport(letter.doc_id, letter.source_path, trashed=str(entry.folder))
    if reindex:
        _reindex(out, config, progress)
    return out


def restore_letter(doc_id: str, config: Config, *, progress: Progress = quiet,
                   reindex: bool = True) -> RemoveReport:
    """Bring the latest trashed version of ``doc_id`` back, then re-index. Refused (a
    CorpusError saying why) when a letter with that doc id is in the corpus again, or when
    the trash has no version of it."""
    corpus = Path(config.corpus_dir)
    with _lock(corpus):
        trash.recover(corpus)
        present = {L.doc_id: L for L in load_corpus(corpus).letters}.get(doc_id.strip())
        if present is not None:
            raise CorpusError(f"{doc_id} is in the corpus again ({present.source_path}); remove it first to "
                              "restore the trashed version")
        try:
            entry = trash.restore(corpus, doc_id.strip())
        except (FileNotFoundError, FileExistsError) as e:
            raise CorpusError(str(e)) from None
    out = RemoveReport(entry.doc_id, str(corpus / entry.name), trashed=str(entry.folder))
    if reindex:
        _reindex(out, config, progress)
    return out


def purge_letter(doc_id: str, config: Config, *, progress: Progress = quiet, dry_run: bool = False,
                 reindex: bool = True) -> tuple[list[Path], RemoveReport | None]:
    """Delete ``doc_id`` for good: its corpus file and originals, and every trashed version.
    Returns (the files that are — or with ``dry_run`` would be — deleted, the report)."""
    corpus = Path(config.corpus_dir)
    with _lock(corpus):
        trash.recover(corpus)
        letter = {L.doc_id: L for L in load_corpus(corpus).letters}.get(doc_id.strip())
        files = ([Path(letter.source_path)] + trash._originals(corpus, letter.doc_id)) if letter else []
        files += [f for e in trash.entries(corpus) if e.doc_id == doc_id.strip() for f in e.files()]
        if not files:
            raise LetterNotFound(f"no letter {doc_id!r} in {corpus} or its trash")
        if dry_run:
            return files, None
        if letter:
            Path(letter.source_path).unlink()
            _drop_originals(corpus, letter.doc_id)
        trash.purge(corpus, doc_id.strip())
    out = RemoveReport(doc_id.strip(), str(files[0]))
    if reindex and letter:
        _reindex(out, config, progress)
    return files, out
