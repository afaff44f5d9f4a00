"""XML letters in the officiële-publicaties (SDU) schema → the common letter shape (lxml)."""
from __future__ import annotations

import re

from .draft import _Draft, _esc, _levels, _render, _strip_marks, _tidy
from .html import _ws
from .sniff import IngestError

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

    def signature(self, el) -> None:
        """<ondertekening>: one line per child (name, post), as the seeds' signature block."""
        lines = [_tidy(self.inline(c)).replace("\n", " ") for c in el if _local(c) is not None]
        if not lines:
            lines = [self.inline(el)]
        if el.text and el.text.strip():
            lines.insert(0, _esc(_ws(el.text)))
        self.draft.blocks.append(("sig", "\n".join(x for x in lines if x.strip())))

    def items(self, el, depth: int) -> None:
        """<lijst>: each <li> a paragraph opening with its marker (<li.nr> or a dash)."""
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
            self.signature(el)
        elif tag == "lijst":
            self.items(el, depth)
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
    root = _parse(data)
    draft = _Draft()
    titel, body, holder = _header(root, draft)
    start = len(draft.blocks)
    target = body if body is not None else holder
    _body(target, draft, skip={titel} if titel is not None else set())
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


def _parse(data: bytes):
    """The XML tree, refused unless it looks like a kamerstuk (no entities, no network)."""
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
    return root


def _header(root, draft: _Draft):
    """The header lines (vergaderjaar, dossier, Nr., title, addressee, date) from wherever
    the parts are; returns (the title element, the <brief>, the element holding the title)."""
    jaar = next((el for el in root.iter("{*}tekstregel", "tekstregel")
                 if (el.get("inhoud") or "").lower() == "vergaderjaar"
                 or _xml_text(el).lower().startswith("vergaderjaar")), None)
    jaar = jaar if jaar is not None else _first(root, "vergaderjaar")
    if jaar is not None:
        t = _xml_text(jaar)
        draft.para(t if t.lower().startswith("vergaderjaar") else f"Vergaderjaar {t}")
    _dossier(root, draft)
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
    for el in (titel, _first(root, "richting"), _first(root, "dagtekening", "plaats-datum", "datumtekst")):
        if el is not None and _xml_text(el):
            draft.para(_esc(_xml_text(el)))
    return titel, body, holder


def _dossier(root, draft: _Draft) -> None:
    """The dossier number ("28 676") and its title."""
    dossier = _first(root, "dossiernummer", "dossiernr")
    if dossier is None:
        return
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


def _body(target, draft: _Draft, skip: set) -> None:
    """The letter's text: the <brief> (or the <stuk>, or the whole document), minus the
    header parts already taken."""
    walker = _XmlWalker(draft)
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


