"""Month names, in one place: the letters' Dutch dates ("Den Haag, 14 juni 2021"), the
English months people type, the short forms of both ("okt 2022", "feb"), and the names
the app writes dates with."""
from __future__ import annotations

import re

NAMES = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}

# The letters' own month names → number: what their date lines are parsed with.
DUTCH_MONTHS = {m: i for i, m in enumerate(NAMES["nl"], 1)}

# Every form a question may use → number, full names first (regex alternation order);
# "mar" and "may"/"mei" need no short form.
MONTHS = {**DUTCH_MONTHS, **{m.lower(): i for i, m in enumerate(NAMES["en"], 1)},
          "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
          "okt": 10, "oct": 10, "nov": 11, "dec": 12}
# All of them as one regex alternation, longest first ("september" before "sep"), to match whole.
PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
# A day of a month ("20 november", "20 nov"; groups: day, month) and the days of the week: the
# date shapes (rag/lexicon.py, rag/shapes.py) and the day a question names (rag/answer.py).
DAY_OF_MONTH = rf"\b(\d{{1,2}})\s+({PATTERN})\b"
WEEKDAYS = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
# the last day of a range after its first: "29 en 30 juni", "28 t/m 30 juni", "28-30 juni"
DAY_RANGE = r"(?:\s+(?:en|t/m|tot)\s+\d{1,2}|[–-]\d{1,2})?"

# A date as the letters write it, whole month names only ("Jan" may be a name), an English one capitalised
# ("may" is a verb): "14 juni 2021", "29 en 30 juni", "juni 2022", "2023" (groups: day, month, year; or a year
# alone)
_FULL = "(?i:" + "|".join(NAMES["nl"]) + ")|" + "|".join(NAMES["en"])
_DATE = re.compile(r"(?:\b(\d{1,2})" + DAY_RANGE + rf"\s+)?\b({_FULL})\b"
                   rf"(?:\s+((?:19|20)\d\d)\b)?|\b((?:19|20)\d\d)\b")


def dates_in(text: str, year: int) -> list[tuple[int, ...]]:
    """The dates ``text`` names, as precise as it gives them: (year,), (year, month) or (year,
    month, day). A day or month without a year is one of ``year``, its letter's ("op 3
    november van dit jaar")."""
    out = []
    for day, month, y, alone in _DATE.findall(text):
        if alone:
            out.append((int(alone),))
        else:
            date = (int(y) if y else year, MONTHS[month.lower()])
            out.append(date + ((int(day),) if day else ()))
    return out
