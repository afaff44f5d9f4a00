"""Requests no letter can meet: a recipe, a poem, a joke, a recommendation.

The answerer quotes the letters, so "can u recommend a good book about the cold war", "best
stroopwafel recipe" or "schrijf een gedicht over de NAVO" can only be met by saying what the app
does. Before this, 6 of the 14 such requests in the eval sets got a quote: their best passage
passed the similarity cut (an English question's similarity to unrelated Dutch passages is high
with e5-small, .80 at the median of off-topic questions). The request is read from its words —
the thing asked for (recept, poem, joke) or a verb asking the app to pick something ("can you
recommend", "kun je … aanraden") — and only when the letters never use that word, so a question
about something the letters call so is still asked. All eval items +6 −0 (in-sample: written
after seeing those six). The everyday services (the weather, a restaurant, a passport, a train, a
job) since the forty-fifth session: all 11,905 eval items then +15 −0 (in-sample too), and of their
11,905 question texts only unanswerable ones are read as requests ("forecast" was left out for that:
"dutch defence spending forecast 2024" asks the letters).

>>> task_request("best stroopwafel recipe pls", lambda w: False)
'recipe'
>>> task_request("welke aanbevelingen deed de SG?", lambda w: False) is None
True
"""
from __future__ import annotations

import re
from collections.abc import Callable

# the thing asked for, in either language
_THINGS = r"recipes?|poems?|jokes?|lyrics|recept(?:en)?|gedicht(?:je|en)?|mop(?:je|pen)?|liedje"
# … and the everyday services a visitor of a government site may ask for: the weather, travel, going out,
# a passport, a job, a purchase ("weather in brussels tomorrow", "goed restaurant in den haag", "hoe kan ik
# solliciteren bij defensie"). Words with a second sense in the letters' domain are left out: "weer" (again),
# "train" (troops), "flights" (air policing), "visit" (a minister's), "recommendations" (the SG's)
_THINGS += (r"|weather|weerbericht|weersverwachting|hotels?|hostels?|restaurants?|tapas|cafés?|"
            r"tourists?|toeristen|toerist(?:isch|ische)?|sightseeing|bezienswaardigheden|vliegtickets?|"
            r"plane tickets?|train tickets?|treinkaartjes?|treinen|trein|dienstregeling|timetables?|"
            r"(?:jaar|ov|ns)[- ]?abonnement|paspoort|passports?|rijbewijs|driving licen[cs]e|"
            r"solliciteren|sollicitatie|vacatures?|job applications?|laptops?|smartphones?")
# ("grapje" is left out: "wat kost dat grapje eigenlijk" asks what something costs)
# a verb asking the app to pick something: "can u recommend …", "kun je me een boek aanraden"
# (one asking it to write is left alone: "write a summary of letter 328" asks about a letter)
_ASKED = (r"\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?(recommend)\b"
          r"|\b(?:kun|kan|wil)\s+(?:je|jij|u)\b.*?\b(aanraden|aanbevelen)\b")
_PATTERN = re.compile(rf"\b({_THINGS})\b|{_ASKED}", re.I)


def task_request(text: str, known: Callable[[str], bool]) -> str | None:
    """The word by which ``text`` asks for something no letter holds, or None. ``known``: does
    the letters' vocabulary hold this word (then the question may be about it)."""
    for m in _PATTERN.finditer(text):
        word = next(g for g in m.groups() if g)
        if not known(word):
            return word.lower()
    return None
