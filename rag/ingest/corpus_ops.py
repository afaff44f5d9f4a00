"""Corpus operations: add (under a lock, duplicates and replacements), remove, restore and
purge (through the trash, rag/trash.py), each followed by one re-index."""
from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from filelock import FileLock

from .. import trash
from ..config import Config
from ..corpus import CorpusError, load_corpus, parse_text
from ..records import Letter

if TYPE_CHECKING:
    from ..indexing import BuildReport

from .convert import convert_file
from .sniff import Format, IngestError, Progress, _quiet, _read

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
class AddReport:
    """The outcome of :func:`add_paths`: one :class:`FileResult` per file, then the re-index."""

    results: list[FileResult]
    index: BuildReport | None = None  # the re-index (None: not run, or it failed)
    index_error: str | None = None

    def _count(self, *status: str) -> int:
        return sum(r.status in status for r in self.results)

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
        return (bool(self.added) or not self.errors) and self.index_error is None and bool(self.results)

    def summary(self) -> str:
        parts = [f"{self._count('added')} added"]
        if self._count("replaced"):
            parts.append(f"{self._count('replaced')} replaced")
        parts += [f"{len(self.duplicates)} duplicate{'s' * (len(self.duplicates) != 1)}",
                  f"{len(self.errors)} error{'s' * (len(self.errors) != 1)}"]
        return ", ".join(parts)


def _content_key(letter: Letter) -> str:
    """Same letter, same key: the clean text with whitespace normalised (a letter added as
    .txt and again as .html has the same key even though the stored files differ)."""
    return hashlib.sha256(" ".join(letter.text.split()).encode()).hexdigest()


def _expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel):
                    out.append(f)
        else:
            out.append(p)
    return out


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"  # dot: load_corpus skips it
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _drop_originals(corpus: Path, doc_id: str) -> None:
    folder = corpus / ORIGINALS
    if folder.is_dir():
        for f in folder.glob(f"{doc_id}.*"):
            f.unlink(missing_ok=True)
        if not any(folder.iterdir()):
            folder.rmdir()


def _lock(corpus: Path) -> FileLock:
    return FileLock(str(corpus / ".ingest.lock"))


def add_paths(paths: list[Path], config: Config, *, replace: bool = False,
              progress: Progress = _quiet, reindex: bool = True) -> AddReport:
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
    """
    corpus = Path(config.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)
    files = _expand(paths)
    results: list[FileResult] = []
    with _lock(corpus):
        report = load_corpus(corpus)
        known = {L.doc_id: L for L in report.letters}
        keys = {d: _content_key(L) for d, L in known.items()}
        for f in files:
            label = str(f)
            try:
                conv = convert_file(f)
            except CorpusError as e:
                results.append(FileResult(label, "error", message=str(e)))
                continue
            letter = conv.letter
            doc_id = letter.doc_id
            key = _content_key(letter)
            target = corpus / f"{doc_id}.txt"
            existing = known.get(doc_id)
            status: Status = "added"
            if existing is not None:
                where = existing.source_path
                if keys[doc_id] == key:
                    results.append(FileResult(label, "duplicate", doc_id, conv.format, existing.source_path,
                                              f"same text as {where}"))
                    continue
                if not replace:
                    results.append(FileResult(label, "error", doc_id, conv.format, existing.source_path,
                                              f"{doc_id} is already in the corpus ({where}) with different "
                                              "text; use --replace to overwrite it"))
                    continue
                status = "replaced"
            elif target.exists():
                if not replace:
                    why = report.skipped.get(str(target), "unreadable")
                    results.append(FileResult(label, "error", doc_id, conv.format, str(target),
                                              f"{target} exists but is not a usable letter ({why}); "
                                              "use --replace to overwrite it"))
                    continue
                status = "replaced"
            try:
                if status == "replaced":  # the old version goes to the trash (rag restore brings it back)
                    old = Path(existing.source_path) if existing is not None else target
                    trash.move_to_trash(corpus, doc_id, old, why="replaced")
                _write_atomic(target, conv.text.encode("utf-8"))
                _drop_originals(corpus, doc_id)
                if conv.format != "text":
                    (corpus / ORIGINALS).mkdir(exist_ok=True)
                    _write_atomic(corpus / ORIGINALS / f"{doc_id}{_SUFFIX[conv.format]}", _read(f))
            except (OSError, IngestError) as e:
                results.append(FileResult(label, "error", doc_id, conv.format,
                                          message=f"cannot store: {getattr(e, 'strerror', None) or e}"))
                continue
            stored = parse_text(conv.text, target)
            known[doc_id] = stored
            keys[doc_id] = key
            results.append(FileResult(label, status, doc_id, conv.format, str(target), "; ".join(conv.notes)))
    out = AddReport(results)
    if reindex and out.added:
        _reindex(out, config, progress)
    return out


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


def remove_letter(doc_id: str, config: Config, *, progress: Progress = _quiet,
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


def restore_letter(doc_id: str, config: Config, *, progress: Progress = _quiet,
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


def purge_letter(doc_id: str, config: Config, *, progress: Progress = _quiet, dry_run: bool = False,
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
