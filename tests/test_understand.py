"""Question understanding (rag/understand.py): intents, entities and time, on short
questions typed the way people type them. Pure rules: no index needed."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.lexicon import dutch_forms
from rag.terms import Vocabulary
from rag.tokens import tokenize
from rag.understand import (INTENTS, Entity, asks_overview, TimeRef, restore_apostrophes, spell_counts, spell_file_ids, spell_posts,
                            understand, with_posts, without_source)


@pytest.mark.parametrize("question, intent", [
    # a part of a place is where; a part of anything else is how much
    ("russen moesten weg uit welk deel van oekraine", "place"),
    ("which part of ukraine did russia withdraw from", "place"),
    ("welk deel van het budget gaat naar navo", "amount"),
    ("Wat is DIANA?", "definition"),
    ("What does DPCR stand for?", "definition"),
    ("UDCG wat is dat", "definition"),
    ("nri nato what does it stand for", "definition"),  # keyword style: the term first
    ("diana navo, waar staan die letters voor dan", "definition"),  # its letters: not where
    ("ndpp, what do those letters stand for", "definition"),
    ("EDTs = ?", "definition"),
    ("wat houdt de NRI in", "definition"),
    ("what does EDT mean", "definition"),
    ("what does letter 328 say about cyber?", "fact"),  # "what does X say", not "what does X mean"
    ("whose motion was that?", "person"),
    ("which body does NL name as one whose work NATO should complement?", "list"),  # a relative "whose"
    ("KFOR betekenis", "definition"),
    ("edt betekenis navo", "definition"),
    ("ADN meaning in nato letters", "definition"),  # where the term is met, after "meaning"
    ("ADN abbreviation in the strategic concept letter?", "definition"),  # … in up to five words
    ("edt's, wat wordt daarmee bedoeld", "definition"),  # what is meant by it, after the term
    ("edt, what is meant by that", "definition"),
    ("definition of DPCR", "definition"),
    ("the meaning of life", "fact"),  # an article is no term
    ("NRI?", "definition"),  # an acronym alone
    ("waar ging het NAVO2030-traject over", "definition"),  # what X is about
    ("waar gaat de brief van Blok over", "letter"),  # … unless X is a letter
    ("what is nato going to do about china", "fact"),  # a verb in the "term": no term to define
    ("F-35?", "fact"),  # a type name is no acronym to define  # the organisation it belongs to typed after it
    ("wat is het weens document", "definition"),  # "het" an article, not a pointer ("wat is het?")
    ("wat is het", "fact"),
    ("NDPP, what's that", "definition"),
    ("what is nato's position on nuclear weapons", "fact"),  # a stance asked, no term defined
    ("what was the point of nato 2030", "fact"),  # … or a purpose
    ("wat is het eu gemiddelde qua defensie uitgaven", "amount"),  # an average is a figure, not a term
    ("hoe kan dat nou omlaag gaan", "why"),  # Dutch "how come"
    ("hoe komt het dat de uitgaven dalen", "why"),
    ("hoe kan dat worden verbeterd", "fact"),  # … not a how
    ("what made the oct 2022 meeting unusual", "why"),  # what made it so
    ("wat maakte die bijeenkomst anders dan anders", "why"),
    ("whats the european average for defence spending", "amount"),
    ("wat is het nut van diana", "fact"),
    ("wat is de rol van de EU", "fact"),
    ("wie heeft brief 387 geschreven", "letter"),
    ("what's the Dutch role in it?", "fact"),  # a pronoun in the "term": a follow-up, nothing to define
    # "waarop", "waarvoor" split around the question: what, not where; also before a participle
    ("Waar richt NATO Mission Iraq zich op?", "fact"),
    ("waar is het nieuwe NAVO-Force Model voor bedoeld?", "fact"),
    ("waar is de navo in irak nou precies mee bezig?", "fact"),
    ("waar is de top op 14 juni gehouden", "place"),
    ("hoofdstad van bulgarije", "place"),  # a capital is a city asked for, not a term
    ("wat is de hoofdstad van australië", "place"),
    ("wat is de rol van het kabinet daarin", "fact"),
    ("What's still missing?", "fact"),  # an adverb, not a term
    ("Wat zijn de drie kerntaken van de NAVO?", "list"),
    ("Hoeveel geeft Nederland uit aan defensie?", "amount"),
    ("by what percent does the budget rise", "amount"),
    ("what % of gdp does the netherlands spend on defence", "amount"),  # a share asked by its sign
    ("hoeveel F-35's levert NL", "count"),
    ("Wanneer vond de NAVO-top in Brussel plaats?", "date"),
    ("where do defence ministers meet in october 2022", "place"),
    ("Vanuit welk land vliegen de F-35's?", "place"),
    ("Waarom doet Finland mee?", "why"),
    ("reason nl defense spending goes down again after 2022?", "why"),  # a reason asked in keywords
    ("reden voor hogere gemeenschappelijke financiering", "why"),
    ("Is Zweden al lid?", "yesno"),
    ("hoezo stijgen de defensie-uitgaven", "why"),  # colloquial "why", before a figure asked by its name
    ("which countries joined as invitees", "list"),
    ("what are nato's core tasks", "list"),  # a possessive instead of the article
    ("wat verwijt de navo china allemaal", "list"),  # "wat … allemaal": all of them
    ("navo-top datum graag", "date"),  # a closing "please" is no part of the question
    ("einddatum resolute support", "date"), ("vn-mandaat bosnië missie einddatum", "date"),  # a compound of datum
    ("welke eu topdiplomaat schoof aan in feb 22", "person"),  # a diplomat, a representative, an envoy
    ("which eu representative joined the ministers", "person"),
    ("signer of the feb 2022 annotated agenda", "letter"),  # "signer" as "ondertekenaar"
    ("summit date please", "date"),
    ("dates of the madrid summit", "date"), ("madrid top data", "date"),  # the plural, in either language
    ("welke data deelt de navo met de eu", "list"),  # data, not dates
    ("doet nederland dat allemaal zelf?", "yesno"),  # "allemaal" in a yes/no question
    # a yes/no question opens on any tense of its verb (lexicon.YES_NO_VERBS, as conversation reads it)
    ("mag de kamer het concept openbaar maken", "yesno"), ("werd de motie aangenomen?", "yesno"),
    ("moeten rusland en china op één hoop?", "yesno"), ("stond syrië op de agenda", "yesno"),
    ("Wie ondertekende de laatste brief?", "letter"),
    ("When was the letter about the October meeting sent?", "letter"),
    ("author of the Feb 2022 agenda letter", "letter"),  # the author of a letter is its signer
    ("wanneer stuurde het kabinet de appreciatie van het concept", "letter"),  # a writer sends a document …
    ("wanneer stuurde nederland f-35's naar bulgarije", "date"),  # … not jets
    ("when was the INF treaty signed", "date"),  # signed, but a treaty, not a letter
    ("Wie is de minister van Defensie?", "person"),
    ("foreign minister in 2021?", "person"),
    ("nato secretary general name?", "person"),  # keywords with the name asked last
    ("secretaris-generaal navo naam", "person"),
    ("nato sec gen name", "person"), ("whats the nato chief called", "person"),  # abbreviated; "called" last
    ("wat gaat diana de navo kosten", "amount"), ("what will the mission cost", "amount"),  # the verb last
    ("wat kostte de top", "amount"), ("what does it cost us in lives", "fact"),
    ("finnish defence minister name feb 2022", "person"),  # the name right after the post, more words after it
    ("oekraïense minister van defensie naam diner", "person"), ("minister name the tasks", "list"),  # "name the …" lists
    ("and what's that minister called?", "person"),
    ("what is the new nato plan called", "name"),  # no post: a thing's name
    ("strategic concept name", "fact"),  # no post: not a person's name
    ("wie was premier bij de navo top 2021", "person"),
    ("welke defensieminister was bij de top", "person"),  # a Dutch compound names the post
    ("welke Nederlandse politici gingen mee naar de top in 2021", "person"),  # politicians are people
    ("which dutch politicians attended the 2021 summit", "person"),
    ("naam oekraiense defensieminister", "person"),  # a name asked by its post: a person's
    ("hoe heet hij?", "person"),  # … or by a personal pronoun or "baas": a person's, not a document's
    ("what's his name?", "person"),
    ("en zijn naam?", "person"),  # … or by a possessive alone
    ("and his name?", "person"),
    ("hoe heet de baas van de navo", "person"),
    ("hoe heet het wapen?", "name"),  # a thing's: any name the question does not hold
    # keyword questions, as typed into a search box
    ("datum verdrag van washington", "date"),
    ("madrid summit date", "date"),
    ("madrid top welke dagen", "date"),  # days, months: a date too
    ("in which month do the f-35s fly", "date"),
    ("En voor hoe lang?", "date"),  # a duration: a period or a date answers it
    ("how old was the strategic concept when leaders decided to rewrite it?", "date"),  # a year answers it
    ("defence ministers meeting brussels when", "date"),  # the question word last
    ("exact dates?", "date"),  # dates asked alone, as a follow-up types them
    ("madrid summit dates", "date"),
    ("exacte data?", "date"),
    ("what data does nato share", "fact"),  # data, not dates
    ("locatie eerste bijeenkomst UDCG", "place"),
    ("plaats van de top in 2019", "place"),
    # a year asked for as a noun: opening the question, "year of", or a founding or starting year
    ("year nato wants to be climate neutral", "date"),
    ("nato founding year", "date"),
    ("oprichtingsjaar navo", "date"),
    ("jaar van de top in brussel", "date"),
    ("hoeveel geeft nl dit jaar uit", "amount"),  # a year it is asked in is no year asked for
    # a place's noun asked of, opening the question or as the host: the city, not the topic
    ("city of the june 2021 nato summit", "place"),
    ("stad van de navo top in 2018", "place"),
    ("host city nato summit june 2022", "place"),
    ("venue defence ministers october 2022", "place"),
    ("Wat vond er plaats in juni?", "fact"),  # "plaatsvinden", not a place
    ("Wat is de DPCR waar de ministers in oktober over praten?", "fact"),  # "waarover" as a relative, not where
    ("waar vond de top plaats voor het eerst", "place"),
    # a split "waarvoor", "waarover" before a phrase of its own: about what, not where
    ("waar pleitte nl voor op de buza-vergadering van de navo", "fact"),
    ("waar praten ze over met de oekraiense minister", "fact"),
    ("waar vond de top plaats op 14 juni", "place"),
    ("waar bouwt rusland militair op volgens de brief", "place"),  # "opbouwen": a verb's part, where is asked
    # a relative "waar" after a noun asks nothing: the question word opening the question does
    ("wie is die hoge vertegenwoordiger waar ze het over hebben in feb 2022", "person"),
    ("areas where nl sees room for nato eu cooperation", "fact"),  # room or chances seen: not a place
    ("and where does the helsinki final act come in?", "fact"),
])
def test_intent(question, intent):
    assert understand(question, "nl").intent == intent


@pytest.mark.parametrize("question", ["waar gaat de brief van Blok over", "what's the letter from the PM about",
                                      "what is letter 372 about", "waarover gaat brief 387",
                                      "wat is het onderwerp van de laatste brief", "wat zit er in kamerstuk 372",
                                      "what's in letter 418?", "brief juni 2022, waar gaat die over"])
def test_what_a_letter_is_about(question):
    q = understand(question, "nl")
    assert (q.intent, q.letter_ask) == ("letter", "subject")
    assert understand("what does the letter say about China", "en").letter_ask is None  # its content, asked
    assert understand("wat staat er in brief 418 over china", "nl").letter_ask is None


def test_an_acronym_asked_where_it_is_met():
    q = understand("waar staat ADN voor in die appreciatie van het strategisch concept", "nl")
    assert (q.intent, q.subject) == ("definition", "ADN")


def test_who_is_a_named_person():
    names = Vocabulary(frozenset({"ollongren", "borrell", "saceur", "madrid"}))
    assert understand("wie is Ollongren?", "nl", names).person == "Ollongren"
    q = understand("who's borrell", "en", names)  # lower case: one of the letters' names
    assert (q.intent, q.person) == ("person", "borrell")
    assert understand("Wie was de heer Blok eigenlijk?", "nl").person == "Blok"
    for other in ("who is SACEUR", "wie is de minister van defensie", "wie is hij", "who is madrid",
                  "wie is er namens Nederland aanwezig", "who is NATO's chief"):
        assert understand(other, "en", names).person is None, other


def test_a_letter_as_source_a_relative_who_and_a_post_signed_as():
    # "volgens die brief" names the source: the question is about its content, not its date
    assert understand("wanneer zijn volgens die brief de uitgangspunten goedgekeurd?", "nl").letter_ask is None
    assert understand("wanneer is de brief verstuurd", "nl").letter_ask == "date"
    # "the minister who wrote it": a relative "who", no question who signed
    assert understand("does the minister who wrote letter 418 take part herself?", "en").letter_ask is None
    assert understand("which kamerbrief covers the draft strategic concept", "en").letter_ask == "pick"
    assert understand("van welke minister kwam de brief over de buza-vergadering", "nl").letter_ask == "signer"
    # the ministers as "bewindslieden", writing a letter as penning it
    assert understand("van welke bewindslieden kwam brief 408?", "nl").letter_ask == "signer"
    assert understand("welke bewindspersoon stuurde de brief over madrid?", "nl").letter_ask == "signer"
    assert understand("which minister penned the october 2022 letter?", "en").letter_ask == "signer"
    # … or authoring it; a letter that went out was sent, but jets that go out are no letter
    assert understand("which cabinet member authored letter 387?", "en").letter_ask == "signer"
    assert understand("op welke datum ging brief 328 de deur uit?", "nl").letter_ask == "date"
    assert understand("when did the f-35s go out to bulgaria", "en").letter_ask is None
    # "stuurde … aan" is aansturen, to lead: no letter's sender
    assert understand("wie stuurde het navo2030 traject aan", "nl").letter_ask is None
    assert understand("wie stuurde die brief aan de kamer", "nl").letter_ask == "signer"
    # rondsturen is circulating, and a draft's sender is no letter's
    assert understand("wie stuurde eerste draft strategisch concept rond", "nl").letter_ask is None
    assert understand("sc-concept mei 2022 afzender", "nl").letter_ask is None
    assert understand("afzender kabinetsappreciatie concept strategisch concept", "nl").letter_ask == "signer"
    assert understand("which minister came to the summit", "en").letter_ask is None  # no letter: no sender
    # who signed asked last, and the addressee by name
    assert understand("feb 2022 agenda letter signed by", "en").letter_ask == "signer"
    assert understand("the treaty signed by", "en").letter_ask is None
    # … also of a document a letter brings
    assert understand("verslag navo top 2021 ondertekend door", "nl").letter_ask == "signer"
    assert understand("the cabinet's appraisal signed by", "en").letter_ask == "signer"
    assert understand("addressee of the 2019 nato letter", "en").letter_ask == "field"
    # who stands at a letter's foot signed it; who stands "onder druk" did not
    for q in ("wie staat er onder brief 418", "welke twee ministers staan onder dat stuk?",
              "wiens naam staat er onderaan?", "whose name is at the bottom of letter 418"):
        assert understand(q, "nl").letter_ask == "signer", q
    assert understand("wie staat onder druk", "nl").letter_ask is None
    # whose names or signature are on it
    for q in ("whose names are on letter 372", "whose signature is on letter 408", "onder brief 328, wiens handtekening"):
        assert understand(q, "en").letter_ask == "signer", q
    assert understand("who is at the bottom of the list", "en").letter_ask is None
    # first or latest said of a letter, not of something else in a question that names one
    assert understand("en wat vindt het kabinet in brief 372 van dat eerste concept?", "nl").letter_ask is None
    assert understand("which letter is the most recent", "en").time.order == "latest"
    # "put first" in a letter its number names asks what it says; "is letter 418 the latest?" still picks
    assert understand("which agreement does letter 387 put first?", "en").letter_ask is None
    assert understand("is letter 418 the latest?", "en").letter_ask == "pick"
    assert understand("welke brief is het laatst verstuurd", "nl").time.order == "latest"
    # the meeting a letter is about: its date or agenda asked, not the letter's
    assert understand("when's the meeting letter 387 is about?", "en").letter_ask is None
    assert understand("wanneer is de bijeenkomst waar brief 418 over gaat?", "nl").letter_ask is None
    assert understand("when was the letter about the october meeting sent?", "en").letter_ask == "date"
    # the date said of the letter itself, after what the letter brings
    for q in ("geannoteerde agenda feb 2022, van welke datum is die brief",
              "Van welke datum is de brief van de minister van Defensie over de defensieministeriële van oktober 2022?"):
        assert understand(q, "nl").letter_ask == "date", q
    assert understand("van welke datum is de top in madrid", "nl").letter_ask is None
    q = understand("who signed as foreign minister", "en")  # every letter signed in that post
    assert (q.intent, q.letter_ask, q.role) == ("person", None, "Minister van Buitenlandse Zaken")
    assert understand("salaris minister van defensie", "nl").role is None  # something else of the post


def test_role_and_letter_questions():
    assert understand("Who is the Dutch defence minister?", "en").role == "Minister van Defensie"
    assert understand("who's the dutch defence minister", "en").role == "Minister van Defensie"  # contracted
    assert understand("whos the foreign minister", "en").role == "Minister van Buitenlandse Zaken"
    assert understand("wie was defensieminister in juni 2021", "nl").role == "Minister van Defensie"  # a compound
    assert understand("wie was buitenlandminister in 2019", "nl").role == "Minister van Buitenlandse Zaken"
    assert understand("wie is de oekraiense defensieminister", "nl").role is None  # not a Dutch post
    assert understand("minister buitenlandse zaken juni 2022?", "nl").role == "Minister van Buitenlandse Zaken"
    assert understand("minister buza juni 2022 wie", "nl").role == "Minister van Buitenlandse Zaken"  # keywords, "wie"
    assert understand("defence minister 2021 who?", "en").role == "Minister van Defensie"
    # … or by "wie was dat?", "who was that?"
    assert understand("defensieminister in 2021 wie was dat", "nl").role == "Minister van Defensie"
    assert understand("buza minister 2019, who was that", "en").role == "Minister van Buitenlandse Zaken"
    assert understand("wat deed de minister van defensie in 2021 wie", "nl").role is None  # another question word
    # a question that mentions a minister but asks something else is not about the post
    assert understand("Namens welke bewindspersoon bood de minister van Defensie de agenda aan?", "nl").role is None
    # another country's minister is not the Dutch post; asked by name, a person's name is wanted
    for foreign in ("wie is de Oekraïense minister van Defensie", "name of georgia's defence minister",
                    "who is the minister of defence of Ukraine", "naam oekraiense minister van defensie"):
        q = understand(foreign, "en")
        assert q.role is None and q.intent == "person", foreign
    q = understand("wie tekende de laatste brief", "nl")
    assert (q.letter_ask, q.time.order) == ("signer", "latest")
    assert understand("Which letters did Ollongren sign?", "en").letter_ask == "list"
    assert understand("uit welk vergaderjaar is de nieuwste brief", "nl").letter_ask == "field"
    # "when … according to the letter of …" asks about the meeting, not the letter's date
    assert understand("When were the ministers due to meet, according to the letter of 30 September 2022?",
                      "en").letter_ask is None


def test_entities_are_names_in_any_case_with_dutch_forms():
    q = understand("When was the Brussels summit?", "en")
    assert [e.text for e in q.entities] == ["Brussels"] and "brussel" in q.entities[0].forms
    # typed in lower case: a name the letters use is still a name
    q = understand("navo top brussel wanneer", "nl", Vocabulary(frozenset({"brussel"})))
    assert [e.text for e in q.entities] == ["brussel"]
    assert understand("moldova at the 2021 nato summit?", "en").entity_texts == ("moldova",)
    # a Dutch country name or adjective typed in lower case, named in the letters or not
    assert understand("duitse defensie-uitgaven als percentage bbp", "nl").entity_texts == ("duitse",)
    assert understand("uitgaven 2022 vs 2014", "nl").entity_texts == ()  # "vs" is versus here
    # … also in the possessive, lower case or opening the question
    for question in ("what is turkey's stance on sweden", "Turkey's stance on Sweden?"):
        turkey = understand(question, "en").entities[0]
        assert turkey.strong and turkey.found_in("De Turkse regering") and turkey.found_in("Turkije")
    # in an English question only a name the letters write in capitals: "eufor", not "leaders"
    # a name of the letters typed as two words is that name, found as the letters write it
    (stream,) = understand("who was behind the nord stream sabotage", "en", Vocabulary(frozenset({"nordstream"}))).entities
    assert stream.strong and stream.found_in("de sabotage van de Nordstream 1 en 2 pijpleidingen")
    assert not understand("who was behind the nord stream sabotage", "en").entities  # not a name of the letters
    # a minister as English readers shorten it: the letters name the ministry
    (fm,) = understand("who hosts the yearly informal FM meeting", "en").entities
    assert fm.found_in("bijeenkomst van NAVO-ministers van Buitenlandse Zaken")
    names = Vocabulary(frozenset({"eufor", "EUFOR", "leaders"}))
    assert understand("where is eufor", "en", names).entity_texts == ("eufor",)
    assert understand("what did leaders say", "en", names).entities == ()
    # … or one that everyday language rarely uses (Vocabulary.special): "nordstream", still not "leaders"
    names = Vocabulary(frozenset({"nordstream", "leaders"}), words=frozenset({"nordstream", "leaders"}))
    assert understand("who was behind the nordstream sabotage", "en", names).entity_texts == ("nordstream",)
    assert understand("what did leaders say", "en", names).entities == ()
    # generic words, months, days and a capitalised first word are not entities
    assert understand("Roughly how many NATO allies met in October?", "en").entities == ()
    assert understand("Wat gebeurde er op 14 juni 2021?", "nl").entities == ()
    # … a generic word's possessive as well ("NATO's" is "NATO"); a name's keeps its name
    assert understand("What are NATO's three core tasks?", "en").entities == ()
    assert understand("what did Rutte's speech say", "en").entity_texts == ("Rutte's",)
    assert "EU-NATO" in understand("EU-NATO teamwork areas", "en").entity_texts
    assert "eu-navo" in understand("EU-NATO teamwork areas", "en").entities[0].forms
    # a Dutch adjective of place is found without its -e too: "het Europees gemiddelde"
    european = understand("european average defence spending", "en").entities[0]
    assert european.found_in("ruim onder het europees gemiddelde") and "russisch" in dutch_forms("Russian")
    # … and a Dutch name as its adjective, as the English name was: "europa" is "het Europees gemiddelde"
    assert {"europese", "europees"} <= set(dutch_forms("europa")) and "russische" in dutch_forms("Rusland")
    # a small number is found written out: "de 3 hoofdtaken" are "de drie kerntaken"
    three = understand("wat zijn de 3 hoofdtaken van de navo", "nl").entities[0]
    assert three.found_in("de drie kerntaken") and not three.found_in("op 13 december")
    assert dutch_forms("1") == ("1",)  # not "een", which is the article
    # a post as people shorten it is found as the letters spell it out, with or without the hyphen
    (sg,) = understand("who did the SG invite", "en").entities
    assert sg.found_in("de Secretaris Generaal van de NAVO") and sg.found_in("SG NAVO")
    # lower-case "us" before a preposition or at the end is the pronoun; before a noun or after "the", the country
    assert understand("who spoke for us at the madrid summit", "en").entities[-1].text == "madrid"
    assert understand("what does nato expect from us?", "en").entities == ()
    assert understand("how many us troops went to poland", "en").entity_texts[0] == "us"
    assert understand("what did nato ask of the us in 2019", "en").entity_texts == ("us",)
    assert "nar" in dutch_forms("NAC") and "nar" in dutch_forms("nac")  # a body's acronym also in lower case
    assert understand("What is the 2% norm?", "en").entity_texts == ("2%",)  # a share, no "twee"


def test_time_expressions():
    t = understand("Wat gebeurde er in juni 2021?", "nl").time
    assert t.years == (2021,) and t.months == ((2021, 6),)
    assert t.matches_date("2021-06-25") and not t.matches_date("2022-06-08")
    assert understand("defensieministers okt 2022", "nl").time.months == ((2022, 10),)
    assert understand("de eerste brief", "nl").time.order == "first"
    # a year that makes one of the letters' names with the word before it is that name, not a time
    names = Vocabulary(frozenset({"navo2030"}))
    assert understand("what was the nato 2030 thing about", "en", names).time.empty
    assert understand("navo top 2021", "nl", names).time.years == (2021,)
    assert understand("welke brief is het oudst", "nl").time.order == "first"  # said predicatively
    assert understand("earliest of these nato letters - what date", "en").time.order == "first"
    assert understand("earliest of these nato letters - what date", "en").intent == "letter"
    assert understand("welke brief is het nieuwst", "nl").time.order == "latest"
    # an event's full date gives its year and month; a letter's names the letter
    assert understand("who spoke at the meeting of 12 October 2022?", "en").time.months == ((2022, 10),)
    assert understand("wat staat er in de brief van 30 september 2022 over Irak", "nl").time.empty
    assert TimeRef(years=(2022,)).mentioned_in("in Madrid op 29 en 30 juni 2022")
    assert not TimeRef(years=(2023,)).mentioned_in("in Madrid op 29 en 30 juni 2022")
    october = TimeRef(years=(2022,), months=((2022, 10),))  # "october 2022": that month, not any day of the year
    assert october.mentioned_in("Op 12 en 13 oktober komen de Ministers bijeen.")
    assert not october.mentioned_in("De uitkomsten van de NAVO-Rusland Raad van 12 januari 2022.")
    assert TimeRef(years=(2021, 2022), months=((2022, 10),)).mentioned_in("in 2021")  # a year named alone still is


@pytest.mark.parametrize("question, ahead", [
    ("when will the cabinet decide on a unit for nmi", True), ("so when do they join fully?", True),
    ("wanneer gaat die nieuwe cyclus van start?", True), ("tegen wanneer moet de navo klimaatneutraal zijn", True),
    ("deadline nieuw strategisch concept?", True), ("when is the next nato summit", True),
    ("wanneer is de volgende vergadering van de nrr", True),
    ("when was the brussels summit", False), ("wanneer is de navo top in madrid", False),
    ("wanneer werd het cyberbeleid vastgesteld", False), ("what date did the ministers meet", False),
])
def test_a_time_still_to_come(question, ahead):
    """"when will …", "wanneer gaat …" ask a time ahead of the letter; "when was / is" do not."""
    t = understand(question, "nl").time
    assert t.ahead is ahead and t.empty  # a tense, not a time: it filters nothing by itself


def test_the_dates_a_sentence_names_at_their_precision():
    from rag.months import dates_in
    text = "Op 14 juni vond de Top plaats; op 3 november van dit jaar; in juni 2022 en begin 2023; 29 en 30 juni 2022."
    assert dates_in(text, 2021) == [(2021, 6, 14), (2021, 11, 3), (2022, 6), (2023,), (2022, 6, 29)]
    assert dates_in("Jan Pieterszoon sprak in het voorjaar.", 2021) == []  # no short month names, no seasons
    assert dates_in("Allies may decide in May 2023.", 2022) == [(2023, 5)]  # an English month capitalised


@given(st.text(max_size=80))
def test_any_text_is_understood_without_error(text):
    q = understand(text, "nl")
    assert q.intent in INTENTS  # "OUTCOME" alone asks an outcome
    assert all(e.forms and all(f == f.lower() for f in e.forms) for e in q.entities)


@pytest.mark.parametrize("question, intent", [
    ("Hoe heet het Russische wapen?", "name"),
    ("naam russisch wapen inf", "name"),  # keyword style: "naam" first
    ("naam oekraiense minister van defensie", "person"),
    ("What was the new fund called?", "name"),
    ("wat is de naam van het fonds", "name"),
    ("Hoe heet de Georgische minister van Defensie?", "person"),  # a post: a person's name
    ("Hoe groot is het innovatiefonds?", "amount"),  # a fund's size is money
    ("Hoe groot is de groep landen?", "count"),
    ("how big is the budget", "amount"),
    ("Which German minister worked with the Dutch?", "person"),  # an adjective between which and the noun
    ("Which Dutch town hosts the headquarters?", "place"),
    ("welke andere landen doen mee", "list"),
    ("Hoeveel bondgenoten voldoen al aan de 2%-norm?", "count"),  # counts allies; "aan", "%" are not money
    ("Hoeveel geeft Nederland uit aan defensie?", "amount"),
    ("by what percent does the budget rise", "amount"),
    ("defensie-uitgaven NL procent bbp", "amount"),
    ("Wat was de uitkomst van de bijeenkomst?", "outcome"),
    ("what did the ministers decide on Iraq", "outcome"),
    ("Wat is er afgesproken over de 2%-norm?", "outcome"),
    ("wat kwam er uit de navo-rusland raad", "outcome"),  # what came of it in other words
    ("what came out of the nato russia council", "outcome"),
    ("wat kwam eruit bij het overleg van 20 november 2019", "outcome"),  # "eruit" as one word
    ("china nuclear warhead count", "count"),  # a thing's count asked last, as keywords
    ("could a cyber attack count under article 5", "yesno"),  # the verb
    ("what did allies agree on afghanistan", "outcome"),
    ("Waarom besloot de NAVO tot een nieuw concept?", "why"),  # the reason for a decision
    ("Wanneer besloot de NAVO dat?", "date"),
])
def test_name_and_size_questions(question, intent):
    assert understand(question, "nl").intent == intent


@pytest.mark.parametrize("text, strong", [
    ("DIANA", True), ("Madrid", True), ("EU-NATO", True), ("F-35", True),
    ("Europese", False), ("NAVO-defensieministers", False), ("EU-missie", False),
])
def test_strong_names(text, strong):
    from rag.understand import Entity

    assert Entity(text, (text.lower(),)).strong == strong


def test_a_long_name_is_one_entity_and_not_each_of_its_words():
    q = understand("Which Dutch town hosts NATO's Allied Joint Force Command headquarters?", "en",
                   Vocabulary(frozenset({"joint", "force"})))  # words the letters also use in other names
    assert [e.text for e in q.entities] == ["NATO's Allied Joint Force Command"]
    assert "force" not in q.entities[0].forms
    brussels = understand("When was the Brussels Summit?", "en").entities[0]
    assert "brussel" in brussels.forms  # a known name inside a long one still gives its Dutch form


def test_a_capitalised_phrase_keeps_its_connecting_words_and_drops_a_common_noun_before_them():
    names = lambda q, lang="nl": [e.text for e in understand(q, lang).entities]  # noqa: E731
    assert names("Wat staat er in de Slotakte van Helsinki?") == ["Slotakte van Helsinki"]
    assert "buitenlandse zaken" in understand("waarom ging de minister van BuZa niet", "nl").entities[0].forms
    assert names("Wanneer kwamen de NAVO-ministers van Buitenlandse Zaken bijeen?") == ["Buitenlandse Zaken"]
    assert names("Following the Brekelmans motion, what did NL argue?", "en")[0] == "Brekelmans"


def test_who_sent_a_letter_is_its_signer():
    for q in ("wie heeft brief 418 eigenlijk gestuurd?", "door wie is die brief verzonden",
              "wie zette zijn handtekening onder brief 328?", "wiens naam staat onder brief 408?",
              "welke namen staan onder brief 372",
              "which foreign minister's name is on letter 408?", "which foreign minister signed letter 408?"):
        assert (understand(q, "nl").intent, understand(q, "nl").letter_ask) == ("letter", "signer"), q
    # one's name put to it, sent under one's name, or the names on it asked without a who-word
    for q in ("who put their name to that report then", "onder wiens naam ging die brief de deur uit",
              "the names on that letter?", "namen onder brief 408",
              # … or its signatures, of a letter or a document it brings
              "signatures under the 2021 summit report", "handtekening onder brief 418",
              "handtekeningen onder het verslag"):
        assert (understand(q, "nl").intent, understand(q, "nl").letter_ask) == ("letter", "signer"), q
    assert understand("in welke brief staat de f-35 inzet uitgelegd", "nl").intent != "definition"
    # sending something else is no signing: "who sent the invites" asks who invited
    for q in ("black sea talks, who sent the invites", "wie stuurde de uitnodigingen"):
        assert understand(q, "nl").letter_ask is None, q
    for q in ("who sent the feb 2022 letter", "wie stuurde de brief over de top", "who wrote the annotated agenda",
              "who wrote the 2019 one again?"):
        assert understand(q, "en").letter_ask == "signer", q
    # a name that is not on a letter, and "whose" that asks on whose behalf
    assert understand("welke naam staat op de lijst", "nl").letter_ask is None
    assert understand("on whose behalf was the summit report sent, besides the two signing ministers?",
                      "en").letter_ask != "signer"


def test_letters_signed_by_and_what_day_they_went_out():
    for question, language in (("brieven ondertekend door ollongren", "nl"),
                               ("brieven met handtekening ollongren", "nl"),  # by the signature they carry
                               ("letters with ollongren's signature", "en"),
                               ("letters sent jointly by foreign and defence ministers", "en")):
        q = understand(question, language)
        assert (q.intent, q.letter_ask) == ("letter", "list"), question
    # a letter named by its signing picks the letter(s) so signed
    for question in ("letter signed by kaag", "brief die kaag tekende", "letter kaag put her name on"):
        assert understand(question, "en").letter_ask == "pick", question
    q = understand("what day did letter 408 go out?", "en")
    assert (q.intent, q.letter_ask) == ("letter", "date")
    assert understand("what day did the ministers meet in october 2022", "en").intent == "date"


def test_a_capital_stands_for_its_government():
    assert {"rusland", "moskou"} <= set(dutch_forms("Moscow")) and "rusland" in dutch_forms("moskou")
    assert "duitsland" in dutch_forms("Berlin")  # "areas nl and berlin see for …": the German government
    assert dutch_forms("Washington") == ("washington",)  # a place of meetings in the letters, not the US


def test_a_kamerstuk_is_a_letter():
    q = understand("what's kamerstuk 408 about", "en")
    assert (q.intent, q.letter_ask) == ("letter", "subject")


def test_van_wie_asks_who_signed_only_a_letter():
    assert understand("van wie was de motie over cyberaanvallen", "nl").intent == "person"
    q = understand("van wie is de brief over de top in Madrid", "nl")
    assert q.intent == "letter" and q.letter_ask == "signer"


def test_addressee_and_on_behalf_are_header_fields_not_the_signer():
    for q in ("to whom is letter 418 sent", "aan wie zijn de brieven gericht", "namens wie is de brief verstuurd",
              # … also of a document a letter brings
              "the 2021 summit report, sent on behalf of who?", "namens wie is het verslag van de top gestuurd",
              "namens wie schrijft ollongren in feb 2022"):  # a minister writing: a letter
        assert understand(q, "nl").letter_ask == "field", q
    assert understand("on whose behalf did the sg write the burden sharing report", "en").letter_ask != "field"


@pytest.mark.parametrize("question, term", [
    ("wat is die dpcr waar de defensieministers het over hebben?", "dpcr"),
    ("what's that UDCG they mention", "UDCG"),
])
def test_a_demonstrative_before_a_relative_clause_points_at_it_not_back(question, term):
    q = understand(question, "nl")
    assert q.intent == "definition" and q.subject == term


def test_a_body_typed_in_lower_case_is_a_name():
    q = understand("who is the eu high rep", "en")
    assert [e.text for e in q.entities] == ["eu"] and "europees" in q.entities[0].forms  # "het Europees gemiddelde"


@pytest.mark.parametrize("typed, letters", [("oekraine", "Oekraïne"), ("ministeriele", "ministeriële"),
                                            ("Georgie", "Georgië"), ("coordinatie", "coördinatie")])
def test_words_typed_without_diacritics_match_the_letters(typed, letters):
    assert tokenize(typed) == tokenize(letters)
    assert Entity(typed, (typed.lower(),)).found_in(f"de steun aan {letters} blijft")


def test_a_letters_name_typed_without_diacritics_is_an_entity():
    q = understand("wat doet nederland voor oekraine", "nl", Vocabulary(frozenset({"oekraïne"})))
    assert [e.text for e in q.entities] == ["oekraine"]


@pytest.mark.parametrize("question, subject", [("wat hield het NRI in", "NRI"), ("what did NRI stand for", "NRI"),
                                               ("waar staat NAR voor in brief 387?", "NAR"),  # the letter it is asked in
                                               ("what does NAC stand for according to that letter", "NAC"),
                                               # at NATO, or with a filler word after the term
                                               ("waar staat DDA eigenlijk voor bij de navo?", "DDA"),
                                               ("what does DDA stand for at nato", "DDA"),
                                               ("wat is KFOR eigenlijk", "KFOR"), ("what is KFOR again?", "KFOR"),
                                               # one part of a chattier question
                                               ("even checken, waar staat DPCR voor bij de navo?", "DPCR"),
                                               ("JIT, waar staat dat voor? iets met mh17 toch", "JIT"),
                                               ("wat zijn edts precies, kom het tegen in het verslag", "edts"),
                                               ("ADN = ? (strategic concept letter)", "ADN"),
                                               # the abbreviation asked for, written out or not
                                               ("ndpp afkorting", "ndpp"), ("edt afkorting voluit", "edt"),
                                               ("nar afkorting navo", "nar"), ("dpcr abbreviation nato", "dpcr"),
                                               ("nri voluit", "nri"),
                                               # a term explained ("in welke brief staat dat uitgelegd" asks where)
                                               ("edt's uitgelegd", "edt's"), ("dpcr explained", "dpcr"),
                                               ("comprehensive cyber defence policy kort uitgelegd",
                                                "comprehensive cyber defence policy"),
                                               # what a term means, asked last ("in navo context" aside)
                                               ("edt in navo context betekent", "edt"), ("kfor means", "kfor"),
                                               ("edt's betekent wat precies", "edt's"),
                                               ("kfor means what exactly?", "kfor"),
                                               # what someone means by a term
                                               ("wat bedoelen ze met en/en benadering", "en/en benadering"),
                                               ("wat bedoelt het kabinet met weerbaarheid?", "weerbaarheid"),
                                               ("what do they mean by dual track", "dual track"),
                                               ("what is meant by EDT", "EDT")])
def test_a_definition_asked_in_the_past_tense_or_in_a_letter(question, subject):
    q = understand(question, "nl")
    assert (q.intent, q.subject) == ("definition", subject)


@pytest.mark.parametrize("question", ["wat het kabinet betekent", "dit betekent", "what nato means"])
def test_means_after_a_question_word_or_a_pointer_asks_no_definition(question):
    assert understand(question, "nl").intent != "definition"


@pytest.mark.parametrize("question", ["de brief van Ollongren ging over welke bijeenkomst",
                                      "the letter from Blok was about which meeting"])
def test_over_which_closing_a_letter_question_asks_its_subject(question):
    q = understand(question, "nl")
    assert (q.intent, q.letter_ask) == ("letter", "subject")


@pytest.mark.parametrize("question", ["wat staat er in brief 418 over wat nederland in juni 2022 besloot over irak",
                                      "what does letter 387 say about what the allies agreed"])
def test_over_what_opening_a_clause_asks_what_a_letter_says_not_its_subject(question):
    assert understand(question, "nl").letter_ask != "subject"
    assert understand("brief 418 gaat over wat?", "nl").letter_ask == "subject"


@pytest.mark.parametrize("question, language, intent", [
    ("and the eu, where does it fit?", "en", "fact"),  # a place in an argument, not on a map
    ("where does nl stand on china", "en", "fact"),
    ("waar past de eu in", "nl", "fact"),
    ("where is diana based", "en", "place"),
    ("waar staat het testcentrum", "nl", "place"),  # "waar staat X" defines X only with "voor" closing it
    ("waar staat DIANA voor?", "nl", "definition"),
])
def test_where_in_an_argument_and_where_something_stands(question, language, intent):
    assert understand(question, language).intent == intent


@pytest.mark.parametrize("question", ["adopted when? (what did nl want going into the feb 22 meeting)",
                                      "wie ging er naar de top van juni '21", "wat gebeurde er op 22 feb"])
def test_a_day_or_short_year_beside_a_month_is_no_name(question):
    assert not understand(question, "en").entities
    assert [e.text for e in understand("hoeveel kost 22 f35", "nl").entities] == ["22"]


@pytest.mark.parametrize("question, intent", [("hoeveel landen halen de 2 procent al", "count"),
                                              ("how many allies meet the 2% norm", "count"),
                                              ("haalt nederland de 2% norm in 2024?", "amount"),  # a share, asked
                                              ("hoeveel procent geeft nederland uit", "amount"),
                                              ("hoeveel moet erbij?", "amount"),  # before no noun: how much
                                              ("hoeveel meer nodig?", "amount"),
                                              ("hoeveel is defensie gegroeid tov 2014", "amount"),  # before "is"
                                              ("hoeveel was het budget in 2021", "amount"),
                                              ("hoeveel extra militairen levert nl", "count"),
                                              ("hoeveel zijn er?", "count"),
                                              ("aantal navo landen dat 2% al haalt", "count"),  # "aantal" counts too
                                              ("number of allies at 2% of gdp", "count")])
def test_a_value_the_question_names_is_not_the_one_it_asks(question, intent):
    assert understand(question, "nl").intent == intent


@pytest.mark.parametrize("question, language, intent", [
    ("what is DIANA's budget", "en", "amount"),  # the amount, not what DIANA is
    ("wat is de prijs van een f-35", "nl", "amount"),
    ("prijs f35 per toestel", "nl", "amount"),  # keywords: a figure asked with no "how much"
    ("total value of dutch military aid to ukraine", "en", "amount"),
    ("troop numbers in the force model", "en", "count"),
    ("population of bulgaria", "en", "count"),
    ("percent co2 reduction nato aims", "en", "amount"),  # keywords: "percent" as "procent" and "%"
    ("common budget increase nato how many euros", "en", "amount"),  # euros are an amount, not a count
    ("welk bedrag?", "nl", "amount"),  # the sum asked by its name
    ("by what amount, did they say?", "en", "amount"),
    ("wat is DIANA", "nl", "definition"),
    ("shared values nato", "en", "fact"),  # values are no amount
    ("does a cyber attack count as an armed attack", "en", "yesno"),
    # a budget named in a question opening on its verb: yes or no, not the budget
    ("did nato leaders agree in 2021 to put more money into the common nato budget?", "en", "yesno"),
    ("other thing, was there a deal in 2021 to raise nato's jointly funded budgets?", "en", "fact"),
    ("will nl hit 2% by 2024", "en", "amount")])  # … a share still asks the figure
def test_a_figure_asked_by_its_name_is_an_amount_or_count(question, language, intent):
    assert understand(question, language).intent == intent


@pytest.mark.parametrize("question", ["when will parliament get the dpcr letter",
                                      "wanneer komt de brief over de industriestrategie"])
def test_a_letter_still_to_come_is_none_of_the_letters(question):
    assert understand(question, "en").letter_ask is None
    assert understand("wanneer kwam de brief over de industriestrategie", "nl").letter_ask == "date"


@pytest.mark.parametrize("question, intent", [("wat zijn de kerntaken van de navo", "list"),
                                              ("what are the baltic states", "list"),
                                              ("wat zijn hybride dreigingen", "definition"),  # no article
                                              ("What are EDTs?", "definition"),  # an acronym
                                              ("what was the crisis", "definition"),  # singular
                                              ("wat zijn de 3 hoofdtaken van de navo", "list"),
                                              ("drie kerntaken navo", "list"),  # keywords with a number
                                              ("nato 3 core tasks?", "list"),
                                              ("hoeveel kost 2 jets", "amount")])
def test_a_definite_plural_asks_for_members_not_a_meaning(question, intent):
    assert understand(question, "nl").intent == intent


def test_stands_for_what_asks_a_definition_and_which_premier_a_person():
    assert (understand("ADN stands for what?", "en").intent, understand("ADN stands for what?", "en").subject) \
        == ("definition", "ADN")
    assert understand("welke premier ging naar de navo top 2021", "nl").intent == "person"
    assert understand("which prime minister attended the 2021 summit", "en").intent == "person"


@pytest.mark.parametrize("question", ["over welke vergadering gaat die brief eigenlijk?",
                                      "which summit is letter 372 reporting on?"])
def test_which_event_a_letter_is_about_asks_its_subject(question):
    assert understand(question, "nl").letter_ask == "subject"
    assert understand("when is the meeting letter 387 is about", "en").letter_ask is None  # the event's date


def test_a_citys_adjective_names_the_city():
    """"de Brusselse top" is the summit in Brussel: a key name that finds the other letters' summit there."""
    assert "brussel" in understand("op welke datum was de brusselse navo top", "nl").entity_texts
    assert "den haag" in understand("wat vindt de Haagse politiek", "nl").entity_texts
    assert understand("wat is een bruisende stad", "nl").entity_texts == ()


@pytest.mark.parametrize("question, language", [("datum kabinetsappreciatie concept strategisch concept", "nl"),
                                                ("wanneer kwam het verslag van de top 2021", "nl"),
                                                ("date of the cabinet's appraisal of the draft", "en")])
def test_the_date_of_a_document_a_letter_brings_is_the_letters(question, language):
    q = understand(question, language)
    assert (q.intent, q.letter_ask) == ("letter", "date")


def test_the_date_of_what_a_report_is_about_is_not_the_letters():
    assert understand("wanneer vond de top plaats waarvan dit het verslag is", "nl").letter_ask is None
    assert understand("wanneer is de verklaring over het verslag aangenomen", "nl").letter_ask is None


@pytest.mark.parametrize("spell, question, language, spelled", [
    # a count typed as a digit
    (spell_counts, "wat zijn de 3 hoofdtaken van de navo", "nl", "wat zijn de drie hoofdtaken van de navo"),
    (spell_counts, "the 3 core tasks of nato", "en", "the three core tasks of nato"),
    (spell_counts, "welke 2 nieuwe lidstaten", "nl", "welke twee nieuwe lidstaten"),  # an adjective between
    (spell_counts, "haalt nl de 2 procent", "nl", "haalt nl de 2 procent"),  # a unit, not a count
    (spell_counts, "op 3 en 4 december", "nl", "op 3 en 4 december"),
    (spell_counts, "waar vliegen de 2 f35s", "en", "waar vliegen de 2 f35s"),  # no lower-case plural noun
    (spell_counts, "10 landen", "nl", "10 landen"),
    (spell_counts, "3 kerntaken navo", "nl", "drie kerntaken navo"),
    (spell_counts, "kan een cyberaanval artikel 5 activeren?", "nl", "kan een cyberaanval artikel 5 activeren?"),
    # a minister typed as a Dutch compound: the post as the letters write it
    (spell_posts, "wanneer vergaderen de defensieministers", "nl", "wanneer vergaderen de ministers van Defensie"),
    (spell_posts, "wie was buza-minister in 2019", "nl", "wie was minister van Buitenlandse Zaken in 2019"),
    (spell_posts, "buitenlandse zaken minister 2019", "nl", "minister van Buitenlandse Zaken 2019"),
    (spell_posts, "defensieministersoverleg okt 2022", "nl", "overleg van de ministers van Defensie okt 2022"),
    (spell_posts, "begroting defensieministerie", "nl", "begroting defensieministerie"),  # the ministry, no post
    (spell_posts, "wanneer kwamen de ministers van buza bijeen", "nl",
     "wanneer kwamen de ministers van Buitenlandse Zaken bijeen"),  # the ministry's abbreviation written out
    (spell_posts, "defence ministers meeting", "en", "defence ministers meeting"),
])
def test_what_is_typed_short_is_read_as_the_letters_write_it(spell, question, language, spelled):
    assert spell(question, language) == spelled


@pytest.mark.parametrize("typed, restored, intent", [
    ("whats diana", "what's diana", "definition"),
    ("whens the madrid summit", "when's the madrid summit", "date"),
    ("Wheres the meeting in october", "Where's the meeting in october", "place"),
    ("doesnt nato see russia as a partner", "doesn't nato see russia as a partner", None),
    ("its budget in 2022", "its budget in 2022", None),  # a word of its own, not "it's"
    ("were they at the summit", "were they at the summit", None),
])
def test_an_english_contraction_typed_without_its_apostrophe_is_read_with_it(typed, restored, intent):
    assert restore_apostrophes(typed, "en") == restored
    assert restore_apostrophes(typed, "nl") == typed  # Dutch as typed
    if intent:
        assert understand(typed, "en").intent != intent and understand(restored, "en").intent == intent


@pytest.mark.parametrize("typed, spelled", [
    ("kst-28676-418 subject?", "kamerstuk 28676 nr 418 subject?"), ("waar gaat kst 372 over", "waar gaat kamerstuk 372 over"),
    ("KST 28676-387", "kamerstuk 28676 nr 387"),
    ("kst-21501-02 nr 2433", "kst-21501-02 nr 2433"),  # another dossier's sub-number, not a letter's number
])
def test_a_kamerstuk_by_its_file_id_is_read_as_its_heading_names_it(typed, spelled):
    assert spell_file_ids(typed) == spelled


@pytest.mark.parametrize("question, intent, language", [
    ("who sent around the first concept text in may", "person", "en"),  # circulated: no letter's sender
    ("who sent that letter around", "letter", "en"),
    ("dutch defense share of gdp in 2023", "amount", "en"),  # a figure asked in keywords
    ("navo baas naam in 2022", "person", "nl"),  # a post holder's name, of a time
])
def test_keywords_and_a_verb_with_its_particle_are_read_as_meant(question, intent, language):
    assert understand(question, language).intent == intent


@pytest.mark.parametrize("question, plain, language", [
    ("wat betekent NRI precies in die navo brieven?", "wat betekent NRI?", "nl"),
    ("who ran foreign affairs, per these letters", "who ran foreign affairs", "en"),
    ("what does edt mean in these nato letters", "what does edt mean", "en"),
])
def test_the_letters_named_as_a_whole_ask_nothing(question, plain, language):
    asked, bare = understand(question, language), understand(plain, language)
    assert (asked.intent, asked.subject, asked.entities) == (bare.intent, bare.subject, bare.entities)
    assert understand("welke brieven ondertekende kaag", "nl").intent == "letter"  # asked of the letters


@pytest.mark.parametrize("question, plain", [
    ("does letter 387 mention a nato-russia council meeting?", "does a nato-russia council meeting?"),
    ("wat zegt brief 328 nog over rusland?", "wat nog over rusland?"),
    ("hoe staat de oorlog ervoor volgens de brief van eind sept 2022?", "hoe staat de oorlog ervoor?"),
    ("Why is NATO looking into Russia, according to the 2019 letter?", "Why is NATO looking into Russia,?"),
    ("welke brief noemt de NRR?", "welke brief noemt de NRR?"),  # asks for the letter: no source
    ("wie ondertekende brief 387?", "wie ondertekende brief 387?"),
])
def test_the_letter_a_question_names_as_its_source_is_left_out_of_what_it_asks(question, plain):
    assert without_source(question) == plain


@given(st.text(max_size=60))
def test_leaving_out_the_source_never_adds_and_needs_a_letter(text):
    plain = without_source(text)
    assert len(plain) <= len(text)
    if not any(w in text.lower() for w in ("brief", "letter")):
        assert plain == text


_POSTS = {"blok": "Minister van Buitenlandse Zaken", "bijleveld": "Minister van Defensie"}


@pytest.mark.parametrize("typed, read", [
    ("waarom was blok er niet bij", "waarom was blok (Minister van Buitenlandse Zaken) er niet bij"),
    ("why did Bijleveld go?", "why did Bijleveld (Minister van Defensie) go?"),
    ("was minister van defensie bijleveld er", "was minister van defensie bijleveld er"),  # the post is there
    ("de blokkade van de Zwarte Zee", "de blokkade van de Zwarte Zee"),  # a word, not the name
    ("bijleveld-schouten en blok", "bijleveld-schouten en blok (Minister van Buitenlandse Zaken)"),  # not in posts
])
def test_a_signatory_named_by_surname_is_read_with_their_post(typed, read):
    assert with_posts(typed, _POSTS) == read
    assert with_posts(typed, {}) == typed


@pytest.mark.parametrize("question, language", [
    ("in 2021, wat was het budget", "nl"),  # a part after a comma names no acronym
    ("they might also talk about a fifth domain there right? what are the other four", "en"),  # not one word
])
def test_a_part_of_a_chatty_question_asks_a_definition_only_for_a_one_word_term(question, language):
    assert understand(question, language).intent != "definition"


def test_a_signatorys_surname_is_a_name_in_lower_case_in_english_too():
    vocab = Vocabulary(frozenset({"kaag", "policy"}), (), frozenset({"kaag"}))
    assert [e.text for e in understand("which letters did kaag sign", "en", vocab).entities] == ["kaag"]
    # a letters' name that is an English word is still no name in lower case
    assert understand("what is the cyber policy", "en", vocab).entities == ()


def test_the_dutch_post_a_question_names():
    from rag.understand import post_named
    assert post_named("welke brieven stuurde de defensieminister") == "Minister van Defensie"
    assert post_named("letters of the foreign minister") == "Minister van Buitenlandse Zaken"
    assert post_named("what did ukraine's defence minister say") is None  # another country's post
    assert post_named("welke brieven zijn er") is None


@pytest.mark.parametrize(("question", "language"), [("brief 372 samenvatting", "nl"), ("summary of letter 387", "en"),
                                                    ("nr 328 what's it about in short", "en"),
                                                    ("kun je brief 408 in het kort samenvatten?", "nl"),
                                                    ("what does letter 387 cover", "en"),
                                                    ("welke onderwerpen behandelt brief 418", "nl"),
                                                    ("wat komt er in brief 328 nog meer aan bod", "nl")])
def test_a_summary_or_the_topics_of_a_letter_ask_what_it_is_about(question, language):
    assert (understand(question, language).intent, understand(question, language).letter_ask) == ("letter", "subject")
    assert understand("samenvatting van het klimaatactieplan", "nl").intent != "letter"  # a summary of no letter
    assert understand("switching topics, which pipelines got sabotaged per the sept 2022 letter?", "en").letter_ask \
        is None


def test_signing_off_on_something_else_is_approving_it():
    for q in ("who signs off on the strategic concept at madrid", "nato cyber policy signed off which day"):
        assert understand(q, "en").intent != "letter", q
    assert understand("who signed off on that letter?", "en").letter_ask == "signer"  # a letter's signing
    assert understand("who signed off on the strategic concept appraisal", "en").letter_ask == "signer"  # its document


@pytest.mark.parametrize(("question", "language", "overview"), [
    ("navo en china?", "nl", True), ("iets over cyber", "nl", True), ("hoe zit het nou met rusland", "nl", True),
    ("rusland?", "nl", True), ("what about the black sea?", "en", True),
    ("eu nato cooperation", "en", False), ("dutch china policy open vs protective", "en", False),
    ("wat zegt de navo over china?", "nl", False), ("is china a threat", "en", False),
    ("navo en china in 2021?", "nl", False), ("wanneer is de top in madrid", "nl", False),
    ("a topic and no question of its own but far too many words for one", "en", False)])
def test_a_topic_without_a_question_about_it_asks_for_an_overview(question, language, overview):
    assert asks_overview(understand(question, language)) is overview


@pytest.mark.parametrize(("question", "language", "ask"), [
    ("the feb 2022 letter, what type of doc is it", "en", "subject"),
    ("what kind of document is letter 372 exactly?", "en", "subject"),
    ("wat voor brief is brief 328 eigenlijk?", "nl", "subject"),
    ("date on the letter about the october 2022 defence meeting", "en", "date"),
    ("name of the minister behind the november 2019 letter", "en", "signer"),
    ("wie zit er achter brief 328", "nl", "signer"),
    ("was letter 418 from foreign affairs?", "en", "sender"), ("komt brief 418 van defensie?", "nl", "sender"),
    ("die brief van februari, voor welke bijeenkomst?", "nl", "subject")])
def test_what_kind_of_letter_its_date_and_who_is_behind_it_are_asked_of_the_letter(question, language, ask):
    assert understand(question, language).letter_ask == ask
    assert understand("what kind of weapons does the letter mention", "en").letter_ask is None
    # which meeting the letter says something was decided at is its content
    assert understand("in die brief staat dat daar eerder toe besloten is, op welke top?", "nl").letter_ask is None


def test_the_eus_foreign_policy_chief_is_a_post_and_whose_makes_no_keyword_question():
    assert understand("naam van de eu-buitenlandchef bij de defensieministers", "nl").intent == "person"
    # "whose" asks something of its own: "… budget plans" is no amount asked in keywords
    assert understand("on whose request did allies refresh budget plans", "en").intent != "amount"



def test_a_name_heading_a_compound_is_an_entity_and_the_x_process_is_x():
    vocab = Vocabulary(frozenset({"DIANA", "diana", "NAVO2030", "navo2030", "navo2030-proces", "secretaris",
                                  "INF", "inf", "inf-verdrag"}))
    # a compound the letters do not write still asks about the name that heads it
    assert [e.text for e in understand("wat is het diana-programma", "nl", vocab).entities] == ["diana"]
    # "the NAVO2030 process" is found where the letters write "NAVO2030" alone (a section heading)
    [process] = understand("wie leidde het navo2030-proces", "nl", vocab).entities
    assert process.found_in("NAVO2030")
    # not the treaty's short name for the missiles, nor a post's first word
    [treaty] = understand("waarom is het inf-verdrag beëindigd", "nl", vocab).entities
    assert not treaty.found_in("de teloorgang van het INF")
    assert understand("wie is de secretaris-generaal van de navo", "nl", vocab).entities == ()


@pytest.mark.parametrize("question", ["What share of GDP did the Netherlands spend on defence in 2019?",
                                      "Hoeveel procent van het BBP gaf Nederland uit?"])
def test_gdp_in_capitals_is_a_measure_not_a_name(question):
    assert understand(question, "en" if question.startswith("What") else "nl").entities == ()
