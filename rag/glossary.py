"""An English question's words in the letters' Dutch, for BM25.

The letters are Dutch, so an English question's words match almost none of theirs and
BM25 ranked noise for English questions (its fusion weight was 0). With the glossary
(BM25 weight 1 for English, and the sentence model's word overlap) the seen splits and
turns answer 1816 → 1838 of 2288 right. The glossary
(``glossary_nl_en.tsv``) lists, for each content word of the five letters, the English
words and phrases a reader would type for it ("kerntaken" → "core tasks; key tasks"). It
was written once for the letters' vocabulary by a translator who saw no eval question, as
a data table of the domain like rag/lexicon.py's names. Read backwards it gives, for the
English words of a question, the Dutch words the letters use; BM25 searches with both.

FreeDict's English–Dutch dictionary (Debian) was tried first: 7,683 entries, none of
"defence", "deterrence", "funding" or "referendum"; its Dutch–English one (22,753) lacks
"kerntaak", "financiering", "weerbaarheid" and "domein". Letters added later (``rag add``)
bring words the table does not have; their English questions fall back to dense and
latent-term retrieval, as before.

>>> Glossary.load().dutch("how many core tasks does nato have")
['kerntaak', 'kerntaken', 'nato', 'navo']
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import bm25s
import Stemmer

GLOSSARY_FILE = Path(__file__).resolve().parent / "glossary_nl_en.tsv"
MAX_PHRASE = 3  # words in the longest English phrase looked up
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")
# bm25s's English stop words, and the question's helper verbs and quantifiers ("how many
# … does … have"), which the table translates as verbs of the letters ("maakt", "beschikt")
_STOP = set(bm25s.stopwords.STOPWORDS_EN) | {"do", "does", "did", "done", "have", "has", "had", "make", "makes",
                                              "made", "get", "gets", "got", "many", "much", "can", "could", "would",
                                              "should", "may", "might", "must", "shall", "will", "say", "says"}


@functools.lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def _key(words: list[str]) -> tuple[str, ...]:
    return tuple(_stemmer().stemWords(words))


@dataclass(frozen=True)
class Glossary:
    """English phrase (stemmed words) → the Dutch words it translates."""

    entries: dict[tuple[str, ...], tuple[str, ...]]

    @classmethod
    @functools.lru_cache(maxsize=2)
    def load(cls, path: Path = GLOSSARY_FILE) -> "Glossary":
        table: dict[tuple[str, ...], list[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            dutch, _, english = line.partition("\t")
            for phrase in english.split(";"):
                words = _WORD.findall(phrase.lower())
                if words and len(words) <= MAX_PHRASE and not all(w in _STOP for w in words):
                    forms = table.setdefault(_key(words), [])
                    if dutch not in forms:
                        forms.append(dutch)
        return cls({k: tuple(v) for k, v in table.items()})

    @functools.cached_property
    def _english_words(self) -> tuple[str, ...]:
        return tuple(sorted({w for key in self.entries for w in key}))

    def knows(self, word: str) -> bool:
        """Is this English word, typed right or nearly ("countires"), one of the table's, alone or
        in a phrase? The table has every content word of the letters: one it lacks, they do not use."""
        stem = _key([word.lower()])[0]
        return stem in self._english_words or bool(difflib.get_close_matches(stem, self._english_words, 1, 0.8))

    def dutch(self, question: str) -> list[str]:
        """The Dutch words of the question's English words and phrases, longest phrase
        first ("core tasks" before "tasks"); stop words alone translate to nothing."""
        words = _WORD.findall(question.lower())
        keys = _key(words)
        out: list[str] = []
        i = 0
        while i < len(words):
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                if n == 1 and words[i] in _STOP:
                    continue
                found = self.entries.get(keys[i:i + n])
                if found:
                    out += [w for w in found if w not in out]
                    i += n
                    break
            else:
                i += 1
        return out
