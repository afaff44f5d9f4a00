"""HTML letters (rag/ingest/html.py): the officielebekendmakingen.nl pages of two seeds, and
the variations other pages bring (encoding, chrome around the letter, footnotes as a list)."""
from __future__ import annotations

import pytest
from ingest_files import assert_matches_seed

from rag.ingest import convert_file


@pytest.mark.parametrize("nr,fmt", [(418, "html"), (328, "html")])
def test_converted_letter_matches_the_seed(nr, fmt, tmp_path):
    assert_matches_seed(nr, fmt, tmp_path)


def test_html_variants(tmp_path):
    """Windows-1252 page, the letter header inside <article><header>, chrome classes on the
    body and on a wrapper of the whole letter, footnotes as a <dl>, no date line."""
    page = """<html><head><meta charset="windows-1252"></head><body class="page notes-enabled menu-open">
<header><nav>Home | Zoeken</nav></header>
<div class="content-menu-wrapper"><article>
<header><p>Vergaderjaar 2023–2024</p><h1>28 676 NAVO</h1><h2>Nr. 12 BRIEF VAN DE MINISTER VAN DEFENSIE</h2></header>
<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p>
<h3>Inleiding</h3>
<p>Hierbij informeer ik uw Kamer over de stand van zaken rond de NAVO-oefeningen in Oekraïne en de
Baltische staten, met een korte vooruitblik.<sup>1</sup></p>
<h3>Vooruitblik</h3>
<p>De volgende oefening vindt plaats in het najaar, zo is afgesproken met de bondgenoten in Brussel.</p>
<p><strong>De Minister van Defensie,</strong><br>P.M. Jansen</p>
<dl class="voetnoten"><dt>1</dt><dd>Zie Kamerstuk 28 676, nr. 11.</dd></dl>
</article></div><footer>© 2024</footer></body></html>"""
    path = tmp_path / "pagina.htm"
    path.write_bytes(page.encode("cp1252"))
    conv = convert_file(path)
    letter = conv.letter
    assert (letter.doc_id, letter.title, letter.date) == ("kst-28676-12", "Brief van de Minister van Defensie", None)
    assert "no date" in conv.notes[0]
    assert [s.path for s in letter.sections] == ["Inleiding", "Vooruitblik", "Voetnoten"]
    assert "NAVO-oefeningen in Oekraïne" in letter.text and "Home" not in letter.text
    assert letter.footnotes == ["1 Zie Kamerstuk 28 676, nr. 11."]
    assert letter.signatories[0].name == "P.M. Jansen"
