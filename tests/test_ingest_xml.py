"""XML letters in the officiële-publicaties schema (rag/ingest/xml.py): two seeds, and a
letter in an unexpected shape read without losing text."""
from __future__ import annotations

import pytest
from ingest_files import assert_matches_seed

from rag.ingest import convert_file


@pytest.mark.parametrize("nr,fmt", [(418, "xml"), (328, "xml")])
def test_converted_letter_matches_the_seed(nr, fmt, tmp_path):
    assert_matches_seed(nr, fmt, tmp_path)


def test_xml_is_read_tolerantly(tmp_path):
    """A bare <brief> (no kamerstuk wrapper, a namespace), divisie/kop headings, a list,
    an unknown element: nothing is lost."""
    xml = """<?xml version="1.0" encoding="utf-8"?>
<brief xmlns="http://example.org/op">
  <kamerstukkop><tekstregel inhoud="vergaderjaar">Vergaderjaar 2023–2024</tekstregel></kamerstukkop>
  <dossiernummer>28676</dossiernummer><stuknummer>77</stuknummer>
  <titel>BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN</titel>
  <aanhef><richting>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</richting>
    <dagtekening>Den Haag, 5 april 2024</dagtekening></aanhef>
  <al>Hierbij informeer ik uw Kamer over de uitkomsten van de bijeenkomst van de ministers.</al>
  <divisie><kop><nr>1.</nr><titel>Uitkomsten</titel></kop>
    <al>De bondgenoten spraken over drie onderwerpen:</al>
    <lijst><li><li.nr>a.</li.nr><al>de steun aan Oekraïne;</al></li><li><li.nr>b.</li.nr><al>de defensie-uitgaven.</al></li></lijst>
    <divisie><kop><titel>Nadere uitwerking</titel></kop><nieuw-element>Een onbekend element met tekst.</nieuw-element></divisie>
  </divisie>
  <ondertekening><functie>De Minister van Buitenlandse Zaken,</functie><naam>H.G.J. Bruins Slot</naam></ondertekening>
</brief>"""
    path = tmp_path / "stuk.xml"
    path.write_text(xml)
    letter = convert_file(path).letter
    assert (letter.doc_id, letter.date, letter.title) == (
        "kst-28676-77", "2024-04-05", "Brief van de Minister van Buitenlandse Zaken")
    assert "a. de steun aan Oekraïne;\n\nb. de defensie-uitgaven." in letter.text
    assert "Een onbekend element met tekst." in letter.text
    assert [s.path for s in letter.sections] == ["1. Uitkomsten", "1. Uitkomsten › Nadere uitwerking"]
    assert letter.signatories[0].name == "H.G.J. Bruins Slot"
