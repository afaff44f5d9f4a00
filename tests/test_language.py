"""Question language: the unpacked nl/en model in the user cache answers like py3langid's own."""
from __future__ import annotations

import pytest

from rag import language

TEXTS = ["Wie ondertekende de brief over de NAVO-top?", "Who signed the letter about the NATO summit?",
         "Hoeveel F-35's levert Nederland?", "What does the cabinet think about China?", "NAVO", "NATO",
         "F-35", "Air Policing", "de", "the", "Kosovo Force (KFOR)", "ÄÖÜ ß é", "<b>x</b>", "123", ""]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    language._identifier.cache_clear()
    yield tmp_path
    language._identifier.cache_clear()


def packed():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(language.LANGUAGES))
    return ident


def test_cached_model_classifies_like_the_packed_one(cache_home):
    first = language._identifier()  # unpacks, writes the cache
    path = language._cache_file()
    assert path.is_file() and path.parent.parent == cache_home
    language._identifier.cache_clear()
    cached = language._identifier()  # from the cache
    assert cached is not first and isinstance(cached.tk_nextmove, memoryview)
    ref = packed()
    for text in TEXTS:
        assert cached.classify(text) == ref.classify(text) == first.classify(text), text
    assert [language.detect_language(t) for t in TEXTS[:4]] == ["nl", "en", "nl", "en"]


def test_damaged_cache_is_replaced(cache_home):
    language._identifier()
    path = language._cache_file()
    size = path.stat().st_size
    path.write_bytes(path.read_bytes()[: size // 2])  # truncated
    language._identifier.cache_clear()
    assert language.detect_language("Who signed the letter?") == "en"
    assert path.stat().st_size == size  # rewritten whole


def test_unwritable_cache_still_detects(cache_home, monkeypatch):
    monkeypatch.setattr(language, "_cache_file", lambda: cache_home / "missing" / "dir" / "\0bad")
    assert language.detect_language("Wie ondertekende de brief?") == "nl"


def test_an_unsure_question_in_a_chat_takes_the_chats_language():
    chat = language.chat_language(["Noemt het nieuwe strategisch concept Rusland nog een partner?"])
    assert chat == "nl"
    assert language.detect_language("en china?") == "en"  # alone, py3langid guesses English …
    assert language.detect_language("en china?", chat) == "nl"  # … in a Dutch chat it is Dutch
    assert language.detect_language("deadline?", chat) == "nl"
    # a question clearly in the other language keeps its own
    assert language.detect_language("Who signed the letter about the NATO summit?", chat) == "en"
    # the latest clear question counts; unsure ones are skipped
    assert language.chat_language(["Who signed the letter about the NATO summit?", "en china?"]) == "en"
    assert language.chat_language(["deadline?"]) is None and language.chat_language([]) is None
