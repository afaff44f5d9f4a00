"""Parsing the letters: metadata, clean text, and the offset map back to the source."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.corpus import CorpusError, load_corpus, parse_letter, parse_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

EXPECTED = {
    "kst-28676-328": ("2019-11-18", ["S.A. Blok"]),
    "kst-28676-372": ("2021-06-25", ["S.A.M. Kaag", "A.Th.B. Bijleveld-Schouten"]),
    "kst-28676-387": ("2022-02-01", ["K.H. Ollongren"]),
    "kst-28676-408": ("2022-06-08", ["W.B. Hoekstra", "K.H. Ollongren"]),
    "kst-28676-418": ("2022-09-30", ["K.H. Ollongren"]),
}


def test_all_five_letters_parse_with_metadata(letters):
    assert set(letters) == set(EXPECTED)
    for doc_id, (date, signers) in EXPECTED.items():
        L = letters[doc_id]
        assert L.date == date
        assert [s.name for s in L.signatories] == signers
        assert all(s.role.startswith("Minister van ") for s in L.signatories)
        assert L.dossier == "28676" and doc_id.endswith(str(L.number))
        assert L.title.startswith("Brief van de Minister")
        assert L.addressee == "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"
        assert L.url == f"https://zoek.officielebekendmakingen.nl/{doc_id}.html"


def test_clean_text_has_no_markup(letters):
    for L in letters.values():
        for artefact in ("**", "<sup>", "</sup>", "<sub>", "##", "](http", "\\_"):
            assert artefact not in L.text, (L.doc_id, artefact)
        assert not re.search(r"(?<![\w*])\*\w", L.text), L.doc_id


def test_letter_387_hyphenation_and_headings(letters):
    L = letters["kst-28676-387"]
    assert "deelnemende landen" in L.text and "deelne-" not in L.text
    assert "Trans-Atlantische" in L.text  # a real hyphen before a capital stays
    assert "\n" not in L.text.split("\n\n")[5]  # wrapped lines are joined into one paragraph
    titles = [s.title for s in L.sections]
    assert titles == ["Afschrikking en verdediging", "Lastenverdeling en gezamenlijke financiering",
                      "Strategisch concept", "Zwarte Zee regio", "EU-NAVO samenwerking"]


def test_page_breaks_rejoin_paragraphs_and_footnotes_move_to_the_end(letters):
    L = letters["kst-28676-328"]
    assert "in Washington op 14 november opnieuw" in L.text
    assert L.footnotes == ["1 Zie Kamerstuk 28 676, nr. 321"]
    assert L.sections[-1].title == "Voetnoten"
    L = letters["kst-28676-418"]
    assert "kennisgevingsbrief (Kamerstuk 29 521" in L.text  # hyphenated across the page break
    assert L.text.index("Voetnoten") > L.text.index("De Minister van Defensie")


def test_footnote_markers_keep_their_link_to_the_note(letters):
    L = letters["kst-28676-328"]
    [(at, fs, fe)] = L.footnote_refs
    assert L.text[:at].endswith("ruimtebeleid goedgekeurd")  # where the marker stood
    assert L.text[fs:fe] == "1 Zie Kamerstuk 28 676, nr. 321"
    for L in letters.values():
        voetnoten = next((s for s in L.sections if s.title == "Voetnoten"), None)
        assert len(L.footnote_refs) == len(L.footnotes)  # every note here is referred to once
        for at, fs, fe in L.footnote_refs:
            assert at < voetnoten.start <= fs < fe <= voetnoten.end
            assert L.text[fs:fe] in L.footnotes


def test_sections_have_paths(letters):
    L = letters["kst-28676-372"]
    paths = [s.path for s in L.sections]
    assert "NAVO2030 › Lastenverdeling" in paths
    sec = L.section_at(L.text.index("DIANA"))
    assert sec.title == "Behoud van technologische voorsprong"


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_offsets_map_back_to_the_source(letters, doc_id):
    L = letters[doc_id]
    raw = Path(L.source_path).read_text(encoding="utf-8")
    foot = next((s for s in L.sections if s.title == "Voetnoten"), None)
    for i, ch in enumerate(L.text):
        if ch.isspace() or (foot and foot.start <= i < foot.start + len("Voetnoten")):
            continue  # joining whitespace and the synthetic footnote heading have no source char
        assert raw[L.source_offsets[i]] == ch, (i, ch)
    i = L.text.index("NAVO")
    s, e = L.source_span(i, i + len("NAVO"))
    assert raw[s:e] == "NAVO"


def test_bad_files_are_skipped_with_a_reason(tmp_path):
    for f in CORPUS.glob("*.txt"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (tmp_path / "latin1.txt").write_bytes("Brief van de minister, één".encode("latin-1"))
    (tmp_path / "copy-of-328.txt").write_bytes((CORPUS / "kst-28676-328.txt").read_bytes())
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    rep = load_corpus(tmp_path)
    assert len(rep.letters) == 5
    reasons = {Path(p).name: why for p, why in rep.skipped.items()}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    dup = [name for name, why in reasons.items() if "duplicate" in why and "kst-28676-328" in why]
    assert dup and dup[0] in ("copy-of-328.txt", "kst-28676-328.txt")
    assert "unsupported" in reasons["notes.docx"]


def test_unreadable_file_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError):
        parse_letter(tmp_path / "missing.txt")


# ---------------------------------------------------------------- properties

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzëéï", min_size=1, max_size=10)
SENTENCE = st.lists(WORD, min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
MARKUP = st.sampled_from(["plain", "bold", "emph", "footnote", "heading", "wrapped"])


@st.composite
def documents(draw):
    paras = draw(st.lists(PARAGRAPH, min_size=1, max_size=8))
    blocks = ["Nr. 123 BRIEF VAN DE MINISTER VAN DEFENSIE", "Den Haag, 3 maart 2023"]
    for p in paras:
        kind = draw(MARKUP)
        words = p.split(" ")
        if kind == "bold":
            words[0] = f"**{words[0]}**"
        elif kind == "emph":
            words[-1] = f"*{words[-1]}*"
        elif kind == "footnote":
            words[-1] = words[-1] + "<sup>1</sup>"
        elif kind == "heading":
            blocks.append("## Kop " + words[0].strip("."))
        text = " ".join(words)
        if kind == "wrapped":  # hard-wrap every 5 words
            text = "\n".join(" ".join(words[i:i + 5]) for i in range(0, len(words), 5))
        blocks.append(text)
    return paras, "\n\n".join(blocks) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_parsing_never_loses_a_paragraph(doc):
    paras, raw = doc
    letter = parse_text(raw, Path("kst-28676-123.txt"))
    clean_paras = letter.text.split("\n\n")
    for p in paras:  # every paragraph survives, words intact and in order
        assert p in clean_paras, p
    for i, ch in enumerate(letter.text):
        if not ch.isspace():
            assert raw[letter.source_offsets[i]] == ch
