"""What a user may restrict a question to, checked once for the CLI and the app alike.

Letters by doc id or number, a date range (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a
partial date means the start or end of that period), a signatory (part of a name or
post), and how many passages to return. A bad value is a ValueError whose message says
what is wrong; the CLI prints it as a usage error, the app shows it.

>>> make_filters(store, letters=["418"], date_from="2022", date_to="2022-06")
Filters(letters=('418',), date_from='2022-01-01', date_to='2022-06-31', signatory=None)
"""
from __future__ import annotations

import re

from .retrieval import Filters
from .store import Store

MAX_K = 100  # passages a request may ask for


def iso_bound(value: str | None, end: bool) -> str | None:
    """'' → None; 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' → a full ISO date (period start or end)."""
    value = (value or "").strip()
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m or (m[2] and not 1 <= int(m[2]) <= 12) or (m[3] and not 1 <= int(m[3]) <= 31):
        raise ValueError(f"invalid date {value!r}: use YYYY-MM-DD")
    return f"{m[1]}-{m[2] or ('12' if end else '01')}-{m[3] or ('31' if end else '01')}"


def make_filters(store: Store, letters=None, date_from=None, date_to=None, signatory=None) -> Filters:
    """Filters from user values, validated (unknown letters and bad dates raise ValueError)."""
    if isinstance(letters, str):
        letters = [letters]
    chosen = tuple(str(x).strip() for x in (letters or []) if str(x).strip())
    known = set(store.letters) | {str(L.number) for L in store.letters.values()}
    unknown = [x for x in chosen if x not in known]
    if unknown:
        raise ValueError(f"unknown letter(s): {', '.join(unknown)} (known: {', '.join(sorted(store.letters))})")
    lo, hi = iso_bound(date_from, end=False), iso_bound(date_to, end=True)
    if lo and hi and lo > hi:
        raise ValueError(f"date range is empty: {lo} is after {hi}")
    return Filters(letters=chosen, date_from=lo, date_to=hi, signatory=(signatory or "").strip() or None)


def check_k(k, default: int, most: int = MAX_K) -> int:
    """The number of passages asked for: ``default`` when empty, else a whole number in 1..most."""
    if k in (None, ""):
        return default
    try:
        k = int(k)
    except (TypeError, ValueError):
        raise ValueError(f"k must be a whole number between 1 and {most}") from None
    if not 1 <= k <= most:
        raise ValueError(f"k must be between 1 and {most}")
    return k
