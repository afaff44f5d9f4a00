"""Words for BM25 and word overlap: lower-cased, stop-word free, Dutch-stemmed (Snowball).

Shared by the BM25 retriever (in whichever store runs it), the sentence model's word
overlap and the follow-up rules, so that all of them see the same words.

>>> tokenize("De NAVO-landen steunen Oekraïne")
['navo-land', 'navo', 'land', 'steun', 'oekraine']
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import bm25s
import Stemmer

# (changing what these return: bump rag/indexing.TOKENS_VERSION, so indexes rebuild)
_TOKEN = re.compile(r"(?u)\b\w[\w\-]*\b")
_STOP = set(bm25s.stopwords.STOPWORDS_DUTCH) | set(bm25s.stopwords.STOPWORDS_EN)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


# A type name of letters and a number, written with or without a hyphen, plural or not: "F-35",
# "f35s", "MH17", "g-20". Both spellings are tokens of either, so "hoeveel f35 naar bulgarije" finds "F-35".
_TYPE_NAME = re.compile(r"([a-z]{1,3})-?(\d+)(?:'?s)?")


@lru_cache(maxsize=1 << 16)  # the letters' paragraphs are folded again for every question's entities
def fold(text: str) -> str:
    """Lower case without diacritics: people type "oekraine", "ministeriele", "georgie" for
    the letters' "Oekraïne", "ministeriële", "Georgië" (seen questions: 58 such words)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def tokenize(text: str) -> list[str]:
    """Lower-cased, diacritics-free (:func:`fold`), stop-word free, Dutch-stemmed tokens
    (hyphenated words also split; a type name in both its spellings)."""
    words = []
    for w in _TOKEN.findall(fold(text)):
        words.append(w)
        if "-" in w:
            words += [p for p in w.split("-") if p]
        m = _TYPE_NAME.fullmatch(w)
        if m:
            words += [f for f in (f"{m[1]}{m[2]}", f"{m[1]}-{m[2]}") if f != w]
    return _stems([w for w in words if w not in _STOP])


# Snowball keeps a verb's "-eer" in its past participle and present tense but not in its other forms:
# "gerubriceerd" → "rubriceer", "rubricering" and "rubriceren" → "rubricer" ("classified as" and
# "classification"); likewise "geannoteerde"/"annoteren", "geïnformeerd"/"informeren". One stem for all.
_EER = re.compile(r"(?<=\w{3})eer$")


def _stems(words: list[str]) -> list[str]:
    return [_EER.sub("er", s) for s in _stemmer().stemWords(words)]


def query_tokens(text: str) -> list[str]:
    """:func:`tokenize`, and each two neighbouring words written as one: people split what
    the letters write as one word ("nord stream" for "Nordstream", "cyber aanval" for
    "cyberaanval"). A joined form the letters never use matches nothing, so it costs nothing."""
    words = _TOKEN.findall(fold(text))
    joined = [a + b for a, b in zip(words, words[1:])
              if a.isalpha() and b.isalpha() and a not in _STOP and b not in _STOP and len(a + b) >= 6]
    return tokenize(text) + _stems(joined)
