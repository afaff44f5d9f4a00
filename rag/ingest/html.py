"""HTML letters (officielebekendmakingen.nl pages) → the common letter shape (lxml)."""
from __future__ import annotations

import re

from .draft import (
    _DOSSIER_LINE,
    _Draft,
    _esc,
    _header_end,
    _levels,
    _render,
    _short_styled_heading,
    _strip_marks,
    _tidy,
)
from .sniff import IngestError, _decode

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


