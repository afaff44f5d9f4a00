"""Small talk: a greeting, thanks, an "ok", a goodbye or "what can you do?" is no question
about the letters, and gets a fixed reply that says what the app does.

Asked as questions, "hallo", "thanks!", "ok" and "what can you do?" were each answered with a
quote: when nothing matches, some sentence still scores highest. A message made of such words
only — this table, per language, matched whole after dropping punctuation, emoji and
an address ("hoi bot"), or emoji alone ("👍") — is small talk; anything more is a question ("hallo, wat is DIANA?"
is asked as a question). Nothing is retrieved or quoted: the reply is a fixed text of
rag/labels.json, the status ``not_found`` (the contract's "no answer from the letters") and the
intent ``smalltalk``. In a chat such a turn is passed over when a follow-up is resolved: "En wie
ondertekende die brief?" after "bedankt!" points at the answer before the thanks.

>>> smalltalk("Hoi!"), smalltalk("thanks a lot"), smalltalk("hallo, wat is DIANA?")
(SmallTalk(kind='greeting', language='nl'), SmallTalk(kind='thanks', language='en'), None)
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .records import Language

# kind → language → the messages of that kind, whole; "both" for words used in either language
_TABLE: dict[str, dict[str, tuple[str, ...]]] = {
    "greeting": {
        "nl": ("hallo", "hoi", "hee", "hallootjes", "goedemorgen", "goeiemorgen", "goedemiddag", "goeiemiddag",
               "goedenavond", "goeienavond", "goedendag", "dag", "hallo daar", "hoi daar", "goede morgen"),
        "en": ("hello", "hi", "hiya", "howdy", "greetings", "good morning", "good afternoon", "good evening",
               "hello there", "hi there", "hey there"),
        "both": ("hey", "hoi hoi", "yo"),
    },
    "thanks": {
        "nl": ("dank", "dank je", "dank je wel", "dankjewel", "dankje", "dank u", "dank u wel", "dankuwel",
               "bedankt", "heel erg bedankt", "hartelijk dank", "super bedankt", "top bedankt", "ok bedankt",
               "oké bedankt", "ok dank je", "dank voor je hulp", "bedankt voor je hulp"),
        "en": ("thanks", "thank you", "thank you very much", "thanks a lot", "many thanks", "thx", "ty",
               "cheers", "great thanks", "ok thanks", "okay thanks", "thanks for your help", "thank you so much"),
    },
    "ack": {
        "nl": ("oké", "prima", "helder", "duidelijk", "begrepen", "mooi", "interessant", "ja", "nee", "goed"),
        "en": ("okay", "great", "got it", "understood", "cool", "nice", "interesting", "yes", "no", "alright",
               "fine", "i see"),
        "both": ("ok", "oke", "k", "kk", "super", "perfect"),
    },
    "bye": {
        "nl": ("doei", "dag dag", "tot ziens", "tot later", "fijne dag"),
        "en": ("bye", "goodbye", "bye bye", "see you", "see you later", "have a nice day"),
    },
    "help": {
        "nl": ("help", "hulp", "wie ben jij", "wie ben je", "wat ben jij", "wat ben je", "wat kun jij",
               "wat kun je", "wat kan jij", "wat kan je", "wat kun je doen", "wat kan je doen", "wat doe jij",
               "wat doe je", "hoe werkt dit", "hoe werkt het", "wat kan ik vragen", "wat kan ik je vragen",
               "waar gaat dit over", "help me", "kun je me helpen"),
        "en": ("who are you", "what are you", "what can you do", "what do you do", "how does this work",
               "what can i ask", "what can i ask you", "what is this", "help me", "can you help me"),
    },
}
_ADDRESS = r"(?:\s+(?:bot|chatbot|daar|there|again|weer|allemaal|all|guys|jongens))?"
_LOOKUP: dict[str, tuple[str, str]] = {
    phrase: (kind, language) for kind, by_language in _TABLE.items()
    for language, phrases in by_language.items() for phrase in phrases}


@dataclass(frozen=True)
class SmallTalk:
    kind: str  # greeting | thanks | ack | bye | help
    language: str  # "nl" | "en" | "both": the phrase's own language, if it has one


def _normalise(text: str) -> str:
    text = re.sub(r"[^\w\s'-]", " ", text.lower())  # punctuation and emoji
    return " ".join(re.sub(r"(.)\1{2,}", r"\1", text).split())  # "hoiii" → "hoi"


def smalltalk(message: str) -> SmallTalk | None:
    """What kind of small talk ``message`` is, or None for anything that may be a question."""
    if not any(ch.isalnum() for ch in message) and any(unicodedata.category(ch) == "So" for ch in message):
        return SmallTalk("ack", "both")  # "👍", "🙂": emoji only
    text = _normalise(message)
    text = re.sub(_ADDRESS + r"$", "", text) if text not in _LOOKUP else text
    hit = _LOOKUP.get(text)
    return SmallTalk(*hit) if hit else None


def reply_language(talk: SmallTalk, detected: Language) -> Language:
    """The language to reply in: the phrase's own, else the one detected."""
    return talk.language if talk.language in ("nl", "en") else detected
