"""A hand-made store for unit tests of fusion and answer selection: two short letters,
one chunk per paragraph, and 4-dimensional vectors chosen by hand so that which sentence
is "similar" to which question is known exactly."""
from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from rag.records import Chunk, Letter, Sentence, Signatory
from rag.sentences import chunk_sentences
from rag.store import Store

# Axes of the toy vector space: 0 = F-35 / Air Policing, 1 = Bulgaria, 2 = Madrid summit, 3 = other.
AXES = {"f35": 0, "bulgaria": 1, "madrid": 2, "other": 3}


def vec(**weights) -> np.ndarray:
    v = np.zeros(4, np.float32)
    for k, w in weights.items():
        v[AXES[k]] = w
    return v / (np.linalg.norm(v) or 1.0)


LETTER_A = ("Nr. 1\n\nDen Haag, 1 februari 2022\n\n"
            "Nederland levert twee F-35 jachtvliegtuigen voor Air Policing. De vliegtuigen opereren vanuit Bulgarije.\n\n"
            "De Minister van Defensie, K.H. Ollongren")
LETTER_B = ("Nr. 2\n\nDen Haag, 30 september 2022\n\n"
            "De NAVO-Top vond plaats in Madrid op 29 en 30 juni 2022. Daar werd het Strategisch Concept aangenomen.\n\n"
            "De Minister van Defensie, K.H. Ollongren")

# (letter, sentence text, vector of the sentence, vector of it read with the one before)
SENTENCES = [
    ("kst-1-1", "Nr. 1", vec(other=1), vec(other=1)),
    ("kst-1-1", "Den Haag, 1 februari 2022", vec(other=1), vec(other=1)),
    ("kst-1-1", "Nederland levert twee F-35 jachtvliegtuigen voor Air Policing.", vec(f35=1), vec(f35=1)),
    ("kst-1-1", "De vliegtuigen opereren vanuit Bulgarije.", vec(bulgaria=1, f35=0.3), vec(f35=1, bulgaria=0.9)),
    ("kst-1-1", "De Minister van Defensie, K.H. Ollongren", vec(other=1), vec(other=1)),
    ("kst-1-2", "Nr. 2", vec(other=1), vec(other=1)),
    ("kst-1-2", "Den Haag, 30 september 2022", vec(other=1), vec(other=1)),
    ("kst-1-2", "De NAVO-Top vond plaats in Madrid op 29 en 30 juni 2022.", vec(madrid=1), vec(madrid=1)),
    ("kst-1-2", "Daar werd het Strategisch Concept aangenomen.", vec(madrid=0.6, other=0.8),
     vec(madrid=0.9, other=0.4)),
    ("kst-1-2", "De Minister van Defensie, K.H. Ollongren", vec(other=1), vec(other=1)),
]


def _letter(doc_id: str, number: int, date: str, text: str) -> Letter:
    return Letter(doc_id=doc_id, dossier="1", number=number, date=date, title="Brief van de Minister van Defensie",
                  subject=text.split("\n\n")[2], addressee=None,
                  signatories=[Signatory("K.H. Ollongren", "Minister van Defensie")], sections=[], text=text,
                  source_path=str(Path("/nonexistent") / f"{doc_id}.txt"), source_sha256="x")


def tiny_store() -> Store:
    letters = {"kst-1-1": _letter("kst-1-1", 1, "2022-02-01", LETTER_A),
               "kst-1-2": _letter("kst-1-2", 2, "2022-09-30", LETTER_B)}
    sentences = []
    for doc, text, _, _ in SENTENCES:
        start = letters[doc].text.index(text)
        sentences.append(Sentence(doc, start, start + len(text), text, None))
    chunks = []
    for doc, L in letters.items():
        pos = 0
        for n, para in enumerate(L.text.split("\n\n")):
            chunks.append(Chunk(f"{doc}#{n}", doc, pos, pos + len(para), para, None, para))
            pos += len(para) + 2
    sv = np.stack([s[2] for s in SENTENCES])
    cv = np.stack([s[3] for s in SENTENCES])
    per_chunk = chunk_sentences(chunks, sentences)
    chunk_vecs = np.stack([cv[ids].mean(0) / (np.linalg.norm(cv[ids].mean(0)) or 1.0) for ids in per_chunk])
    index = faiss.IndexFlatIP(4)
    index.add(chunk_vecs.astype(np.float32))
    manifest = {"embedder": {"name": "hand-made", "dim": 4}}
    return Store("hand-made", manifest, letters, chunks, sentences, sv, cv, None, per_chunk, [],
                 path=Path("/nonexistent"), index=index, chunk_sparse=None)
