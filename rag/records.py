"""Typed records passed between the pipeline stages.

Every offset in these records is a character offset into ``Letter.text`` (the
clean text of a letter), so ``letter.text[start:end]`` always gives back the
quoted or chunked text exactly. ``Letter.source_offsets`` maps clean-text
offsets back to the original file.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable, Literal

Language = Literal["nl", "en"]

# How a long stage (indexing, adding letters) reports progress: one line at a time.
Progress = Callable[[str], None]


def quiet(_: str) -> None:
    """The progress callback that reports nothing."""


@dataclass(frozen=True)
class Section:
    """A heading in a letter: ``path`` joins the enclosing headings with " › "."""

    title: str
    level: int
    start: int  # offset of the heading paragraph in Letter.text
    end: int  # end of the section's text (next heading of any level, or letter end)
    path: str


def surname_keys(name: str) -> list[str]:
    """A person's surname in lower case, and each part of a double one: "A.Th.B. Bijleveld-Schouten"
    → ["bijleveld-schouten", "bijleveld", "schouten"] (a question names her by any of them)."""
    last = name.replace(".", ". ").split()[-1].lower().strip(".,;:")
    return [last] + [p for p in last.split("-") if len(p) > 2 and p != last]


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str


@dataclass
class Letter:
    """One parliamentary letter: clean text plus metadata.

    >>> letter.doc_id, letter.date
    ('kst-28676-328', '2019-11-18')
    """

    doc_id: str
    dossier: str  # "28676"
    number: int
    date: str | None  # ISO date
    title: str
    subject: str
    addressee: str | None
    signatories: list[Signatory]
    sections: list[Section]
    text: str
    source_path: str
    source_sha256: str
    source_offsets: list[int] = field(repr=False, default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    # (offset in ``text`` where a footnote marker stood, start, end of that footnote's text):
    # the markers are dropped from the body and the notes sit at the end, so this keeps the link.
    footnote_refs: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"https://zoek.officielebekendmakingen.nl/{self.doc_id}.html"

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) of every paragraph in ``text`` (paragraphs are split by blank lines)."""
        spans, pos = [], 0
        for part in self.text.split("\n\n"):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 2
        return spans

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset`` (None before the first heading)."""
        best = None
        for s in self.sections:
            if s.start <= offset < s.end and (best is None or s.level >= best.level):
                best = s
        return best

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean-text span to the span it came from in the original file."""
        if end <= start:
            p = self.source_offsets[start] if start < len(self.source_offsets) else len(self.source_offsets)
            return p, p
        return self.source_offsets[start], self.source_offsets[end - 1] + 1

    def to_dict(self, with_offsets: bool = True) -> dict:
        d = asdict(self)
        if not with_offsets:
            d.pop("source_offsets")
        d["url"] = self.url
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Letter":
        d = dict(d)
        d.pop("url", None)
        d["signatories"] = [Signatory(**s) for s in d["signatories"]]
        d["sections"] = [Section(**s) for s in d["sections"]]
        d["footnote_refs"] = [tuple(r) for r in d.get("footnote_refs", [])]
        return cls(**d)

    def footnotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """(start, end) of the footnotes referred to from ``text[start:end]``."""
        return [(fs, fe) for at, fs, fe in self.footnote_refs if start <= at <= end]


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: ``text == letter.text[start:end]``."""

    chunk_id: str  # "kst-28676-328#3"
    doc_id: str
    start: int
    end: int
    text: str
    section: str | None  # section path
    embed_text: str  # text that is embedded: context header + text


@dataclass(frozen=True)
class Sentence:
    """A candidate answer sentence: ``text == letter.text[start:end]``."""

    doc_id: str
    start: int
    end: int
    text: str
    section: str | None


@dataclass(frozen=True)
class Span:
    """Where a quote stands in its letter: what a follow-up's answer is looked for next to."""

    doc_id: str
    start: int
    end: int


def overlaps(a: Span | Sentence | Citation, b: Span | Sentence | Citation) -> bool:
    """Do two stretches of the letters share a character? (The one test of overlap: a follow-up's
    earlier quotes, a chunk's sentences, a quote and its evidence.)"""
    return a.doc_id == b.doc_id and a.start < b.end and b.start < a.end


@dataclass
class Hit:
    """A retrieved chunk with its fused score and the rank each retriever gave it."""

    chunk: Chunk
    score: float
    ranks: dict[str, int] = field(default_factory=dict)  # retriever name → 1-based rank
    dense_score: float | None = None


@dataclass
class Citation:
    n: int
    doc_id: str
    title: str
    date: str | None
    section: str | None
    quote: str
    start: int
    end: int
    url: str


def same_quote(citations: list, quote: Callable = lambda c: c.quote,
               doc: Callable = lambda c: c.doc_id) -> list[tuple[str, list]]:
    """Citations grouped by their quote, in first-seen order: a quote found in several letters
    (a minister's signature) is said once, with each letter's marker (the answer text, the app);
    not when a letter gives more than one quote ("which letters …": each letter's number, date
    and signature lines stay together)."""
    docs = [doc(c) for c in citations]
    if len(docs) != len(set(docs)):
        return [(quote(c), [c]) for c in citations]
    groups: dict[str, list] = {}
    for c in citations:
        groups.setdefault(quote(c), []).append(c)
    return list(groups.items())


Status = Literal["answered", "partial", "not_found"]


@dataclass
class Reply:
    """What the answer stage returns for one question.

    ``answered``: the quotes answer it. ``partial``: the letters discuss the asked topic but
    not the asked detail; the quotes are the closest sentences and ``label`` says what is
    missing ("De brieven noemen geen aantal; het dichtst bij komt:"). ``not_found``: nothing
    relevant was retrieved; no quotes."""

    status: Status
    text: str
    citations: list[Citation]
    label: str | None = None
    intent: str | None = None
    similarity: float | None = None  # the best answer sentence's similarity, when sentences decided

    @property
    def abstained(self) -> bool:
        return self.status != "answered"


@dataclass
class Response:
    """Retrieval and answer for one question (``Pipeline.respond``): the passages handed to
    the answer stage, best first, and its reply."""

    hits: list[Hit]
    reply: Reply


@dataclass
class Answer:
    """The result of one question, serialised by ``to_json`` into the fixed JSON contract."""

    question: str
    language: Language
    status: Status
    answer: str
    citations: list[Citation]
    passages: list[Hit]
    timings_ms: dict[str, float]
    notice: str | None = None  # e.g. "question truncated"
    intent: str | None = None
    interpreted_as: str | None = None  # the standalone question used (follow-ups); None: as asked
    label: str | None = None  # partial: what the letters lack ("De brieven noemen geen aantal; …")

    @property
    def abstained(self) -> bool:
        """Kept in the contract: true unless the status is "answered"."""
        return self.status != "answered"

    def to_json(self) -> dict:
        out = {
            "question": self.question,
            "interpreted_as": self.interpreted_as or self.question,
            "language": self.language,
            "status": self.status,
            "abstained": self.abstained,
            "intent": self.intent,
            "label": self.label,
            "answer": self.answer,
            "citations": [asdict(c) for c in self.citations],
            "passages": [
                {
                    "rank": i + 1,
                    "doc_id": h.chunk.doc_id,
                    "chunk_id": h.chunk.chunk_id,
                    "score": round(float(h.score), 6),
                    "text": h.chunk.text,
                    "start": h.chunk.start,
                    "end": h.chunk.end,
                    "section": h.chunk.section,
                }
                for i, h in enumerate(self.passages)
            ],
            "timings_ms": {k: round(v, 3) for k, v in self.timings_ms.items()},
        }
        if self.notice:
            out["notice"] = self.notice
        return out
