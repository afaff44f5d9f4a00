"""PDF letters with a text layer (rag/ingest/pdf.py): two seeds printed to PDF with fpdf2,
one with headings in bold, one in a single regular font."""
from __future__ import annotations

import pytest
from ingest_files import assert_matches_seed


@pytest.mark.parametrize("nr,fmt", [(418, "pdf"), (418, "pdf-plain"), (328, "pdf")])
def test_converted_letter_matches_the_seed(nr, fmt, tmp_path):
    """pdf-plain: one regular font, so headings are only short lines (as in seed nr 387)."""
    assert_matches_seed(nr, fmt, tmp_path)
