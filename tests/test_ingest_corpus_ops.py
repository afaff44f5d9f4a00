"""Adding and removing letters (rag/ingest/corpus_ops.py, issue 7): the stored text,
duplicates and replacements, bad files, the `rag add`/`rag remove` commands, and a question
answered from an added letter with an exact citation (real index, real embedder)."""
from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

import pytest
from ingest_files import CORPUS, FIX, NEW, seed_pdf, tmp_config

from rag.corpus import load_corpus, parse_letter
from rag.ingest import IngestError, LetterNotFound, add_paths, convert_file, remove_letter


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
