"""Shared fixtures: the real corpus, one real index (real embedder, real FAISS) per session."""
from __future__ import annotations

import os
import shutil
import socket
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def free_port():
    """free_port() → an unused TCP port on 127.0.0.1."""
    return _free_port


@pytest.fixture(scope="module")
def start_app():
    """start_app(pipeline, **launch_kw) → the real app on a free 127.0.0.1 port (its URL in
    ``.rag_url``); every app started this way is closed when the test module ends."""
    from ui.app import build_app, launch

    started = []

    def start(pipeline, **kw):
        blocks = build_app(pipeline)
        blocks.rag_url = launch(blocks, "127.0.0.1", _free_port(), **kw)
        assert blocks.rag_url.startswith("http://127.0.0.1:")
        started.append(blocks)
        return blocks

    yield start
    for blocks in started:
        blocks.close()
