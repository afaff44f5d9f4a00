"""What an answer to each kind of question must contain (rag/shapes.py)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from rag.lexicon import EVENTS
from rag.shapes import answer_shape, only_in_proceedings
from rag.understand import understand


@pytest.mark.parametrize("question, sentence, ok", [
    ("wie praat met de industrie", "Hierover gaan de ministeries van EZK en Defensie het gesprek aan.", True),
    ("who joins the session", "Met deelname van de EU Hoge Vertegenwoordiger.", True),
    ("wie praat met de industrie", "De ministers spreken over de industrie.", False),  # bare 'ministers'
    ("who organised the referendums", "De door lokale, pro-Russische autoriteiten georganiseerde schijnreferenda",
     True),  # authorities are who
    ("wie is de secretaris-generaal", "Naar verwachting zal de secretaris-generaal spreken.", False),
    ("wie is de secretaris-generaal", "Secretaris-generaal Stoltenberg opent.", True),
    ("who chairs the group", "De voorzitter opent de bijeenkomst.", False),  # asks a name: a post is no answer
    # … also in a contraction, or asked of whoever will hold it
    ("who's nato's secretary general?", "Op basis daarvan stelt de secretaris-generaal een overzicht op.", False),
    ("wie wordt sg navo na stoltenberg", "Tijdens de bijeenkomst presenteert de SG NAVO een rapport.", False),
    ("who's gonna be the next nato sec gen", "Daarnaast heeft de SG NAVO het rapport geagendeerd.", False),
    ("who's going to chair it?", "Hierbij bied ik u, mede namens de Minister van Buitenlandse Zaken, de agenda aan.",
     False),
    ("wie leidt het testcentrum", "Daarom besloten staatshoofden en regeringsleiders het op te richten.", False),
    ("wie gaat dat comité voorzitten?", "Daarnaast heeft de SG NAVO het rapport geagendeerd.", False),
    ("who'd lead that new committee", "Staatshoofden en regeringsleiders besloten het op te richten.", False),
    ("Met wie dineren de ministers?", "Een diner met de Oekraïense Minister van Defensie.", True),  # post as subject
    ("wie ging in zijn plaats", "Daarom zal de Minister van Defensie aan deze bijeenkomst deelnemen.", True),
    ("wie ging er", "Op 12 oktober komen de NAVO-Ministers van Defensie bijeen.", False),  # the meeting, no post
    ("van wie was de motie over cyber", "Conform de motie van het lid Brekelmans c.s. heeft Nederland gepleit.", True),
    ("wie steunden de motie Brekelmans", "Conform de motie van het lid Brekelmans c.s. heeft Nederland gepleit.",
     False),  # the person the question names is no answer
    ("Who was NATO's Supreme Allied Commander?", "De SG NAVO heeft het rapport gepresenteerd.", False),
    # a title before a surname names a person: the EU's High Representative too; the press's "foreign policy chief"
    ("naam van de eu-buitenlandchef bij de defensieministers",
     "Tijdens de laatste werksessie spreken de Ministers met de EU Hoge Vertegenwoordiger Borrell.", True),
    ("who did the ministers meet in the last session",
     "Tijdens de laatste werksessie spreken de Ministers met de EU Hoge Vertegenwoordiger Borrell.", True),
    # a ministry's name is no surname
    ("who was minister for trade in 2022", "De Minister van Buitenlandse Handel en Ontwikkelingssamenwerking zegde toe.",
     False),
    ("who was minister for trade in 2022", "De Minister van Buitenlandse Handel, L. Schreinemacher, zegde toe.", True),
    # a bare "which minister" is answered by the post; "welke minister van defensie" asks the name
    ("which minister had promised parliament info on the f-35s",
     "Ik geef uitvoering aan de toezegging van de Minister van Buitenlandse Handel.", True),
    ("welke minister van defensie ging in nov 2019", "Daarom zal de Minister van Defensie deelnemen.", False),
])
def test_who_takes_a_post_unless_the_question_names_one(question, sentence, ok):
    q = understand(question, "nl")
    assert q.intent == "person" and bool(answer_shape(q).search(sentence)) == ok


def test_a_name_question_needs_a_name_the_question_does_not_hold():
    shape = answer_shape(understand("Hoe heet het wapen dat tot het einde van het INF-verdrag leidde?", "nl"))
    assert not shape.search("Dit heeft geleid tot het einde van het INF-verdrag, en raakt Nederland.")
    assert shape.search("Het gaat om de SSC-8 van Rusland.")
    # a ministry's word or a nationality names no one: "naam?" after the Ukrainian minister
    shape = answer_shape(understand("naam?", "nl"))
    assert not shape.search("Tijdens het diner spreken bondgenoten met de Oekraïense Minister van Defensie.")


def test_a_thing_s_name_is_no_person_s_name_nor_an_adjective_of_place():
    """"name of the russian missile" is not answered by "president Poetin" or "een Europees
    moratorium"; a question about a post still wants the name after its title."""
    shape = answer_shape(understand("name of the russian missile that ended the inf treaty", "en"))
    assert not shape.search("Het voorstel van president Poetin van een Europees moratorium is niet geloofwaardig.")
    assert not shape.search("De Minister van Buitenlandse Zaken, S.A. Blok")
    assert shape.search("Rusland stelt de SSC-8 op.")
    shape = answer_shape(understand("hoe heet die eu hoge vertegenwoordiger", "nl"))
    assert shape.search("De Ministers spreken met de EU Hoge Vertegenwoordiger Borrell.")


def test_a_where_question_is_not_answered_by_the_place_it_names():
    shape = answer_shape(understand("which country leads NATO Mission Iraq", "en"))
    assert not shape.search("NATO Mission Iraq adviseert het ministerie in Irak.")
    assert shape.search("De missie wordt geleid door Denemarken.")
    assert answer_shape(understand("Waar vond de NAVO-top van 2022 plaats?", "nl")).search("plaats in Madrid.")
    # a finer place than the one named, also when named as an adjective: "Bulgaarse" is Bulgarije
    q = understand("Op welke Roemeense luchthaven landen de toestellen?", "nl")
    assert q.intent == "place"
    assert not answer_shape(q).search("De toestellen opereren vanuit Roemenië.")
    assert answer_shape(q).search("De toestellen landen op de luchthaven in Constanța.")
    assert understand("which airbase in Poland do they use", "en").intent == "place"
    # … or as an abbreviation: "nl" is Nederland; and a municipality is a place asked
    # a base named beside a country asked: the country answers ("… vanuit Bulgarije")
    assert answer_shape(understand("f-35 air policing basis welk land", "nl")).search("Ze vliegen vanuit Bulgarije.")
    q = understand("diana testlocatie nl welke gemeente", "nl")
    assert q.intent == "place" and not answer_shape(q).search("Nederland wil een testcentrum huisvesten.")
    # a follow-up's context may name the very place asked for: "waar precies? (… naar Bulgarije)"
    own = understand("waar precies?", "nl")  # the whole question's intent is the follow-up's own (pipeline)
    whole = replace(understand("waar precies? (hoeveel F-35's stuurt Nederland naar Bulgarije)", "nl"), intent=own.intent)
    assert not answer_shape(whole).search("De toestellen zijn vanuit Bulgarije inzetbaar.")
    assert answer_shape(replace(whole, own=own)).search("De toestellen zijn vanuit Bulgarije inzetbaar.")
    # a venue is a where: "bij het Centraal Informatiepunt"; not a city, nor "bij de NAVO"
    venue = "Ter inzage gelegd, alleen voor de leden, bij het Centraal Informatiepunt Tweede Kamer."
    assert answer_shape(understand("waar ligt het concept ter inzage?", "nl")).search(venue)
    assert not answer_shape(understand("in welke stad ligt het ter inzage?", "nl")).search(venue)
    assert not answer_shape(understand("waar is dat besproken?", "nl")).search("Dat is besproken bij de NAVO.")
    # a part of the country the question names, and not the Russian army of a question naming Russia
    part = understand("waar moest Rusland zich terugtrekken in Oekraïne", "nl")
    assert answer_shape(part).search("uit eerder veroverd gebied in het noordoosten van Oekraïne")
    assert not answer_shape(part).search("Het Russische offensief verloopt steeds trager in Oekraïne.")


def test_a_country_is_where_only_after_a_preposition_unless_a_country_is_asked():
    where = answer_shape(understand("waar?", "nl"))
    assert not where.search("De President bevestigde de «ironclad commitment» van de VS aan de NAVO.")
    assert where.search("De toestellen zijn vanuit Bulgarije inzetbaar.")
    assert where.search("De top vond plaats in de Verenigde Staten.")
    assert where.search("De Russische troepenopbouw in het grensgebied met Oekraïne.")
    partner = "Nederland heeft samen met Duitsland een aantal ideeën uitgewerkt."
    assert not where.search(partner)
    for asked in ("met welk land werkte nl samen?", "met welk buurland trok nl op?", "together with which country?"):
        assert answer_shape(understand(asked, "en")).search(partner), asked


@pytest.mark.parametrize("sentence, ok", [
    ("De Ministers bespreken de uitkomsten van de Raad.", False),  # an agenda names the outcome, gives none
    ("Ten slotte komt de review aan bod.", False),
    ("Staatshoofden en regeringsleiders bekrachtigden het actieplan.", True),
    ("Het communiqué bevestigt dat een cyberaanval Artikel 5 kan activeren.", True),  # a communiqué's present
    ("Zij zegden toe elkaar te consulteren.", True),
    ("Bondgenoten onderstreepten tijdens de NAVO-Top opnieuw het belang van steun.", True),  # what a summit stated
    ("Staatshoofden herbevestigden de conclusies van de Boekarest Top.", True),
    ("Bondgenoten kwamen overeen de financiering te verhogen.", True),
    ("De Top in Madrid, waar de bondgenoten belangrijke besluiten namen over het Strategisch Concept.", True),
    ("Het concept dient in juni te worden bekrachtigd.", False),  # still to be done
    ("Op de agenda staat de uitvoering van eerdere afspraken.", False),  # names agreements, reports none
    ("Het kabinet heeft in juni 2022 aangekondigd de inzet te verplaatsen.", True),  # a decision announced
    ("De minister kondigde vorige week een nieuwe bijdrage aan.", True),
])
def test_an_outcome_is_a_decision_or_result_not_an_agenda(sentence, ok):
    q = understand("Wat was de uitkomst van de bijeenkomst?", "nl")
    assert q.intent == "outcome" and bool(answer_shape(q).search(sentence)) == ok


def test_a_count_needs_the_counted_noun_when_the_letters_use_it():
    from rag.shapes import counted_shape

    corpus = "meer dan 50 landen. twee f-35 jachtvliegtuigen. de militairen van defensie."
    shape = counted_shape(understand("hoeveel militairen heeft defensie", "nl"), corpus)
    assert not shape.search("meer dan 50 gelijkgestemde landen") and shape.search("ruim 300 militairen")
    assert counted_shape(understand("hoeveel vliegtuigen", "nl"), corpus).search("twee F-35 jachtvliegtuigen")
    # a compound the letters never use counts by its head: "gevechtsvliegtuigen" are vliegtuigen
    assert counted_shape(understand("hoeveel gevechtsvliegtuigen", "nl"), corpus).search("twee F-35 jachtvliegtuigen")
    # the head of a compound, not the end of a name: "Nederland" counts no landen
    countries = counted_shape(understand("hoeveel landen zijn lid", "nl"), corpus)
    assert countries.search("meer dan 50 landen") and not countries.search("(nr. 2433), heeft Nederland gepleit")
    # "beide", "alle" point at what was named, they give no number
    assert not countries.search("dat beide landen verschillende actoren zijn") and not countries.search("alle landen")
    assert counted_shape(understand("hoeveel f35s levert nl", "nl"), corpus).search("twee F-35 jachtvliegtuigen")
    assert counted_shape(understand("how many support staff", "en"), corpus) is None  # the letters lack "personeel"
    # an adjective before the noun is not what is counted: "twee F-35 jachtvliegtuigen inclusief ondersteunend
    # personeel" gives no number of personnel
    staff = counted_shape(understand("hoeveel ondersteunend personeel gaat mee", "nl"), corpus + " ondersteunend personeel")
    assert not staff.search("twee F-35 jachtvliegtuigen inclusief ondersteunend personeel")
    assert staff.search("40 man ondersteunend personeel")
    # … unless the letters lack the noun: then the adjective is all there is to count
    assert counted_shape(understand("hoeveel oekraïense soldaten", "nl"), corpus + " oekraïense").search("3 oekraïense")
    # a plural right after "how many" is what is counted, not the verb after it ("coordinate": coördineren)
    nations = counted_shape(understand("how many nations coordinate arms aid for kyiv", "en"),
                            corpus + " nationale coördinatie coördineren")
    assert nations.search("meer dan 50 gelijkgestemde landen") and not nations.search("drie keer coördineren")
    # an English noun is counted in its Dutch form (lexicon.WORDS)
    allies = counted_shape(understand("How many allies had ratified it?", "en"), corpus + " 30 bondgenoten.")
    assert allies.search("alle 30 bondgenoten") and not allies.search("de bijeenkomst kent twee werksessies")
    # an English noun no table knows is nothing the letters count ("twee F-35 jachtvliegtuigen" is no crew) …
    assert not counted_shape(understand("how many ground crew go along", "en"), corpus).search("twee F-35 jachtvliegtuigen")
    # … one the glossary knows is counted in the letters' words for it (rag/glossary.py: "nukes" →
    # kernwapenarsenaal), never by the glossary's words for a word before it ("support" is also "achter")
    nukes = counted_shape(understand("how many nukes does nato have", "en"), corpus + " het kernwapenarsenaal")
    assert not nukes.search("moeten met ruim 4 miljard euro stijgen") and nukes.search("zo'n 200 kernwapenarsenaal")
    assert counted_shape(understand("how many support staff", "en"), corpus + " achter") is None
    # … typed wrong, a noun they know is still counted by the plain number shape
    assert counted_shape(understand("how many countires in the contact group", "en"), corpus) is None


@pytest.mark.parametrize("sentence, counts", [
    ("in lijn met Resolutie 2166", False),  # a label, not a count
    ("Kamerstuk 28 676, nr. 370", False),
    ("zoals neergelegd in artikel 5 van het Verdrag", False),
    ("de inzet van F-35 jachtvliegtuigen", False),  # a type
    ("op 12 en 13 oktober 2022", False),  # a date
    ("bij het Centraal Informatiepunt Tweede Kamer", False),  # a name, not the second of anything
    ("om in 2024 de 2%-norm te halen", False),  # a share, not a count
    ("van 1,45% van het bbp naar 1,35 procent", False),
    ("twee F-35 jachtvliegtuigen", True),
    ("meer dan 50 landen", True),
    ("in 2024 30 schepen", True),
    ("300.000 militairen", True),
])
def test_a_count_is_a_number_that_counts(sentence, counts):
    shape = answer_shape(understand("Hoeveel zijn het er?", "nl"))
    assert bool(shape.search(sentence)) == counts


@pytest.mark.parametrize("question, sentence, ok", [
    ("When is the defence planning cycle that starts in early 2023 due to end?", "Begin 2023 begint de cyclus.", False),
    ("When is the defence planning cycle that starts in early 2023 due to end?", "De cyclus loopt tot 2026.", True),
    ("Wanneer vergaderden de defensieministers in februari 2022?", "op 16 en 17 februari 2022 te Brussel", True),
    ("Wanneer vergaderden de defensieministers in februari 2022?", "in februari 2022 kwamen zij bijeen", False),
    ("Wanneer vond de NAVO-top van 2022 plaats?", "op 29 en 30 juni 2022 in Madrid", True),
    ("Wanneer wordt het actieplan in 2021 uitgewerkt?", "In het najaar van 2021 zal dit worden uitgewerkt.", True),
    ("Wanneer vond de NAVO-top plaats?", "in 2021", True),  # a question without a time: any date
])
def test_a_date_answer_is_not_the_date_the_question_names(question, sentence, ok):
    q = understand(question, "en" if question.startswith("When") else "nl")
    assert q.intent == "date" and bool(answer_shape(q).search(sentence)) == ok


@pytest.mark.parametrize("question, sentence, ok", [
    ("exact date of the Bucharest summit", "de conclusies van de Boekarest Top in 2008", False),
    ("exact date of the Bucharest summit", "de Top van 2 tot en met 4 april 2008 in Boekarest", True),
    ("op welke dag begint de bijeenkomst", "de bijeenkomst in oktober", False),
    ("op welke dag begint de bijeenkomst", "op dinsdag begint de bijeenkomst", True),
    ("navo top brussel welke datum", "de NAVO-top van Brussel in 2018", True),  # "welke datum" is looser
])
def test_an_exact_date_or_a_day_wants_a_day(question, sentence, ok):
    q = understand(question, "en" if question.startswith("exact") else "nl")
    assert q.intent == "date" and bool(answer_shape(q).search(sentence)) == ok


_DEBATE = ("Zoals eerder aan uw Kamer toegezegd tijdens het Commissiedebat over de NAVO-Top op 7 juni 2021 "
           "(Kamerstuk 28 676, nr. 370), is uitgezocht in hoeverre de NATO Comprehensive Cyber Policy vertrouwelijk "
           "met uw Kamer gedeeld kan worden.")


@pytest.mark.parametrize("question, sentence, ok", [
    ("when was the 2021 nato summit", _DEBATE, False),  # the debate's date
    ("when was the 2021 nato summit", "Op 14 juni 2021 vond de NAVO-Top plaats in Brussel.", True),
    ("datum commissiedebat navo top 2021", _DEBATE, True),  # asked about the debate itself
    ("when did parliament debate the 2021 summit", _DEBATE, True),
    ("wanneer werd dat toegezegd", "Zoals toegezegd in het Commissiedebat NAVO van 25 mei jl.", True),
])
def test_the_kamer_s_own_proceedings_answer_only_a_question_about_them(question, sentence, ok):
    q = understand(question, "en" if question.startswith("when") else "nl")
    assert bool(answer_shape(q).search(sentence)) == ok
    assert only_in_proceedings(answer_shape(q), sentence) == (sentence == _DEBATE and not ok)


def test_ranking_takes_any_date_so_a_partial_quotes_the_asked_event():
    q = understand("exact date of the Bucharest summit", "en")
    assert answer_shape(q, day=False).search("de conclusies van de Boekarest Top in 2008")


@pytest.mark.parametrize("question, sentence, ok", [
    ("who goes for NL?", "Ik neem namens Nederland deel aan deze bijeenkomst.", True),
    ("wie ging er namens Nederland", "Daarom zal de Minister van Defensie aan deze bijeenkomst deelnemen.", True),
    ("who attends for the first time", "Finland en Zweden nemen voor de eerste keer deel.", True),
    ("who takes part for NL", "Ik neem namens Nederland deel aan deze bijeenkomst.", True),
    ("wie ging er namens Nederland", "Deze bijeenkomst staat voor een belangrijk deel in het teken van de Top.", False),
    ("dutch delegation brussels june 2021 who", "Minister-President Rutte nam deel aan deze bijeenkomst.", True),
    ("wie zaten er in de delegatie", "Deze bijeenkomst staat voor een belangrijk deel in het teken van de Top.", False),
    # "de Ministers van Defensie van Finland en Zweden" take part for Finland and Sweden, not for NL
    ("who represents NL there", "Tijdens de laatste werksessie spreken de Ministers met de EU Hoge Vertegenwoordiger "
                                "Borrell en de Ministers van Defensie van Finland en Zweden.", False),
    ("who represents NL there", "De Ministers van Defensie nemen deel aan de bijeenkomst in Brussel.", True),
    # going in someone's place is taking part
    ("who filled in for him then", "Daarom zal de Minister van Defensie aan deze bijeenkomst deelnemen.", True),
    ("wie verving blok in brussel", "Daarom zal de Minister van Defensie aan deze bijeenkomst deelnemen.", True),
    ("en van nederlandse kant, wie waren er?", "Minister-President Rutte nam deel aan deze bijeenkomst.", True),
])
def test_who_goes_is_answered_by_who_takes_part(question, sentence, ok):
    from rag.shapes import attendance_shape

    assert bool(attendance_shape(understand(question, "nl")).search(sentence)) == ok


@pytest.mark.parametrize("question, sentence, ok", [
    ("wie leidde dat?", "Zij besloten tot een reflectieproces onder aansturing van de SG NAVO.", True),
    ("nato2030 rethink was run by whom", "Zij besloten tot een reflectieproces onder aansturing van de SG NAVO.", True),
    ("wie gaat dat voorzitten?", "De SG zit de bijeenkomst voor.", True),
    # any person the sentence names is not who leads
    ("wie leidde dat?", "Minister-President Rutte benadrukte het belang van een EU die werkt aan weerbaarheid.", False),
    ("who'd lead that new committee", "Meerdere cyberaanvallen kunnen gezamenlijk leiden tot Artikel 5.", False),  # cause
    ("wie gaat dat voorzitten?", "Handelingen die tot ongewenste afhankelijkheden kunnen leiden.", False),
    ("wie leidde dat?", "De SG leidde het proces.", True),
    # who commands: who the sentence says commands, not a post it names
    ("who commands nato mission iraq", "De missie adviseert en traint het Iraakse Ministerie van Defensie en de "
     "National Security Advisor om bredere hervorming van de Iraakse veiligheidssector mogelijk te maken.", False),
    ("wie heeft het bevel over kfor", "KFOR staat onder het bevel van een Italiaanse generaal.", True),
])
def test_who_leads_naming_no_post_is_answered_by_who_the_sentence_says_leads(question, sentence, ok):
    q = understand(question, "en" if question.startswith(("nato", "who")) else "nl")
    assert bool(answer_shape(q).search(sentence)) == ok


@pytest.mark.parametrize("question, language", [("wie betaalt dat bij ons?", "nl"),
                                                ("who pays for a higher dutch contribution to nato", "en")])
def test_who_pays_is_answered_by_what_funds_it(question, language):
    shape = answer_shape(understand(question, language))
    assert shape.search("De ophoging wordt gefinancierd uit de begrotingen van de beleidsverantwoordelijke departementen.")
    assert not shape.search("Minister-President Rutte benadrukte het belang van de NAVO.")


def test_the_secretary_general_written_without_a_hyphen_is_a_post():
    # letter 408 writes "de Secretaris Generaal van de NAVO", the others "secretaris-generaal"
    shape = answer_shape(understand("who circulated the first draft strategic concept", "en"))
    assert shape.search("Op 6 mei 2022 deelde de Secretaris Generaal van de NAVO een eerste concepttekst.")


def test_a_name_question_is_no_attendance_question():
    from rag.shapes import attendance_shape

    assert attendance_shape(understand("which US president attended the summit", "en")) is None
    assert attendance_shape(understand("wie zit de groep voor", "nl")) is None


@pytest.mark.parametrize("question, sentence, ok", [
    ("whats the name of the nato secretary general", "De SG NAVO heeft een werksessie belegd.", False),
    # the post as the press calls it
    ("whats the nato chief called", "Dit was de eerste Top waaraan President Biden deelnam.", False),
    ("hoe heet de navo-baas eigenlijk", "De SG NAVO heeft een werksessie belegd.", False),
    ("hoe heet de navo-baas eigenlijk", "De secretaris-generaal Jens Stoltenberg sprak.", True),
    ("name of the ukrainian defence minister", "Een diner met de Oekraïense Minister van Defensie.", False),
    ("name of the ukrainian defence minister", "Ook Minister van Defensie Bijleveld was aanwezig.", False),
    ("hoe heet de oekraïense minister van defensie", "Met de Oekraïense Minister van Defensie Reznikov.", True),
    ("naam oekraiense defensieminister", "Een diner met de Oekraïense Minister van Defensie.", False),  # a compound
    ("naam oekraiense defensieminister", "Met de Oekraïense Minister van Defensie Reznikov.", True),
    ("Which US president was at the summit?", "Dit was de eerste Top waaraan President Biden deelnam.", True),
    ("Which US president was at the summit?", "Minister-President Rutte nam deel.", False),  # someone else's post
    ("wie was de minister voor buitenlandse handel", "Ook Minister van Buitenlandse Zaken Kaag was er.", False),
    ("wie was de minister voor buitenlandse handel",
     "De Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking Schreinemacher zei dat.", True),
    ("who was defence minister in june 2021", "De Minister van Defensie, A.Th.B. Bijleveld-Schouten", True),
    # the post asked about is the first the question names, not the ministers who met the holder
    ("name of the eu high rep the defence ministers met", "Met de EU Hoge Vertegenwoordiger Borrell.", True),
    ("name of the eu high rep the defence ministers met", "Ook Minister van Defensie Bijleveld was er.", False),
    ("wie is onze permanente vertegenwoordiger bij de navo", "De SG NAVO heeft een werksessie belegd.", False),
    # the post as a compound's head, and keywords closed by "wie"
    ("wie is de nederlandse navo-ambassadeur", "De SG NAVO heeft een werksessie belegd.", False),
    ("wie is de nederlandse navo-ambassadeur", "Met de EU Hoge Vertegenwoordiger Borrell.", False),  # another post
    ("wie is de nederlandse navo-ambassadeur", "De Permanente Vertegenwoordiger Jansen sprak.", True),
    ("commandant nmi wie", "De missie adviseert de National Security Advisor.", False),
    ("commandant nmi wie", "Onder leiding van commandant Jansen traint de missie.", True),
    ("minister van Defensie in 2021 wie was dat", "Conform de motie van het lid Brekelmans c.s. pleitte NL.", False),
    ("minister van Defensie in 2021 wie was dat", "De Minister van Defensie, A.Th.B. Bijleveld-Schouten", True),
    # … with a word or two before the post, and the post as a compound's head
    ("oekraine defensieminister diner wie", "Tijdens het diner spreken zij met de Oekraïense Minister van Defensie.",
     False),
    ("oekraine defensieminister diner wie", "Aan het diner schuift de Oekraïense Minister van Defensie Reznikov aan.",
     True),
])
def test_a_name_question_about_a_post_wants_the_name_of_its_holder(question, sentence, ok):
    """Not any person the sentence names: the name standing right after the asked post."""
    shape = answer_shape(understand(question, "nl" if question.startswith(("wie", "hoe")) else "en"))
    assert bool(shape.search(sentence)) is ok


@pytest.mark.parametrize("question, sentence, ok", [
    ("dutch defence budget in euros in 2019", "Nederland komt in 2019 uit op 1,35%.", False),
    ("dutch defence budget in euros in 2019", "Het defensiebudget komt uit op 11,8 miljard euro.", True),
    ("nato spending target % of gdp", "De NAVO-norm van 2% van het bbp.", True),
    ("nato spending target % of gdp", "Het defensiebudget komt uit op 11,8 miljard euro.", False),
    ("halen we in 2024 de 2%?", "Het defensiebudget komt uit op 11,8 miljard euro.", True),  # a value, no unit asked
    ("defence budget in billions 2021", "Nederland komt in 2021 uit op 1,45%.", False),
    ("defence budget in billions 2021", "Het defensiebudget komt uit op 11,8 miljard euro.", True),
    # a budget with no unit asked is in euros, a share of GDP is not its size
    ("hoe groot is het defensiebudget in 2021", "Nederland komt in 2021 uit op 1,45%.", False),
    ("hoe groot is het defensiebudget in 2021", "Het defensiebudget komt uit op 11,8 miljard euro.", True),
    ("defensiebudget als procent van het bbp", "Nederland komt in 2021 uit op 1,45%.", True),
    # a cost or price is in euros too
    ("hoeveel kost een treinkaartje naar brussel", "Nederland komt in 2019 uit op 1,35%.", False),
    ("hoeveel kost een treinkaartje naar brussel", "Het defensiebudget komt uit op 11,8 miljard euro.", True),
    # a distance asked in its unit wants it: a sentence on the missile with no distance is a near miss
    ("range of the new russian missile in km", "Rusland stelt een nieuwe kruisvluchtraket op (SSC-8).", False),
    ("range of the new russian missile in km", "De raket heeft een bereik van 2.500 km.", True),
    ("hoeveel kilometer ligt de basis van de grens", "De basis ligt 80 kilometer van de grens.", True),
])
def test_an_amount_in_a_unit_wants_that_unit(question, sentence, ok):
    q = understand(question, "nl")
    assert q.intent == "amount" and bool(answer_shape(q).search(sentence)) == ok


def test_a_city_question_is_not_answered_by_a_country():
    city = answer_shape(understand("in welke stad was de top", "nl"))
    assert city.search("de top vond plaats in Brussel") and not city.search("de steun van de VS aan de NAVO")
    # nor by a region, and a base is asked at a city's level
    assert not answer_shape(understand("welke stad in japan?", "nl")).search("veiligheid in Azië")
    assert answer_shape(understand("waar vliegen de f-35's", "nl")).search("boven de Zwarte Zee")  # two words
    assert not answer_shape(understand("welk vliegveld in bulgarije", "nl")).search("vanuit Bulgarije")
    base = answer_shape(understand("from which air base do the jets fly?", "en"))
    assert base.search("vanuit Boekarest") and not base.search("De vliegtuigen zijn vanuit Bulgarije direct inzetbaar")
    country = answer_shape(understand("in welk land was de top", "nl"))
    assert country.search("de steun van de VS aan de NAVO")


def test_a_question_for_countries_wants_two_of_them():
    """"welke landen …" is answered by two countries (names or adjectives) the question does not name."""
    shape = answer_shape(understand("met welke aziatische landen wil de navo samenwerken", "nl"))
    assert not shape.search("de Aziatische partners … gedeelde zorgen over de opstelling van China")
    assert shape.search("landen in het Indo-Pacifische gebied (met name Australië, Japan, Nieuw Zeeland en Zuid Korea)")
    assert shape.search("zonder hun Finse en Zweedse collega's")
    assert not shape.search("in Brussel en Madrid")  # cities are no countries
    named = answer_shape(understand("which countries besides finland were invited?", "en"))
    assert not named.search("Finland en de Finse minister") and named.search("Finland, Zweden en Noorwegen")
    # "which allies …" asks which countries; "at which summit did allies …" does not
    allies = answer_shape(understand("welke bondgenoten liggen niet op koers voor 2%?", "nl"))
    assert allies is not None and not allies.search("veel bondgenoten liggen op koers om de 2%-norm te halen")
    assert allies.search("Duitsland en Frankrijk liggen op koers")
    assert answer_shape(understand("at which summit did allies agree to report every year?", "en")) != allies


def test_euro_atlantic_is_no_amount():
    q = understand("hoeveel kost het?", "nl")
    assert not answer_shape(q).search("Het Concept for the Deterrence and Defence of the Euro-Atlantic Area (DDA).")
    assert answer_shape(q).search("Het budget komt uit op 11,8 miljard euro.")


def test_a_follow_ups_context_asks_no_name_of_it():
    """"who decided to set it up? (nato's diana, what's the full name)": the earlier question asked a
    name, the follow-up asks who — a body answers ("besloten staatshoofden en regeringsleiders …")."""
    own = understand("who decided to set it up?", "en")
    whole = replace(understand("who decided to set it up? (nato's diana, what's the full name)", "en"),
                    intent=own.intent, own=own)
    assert answer_shape(whole).search("Om een impuls te geven, besloten staatshoofden en regeringsleiders een DIANA.")
    assert not answer_shape(understand("what's the name of the one who decided to set it up?", "en")).search(
        "Om een impuls te geven, besloten staatshoofden en regeringsleiders een DIANA.")  # a name asked: no body


@pytest.mark.parametrize("question, sentence, said", [
    ("wanneer is de navo opgericht", "Staatshoofden besloten DIANA op te richten.", True),
    ("since when does nato exist", "De bijeenkomst bestaat uit een werksessie en een werkdiner.", False),
    ("since when does nato exist", "De NAVO bestaat al sinds 1949.", True),
    ("when did finland join nato", "na goedkeuring van hun verzoek tot toetreding tijdens de NAVO-Top", True),
    ("when did finland join nato", "Op 12 en 13 oktober komen de NAVO-Ministers van Defensie in Brussel bijeen.", False),
    ("wanneer viel rusland oekraïne binnen", "De invasie van Rusland in Oekraïne maakt duidelijk …", True),
    ("wanneer viel rusland oekraïne binnen", "Het Russische offensief verloopt steeds trager.", False),
])
def test_an_event_a_when_question_names_is_told_by_a_sentence_on_it(question, sentence, said):
    patterns = [s for asked, s in EVENTS if asked.search(question)]
    assert len(patterns) == 1 and bool(patterns[0].search(sentence)) is said


@pytest.mark.parametrize("question", ["when will the dutch decide on joining it", "when was nato2030 launched",
                                      "wanneer komen de ministers bijeen"])
def test_a_when_question_without_such_an_event_names_none(question):
    assert not any(asked.search(question) for asked, _ in EVENTS)
