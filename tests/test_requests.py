"""Requests no letter can meet (rag/requests.py): a recipe, a poem, a joke, a recommendation —
unless the letters use the word, so a question about what they call so is still asked."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.requests import task_request



@pytest.mark.parametrize("text, word", [
    ("best stroopwafel recipe", "recipe"), ("recept voor erwtensoep", "recept"), ("vertel een mop", "mop"),
    ("can u write me a short poem about the north sea", "poem"), ("schrijf een gedicht over de navo", "gedicht"),
    ("can you recommend a decent hotel in madrid?", "recommend"), ("kun je me een goed boek aanraden", "aanraden"),
    ("weather in brussels tomorrow", "weather"), ("goed restaurant in den haag", "restaurant"),
    ("hoe kan ik solliciteren bij defensie", "solliciteren"), ("how to renew my passport abroad", "passport"),
    ("hoe laat gaat de trein naar utrecht", "trein"), ("prijs ns jaarabonnement", "jaarabonnement"),
])
def test_a_request_is_read_from_the_thing_or_the_verb(text, word):
    assert task_request(text, lambda w: False) == word


@pytest.mark.parametrize("text", [
    "welke aanbevelingen deed de SG", "what did the SG recommend", "what does the cabinet recommend",
    "write a summary of letter 328", "wat kost dat grapje eigenlijk", "china same story?", "Wat is DIANA?",
    # words with a second sense in the letters' domain
    "dutch defence spending forecast 2024", "does nato train ukrainian troops", "komt de sg weer naar den haag",
    "how many air policing flights", "what did the sg recommend in his recommendations",
])
def test_a_question_about_the_letters_is_no_request(text):
    assert task_request(text, lambda w: False) is None


def test_a_word_the_letters_use_is_asked_about_not_refused():
    assert task_request("recept voor succes volgens de navo", lambda w: w == "recept") is None


@given(st.text(max_size=60))
def test_any_text_is_read_without_error_and_a_refusal_names_a_word_of_it(text):
    word = task_request(text, lambda w: False)
    assert word is None or word in text.lower()
