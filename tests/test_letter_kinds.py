"""A letter's kind (rag/letter_kinds.py): what its opening paragraph says it sends, and the kind a
question calls a letter by. Over the real letters."""
from __future__ import annotations

import pytest

from rag.letter_kinds import asked_kind, kinds_of, of_kind


def test_each_letter_is_of_the_kind_its_opening_paragraph_sends(letters):
    assert {d: kinds_of(L) for d, L in letters.items()} == {
        "kst-28676-328": set(), "kst-28676-372": {"verslag"}, "kst-28676-387": {"agenda"},
        "kst-28676-408": {"appreciatie"}, "kst-28676-418": {"agenda"}}
    assert of_kind("agenda", sorted(letters), letters) == ["kst-28676-387", "kst-28676-418"]


@pytest.mark.parametrize("question, kind", [
    ("who signed the report letter?", "verslag"),
    ("summit report letter sent when", "verslag"),
    ("wie tekende die agendabrief?", "agenda"),
    ("the annotated agenda letter, which date", "agenda"),
    ("that appraisal letter, dated when?", "appreciatie"),
    ("van wanneer is de appreciatiebrief", "appreciatie"),
    ("which letter mentions the burden-sharing report?", None),  # a report it names, not the letter's kind
    ("who signed the letter?", None),
])
def test_a_question_names_a_kind_only_right_before_letter(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("wie schreef het verslag van de navo-top?", "verslag"),
    ("who signed the appraisal?", "appreciatie"),
    ("wanneer kwam die geannoteerde agenda?", "agenda"),
    ("which letter mentions the burden-sharing report?", None),  # "the report" may be the SG's rapport
])
def test_a_question_about_a_letter_names_it_by_what_it_sends(question, kind):
    assert asked_kind(question, sent=True) == kind
    assert asked_kind(question) is None  # … only when asked about a letter
