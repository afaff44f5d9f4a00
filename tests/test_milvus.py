"""The Milvus backend on a real Milvus Lite file: build, search, filters, the atomic alias
switch, one-line errors, and the same answers as the FAISS index."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pymilvus")  # the [milvus] extra; `make test` installs it

from rag.backend import Scope, open_backend  # noqa: E402
from rag.indexing import build_index, index_status  # noqa: E402
from rag.retrieval import Filters  # noqa: E402
from rag.store import IndexStateError  # noqa: E402

RAG = str(Path(sys.executable).parent / "rag")
QUESTIONS = ["Vanuit welk land worden de Nederlandse F-35's ingezet?", "Wat is DIANA?",
             "Who signed the report on the June 2021 NATO summit?", "Why are Finland and Sweden attending?",
             "Hoeveel geeft Nederland uit aan defensie?", "Wat staat er in brief 372 over Afghanistan?",
             "What is the NATO Mission Iraq?", "Welke rol hadden Finland en Zweden in februari en oktober 2022?"]


@pytest.fixture(scope="module")
def mcfg(config, store, tmp_path_factory):
    """The session's corpus and embedding cache, indexed into a Milvus Lite file."""
    db = tmp_path_factory.mktemp("milvus") / "kb.db"
    return replace(config, store=f"milvus:{db}")


@pytest.fixture(scope="module")
def mpipe(mcfg, pipeline):
    from rag.pipeline import Pipeline

    rep = build_index(mcfg, embedder=pipeline.embedder)
    assert rep.built and rep.embedded == 0  # every vector from the content-hash cache
    return Pipeline(mcfg, open_backend(mcfg).load(), pipeline.embedder)


def test_build_holds_what_the_faiss_build_holds(mpipe, store):
    m = mpipe.store
    assert [c.chunk_id for c in m.chunks] == [c.chunk_id for c in store.chunks]
    assert m.sentences == store.sentences and m.letters.keys() == store.letters.keys()
    np.testing.assert_allclose(m.sentence_vectors, store.sentence_vectors, atol=1e-6)
    np.testing.assert_allclose(m.context_vectors, store.context_vectors, atol=1e-6)
    assert [t.to_dict() for t in m.terms] == [t.to_dict() for t in store.terms]
    assert index_status(mpipe.config) is None
    assert not build_index(mpipe.config, embedder=object()).built  # up to date: no model, no write


def _lists(engine, pipeline, q: str, scope: Scope):
    from rag.tokens import tokenize

    qvec = pipeline.embedder.embed_queries([q])[0]
    return ([r.index for r in engine.dense(qvec, 20, scope)],
            [r.index for r in engine.lexical(tokenize(q), 20, scope)],
            [r.index for r in engine.latent(pipeline.encode_sparse(q), 20, scope)])


@pytest.mark.parametrize("filters", [None, Filters(letters=("418", "kst-28676-328")),
                                     Filters(date_from="2021-01-01", date_to="2022-06-30"),
                                     Filters(signatory="Ollongren"), Filters(signatory="minister van buitenlandse")])
def test_each_retriever_ranks_as_faiss_filtered_inside_milvus(mpipe, pipeline, filters):
    scope = Scope(filters)
    for q in QUESTIONS[:4]:
        want = _lists(pipeline.store.chunk_search(), pipeline, q, scope)
        got = _lists(mpipe.store.chunk_search(), pipeline, q, scope)
        assert got == want, q
        if filters is not None:
            allowed = {d for d in pipeline.store.letters if filters.allows(pipeline.store, d)}
            assert {mpipe.store.chunks[i].doc_id for run in got for i in run} <= allowed
            assert allowed and got[0]


def test_same_answers_as_faiss(mpipe, pipeline):
    for q in QUESTIONS:
        a, b = pipeline.ask(q).to_json(), mpipe.ask(q).to_json()
        assert (b["status"], [(c["doc_id"], c["start"], c["end"]) for c in b["citations"]]) == \
               (a["status"], [(c["doc_id"], c["start"], c["end"]) for c in a["citations"]]), q


def test_failed_build_leaves_the_live_one_and_no_debris(mpipe, mcfg, pipeline):
    from rag.indexing import build_manifest, embed_corpus

    backend = open_backend(mcfg)
    live, before = backend.live(), set(backend.client.list_collections())
    data = embed_corpus(list(mpipe.store.letters.values()), mcfg, pipeline.embedder)
    # sentence vectors of another dimension than the chunks': Milvus takes the chunks, then refuses them
    data.sentence_vectors = np.ascontiguousarray(data.sentence_vectors[:, :100])
    with pytest.raises(IndexStateError) as e:
        backend.write(data, build_manifest(mcfg, data), mcfg)
    assert "\n" not in str(e.value)
    assert backend.live() == live and set(backend.client.list_collections()) == before
    assert not mpipe.refresh()  # still the same build
    assert mpipe.ask(QUESTIONS[0]).citations


def test_new_build_switches_the_alias_and_a_serving_pipeline_follows(mpipe, mcfg, pipeline):
    backend = open_backend(mcfg)
    old = backend.live()
    assert build_index(mcfg, force=True, embedder=pipeline.embedder).built
    assert backend.live() != old
    assert mpipe.refresh() and mpipe.store.build_id == backend.live()
    assert len(backend._builds()) <= 2  # the live build and the one before it
    assert mpipe.ask(QUESTIONS[1]).citations


def test_unreachable_or_corrupt_store_is_one_line(config, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a milvus database" * 100)
    for spec in ["milvus:http://127.0.0.1:9", f"milvus:{bad}"]:
        r = subprocess.run([RAG, "--index", str(tmp_path / "i"), "--corpus", str(config.corpus_dir), "ask",
                            "--store", spec, "--no-rebuild", "Wat is DIANA?"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 1 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
        assert "milvus" in r.stderr.lower() or "index" in r.stderr.lower()


def test_bad_store_spec_is_a_usage_error(config):
    r = subprocess.run([RAG, "ask", "--store", "redis:x", "Wat is DIANA?"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2 and "store" in r.stderr and r.stderr.count("\n") == 1
