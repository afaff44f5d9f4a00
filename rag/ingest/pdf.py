"""PDF letters with a text layer → the common letter shape (pypdf: text, fonts and positions)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .draft import _DATE_LINE, _NR_LINE, _Draft, _esc, _render, _short_styled_heading
from .html import _rank_headings
from .sniff import IngestError


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
        lines = _content_lines(lines)
        if not lines:
            continue
        # Footnotes: smaller text below the last body-size line.
        last_body = max((i for i, ln in enumerate(lines) if ln.size >= 0.9 * body_size), default=-1)
        body = lines[:last_body + 1]
        body += _footnotes(lines[last_body + 1:], notes)
        _paragraphs(body, body_size, paras)
    for p in _split_headings(paras):
        text = "\n".join(p["lines"])
        draft.blocks.append(("hx", text, 7) if p["heading"] else ("p", text))
    for note in notes:
        label, *rest = note
        draft.notes.append((label, " ".join(x for x in rest if x)))
    _split_header_block(draft)
    _rank_headings(draft)
    # No styled headings in the body: leave heading detection to rag.corpus (as for the
    # plain-text seed nr 387).
    draft.markdown_headings = any(b[0] == "h" for b in draft.blocks)
    return draft


def _content_lines(lines: list[_PdfLine]) -> list[_PdfLine]:
    """A page's lines without running headers and page numbers alone at the top or bottom."""
    lines = [ln for ln in lines if not any(r.match(" ".join(ln.plain.split())) for r in _RUNNING)]
    lines = [ln for ln in lines if ln.plain or ln.text]
    while lines and re.fullmatch(r"\d{1,3}", lines[-1].plain):
        lines.pop()
    while lines and re.fullmatch(r"\d{1,3}", lines[0].plain):
        lines.pop(0)
    return lines


def _footnotes(foot: list[_PdfLine], notes: list[list[str]]) -> list[_PdfLine]:
    """Add the small lines under a page's body to ``notes`` (a footnote starts with the next
    number, "3 Zie …" or a separate small "3"; other lines continue the current one).
    Returns the lines that belong to the body after all (small text before any note)."""
    body = []
    for ln in foot:
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
    return body


def _paragraphs(body: list[_PdfLine], body_size: float, paras: list[dict]) -> None:
    """Add a page's body lines to ``paras``: a gap larger than the usual line pitch, or a
    short styled line, starts a new paragraph; one may run on from the previous page."""
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


def _split_headings(paras: list[dict]) -> list[dict]:
    """A short first line over a full one cannot be wrapped text: a heading set without a gap
    below it ("Oekraïne" / "De afgelopen weken …") gets a block of its own."""
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
    return split


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


