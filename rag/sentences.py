"""Sentences: splitting a letter into them, and how they hang together.

Splitting uses pysbd's Dutch rules (it knows i.v.m., o.a., d.d.; 18 ms to import, so it
is imported with this module). The links between sentences — does a sentence continue
its paragraph, which footnote does it refer to, which chunk holds it — are read by the
index writer (sentence contexts), the store (sentences per chunk) and the answer stage.

>>> [s.text for s in split_sentences(letter)][:2]
['Nr. 418', 'Den Haag, 30 september 2022']
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pysbd

from .corpus import SIGNATURE_LINE
from .records import Chunk, Letter, Sentence, overlaps


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="nl", clean=False, char_span=True)


def split_sentences(letter: Letter) -> list[Sentence]:
    """Sentences of every paragraph (pysbd's Dutch rules know i.v.m., o.a., d.d., …)."""
    out = []
    for p_start, p_end in letter.paragraphs:
        para = letter.text[p_start:p_end]
        if SIGNATURE_LINE.match(para):  # "De Minister van …, S.A.M. Kaag": initials are no sentence ends
            section = letter.section_at(p_start)
            out.append(Sentence(letter.doc_id, p_start, p_end, para, section.path if section else None))
            continue
        for span in _segmenter().segment(para):
            raw = span.sent
            lead = len(raw) - len(raw.lstrip())
            text = raw.strip()
            if not text:
                continue
            start = p_start + span.start + lead
            section = letter.section_at(start)
            out.append(Sentence(letter.doc_id, start, start + len(text), text,
                                section.path if section else None))
    return out


def continues_paragraph(letters: list[Letter], sentences: list[Sentence]) -> list[bool]:
    """For each sentence: does it continue the paragraph of the sentence before it?"""
    text = {L.doc_id: L.text for L in letters}
    return [i > 0 and sentences[i - 1].doc_id == s.doc_id
            and "\n\n" not in text[s.doc_id][sentences[i - 1].end:s.start]
            for i, s in enumerate(sentences)]


def _by_doc(sentences: list[Sentence]) -> dict[str, list[int]]:
    by_doc: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_doc.setdefault(s.doc_id, []).append(i)
    return by_doc


def footnote_sentences(letters: list[Letter], sentences: list[Sentence]) -> dict[int, list[int]]:
    """Sentence index → indexes of the footnote sentences it refers to (by its markers)."""
    by_doc = _by_doc(sentences)
    out: dict[int, list[int]] = {}
    for L in letters:
        ids = by_doc.get(L.doc_id, [])
        for at, fs, fe in L.footnote_refs:
            ref = next((i for i in ids if sentences[i].start <= at <= sentences[i].end), None)
            notes = [i for i in ids if fs <= sentences[i].start < fe]
            if ref is not None and notes:
                linked = out.setdefault(ref, [])
                linked += [n for n in notes if n not in linked]
    return out


def sentence_contexts(letters: list[Letter], sentences: list[Sentence]) -> list[str]:
    """Each sentence with the sentence before it in the same paragraph: answers often lean
    on the previous sentence for their subject ("Daarbij zal … China en Rusland"). A
    footnote's first sentence reads with the sentence that refers to it instead."""
    text = {L.doc_id: L.text for L in letters}
    out = [text[s.doc_id][sentences[i - 1].start:s.end] if cont else s.text
           for i, (s, cont) in enumerate(zip(sentences, continues_paragraph(letters, sentences)))]
    for ref, notes in footnote_sentences(letters, sentences).items():
        out[notes[0]] = f"{sentences[ref].text} {sentences[notes[0]].text}"
    return out


def chunk_sentences(chunks: list[Chunk], sentences: list[Sentence]) -> list[np.ndarray]:
    """For each chunk, the indexes of the sentences that overlap it."""
    by_doc = _by_doc(sentences)
    out = []
    for c in chunks:
        ids = [i for i in by_doc.get(c.doc_id, []) if overlaps(sentences[i], c)]
        out.append(np.array(ids, dtype=np.int64))
    return out
