"""Stage 1 — corpus: parse letter files into clean text + metadata.

The letters come as markdown-ish text (``**bold**``, ``## headings``, ``*emphasis*``,
``<sup>1</sup>`` footnote markers, page breaks as ``---`` followed by footnotes)
or as hard-wrapped plain text with end-of-line hyphenation (nr 387). Parsing
yields a :class:`~rag.records.Letter` whose ``text`` is clean and whose
``source_offsets`` maps every clean character back to the original file.

>>> from rag.corpus import parse_letter
>>> letter = parse_letter(Path("corpus/kst-28676-387.txt"))
>>> letter.number, letter.date, letter.signatories[0].name
(387, '2022-02-01', 'K.H. Ollongren')
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .months import DUTCH_MONTHS
from .records import Letter, Section, Signatory

SUPPORTED_SUFFIXES = {".txt", ".md"}
PARSER_VERSION = 3  # part of the index manifest: bump when clean text changes, so indexes rebuild


class CorpusError(ValueError):
    """A letter file that cannot be parsed; the message says why."""


# ---------------------------------------------------------------- clean text with offsets

@dataclass
class _Text:
    """A string under construction together with each character's source offset."""

    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)

    def add(self, text: str, offsets: list[int]) -> None:
        self.chars.extend(text)
        self.offsets.extend(offsets)

    def add_synthetic(self, text: str, at: int) -> None:
        self.add(text, [at] * len(text))

    def __len__(self) -> int:
        return len(self.chars)

    def str(self) -> str:
        return "".join(self.chars)

    def strip_end(self) -> None:
        while self.chars and self.chars[-1] in " \t\r":
            self.chars.pop()
            self.offsets.pop()


_INLINE = re.compile(
    r"<sup>.*?</sup>"                     # footnote marker: dropped from the body
    r"|<sub>(?P<sub>.*?)</sub>"           # subscript (CO<sub>2</sub>): keep its text
    r"|\[(?P<link>[^\]]*)\]\([^)]*\)"     # markdown link: keep its text
    r"|\\+(?P<esc>[_*\[\]()#<>-])"        # markdown escape (doubled ones too: topics\\_1.htm)
    r"|\*+"                               # emphasis markers
)


def _clean_inline(line: str, base: int, out: _Text) -> None:
    """Append ``line`` (starting at source offset ``base``) without inline markup."""
    pos = 0
    for m in _INLINE.finditer(line):
        out.add(line[pos:m.start()], list(range(base + pos, base + m.start())))
        if m.group("sub") is not None:
            out.add(m.group("sub"), list(range(base + m.start("sub"), base + m.end("sub"))))
        elif m.group("link") is not None:
            _clean_inline(m.group("link"), base + m.start("link"), out)
        elif m.group("esc") is not None:
            out.add(m.group("esc"), [base + m.start("esc")])
        pos = m.end()
    out.add(line[pos:], list(range(base + pos, base + len(line))))


# ---------------------------------------------------------------- blocks

@dataclass
class _Line:
    text: str
    start: int  # source offset of text[0]


@dataclass
class _Block:
    kind: str  # "para" | "heading" | "footnote" | "rule"
    lines: list[_Line]
    level: int = 0


_HEADING = re.compile(r"^(#{1,6})\s+")
_FOOTNOTE = re.compile(r"^<sup>(\d+)</sup>\s*")
_RULE = re.compile(r"^(-{3,}|\*{3,}|_{3,})$")
_TERMINAL = tuple(".!?:;»”\"')")


def _blocks(raw: str) -> list[_Block]:
    """Split the source into blank-line separated blocks, keeping source offsets."""
    blocks, current, pos = [], [], 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        lead = len(body) - len(body.lstrip())
        stripped = body.strip()
        if stripped:
            current.append(_Line(stripped, pos + lead))
        elif current:
            blocks.append(current)
            current = []
        pos += len(line)
    if current:
        blocks.append(current)
    out = []
    for lines in blocks:
        first = lines[0].text
        if len(lines) == 1 and _RULE.match(first):
            out.append(_Block("rule", lines))
        elif _FOOTNOTE.match(first):
            out.append(_Block("footnote", lines))
        elif (m := _HEADING.match(first)):
            lines[0] = _Line(first[m.end():], lines[0].start + m.end())
            out.append(_Block("heading", lines, level=len(m.group(1))))
        else:
            out.append(_Block("para", lines))
    return out


def _is_plain_heading(block: _Block, nxt: _Block | None) -> bool:
    """Headings in plain-text letters (nr 387): a lone short line without end punctuation."""
    if block.kind != "para" or len(block.lines) != 1 or nxt is None or nxt.kind != "para":
        return False
    t = block.lines[0].text
    return (len(t) <= 80 and t[0].isupper() and not t.endswith(_TERMINAL + (",",))
            and not re.match(r"^(Nr\.|Den Haag|Aan de|Vergaderjaar|\d)", t)
            and nxt.lines[0].text[:1].isupper())


def _split_trailing_headings(blocks: list[_Block]) -> list[_Block]:
    """Plain-text letters sometimes put a heading right under a paragraph without a
    blank line ("…van belang.\n Zwarte Zee regio"): give it a block of its own."""
    out = []
    for b in blocks:
        last = b.lines[-1].text
        if (b.kind == "para" and len(b.lines) > 1 and len(last) <= 60 and last[0].isupper()
                and not last.endswith(_TERMINAL + (",",)) and b.lines[-2].text.endswith(".")):
            out += [_Block("para", b.lines[:-1]), _Block("para", b.lines[-1:])]
        else:
            out.append(b)
    return out


def _join_lines(lines: list[_Line], out: _Text) -> None:
    """Join wrapped lines: a word hyphenated at a line end is rejoined (``deelne-`` +
    ``mende`` → ``deelnemende``); a real hyphen before a capital stays (``Trans-Atlantische``)."""
    for i, line in enumerate(lines):
        text = line.text
        nxt = lines[i + 1].text if i + 1 < len(lines) else None
        if nxt is not None and re.search(r"[a-zà-ÿ]-$", text) and nxt[:1].islower():
            _clean_inline(text[:-1], line.start, out)  # drop the hyphen
        else:
            _clean_inline(text, line.start, out)
            if nxt is not None and not text.endswith("-"):
                out.add_synthetic(" ", line.start + len(text))


def _ends_open(block: _Block) -> bool:
    """A body paragraph that stops mid-sentence (short header lines never do)."""
    t = re.sub(r"<sup>.*?</sup>|\*+", "", block.lines[-1].text).rstrip()
    return sum(len(line.text) for line in block.lines) > 80 and not t.endswith(_TERMINAL)


def _continues(block: _Block) -> bool:
    t = block.lines[0].text.lstrip("*")
    return bool(t) and (t[0].islower() or t[0].isdigit())


# ---------------------------------------------------------------- metadata

_DATE = re.compile(r"Den Haag,\s+(\d{1,2})\s+(" + "|".join(DUTCH_MONTHS) + r")\s+(\d{4})")
SIGNATURE_LINE = _SIGNATURE = re.compile(
    r"^(De (?:Minister(?:-President)?|Staatssecretaris)(?: van .+?)?),\s*"
    r"((?:[A-Z][a-z]{0,2}\.\s?)+\s?(?:(?:de|van|der|den|ter|ten|het|te|in 't)\s)*"
    r"[A-Z][\w'\-]+(?:\s[A-Z][\w'\-]+)*)$")
_SMALL = {"van", "de", "der", "het", "en", "voor", "op", "in"}


def _title_case(s: str) -> str:
    words = re.sub(r"\s+", " ", s).strip().lower().split(" ")
    return " ".join(w if (i and w in _SMALL) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _metadata(text: str, sections: list[Section], path: Path) -> dict:
    m = re.search(r"\bNr\.\s*(\d+)", text[:2000])
    fm = re.search(r"(\d{3,6})-(\d+)", path.stem)
    if m:
        number = int(m.group(1))
    elif fm:
        number = int(fm.group(2))
    else:
        raise CorpusError("no letter number (no 'Nr. N' in the text, none in the file name)")
    dm = re.search(r"^(\d{2}) ?(\d{3})$", text[:500], re.M)
    dossier = (dm.group(1) + dm.group(2)) if dm else (fm.group(1) if fm else "")
    if not dossier:
        raise CorpusError("no dossier number in the header or file name")
    date = None
    if (d := _DATE.search(text)):
        date = f"{int(d.group(3)):04d}-{DUTCH_MONTHS[d.group(2)]:02d}-{int(d.group(1)):02d}"
    b = re.search(r"BRIEF VAN [A-ZËÏÖÜ ,\-]+", text[:3000])
    title = _title_case(b.group(0)) if b else f"Kamerstuk {dossier}, nr. {number}"
    a = re.search(r"^Aan de [^\n]+", text, re.M)
    sigs = []
    for para in text.split("\n\n"):
        if (s := _SIGNATURE.match(para.strip())):
            sig = Signatory(name=s.group(2).strip(), role=s.group(1)[3:].strip())
            if sig not in sigs:
                sigs.append(sig)
    # Subject: a report title (first non-"BRIEF" top heading) or the opening sentence.
    subject = next((s.title for s in sections if s.level == 1), None)
    if subject is None:
        start = d.end() if d else 0
        body = text[start:].strip()
        subject = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0] if body else title
    return dict(number=number, dossier=dossier, date=date, title=title, subject=subject[:300],
                addressee=a.group(0).strip() if a else None, signatories=sigs)


# ---------------------------------------------------------------- entry points

def parse_text(raw: str, path: Path) -> Letter:
    """Parse one letter's text (see the module doc). Raises CorpusError if unusable."""
    if "\x00" in raw:
        raise CorpusError("binary file (contains NUL bytes)")
    if not raw.strip():
        raise CorpusError("empty file")
    out, footnotes, headings = _body(_blocks(raw))
    body_end = len(out)
    notes = _append_footnotes(out, footnotes, headings, len(raw))
    text = out.str()
    if not text.strip():
        raise CorpusError("no text left after cleaning")
    sections = _sections(headings, text)
    meta = _metadata(text, sections, path)
    doc_id = f"kst-{meta['dossier']}-{meta['number']}"
    fn_texts = [text[s.start:s.end] for s in sections if s.title == "Voetnoten"]
    return Letter(doc_id=doc_id, sections=sections, text=text, source_path=str(path),
                  source_sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
                  source_offsets=out.offsets, footnotes=fn_texts[0].split("\n\n")[1:] if fn_texts else [],
                  footnote_refs=_footnote_refs(raw, out.offsets[:body_end], notes), **meta)


def _body(blocks: list) -> tuple[_Text, list, list[tuple[int, int, str]]]:
    """The clean body text, the footnote blocks set aside, and the headings found as
    (offset, level, title)."""
    has_markdown_headings = any(b.kind == "heading" for b in blocks)
    if not has_markdown_headings:
        blocks = _split_trailing_headings(blocks)
    out, footnotes = _Text(), []
    headings: list[tuple[int, int, str]] = []
    prev_para_open = False
    past_header = False  # plain-text headings only after "Den Haag, <datum>" (not "NAVO", "Nr. 12")
    for i, block in enumerate(blocks):
        if block.kind == "rule":
            continue
        if block.kind == "footnote":
            footnotes.append(block)
            continue
        nxt = next((b for b in blocks[i + 1:] if b.kind not in ("rule", "footnote")), None)
        is_heading = block.kind == "heading" or (
            not has_markdown_headings and past_header and _is_plain_heading(block, nxt))
        past_header = past_header or bool(_DATE.search(block.lines[0].text))
        if (block.kind == "para" and not is_heading and prev_para_open and _continues(block)):
            # A paragraph cut by a page break (and footnotes): glue it back together.
            last = out.chars[-1] if out.chars else ""
            if not last == "-":
                out.add_synthetic(" ", block.lines[0].start)
            elif re.match(r"[a-z]", block.lines[0].text):
                out.chars.pop(), out.offsets.pop()  # word hyphenated across the break
        elif len(out):
            out.add_synthetic("\n\n", block.lines[0].start)
        start = len(out)
        _join_lines(block.lines, out)
        out.strip_end()
        if is_heading:
            title = "".join(out.chars[start:]).strip()
            if not title.upper().startswith("BRIEF VAN"):
                headings.append((start, block.level or 2, title))
            prev_para_open = False
        else:
            prev_para_open = _ends_open(block)
    return out, footnotes, headings


def _append_footnotes(out: _Text, footnotes: list, headings: list[tuple[int, int, str]],
                      raw_end: int) -> dict[str, tuple[int, int]]:
    """The footnotes after the body under a "Voetnoten" heading; returns footnote number →
    (start, end) in the clean text."""
    notes: dict[str, tuple[int, int]] = {}
    if not footnotes:
        return notes
    out.add_synthetic("\n\n", raw_end)
    headings.append((len(out), 2, "Voetnoten"))
    out.add_synthetic("Voetnoten", raw_end)
    for block in footnotes:
        out.add_synthetic("\n\n", block.lines[0].start)
        m = _FOOTNOTE.match(block.lines[0].text)
        note_start = len(out)
        out.add(m.group(1) + " ", [block.lines[0].start + m.start(1)] * (len(m.group(1)) + 1))
        first = _Line(block.lines[0].text[m.end():], block.lines[0].start + m.end())
        _join_lines([first] + block.lines[1:], out)
        out.strip_end()
        notes.setdefault(m.group(1), (note_start, len(out)))
    return notes


def _sections(headings: list[tuple[int, int, str]], text: str) -> list[Section]:
    """Each heading runs to the next heading of the same or a higher level."""
    sections, stack = [], []
    for j, (off, level, title) in enumerate(headings):
        end = next((o for o, lv, _ in headings[j + 1:] if lv <= level), len(text))
        stack = [s for s in stack if s[0] < level] + [(level, title)]
        # A level-1 heading titles the whole report (nr 372): keep it out of sub-section paths.
        shown = [t for lv, t in stack if lv > 1] or [title]
        sections.append(Section(title, level, off, end, " › ".join(shown)))
    return sections


_MARKER = re.compile(r"<sup>(\d+)</sup>")


def _footnote_refs(raw: str, body_offsets: list[int], notes: dict[str, tuple[int, int]]
                   ) -> list[tuple[int, int, int]]:
    """Each body footnote marker as (clean offset where it stood, note start, note end):
    the marker's place is the first clean character whose source lies after it."""
    refs = []
    for m in _MARKER.finditer(raw):
        line_start = raw.rfind("\n", 0, m.start()) + 1
        if not raw[line_start:m.start()].strip() or m.group(1) not in notes:
            continue  # a note's own number (it opens its line), or a marker without a note
        refs.append((bisect.bisect_left(body_offsets, m.end()), *notes[m.group(1)]))
    return refs


def parse_letter(path: Path) -> Letter:
    """Read and parse one letter file; CorpusError says why a file is unusable."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"cannot read: {e.strerror or e}") from e
    if b"\x00" in data:
        raise CorpusError("binary file (contains NUL bytes)")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CorpusError(f"not UTF-8 text (byte {e.start}); re-save it as UTF-8") from e
    return parse_text(raw, path)


@dataclass
class CorpusReport:
    """What ``load_corpus`` read and what it skipped (path → reason)."""

    letters: list[Letter]
    skipped: dict[str, str]


@dataclass
class CorpusEntry:
    """One file of the corpus folder: its letter, or why it was skipped."""

    path: Path
    letter: Letter | None = None
    skipped: str | None = None


def iter_corpus(directory: Path) -> Iterator[CorpusEntry]:
    """The corpus one file at a time (sorted by name; hidden files and folders left out), so
    a caller that keeps only what it needs of each letter reads thousands in constant memory.
    The first file of a doc id wins; later ones are skipped as duplicates."""
    if not directory.is_dir():
        raise CorpusError(f"corpus folder not found: {directory}")
    seen: dict[str, str] = {}
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield CorpusEntry(path, skipped=f"unsupported file type {path.suffix or '(none)'}")
            continue
        try:
            letter = parse_letter(path)
        except CorpusError as e:
            yield CorpusEntry(path, skipped=str(e))
            continue
        if letter.doc_id in seen:
            yield CorpusEntry(path, skipped=f"duplicate of {seen[letter.doc_id]} ({letter.doc_id})")
            continue
        seen[letter.doc_id] = str(path)
        yield CorpusEntry(path, letter)


def load_corpus(directory: Path) -> CorpusReport:
    """Parse every letter in ``directory``; unusable or duplicate files are skipped with a reason."""
    letters, skipped = [], {}
    for entry in iter_corpus(directory):
        if entry.letter is not None:
            letters.append(entry.letter)
        else:
            skipped[str(entry.path)] = entry.skipped
    return CorpusReport(letters, skipped)
