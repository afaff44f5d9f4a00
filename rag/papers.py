"""Kamerstukken the letters cite: "(Kamerstuk 28 676, nr. 370)", a footnote "1 Zie Kamerstuk
28 676, nr. 321".

Users follow those references back: "kamerstuk 28676 nr 370, what is that", "wat is kamerstuk
21 501-02 nr 2433". The letters cannot show the paper itself, only what they say where they
cite it — the sentence with the citation (for a footnote, the sentence whose marker points at
it). One they never cite they say nothing about. Seen natural questions that name a Kamerstuk
that is not one of the letters: 7 (holdout33–34), 1 right before (the answer quoted a
sentence citing another number, "nr. 321" for "nr 326").

A reference is its dossier and its number, the way users and the letters write them: spaces
in the dossier or not ("28676", "28 676"), a sub-dossier ("21 501-02") or a roman part
("35 925 V"), "nr", "nr." or "nummer".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAPER = re.compile(r"\b(?:kamerstuk(?:ken)?|kst)\W{0,3}(\d{2})\s?(\d{3})(?:\s?-\s?(\d{1,3}))?(?:\s+([IVXL]+)\b)?"
                    r"[,\s]*(?:nr|nummer|no|number)\.?\s*(\d{1,5})\b", re.I)


@dataclass(frozen=True)
class Paper:
    """A Kamerstuk: dossier ("28676", "21501-02", "35925 V") and number."""

    dossier: str
    number: int

    def __str__(self) -> str:
        return f"Kamerstuk {self.dossier}, nr. {self.number}"


def _paper(m: re.Match) -> Paper:
    dossier = m.group(1) + m.group(2) + (f"-{m.group(3)}" if m.group(3) else "") + \
        (f" {m.group(4).upper()}" if m.group(4) else "")
    return Paper(dossier, int(m.group(5)))


def papers_in(text: str) -> list[Paper]:
    """The Kamerstukken a text names, in order."""
    return list(dict.fromkeys(_paper(m) for m in _PAPER.finditer(text)))


# a citing sentence that points back at the one before it for what the paper was about: "Over de invulling
# van deze toekomstige betrokkenheid is uw Kamer … geïnformeerd (Kamerstuk 27 925, nr. 783)"
_POINTS_BACK = re.compile(r"\b(?:deze|dit|daarover|hierover|daarbij|hierbij)\b", re.I)


class CitedPapers:
    """Which sentences cite which Kamerstuk: the citing sentence (a footnote's: the sentence
    whose marker points at it, then the footnote), after the sentence before it in its
    paragraph when it points back at that one."""

    def __init__(self, texts: list[str], footnotes: dict[int, list[int]], previous: list[int]):
        back = {n: ref for ref, notes in footnotes.items() for n in notes}
        self._by_paper: dict[Paper, list[int]] = {}
        for i, text in enumerate(texts):
            for paper in papers_in(text):
                ref = back.get(i, i)
                at = _PAPER.search(texts[ref]) if ref == i else None
                lead = texts[ref][:at.start()] if at else texts[ref]
                prev = previous[ref]
                ids = ([prev] if prev >= 0 and _POINTS_BACK.search(lead) else []) + [ref] + ([i] if ref != i else [])
                cited = self._by_paper.setdefault(paper, [])
                cited += [j for j in ids if j not in cited]

    def __contains__(self, paper: Paper) -> bool:
        return paper in self._by_paper

    def sentences(self, paper: Paper) -> list[int]:
        return list(self._by_paper.get(paper, ()))
