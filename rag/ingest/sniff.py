"""Format sniffing and decoding: what a file is (by its bytes, not its name) and its text."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from ..corpus import CorpusError

Format = Literal["text", "html", "xml", "pdf"]


MAX_BYTES = 50 * 1024 * 1024  # larger uploads are refused, not read into memory
MIN_WORDS = 25  # fewer words in the clean text: not a letter


class IngestError(CorpusError):
    """A file that cannot be added; the message says why (one line, for people)."""



_IMAGES = [(b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
           (b"GIF8", "a GIF image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image")]


def _sniff(data: bytes) -> Format:
    """The format of ``data`` from its bytes (see :func:`detect_format`)."""
    if not data.strip():
        raise IngestError("empty file")
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        raise IngestError("a ZIP archive (Word .docx/.odt?): not supported — save the letter as PDF or HTML")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError("an old Word/Office file: not supported — save the letter as PDF or HTML")
    if head.startswith(b"{\\rtf"):
        raise IngestError("an RTF file: not supported — save the letter as PDF, HTML or text")
    for magic, what in _IMAGES:
        if head.startswith(magic):
            raise IngestError(f"{what}, not a letter with text (a scan needs OCR first)")
    text = _decode(head, sniffing=True)
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith("<"):
        low = start[:4096].lower()
        if re.search(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", low):
            return "html"
        if re.match(r"<(p|div|h[1-6]|article|section|main|table|span)[\s>]", low):
            return "html"  # an HTML fragment
        return "xml"
    return "text"


def detect_format(path: Path) -> Format:
    """``"pdf"``, ``"html"``, ``"xml"`` or ``"text"`` — from the file's content (magic bytes,
    markup), not its extension. Raises :class:`IngestError` for empty files, binary junk and
    unsupported formats (images, Word, ZIP, RTF) with a message that says what the file is."""
    return _sniff(_read(path))


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(f"too large ({size / 2**20:.0f} MB; the limit is {MAX_BYTES // 2**20} MB)")
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError("file not found") from None
    except IsADirectoryError:
        raise IngestError("is a folder") from None
    except OSError as e:
        raise IngestError(f"cannot read: {e.strerror or e}") from e


def _decode(data: bytes, sniffing: bool = False) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 (BOM, or the NUL pattern of
    ASCII-range UTF-16), else Windows-1252 if that reads as text. Anything else is
    binary junk or a wrong encoding, and says so."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace" if sniffing else "strict")
    if len(data) >= 4 and b"\x00" in data[:4096]:
        even, odd = data[0:4096:2], data[1:4096:2]
        for zeros, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
            if zeros.count(0) > 0.9 * len(zeros):
                try:
                    return data.decode(enc, errors="replace" if sniffing else "strict")
                except UnicodeDecodeError:
                    break
        raise IngestError("binary data, not a letter (unrecognised format)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if sniffing and e.start >= len(data) - 4:  # the sniffed head cut a character in two
            return data[:e.start].decode("utf-8-sig")
        utf8_error = e
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_like_text(text):
        return text
    if not _looks_like_text(data.decode("latin-1")):
        raise IngestError("binary data, not a letter (unrecognised format)")
    raise IngestError(f"not UTF-8 text (invalid byte at {utf8_error.start}) and not Windows-1252 "
                      "either — re-save it as UTF-8")


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text if (not ch.isprintable() and ch not in "\n\r\t\f") or "\x80" <= ch <= "\x9f")
    return bad <= max(2, len(text) // 200)


