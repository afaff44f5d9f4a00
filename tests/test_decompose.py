"""Questions spanning letters: split into parts (rag/decompose.py), answered part by part."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.decompose import Part, clauses, split_question
from rag.records import Chunk, Hit
from rag.retrieval import Filters, interleave


def test_a_plain_question_stays_whole(letters):
    q = "Wat is het Strategisch Concept?"
    assert split_question(q, letters) == [Part(q)]


def test_one_anchored_letter_does_not_restrict_a_whole_question(letters):
    # One part: retrieval already ranks the letter; the anchor would only narrow it.
    q = "Wat besloten de staatshoofden op de top van juni 2021?"
    assert split_question(q, letters) == [Part(q)]


def test_two_months_point_at_two_letters(letters):
    q = "In welke rol waren Finland en Zweden betrokken bij de ministeriëlen van februari en oktober 2022?"
    parts = split_question(q, letters)
    assert [sorted(p.letters) for p in parts] == [["kst-28676-387"], ["kst-28676-418"]]
    assert all(p.text == q for p in parts)


def test_a_second_question_after_en_wie_is_its_own_part(letters):
    q = ("Wie was minister van Defensie ten tijde van de NAVO-Top van juni 2021, "
         "en wie ondertekende de brief over de defensieministeriële van oktober 2022?")
    parts = split_question(q, letters)
    assert [p.text.split()[0] for p in parts] == ["Wie", "wie"]
    assert [sorted(p.letters) for p in parts] == [["kst-28676-372"], ["kst-28676-418"]]


def test_a_clause_naming_only_a_month_takes_the_question_s_year(letters):
    q = "Which forum discusses nuclear policy in February and October 2022, and who stays out of it in October?"
    parts = split_question(q, letters)
    assert parts[-1] == Part("who stays out of it in October?", frozenset({"kst-28676-418"}))


def test_a_year_anchors_only_when_one_letter_has_it(letters):
    q = "Welk risico noemt de brief van 2019, en welke contacten wil het kabinet in 2022 openhouden?"
    parts = split_question(q, letters)
    assert [sorted(p.letters) for p in parts] == [["kst-28676-328"], []]  # three letters are from 2022


@pytest.mark.parametrize("question, second", [
    ("Wie tekende de brief over Madrid, en op welke dag was die top?", "op welke dag was die top?"),
    ("Who chaired the February meeting, and on which day did it end?", "on which day did it end?"),
    ("Wat vroeg de SG aan bondgenoten, en hebben alle landen hun plannen ingediend?",
     "hebben alle landen hun plannen ingediend?"),
    ("Welke landen deden mee, en vindt het kabinet die steun voldoende?", "vindt het kabinet die steun voldoende?"),
    ("Which allies met in Brussels, and did the Netherlands send its minister?",
     "did the Netherlands send its minister?"),
])
def test_a_second_question_after_a_preposition_or_as_yes_no_is_its_own_part(question, second):
    assert clauses(question)[-1] == second and len(clauses(question)) == 2


def test_a_comma_en_before_a_preposition_without_a_question_stays_whole():
    q = "Wat vindt het kabinet van de Russische inzet, en tegen de achtergrond van 2014?"
    assert clauses(q) == [q]


def test_short_fragments_are_not_split():
    assert clauses("Wat doet de NAVO, en wie?") == ["Wat doet de NAVO, en wie?"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_splits_into_nonempty_parts_over_known_letters(letters, text):
    parts = split_question(text, letters)
    assert parts and all(isinstance(p, Part) for p in parts)
    assert all(set(p.letters) <= set(letters) for p in parts)
    assert len(parts) == 1 or all(p.text.strip() for p in parts)


def test_a_two_letter_question_is_answered_from_both(pipeline):
    r = pipeline.ask("In which sessions of the February 2022 and October 2022 defence ministerials "
                     "does the EU High Representative take part?")
    assert not r.abstained
    assert {c.doc_id for c in r.citations} == {"kst-28676-387", "kst-28676-418"}
    assert [c.n for c in r.citations] == list(range(1, len(r.citations) + 1))
    text = {d: L.text for d, L in pipeline.store.letters.items()}
    assert all(text[c.doc_id][c.start:c.end] == c.quote for c in r.citations)
    assert all(f"[{c.n}]" in r.answer for c in r.citations)
    # The passages show both letters near the top, not only the letter the whole question ranks first.
    assert {h.chunk.doc_id for h in r.passages[:3]} >= {"kst-28676-387", "kst-28676-418"}


@pytest.mark.parametrize("letters_filter", [("418",), ("328",)])
def test_filters_still_bind_the_parts(pipeline, letters_filter):
    r = pipeline.ask("Wat bespreken de ministers in februari en oktober 2022?", filters=Filters(letters=letters_filter))
    assert all(c.doc_id.endswith(letters_filter[0]) for c in r.citations)
    assert all(h.chunk.doc_id.endswith(letters_filter[0]) for h in r.passages)


def _hit(cid: str) -> Hit:
    return Hit(Chunk(cid, "kst-28676-1", 0, 1, "x", None, "x"), 0.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=8), min_size=1, max_size=4),
       st.integers(1, 10))
def test_interleave_takes_each_list_s_best_first_and_each_chunk_once(lists, k):
    out = [h.chunk.chunk_id for h in interleave([[_hit(c) for c in lst] for lst in lists], k)]
    assert len(out) == len(set(out)) <= k
    every = {c for lst in lists for c in lst}
    assert len(out) == min(k, len(every))
    firsts = list(dict.fromkeys(lst[0] for lst in lists if lst))
    assert out[:len(firsts)] == firsts[:k]  # round one: every list's best, in list order
