"""Fusion on a hand-made store (tests/tiny.py): which retrievers count for which language,
named and preferred letters, filters, and interleaving."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.config import Config
from rag.records import Chunk, Citation, Hit
from rag.retrieval import Filters, Retriever, interleave, quoted_first
from rag.understand import Entity
from tiny import tiny_store, vec


@pytest.fixture(scope="module")
def retriever():
    return Retriever(tiny_store(), Config(sentence_rerank_en=0.0))


def ids(hits):
    return [h.chunk.chunk_id for h in hits]


def test_dense_and_bm25_are_fused_for_dutch(retriever):
    hits = retriever.search("Hoeveel F-35 jachtvliegtuigen levert Nederland?", vec(f35=1), "nl", k=3)
    assert hits[0].chunk.chunk_id == "kst-1-1#2"
    assert set(hits[0].ranks) == {"dense", "bm25"}  # both retrievers ranked it (no sparse vectors here)
    assert hits[0].score == pytest.approx(1 / 61 + 3 / 61)  # rank 1 in both, BM25 weighted 3 for Dutch
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_english_questions_search_bm25_in_the_letters_dutch(retriever):
    """"fighter jets" is no word of the letters; the glossary's "jachtvliegtuigen" is, and BM25
    counts once for English (dense is pointed elsewhere here, so only BM25 can find it)."""
    hits = retriever.search("Which fighter jets are supplied?", vec(madrid=1), "en", k=3)
    jets = next(h for h in hits if h.chunk.chunk_id == "kst-1-1#2")
    assert jets.ranks["bm25"] == 1
    plain = retriever.with_config(Config(sentence_rerank_en=0.0, glossary_en=False))
    assert "bm25" not in next((h.ranks for h in plain.search("Which fighter jets are supplied?", vec(madrid=1), "en",
                                                             k=3) if h.chunk.chunk_id == "kst-1-1#2"), {})
    off = retriever.with_config(Config(sentence_rerank_en=0.0, bm25_weight_en=0.0))
    assert all("bm25" not in h.ranks for h in off.search("Which fighter jets are supplied?", vec(madrid=1), "en", k=3))


@given(st.lists(st.sampled_from(["nord", "stream", "de", "cyber", "aanval", "F-35", "2022", "navo", "é"]),
                max_size=6))
def test_query_tokens_are_the_words_and_each_neighbouring_pair_joined(words):
    from rag.tokens import query_tokens, tokenize
    text = " ".join(words)
    out = query_tokens(text)
    assert out[:len(tokenize(text))] == tokenize(text)  # the question's own words, in order, first
    pairs = [a + b for a, b in zip(words, words[1:]) if a.isalpha() and b.isalpha() and "de" not in (a, b)
             and len(a + b) >= 6]  # "de" is a stop word; "F-35", "2022" are no plain words
    assert len(out) - len(tokenize(text)) == len(pairs)
    assert ("nordstream" in out) == ("nord stream" in text)


def test_a_country_abbreviation_is_also_searched_spelled_out(retriever):
    """"nl" is how people type the letters' "Nederland" (dense is pointed elsewhere here)."""
    def bm25_first(question):
        return next((h.chunk.chunk_id for h in retriever.search(question, vec(madrid=1), "nl", k=10)
                     if h.ranks.get("bm25") == 1), None)
    assert bm25_first("wat stuurt nl?") == "kst-1-1#2"
    assert bm25_first("wat stuurt xx?") is None


def test_spelled_out_reads_abbreviations_not_the_pronoun():
    from rag.lexicon import spelled_out
    assert spelled_out("wil nl met de UK en de US praten? tell us") == ["nederland", "verenigd koninkrijk",
                                                                       "verenigde staten"]
    assert spelled_out("tell us about nlnet") == []


def test_a_named_or_preferred_letter_adds_a_ranked_list(retriever):
    hits = retriever.search("Wat staat er in de brief van 30 september 2022?", vec(madrid=1), "nl", k=10)
    assert all("reference" in h.ranks for h in hits if h.chunk.doc_id == "kst-1-2")
    assert not any("reference" in h.ranks for h in hits if h.chunk.doc_id == "kst-1-1")
    pref = retriever.search("Wat staat er over de top?", vec(madrid=1), "nl", k=10, prefer=("kst-1-1",))
    assert all("reference" in h.ranks for h in pref if h.chunk.doc_id == "kst-1-1")


def test_the_passages_holding_every_name_asked_add_a_ranked_list(retriever):
    """Dense points at the F-35 passage; the question asks about Madrid: the passages that name it
    (in any form the lexicon gives) get one more list, and rise."""
    madrid = Entity("Madrid", ("madrid",))
    plain = ids(retriever.search("Wat gebeurde daar?", vec(f35=1), "nl", k=10))
    hits = retriever.search("Wat gebeurde daar?", vec(f35=1), "nl", k=10, names=(madrid,))
    assert [h.chunk.chunk_id for h in hits if "names" in h.ranks] == ["kst-1-2#2"]
    assert ids(hits).index("kst-1-2#2") < plain.index("kst-1-2#2")
    both = retriever.search("Wat gebeurde daar?", vec(f35=1), "nl", k=10, names=(madrid, Entity("Bulgarije", ("bulgarije",))))
    assert not any("names" in h.ranks for h in both)  # no passage holds both
    off = Retriever(retriever.store, Config(sentence_rerank_en=0.0, names_weight=0.0))
    assert ids(off.search("Wat gebeurde daar?", vec(f35=1), "nl", k=10, names=(madrid,))) == plain


def test_filters_restrict_every_retriever(retriever):
    hits = retriever.search("F-35 Air Policing", vec(f35=1), "nl", k=10, filters=Filters(letters=("2",)))
    assert hits and {h.chunk.doc_id for h in hits} == {"kst-1-2"}
    hits = retriever.search("F-35", vec(f35=1), "nl", k=10, filters=Filters(date_to="2022-03-01"))
    assert {h.chunk.doc_id for h in hits} == {"kst-1-1"}


def test_interleave_takes_turns_and_skips_repeats(retriever):
    a = retriever.search("F-35", vec(f35=1), "nl", k=3)
    b = retriever.search("Madrid", vec(madrid=1), "nl", k=3)
    mixed = interleave([a, b], 4)
    assert ids(mixed)[:2] == [a[0].chunk.chunk_id, b[0].chunk.chunk_id]
    assert len(set(ids(mixed))) == len(mixed) == 4


def test_every_retrievers_first_passage_stays_in_the_top_k():
    from rag.records import Chunk, Hit
    from rag.retrieval import with_firsts

    def hit(i, **ranks):
        return i, Hit(Chunk(f"c{i}", "d", 0, 1, "t", None, "t"), 1.0 / (i + 1), ranks)
    ranked = [hit(0, bm25=1), hit(1, bm25=2), hit(2, bm25=3), hit(3, bm25=4), hit(4, dense=1, bm25=40)]
    assert [i for i, _ in with_firsts(ranked, 3)] == [0, 1, 4]  # dense's first takes the last place
    assert [i for i, _ in with_firsts(ranked, 1)] == [0]  # never more than half the list
    assert [i for i, _ in with_firsts(ranked[:3], 3)] == [0, 1, 2]


def test_a_letter_is_named_by_its_number_its_date_or_in_retrieval_its_signer(letters):
    from types import SimpleNamespace

    from rag.retrieval import referenced_letters
    store = SimpleNamespace(letters=letters)
    assert referenced_letters("wat staat er in brief 387?", store) == {"kst-28676-387"}
    assert referenced_letters("de brief van 30 september 2022", store) == {"kst-28676-418"}
    # by its month: "the sept 2022 letter", "de brief van juni 2021"; a year alone names no letter
    assert referenced_letters("what did the madrid summit decide, per the sept 2022 letter?", store) == {"kst-28676-418"}
    assert referenced_letters("wat staat er in de brief van juni 2021 over china", store) == {"kst-28676-372"}
    assert referenced_letters("what do the letters of 2022 say", store) == set()
    question = "waarom ging minister Blok niet naar Brussel?"
    assert referenced_letters(question, store) == set()  # letter facts: a name is no letter reference
    assert referenced_letters(question, store, signers=True) == {"kst-28676-328"}
    assert referenced_letters("what did Bijleveld say?", store, signers=True) == {"kst-28676-372"}


_CHUNKS = [Chunk(f"d#{i}", "d", 10 * i, 10 * i + 10, "x", None, "x") for i in range(8)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 7), unique=True, max_size=8), st.lists(st.integers(0, 79), max_size=4),
       st.integers(1, 12))
def test_the_passages_hold_what_the_answer_quotes(ranked, quoted_at, k):
    hits = [Hit(_CHUNKS[i], 1.0 / (r + 1)) for r, i in enumerate(ranked)]
    cits = [Citation(n + 1, "d", "t", None, None, "q", o, o + 1, "u") for n, o in enumerate(quoted_at)]
    out = [h.chunk.chunk_id for h in quoted_first(hits, cits, {"d": _CHUNKS}, k)]
    quoted = list(dict.fromkeys(f"d#{o // 10}" for o in quoted_at))
    missing = [c for c in quoted if c not in {h.chunk.chunk_id for h in hits}]
    assert len(out) == len(set(out)) and len(out) <= max(k, len(hits))
    if not missing:
        assert out == [h.chunk.chunk_id for h in hits]  # a quote retrieval found: ranking untouched
    else:
        assert out[:len(missing)] == missing[:k]  # the quoted passages retrieval missed come first
        rest = out[len(missing):]
        assert rest == [h.chunk.chunk_id for h in hits][:len(rest)]  # then the ranking, in order


@pytest.mark.parametrize("typed", ["f35", "F-35", "f35s", "F-35's", "f-35"])
def test_a_type_name_is_one_word_in_either_spelling(typed):
    from rag.tokens import tokenize
    assert {"f35", "f-35"} <= set(tokenize(f"hoeveel {typed} naar bulgarije"))
    assert "defensie" in tokenize("defensie-uitgaven") and "2022" in tokenize("in 2022")  # no type names


def test_a_verbs_forms_with_and_without_its_eer_are_one_word():
    from rag.tokens import tokenize
    # "gerubriceerd als «NATO Restricted»" is found by "rubricering" (and by "classification", its gloss)
    assert tokenize("gerubriceerd") == tokenize("rubricering") == tokenize("rubriceren")
    assert tokenize("geannoteerde") == tokenize("annoteren") and tokenize("geïnformeerd") == tokenize("informeren")
    assert tokenize("sfeer") == ["sfeer"]  # a short word ending so is left alone
