"""Chunks and sentences keep exact offsets into the letter."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from rag.chunking import chunk_letter
from rag.sentences import split_sentences
from rag.config import Config


def test_chunks_round_trip_and_cover_every_section(letters):
    for L in letters.values():
        chunks = chunk_letter(L, Config())
        covered = [False] * len(L.text)
        for c in chunks:
            assert L.text[c.start:c.end] == c.text and c.text.strip()
            notes = "".join("\n" + L.text[fs:fe] for fs, fe in L.footnotes_in(c.start, c.end))
            assert c.embed_text.endswith(c.text + ("\n" + notes if notes else "")) and L.title in c.embed_text
            for i in range(c.start, c.end):
                covered[i] = True
        headings = {i for s in L.sections for i in range(s.start, s.start + len(s.title))}
        lost = [i for i, ch in enumerate(L.text) if not covered[i] and not ch.isspace() and i not in headings]
        assert not lost, (L.doc_id, L.text[lost[0]:lost[0] + 40])


def test_chunks_carry_their_section(letters):
    L = letters["kst-28676-418"]
    c = next(c for c in chunk_letter(L, Config()) if "NATO Mission Iraq" in c.text)
    assert c.section == "Missies en operaties"
    assert "Missies en operaties" in c.embed_text


@settings(max_examples=25, deadline=None)
@given(size=st.integers(200, 1500), overlap_share=st.floats(0, 0.4), header=st.booleans())
def test_chunk_offsets_round_trip_for_any_settings(letters, size, overlap_share, header):
    cfg = replace(Config(), chunk_size=size, chunk_overlap=int(size * overlap_share), context_header=header)
    for L in letters.values():
        for c in chunk_letter(L, cfg):
            assert L.text[c.start:c.end] == c.text
            assert c.end - c.start <= int(size * 1.5) + 1


def test_sentences_round_trip_and_respect_abbreviations(letters):
    for L in letters.values():
        for s in split_sentences(L):
            assert L.text[s.start:s.end] == s.text
    texts = [s.text for s in split_sentences(letters["kst-28676-328"])]
    assert any(t.startswith("Vanwege het laattijdig") and t.endswith("in Japan.") for t in texts)
    texts = [s.text for s in split_sentences(letters["kst-28676-372"])]
    assert "De Minister van Buitenlandse Zaken, S.A.M. Kaag" in texts  # a signature stays whole


def test_a_passage_embeds_the_footnotes_it_refers_to(letters):
    L = letters["kst-28676-408"]
    [(at, fs, fe)] = L.footnote_refs
    chunks = chunk_letter(L, Config())
    [ref] = [c for c in chunks if c.start <= at <= c.end and c.start < fs]
    assert ref.embed_text.endswith(L.text[fs:fe]) and L.text[fs:fe] not in ref.text
