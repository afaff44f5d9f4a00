"""Format sniffing and decoding (rag/ingest/sniff.py): what a file is by its bytes, not its
name, and its text in whatever encoding it came in."""
from __future__ import annotations

from ingest_files import CORPUS, FIX, seed_pdf, tmp_config

from rag.corpus import parse_letter
from rag.ingest import add_paths, detect_format


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


def test_windows_1252_text_is_decoded(tmp_path):
    cfg = tmp_config(tmp_path)
    seed = CORPUS / "kst-28676-387.txt"  # plain, hard-wrapped; dossier from the file name
    legacy = tmp_path / "kst-28676-387.txt"
    legacy.write_bytes(seed.read_text(encoding="utf-8").encode("cp1252"))
    report = add_paths([legacy], cfg, reindex=False)
    assert report.results[0].status == "added"
    assert parse_letter(cfg.corpus_dir / "kst-28676-387.txt").text == parse_letter(seed).text
