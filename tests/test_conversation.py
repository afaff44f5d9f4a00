"""Follow-up questions (rag/conversation.py): which questions lean on earlier turns and how
they are completed. Pure rules over the real letters' metadata; no index needed."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.conversation import Turn, focus_words, followup_kind, points_back, resolve, said_in, turns_from
from rag.records import Span
from rag.terms import Vocabulary
from rag.understand import understand

CHAT = [Turn("Who signed the letter about the October 2022 meeting?", ("kst-28676-418",))]


@pytest.mark.parametrize("question, kind", [
    ("En wie ondertekende die brief?", "letter_ref"),
    ("who signed that letter?", "letter_ref"),
    ("Waar werd die top gehouden?", "pronoun"),
    ("Vanuit welk land vliegen ze?", "pronoun"),
    ("is dat veel vergeleken met de rest van europa?", "pronoun"),  # "dat" the subject after the verb
    # … before a word of how much, in a question long enough to stand alone and naming a country
    ("is dat weinig vergeleken met duitsland en frankrijk samen?", "pronoun"),
    ("is dat laag vergeleken met de uitgaven van duitsland?", "pronoun"),
    ("hoe verhoudt dat zich tot de rest van Europa?", "pronoun"),
    ("zegt het kabinet dat veel bondgenoten op koers liggen?", None),  # "dat" a conjunction
    ("wat was hij toen?", "pronoun"),
    ("wie ging er dan wel in zijn plaats?", "pronoun"),  # "zijn" after a preposition: his
    ("Hoeveel landen zijn lid van de NAVO?", None),  # "zijn" as a verb
    ("will they fly over the Black Sea?", "pronoun"),
    ("Is dat genoeg volgens het kabinet?", "pronoun"),
    ("En in 2022?", "ellipsis"),
    ("And Sweden?", "ellipsis"),
    ("Waarom?", "short"),
    ("Wie nog meer?", "short"),
    ("where from?", "short"),
    ("how many countries attended?", "short"),  # "how many", "so far", "eigenlijk" give no topic
    ("how many meetings so far?", "short"),
    ("nl's main goal?", "short"),  # the letters' own voice (NL, the cabinet) names no topic
    ("kabinet standpunt?", "short"),
    ("wie gaat namens NL?", "short"),
    ("what is a strategic concept?", None),  # a term, a post, a letter: a topic of its own
    ("who is the dutch defence minister", None),
    ("what is letter 418 about", None),
    ("Hoeveel moet het nog omhoog voor het Europese gemiddelde?", "pronoun"),  # "het" before an adverb
    ("Mogen die ook bij de Nuclear Planning Group?", "pronoun"),
    ("Wat vindt het kabinet daarvan?", "pronoun"),  # pronominal adverbs: daar/hier/er + preposition
    ("Hoeveel landen doen eraan mee?", "pronoun"),
    ("Stuurt Nederland er ook militairen naartoe?", "pronoun"),  # split: er … naartoe
    ("moet er volgens het kabinet meer aandacht in komen?", "pronoun"),  # er … in, then the verb
    ("gaat nl er zelf aan meedoen", "pronoun"),  # er … aan meedoen
    # a topic of two words or more before a colon is what the question points at; "en X:" adds to the earlier one
    ("strategisch concept eerste versie: wat vindt den haag ervan", None),
    ("en rusland: wat vindt nl daarvan?", "pronoun"),
    # … or before a comma and a question word: the pronoun points at the topic just named
    ("nato force model, what's it supposed to do", None),
    ("rutte over strategische autonomie, wat zei hij", None),
    ("en in 2022, wat zei hij", "pronoun"),  # no topic of its own before the comma
    # … or a verb opening a yes/no question
    ("the madrid summit in june, was biden there", None),
    ("het nieuwe strategisch concept, staat china erin?", None),
    ("en in juni, was hij er", "pronoun"),
    ("de andere twee, welke zijn dat", "pronoun"),
    ("welke landen zijn er in totaal?", "short"),  # "er … in" with a noun after it: there are
    ("Wat staat er in de Slotakte van Helsinki over bondgenootschappen?", None),  # a plural noun, not a verb
    ("en welke uitdagingen moeten er volgens nederland meer aandacht in krijgen?", "topic"),
    ("which one is older?", "pronoun"),
    # the name a question opens with as its subject is not what its object points at
    ("did russia sign up to that too?", "pronoun"),
    ("did kaag sign that alone?", "pronoun"),
    ("does russia agree with that?", "pronoun"),
    # pointing back whatever the length: "does this …", "after that", "those …", a closing pronoun,
    # a subject pronoun before any name, a Dutch pronominal adverb
    ("does this mean more money for defence?", "pronoun"),
    ("what did the allies decide after that?", "pronoun"),
    ("what did the ministers say about those proposals?", "pronoun"),
    ("and how many soldiers does the Netherlands send there?", "pronoun"),
    ("will they also take part in the exercises?", "pronoun"),
    ("Wat zegt het kabinet daarnaast over de begroting?", "pronoun"),
    # a long question with a topic of its own keeps its own words, even when it points back
    ("Wat zegt het kabinet daarnaast over de samenwerking met de EU in 2022?", None),
    # questions that stand alone, also in the middle of a chat
    ("Hoeveel F-35 jachtvliegtuigen levert Nederland voor Air Policing?", None),
    ("Wanneer komen de NAVO-defensieministers in oktober 2022 bijeen?", None),
    ("Which countries increased their defence spending after the Madrid summit?", None),
    ("Is there a NATO battlegroup in Lithuania?", None),
    ("Hoeveel geeft het kabinet uit aan defensie?", None),  # "het" before a noun is an article
    ("Hoeveel NAVO-landen zijn er in 2022?", None),  # "er" without a preposition: there is/are
    ("Is it true that Finland asked to join NATO in 2022?", None),  # "it" as a placeholder
    ("What did NATO leaders decide on cyber defence when they met in Brussels in June 2021?", None),
    ("Who was NATO's Supreme Allied Commander Europe at the time of these letters?", None),
    ("What did the Netherlands say at the summit that NATO held in Madrid in June 2022?", None),  # relative "that"
    # a topic of its own that still points back: nothing before the pointer it could point at
    ("and who else shows up for the eu-nato part of that meeting?", "topic"),
    ("so what status do they have with nato in the meantime?", "topic"),
    ("in welke brief is de kamer daar precies over geïnformeerd?", "topic"),  # "daar … over", not "daarnaast"
    ("and does the cabinet think those two are ready to join nato?", "topic"),  # "those two" is not the cabinet
    ("and what did the secretary general ask all allies to update on that?", "topic"),  # nor is "that" the allies
    ("wanneer kwam die tekst binnen?", "pronoun"),
    ("en wat moeten ze van de bondgenoten nog doen om lid te kunnen worden?", "pronoun"),  # "ze", no name before
    ("waarom is het volgens hen ook een deel van de oplossing?", "topic"),  # "hen"; an article is no antecedent
    ("does the cabinet still want to engage with them at all?", "topic"),  # "them" is not the one cabinet
    ("moet nederland dan helemaal stoppen met samenwerken met ze?", "pronoun"),  # nor "ze" the Netherlands
    ("so what status instead, for the time being?", "pronoun"),  # "instead": other than what was said
    ("so what did the letter offer parliament instead before the summit?", "topic"),
    ("What does NATO do instead of a new treaty?", None),  # "instead of" names its own alternative
    ("what are the other four?", "pronoun"),
    ("where was the new one supposed to be adopted?", "pronoun"),
    ("En wat is het NATO Readiness Initiative?", None),  # "en wat is X": a question of its own, no ellipsis
    ("And what about Sweden?", "ellipsis"),
    # … or something is: the noun it repeats, a name
    ("Where was the Strategic Concept to be adopted per the 2021 summit report, and when did that summit "
     "take place?", None),
    ("Welke toezegging aan Georgië werd in 2021 herbevestigd, en voldoen deze landen al aan de criteria?", None),
    ("en wie besloot dat er een nieuwe moest komen?", "pronoun"),  # an adjective without its noun
    ("wie besloot tot een nieuwe strategie?", None),
    # more of what was asked: "… too?", "any other …", "nog andere …"
    ("any ministers too?", "ellipsis"),
    ("any other regions?", "ellipsis"),
    ("nog andere landen?", "ellipsis"),
    ("Which other countries sent ministers to the Madrid summit in June 2022?", None),
    # a demonstrative with any noun of the list, plural too
    ("met welk land heeft nederland die ideeën uitgewerkt?", "pronoun"),
    ("wat houden die toezeggingen in?", "pronoun"),
    ("china same story?", "ellipsis"),  # "same", and "any …" in up to four words
    ("any nato reaction?", "ellipsis"),
    ("anyone outside asia?", "ellipsis"),
    ("Are there any NATO exercises planned in the Baltic states in 2022?", None),
    ("hoe werd die in 2010 omschreven?", "pronoun"),  # "die" after the verb, before a preposition
    ("komt het op de agenda in juni?", "pronoun"),  # … "het" too, right after the opening verb
    ("ligt het bij de navo?", "pronoun"),
    ("komt het strategisch concept op de agenda in juni?", None),  # "het" as an article
    # particles and quantifiers name no topic: "more", "per", "out", "wel" (Dutch "meer" is a stop word)
    ("who sorts out the rules?", "short"), ("how much more per ally?", "short"), ("welke dan wel concreet?", "short"),
    ("who sorts out the rules of the new cyber defence pledge?", None),
    ("was it actually on the agenda for the foreign ministers meeting in brussels?", "topic"),  # "was it" points
    ("and what is the government going to send parliament about it soon?", "topic"),  # "about it"
    ("en wanneer kan zo'n cyberaanval als een echte gewapende aanval tellen?", "topic"),  # "zo'n": such a
    ("Doen er zo'n 30 landen mee aan de oefening in Noorwegen in 2022?", None),  # "zo'n 30": about 30
    ("vienna document, what is it", None),  # "what is it" after the question's own words
    ("whose motion was it about a fast joint reaction to cyberattacks", None),  # a cleft "was it about"
    # a demonstrative and its noun point back past a generic word ("the dutch"), up to two words between
    ("what would the dutch say in that black sea session?", "topic"),
    ("and what was the netherlands going to say in that session?", "topic"),
    ("which session was the black sea one and who spoke in that session?", None),  # the noun it repeats
    ("waar is die navo missie in irak eigenlijk voor bedoeld", None),  # the noun placed by a name after it
    ("what makes this one special?", "pronoun"),
    ("komen er dan wapens in de ruimte?", "pronoun"),  # "dan" after a pronoun subject: then, back at the answer
    ("halen we dan de 2 procent?", "pronoun"),
    ("Moeten bondgenoten meer dan 2 procent uitgeven in 2024?", None),  # "meer dan": a comparison
    ("nog iets anders?", "more"),  # a topic switch's opening alone asks for more of the same
    ("nog meer?", "more"), ("en verder?", "more"), ("maar?", "more"), ("what else?", "more"),
    ("anything else?", "more"), ("Tell me more", "more"), ("go on", "more"),
    ("meer defensie-uitgaven?", None),  # "meer" with a topic of its own
    ("where is russia building up its military", None),  # "its" after a name is that name's
    ("which us president had his first summit 2021", None),
    ("is russia willing to negotiate on them?", "pronoun"),  # … "them" is not Russia
    ("nog iets anders: wat vraagt nederland van rusland over mh17?", None),  # … with a question after it, a switch
    # "the country" naming none: the one the conversation is about
    ("hoe wil nl het land nog helpen", "pronoun"), ("will the dutch keep helping the country?", "pronoun"),
    ("welk land levert de meeste troepen", None), ("What does the country of Finland want?", None),
    ("how will the country help Afghanistan?", None),  # names its country
    # "the same" comparing two things the question names, or with "as": a question of its own
    ("Are Russia and China the same kind of threat?", None), ("Is China the same threat as Russia?", None),
    ("Is it the same kind of threat?", "pronoun"),
])
def test_followup_kind(question, kind):
    lang = "en" if question[0] in "wWHIA" and not question.lower().startswith(("waar", "wie", "wanneer", "wat ")) else "nl"
    assert followup_kind(question, understand(question, lang), lang) == kind


def test_a_time_told_from_the_earlier_turn_drops_its_time_and_letters(letters):
    prev = [Turn("at the 2021 brussels summit, which asia-pacific countries came up as possible partners?",
                 ("kst-28676-372",))]
    r = resolve("and a year later in the draft strategic concept?", prev, "en", letters)
    assert r.kind == "ellipsis" and r.prefer == () and r.text == (
        "and a year later in the draft strategic concept? (at the brussels summit, which asia-pacific countries "
        "came up as possible partners)")
    assert resolve("en drie jaar later, bij de appreciatie van het strategisch concept?", prev, "nl",
                   letters).kind == "ellipsis"


def test_a_followup_carries_the_conversation_since_its_topic_began(letters):
    chat = [Turn("Wat is de Ukraine Defense Contact Group?", ("kst-28676-418",)), Turn("hoe vaak al?"),
            Turn("waarom?")]
    r = resolve("wie nog meer?", chat, "nl", letters)
    assert r.text == "wie nog meer? (waarom; hoe vaak al; Wat is de Ukraine Defense Contact Group)"
    assert r.context == ("waarom", "hoe vaak al", "Wat is de Ukraine Defense Contact Group")


def test_more_asks_the_previous_question_again_past_everything_shown(letters):
    first = Turn("Wat is DIANA?", ("kst-28676-372",), spans=(Span("kst-28676-372", 100, 200),))
    more = Turn("nog meer?", ("kst-28676-372",), spans=(Span("kst-28676-372", 300, 400),))
    r = resolve("nog meer?", [first], "nl", letters)
    assert (r.kind, r.text, r.near) == ("more", "Wat is DIANA?", first.spans)
    r = resolve("en verder?", [first, more], "nl", letters)  # the shown quotes add up over "more?" turns
    assert (r.kind, r.text, r.near) == ("more", "Wat is DIANA?", first.spans + more.spans)
    # … and a follow-up after them reads against the question they continued
    assert resolve("wie ondertekende die brief?", [first, more], "nl", letters).text == "wie ondertekende brief 372?"


def test_letter_reference_restricts_to_the_cited_letter(letters):
    r = resolve("En wie ondertekende die brief?", CHAT, "nl", letters)
    assert (r.text, r.letters, r.kind) == ("En wie ondertekende brief 418?", ("kst-28676-418",), "letter_ref")
    r = resolve("who signed that letter?", CHAT, "en", letters)
    assert r.text == "who signed letter 418?"
    # read as typed: an English contraction without its apostrophe has it back
    assert resolve("whats the date on that letter", CHAT, "en", letters).text == "what's the date on letter 418"
    # … while one that stands alone is left as typed (it is read so only)
    assert resolve("whats nato's nuclear planning group", CHAT, "en", letters).text == \
        "whats nato's nuclear planning group"
    # the pronoun is the letter itself: no earlier question in brackets to read it as another topic
    r = resolve("en die brief, van welke datum is die?", CHAT, "nl", letters)
    assert (r.text, r.kind) == ("en brief 418, van welke datum is die?", "letter_ref")
    assert understand(r.text, "nl").letter_ask == "date"
    # a compound names the letter as well: "die agendabrief"
    r = resolve("datum van die agendabrief?", CHAT, "nl", letters)
    assert (r.text, r.letters, r.kind) == ("datum van brief 418?", ("kst-28676-418",), "letter_ref")
    # … unless the previous answer names that compound: then it is the letter the quote mentions
    named = [Turn("welke kennisgeving?", ("kst-28676-418",), "Zoals gemeld in de kennisgevingsbrief van 3 juni …")]
    r = resolve("en die kennisgevingsbrief, van wanneer is die?", named, "nl", letters)
    assert r.kind != "letter_ref" and not r.letters
    # what "die brief" says, after an answer from two letters: either of them; who signed it: the first
    two = [Turn("Wat besloten de defensieministers over cyber?", ("kst-28676-372", "kst-28676-387", "kst-28676-372"))]
    r = resolve("staat in die brief ook iets over klimaat?", two, "nl", letters)
    assert (r.text, r.letters) == ("staat in brief 372 of brief 387 ook iets over klimaat?",
                                   ("kst-28676-372", "kst-28676-387"))
    assert resolve("wie ondertekende die brief?", two, "nl", letters).letters == ("kst-28676-372",)
    # … or the one of the time the earlier question asked about: 408 is of June 2022, 372 of June 2021
    drafts = [Turn("and what did the 2022 draft concept say about russia?", ("kst-28676-372", "kst-28676-408"))]
    assert resolve("what's the date on that letter", drafts, "en", letters).letters == ("kst-28676-408",)
    undated = [Turn("and what did the draft concept say?", ("kst-28676-372", "kst-28676-408"))]
    assert resolve("what's the date on that letter", undated, "en", letters).letters == ("kst-28676-372",)
    # "die brief van februari": the letter of that time, not the first one the answer cited
    two = [Turn("Wat besloten de defensieministers over cyber?", ("kst-28676-372", "kst-28676-387"))]
    r = resolve("wie heeft die brief van februari ondertekend?", two, "nl", letters)
    assert r.letters == ("kst-28676-387",) and "brief 387" in r.text
    # a time elsewhere is what the question asks about, not the letter's date (408 is of June 2022)
    iraq = [Turn("wat doet nato mission iraq?", ("kst-28676-418",))]
    r = resolve("wat staat er in die brief over wat nederland in juni 2022 besloot?", iraq, "nl", letters)
    assert r.letters == ("kst-28676-418",)
    # a pronoun beside the letter reference is the earlier question's topic: that question in brackets
    budget = [Turn("hoe groot was het defensiebudget in 2021", ("kst-28676-372",))]
    r = resolve("staat in die brief ook waarom het daarna weer daalt?", budget, "nl", letters)
    assert r.text == "staat in brief 372 ook waarom het daarna weer daalt? (hoe groot was het defensiebudget in 2021)"
    assert r.intent_text == "staat in brief 372 ook waarom het daarna weer daalt?" and r.letters == ("kst-28676-372",)


def test_ellipsis_swaps_the_time_or_the_name(letters):
    prev = [Turn("Waar vond de NAVO-top van 2021 plaats?", ("kst-28676-372",))]
    assert resolve("En in 2022?", prev, "nl", letters).text == "Waar vond de NAVO-top van 2022 plaats?"
    prev = [Turn("Wat zegt het Strategisch Concept over China?", ("kst-28676-408",))]
    r = resolve("En Rusland?", prev, "nl", letters, vocabulary=Vocabulary(frozenset({"rusland", "china"})))
    assert r.text == "Wat zegt het Strategisch Concept over Rusland?"
    assert r.prefer == ("kst-28676-408",) and r.letters == ()  # a preference, not a filter
    # a city for a city: a country asked after a summit in Madrid is asked about there, not in its place
    prev = [Turn("wanneer was die navo top in madrid eigenlijk?", ("kst-28676-408",))]
    r = resolve("en finland en zweden?", prev, "nl", letters,
                vocabulary=Vocabulary(frozenset({"madrid", "finland", "zweden"})))
    assert "madrid" in r.text and "top in finland" not in r.text
    prev = [Turn("When was the Brussels summit?", ())]
    assert resolve("And the Madrid summit?", prev, "en", letters).text == "When was the Madrid summit?"


def test_a_time_swapped_beside_a_letters_date_leaves_the_date(letters):
    # "… volgens de brief van november 2019" names the source; the time asked is "in 2024"
    prev = [Turn("haalt nederland in 2024 de 2%-norm volgens de brief van november 2019?", ("kst-28676-328",))]
    assert resolve("en in 2019 zelf?", prev, "nl", letters).text == \
        "haalt nederland in 2019 de 2%-norm volgens de brief van november 2019?"
    # alone, the letter's date is what the ellipsis swaps: "en in 2021?" asks the 2021 letter
    prev = [Turn("wat wil nederland met china volgens de brief uit 2019?", ("kst-28676-328",))]
    assert resolve("en in 2021?", prev, "nl", letters).text == "wat wil nederland met china volgens de brief uit 2021?"


def test_a_name_with_nothing_of_its_kind_to_replace_rides_with_the_previous_question(letters):
    # "erkent nederland … — nordstream?" asked nothing; the earlier question in brackets does
    prev = [Turn("erkent nederland dat rusland stukken van oekraïne heeft ingelijfd?", ("kst-28676-418",))]
    r = resolve("en de sabotage van nordstream?", prev, "nl", letters,
                vocabulary=Vocabulary(frozenset({"nordstream", "rusland"})))
    assert r.text == "en de sabotage van nordstream? (erkent nederland dat rusland stukken van oekraïne heeft ingelijfd)"
    assert r.intent_text == "en de sabotage van nordstream?" and r.prefer == ("kst-28676-418",)


def test_an_ellipsis_with_words_of_its_own_is_not_swapped(letters):
    prev = [Turn("hoeveel procent van het bbp ging er in 2019 naar defensie in nl?", ("kst-28676-328",))]
    r = resolve("en halen we in 2024 wel de 2%?", prev, "nl", letters)
    assert r.text == "en halen we in 2024 wel de 2%? (hoeveel procent van het bbp ging er in 2019 naar defensie in nl)"
    assert r.intent_text == "en halen we in 2024 wel de 2%?"


def test_an_ellipsis_asking_its_own_question_or_a_place_for_no_place_is_not_swapped(letters):
    prev = [Turn("why was the oct 2022 defence ministers meeting special?", ("kst-28676-418",))]
    r = resolve("and dinner with who in october?", prev, "en", letters)
    assert r.intent_text == "and dinner with who in october?" and "dinner" in r.text  # not "… meeting in october"
    prev = [Turn("welke wijzigingen stellen de bondgenoten voor aan het weens document", ("kst-28676-328",))]
    r = resolve("en rusland?", prev, "nl", letters, vocabulary=Vocabulary(frozenset({"rusland", "weens"})))
    assert "weens document" in r.text.lower() and r.intent_text == "en rusland?"


def test_only_a_number_asked_points_back(letters):
    prev = [Turn("welke kerntaken noemt het concept strategisch concept", ("kst-28676-408",))]
    assert resolve("welke 3?", prev, "nl", letters).carried
    assert not resolve("welke 3 kerntaken heeft de navo", prev, "nl", letters).carried


def test_other_followups_carry_the_previous_question(letters):
    prev = [Turn("Hoeveel F-35's levert Nederland voor Air Policing?", ("kst-28676-387",))]
    r = resolve("Vanuit welk land?", prev, "nl", letters)
    assert r.text == "Vanuit welk land? (Hoeveel F-35's levert Nederland voor Air Policing)"
    assert r.intent_text == "Vanuit welk land?" and r.prefer == ("kst-28676-387",)
    # a chain keeps the conversation's topic: its latest question that stood alone
    r = resolve("welke maanden?", prev + [Turn("Vanuit welk land?", ("kst-28676-387",))], "nl", letters)
    assert "Hoeveel F-35's levert Nederland voor Air Policing" in r.text and "Vanuit welk land" in r.text


def test_a_personal_pronoun_takes_the_person_the_answer_named(letters):
    prev = [Turn("Wie tekende brief 328?", ("kst-28676-328",), "De Minister van Buitenlandse Zaken, S.A. Blok")]
    r = resolve("Wat was hij toen?", prev, "nl", letters)
    assert r.text == "Wat was hij toen? (Wie tekende brief 328; Minister van Buitenlandse Zaken, S.A. Blok)"
    prev = [Turn("Who attended?", ("kst-28676-372",), "Ook Minister van Buitenlandse Zaken Kaag was aanwezig.")]
    assert resolve("was she there herself?", prev, "en", letters).text.endswith("; Minister van Buitenlandse Zaken Kaag)")
    # a name with initials, not a word's last capital before the next sentence ("… de NAVO. Daarbij …")
    prev = [Turn("wat vond rutte van strategische autonomie", ("kst-28676-372",),
                 "… de hoeksteen van de NAVO. Daarbij is door de Minister-President benadrukt dat …")]
    assert "O. Daarbij" not in resolve("op welke top zei hij dat", prev, "nl", letters).text
    prev = [Turn("wie tekende brief 372?", ("kst-28676-372",), "De Minister van Defensie, A.Th.B. Bijleveld-Schouten")]
    assert resolve("was zij toen al minister?", prev, "nl", letters).text.endswith(
        "; Minister van Defensie, A.Th.B. Bijleveld-Schouten)")
    # no personal pronoun: the answer's names are not carried
    assert "Blok" not in resolve("Waarom?", prev[:0] + [Turn("Wie tekende brief 328?", (), "S.A. Blok")], "nl",
                                 letters).text
    # citations as the app and the API send them carry their quotes
    assert turns_from([{"question": "q", "citations": [{"doc_id": "d", "quote": "K.H. Ollongren"}]}])[0].answer \
        == "K.H. Ollongren"


def test_a_long_question_that_points_back_carries_the_names_it_points_at(letters):
    chat = [Turn("how does the cabinet want the new strategic concept to describe russia?", ("kst-28676-408",))]
    r = resolve("so is there still room for talking to them at all?", chat, "en", letters,
                vocabulary=Vocabulary(frozenset({"russia"})))
    assert (r.text, r.kind, r.letters) == ("so is there still room for talking to them at all? (russia)", "topic", ())
    assert r.intent_text == "so is there still room for talking to them at all?"  # its own words pick the sentence
    assert r.prefer == ("kst-28676-408",)  # cited since the latest standalone question
    # no name to carry: the earlier question in brackets
    chat = [Turn("when are nato defence ministers meeting in feb 2022?", ("kst-28676-387",))]
    r = resolve("and who else shows up for the eu-nato part of that meeting?", chat, "en", letters)
    assert r.text == "and who else shows up for the eu-nato part of that meeting? " \
                     "(when are nato defence ministers meeting in feb 2022)"
    assert r.kind == "topic" and r.prefer == ("kst-28676-387",)
    # a number alone is no name to carry ("artikel 5" is no "(5)"); a share is ("2 procent")
    chat = [Turn("could a cyber attack count under article 5?", ("kst-28676-408",))]
    r = resolve("is the cabinet ok with how the draft puts it?", chat, "en", letters)
    assert r.text == "is the cabinet ok with how the draft puts it? (could a cyber attack count under article 5)"
    chat = [Turn("haalde nederland in 2019 de 2 procent?", ("kst-28676-328",))]
    r = resolve("en wanneer kreeg de kamer de cijfers die nl daarover aan de navo doorgaf?", chat, "nl", letters)
    assert r.kind == "topic" and r.text.endswith("(2)")


def test_after_a_question_about_a_letter_it_is_that_letter(letters):
    """"What date is it?" after "who wrote the letter about …" asks that letter's date, and
    "which ministers sent it?" after any question its senders; "why is it …?" still asks about
    the topic."""
    r = resolve("what date is it?", CHAT, "en", letters)
    assert (r.text, r.kind, r.letters) == ("what date is letter 418?", "letter_ref", ("kst-28676-418",))
    assert resolve("wanneer is die verstuurd?", CHAT, "nl", letters).letters == ("kst-28676-418",)
    assert resolve("why is it on the agenda?", CHAT, "en", letters).letters == ()
    # after any question, "it" is a letter when the question asks what only a letter has: its senders
    chat = [Turn("what did the cabinet think of the first draft strategic concept?", ("kst-28676-408",))]
    r = resolve("which ministers sent it?", chat, "en", letters)
    assert (r.text, r.letters) == ("which ministers sent letter 408?", ("kst-28676-408",))
    assert resolve("why is it secret?", chat, "en", letters).letters == ()
    assert resolve("who signed that one?", chat, "en", letters).text == "who signed letter 408?"  # "that one" whole
    # "that one" after any question is the letter when, read so, the question asks about a letter
    assert resolve("what date's on that one?", chat, "en", letters).letters == ("kst-28676-408",)
    assert resolve("when did ollongren send this one?", chat, "en", letters).text == \
        "when did ollongren send letter 408?"
    assert resolve("what happened at that one?", chat, "en", letters).letters == ()
    # a field asked with no pronoun ("and the date?", "en welke datum staat erop?") after a question about a letter
    r = resolve("and the date?", [Turn("who sent letter 408", ("kst-28676-408",))], "en", letters)
    assert (r.text, r.kind, r.letters) == ("and the date? (letter 408)", "letter_ref", ("kst-28676-408",))
    assert resolve("en welke datum staat erop?", CHAT, "nl", letters).letters == ("kst-28676-418",)
    assert resolve("and the date?", chat, "en", letters).letters == ()  # the earlier question asked no letter


def test_a_document_pointed_at_is_the_letter_when_asked_what_a_letter_has(letters):
    """"dat verslag", "die agenda", "that summit readout": the letter just cited when, read so, the question
    asks who signed or sent it, or its date; otherwise the words stay ("what does that report say …")."""
    chat = [Turn("welke kamermotie over cyber noemt ollongren in de agenda van feb 2022", ("kst-28676-387",))]
    r = resolve("wiens naam staat onder die agenda", chat, "nl", letters)
    assert (r.text, r.kind, r.letters) == ("wiens naam staat onder brief 387", "letter_ref", ("kst-28676-387",))
    assert resolve("datum van dat schrijven?", chat, "nl", letters).text == "datum van brief 387?"
    chat = [Turn("rutte's line on strategic autonomy at the june 2021 summit", ("kst-28676-372",))]
    assert resolve("whose names are on that summit readout", chat, "en", letters).letters == ("kst-28676-372",)
    r = resolve("what does that report say about china?", chat, "en", letters)
    assert r.letters == () and r.text.startswith("what does that report say about china?")
    # … also where the question would stand alone ("appreciatie" is no noun a demonstrative points back with)
    chat = [Turn("wat vindt het kabinet van het concept strategisch concept", ("kst-28676-408",))]
    assert resolve("wanneer is die appreciatie naar de kamer gegaan?", chat, "nl", letters).text == \
        "wanneer is brief 408 naar de kamer gegaan?"


def test_a_signer_asked_of_no_letter_is_the_cited_letters(letters):
    """"wiens naam staat er onderaan?" in a chat asks about the letter just cited; a letter named by
    what it is about, or any other question, stands alone."""
    r = resolve("wiens naam staat er onderaan?", CHAT, "nl", letters)
    assert (r.text, r.kind, r.letters) == ("wiens naam staat er onderaan? (brief 418)", "letter_ref",
                                           ("kst-28676-418",))
    assert understand(r.text, "nl").letter_ask == "signer"
    assert resolve("who signed?", CHAT, "en", letters).letters == ("kst-28676-418",)
    for q in ("which two ministers sent parliament the cabinet's view on the draft strategic concept?",
              "wie ondertekende de brief over madrid?", "wie tekende brief 372?"):
        assert resolve(q, CHAT, "en", letters).carried is False, q


def test_a_time_alone_is_an_ellipsis(letters):
    chat = [Turn("what share of gdp did nl spend on defence in 2021", ("kst-28676-372",))]
    assert resolve("2022?", chat, "en", letters).text == "what share of gdp did nl spend on defence in 2022"
    assert resolve("juni 2021?", chat, "nl", letters).carried


def test_a_standalone_question_is_never_touched(letters):
    q = "Hoeveel F-35 jachtvliegtuigen levert Nederland voor Air Policing?"
    r = resolve(q, CHAT, "nl", letters)
    assert (r.text, r.carried, r.letters, r.prefer) == (q, False, (), ())
    assert resolve("En wie ondertekende die brief?", [], "nl", letters).carried is False  # no history
    # a question that says it changes the subject stands alone ("daarvan" points away there)
    for q in ("Los daarvan: wat vraagt Nederland van Rusland over MH17?", "different thing: who is it about?"):
        assert resolve(q, CHAT, "nl", letters).carried is False, q


@pytest.mark.parametrize(("followup", "words"), [
    ("en over cyber?", {"cyber"}),
    ("hoe zit het met cyber?", {"cyber"}),  # the longest opener, not "hoe" as a question word
    ("anders?", {"ander"}),  # a word that starts like an opener ("and") keeps its letters
    ("wie nog meer?", set()),  # a question word: not a bare follow-up
    ("en nl zelf?", {"nederland"}),  # the letters' name, not "nl" of a footnote's www.tweedekamer.nl
])
def test_focus_words_of_a_bare_followup(followup, words):
    assert focus_words(followup, "nl") == words


def test_a_word_that_asks_for_a_kind_of_answer_is_no_focus():
    # the answer's type picks those sentences; "date" through the glossary would pick "dateert"
    assert focus_words("date?", "en") == set() and focus_words("exacte datum?", "nl") == {"exact"}
    assert focus_words("bedrag?", "nl") == set() and focus_words("name?", "en") == set()
    assert {"goal", "doel"} <= focus_words("the goal?", "en")
    assert {"resultaat"} <= focus_words("en het resultaat?", "nl")  # an outcome is asked in its own words


def test_a_yes_no_followup_names_no_focus_unless_it_names_something():
    # "can dutch mps see it": "Nederland" and "ziet" are in many sentences; the earlier topic decides
    assert focus_words("can dutch mps see it", "en") == set() and focus_words("komt daar een plan voor?", "nl") == set()
    assert "rusland" in focus_words("doet Rusland daaraan mee?", "nl")


def test_a_follow_up_carries_where_the_previous_answer_stands(letters):
    """The previous answer's quote spans go with a follow-up (the answer stage looks next to
    them), not with a question that stands alone; the app's and the API's citations carry them."""
    quoted = (Span("kst-28676-328", 100, 180),)
    chat = [Turn("Wat wil de NAVO veranderen aan het Weens Document?", ("kst-28676-328",), "…", quoted)]
    assert resolve("Doet Rusland daaraan mee?", chat, "nl", letters).near == quoted
    assert resolve("Hoeveel F-35 jachtvliegtuigen levert Nederland voor Air Policing?", chat, "nl", letters).near == ()
    cits = [{"doc_id": "kst-28676-328", "start": 100, "end": 180, "quote": "…"}, {"doc_id": "kst-28676-328"}]
    assert turns_from([{"question": "q", "citations": cits}])[0].spans == quoted


def test_that_letter_is_the_conversations_letter(letters):
    """"That letter" after a follow-up that only got the closest passages (a partial answer) is the
    letter before it; of several letters just cited, the one the conversation was answered from."""
    burden = Turn("is burden sharing just about money, per the 2019 letter", ("kst-28676-328",))
    troops = Turn("how many troops does nl put into it", ("kst-28676-372",), status="partial")
    assert resolve("whats the date on that letter", [burden, troops], "en", letters).letters == ("kst-28676-328",)
    answered = Turn("how many troops does nl put into it", ("kst-28676-372",))
    assert resolve("whats the date on that letter", [burden, answered], "en", letters).letters == ("kst-28676-372",)
    # a question of its own that got the closest passages: those are its letter
    guidance = Turn("who adopts political guidance 2023?", ("kst-28676-418",), status="partial")
    assert resolve("what date is that letter from?", [burden, guidance], "en", letters).letters == ("kst-28676-418",)
    spending = [Turn("nl 2019 defence spending vs the 2% target", ("kst-28676-328",)),
                Turn("and by 2024?", ("kst-28676-387", "kst-28676-372", "kst-28676-328"))]
    assert resolve("who signed that letter", spending, "en", letters).letters == ("kst-28676-328",)
    assert resolve("who signed that letter", spending[1:], "en", letters).letters == ("kst-28676-387",)
    # a follow-up with a topic of its own starts anew: its first letter
    partners = [Turn("Which Indo-Pacific countries were named as possible NATO partners at the 2021 summit?",
                     ("kst-28676-372",)),
                Turn("and a year later, how did the cabinet feel about those asian countries showing up in the draft "
                     "strategic concept?", ("kst-28676-408", "kst-28676-372"))]
    assert resolve("what date is on that letter?", partners, "en", letters).letters == ("kst-28676-408",)


def test_a_question_that_stands_alone_can_be_read_as_a_follow_up(letters):
    """Pipeline.ask reads a question as a follow-up after all when the letters have nothing for it
    alone, it may point back, and the answer then quotes a word of it."""
    chat = [Turn("welke oekraiense regio's wilde rusland eind sept 2022 inpikken", ("kst-28676-418",))]
    q = "wie hadden die referenda georganiseerd?"
    assert not resolve(q, chat, "nl", letters).carried
    r = resolve(q, chat, "nl", letters, followup=True)
    assert r.carried and r.text == f"{q} (welke oekraiense regio's wilde rusland eind sept 2022 inpikken)"
    assert r.prefer == ("kst-28676-418",) and resolve(q, [], "nl", letters, followup=True).text == q
    assert points_back(q) and points_back("what did allies want them to be open about?")
    assert not points_back("recept voor erwtensoep") and not points_back("best pizza place in amsterdam")
    quote = "De door lokale, pro-Russische autoriteiten georganiseerde schijnreferenda …"
    assert said_in(q, quote, "nl")  # "referenda" inside the compound
    assert not said_in("wie heeft die brief getekend?", quote, "nl")
    assert said_in("who organised those referendums?", quote, "en")  # in the letters' Dutch
    assert not said_in("is nl in nato?", "Nederland neemt deel aan de NAVO.", "en")  # own side, NATO: nothing


def test_history_from_json():
    turns = turns_from([{"question": "a", "citations": [{"doc_id": "kst-28676-418", "n": 1}]}, {"question": "b"},
                        "c", {"question": "d", "status": "partial"}, {"question": "e", "status": "odd"}])
    assert turns == [Turn("a", ("kst-28676-418",)), Turn("b"), Turn("c"), Turn("d", status="partial"), Turn("e")]
    assert turns_from(None) == [] and turns_from([]) == []
    for bad in ({"question": "a"}, [{"vraag": "a"}], [{"question": "a", "citations": "418"}]):
        with pytest.raises(ValueError):
            turns_from(bad)


@given(st.text(max_size=60), st.lists(st.text(max_size=60), max_size=3))
def test_any_conversation_resolves_to_text(question, earlier):
    from rag.corpus import load_corpus
    from tests.conftest import CORPUS

    letters = _LETTERS.setdefault("x", {L.doc_id: L for L in load_corpus(CORPUS).letters})
    r = resolve(question, [Turn(q) for q in earlier], "nl", letters)
    assert isinstance(r.text, str) and (r.carried or r.text == question)


_LETTERS: dict = {}


def test_they_after_a_which_countries_question_takes_the_countries_the_answer_named(letters):
    answer = "Een werksessie met NAVO-partners Georgië en Oekraïne over de Zwarte Zee regio, met de Oekraïense Minister."
    prev = [Turn("which partner countries joined the black sea session?", ("kst-28676-387",), answer)]
    r = resolve("can they join nato?", prev, "en", letters)
    assert r.text.endswith("; Georgië; Oekraïne)")  # names, not the adjective "Oekraïense"
    # not after a question that asked something else, nor without a plural pronoun
    other = [Turn("what was the black sea session about?", ("kst-28676-387",), answer)]
    assert "Georgië" not in resolve("can they join nato?", other, "en", letters).text
    assert "Georgië" not in resolve("why?", prev, "en", letters).text


def test_a_follow_up_reads_a_spaced_compound_as_the_letters_write_it(pipeline):
    """The conversation reads questions against the answer stage's vocabulary: "de secretaris
    generaal" is the post, not the name "secretaris" to swap into the earlier question."""
    chat = [Turn("Wat is DIANA?", ("kst-28676-372",))]
    r = resolve("en de secretaris generaal?", chat, "nl", pipeline.store.letters, pipeline.answerer.vocabulary)
    assert r.text != "Wat is secretaris?" and "generaal" in r.text


def test_the_letter_no_qualifier_names_is_the_one_just_cited(letters):
    chat = [Turn("who pays if nato's common budget goes up?", ("kst-28676-387",))]
    r = resolve("does the letter say why it needs to go up?", chat, "en", letters)
    assert r.kind == "letter_ref" and r.letters == ("kst-28676-387",) and "letter 387" in r.text
    for named in ("wie tekende de brief van juni 2021?", "wat staat er in de brief over china?"):
        assert resolve(named, chat, "nl", letters).letters != ("kst-28676-387",), named


def test_in_it_closing_a_question_points_back_past_its_own_names(letters):
    chat = [Turn("is the dutch government happy with the first draft of nato's new strategic concept?",
                 ("kst-28676-408",))]
    r = resolve("should russia and china be lumped together in it?", chat, "en", letters,
                vocabulary=Vocabulary(frozenset({"russia", "china"})))
    assert r.carried and "strategic concept" in r.text
    assert not resolve("UDCG what is it", chat, "en", letters).carried  # "it" is the name just given


def test_it_or_those_closing_a_question_as_its_object_points_back(letters):
    chat = [Turn("what does the draft strategic concept say about emerging technologies?", ("kst-28676-408",))]
    for q in ("is the cabinet happy with how the draft covers it?", "does the draft include those"):
        assert resolve(q, chat, "en", letters).carried, q
    # a topic named first is what it points at; "what is it" asks about the name just given
    for q in ("the climate action plan nato endorsed in 2021, what measures are in it?",
              "the ukraine defense contact group - how many countries are in it?", "What is DIANA and who made it?"):
        assert not resolve(q, chat, "en", letters).carried, q


def test_a_short_question_naming_a_term_of_the_letters_stands_alone(letters):
    vocabulary = Vocabulary.of(list(letters.values()))
    chat = [Turn("Hoeveel F-35 jachtvliegtuigen levert Nederland voor Air Policing?", ("kst-28676-387",))]
    assert resolve("navo klimaatneutraal wanneer", chat, "nl", letters, vocabulary).kind is None
    assert resolve("van wie was de motie over cyberaanvallen", chat, "nl", letters, vocabulary).kind is None
    assert resolve("welke maanden?", chat, "nl", letters, vocabulary).kind == "short"  # everyday words lean back


def test_a_whole_question_about_nato_itself_stands_alone():
    for q, lang in (("op welke waarden rust de navo", "nl"), ("hoeveel lidstaten heeft de navo eigenlijk?", "nl"),
                    ("how many countries are in nato", "en")):
        assert followup_kind(q, understand(q, lang), lang) is None, q
    # a few words, or something pointing back, still lean on the chat
    for q, lang in (("reactie navo?", "nl"), ("nato was there how long?", "en"), ("welke landen?", "nl")):
        assert followup_kind(q, understand(q, lang), lang) == "short", q


@pytest.mark.parametrize("question, language, kind", [
    ("tot welk jaar lopen die plannen", "nl", "pronoun"),  # a Dutch plural doubles its consonant
    ("how does the minister read that move", "en", "pronoun"),
    ("what does nl push for in that conversation?", "en", "pronoun"),  # a talk held, pointed back at
    ("wat wil nl in dat gesprek bereiken", "nl", "pronoun"),
    ("most important one for nl?", "en", "pronoun"),  # an adjective's "one"
    ("how old is the current one", "en", "pronoun"),
    ("why was the readiness initiative such a big deal in 2019", "en", None),  # "such a" before an adjective
    ("did parliament get a copy of the dutch one?", "en", "pronoun"),
    ("en is dat goed verwoord in het concept nu?", "nl", "pronoun"),
    ("waarom de eu?", "nl", "ellipsis"),  # a why, when or where and a name only
    ("why china?", "en", "ellipsis"),
    ("moscow's reply?", "en", "short"),  # a name's reply, stance or view and no more
    ("reactie van rusland?", "nl", "short"),
    ("china's stance on it?", "en", "pronoun"),
    ("wat is de reactie van rusland op het navo-voorstel over het weens document", "nl", None),
    ("wanneer was de navo-rusland raad", "nl", None),  # … not with a verb of its own
    ("what did the cabinet call that a success", "en", "pronoun"),  # the object of a verb, then its complement
    ("and what did leaders set up to give that a boost?", "en", "topic"),  # … in a question of its own topic
    ("did they say that a summit was needed", "en", "pronoun"),  # ("they" points back; "say that a" is no object)
])
def test_more_forms_that_point_back(question, language, kind):
    assert followup_kind(question, understand(question, language), language) == kind


def test_an_ellipsis_with_a_time_and_a_country_asks_about_that_country_too(letters):
    chat = [Turn("wat spraken de bondgenoten in 2018 af over die 2 procent?", ("kst-28676-387",))]
    r = resolve("en nederland in 2024?", chat, "nl", letters)
    assert r.text == "en nederland in 2024? (wat spraken de bondgenoten in 2018 af over die 2 procent)"
    # a time alone is swapped in
    chat = [Turn("haalde nederland in 2019 de 2 procent?", ("kst-28676-328",))]
    assert resolve("en in 2024?", chat, "nl", letters).text == "haalde nederland in 2024 de 2 procent?"


def test_a_letter_called_by_its_kind_is_the_conversations_letter_of_that_kind(letters):
    """"the report letter", "that agenda letter", "die appreciatiebrief": of the letters cited in the
    conversation, the one of that kind (rag/letter_kinds.py); when none is, the letters of it, newest first."""
    summit = [Turn("who represented the netherlands at the june 2021 summit", ("kst-28676-372",))]
    r = resolve("who signed the report letter?", summit, "en", letters)
    assert r.kind == "letter_ref" and r.letters == ("kst-28676-372",) and r.text == "who signed letter 372?"
    assert resolve("who signed that agenda letter?", summit, "en", letters).letters == ("kst-28676-418",)
    both = [Turn("wat staat er op de agenda over oekraïne?", ("kst-28676-372", "kst-28676-387"))]
    assert resolve("wie tekende die agendabrief?", both, "nl", letters).letters == ("kst-28676-387",)
    draft = [Turn("does the draft include those values", ("kst-28676-418",))]
    assert resolve("that appraisal letter, dated when?", draft, "en", letters).letters == ("kst-28676-408",)
    # a kind no letter of the conversation is, asked of a letter named otherwise: as before
    assert resolve("who signed that letter?", summit, "en", letters).letters == ("kst-28676-372",)


@pytest.mark.parametrize("question, kind", [
    ("welke kerntaken wil nl dat de navo behoudt", None),  # "dat" opens a clause with its own subject
    ("wat vindt het kabinet dat er moet gebeuren", None),
    ("wil nl dat land verder helpen?", "pronoun"),  # "dat land": that country
    ("op welke top zei hij dat", "pronoun"),
    ("is dat de reden?", "pronoun"),
])
def test_dat_opening_a_clause_after_a_verb_of_wanting_or_saying_points_nowhere(question, kind):
    assert followup_kind(question, understand(question, "nl"), "nl") == kind
