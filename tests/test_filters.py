"""User filters (rag/filters.py): one check for the CLI and the app."""
from __future__ import annotations

import pytest

from rag.filters import MAX_K, check_k, iso_bound, make_filters


def test_dates():
    assert iso_bound("2022", end=False) == "2022-01-01" and iso_bound("2022", end=True) == "2022-12-31"
    assert iso_bound("2022-06", end=True) == "2022-06-31" and iso_bound(" ", end=True) is None
    for bad in ("1-2-2022", "2022-13", "2022-02-32", "gisteren"):
        with pytest.raises(ValueError, match="invalid date"):
            iso_bound(bad, end=False)


def test_filters_from_user_values(store):
    f = make_filters(store, ["418", "kst-28676-387"], "2022", "", " Ollongren ")
    assert (f.letters, f.date_from, f.date_to, f.signatory) == (("418", "kst-28676-387"), "2022-01-01", None,
                                                                 "Ollongren")
    assert make_filters(store, "418").letters == ("418",)
    with pytest.raises(ValueError, match="unknown letter"):
        make_filters(store, ["999"])
    with pytest.raises(ValueError, match="date range is empty"):
        make_filters(store, None, "2023", "2022")


def test_k():
    assert check_k(None, 10) == 10 and check_k("", 10) == 10 and check_k("5", 10) == 5
    for bad in (0, MAX_K + 1, "veel", 2.5j):
        with pytest.raises(ValueError, match="k must be"):
            check_k(bad, 10)
