"""The assembled pipeline: question → language → embedding → retrieval → answer.

>>> rag = Pipeline.load(Config())            # loads (or builds) the index once
>>> result = rag.ask("Wie ondertekende brief 387?")
>>> result.to_json()["citations"][0]["doc_id"]
'kst-28676-387'
"""
from __future__ import annotations

import re
import threading
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np

from .answer import Answerer, answer_text
from .conversation import Resolved, Turn, points_back, resolve, said_in
from .config import Config
from .decompose import split_question
from .embedding import Embedder, load_embedder
from .language import chat_language, detect_language, message
from .records import Answer, Citation, Hit, Progress, Reply, Response, quiet
from .retrieval import Filters, Retriever, interleave, quoted_first
from .smalltalk import reply_language, smalltalk
from .backend import LoadedBuild, StoreBackend, open_backend
from .indexing import ensure_index, index_status
from .store import IndexStateError
from .understand import Query, as_typed, spell_posts, understand, with_posts, without_source


class QuestionError(ValueError):
    """A question that cannot be answered as typed (empty, no words); the message says why."""


# Control characters, zero-width and bidi marks: invisible, and they split words for BM25.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs"}


def clean_question(raw: str, max_chars: int) -> tuple[str, bool]:
    """Normalise a question: NFC, invisible characters removed, whitespace collapsed,
    cut to ``max_chars``. Returns (question, truncated). Raises QuestionError."""
    if not isinstance(raw, str):
        raise QuestionError("the question must be text")
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if ch in "\t\n\r" else ch for ch in text
                   if ch in "\t\n\r" or unicodedata.category(ch) not in _INVISIBLE)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("empty question: type a question about the letters")
    if not any(ch.isalnum() or unicodedata.category(ch) == "So" for ch in text):  # an emoji is small talk
        raise QuestionError("the question has no words in it")
    truncated = len(text) > max_chars
    return text[:max_chars].rstrip() if truncated else text, truncated


@dataclass(frozen=True)
class _Loaded:
    """One index build with the components over it, swapped as a unit."""

    store: LoadedBuild
    retriever: Retriever
    answerer: Answerer


class Pipeline:
    """Question → answer over one loaded index; ``refresh`` switches to a newer build."""

    def __init__(self, config: Config, store: LoadedBuild, embedder: Embedder):
        self.config, self.embedder = config, embedder
        self._loaded = self._over(store)
        self._lock = threading.Lock()
        self._store_backend: StoreBackend | None = None

    def _over(self, store: LoadedBuild) -> _Loaded:
        return _Loaded(store, Retriever(store, self.config), Answerer(store, self.config))

    @property
    def store(self) -> LoadedBuild:
        return self._loaded.store

    @property
    def retriever(self) -> Retriever:
        return self._loaded.retriever

    @property
    def answerer(self) -> Answerer:
        return self._loaded.answerer

    @classmethod
    def load(cls, config: Config | None = None, progress: Progress = quiet,
             rebuild: bool = True) -> "Pipeline":
        """Load the index (building it first if missing/stale when ``rebuild``) and the model."""
        config = config or Config.from_env()
        embedder = load_embedder(config.embedder, config.threads)
        if rebuild:
            store = ensure_index(config, progress, embedder=embedder)
        else:
            backend = open_backend(config)
            reason = index_status(config, backend=backend)
            if reason:
                raise IndexStateError(f"{reason}; run `rag index`")
            store = backend.load()
        if store.embedder_name != embedder.name:
            raise IndexStateError(f"index built with {store.embedder_name}, embedder is {embedder.name}")
        detect_language("warm up")  # loads the language model now, not on the first question
        return cls(config, store, embedder)

    def refresh(self) -> bool:
        """Switch to the live build if ``rag index`` wrote a newer one since loading. Questions
        in flight finish on the build they started with; a damaged new build is ignored (the
        old one keeps answering). Returns True when it switched."""
        try:
            live = self._backend().live()
        except IndexStateError:  # a store that went away: keep answering from the loaded build
            return False
        if live is None or live == self.store.build_id:
            return False
        with self._lock:
            if live == self.store.build_id:
                return False
            try:
                store = self._backend().load()
            except IndexStateError:
                return False
            if store.embedder_name != self.embedder.name:
                return False
            self._loaded = self._over(store)
            return True

    def reload_calibration(self) -> None:
        """Read rag/calibration.json again (after ``rag eval --calibrate`` rewrote it): a new
        answer stage over the same build, as a fresh start would make."""
        with self._lock:
            self._loaded = self._over(self.store)

    def _backend(self) -> StoreBackend:
        """The store the builds come from, opened once (a Milvus client is a connection)."""
        if self._store_backend is None:
            self._store_backend = open_backend(self.config)
        return self._store_backend

    def embed_question(self, text: str, language: str) -> tuple[str, object]:
        """The text a question is searched and read as, and its query vector: a count typed as a
        digit spelled out as the letters write it ("de 3 hoofdtaken" → "de drie hoofdtaken",
        rag/understand.spell_counts). ``ask`` and the eval both read questions through this; the
        reply still shows what was typed. Likewise an English contraction typed without its apostrophe
        ("whats diana" → "what's diana", rag/understand.restore_apostrophes), a minister typed as a Dutch
        compound written out ("defensieministers" → "ministers van Defensie", rag/understand.spell_posts),
        a minister named by surname with their post, as the letters' sentences name them
        (rag/understand.with_posts), and an acronym the letters never write spelled out as the name
        whose initials it is (rag/terms.Vocabulary.spell_acronyms). A question naming a letter as its
        source ("does letter 387 say when negotiations start") is searched by the mean of its vector
        with and without that letter (rag/understand.without_source): "letter … say" alone drew the
        letter's opening sentence; without it alone, the similarity fell under the cuts (not found)."""
        asked = self.answerer.vocabulary.spell_acronyms(as_typed(text, language))  # "npg" → "Nuclear Planning Group"
        typed = understand(asked, language)
        intent = typed.intent
        # a letter question reads the signatures and dates, not the sentences; one that asks who holds a
        # post reads that post as typed ("buza minister in nov 2019?" spelled out is no longer short)
        if intent != "letter" and not typed.role:
            asked = spell_posts(asked, language)
        if intent not in ("letter", "person"):  # those read the signatures themselves
            asked = with_posts(asked, self.answerer.facts.posts)
        plain = without_source(asked)
        if plain == asked:
            return asked, self.embedder.embed_queries([asked])[0]
        both = self.embedder.embed_queries([asked, plain]).sum(axis=0)
        return asked, both / np.linalg.norm(both)

    def encode_sparse(self, question: str):
        """The question's latent-term vector (None when the embedder has no sparse head):
        fusion and the sentence model both read it."""
        return self.embedder.embed_sparse([question])[0] if getattr(self.embedder, "sparse_dim", 0) else None

    def respond(self, question: str, qvec, language: str, k: int = 10, filters: Filters | None = None,
                mode: str = "hybrid", retriever: Retriever | None = None, loaded: _Loaded | None = None,
                timings: dict[str, float] | None = None, resolved: Resolved | None = None
                ) -> Response:
        """Retrieval and answer for a cleaned question (see :meth:`_respond`); the passages
        hold what the answer quotes (:func:`rag.retrieval.quoted_first`)."""
        loaded = loaded or self._loaded
        r = self._respond(question, qvec, language, k, filters, mode, retriever, loaded, timings, resolved)
        return Response(quoted_first(r.hits, r.reply.citations, loaded.store.chunks_by_letter, k), r.reply)

    def _respond(self, question: str, qvec, language: str, k: int, filters: Filters | None, mode: str,
                 retriever: Retriever | None, loaded: _Loaded, timings: dict[str, float] | None,
                 resolved: Resolved | None) -> Response:
        """Retrieval and answer for a cleaned question.
        A question spanning letters (see rag/decompose.py) is answered part by part, each
        part from its own retrieval, and the quotes are joined; the hits interleave the
        whole question's hits with each part's, the whole question's first. ``timings`` (ms)
        gets "embed" (latent terms, parts), "search", "answer" added."""
        retriever = retriever or loaded.retriever
        filters = filters or Filters()
        clock = _Clock(timings)

        prefer = resolved.prefer if resolved else ()
        query = loaded.answerer.understand(question, language)
        # what a follow-up's own words ask (read as typed already: rag/conversation.py resolve)
        own = loaded.answerer.understand(resolved.intent_text, language) \
            if resolved is not None and resolved.composite else None

        def search(text, vec, f, asked: Query):
            with clock("embed"):
                qsparse = self.encode_sparse(text)
            with clock("search"):
                # the names the question asks about itself, not those a follow-up carries in brackets
                # (seen questions and turns, names list at 0.4: own names +26 −13, bracketed ones too +39 −26)
                names = tuple(e for e in asked.entities if e.strong)
                return retriever.search(text, vec, language, k=k, filters=f, mode=mode, qsparse=qsparse,
                                        prefer=prefer, names=names), qsparse

        hits, qsparse = search(question, qvec, filters, own or query)
        # the letters the user's filters allow: metadata and definitions are read outside retrieval
        allowed = None if filters == Filters() else frozenset(
            d for d in loaded.store.letters if filters.allows(loaded.store, d))
        if own is not None:
            if own.intent == "name" and loaded.answerer.understand(
                    resolved.text[len(resolved.intent_text):], language).intent == "person":
                own = replace(own, intent="person")  # "naam?" after "met wie dineren ze?": that person's name
            query = replace(query, intent=own.intent, letter_ask=own.letter_ask, role=own.role, own=own,
                            subject=own.subject or query.subject, time=own.time if not own.time.empty else query.time)
        carried = resolved is not None and resolved.carried
        parts = [question] if carried else split_question(question, loaded.store.letters)
        if len(parts) == 1 or query.intent in ("letter", "definition") or query.role:
            avec, asked = qvec, question
            if carried and resolved.composite and (len(resolved.intent_text.split()) >= 3 or query.intent == "why"):
                # the sentences answer the new question, in its own words and meaning (its vector,
                # its word overlap: seen follow-ups +12 −4 over the overlap with the bracketed
                # earlier question); the passages carry the topic. A bare "waarom niet?" too: it
                # asks a reason, not the earlier answer again (seen +5 −1)
                with clock("embed"):
                    avec = self.embedder.embed_queries([resolved.intent_text])[0]
                asked = resolved.intent_text
            with clock("answer"):
                return Response(hits, loaded.answerer.answer(asked, avec, hits, language, qsparse, query, allowed,
                                                             near=resolved.near if resolved else (),
                                                             more=bool(resolved and resolved.kind == "more")))
        citations: list[Citation] = []
        whole = hits
        part_hits: list[list[Hit]] = []
        for part in parts:
            named = tuple(d for d in sorted(part.letters) if filters.allows(loaded.store, d))
            if part.letters and not named:
                continue  # the user's filters exclude this part's letters
            with clock("embed"):
                pvec = qvec if part.text == question else self.embedder.embed_queries([part.text])[0]
            pquery = query if part.text == question else loaded.answerer.understand(part.text, language)
            phits, psparse = search(part.text, pvec, replace(filters, letters=named) if named else filters, pquery)
            part_hits.append(phits)
            with clock("answer"):
                reply = loaded.answerer.answer(part.text, pvec, phits, language, psparse, pquery, letters=allowed)
            cits = reply.citations if reply.status == "answered" else []
            seen = {(c.doc_id, c.start, c.end) for c in citations}
            citations += [replace(c, n=len(citations) + j + 1) for j, c in
                          enumerate(c for c in cits if (c.doc_id, c.start, c.end) not in seen)]
        hits = interleave([hits] + part_hits, k)  # the whole question's best, then each part's
        if not citations:  # no part is answered: the whole question's reply (partial or not found)
            with clock("answer"):
                return Response(hits, loaded.answerer.answer(question, qvec, whole, language, qsparse, query, allowed))
        return Response(hits, Reply("answered", answer_text(citations), citations, None, query.intent))

    def ask(self, question: str, k: int | None = None, filters: Filters | None = None,
            mode: str = "hybrid", history: list[Turn] | None = None) -> Answer:
        """Answer one question (see the JSON contract in the README). ``history``: the
        earlier turns of a conversation, oldest first; a follow-up is answered in its
        standalone form (rag/conversation.py), which the answer reports as ``interpreted_as``."""
        t0 = time.perf_counter()
        q, truncated = clean_question(question, self.config.max_question_chars)
        loaded = self._loaded  # one build for the whole question, even if refresh() swaps
        # "en china?" in a Dutch chat is Dutch: an unsure guess takes the chat's language
        language = detect_language(q, chat_language([t.question for t in history or ()]))
        timings = {"embed": 0.0, "search": 0.0, "answer": 0.0}
        talk = smalltalk(q)
        if talk:  # "hallo", "bedankt!", "what can you do?": a fixed reply, nothing retrieved (rag/smalltalk.py)
            language = reply_language(talk, language)
            timings["total"] = (time.perf_counter() - t0) * 1e3
            return Answer(q, language, "not_found", message(f"smalltalk_{talk.kind}", language), [], [], timings,
                          intent="smalltalk")
        history = [t for t in history or () if not smalltalk(t.question)]  # the answer before a "thanks"
        resolved = None
        if history:
            resolved = resolve(q, history, language, loaded.store.letters, loaded.answerer.vocabulary)
            filters = filters or Filters()
            if resolved.letters and not filters.letters:  # "die brief": that letter (the user's filters win)
                filters = replace(filters, letters=resolved.letters)
        text = resolved.text if resolved else q
        with _Clock(timings)("embed"):
            asked, qvec = self.embed_question(text, language)
        r = self.respond(asked, qvec, language, max(k or self.config.top_k, 10), filters, mode,
                         loaded=loaded, timings=timings, resolved=resolved)
        hits, reply = r.hits, r.reply
        if resolved is not None and not resolved.carried and reply.status == "not_found" and points_back(q):
            # read alone, the letters have nothing for it; a question that may point back ("wie hadden die
            # referenda georganiseerd?" after the annexed regions, "what did allies want them to be open about?")
            # is then read as a follow-up, and its answer kept if it quotes words of the question. Seen dialogue
            # turns (6,262) +5 −0; the questions not found alone, asked after an unrelated turn: none changes
            again = resolve(q, history, language, loaded.store.letters, loaded.answerer.vocabulary, followup=True)
            if again.carried and not again.letters:
                with _Clock(timings)("embed"):
                    asked, qvec = self.embed_question(again.text, language)
                r = self.respond(asked, qvec, language, max(k or self.config.top_k, 10), filters, mode,
                                 loaded=loaded, timings=timings, resolved=again)
                if r.reply.status == "answered" and said_in(q, " ".join(c.quote for c in r.reply.citations),
                                                            language):
                    hits, reply, resolved = r.hits, r.reply, again
        timings["total"] = (time.perf_counter() - t0) * 1e3
        notice = message("truncated", language, n=self.config.max_question_chars) if truncated else None
        return Answer(q, language, reply.status, reply.text, reply.citations, hits, timings, notice, reply.intent,
                      interpreted_as=resolved.interpreted_as if resolved else text, label=reply.label)


class _Clock:
    """Adds the milliseconds spent in ``with clock(name):`` to ``timings[name]``."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings if timings is not None else {}

    @contextmanager
    def __call__(self, name: str):
        t = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + (time.perf_counter() - t) * 1e3
