"""Adding letters to the corpus: ``rag add`` / the app's upload (issue 7).

Letters as published on officielebekendmakingen.nl come as HTML, as XML in the
officiële-publicaties (SDU) schema, as PDF, or as text/markdown like the seeds.
Every format is converted to the project's markdown-ish letter text — the shape
of the seed letters::

    Vergaderjaar 2022–2023

    28 676

    NAVO

    Nr. 418

    ## BRIEF VAN DE MINISTER VAN DEFENSIE

    Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

    Den Haag, 30 september 2022

    Paragraph …<sup>1</sup> …

    ### Heading

    De Minister van Defensie,␣␣
    K.H. Ollongren

    ---

    <sup>1</sup> Footnote text.

— so that :func:`rag.corpus.parse_letter` reads the same clean text and metadata
from it. The converted letter is stored as ``corpus/kst-<dossier>-<nr>.txt``:
that stored text is what citation offsets point into. Converted uploads (HTML,
XML, PDF) are also kept as they came in ``corpus/originals/`` (a sub-folder, so
:func:`rag.corpus.load_corpus` never reads them).

>>> report = add_paths([Path("downloads/")], Config())      # files or folders
>>> [(r.status, r.doc_id) for r in report.results]
[('added', 'kst-28676-999'), ('duplicate', 'kst-28676-418'), ('error', None)]
>>> remove_letter("kst-28676-999", Config())
"""
from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Literal

from filelock import FileLock

from . import trash
from .config import Config
from .corpus import MONTHS, CorpusError, load_corpus, parse_text
from .records import Letter

if TYPE_CHECKING:
    from .store import BuildReport

Format = Literal["text", "html", "xml", "pdf"]
Progress = Callable[[str], None]

MAX_BYTES = 50 * 1024 * 1024  # larger uploads are refused, not read into memory
MIN_WORDS = 25  # fewer words in the clean text: not a letter
ORIGINALS = trash.ORIGINALS  # sub-folder of the corpus with the uploads as they came
_SUFFIX = {"text": ".txt", "html": ".html", "xml": ".xml", "pdf": ".pdf"}


def _quiet(_: str) -> None:
    pass


class IngestError(CorpusError):
    """A file that cannot be added; the message says why (one line, for people)."""


# ---------------------------------------------------------------- format detection

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


# ---------------------------------------------------------------- the common letter shape

@dataclass
class _Draft:
    """A letter on its way to text: header lines, body blocks, footnotes.

    Block kinds: ``("p", text)`` a paragraph (may hold hard line breaks), ``("h", text, level)``
    a heading, ``("sig", text)`` a signature (lines: function, name). Texts are already
    escaped markdown-ish inline text (see :func:`_esc`), ``<sup>n</sup>`` marks footnotes."""

    blocks: list[tuple] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    markdown_headings: bool = True  # False: leave heading detection to rag.corpus (plain PDFs)

    def para(self, text: str) -> None:
        text = _tidy(text)
        if text:
            self.blocks.append(("p", text))

    def heading(self, text: str, level: int) -> None:
        text = " ".join(text.split())
        if text:
            self.blocks.append(("h", text, level))


def _esc(text: str) -> str:
    """Escape content text so rag.corpus reads it back literally: ``*`` (emphasis), ``<``
    (``<sup>`` markers), ``[`` (links) and a backslash before any of them."""
    return re.sub(r"([\\*<\[])", r"\\\1", text)


def _tidy(text: str) -> str:
    """Collapse whitespace inside lines, keep hard line breaks, drop empty lines."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _block_start_safe(text: str) -> str:
    """A paragraph must not read as a heading, a footnote or a rule in rag.corpus."""
    if re.match(r"#|-{3,}$|_{3,}$", text):
        return "\\" + text
    return text


_DOSSIER_LINE = re.compile(r"^(\d{2}) ?(\d{3})(?:\s+(.+))?$")
_NR_LINE = re.compile(r"^Nr\.\s*(\d+)(?:\s+(.+))?$", re.S)
_DATE_LINE = re.compile(r"^Den Haag,\s+\d{1,2}\s+(" + "|".join(MONTHS) + r")\s+\d{4}")
_SIG_PARA = re.compile(r"^\**De (Minister|Staatssecretaris)[^\n]*,\**\n[^\n]+$")
_CHAMBER = re.compile(r"^(Tweede|Eerste) Kamer der Staten-Generaal(\s+\d)?$")


def _header_end(blocks: list[tuple]) -> int:
    """Index of the last header block: the "Den Haag, <date>" line, else the "Aan de …"
    line, else the "Nr. N"/"BRIEF VAN" line; -1 when there is no recognisable header."""
    head = [(i, " ".join(b[1].split())) for i, b in enumerate(blocks[:25]) if b[0] != "sig"]
    for i, t in head:
        if _DATE_LINE.match(t):
            return i
    for i, t in head:
        if t.startswith("Aan de "):
            return i
    found = [i for i, t in head if _NR_LINE.match(t) or t.upper().startswith("BRIEF VAN")]
    if found:
        return found[-1]
    return -1


def _render(draft: _Draft) -> str:
    """The draft as the seeds' markdown-ish text. The header (everything up to the
    "Den Haag, <date>" line) is normalised: a dossier line "28 676 NAVO" becomes "28 676"
    and "NAVO", "Nr. 418 BRIEF VAN …" becomes "Nr. 418" and the title, and the title is a
    ``##`` heading (rag.corpus keeps "BRIEF VAN" headings out of the sections)."""
    blocks = list(draft.blocks)
    end = _header_end(blocks)
    out: list[str] = []
    title: list[str] = []

    def flush_title() -> None:
        if title:
            text = " ".join(title)
            out.append(f"## {text}" if draft.markdown_headings else text)
            title.clear()

    for i, b in enumerate(blocks):
        if i <= end:  # header lines: plain paragraphs, never section headings
            text = " ".join(b[1].split())
            if _CHAMBER.match(text):
                continue
            if (m := _NR_LINE.match(text)):
                flush_title()
                out.append(f"Nr. {m.group(1)}")
                text = m.group(2) or ""
                if not text:
                    continue
            elif (m := _DOSSIER_LINE.match(text)) and not title:
                out.append(f"{m.group(1)} {m.group(2)}")
                if m.group(3):
                    out.append(m.group(3))
                continue
            if text.upper().startswith("BRIEF VAN") or (title and text.isupper()):
                title.append(text)
                continue
            flush_title()
            out.append(_block_start_safe(text))
            continue
        flush_title()
        if b[0] == "h":
            out.append("#" * max(2, min(b[2], 6)) + " " + b[1] if draft.markdown_headings else b[1])
        elif b[0] == "sig":
            out.append("  \n".join(_tidy(b[1]).split("\n")))
        elif _SIG_PARA.match(b[1]):  # "De Minister van …,<br>Naam" from HTML/PDF
            out.append("  \n".join(b[1].split("\n")))
        else:
            out.append(_block_start_safe(b[1]))
    flush_title()
    if not any(x.startswith("#") for x in out):
        # Without any markdown heading rag.corpus guesses headings from lone short lines, and
        # the dossier title ("NAVO") would become one: keep it in the block of the next line.
        j = next((k for k, x in enumerate(out[:12]) if re.fullmatch(r"\d{2} \d{3}", x)), None)
        if j is not None and j + 2 < len(out) and not out[j + 1].startswith("Nr."):
            out[j + 1:j + 3] = [out[j + 1] + "\n" + out[j + 2]]
    if draft.notes:
        out.append("---")
        for label, text in draft.notes:
            out.append(f"<sup>{label}</sup> {_tidy(text)}")
    return "\n\n".join(out) + "\n"


def _strip_marks(text: str) -> str:
    """Drop emphasis markers (``*``), keep escaped literal asterisks (``\\*``)."""
    return re.sub(r"(?<!\\)\*+", "", text)


def _short_styled_heading(text: str) -> bool:
    t = " ".join(re.sub(r"<sup>.*?</sup>|\\|\*", "", text).split())
    return 0 < len(t) <= 120 and not t.endswith((".", ",", ";", ":")) and "\n" not in text


def _levels(levels_used: list[int]) -> dict[int, int]:
    """Body heading levels (h2/h4/…, nesting depth) → 3, 4, 5 … in order of rank."""
    return {lv: min(3 + i, 6) for i, lv in enumerate(sorted(set(levels_used)))}


# ---------------------------------------------------------------- HTML

_DROP_HTML = {"script", "style", "noscript", "head", "nav", "header", "footer", "aside", "form",
              "button", "select", "svg", "iframe", "template", "img", "figure", "object", "embed",
              "input", "label", "canvas", "video", "audio", "map"}
_CHROME = re.compile(r"breadcrumb|cookie|skiplink|skip-link|navbar|menu|sidebar|toolbar|banner|"
                     r"share|social|zoekbalk|search|pagination|print-only", re.I)
_BLOCK_HTML = {"p", "div", "section", "article", "main", "body", "h1", "h2", "h3", "h4", "h5", "h6",
               "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
               "blockquote", "pre", "address", "center", "caption", "hr", "details", "summary",
               "figcaption", "html", "header", "footer", "aside", "nav", "figure", "form", "fieldset"}
_NOTE_BOX = re.compile(r"(^|[\s_-])(voetnoten|noten|footnotes|notes)($|[\s_-])", re.I)
_NOTE_ITEM = re.compile(r"(^|[\s_-])(voetnoot|noot|footnote|note)($|[\s_-])", re.I)
_HEADING_CLASS = re.compile(r"(^|\s)(tussenkop|kop|subkop|heading|stuktitel)(\s|$)", re.I)
_SIG_CLASS = re.compile(r"ondertekening|signature", re.I)


def _cls(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _html_tag(el) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None


def _is_note_ref(el) -> str | None:
    """The label of an inline footnote reference (``<sup>1</sup>``, ``<a class="noot">1</a>``)."""
    tag = _html_tag(el)
    text = " ".join("".join(el.itertext()).split())
    if not re.fullmatch(r"\d{1,3}|[a-z]", text):
        return None
    if tag == "sup":
        return text if text.isdigit() else None
    if tag == "a" and (_NOTE_ITEM.search(_cls(el)) or "noot" in (el.get("href") or "").lower()
                       or "fn" in (el.get("href") or "").lower()):
        return text
    return None


def _html_inline(el) -> str:
    """Inline text of an element's content: escaped, ``<sup>n</sup>`` footnote markers,
    ``*em*``, ``**strong**``, ``<br>`` as a hard line break."""
    parts = [_esc(_ws(el.text))] if el.text else []
    for child in el:
        parts.append(_html_inline_el(child))
        if child.tail:
            parts.append(_esc(_ws(child.tail)))
    return "".join(parts)


def _html_inline_el(child) -> str:
    """One inline element (without its tail)."""
    tag = _html_tag(child)
    if tag is None:
        return ""
    if (label := _is_note_ref(child)) is not None:
        return f"<sup>{label}</sup>"
    if tag == "br":
        return "\n"
    inner = _html_inline(child)
    if tag in ("em", "i", "strong", "b"):
        mark = "*" if tag in ("em", "i") else "**"
        core = inner.strip()
        if core and "\n" not in core:
            return f"{inner[: len(inner) - len(inner.lstrip())]}{mark}{core}{mark}{inner[len(inner.rstrip()):]}"
        return inner
    if tag in _BLOCK_HTML:  # a block inside a paragraph: its text on a line of its own
        return "\n" + inner + "\n"
    return inner


def _ws(s: str) -> str:
    return re.sub(r"[ \t\r\n\f\v\u00a0]+", " ", s)


def _only_styled(el) -> bool:
    """A paragraph whose whole text is bold/italic (a heading in most HTML renderings)."""
    own = (el.text or "").strip() or any((c.tail or "").strip() for c in el)
    kids = [c for c in el if _html_tag(c)]
    return (not own and len(kids) == 1 and _html_tag(kids[0]) in ("strong", "b", "em", "i")
            and not any(_html_tag(g) == "br" for g in kids[0].iter()))


class _HtmlWalker:
    def __init__(self, draft: _Draft):
        self.draft = draft
        self.buffer: list[str] = []

    def flush(self) -> None:
        if self.buffer:
            self.draft.para("".join(self.buffer))
            self.buffer = []

    def leaf(self, el) -> None:
        tag = _html_tag(el)
        text = _html_inline(el)
        if not text.strip():
            return
        cls = _cls(el)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.draft.blocks.append(("hx", _strip_marks(_tidy(text).replace("\n", " ")), int(tag[1])))
        elif _SIG_CLASS.search(cls):
            self.draft.blocks.append(("sig", text))
        elif (_HEADING_CLASS.search(cls) or _only_styled(el)) and _short_styled_heading(text):
            self.draft.blocks.append(("hx", _strip_marks(_tidy(text)), 7))
        else:
            self.draft.para(text)

    def walk(self, el) -> None:
        tag = _html_tag(el)
        if tag in ("table",):
            for row in el.iter("tr"):
                cells = [_tidy(_html_inline(c)).replace("\n", " ") for c in row if _html_tag(c) in ("td", "th")]
                if any(cells):
                    self.draft.para(" | ".join(cells))
            return
        if tag in ("ul", "ol"):
            n = 0
            for li in el:
                if _html_tag(li) != "li":
                    continue
                n += 1
                marker = f"{n}." if tag == "ol" else "–"
                if any(_html_tag(c) in _BLOCK_HTML for c in li):
                    first = len(self.draft.blocks)
                    self.mixed(li)
                    if first < len(self.draft.blocks) and self.draft.blocks[first][0] == "p":
                        self.draft.blocks[first] = ("p", f"{marker} {self.draft.blocks[first][1]}")
                else:
                    self.draft.para(f"{marker} {_html_inline(li)}")
            return
        if any(_html_tag(c) in _BLOCK_HTML for c in el):
            self.mixed(el)
        else:
            self.leaf(el)

    def mixed(self, el) -> None:
        """Children that are blocks become blocks; runs of inline content between them
        become paragraphs."""
        if el.text:
            self.buffer.append(_esc(_ws(el.text)))
        for child in el:
            if _html_tag(child) in _BLOCK_HTML:
                self.flush()
                if _html_tag(child) != "hr":
                    self.walk(child)
            else:
                self.buffer.append(_html_inline_el(child))
            if child.tail:
                self.buffer.append(_esc(_ws(child.tail)))
        self.flush()


def _html_notes(root, draft: _Draft) -> None:
    """Footnote definitions (a "voetnoten"/"footnotes" box, or items with a "noot" class):
    collected into the draft and removed from the body."""
    total = len(_ws(root.text_content()))
    boxes = [el for el in root.iter() if _html_tag(el) in _BLOCK_HTML and _NOTE_BOX.search(_cls(el))
             and len(_ws(el.text_content())) < total / 2]  # never the letter itself
    boxes = [b for b in boxes if not any(a in boxes for a in b.iterancestors())]
    items: list = []
    for box in boxes:
        dts = [c for c in box.iter() if _html_tag(c) == "dt"]
        if dts:
            for dt in dts:
                dd = dt.getnext()
                if dd is not None and _html_tag(dd) == "dd":
                    items.append((" ".join("".join(dt.itertext()).split()), dd))
        else:
            found = [c for c in box.iter() if c is not box and _html_tag(c) in ("li", "div", "p")
                     and _NOTE_ITEM.search(_cls(c))]
            found = [c for c in found if not any(a in found for a in c.iterancestors())]
            if not found:
                found = [c for c in box.iter() if _html_tag(c) in ("li", "p")]
            items += [(None, c) for c in found]
    if not boxes:
        loose = [el for el in root.iter() if _html_tag(el) in ("div", "p", "li", "aside")
                 and _NOTE_ITEM.search(_cls(el)) and not _is_note_ref(el)]
        items = [(None, el) for el in loose if not any(a in loose for a in el.iterancestors())]
    for n, (label, el) in enumerate(items, 1):
        text = _tidy(_html_inline(el)).replace("\n", " ")
        if label is None:
            m = re.match(r"^(?:<sup>(\w{1,3})</sup>|(\d{1,3})[.)]?(?=\s))\s*", text)
            if m:
                label, text = m.group(1) or m.group(2), text[m.end():]
            else:
                label = str(n)
        if text:
            draft.notes.append((re.sub(r"\W", "", label) or str(n), text))
    for b in boxes or [el for _, el in items]:
        if b.getparent() is not None:
            _remove_keep_tail(b)


def _remove_keep_tail(el) -> None:
    parent = el.getparent()
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


_LETTER_HEAD = re.compile(r"\bNr\.\s*\d+|Vergaderjaar \d{4}|BRIEF VAN|Den Haag, \d")


def _attached(el, root) -> bool:
    """Still in the tree (an ancestor may have been removed already)."""
    for a in el.iterancestors():
        if a is root:
            return True
    return el is root


def _decode_markup(data: bytes) -> str:
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.I)
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), errors="strict").lstrip("\ufeff")
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode(data)


def html_to_letter(data: bytes) -> str:
    """An HTML page (officielebekendmakingen.nl or a saved copy) as the seeds' letter text.
    Navigation, scripts and page chrome are dropped; ``<h1>``–``<h6>``, ``class="tussenkop"``
    and all-bold short paragraphs become headings; ``<sup>n</sup>`` references and a
    footnote box become ``<sup>n</sup>`` markers and footnote blocks."""
    import lxml.html
    from lxml import etree

    text = _decode_markup(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise IngestError(f"unreadable HTML ({e})") from e
    total = len(_ws(doc.text_content()))
    for el in list(doc.iter()):
        if el.getparent() is None or not _attached(el, doc):
            continue
        tag = _html_tag(el)
        if tag is None:  # comments, processing instructions
            _remove_keep_tail(el)
        elif tag in ("header", "footer", "aside") and _LETTER_HEAD.search(el.text_content()):
            continue  # an <article><header> holding the letter's own header
        elif tag in _DROP_HTML or (tag in _BLOCK_HTML and tag not in ("html", "body", "main", "article")
                                   and _CHROME.search(_cls(el)) and not _NOTE_BOX.search(_cls(el))
                                   and len(_ws(el.text_content())) < 0.3 * total):  # never the letter
            _remove_keep_tail(el)
    root = doc.find("body") if doc.find("body") is not None else doc
    for query in ('//*[@id="broodtekst"]', '//*[contains(concat(" ", normalize-space(@class), " "), " kamerstuk ")]',
                  "//main|//article"):
        found = doc.xpath(query)
        if found:
            root = found[0]
            break
    draft = _Draft()
    _html_notes(root, draft)
    _HtmlWalker(draft).walk(root)
    _drop_leading_chrome(draft)
    _rank_headings(draft)
    return _render(draft)


def _drop_leading_chrome(draft: _Draft) -> None:
    """Blocks before the letter's header ("Vergaderjaar …" or the dossier number) are page chrome."""
    for i, b in enumerate(draft.blocks[:40]):
        if b[0] != "sig" and (b[1].startswith("Vergaderjaar") or _DOSSIER_LINE.match(b[1])):
            del draft.blocks[:i]
            return


def _rank_headings(draft: _Draft) -> None:
    """"hx" blocks carry a raw level (h1–h6 or 7 for styled paragraphs): in the header they
    become plain lines, in the body levels 3, 4, … by rank (like the seeds' ``###``)."""
    date_at = _header_end(draft.blocks)
    body_levels = [b[2] for i, b in enumerate(draft.blocks) if b[0] == "hx" and i > date_at
                   and not b[1].upper().startswith("BRIEF VAN")]
    ranks = _levels(body_levels)
    for i, b in enumerate(draft.blocks):
        if b[0] != "hx":
            continue
        if i <= date_at or b[1].upper().startswith("BRIEF VAN"):
            draft.blocks[i] = ("p", b[1])
        else:
            draft.blocks[i] = ("h", b[1], ranks[b[2]])


# ---------------------------------------------------------------- XML (officiële publicaties)

_XML_SKIP = {"metadata", "meta", "kamerstukkop", "dossier", "stuknr", "stuknummer", "datumtekst",
             "dagtekening", "plaats-datum", "colspec", "plaatje", "illustratie", "li.nr", "noot.nr",
             "tekstregel", "richting"}
_XML_INLINE = {"nadruk", "noot", "extref", "intref", "sup", "inf", "br", "naam", "voornaam",
               "achternaam", "voorvoegsels", "datum", "organisatie", "term", "functie", "plaats",
               "redactie", "nootref", "unl", "a"}
_XML_PARA = {"al", "considerans.al", "slotformule", "wat", "aanhef-tekst", "afkondiging"}
_KOPOPMAAK = ["vet", "halfvet", "vetcur", "cur", "rom", "ondlijn"]  # tussenkop styles, highest first


def _local(el) -> str | None:
    if not isinstance(el.tag, str):
        return None
    return el.tag.rsplit("}", 1)[-1].lower()


def _xml_text(el) -> str:
    return " ".join("".join(t for t in el.itertext()).split())


class _XmlWalker:
    def __init__(self, draft: _Draft):
        self.draft = draft
        self.levels: list[tuple[int, int]] = []  # collected (block index, raw level)

    def inline(self, el, *, own_text: bool = True) -> str:
        parts = [_esc(_ws(el.text))] if own_text and el.text else []
        for child in el:
            tag = _local(child)
            if tag is None:
                pass
            elif tag == "noot":
                parts.append(self.note(child))
            elif tag == "br":
                parts.append("\n")
            elif tag in ("li.nr", "noot.nr", "plaatje", "illustratie", "colspec"):
                pass
            elif tag == "nadruk":
                inner = self.inline(child)
                mark = {"cur": "*", "vet": "**", "vetcur": "***"}.get(child.get("type", ""), "")
                core = inner.strip()
                if mark and core and "\n" not in core:
                    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
                    parts.append(f"{lead}{mark}{core}{mark}{trail}")
                else:
                    parts.append(inner)
            elif tag in _XML_PARA:  # an <al> inside an inline context: its own line
                parts.append("\n" + self.inline(child) + "\n")
            else:
                parts.append(self.inline(child))
            if child.tail:
                parts.append(_esc(_ws(child.tail)))
        return "".join(parts)

    def note(self, el) -> str:
        nr = el.find("./{*}noot.nr")
        if nr is None:
            nr = el.find("noot.nr")
        label = _xml_text(nr) if nr is not None else ""
        label = re.sub(r"\W", "", label) or str(len(self.draft.notes) + 1)
        paras = [self.inline(c) for c in el if _local(c) in ("noot.al", "al")]
        text = " ".join(_tidy(p).replace("\n", " ") for p in paras) if paras else _tidy(
            self.inline(el)).replace("\n", " ")
        if text.startswith(label + " "):
            text = text[len(label) + 1:]
        self.draft.notes.append((label, text))
        return f"<sup>{label}</sup>"

    def heading(self, text: str, depth: int) -> None:
        text = _strip_marks(_tidy(text).replace("\n", " "))
        if text:
            self.draft.blocks.append(("hx", text, depth))

    def walk(self, el, depth: int = 0) -> None:
        for child in el:
            tag = _local(child)
            if tag is None or tag in _XML_SKIP:
                continue
            self.block(child, depth)

    def block(self, el, depth: int) -> None:
        tag = _local(el)
        if tag == "tussenkop":
            style = el.get("kopopmaak", "vet")
            rank = _KOPOPMAAK.index(style) if style in _KOPOPMAAK else len(_KOPOPMAAK)
            self.heading(self.inline(el), 100 + 10 * depth + rank)
        elif tag == "kop":
            bits = [self.inline(c) for c in el if _local(c) in ("label", "nr", "titel", "subtitel")]
            self.heading(" ".join(b.strip() for b in bits if b.strip()) or self.inline(el), depth)
        elif tag == "titel":
            self.heading(self.inline(el), depth)
        elif tag == "divisie" or tag == "paragraaf" or tag == "hoofdstuk":
            self.walk(el, depth + 1)
        elif tag == "ondertekening":
            lines = []
            for c in el:
                if _local(c) is not None:
                    lines.append(_tidy(self.inline(c)).replace("\n", " "))
            if not lines:
                lines = [self.inline(el)]
            if el.text and el.text.strip():
                lines.insert(0, _esc(_ws(el.text)))
            self.draft.blocks.append(("sig", "\n".join(x for x in lines if x.strip())))
        elif tag == "lijst":
            for li in (c for c in el if _local(c) == "li"):
                nr = li.find("./{*}li.nr")
                if nr is None:
                    nr = li.find("li.nr")
                marker = _xml_text(nr) if nr is not None else "–"
                first = True
                for c in li:
                    ct = _local(c)
                    if ct in (None, "li.nr"):
                        continue
                    if ct in _XML_PARA and first:
                        self.draft.para(f"{_esc(marker)} {self.inline(c)}")
                        first = False
                    else:
                        self.block(c, depth)
                if first and _xml_text(li):
                    self.draft.para(f"{_esc(marker)} {self.inline(li)}")
        elif tag in ("table", "tabel"):
            for row in el.iter("{*}row", "row"):
                cells = [_tidy(self.inline(c)).replace("\n", " ") for c in row if _local(c) == "entry"]
                if any(cells):
                    self.draft.para(" | ".join(cells))
        elif tag == "noot":
            self.draft.para(self.note(el))
        elif tag in _XML_PARA or not any(_local(c) not in _XML_INLINE for c in el if _local(c)):
            text = self.inline(el)
            if text.strip():
                self.draft.para(text)
        else:  # a container (tekst, brief parts, unknown elements): its blocks, in order
            if el.text and el.text.strip():
                self.draft.para(_esc(_ws(el.text)))
            for child in el:
                ct = _local(child)
                if ct is not None and ct not in _XML_SKIP:
                    self.block(child, depth)
                if child.tail and child.tail.strip():
                    self.draft.para(_esc(_ws(child.tail)))


def _first(root, *names: str):
    for name in names:
        found = root.find(f".//{{*}}{name}")
        if found is None:
            found = root.find(f".//{name}")
        if found is not None:
            return found
    return None


def xml_to_letter(data: bytes) -> str:
    """A kamerstuk in the officiële-publicaties XML schema (``<officiele-publicatie>``/
    ``<kamerstuk>``: ``<kamerstukkop>``, ``<dossier><dossiernummer>``, ``<stuk><stuknr>``,
    ``<titel>``, ``<brief>`` with ``<al>``, ``<tussenkop>``/``<divisie><kop>``, ``<noot>``,
    ``<ondertekening>``) as the seeds' letter text. Tolerant of missing parts and unknown
    elements (their text is kept); other XML is refused."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                             remove_comments=True, remove_pis=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        msg = str(e).split(", line")[0]
        raise IngestError(f"malformed XML: {msg} (line {e.lineno})") from e
    names = {_local(el) for el in root.iter()} - {None}
    if not (names & {"kamerstuk", "brief", "stuk"} or
            ("officiele-publicatie" in names and "al" in names) or
            ("al" in names and names & {"dossiernummer", "stuknr", "stuknummer"})):
        raise IngestError(f"unknown XML (root <{_local(root)}>): not an officiële-publicaties kamerstuk "
                          "(expected <officiele-publicatie>, <kamerstuk> or <brief> with <al> paragraphs)")
    draft = _Draft()
    # Header, from wherever the parts are.
    jaar = next((el for el in root.iter("{*}tekstregel", "tekstregel")
                 if (el.get("inhoud") or "").lower() == "vergaderjaar"
                 or _xml_text(el).lower().startswith("vergaderjaar")), None)
    jaar = jaar if jaar is not None else _first(root, "vergaderjaar")
    if jaar is not None:
        t = _xml_text(jaar)
        draft.para(t if t.lower().startswith("vergaderjaar") else f"Vergaderjaar {t}")
    dossier = _first(root, "dossiernummer", "dossiernr")
    if dossier is not None:
        nr = _xml_text(dossier)
        if re.fullmatch(r"\d{5}", nr):
            nr = f"{nr[:2]} {nr[2:]}"
        draft.para(_esc(nr))
        dtitel = _first(root, "dossiertitel")
        if dtitel is None:
            d = _first(root, "dossier")
            dtitel = None if d is None else next((c for c in d if _local(c) == "titel"), None)
        if dtitel is not None and _xml_text(dtitel):
            draft.para(_esc(_xml_text(dtitel)))
    stuknr = _first(root, "stuknr", "stuknummer", "ondernummer")
    if stuknr is not None:
        m = re.search(r"\d+", _xml_text(stuknr))
        if m:
            draft.para(f"Nr. {m.group(0)}")
    stuk = _first(root, "stuk")
    body = _first(root, "brief")
    holder = stuk if stuk is not None else (body if body is not None else root)
    titel = next((c for c in holder if _local(c) == "titel"), None)
    if titel is None and body is not None:
        titel = next((c for c in body if _local(c) == "titel"), None)
    if titel is not None and _xml_text(titel):
        draft.para(_esc(_xml_text(titel)))
    richting = _first(root, "richting")
    if richting is not None and _xml_text(richting):
        draft.para(_esc(_xml_text(richting)))
    datum = _first(root, "dagtekening", "plaats-datum", "datumtekst")
    if datum is not None and _xml_text(datum):
        draft.para(_esc(_xml_text(datum)))
    # Body: the <brief> (or the <stuk>, or the whole document), minus the header parts.
    walker = _XmlWalker(draft)
    start = len(draft.blocks)
    target = body if body is not None else holder
    skip = {titel} if titel is not None else set()
    for child in target:
        tag = _local(child)
        if tag is None or tag in _XML_SKIP or child in skip:
            continue
        if tag == "aanhef":  # richting/dagtekening were taken; anything else stays
            for c in child:
                if _local(c) not in _XML_SKIP and _local(c) is not None:
                    walker.block(c, 0)
            continue
        walker.block(child, 0)
    if len(draft.blocks) == start and target is not root:
        raise IngestError("XML kamerstuk without text (no <al> paragraphs in the letter)")
    # Heading levels: tussenkoppen (20+) and divisie koppen by nesting depth → 3, 4, …
    raw = [b[2] for b in draft.blocks[start:] if b[0] == "hx"]
    ranks = _levels(raw)
    for i in range(start, len(draft.blocks)):
        b = draft.blocks[i]
        if b[0] == "hx":
            draft.blocks[i] = ("h", b[1], ranks[b[2]])
    return _render(draft)


# ---------------------------------------------------------------- PDF

@dataclass
class _Frag:
    text: str
    y: float
    size: float
    font: str
    newline_before: bool


@dataclass
class _PdfLine:
    parts: list[tuple[str, float, str, bool]]  # (text, size, font, is_note_marker)
    y: float
    size: float
    page: int

    @property
    def text(self) -> str:
        return "".join(f"<sup>{t}</sup>" if sup else _esc(t) for t, _, _, sup in self.parts).strip()

    @property
    def plain(self) -> str:
        return "".join(t for t, _, _, sup in self.parts if not sup).strip()

    @property
    def styled(self) -> bool:
        """All of the line's text is bold or italic."""
        fonts = [f for t, _, f, sup in self.parts if t.strip() and not sup]
        return bool(fonts) and all(re.search(r"bold|black|heavy|semibold|demi|italic|oblique|-b\b|-i\b|,b",
                                             f, re.I) for f in fonts)


_RUNNING = [
    re.compile(r"^(Tweede|Eerste) Kamer, vergaderjaar \d{4}[–-]\d{4}, .*nr\. ?\d+\s*\d*$", re.I),
    re.compile(r"^kst-[\w-]+(\s+ISSN.*)?$", re.I),
    re.compile(r"^ISSN \d{4}\s*-\s*\d{3}[\dX]"),
    re.compile(r"^'s-Gravenhage \d{4}$"),
    re.compile(r"^(Tweede|Eerste) Kamer der Staten-Generaal(\s+\d)?$"),
]


def _mult(m: list[float], n: list[float]) -> list[float]:
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


def _pdf_fragments(page) -> list[_Frag]:
    frags: list[_Frag] = []
    pending_newline = [False]

    def visit(text, cm, tm, font_dict, font_size):
        if not text:
            return
        m = _mult(list(tm), list(cm))
        scale = (m[2] ** 2 + m[3] ** 2) ** 0.5 or 1.0
        font = str(font_dict.get("/BaseFont", "")) if font_dict else ""
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                pending_newline[0] = True
            if piece:
                frags.append(_Frag(piece, m[5], float(font_size or 0) * scale, font, pending_newline[0]))
                pending_newline[0] = False

    page.extract_text(visitor_text=visit)
    return frags


def _pdf_lines(frags: list[_Frag], page_no: int) -> list[_PdfLine]:
    lines: list[_PdfLine] = []
    cur: _PdfLine | None = None
    for f in frags:
        small_digits = re.fullmatch(r"\s*\d{1,3}\s*", f.text) is not None
        if cur is not None:
            tol = 0.35 * max(cur.size, f.size, 1.0)
            same = abs(f.y - cur.y) <= tol
            raised = f.size < 0.85 * cur.size and 0 < f.y - cur.y <= 0.8 * cur.size
            if same or (raised and small_digits):
                is_sup = small_digits and f.size < 0.85 * cur.size and bool(cur.plain)
                text = f.text.strip() if is_sup else f.text
                if (f.newline_before and not is_sup and cur.parts and not cur.parts[-1][0].endswith(" ")
                        and not text.startswith(" ")):
                    text = " " + text
                cur.parts.append((text, f.size, f.font, is_sup))
                if not is_sup and f.size > cur.size:
                    cur.size = f.size
                continue
        cur = _PdfLine([(f.text, f.size, f.font, False)], f.y, f.size, page_no)
        lines.append(cur)
    return [ln for ln in lines if ln.plain or ln.parts]


def _body_size(lines: list[_PdfLine]) -> float:
    weight: dict[float, int] = {}
    for ln in lines:
        for t, s, _, sup in ln.parts:
            if not sup:
                weight[round(s * 2) / 2] = weight.get(round(s * 2) / 2, 0) + len(t.strip())
    return max(weight, key=weight.get) if weight else 10.0


def pdf_to_letter(data: bytes) -> str:
    """A text PDF as the seeds' letter text. Lines come from pypdf's text extraction with
    their position and font: running heads/feet ("Tweede Kamer, vergaderjaar …, nr. N",
    "kst-… ISSN …") are dropped, a larger vertical gap starts a paragraph, smaller text
    below the body is footnotes, small raised digits are footnote markers, short bold or
    italic lines are headings. Lines stay hard-wrapped (rag.corpus rejoins them and
    hyphenated words). Scanned PDFs (no text layer), encrypted and corrupt files are refused."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # repair warnings are not for users
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise IngestError("password-protected PDF: remove the password and try again")
            except (NotImplementedError, PyPdfError) as e:
                raise IngestError(f"encrypted PDF that cannot be opened ({e})") from e
        pages = list(reader.pages)
        if not pages:
            raise IngestError("PDF without pages (corrupt or truncated)")
        all_lines: list[list[_PdfLine]] = []
        images = 0
        for i, page in enumerate(pages):
            all_lines.append(_pdf_lines(_pdf_fragments(page), i))
            try:
                images += len(page.images)
            except Exception:  # image listing is only for the error message
                pass
    except IngestError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, RecursionError, OSError) as e:
        raise IngestError(f"corrupt or unreadable PDF ({type(e).__name__}: {str(e)[:120]})") from e
    n_chars = sum(len(ln.plain) for lines in all_lines for ln in lines)
    if n_chars < 40:
        if images:
            raise IngestError(f"scanned PDF: no text layer ({len(pages)} page(s) of images) — "
                              "run OCR on it first, or add the HTML/XML version")
        raise IngestError("PDF without extractable text (no text layer)")
    return _render(_pdf_draft(all_lines))


def _pdf_draft(pages: list[list[_PdfLine]]) -> _Draft:
    body_size = _body_size([ln for p in pages for ln in p])
    draft = _Draft()
    paras: list[dict] = []  # {"lines": [...], "heading": bool, "page": int}
    notes: list[list[str]] = []
    for lines in pages:
        lines = [ln for ln in lines if not any(r.match(" ".join(ln.plain.split())) for r in _RUNNING)]
        lines = [ln for ln in lines if ln.plain or ln.text]
        if not lines:
            continue
        # Page numbers alone at the top or bottom.
        while lines and re.fullmatch(r"\d{1,3}", lines[-1].plain):
            lines.pop()
        while lines and re.fullmatch(r"\d{1,3}", lines[0].plain):
            lines.pop(0)
        # Footnotes: smaller text below the last body-size line.
        last_body = max((i for i, ln in enumerate(lines) if ln.size >= 0.9 * body_size), default=-1)
        body, foot = lines[:last_body + 1], lines[last_body + 1:]
        for ln in foot:
            # A footnote starts with the next number ("3 Zie …", or a separate small "3");
            # other lines continue the current footnote.
            want = str(int(notes[-1][0]) + 1) if notes and notes[-1][0].isdigit() else None
            first = ln.parts[0][0].strip()
            m = re.match(r"^(\d{1,3})(?:\s+|$)(.*)", ln.plain)
            if re.fullmatch(r"\d{1,3}", first) and len(ln.parts) > 1 and want in (None, first):
                notes.append([first, "".join(_esc(t) for t, _, _, _ in ln.parts[1:]).strip()])
            elif m and want in (None, m.group(1)):
                notes.append([m.group(1), _esc(m.group(2))])
            elif notes:
                notes[-1].append(ln.text)
            else:
                body.append(ln)
        # Paragraphs: a gap larger than the usual line pitch starts a new one.
        gaps = [a.y - b.y for a, b in zip(body, body[1:]) if 0 < a.y - b.y < 3 * body_size
                and abs(a.size - body_size) < 0.5 and abs(b.size - body_size) < 0.5]
        pitch = sorted(gaps)[len(gaps) // 2] if gaps else 1.2 * body_size
        for j, ln in enumerate(body):
            prev = body[j - 1] if j else None
            gap = prev is not None and not (0 < prev.y - ln.y <= 1.3 * pitch)
            styled_alone = (ln.styled and _short_styled_heading(ln.plain) and ln.size >= 0.95 * body_size)
            new_para = prev is None or gap or styled_alone or (paras and paras[-1]["heading"])
            if prev is None and paras and not paras[-1]["heading"] and paras[-1]["page"] != ln.page:
                # A paragraph running on from the previous page.
                last = paras[-1]["lines"][-1]
                if not re.search(r"[.!?:;»”\"')]$", re.sub(r"<sup>.*?</sup>", "", last)) and \
                        (ln.plain[:1].islower() or ln.plain[:1].isdigit()) and not styled_alone:
                    new_para = False
            if new_para:
                paras.append({"lines": [ln.text], "heading": styled_alone, "page": ln.page})
            else:
                paras[-1]["lines"].append(ln.text)
                paras[-1]["page"] = ln.page
    # A short first line over a full one cannot be wrapped text: a heading set without a gap
    # below it ("Oekraïne" / "De afgelopen weken …") gets a block of its own.
    widths = sorted(len(re.sub(r"<sup>.*?</sup>|\\", "", x)) for p in paras for x in p["lines"])
    full = widths[int(len(widths) * 0.75)] if widths else 0
    split = []
    for p in paras:
        first = re.sub(r"<sup>.*?</sup>|\\", "", p["lines"][0])
        if (not p["heading"] and len(p["lines"]) > 1 and len(first) < 0.5 * full
                and _short_styled_heading(first) and p["lines"][1][:1].isupper()
                and len(re.sub(r"<sup>.*?</sup>|\\", "", p["lines"][1])) > 0.6 * full):
            split += [{**p, "lines": p["lines"][:1]}, {**p, "lines": p["lines"][1:]}]
        else:
            split.append(p)
    paras = split
    for p in paras:
        text = "\n".join(p["lines"])
        if p["heading"]:
            draft.blocks.append(("hx", text, 7))
        else:
            draft.blocks.append(("p", text))
    for note in notes:
        label, *rest = note
        text = " ".join(x for x in rest if x)
        draft.notes.append((label, text))
    _split_header_block(draft)
    _rank_headings(draft)
    # No styled headings in the body: leave heading detection to rag.corpus (as for the
    # plain-text seed nr 387).
    draft.markdown_headings = any(b[0] == "h" for b in draft.blocks)
    return draft


def _split_header_block(draft: _Draft) -> None:
    """PDF header lines often share a block ("Vergaderjaar …" above "28 676 NAVO"): up to the
    date line (else the "Aan de …" or "Nr. N" line) every line is its own block; text after
    that line in the same block stays one paragraph."""
    def find(test):
        for i, b in enumerate(draft.blocks[:25]):
            for k, x in enumerate(b[1].split("\n")):
                if test(x):
                    return i, k
        return None

    at = (find(lambda x: _DATE_LINE.match(x)) or find(lambda x: x.startswith("Aan de "))
          or find(lambda x: _NR_LINE.match(x)))
    if at is None:
        return
    out = []
    for i, b in enumerate(draft.blocks[:at[0] + 1]):
        lines = b[1].split("\n")
        rest = lines[at[1] + 1:] if i == at[0] else []
        lines = lines[:at[1] + 1] if i == at[0] else lines
        merged: list[str] = []
        for x in lines:  # a wrapped title ("BRIEF VAN … EN" / "DEFENSIE") stays one line
            if merged and merged[-1].isupper() and x.isupper() and "BRIEF VAN" in merged[-1].upper():
                merged[-1] += " " + x
            else:
                merged.append(x)
        out += [("p", x) for x in merged]
        if rest:
            out.append(("p", "\n".join(rest)))
    draft.blocks[:at[0] + 1] = out


# ---------------------------------------------------------------- text

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


# ---------------------------------------------------------------- adding and removing

Status = Literal["added", "replaced", "duplicate", "error"]


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
    :func:`rag.store.build_index` runs once (only new/changed letters are embedded);
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
    from .store import build_index

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
