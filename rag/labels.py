"""Every fixed text the user sees, in Dutch and English, in one table (rag/labels.json).

The answer stage's messages, the CLI's headings and the web app's labels used to live in
three tables (``language.MESSAGES``, ``cli.LABELS``, ``render.LABELS``); a text changed in
one drifted from the others. The table is data, grouped by where the texts appear, each
key with both languages side by side; it is checked as it loads (both languages, no key
twice). :data:`LABELS` is the same table per language, the shape the renderers read
(``LABELS["en"]["answer"]``).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

from .records import Language

LANGUAGES: tuple[str, ...] = get_args(Language)


def _load(path: Path) -> dict[str, dict[str, str]]:
    """key → {language: text}, from the groups in ``path``."""
    texts: dict[str, dict[str, str]] = {}
    for group in json.loads(path.read_text(encoding="utf-8")).values():
        for key, by_language in group.items():
            if key in texts:
                raise ValueError(f"{path.name}: {key!r} is there twice")
            if sorted(by_language) != sorted(LANGUAGES):
                raise ValueError(f"{path.name}: {key!r} needs exactly {', '.join(LANGUAGES)}")
            texts[key] = by_language
    return texts


TEXTS = _load(Path(__file__).with_name("labels.json"))
LABELS: dict[str, dict[str, str]] = {lang: {key: texts[lang] for key, texts in TEXTS.items()}
                                     for lang in LANGUAGES}


def lang_of(language: str | None) -> Language:
    """``language`` when the table has it, else Dutch (the app's default)."""
    return language if language in LABELS else "nl"


def labels(language: str | None) -> dict[str, str]:
    """Every text in ``language`` (Dutch for an unknown one)."""
    return LABELS[lang_of(language)]


def message(key: str, language: Language, **kw) -> str:
    """One text in ``language`` with its ``{placeholders}`` filled in."""
    return LABELS[language][key].format(**kw)
