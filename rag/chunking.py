"""Stage 2 — chunking: structure-aware passages with exact offsets.

Each letter is first cut at its section headings, then every section is split
by LangChain's ``RecursiveCharacterTextSplitter`` (paragraphs, then lines,
sentences, words). Offsets are into ``Letter.text`` so
``letter.text[c.start:c.end] == c.text`` for every chunk. The embedded text
gets a short context header (letter title + section) that is not stored in
``text``.

>>> chunks = chunk_letter(letter, Config())
>>> all(letter.text[c.start:c.end] == c.text for c in chunks)
True
"""
from __future__ import annotations

from langchain_text_splitters import RecursiveCharacterTextSplitter

from .config import Config
from .records import Chunk, Letter

SEPARATORS = ["\n\n", "\n", ". ", "; ", ", ", " ", ""]


def _segments(letter: Letter) -> list[tuple[int, int]]:
    """Section bodies: text between one heading paragraph and the next heading.

    Headings themselves are left out (the section path goes into the context header),
    so a heading never becomes a chunk of its own."""
    heads = sorted(letter.sections, key=lambda s: s.start)
    bounds = [(0, heads[0].start if heads else len(letter.text))]
    for i, s in enumerate(heads):
        body = letter.text.find("\n\n", s.start)
        body = len(letter.text) if body < 0 else body + 2
        nxt = heads[i + 1].start if i + 1 < len(heads) else len(letter.text)
        bounds.append((min(body, nxt), nxt))
    return [(a, b) for a, b in bounds if letter.text[a:b].strip()]


def context_header(letter: Letter, section: str | None) -> str:
    head = f"{letter.title} ({letter.date or 'z.d.'}; nr. {letter.number})"
    return f"{head} — {section}" if section else head


def chunk_letter(letter: Letter, config: Config) -> list[Chunk]:
    """Split one letter into chunks (see module doc)."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=config.chunk_size, chunk_overlap=config.chunk_overlap,
        separators=SEPARATORS, keep_separator="end", add_start_index=True, strip_whitespace=True)
    chunks: list[Chunk] = []
    for seg_start, seg_end in _segments(letter):
        spans: list[tuple[int, int]] = []
        for doc in splitter.create_documents([letter.text[seg_start:seg_end]]):
            start = seg_start + doc.metadata["start_index"]
            text = doc.page_content
            if letter.text[start:start + len(text)] != text:  # splitter's index is a find(); verify
                start = letter.text.find(text, seg_start)
            end = start + len(text)
            # A short tail (one leftover sentence) reads better as part of the chunk before it.
            if spans and end - start < config.chunk_size // 4 and end - spans[-1][0] <= config.chunk_size * 1.5:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        for start, end in spans:
            text = letter.text[start:end]
            section = letter.section_at(start)
            path = section.path if section else None
            embed = f"{context_header(letter, path)}\n\n{text}" if config.context_header else text
            # The footnotes this passage refers to are part of what it says ("gaat u vertrouwelijk
            # toe" → where to read it); they sit at the letter's end, so embed them here as well.
            notes = [letter.text[fs:fe] for fs, fe in letter.footnotes_in(start, end)]
            if notes:
                embed += "\n\n" + "\n".join(notes)
            chunks.append(Chunk(f"{letter.doc_id}#{len(chunks)}", letter.doc_id, start, end,
                                text, path, embed))
    return chunks
