"""What the ingest tests (tests/test_ingest_*.py) share: the seed letters, the fixture files,
PDFs of the seeds built with fpdf2, a temporary corpus, and the check that a converted
letter matches its seed.

Fixtures: tests/fixtures/ingest/ holds HTML and XML versions of seed letters 418 and 328
(made by make_fixtures.py there) and a fictional letter nr. 999 (HTML). PDFs are built
here with fpdf2, bad files in the tests that use them.
"""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from rag.config import Config
from rag.corpus import parse_letter
from rag.ingest import convert_file

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


def assert_matches_seed(nr: int, fmt: str, tmp_path: Path) -> None:
    """Seed letter ``nr`` converted from ``fmt`` (html, xml, pdf, pdf-plain) has the seed's
    text, metadata, signatories, footnotes (with their links) and sections."""
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
