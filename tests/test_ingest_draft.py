"""The common letter shape and its rendering (rag/ingest/draft.py): every converter's output
reads like a seed letter, and markup characters in a letter's text stay literal."""
from __future__ import annotations

from ingest_files import FIX

from rag.ingest import convert_file


def test_converted_text_has_the_seed_shape():
    text = convert_file(FIX / "kst-28676-418.xml").text
    head = text.split("\n\n")[:8]
    assert head == ["Vergaderjaar 2022–2023", "28 676", "NAVO", "Nr. 418",
                    "## BRIEF VAN DE MINISTER VAN DEFENSIE",
                    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 30 september 2022",
                    text.split("\n\n")[7]]
    assert "\n\n### Oekraïne\n\n" in text
    assert "uitwerking.<sup>1</sup> Alle bondgenoten" in text
    assert "De Minister van Defensie,  \nK.H. Ollongren" in text
    assert "\n\n<sup>1</sup> Concreet gaat het om het *Concept for the Deterrence" in text


def test_markup_characters_in_the_text_stay_literal(tmp_path):
    page = ("<html><body><p>Vergaderjaar 2023–2024</p><p>28 676 NAVO</p><p>Nr. 5</p>"
            "<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p><p>Den Haag, 1 maart 2024</p>"
            "<p># geen kop, 2 * 3 = 6 en a*b*c, een &lt;sup&gt;9&lt;/sup&gt; en [tekst](niet-een-link) "
            "blijven staan zoals ze er staan in deze brief over de NAVO en nog wat woorden.</p>"
            "<p>---</p><p>De Minister van Defensie,<br>P.M. Jansen</p></body></html>")
    path = tmp_path / "brief.html"
    path.write_text(page)
    letter = convert_file(path).letter
    assert "# geen kop, 2 * 3 = 6 en a*b*c, een <sup>9</sup> en [tekst](niet-een-link) blijven" in letter.text
    assert "\n\n---\n\n" in letter.text
    assert letter.doc_id == "kst-28676-5" and letter.date == "2024-03-01"
    assert [(s.name, s.role) for s in letter.signatories] == [("P.M. Jansen", "Minister van Defensie")]
    assert letter.sections == []  # no heading guessed from the header ("NAVO")
    assert "\n\nNAVO Nr. 5\n\n" in letter.text
