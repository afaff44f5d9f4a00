"""The common letter shape every converter fills (:class:`_Draft`) and its rendering as the
corpus's markdown-ish letter text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..months import DUTCH_MONTHS


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
_DATE_LINE = re.compile(r"^Den Haag,\s+\d{1,2}\s+(" + "|".join(DUTCH_MONTHS) + r")\s+\d{4}")
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


