"""Plain-text letters, and one entry point that converts any supported file."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import CorpusError, parse_text
from ..records import Letter
from .html import html_to_letter
from .pdf import pdf_to_letter
from .sniff import (
    MIN_WORDS,
    Format,
    IngestError,
    _decode,
    _looks_like_text,
    _read,
    _sniff,
)
from .xml import xml_to_letter


def text_to_letter(data: bytes) -> str:
    """Text/markdown like the seeds: kept as it is (decoded to UTF-8, line ends normalised)."""
    text = _decode(data)
    if not _looks_like_text(text[:20000]):
        raise IngestError("binary data, not a letter (unrecognised format)")
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


_CONVERTERS = {"text": text_to_letter, "html": html_to_letter, "xml": xml_to_letter, "pdf": pdf_to_letter}


@dataclass
class Converted:
    """One file converted to letter text and parsed."""

    format: Format
    text: str  # the letter text as it will be stored
    letter: Letter  # parsed by rag.corpus from ``text``
    notes: list[str] = field(default_factory=list)  # warnings for the user


def convert_file(path: Path) -> Converted:
    """Detect the format, convert, and parse with :func:`rag.corpus.parse_text`.
    Raises :class:`IngestError` (or :class:`rag.corpus.CorpusError`) with a one-line reason."""
    data = _read(path)
    fmt = _sniff(data)
    text = _CONVERTERS[fmt](data)
    try:
        letter = parse_text(text, Path(path.name))
    except CorpusError as e:
        raise IngestError(f"not a usable letter: {e}") from e
    notes = []
    words = len(letter.text.split())
    if words < MIN_WORDS:
        raise IngestError(f"too little text for a letter ({words} words)")
    if not re.search(r"\bNr\.\s*\d+", letter.text[:2000]):
        notes.append("no 'Nr. N' in the text: number taken from the file name")
    if (m := re.search(r"^(\d{2}) ?(\d{3})(?:\s*[-‑–]\s*|\s+)([IVXLC]+|\d{1,2}|[A-Z])$", letter.text[:600], re.M)):
        raise IngestError(f"dossier {m.group(0)} has a suffix: not supported yet (doc ids are kst-<dossier>-<nr>)")
    if letter.date is None:
        notes.append("no date ('Den Haag, <d maand jjjj>') found: date filters will skip it")
    if not letter.signatories:
        notes.append("no signature recognised")
    return Converted(fmt, text, letter, notes)


