"""Adding letters to the corpus: ``rag add`` / the app's upload (issue 7).

Letters as published on officielebekendmakingen.nl come as HTML, as XML in the
officiële-publicaties (SDU) schema, as PDF, or as text/markdown like the seeds.
Every format is converted to the project's markdown-ish letter text — the shape
of the seed letters::

    Vergaderjaar 2022–2023

    28 676

    NAVO

    Nr. 418

    ## BRIEF VAN DE MINISTER VAN DEFENSIE

    Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

    Den Haag, 30 september 2022

    Paragraph …<sup>1</sup> …

    ### Heading

    De Minister van Defensie,␣␣
    K.H. Ollongren

    ---

    <sup>1</sup> Footnote text.

— so that :func:`rag.corpus.parse_letter` reads the same clean text and metadata
from it. The converted letter is stored as ``corpus/kst-<dossier>-<nr>.txt``:
that stored text is what citation offsets point into. Converted uploads (HTML,
XML, PDF) are also kept as they came in ``corpus/originals/`` (a sub-folder, so
:func:`rag.corpus.load_corpus` never reads them).

>>> report = add_paths([Path("downloads/")], Config())      # files or folders
>>> [(r.status, r.doc_id) for r in report.results]
[('added', 'kst-28676-999'), ('duplicate', 'kst-28676-418'), ('error', None)]
>>> remove_letter("kst-28676-999", Config())

Modules: ``sniff`` (what a file is), ``draft`` (the common letter shape and its rendering),
``html``, ``xml``, ``pdf`` (one converter per format), ``convert`` (text, and any file),
``corpus_ops`` (add, remove, restore, purge, under the corpus lock).
"""
from __future__ import annotations

from .convert import Converted, convert_file, text_to_letter
from .corpus_ops import (ORIGINALS, AddReport, FileResult, LetterNotFound, RemoveReport, Status, add_paths,
                         purge_letter, remove_letter, restore_letter)
from .html import html_to_letter
from .pdf import pdf_to_letter
from ..records import Progress
from .sniff import MAX_BYTES, MIN_WORDS, Format, IngestError, detect_format
from .xml import xml_to_letter

__all__ = ["MAX_BYTES", "MIN_WORDS", "ORIGINALS", "AddReport", "Converted", "FileResult", "Format", "IngestError",
           "LetterNotFound", "Progress", "RemoveReport", "Status", "add_paths", "convert_file", "detect_format",
           "html_to_letter", "pdf_to_letter", "purge_letter", "remove_letter", "restore_letter", "text_to_letter",
           "xml_to_letter"]
