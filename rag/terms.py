"""The term table: what the letters define, built at index time from their own wording.

Definitions in Kamerbrieven follow a few fixed forms, and those are what is read:

* "Long Form (ACR)" — ``Defence Innovation Accelerator for the North Atlantic (DIANA)``;
* "ACR (long form)" — ``ADN (arms control, disarmament and non-proliferation)``;
* "… (hierna: X)" / "(hierna X)" — ``de Secretaris-Generaal van de NAVO (hierna: SG NAVO)``;
* italic English terms (``*Nuclear Planning Group*``), which the letters use for a named
  body, plan or concept; the italics are read from the source file, since the clean text
  drops the markup.

A long form belongs to an acronym when the acronym's letters can be found in it in order,
each starting a word or following a hyphen (the Schwartz–Hearst test, 2003, made strict on
word starts so "de NAVO (NAR)" does not match). Each term keeps the span that defines it;
``Wat is X?`` quotes the sentence around that span.

>>> [t.name for t in extract_terms(letter)][:3]
['NRI', 'NATO Readiness Initiative', ...]
"""
from __future__ import annotations

import bisect
import collections
import functools
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .glossary import Glossary
from .records import Letter, surname_keys
from .tokens import fold


@dataclass(frozen=True)
class Term:
    """A defined term: ``name`` and its other ``aliases`` (acronym ↔ long form) as the letter
    writes them, and the defining span ``letter.text[start:end]``."""

    name: str
    aliases: tuple[str, ...]
    doc_id: str
    start: int
    end: int
    form: str  # "acronym" | "expansion" | "hierna" | "italic"

    def keys(self) -> set[str]:
        return {normalise(n) for n in (self.name, *self.aliases)}

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Term":
        return cls(**{**d, "aliases": tuple(d["aliases"])})


def normalise(term: str) -> str:
    """Lookup key: case, hyphens, quotes and a plural s do not matter ("EDTs" = "EDT")."""
    t = re.sub(r"[«»\"'’*]", "", term).lower().replace("-", " ")
    t = re.sub(r"\s+", " ", t).strip()
    return t[:-1] if len(t) > 3 and t.endswith("s") and " " not in t else t


_ACR = r"[A-Z][A-Za-z0-9]*[A-Z0-9](?:-[A-Z0-9]+)?s?"
_PAREN_ACR = re.compile(r"\((?:\*?)(" + _ACR + r")(?:\*?)\)")
# not "de NAVO (hierna: SG NAVO)": that names the SG NAVO, not what NAVO stands for
_ACR_PAREN = re.compile(r"\b(" + _ACR + r")\s+\((?!\s*hierna\b)([^()]{6,120})\)")
_HIERNA = re.compile(r"\(([^()]*?),?\s*hierna:?\s+(?:de\s+|het\s+)?([^()]{2,40}?)\)")
_ITALIC = re.compile(r"(?<![*\w])\*([^*\n]{3,90}?)\*(?![*\w])")


def initials_match(acronym: str, long_form: str) -> int | None:
    """Schwartz–Hearst: match the acronym's characters right to left in ``long_form``, the
    first one at a word start. Returns where the long form starts (None: no match).

    >>> initials_match("KFOR", "Kosovo Force"), initials_match("NAR", "de NAVO")
    (0, None)
    """
    chars = [c.lower() for c in acronym[:-1] if c.isalnum()] + ([] if acronym.endswith("s") and
                                                                 acronym[:-1].isupper() else
                                                                 [acronym[-1].lower()])
    lf = long_form.lower()
    i = len(lf) - 1
    for k in range(len(chars) - 1, -1, -1):
        c = chars[k]
        while i >= 0 and (lf[i] != c or (k == 0 and i > 0 and lf[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
    start = i + 1
    return lf.rfind(" ", 0, start) + 1 if start > 0 else 0


def _long_form_before(text: str, pos: int, acronym: str) -> tuple[int, str] | None:
    """The long form ending at ``pos`` (at most 2n+3 words back for an n-letter acronym),
    and where it starts. Its first and last words must be content: ``de`` or ``(`` cannot
    open it, and it cannot run past a sentence or clause end."""
    n = len(acronym)
    head_start = max(0, pos - 250)
    head = text[head_start:pos].rstrip(" *")
    head = re.split(r"[.;:!?()\n,]\s", head)[-1] if re.search(r"[.;:!?()\n,]\s", head) else head
    words = head.split()[-(2 * n + 3):]
    window = " ".join(words)
    at = initials_match(acronym, window)
    if at is None:
        return None
    long_form = window[at:].strip(" *")
    if len(long_form.split()) < 2 and "-" not in long_form:
        return None
    start = text.rfind(long_form, head_start, pos)
    return (start, long_form) if start >= 0 else None


def italic_spans(letter: Letter) -> list[tuple[int, int]]:
    """Clean-text spans that are italic (``*…*``) in the letter's source file."""
    try:
        raw = Path(letter.source_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    offs = letter.source_offsets
    out = []
    for m in _ITALIC.finditer(raw):
        a = bisect.bisect_left(offs, m.start(1))
        b = bisect.bisect_left(offs, m.end(1))
        if a < b and letter.text[a:b].strip() == re.sub(r"<sup>.*?</sup>|\*", "", m.group(1)).strip():
            out.append((a, b))
    return out


def extract_terms(letter: Letter) -> list[Term]:
    """Every defined term in the letter (see the module doc), first definition first."""
    text, doc = letter.text, letter.doc_id
    terms: list[Term] = []
    for m in _PAREN_ACR.finditer(text):
        acr = m.group(1)
        lf = _long_form_before(text, m.start(), acr)
        if lf:
            start, long_form = lf
            terms.append(Term(acr, (long_form,), doc, start, m.end(), "acronym"))
    for m in _ACR_PAREN.finditer(text):
        acr, inner = m.group(1), m.group(2).strip(" *")
        if initials_match(acr, inner) is not None:
            terms.append(Term(acr, (inner,), doc, m.start(), m.end(), "expansion"))
    for m in _HIERNA.finditer(text):
        short = m.group(2).strip(" *")
        if m.group(1).strip(" *,"):
            start, long_form = m.start(1), m.group(1).strip(" *,")
        else:
            start, long_form = _long_form_before(text, m.start(), short) or (m.start(), "")
        terms.append(Term(short, (long_form,) if long_form else (), doc, start, m.end(), "hierna"))
    known = {k for t in terms for k in t.keys()}
    for a, b in italic_spans(letter):
        name = text[a:b].strip()
        words = name.split()
        # a named thing: capitalised English words, not a heading or a Dutch phrase
        if (len(words) < 2 or not name[0].isupper() or normalise(name) in known
                or text[max(0, a - 2):a].endswith("\n\n")):
            continue
        terms.append(Term(name, (), doc, a, b, "italic"))
        known.add(normalise(name))
    return sorted(terms, key=lambda t: t.start)


class TermTable:
    """Terms of all letters, looked up by name or alias (see :func:`normalise`)."""

    def __init__(self, terms: list[Term]):
        self.terms = terms
        self._by_key: dict[str, list[Term]] = {}
        for t in terms:
            for k in t.keys():
                self._by_key.setdefault(k, []).append(t)

    def lookup(self, name: str) -> list[Term]:
        """Terms named ``name``, oldest letter first (its first definition is the reference)."""
        return self._by_key.get(normalise(name), [])

    def by_words(self, name: str) -> list[Term]:
        """Terms whose name or long form holds every word of ``name`` in any order, in English or
        in the Dutch the glossary gives for it, a Dutch compound by its parts: "contact group for
        ukraine", "contactgroep voor oekraine" → "Ukraine Defense Contact Group". Two words at least.
        As a definition's fallback (rag/answer.py define): all 11,169 eval items +3 −0 (one holdout43's,
        in-sample; "what's the nato readiness initiative for?" twice)."""
        words = [w for w in re.findall(r"[^\W\d_]+", fold(name.lower())) if len(w) >= 3 and w not in _NO_NAME]
        if len(words) < 2:
            return []
        return [t for t, own in self._words
                if len(own) >= 2 and all(w in own or any(len(o) >= 5 and o in w for o in own) for w in words)]

    @functools.cached_property
    def _words(self) -> list[tuple[Term, frozenset[str]]]:
        """Each term with the words of its name and long form, and their Dutch (read once per table)."""
        out = []
        for t in self.terms:
            # in the name's own order: the glossary reads phrases ("contact group"), not a bag of words
            own = [fold(w) for n in (t.name, *t.aliases) for w in re.findall(r"[^\W\d_]+", n.lower()) if len(w) >= 3]
            out.append((t, frozenset(own) | {fold(d) for d in Glossary.load().dutch(" ".join(own))}))
        return out


# words that name no term: articles, prepositions, question words, NATO itself
_NO_NAME = frozenset("""the for and van voor het een der des wat what who which dat die deze this that navo nato its
eigenlijk precies exactly""".split())


def proper_names(letters: list[Letter]) -> frozenset[str]:
    """Lower-case words the letters only ever write capitalised, away from a sentence
    start (Rusland, Brussel, Blok, Madrid) or in capitals (KFOR): the names a question
    typed in lower case ("navo top brussel wanneer") still refers to. The ones only ever
    written in capitals are in the set in capitals too ("kfor", "KFOR"): an English
    question's lower-case "eufor" names something, its "leaders" (capitalised in the
    letters' English titles) does not."""
    capital, lower, caps, mixed = set(), set(), set(), set()
    for L in letters:
        for line in L.text.split("\n"):
            letters_only = [c for c in line if c.isalpha()]
            if letters_only and sum(c.isupper() for c in letters_only) > 0.6 * len(letters_only):
                continue  # a heading in capitals: every word is capitalised there
            for m in re.finditer(r"(?<![.!?:]\s)(?<!^)\b([A-Za-zÀ-ÿ][\w\-]{2,})", line):
                w = m.group(1)
                (capital if w[0].isupper() else lower).add(w.lower())
                (caps if w.isupper() else mixed).add(w.lower())
    signers = {p.lower() for L in letters for s in L.signatories for p in s.name.split()[-1].split("-")}
    names = (capital - lower) | signers
    return frozenset(names | {w.upper() for w in (caps - mixed) & names})


_WORD = re.compile(r"[^\W\d_][\w-]*")
_DEMONSTRATIVE_BEFORE = re.compile(r"\b(?:die|deze|dat|dit|that|this|those|these)\s+$", re.I)
_EVERYDAY_ZIPF = 3.0  # wordfreq: 3 is about once per million words
_SPECIFIC = 0.05  # of the letters' paragraphs


def _everyday(word: str) -> bool:
    """Does everyday Dutch or English use the word (wordfreq Zipf ≥ 3)? Imported on first use (0.2 s): only
    questions that name a word or acronym of the letters ask."""
    from wordfreq import zipf_frequency
    return max(zipf_frequency(word, "nl"), zipf_frequency(word, "en")) >= _EVERYDAY_ZIPF


# A name of three to five capitalised words, "of", "for", "and" between them allowed: "Nuclear Planning Group",
# "Defence Innovation Accelerator for the North Atlantic"
_NAME = re.compile(r"\b[A-Z][a-z]+(?:-[A-Za-z]+)*(?: (?:(?:of|for|and|the|on) )*[A-Z][a-z]+(?:-[A-Za-z]+)*){2,4}\b")


def _initials(letters: list[Letter]) -> tuple[tuple[str, str], ...]:
    """Acronym (lower case) → the name whose capitals it is, for acronyms of three letters or more that the
    letters never write and that stand for one name only."""
    text = "\n".join(L.text for L in letters)
    written = {w.lower() for w in _WORD.findall(text)}
    found: dict[str, set[str]] = collections.defaultdict(set)
    for m in _NAME.finditer(text):
        acronym = "".join(w[0] for w in m.group(0).split() if w[0].isupper()).lower()
        if len(acronym) >= 3 and acronym not in written:
            found[acronym].add(m.group(0))
    return tuple(sorted((a, next(iter(n))) for a, n in found.items() if len(n) == 1))


@dataclass(frozen=True)
class Vocabulary:
    """What a question is read against: the letters' proper names (:func:`proper_names`) and
    their hyphenated compounds, so one typed with a space is the letters' compound ("wie is de
    secretaris generaal": the post, not two names). Not after an acronym: "navo verklaring
    nepreferendums" is a statement, not "de NAVO-verklaring" of April 2021."""

    names: frozenset[str] = frozenset()
    compounds: tuple[str, ...] = ()  # lower case, longest first
    # the signatories' surnames, lower case: names in any case, also in English ("which letters did kaag sign")
    people: frozenset[str] = frozenset()
    # the letters' words (lower case) that at most 5% of their paragraphs hold: "nordstream" (1 of
    # 180), "kerntaken" (5), not "kamerstuk" (11), which every letter cites (:meth:`special`)
    words: frozenset[str] = frozenset()
    # acronyms the letters never write, by the initials of a name they do: "npg" → "Nuclear Planning Group",
    # "ftf" → "Foreign Terrorist Fighters" (:meth:`spell_acronyms`)
    initials: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, letters: list[Letter]) -> Vocabulary:
        pairs = {m.group(0).lower() for L in letters
                 for m in re.finditer(r"\b([^\W\d_]{2,})-[^\W\d_]{2,}\b", L.text) if not m.group(1).isupper()}
        people = frozenset(k for L in letters for s in L.signatories for k in surname_keys(s.name))
        paragraphs = [L.text[a:b].lower() for L in letters for a, b in L.paragraphs]
        held = collections.Counter(w for p in paragraphs for w in set(_WORD.findall(p)))
        words = frozenset(w for L in letters for w in _WORD.findall(L.text.lower())
                          if held[w] <= _SPECIFIC * len(paragraphs))
        return cls(proper_names(letters), tuple(sorted(pairs, key=lambda p: (-len(p), p))), people, words,
                   _initials(letters))

    def spell_acronyms(self, question: str) -> str:
        """``question`` with an acronym the letters never write, typed as a word of its own (also plural:
        "ftfs", "ftf'ers"), spelled out as the name whose initials it is: "npg navo wat voor overleg" →
        "Nuclear Planning Group navo wat voor overleg". All 9,434 eval items: +3 −1 (the one lost quotes
        another letter's sentence on what the NPG discusses)."""
        if self._acronyms is None:
            return question
        # not an everyday word that happens to be one ("dip", "dis")
        return self._acronyms.sub(lambda m: m.group(0) if _everyday(m.group(0).lower())
                                  else dict(self.initials)[m.group(1).lower()], question)

    @functools.cached_property
    def _acronyms(self) -> re.Pattern[str] | None:
        if not self.initials:
            return None
        return re.compile(r"\b(" + "|".join(re.escape(a) for a, _ in self.initials) + r")(?:s|'s|’s|'ers|ers)?\b", re.I)

    def special(self, question: str) -> tuple[str, ...]:
        """The question's words that the letters use and everyday Dutch and English rarely do
        (wordfreq Zipf < 3 in both: "klimaatneutraal" 2.6, "weerbaarheidscomité" 0, not "maanden"
        5.4 or "lidstaten" 3.9; both, as a short question's language is a guess: "welke" is rare
        in English): a topic of its own, though not a name. Not after a demonstrative ("wie
        hebben die appreciatie gestuurd" points back)."""
        found = [m.group(0) for m in _WORD.finditer(question.lower()) if len(m.group(0)) > 3
                 and m.group(0) in self.words and not _DEMONSTRATIVE_BEFORE.search(question[:m.start()])]
        if not found:
            return ()
        return tuple(w for w in found if not _everyday(w))

    @functools.cached_property
    def _spaced(self) -> re.Pattern[str] | None:
        if not self.compounds:
            return None
        return re.compile(r"\b(?:" + "|".join(re.escape(p).replace(r"\-", r"\s+") for p in self.compounds) + r")\b",
                          re.I)

    def respell(self, question: str) -> str:
        """``question`` with its spaced compounds hyphenated as the letters write them."""
        if self._spaced is None:
            return question
        return self._spaced.sub(lambda m: re.sub(r"\s+", "-", m.group(0)), question)
