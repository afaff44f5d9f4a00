"""The index on disk: incremental, atomic, locked, and loud about damage."""
from __future__ import annotations

import json
import shutil
import threading
import time
from dataclasses import replace

import numpy as np
import pytest

from rag.indexing import build_index, ensure_index, index_status
from rag.layout import IndexLayout
from rag.store import IndexStateError, Store, make_faiss


@pytest.fixture
def index_copy(config, store, tmp_path):
    """A private copy of the session index (and its embedding cache) plus a private corpus."""
    corpus = tmp_path / "corpus"
    shutil.copytree(config.corpus_dir, corpus)
    shutil.copytree(config.index_dir, tmp_path / "index")
    cfg = replace(config, corpus_dir=corpus, index_dir=tmp_path / "index")
    build_index(cfg)  # corpus path changed: manifest paths differ but hashes match
    return cfg


def _build_dir(cfg):
    return IndexLayout(cfg.index_dir).live_build()


def test_noop_reindex_is_fast_and_does_not_load_the_model(index_copy):
    t = time.perf_counter()
    rep = build_index(index_copy, embedder=object())  # would fail if it tried to embed
    assert not rep.built and time.perf_counter() - t < 5
    assert index_status(index_copy) is None


def test_changed_letter_is_detected_and_only_it_is_reembedded(index_copy, pipeline):
    f = index_copy.corpus_dir / "kst-28676-418.txt"
    f.write_text(f.read_text() + "\nDit is een nieuwe alinea over de NAVO en Oekraïne.\n")
    assert "kst-28676-418" in index_status(index_copy)
    with pytest.raises(IndexStateError):
        from rag.pipeline import Pipeline
        Pipeline.load(index_copy, rebuild=False)
    rep = build_index(index_copy, embedder=pipeline.embedder)
    assert rep.built and 0 < rep.embedded <= 10  # the new chunk/sentences, nothing else
    assert index_status(index_copy) is None


@pytest.mark.parametrize("damage", ["truncate_faiss", "garble_chunks", "drop_manifest", "vectors_out_of_sync",
                                    "no_current", "zeroed_sentences", "edited_terms"])
def test_damaged_index_is_detected_and_rebuilt(index_copy, pipeline, damage):
    b = _build_dir(index_copy)
    if damage == "truncate_faiss":
        data = (b / "chunks.faiss").read_bytes()
        (b / "chunks.faiss").write_bytes(data[: len(data) // 3])
    elif damage == "garble_chunks":
        (b / "chunks.jsonl").write_text("{not json\n")
    elif damage == "drop_manifest":
        (b / "manifest.json").unlink()
    elif damage == "vectors_out_of_sync":
        np.save(b / "sentences.npy", np.zeros((3, 384), np.float32))
    elif damage == "no_current":
        IndexLayout(index_copy.index_dir).current.unlink()
    elif damage == "zeroed_sentences":  # same shape, same size: only the checksum tells
        arr = np.load(b / "sentences.npy")
        np.save(b / "sentences.npy", np.zeros_like(arr))
    elif damage == "edited_terms":
        (b / "terms.json").write_text("[]")
    with pytest.raises(IndexStateError) as e:
        if damage in ("drop_manifest", "no_current"):
            reason = index_status(index_copy)
            assert reason
            raise IndexStateError(reason)
        Store.load(index_copy.index_dir)
    assert str(e.value) and "\n" not in str(e.value)
    if damage.startswith(("zeroed", "edited")):
        assert "does not match its checksum" in str(e.value)
    store = ensure_index(index_copy, embedder=pipeline.embedder)
    assert len(store.chunks) == len(pipeline.store.chunks)


def test_other_embedder_in_manifest_means_rebuild(index_copy):
    m = _build_dir(index_copy) / "manifest.json"
    data = json.loads(m.read_text())
    data["embedder"]["name"] = "st:some-other-model"
    m.write_text(json.dumps(data))
    assert "embedder" in index_status(index_copy)


def test_a_build_from_an_older_tokenizer_means_rebuild(index_copy):
    m = _build_dir(index_copy) / "manifest.json"
    data = json.loads(m.read_text())
    del data["tokens"]  # written before the manifest named the BM25 tokenizer's version
    m.write_text(json.dumps(data))
    assert index_status(index_copy) == "the BM25 tokenizer changed"


def test_a_build_with_an_older_term_table_means_rebuild(index_copy):
    m = _build_dir(index_copy) / "manifest.json"
    data = json.loads(m.read_text())
    data["terms"] = 1  # its terms.json was read by an earlier rag/terms.py
    m.write_text(json.dumps(data))
    assert index_status(index_copy) == "the term table reads the letters differently"


def test_concurrent_index_runs_are_serialised(index_copy, pipeline):
    results, messages = [], []

    def run():
        results.append(build_index(index_copy, force=True, embedder=pipeline.embedder,
                                   progress=messages.append))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and all(r.built for r in results)
    assert any("another `rag index` is running" in m for m in messages)
    Store.load(index_copy.index_dir)  # the final index is whole
    assert len(list(IndexLayout(index_copy.index_dir).builds.iterdir())) == 1


def test_a_loaded_store_keeps_working_across_a_rebuild(index_copy, pipeline):
    old = Store.load(index_copy.index_dir)
    build_index(index_copy, force=True, embedder=pipeline.embedder)
    new = Store.load(index_copy.index_dir)
    assert old.path != new.path and not old.path.exists()
    q = pipeline.embedder.embed_queries(["NAVO"])[0]
    assert len(old.search_dense(q, 5)[1]) == 5  # still answers from memory


def test_index_type_is_chosen_by_size():
    rng = np.random.default_rng(0)
    v = rng.normal(size=(300, 16)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    assert type(make_faiss(v, hnsw_threshold=1000)).__name__ == "IndexFlatIP"
    hnsw = make_faiss(v, hnsw_threshold=100)
    assert type(hnsw).__name__ == "IndexHNSWFlat"
    _, ids = hnsw.search(v[:5], 1)
    assert ids[:, 0].tolist() == [0, 1, 2, 3, 4]


def test_serving_pipeline_switches_to_a_rebuilt_index(index_copy, pipeline):
    from rag.pipeline import Pipeline

    serving = Pipeline(index_copy, Store.load(index_copy.index_dir), pipeline.embedder)
    before = serving.store.path
    assert serving.refresh() is False  # nothing new yet
    f = index_copy.corpus_dir / "kst-28676-328.txt"
    f.write_text(f.read_text() + "\nDe zeeslang van Loch Ness staat niet op de NAVO-agenda.\n")
    build_index(index_copy, embedder=pipeline.embedder)
    old_answer = serving.ask("Wat is de NAVO?")  # still the old build until refreshed
    assert old_answer.passages and serving.store.path == before
    assert serving.refresh() is True and serving.store.path != before
    out = serving.ask("Staat de zeeslang van Loch Ness op de agenda?").to_json()
    assert any("Loch Ness" in p["text"] for p in out["passages"])
