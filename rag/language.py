"""Question language (nl/en) and the fixed messages in each language."""
from __future__ import annotations

import re
from functools import lru_cache

from .records import Language

MESSAGES = {
    "abstain": {
        "nl": "Dit staat niet in deze brieven. De meest verwante passages staan hieronder.",
        "en": "The letters don't say. The closest passages are listed below.",
    },
    "truncated": {
        "nl": "De vraag was te lang en is ingekort tot {n} tekens.",
        "en": "The question was too long and was shortened to {n} characters.",
    },
}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(["nl", "en"])
    return ident


def detect_language(text: str) -> Language:
    """"nl" or "en" (py3langid restricted to the two; Dutch when it cannot tell).

    >>> detect_language("Who signed the letter?"), detect_language("Wie ondertekende de brief?")
    ('en', 'nl')
    """
    text = re.sub(r"<[^>]*>", " ", text)  # markup says nothing about the language
    if not any(ch.isalpha() for ch in text):
        return "nl"
    lang, prob = _identifier().classify(text)
    return "en" if lang == "en" and prob >= 0.5 else "nl"


def message(key: str, language: Language, **kw) -> str:
    return MESSAGES[key][language].format(**kw)
