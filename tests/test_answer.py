"""The answer stage on a hand-made store (tests/tiny.py): shape, entity and time checks,
the three states, metadata answers, quotes joined into citations."""
from __future__ import annotations

from dataclasses import replace

import pytest

from rag.answer import Answerer, answer_text, times_said
from rag.config import Config
from rag.letter_facts import LetterFacts
from rag.retrieval import Retriever
from rag.understand import understand
from tiny import tiny_store, vec


@pytest.fixture(scope="module")
def store():
    return tiny_store()


def answer(store, question, qvec, language="nl", **cfg):
    config = Config(sentence_rerank_en=0.0, **cfg)
    hits = Retriever(store, config).search(question, qvec, language, k=10)
    return Answerer(store, config).answer(question, qvec, hits, language)


def test_a_where_question_is_answered_by_the_sentence_with_a_place(store):
    r = answer(store, "Vanuit welk land opereren de F-35 jachtvliegtuigen?", vec(f35=1, bulgaria=0.5))
    assert (r.status, r.intent) == ("answered", "place")
    # the place, not the higher-scoring F-35 line alone: that line's next sentence gives it and is quoted with it
    assert r.citations[0].quote.endswith("De vliegtuigen opereren vanuit Bulgarije.")


def test_a_how_many_question_needs_a_number(store):
    r = answer(store, "Hoeveel F-35 jachtvliegtuigen levert Nederland?", vec(f35=1))
    assert r.status == "answered" and "twee F-35" in r.text
    r = answer(store, "Hoeveel landen waren er op de top in Madrid?", vec(madrid=1))
    assert r.status == "partial" and r.label == "De brieven noemen geen aantal; het dichtst bij komt:"
    assert r.citations and r.text.startswith(r.label)  # the closest sentence, cited
    assert "29 en 30 juni" in r.citations[0].quote  # a date is no count


def test_a_name_the_letters_never_mention(store):
    r = answer(store, "Was Moldova at the Madrid summit?", vec(madrid=1), "en")
    assert r.status == "partial" and r.label == "The letters don't mention Moldova; the closest is:"


def test_a_year_no_candidate_speaks_of(store):
    r = answer(store, "Hoeveel F-35 jachtvliegtuigen levert Nederland in 2019?", vec(f35=1))
    assert r.status == "partial" and "2019" in r.label
    r = answer(store, "Hoeveel F-35 jachtvliegtuigen levert Nederland in juni?", vec(f35=1))
    assert r.status == "partial" and "juni" in r.label and "06" not in r.label  # the month by its name
    # a month within one of the letter's date (1 February 2022) is the letter's: it comes before what it is about
    assert answer(store, "Hoeveel F-35 jachtvliegtuigen levert Nederland in maart?", vec(f35=1)).status == "answered"


def test_a_follow_up_is_not_held_to_the_earlier_questions_time(store):
    """A follow-up asking no time of its own ("vanuit welk land vliegen ze?" after a question
    about 2019) is answered whenever; an amount or count stays the one of that time."""
    config = Config(sentence_rerank_en=0.0)
    a = Answerer(store, config)

    def ask(own, earlier):
        text = f"{own} ({earlier})"
        q = replace(a.understand(text, "nl"), own=a.understand(own, "nl"))
        q = replace(q, intent=q.own.intent)
        hits = Retriever(store, config).search(text, vec(f35=1, bulgaria=0.5), "nl", k=10)
        return a.answer(text, vec(f35=1, bulgaria=0.5), hits, "nl", query=q)

    r = ask("Vanuit welk land vliegen ze?", "Welke vliegtuigen leverde Nederland in 2019?")
    assert r.status == "answered" and "Bulgarije" in r.text
    assert ask("En hoeveel?", "Welke vliegtuigen leverde Nederland in 2019?").status == "partial"
    q = a.understand("Vanuit welk land vliegen ze in 2019?", "nl")  # its own time: held to it
    hits = Retriever(store, config).search(q.text, vec(f35=1, bulgaria=0.5), "nl", k=10)
    assert a.answer(q.text, vec(f35=1, bulgaria=0.5), hits, "nl", query=q).status == "partial"


@pytest.mark.parametrize("question, kept", [
    ("hoeveel kost het budget voor de jachtvliegtuigen?", [2, 3]),  # the kind named after the money
    ("hoeveel kost het jachtvliegtuigen-budget?", [2, 3]),  # … or before it
    ("hoeveel is het budget voor het nieuwe comité?", []),  # a kind no paragraph names
    ("hoeveel euro gaat naar de gemeenschappelijke navo-budgetten?", []),  # a Dutch plural
    ("hoeveel euro gaat naar de gezamenlijke begroting?", []),
    ("hoeveel kost het?", [2, 3, 7]),  # no kind: all of them
])
def test_an_amount_of_a_kind_of_money_is_given_where_its_paragraph_names_it(store, question, kept):
    from rag.answer import Scored
    a = Answerer(store, Config())
    ranked = [Scored(2, 1.0, 0.9), Scored(3, 0.9, 0.8), Scored(7, 0.8, 0.7)]
    assert [r.sentence for r in a.of_kind(ranked, a.understand(question, "nl"))] == kept


def test_not_found_only_without_the_key_entity(store):
    r = answer(store, "Wat is het recept voor appeltaart?", vec(other=1), abstain_threshold=2.0)
    assert r.status == "not_found" and r.citations == [] and r.abstained
    r = answer(store, "Wat gebeurde er in Madrid?", vec(other=1), abstain_threshold=2.0)
    assert r.status != "not_found"  # the best passage names Madrid: something relevant was found


def test_metadata_questions_quote_the_signature_or_date_line(store):
    r = answer(store, "Wie ondertekende de laatste brief?", vec(other=1))
    assert r.intent == "letter" and [c.doc_id for c in r.citations] == ["kst-1-2"]
    assert r.citations[0].quote == "De Minister van Defensie, K.H. Ollongren"
    r = answer(store, "Wanneer is de eerste brief verstuurd?", vec(other=1))
    assert r.citations[0].quote == "Den Haag, 1 februari 2022"
    r = answer(store, "Wie is de minister van Defensie?", vec(other=1))
    assert [c.doc_id for c in r.citations] == ["kst-1-2", "kst-1-1"]  # every letter of the post, newest first
    assert r.text.startswith("(2022-09-30, 2022-02-01) ")  # several letters: the quote with each letter's date
    r = answer(store, "datum brief minister van defensie", vec(other=1))  # the post's letters' dates, not its holder
    assert [c.quote for c in r.citations] == ["Den Haag, 30 september 2022", "Den Haag, 1 februari 2022"]
    r = answer(store, "who was defence minister when the f-35s were sent", vec(other=1))
    assert {c.quote for c in r.citations} == {"De Minister van Defensie, K.H. Ollongren"}  # who, even with "wanneer"


def test_the_letter_of_a_signer_of_several_is_each_of_them(store):
    """"Wanneer stuurde Ollongren haar brief?" names her and nothing to tell her letters apart by:
    each letter's date line, newest first, not the one the passages favour."""
    r = answer(store, "Wanneer stuurde Ollongren haar brief?", vec(other=1))
    assert [c.quote for c in r.citations] == ["Den Haag, 30 september 2022", "Den Haag, 1 februari 2022"]
    r = answer(store, "Wanneer stuurde Ollongren haar laatste brief?", vec(other=1))  # an order tells them apart
    assert [c.quote for c in r.citations] == ["Den Haag, 30 september 2022"]


def test_who_is_a_signer_quotes_their_signature_lines(store):
    r = answer(store, "Wie is Ollongren?", vec(other=1))
    assert (r.status, r.intent) == ("answered", "person")
    assert [c.doc_id for c in r.citations] == ["kst-1-2", "kst-1-1"]  # each letter she signed, newest first
    assert {c.quote for c in r.citations} == {"De Minister van Defensie, K.H. Ollongren"}


def test_a_signature_in_several_letters_is_said_once_with_each_letters_date(store):
    r = answer(store, "Wie is Ollongren?", vec(other=1))
    text = answer_text(r.citations)
    assert text.count("De Minister van Defensie, K.H. Ollongren") == 1
    assert text.endswith("Ollongren [1] [2]")
    dates = [c.date for c in r.citations]
    assert text.startswith(f"({dates[0]}, {dates[1]}) ")


def test_adjacent_sentences_make_one_citation(store):
    a = Answerer(store, Config())
    cits = a._citations([3, 2, 7])
    assert [c.quote for c in cits] == [
        "Nederland levert twee F-35 jachtvliegtuigen voor Air Policing. De vliegtuigen opereren vanuit Bulgarije.",
        "De NAVO-Top vond plaats in Madrid op 29 en 30 juni 2022."]
    assert [c.n for c in cits] == [1, 2]
    assert answer_text(cits).endswith("[2]") and "(2022-02-01)" in answer_text(cits)
    for c in cits:
        assert store.letters[c.doc_id].text[c.start:c.end] == c.quote


def test_a_name_ending_in_s_is_still_checked(store):
    """"Belarus" is a name, not the plural of "Belaru": the letters never mention it."""
    r = answer(store, "Was Belarus at the Madrid summit?", vec(madrid=1), "en")
    assert r.status == "partial" and r.label == "The letters don't mention Belarus; the closest is:"
    r = answer(store, "How many F-35s does the Netherlands supply?", vec(f35=1), "en")
    assert r.status == "answered"  # "F-35s" is the F-35 of the letters



def test_headings_are_not_quoted_as_sentences():
    from rag.answer import _prose

    assert not _prose("NAVO2030") and not _prose("Introductie")
    assert _prose("De NAR zal DIANA nader uitwerken.") and _prose("Nieuwe technologieën bieden zowel kansen als")


def test_a_how_many_question_needs_the_number_of_what_it_counts(store):
    r = answer(store, "Hoeveel concepten levert Nederland?", vec(f35=1))
    assert r.status == "partial"  # "twee F-35 jachtvliegtuigen": a number, but not of concepten
    r = answer(store, "Hoeveel vliegtuigen levert Nederland?", vec(f35=1))
    assert r.status == "answered" and "twee F-35 jachtvliegtuigen" in r.text  # the head of the compound
    r = answer(store, "How many support staff go with them?", vec(f35=1), "en")
    assert r.status == "answered"  # an English noun the lexicon cannot put in Dutch is not checked


def test_a_sentence_that_points_back_is_quoted_with_the_one_before(store):
    from rag.answer import Scored
    a = Answerer(store, Config())
    assert a.select([Scored(8, 1.0, 0.9)], vec(madrid=1), "nl") == [7, 8]  # "Daar werd …": where? Madrid
    assert a.select([Scored(7, 1.0, 0.9)], vec(other=1), "nl") == [7]  # opens with no pointer


@pytest.mark.parametrize("own, language, first", [
    ("en het strategisch concept?", "nl", 8),  # a bare follow-up's own words pick the sentence
    ("and the strategic concept too?", "en", 8),  # in English through the glossary
    ("en hoeveel vliegtuigen?", "nl", 2),  # a question word: its own words do not filter
])
def test_a_bare_follow_up_s_own_words_pick_its_sentence(store, own, language, first):
    from rag.answer import Scored
    from rag.understand import understand
    a = Answerer(store, Config())
    ranked = [Scored(2, 0.9, 0.9), Scored(3, 0.5, 0.8), Scored(8, 0.2, 0.7)]
    q = understand(f"{own} (hoeveel F-35 levert Nederland)", language)
    assert a.own_focus(ranked, q) == ranked  # a question that is not a follow-up is never touched
    followup = replace(q, own=understand(own, language))
    assert a.own_focus(ranked, followup)[0].sentence == first


def test_a_follow_up_naming_nothing_asks_about_what_the_conversation_named(store):
    """"gaat het daar ook over? (… de top in Madrid)": the Madrid paragraph's sentence comes
    first when it scores at least half the best; not when far weaker, nor for a question of its own."""
    from dataclasses import replace

    from rag.answer import Scored
    a = Answerer(store, Config())
    q = a.understand("gaat het daar ook over? (wat gebeurde er op de top in Madrid)", "nl")
    q = replace(q, own=a.understand("gaat het daar ook over?", "nl"))
    ranked = [Scored(2, 1.0, 0.9), Scored(8, 0.6, 0.8), Scored(3, 0.5, 0.8)]
    assert [r.sentence for r in a.on_referent(ranked, q)] == [8, 2, 3]
    assert [r.sentence for r in a.on_referent([Scored(2, 1.0, 0.9), Scored(8, 0.4, 0.8)], q)] == [2, 8]
    assert a.on_referent(ranked, replace(q, own=None)) == ranked
    named = replace(q, own=a.understand("gaat het ook over Bulgarije?", "nl"))  # names its own topic
    assert a.on_referent(ranked, named) == ranked


def test_a_partial_label_names_each_time_once():
    from rag.understand import TimeRef
    assert times_said(TimeRef((2019, 2019), ((2019, 11),)), "nl") == "2019"  # "… in 2019 … de brief van november 2019"
    assert times_said(TimeRef((), ((2021, 6), (None, 10))), "nl") == "juni 2021, oktober"


def test_a_number_that_names_a_letter_asks_no_number(store):
    """"nr 372" in "waar gaat kamerstuk 28676 nr 372 over" names the letter; "topic" asks its subject."""
    facts = LetterFacts(store)
    assert facts.fields(understand("waar gaat kamerstuk 28676 nr 372 over", "nl")) == ["number", "date", "subject"]
    assert facts.fields(understand("welk nummer heeft de brief over madrid", "nl")) == ["number"]
    assert facts.fields(understand("letter 387 topic", "en")) == ["subject"]
    assert understand("letter 387 topic", "en").intent == "letter"


def test_what_a_letter_says_is_asked_of_its_content_not_of_the_letter():
    assert understand("when does letter 372 say the new one should be adopted?", "en").intent == "date"
    assert understand("wanneer zegt brief 372 dat het concept klaar is", "nl").intent == "date"
    assert understand("when was letter 372 sent", "en").intent == "letter"
    # … but "welke brief noemt …" asks which letter
    assert understand("welke brief noemt militaire mobiliteit", "nl").letter_ask == "pick"
    assert understand("which letter mentions the fight against isis", "en").letter_ask == "pick"


def test_which_letter_is_told_apart_by_number_and_date_whatever_else_is_asked(store):
    facts = LetterFacts(store)
    assert facts.fields(understand("which letter talks about the end of the inf treaty", "en")) == [
        "number", "date", "subject"]


def test_a_parliamentary_year_or_a_date_asked_last_is_a_letters():
    assert understand("uit welk vergaderjaar is het topverslag van juni 2021", "nl").letter_ask == "field"
    assert understand("brief die de ukraine defense contact group noemt, datum", "nl").letter_ask == "date"


def test_a_day_of_a_month_in_the_best_passage_is_on_topic(store):
    """"wie verving hem op 1 feb" found the passage of "1 februari": something relevant, whatever the similarity."""
    config = Config(sentence_rerank_en=0.0)
    hits = Retriever(store, config).search("wie verving hem op 1 feb", vec(other=1), "nl", k=10)
    hits = sorted(hits, key=lambda h: "1 februari" not in h.chunk.text)  # the date line first
    answerer = Answerer(store, config)
    assert answerer.on_topic(understand("wie verving hem op 1 feb", "nl"), hits)
    assert not answerer.on_topic(understand("wie verving hem op 2 maart", "nl"), hits)
