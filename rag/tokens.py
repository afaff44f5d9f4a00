"""Words for BM25 and word overlap: lower-cased, stop-word free, Dutch-stemmed (Snowball).

Shared by the BM25 retriever (in whichever store runs it), the sentence model's word
overlap and the follow-up rules, so that all of them see the same words.

>>> tokenize("De NAVO-landen steunen Oekraïne")
['navo-land', 'navo', 'land', 'steun', 'oekraïne']
"""
from __future__ import annotations

import re
from functools import lru_cache

import bm25s
import Stemmer

_TOKEN = re.compile(r"(?u)\b\w[\w\-]*\b")
_STOP = set(bm25s.stopwords.STOPWORDS_DUTCH) | set(bm25s.stopwords.STOPWORDS_EN)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop-word free, Dutch-stemmed tokens (hyphenated words also split)."""
    words = []
    for w in _TOKEN.findall(text.lower()):
        words.append(w)
        if "-" in w:
            words += [p for p in w.split("-") if p]
    return _stemmer().stemWords([w for w in words if w not in _STOP])
