"""Adding letters (issue 7): format detection, HTML/XML/PDF conversion to the seeds' shape,
duplicates, bad files, the `rag add`/`rag remove` commands, and a question answered from an
added letter with an exact citation.

Fixtures: tests/fixtures/ingest/ holds HTML and XML versions of seed letters 418 and 328
(made by make_fixtures.py there) and a fictional letter nr. 999 (HTML). PDFs are built
here with fpdf2, bad files too.
"""
from __future__ import annotations

import importlib.util
import io
import random
import shutil
from pathlib import Path

import pytest

from rag.config import Config
from rag.corpus import load_corpus, parse_letter
from rag.ingest import (IngestError, LetterNotFound, add_paths, convert_file, detect_format,
                        remove_letter)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIX = ROOT / "tests" / "fixtures" / "ingest"
NEW = FIX / "kst-28676-999.html"  # fictional letter with a distinctive fact

_spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
make_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fixtures)


def norm(text: str) -> str:
    return " ".join(text.split())


def seed_pdf(nr: int, folder: Path, plain: bool = False) -> Path:
    doc_id = f"kst-28676-{nr}"
    path = folder / f"{doc_id}{'-plain' * plain}.pdf"
    path.write_bytes(make_fixtures.to_pdf(make_fixtures.seed_structure(CORPUS / f"{doc_id}.txt"), doc_id,
                                          plain=plain))
    return path


def fixture(nr: int, fmt: str, folder: Path) -> Path:
    if fmt.startswith("pdf"):
        return seed_pdf(nr, folder, plain=fmt == "pdf-plain")
    return FIX / f"kst-28676-{nr}.{fmt}"


def tmp_config(tmp_path: Path, seeds: bool = False) -> Config:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    if seeds:
        for f in CORPUS.glob("*.txt"):
            shutil.copy(f, corpus / f.name)
    return Config(corpus_dir=corpus, index_dir=tmp_path / "index")


# ---------------------------------------------------------------- detection

def test_format_is_detected_from_content_not_extension(tmp_path):
    cases = {
        "letter.txt": ((FIX / "kst-28676-418.html").read_bytes(), "html"),
        "letter.dat": ((FIX / "kst-28676-418.xml").read_bytes(), "xml"),
        "letter.html": (seed_pdf(418, tmp_path).read_bytes(), "pdf"),
        "letter.pdf": ((CORPUS / "kst-28676-418.txt").read_bytes(), "text"),
        "fragment": (b"\n  <p>Nr. 1</p><p>tekst</p>", "html"),
    }
    for name, (data, fmt) in cases.items():
        (tmp_path / name).write_bytes(data)
        assert detect_format(tmp_path / name) == fmt, name


# ---------------------------------------------------------------- conversion

@pytest.mark.parametrize("nr,fmt", [(418, "html"), (418, "xml"), (418, "pdf"), (418, "pdf-plain"),
                                    (328, "html"), (328, "xml"), (328, "pdf")])
def test_converted_letter_matches_the_seed(nr, fmt, tmp_path):
    """pdf-plain: one regular font, so headings are only short lines (as in seed nr 387)."""
    seed = parse_letter(CORPUS / f"kst-28676-{nr}.txt")
    conv = convert_file(fixture(nr, fmt, tmp_path))
    got = conv.letter
    assert conv.format == fmt.split("-")[0]
    assert norm(got.text) == norm(seed.text)
    assert (got.doc_id, got.dossier, got.number, got.date, got.title, got.addressee, got.subject) == \
        (seed.doc_id, seed.dossier, seed.number, seed.date, seed.title, seed.addressee, seed.subject)
    assert got.signatories == seed.signatories
    assert [norm(f) for f in got.footnotes] == [norm(f) for f in seed.footnotes]
    # the link from a footnote marker to its note survives conversion
    assert [(norm(got.text[:at])[-30:], norm(got.text[fs:fe])) for at, fs, fe in got.footnote_refs] == \
        [(norm(seed.text[:at])[-30:], norm(seed.text[fs:fe])) for at, fs, fe in seed.footnote_refs]
    assert [s.title for s in got.sections] == [s.title for s in seed.sections]
    if fmt != "pdf":  # PDF headings have one style here, so no nesting
        assert [s.path for s in got.sections] == [s.path for s in seed.sections]
    assert conv.notes == []


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


# ---------------------------------------------------------------- adding: stored text, duplicates, errors

def test_added_letter_is_stored_as_converted_text(tmp_path):
    cfg = tmp_config(tmp_path)
    report = add_paths([NEW], cfg, reindex=False)
    assert [(r.status, r.doc_id) for r in report.results] == [("added", "kst-28676-999")]
    stored = cfg.corpus_dir / "kst-28676-999.txt"
    assert report.results[0].stored == str(stored)
    assert (cfg.corpus_dir / "originals" / "kst-28676-999.html").read_bytes() == NEW.read_bytes()
    corpus = load_corpus(cfg.corpus_dir)  # originals/ is not read as letters
    assert [L.doc_id for L in corpus.letters] == ["kst-28676-999"] and corpus.skipped == {}
    letter = corpus.letters[0]
    assert letter.source_path == str(stored)
    raw = stored.read_text(encoding="utf-8")
    # Offsets map the clean text back into the stored file, so highlights stay exact.
    i = letter.text.index("340 mariniers")
    a, b = letter.source_span(i, i + len("340 mariniers"))
    assert raw[a:b] == "340 mariniers"


def test_duplicates_and_replacing(tmp_path):
    cfg = tmp_config(tmp_path)
    txt, html = CORPUS / "kst-28676-418.txt", FIX / "kst-28676-418.html"
    report = add_paths([txt, html], cfg, reindex=False)
    assert [(r.status, r.doc_id) for r in report.results] == [
        ("added", "kst-28676-418"), ("duplicate", "kst-28676-418")]
    assert "same text as" in report.results[1].message
    assert report.results[1].line().startswith("skipped duplicate kst-28676-418")
    assert report.ok
    # Again, as XML and PDF: still duplicates; nothing is rewritten.
    before = (cfg.corpus_dir / "kst-28676-418.txt").read_bytes()
    report = add_paths([FIX / "kst-28676-418.xml", seed_pdf(418, tmp_path)], cfg, reindex=False)
    assert [r.status for r in report.results] == ["duplicate", "duplicate"]
    assert report.ok and not report.added
    assert (cfg.corpus_dir / "kst-28676-418.txt").read_bytes() == before
    # Same doc id, different text: refused unless replace=True.
    changed = tmp_path / "kst-28676-418-corrected.html"
    changed.write_text(html.read_text(encoding="utf-8").replace("zesde keer", "zevende keer"), encoding="utf-8")
    report = add_paths([changed], cfg, reindex=False)
    assert report.results[0].status == "error" and "--replace" in report.results[0].message
    assert not report.ok
    report = add_paths([changed], cfg, replace=True, reindex=False)
    assert report.results[0].status == "replaced"
    assert "zevende keer" in parse_letter(cfg.corpus_dir / "kst-28676-418.txt").text
    assert (cfg.corpus_dir / "originals" / "kst-28676-418.html").exists()


def _bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name → (path, expected message part)."""
    from fpdf import FPDF
    from PIL import Image

    folder.mkdir()
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 6, "Nr. 12 Den Haag, 1 maart 2024. " * 20)
    data = bytes(pdf.output())
    (folder / "kapot.pdf").write_bytes(data[: len(data) // 3])
    scan = FPDF()
    scan.add_page()
    buf = io.BytesIO()
    Image.new("L", (300, 420), 255).save(buf, "PNG")
    scan.image(buf, x=10, y=10, w=190)
    (folder / "scan.pdf").write_bytes(bytes(scan.output()))
    (folder / "feed.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Nieuws'
                                     '</title><item><title>NAVO</title></item></channel></rss>')
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "ruis.bin").write_bytes(random.Random(7).randbytes(4000))
    # Neither UTF-8 nor Windows-1252 (0x81 is undefined there): a letter in some other encoding.
    (folder / "kapotte-tekens.txt").write_bytes((CORPUS / "kst-28676-418.txt").read_bytes().replace(
        "ï".encode(), b"\x81"))
    (folder / "geen-brief.html").write_text("<html><body><h1>404</h1><p>Pagina niet gevonden.</p></body></html>")
    return {
        "kapot.pdf": "corrupt or unreadable PDF",
        "scan.pdf": "scanned PDF: no text layer",
        "feed.xml": "unknown XML (root <rss>)",
        "leeg.txt": "empty file",
        "ruis.bin": "binary data",
        "kapotte-tekens.txt": "not UTF-8 text",
        "geen-brief.html": "no letter number",
    }


def test_bad_files_get_clear_messages_and_the_good_file_is_still_added(tmp_path):
    cfg = tmp_config(tmp_path)
    expected = _bad_files(tmp_path / "upload")
    shutil.copy(NEW, tmp_path / "upload" / "nieuw.html")
    (tmp_path / "upload" / ".DS_Store").write_bytes(b"\x00\x01")  # hidden: not even tried
    report = add_paths([tmp_path / "upload"], cfg, reindex=False)
    by_name = {Path(r.path).name: r for r in report.results}
    assert set(by_name) == set(expected) | {"nieuw.html"}
    assert by_name["nieuw.html"].status == "added" and by_name["nieuw.html"].doc_id == "kst-28676-999"
    for name, part in expected.items():
        r = by_name[name]
        assert r.status == "error", name
        assert part in r.message, (name, r.message)
        assert r.line().startswith(f"error: {r.path}: ")
        assert "\n" not in r.line()
    assert report.ok and report.summary() == "1 added, 0 duplicates, 7 errors"
    assert [L.doc_id for L in load_corpus(cfg.corpus_dir).letters] == ["kst-28676-999"]


def test_windows_1252_text_is_decoded(tmp_path):
    cfg = tmp_config(tmp_path)
    seed = CORPUS / "kst-28676-387.txt"  # plain, hard-wrapped; dossier from the file name
    legacy = tmp_path / "kst-28676-387.txt"
    legacy.write_bytes(seed.read_text(encoding="utf-8").encode("cp1252"))
    report = add_paths([legacy], cfg, reindex=False)
    assert report.results[0].status == "added"
    assert parse_letter(cfg.corpus_dir / "kst-28676-387.txt").text == parse_letter(seed).text


def test_remove_unknown_letter_says_so(tmp_path):
    cfg = tmp_config(tmp_path, seeds=True)
    with pytest.raises(LetterNotFound, match="did you mean kst-28676-418"):
        remove_letter("418", cfg, reindex=False)
    with pytest.raises(IngestError, match="file not found"):
        convert_file(tmp_path / "bestaat-niet.html")


# ---------------------------------------------------------------- end to end (real index, real embedder)

@pytest.fixture
def warm_config(tmp_path, store, config):
    """A tmp copy of the corpus with an index dir that starts from the session's embedding
    cache, so building embeds only what is new."""
    cfg = tmp_config(tmp_path, seeds=True)
    shutil.copytree(config.index_dir / "cache", cfg.index_dir / "cache")
    return cfg


def test_question_about_an_added_letter_cites_it(warm_config):
    from rag.pipeline import Pipeline
    from rag.retrieval import Filters
    from rag.store import Store

    cfg = warm_config
    messages = []
    report = add_paths([NEW], cfg, progress=messages.append)
    assert report.ok and report.index_error is None
    assert report.index.built and report.index.letters == 6
    assert 0 < report.index.embedded < 60  # only the new letter's texts were embedded
    assert any("indexing 6 letters" in m for m in messages)

    pipe = Pipeline.load(cfg, rebuild=False)
    letter = pipe.store.letters["kst-28676-999"]
    assert (letter.date, letter.signatories[0].name) == ("2024-02-12", "P.M. Jansen")
    answer = pipe.ask("Hoeveel mariniers stelt Nederland beschikbaar voor Noorderlicht Bastion?")
    assert not answer.abstained
    cite = answer.citations[0]
    assert cite.doc_id == "kst-28676-999"
    assert cite.quote == letter.text[cite.start:cite.end]
    assert "340 mariniers" in cite.quote
    assert cite.section == "Nederlandse bijdrage"
    assert cite.url.endswith("/kst-28676-999.html")
    # Its metadata works in filters like the seeds'.
    for flt in (Filters(signatory="Jansen"), Filters(date_from="2024-01-01"), Filters(letters=("999",))):
        hits = pipe.ask("Wat kost de deelname aan de oefening?", filters=flt).passages
        assert hits and {h.chunk.doc_id for h in hits} == {"kst-28676-999"}

    removed = remove_letter("kst-28676-999", cfg)
    assert removed.index_error is None and removed.index.letters == 5
    assert not (cfg.corpus_dir / "kst-28676-999.txt").exists()
    assert not (cfg.corpus_dir / "originals").exists()
    assert "kst-28676-999" not in Store.load(cfg.index_dir).letters


def test_cli_add_and_remove(warm_config, capsys):
    from rag.cli import main

    cfg = warm_config
    base = ["--corpus", str(cfg.corpus_dir), "--index", str(cfg.index_dir)]
    bad = cfg.corpus_dir.parent / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj <<")
    code = main(base + ["add", str(NEW), str(FIX / "kst-28676-418.xml"), str(bad)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == f"added kst-28676-999 (html) ← {NEW}"
    assert out[1].startswith(f"skipped duplicate kst-28676-418 ← {FIX / 'kst-28676-418.xml'}")
    assert out[2].startswith(f"error: {bad}: corrupt or unreadable PDF")
    assert out[3] == "1 added, 1 duplicate, 1 error"
    assert out[4].startswith("index updated: 6 letters")

    assert main(base + ["add", str(NEW)]) == 0  # all duplicates: fine, no re-index
    assert capsys.readouterr().out.splitlines()[-1] == "0 added, 1 duplicate, 0 errors"
    assert main(base + ["add", str(bad)]) == 1  # everything failed
    assert main(base + ["add", str(cfg.corpus_dir.parent / "leeg")]) == 1  # not found: a per-file error
    assert "file not found" in capsys.readouterr().out

    assert main(base + ["remove", "kst-28676-999"]) == 0
    assert capsys.readouterr().out.startswith("moved kst-28676-999 to the trash")
    assert main(base + ["remove", "kst-28676-999"]) == 1
    assert "no letter 'kst-28676-999'" in capsys.readouterr().err
