"""Small talk (rag/smalltalk.py): whole messages of greeting, thanks, ok, goodbye or "what can you
do?" get a fixed reply; anything that may be a question is left to the pipeline."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.smalltalk import SmallTalk, reply_language, smalltalk


@pytest.mark.parametrize("message, kind, language", [
    ("hallo", "greeting", "nl"), ("Hoi!", "greeting", "nl"), ("hoiii", "greeting", "nl"), ("Hey bot", "greeting", "both"),
    ("Good morning :)", "greeting", "en"), ("bedankt!", "thanks", "nl"), ("Dank je wel 🙏", "thanks", "nl"),
    ("thanks a lot", "thanks", "en"), ("ok", "ack", "both"), ("oké", "ack", "nl"), ("got it", "ack", "en"),
    ("tot ziens", "bye", "nl"), ("bye!", "bye", "en"), ("Wat kun je?", "help", "nl"), ("what can you do?", "help", "en"),
    ("wie ben jij", "help", "nl"), ("help", "help", "nl"), ("👍", "ack", "both"), ("🙂 🙏", "ack", "both"),
])
def test_small_talk_is_recognised_whole(message, kind, language):
    assert smalltalk(message) == SmallTalk(kind, language)


@pytest.mark.parametrize("question", [
    "hallo, wat is DIANA?", "thanks, and who signed it?", "top", "help bij oekraïne", "wat kun je zeggen over china?",
    "ok, wanneer was de top?", "dag van de top in madrid", "Wat is DIANA?", "Wie is de minister van Defensie?",
])
def test_a_question_is_never_small_talk(question):
    assert smalltalk(question) is None


@given(st.text(max_size=40))
def test_small_talk_never_raises_and_a_question_word_makes_a_question(text):
    talk = smalltalk(text)
    assert talk is None or talk.kind in ("greeting", "thanks", "ack", "bye", "help")
    assert smalltalk(f"{text} wanneer was de navo-top in madrid") is None


def test_the_reply_is_in_the_phrases_language_else_the_detected_one():
    assert reply_language(SmallTalk("greeting", "nl"), "en") == "nl"
    assert reply_language(SmallTalk("ack", "both"), "en") == "en"


def test_ask_answers_small_talk_without_quoting_and_a_follow_up_skips_it(pipeline):
    from rag.conversation import Turn

    a = pipeline.ask("hallo!")
    assert (a.status, a.intent, a.language, a.citations, a.passages) == ("not_found", "smalltalk", "nl", [], [])
    assert "Stel een vraag" in a.answer and a.to_json()["abstained"] is True
    assert set(a.timings_ms) == set(pipeline.ask("Wat is DIANA?").timings_ms)  # the contract's keys
    assert pipeline.ask("what can you do?").answer.startswith("I answer questions about the Dutch parliamentary")
    assert pipeline.ask("👍").intent == "smalltalk"  # emoji alone: no "no words" error
    first = pipeline.ask("Wat is DIANA?")
    chat = [Turn.of("Wat is DIANA?", first), Turn.of("bedankt!", pipeline.ask("bedankt!"))]
    b = pipeline.ask("En wie ondertekende die brief?", history=chat)
    assert b.interpreted_as == "En wie ondertekende brief 372?" and "Kaag" in b.answer


def test_the_chat_shows_the_reply_plainly(pipeline):
    from ui.handlers import Handlers

    chat_html, _, _, turns, lang = Handlers(pipeline).chat("bedankt!", [])
    assert turns[-1]["result"]["intent"] == "smalltalk" and lang == "nl"
    assert "Graag gedaan" in chat_html and 'class="msg bot"' in chat_html
    assert "abstain-title" not in chat_html and "passage-link" not in chat_html
