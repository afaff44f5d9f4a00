"""Questions that span letters: split them into parts, each answered on its own.

Two signals, both from the question's surface:

* clauses — "…, en wie ondertekende …", "…, and who stays out of it …", "…, and on which
  dates …", "…, en voldoen deze landen …": a second question joined by "en"/"and" and a
  question word (after a preposition too), or a yes/no question (an English auxiliary, a
  Dutch verb before its subject; seen splits +1, none lost);
* time anchors — "de ministeriëlen van februari en oktober 2022", "the letter of
  November 2019": months (with the year named in the question) that point at
  different letters, by the letter's date (within a month).

A question with neither stays whole. A part tied to letters by its anchors is
answered from those letters only, so "February and October 2022" quotes both.

>>> [(p.text, sorted(p.letters)) for p in split_question(
...     "Welke rol hadden Finland en Zweden in februari en oktober 2022?", store.letters)]
[('Welke rol hadden Finland en Zweden in februari en oktober 2022?', ['kst-28676-387']),
 ('Welke rol hadden Finland en Zweden in februari en oktober 2022?', ['kst-28676-418'])]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .months import MONTHS, PATTERN as MONTH_PATTERN
from .records import Letter


_WH = (r"(?:wie|wat|welke|welk|hoe|hoeveel|waarom|wanneer|waar|waarover|op welke|in welke|bij welke|"
       r"who|what|which|how|why|when|where|in which|on which|at which|to which)")
_PREP = r"(?:op|in|bij|over|van|aan|met|voor|tot|naar|uit|on|at|to|for|from|with|of|about|by|into)"
# a yes/no question: an English auxiliary, or a Dutch finite verb (…en, …t) before its subject
# ("en voldoen deze landen …", "en vindt het kabinet …"), not a preposition that ends alike
_YES_NO = (r"(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should)\b"
           r"|(?!(?:tegen|tussen|binnen|buiten|boven|sinds|volgens|zonder|langs|vanuit|toen|dan|daarna|ook)\b)"
           r"\w+(?:en|t)\s+(?:deze|die|dit|dat|de|het|ze|zij|hij|we|wij|nederland|bondgenoten|beide|alle)\b")
# ", en wie …", ", and on which …", ", en voldoen deze landen …": a second question in the same sentence.
_CLAUSE = re.compile(r",\s*(?:en|and)\s+(?=(?:" + _PREP + r"\s+)?" + _WH + r"\b|" + _YES_NO + ")", re.I)
_MONTH = re.compile(r"\b(" + MONTH_PATTERN + r")\b", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
MIN_PART_WORDS = 3


@dataclass(frozen=True)
class Part:
    """One question to answer; ``letters`` restricts it to those letters (empty: all)."""

    text: str
    letters: frozenset[str] = field(default_factory=frozenset)


def clauses(question: str) -> list[str]:
    """The question's clauses that are questions of their own (at least one)."""
    parts = [p.strip() for p in _CLAUSE.split(question)]
    if len(parts) > 1 and all(len(p.split()) >= MIN_PART_WORDS for p in parts):
        return parts
    return [question]


def anchored_letters(text: str, letters: dict[str, Letter], years: list[int]) -> list[str]:
    """Letters dated within a month of a month named in ``text``; a month takes the first
    year named after it in the text, else the nearest one before it, else any of ``years``
    (the whole question's, for a clause that names only the month: "… in October?").
    Without a month, a year named in ``text`` anchors the letter of that year if it is
    the only one ("de brief van 2019")."""
    out: list[str] = []
    year_pos = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(text)]
    if not _MONTH.search(text):
        for _, y in year_pos:
            same = [d for d, L in letters.items() if L.date and int(L.date[:4]) == y]
            if len(same) == 1 and same[0] not in out:
                out.append(same[0])
        return out
    for m in _MONTH.finditer(text):
        after = [y for p, y in year_pos if p > m.start()]
        before = [y for p, y in year_pos if p < m.start()]
        cand = after[:1] or before[-1:] or sorted(set(years))
        month = MONTHS[m.group(1).lower()]
        for doc_id, L in letters.items():
            if not L.date:
                continue
            ly, lm = int(L.date[:4]), int(L.date[5:7])
            if any(abs(ly * 12 + lm - (y * 12 + month)) <= 1 for y in cand) and doc_id not in out:
                out.append(doc_id)
    return out


def question_years(question: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(question)]


def split_question(question: str, letters: dict[str, Letter]) -> list[Part]:
    """The parts to answer separately; ``[Part(question)]`` when the question is one part.
    A clause whose months point at several letters becomes one part per letter."""
    years = question_years(question)
    parts: list[Part] = []
    for clause in clauses(question):
        docs = anchored_letters(clause, letters, years)
        if len(docs) > 1:
            parts += [Part(clause, frozenset([d])) for d in docs]
        else:
            parts.append(Part(clause, frozenset(docs)))
    if len(parts) == 1:
        return [Part(question)]
    return parts
