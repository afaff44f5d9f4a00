"""Shared fixtures: the real corpus, one real index (real embedder, real FAISS) per session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rag.config import Config  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("rag")


@pytest.fixture(scope="session")
def config(session_dir) -> Config:
    """A config whose index lives in the session's tmp dir. The passage-embedding cache of
    the working tree's index/ is reused when present (same vectors, just not recomputed)."""
    index = session_dir / "index"
    cache = ROOT / "index" / "cache"
    if cache.is_dir():
        shutil.copytree(cache, index / "cache")
    return Config(corpus_dir=CORPUS, index_dir=index)


@pytest.fixture(scope="session")
def pipeline(config):
    from rag.pipeline import Pipeline

    return Pipeline.load(config)


@pytest.fixture(scope="session")
def store(pipeline):
    return pipeline.store


@pytest.fixture(scope="session")
def letters():
    from rag.corpus import load_corpus

    return {L.doc_id: L for L in load_corpus(CORPUS).letters}
