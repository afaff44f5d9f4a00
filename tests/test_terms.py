"""The term table (rag/terms.py): acronym definitions read from the letters' own wording."""
from __future__ import annotations

import pytest

from rag.terms import TermTable, Vocabulary, extract_terms, initials_match, normalise, proper_names


@pytest.mark.parametrize("acronym, long_form, start", [
    ("KFOR", "Kosovo Force", 0),
    ("DIANA", "Defence Innovation Accelerator for the North Atlantic", 0),
    ("NAR", "de Noord-Atlantische Raad", 3),
    ("NAR", "de NAVO", None),
])
def test_schwartz_hearst_match(acronym, long_form, start):
    assert initials_match(acronym, long_form) == start


def test_terms_of_the_letters(letters):
    table = TermTable([t for L in letters.values() for t in extract_terms(L)])
    diana = table.lookup("diana")[0]
    text = letters[diana.doc_id].text
    assert text[diana.start:diana.end] == "Defence Innovation Accelerator for the North Atlantic (DIANA)"
    assert table.lookup("Defence Innovation Accelerator for the North Atlantic")[0] == diana
    assert table.lookup("UDCG")[0].aliases == ("Ukraine Defense Contact Group",)
    assert table.lookup("EDTs") and table.lookup("EDT")  # plural and singular
    assert table.lookup("SG NAVO")[0].aliases == ("Secretaris-Generaal van de NAVO",)  # "(hierna: SG NAVO)"
    assert table.lookup("NAVO") == []  # "de NAVO (hierna: SG NAVO)" does not say what NAVO stands for
    assert table.lookup("Nuclear Planning Group")[0].form == "italic"  # read from the source's *…*
    for t in table.terms:  # every span lies in its letter
        assert 0 <= t.start < t.end <= len(letters[t.doc_id].text)


@pytest.mark.parametrize("name, found", [
    ("contact group for ukraine", "UDCG"),  # its words in another order
    ("contactgroep voor oekraine", "UDCG"),  # in Dutch, a compound by its parts
    ("innovation accelerator", "DIANA"),
    ("reflectie groep", None),  # a word no term has
    ("ukraine", None),  # one word names no term
])
def test_a_term_is_found_by_its_words_in_any_order_or_language(letters, name, found):
    table = TermTable([t for L in letters.values() for t in extract_terms(L)])
    assert ({t.name for t in table.by_words(name)} or {None}) == {found}


def test_normalise_and_names(letters):
    assert normalise("«NAVO2030-proces»") == "navo2030 proces"
    names = proper_names(list(letters.values()))
    assert {"brussel", "madrid", "rusland", "ollongren", "kfor"} <= names
    assert "bijeenkomst" not in names and "ministers" not in names
    assert "KFOR" in names and "MADRID" not in names  # written only in capitals, marked so


def test_a_compound_typed_with_a_space_is_the_letters_compound(letters):
    vocabulary = Vocabulary.of(list(letters.values()))
    assert vocabulary.names == proper_names(list(letters.values()))
    assert vocabulary.respell("wie is de secretaris generaal") == "wie is de secretaris-generaal"
    assert vocabulary.respell("Minister  President Rutte") == "Minister-President Rutte"  # case and spacing kept
    # not after an acronym: a statement of the NAVO, not the letters' "NAVO-verklaring"
    assert vocabulary.respell("navo verklaring nepreferendums") == "navo verklaring nepreferendums"
    assert Vocabulary().respell("secretaris generaal") == "secretaris generaal"  # no letters, nothing to read


def test_a_word_of_the_letters_that_everyday_language_rarely_uses_is_a_term(letters):
    vocabulary = Vocabulary.of(list(letters.values()))
    assert vocabulary.special("navo klimaatneutraal wanneer") == ("klimaatneutraal",)
    assert vocabulary.special("van wie was de motie over cyberaanvallen") == ("cyberaanvallen",)
    assert vocabulary.special("welke maanden?") == ()  # everyday words
    assert vocabulary.special("welke lidstaten?") == ()
    assert vocabulary.special("welke?") == ()  # rare in English, common in Dutch: not a term
    assert vocabulary.special("wat is klimaatbeleidsvoorkeur") == ()  # not a word of the letters
    assert vocabulary.special("wie hebben die appreciatie gestuurd") == ()  # after a demonstrative: points back
    assert Vocabulary().special("navo klimaatneutraal wanneer") == ()  # no letters, no terms


def test_an_acronym_the_letters_never_write_is_spelled_out_as_the_name_of_its_initials(letters):
    """"npg" is the letters' Nuclear Planning Group, "ftf'ers" their Foreign Terrorist Fighters; an
    acronym they write themselves (NAR) and an everyday word that happens to be initials ("dip") stay."""
    vocabulary = Vocabulary.of(list(letters.values()))
    assert vocabulary.spell_acronyms("npg navo wat voor overleg") == "Nuclear Planning Group navo wat voor overleg"
    assert vocabulary.spell_acronyms("hoeveel ftf'ers zitten vast") == "hoeveel Foreign Terrorist Fighters zitten vast"
    assert vocabulary.spell_acronyms("wat is de NAR") == "wat is de NAR"
    assert vocabulary.spell_acronyms("why the dip in spending") == "why the dip in spending"
    assert all("\n" not in name for _, name in vocabulary.initials)  # a name stands on one line
    assert Vocabulary().spell_acronyms("npg") == "npg"  # no letters, nothing to spell out
