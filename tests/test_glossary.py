"""The English → Dutch glossary of the letters' words (rag/glossary.py)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rag.glossary import GLOSSARY_FILE, Glossary


def test_phrases_before_words_and_stems_match():
    g = Glossary.load()
    assert g.dutch("how many core tasks does nato have") == ["kerntaak", "kerntaken", "nato", "navo"]
    assert "werkdiner" in g.dutch("topics of the Working Dinners?")  # case and plural
    assert "financiering" in g.dutch("why more common funding")


def test_the_table_knows_its_english_words_also_typed_wrong():
    g = Glossary.load()
    assert g.knows("countries") and g.knows("countires") and g.knows("Funding")
    assert not g.knows("crew") and not g.knows("pilots")


def test_question_words_translate_to_nothing():
    assert Glossary.load().dutch("what does it have, and how much can it do?") == []


def test_every_line_is_a_dutch_word_and_its_english():
    lines = GLOSSARY_FILE.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1500
    for line in lines:
        dutch, tab, english = line.partition("\t")
        assert tab and re.fullmatch(r"[a-zà-ÿ][a-zà-ÿ\-]*", dutch), line
        assert english == english.lower(), line


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz -'?"), max_size=60))
def test_translations_come_from_the_table(question):
    g = Glossary.load()
    known = {w for forms in g.entries.values() for w in forms}
    out = g.dutch(question)
    assert set(out) <= known and len(out) == len(set(out))
