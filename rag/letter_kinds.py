"""What kind of letter a letter is, by what its opening paragraph says it sends, and the kind a
question calls a letter by.

People tell the letters apart by what they are: "the report letter", "die agendabrief", "the
appraisal letter". The letters say it in their first paragraph: "Hierbij bied ik u … het verslag
aan van de NAVO Top" (372), "… de geannoteerde agenda aan" (387), "In deze brief informeer ik uw
Kamer over de agenda" (418), "In de bijlage treft u de kabinetsappreciatie aan" (408). 328 names no
kind. A question naming a kind means the letters of that kind: in a chat, "who signed that agenda
letter?" after answers from the report is not the report's letter. Measured over all 13,378 earlier
eval items: +5 −0 ("summit report letter sent when" was 328's date, "that appraisal letter, dated
when?" 418's); reading what a letter sends as its name in any question about a letter ("wie schreef
het verslag van de navo-top", Ollongren's 387 before): +0 −0 on the 358 items naming a kind.
"""
from __future__ import annotations

import re

from .records import Letter

# kind (the letters' own word) → what a question may call it, Dutch or English
KINDS = {
    "verslag": r"verslag|report|readout|read-out",
    "agenda": r"agenda",
    "appreciatie": r"(?:kabinets)?appreciatie|appraisal|assessment",
}
# a kind named as the letter's, right before "letter"/"brief" ("the report letter", "die agendabrief",
# "the appraisal letter"); "the letter about the burden-sharing report" names a report, not a kind
KIND_LETTER = r"(?:" + "|".join(KINDS.values()) + r")[\s-]?(?=brief\b|letter\b)"
_ASKED = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in KINDS.items()) + r")[\s-]?(?:brief|letter)\b",
                    re.I)
# in a question about a letter, the letters' own word for what it sends names it too: "wie schreef het verslag
# van de navo-top", "when was the appraisal sent" ("the report" may be the SG's "rapport")
_SENT = re.compile(r"\b(?:het|de|die|dat|deze|dit|the|that|this)\s+(?:geannoteerde\s+|annotated\s+)?(?:"
                   r"(?P<verslag>verslag)|(?P<agenda>agenda)|(?P<appreciatie>(?:kabinets)?appreciatie|appraisal))\b",
                   re.I)
_DATE_LINE = re.compile(r"Den Haag,[^\n]*\n\s*\n?(.+?)(?:\n\s*\n|\Z)", re.S)


def asked_kind(question: str, sent: bool = False) -> str | None:
    """The kind of letter a question names: "who signed the report letter?" → "verslag". ``sent``: the
    question is about a letter, and what it sends names it too ("wie schreef het verslag")."""
    m = _ASKED.search(question) or (_SENT.search(question) if sent else None)
    return next((k for k in KINDS if m[k]), None) if m else None


def kinds_of(letter: Letter) -> set[str]:
    """The kinds the letter's opening paragraph (the one after its date line) says it sends."""
    m = _DATE_LINE.search(letter.text)
    opening = m.group(1) if m else ""
    return {k for k in KINDS if re.search(k, opening, re.I)}


def of_kind(kind: str, docs, letters: dict[str, Letter]) -> list[str]:
    """Those of ``docs`` (in their order) that are letters of ``kind``."""
    return [d for d in docs if d in letters and kind in kinds_of(letters[d])]
