"""Question language (nl/en): which of the two a question is written in.

The fixed texts in each language are in :mod:`rag.labels`; :func:`message` is re-exported
here for the answer stage and the pipeline, which pick a text by the question's language."""
from __future__ import annotations

import hashlib
import json
import os
import re
from array import array
from functools import lru_cache
from pathlib import Path

import numpy as np

from .atomic import atomic_file
from .labels import message as message  # re-exported: answer.py and pipeline.py import it from here
from .records import Language

LANGUAGES = ("nl", "en")


def _cache_file() -> Path | None:
    """Where the unpacked two-language model is kept: a user cache, keyed by the model file."""
    try:
        import py3langid
        from py3langid.langid import MODEL_DIR, MODEL_FILE

        model = Path(MODEL_DIR) / MODEL_FILE
        st = model.stat()
        key = hashlib.sha256(repr((str(model), st.st_size, st.st_mtime_ns, LANGUAGES,
                                   getattr(py3langid, "__version__", ""), 3)).encode()).hexdigest()[:16]
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return base / "kamerbrieven-rag" / f"py3langid-{'-'.join(LANGUAGES)}-{key}.bin"
    except Exception:  # no home, odd install: just load the packed model
        return None


# The cache file: one JSON line (classes; each table's name, type code and length), padded
# to 64 bytes, then the tables' raw bytes in that order. The DFA table (~40 MB, the first)
# is used in place from a read-only memory map: no copy, pages read as questions need them.
_TABLES = (("nextmove", None), ("ptc", "e"), ("pc", "f"), ("row", None), ("out", "q"))
_SIZES = {"e": 2, "f": 4, "q": 8, "H": 2, "I": 4, "L": 8}


def _from_cache(path: Path):
    import mmap

    from py3langid.langid import LanguageIdentifier

    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    at = mm.find(b"\n") + 1
    head = json.loads(mm[:at])
    layout, offset = {}, at
    for name, code, n in head["tables"]:
        layout[name] = (code, offset, offset + n * _SIZES[code])
        offset += n * _SIZES[code]
    if offset != len(mm) or at % 64:
        raise ValueError(f"{path}: {len(mm)} bytes, expected {offset}")
    view = memoryview(mm)

    def table(name):
        code, a, b = layout[name]
        if code == "e":  # float16 has no array type code
            return np.frombuffer(view[a:b], dtype=np.float16).copy()
        out = array(code)
        out.frombytes(view[a:b])
        return out

    code, a, b = layout["nextmove"]
    classes = head["classes"]
    return LanguageIdentifier(table("ptc").reshape(-1, len(classes)), np.asarray(table("pc"), np.float32),
                              classes, view[a:b].cast(code), table("out").tolist(), norm_probs=True,
                              tk_row=table("row"))


def _to_cache(ident, path: Path) -> None:
    parts = {"ptc": np.ascontiguousarray(ident.nb_ptc, dtype=np.float16).ravel(),
             "pc": array("f", np.asarray(ident.nb_pc, np.float32).tolist()),
             "nextmove": ident.tk_nextmove, "row": ident.tk_row, "out": array("q", ident.tk_output)}
    head = json.dumps({"classes": list(ident.nb_classes),
                       "tables": [(name, code or parts[name].typecode, len(parts[name]))
                                  for name, code in _TABLES]}).encode()
    head += b" " * (-(len(head) + 1) % 64) + b"\n"
    with atomic_file(path) as f:  # readers map either the old file or the whole new one
        f.write(head)
        for name, _code in _TABLES:
            f.write(memoryview(parts[name]).cast("B"))
    for old in path.parent.glob(f"py3langid-{'-'.join(LANGUAGES)}-*.bin"):
        if old != path:  # from another py3langid version: never read again
            old.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _identifier():
    """py3langid restricted to nl/en. Its packed model (LZMA) takes ~0.9 s to load, most of
    a server's index loading; the unpacked nl/en part is kept in a user cache (~40 MB) and
    loads in ~0.03 s. The same arrays either way, so the same answers."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    cached = _cache_file()
    if cached is not None and cached.is_file():
        try:
            return _from_cache(cached)
        except Exception:  # damaged or foreign file: rebuilt below
            pass
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    if cached is not None:
        try:
            _to_cache(ident, cached)
        except Exception:  # read-only home etc.: the next start unpacks again
            pass
    return ident


# How sure py3langid must be to overrule the chat's language. Seen dialogues: all 31 follow-ups
# read in the wrong language ("en china?", "deadline?", "dates?" in a Dutch chat) fall below it,
# and no question the chat's language would get wrong.
SURE = 0.9


def _classify(text: str) -> tuple[Language, float]:
    """The language and how sure py3langid is of it (0.5–1)."""
    text = re.sub(r"<[^>]*>", " ", text)  # markup says nothing about the language
    if not any(ch.isalpha() for ch in text):
        return "nl", 0.5
    lang, prob = _identifier().classify(text)
    return ("en", prob) if lang == "en" and prob >= 0.5 else ("nl", prob if lang == "nl" else 1 - prob)


def detect_language(text: str, chat: Language | None = None) -> Language:
    """"nl" or "en" (py3langid restricted to the two; Dutch when it cannot tell). In a chat,
    a question it is unsure of takes the ``chat``'s language (:func:`chat_language`).

    >>> detect_language("Who signed the letter?"), detect_language("Wie ondertekende de brief?")
    ('en', 'nl')
    >>> detect_language("en china?"), detect_language("en china?", chat="nl")
    ('en', 'nl')
    """
    lang, sure = _classify(text)
    return chat if chat and sure < SURE else lang


def chat_language(questions: list[str]) -> Language | None:
    """The language of the latest of a chat's questions that is clearly in one (None: none is)."""
    for q in reversed(questions):
        lang, sure = _classify(q)
        if sure >= SURE:
            return lang
    return None

