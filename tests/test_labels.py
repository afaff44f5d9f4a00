"""The one table of fixed texts (rag/labels.json): every text in both languages, the same
placeholders in both, and a damaged table refused as it loads."""
from __future__ import annotations

import json
import re

import pytest

from rag.labels import LABELS, TEXTS, _load, message


def test_every_text_has_the_same_placeholders_in_both_languages():
    for key, by_language in TEXTS.items():
        names = {lang: sorted(re.findall(r"\{(\w*)\}", text)) for lang, text in by_language.items()}
        assert names["nl"] == names["en"], key


def test_a_message_is_filled_in_its_language():
    assert message("truncated", "en", n=1000) == "The question was too long and was shortened to 1000 characters."
    assert message("partial_missing", "nl", entity="Moldavië").startswith("De brieven noemen Moldavië niet")
    assert LABELS["nl"]["answer"] == "Antwoord" and LABELS["en"]["answer"] == "Answer"


@pytest.mark.parametrize("groups, problem", [
    ({"a": {"send": {"nl": "Vraag"}}}, "needs exactly nl, en"),
    ({"a": {"send": {"nl": "Vraag", "en": "Ask", "de": "Fragen"}}}, "needs exactly nl, en"),
    ({"a": {"send": {"nl": "Vraag", "en": "Ask"}}, "b": {"send": {"nl": "Stel", "en": "Ask"}}}, "twice"),
])
def test_a_damaged_table_is_refused(tmp_path, groups, problem):
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(groups), encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        _load(path)
