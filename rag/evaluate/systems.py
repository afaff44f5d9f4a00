"""The systems compared (the product and its baselines) and the runs over a split and over
ablated indexes."""
from __future__ import annotations

import time

import numpy as np

from .metrics import Outcome, aggregate, score
from .questions import Question

SYSTEMS = ("hybrid", "plain-rrf", "dense", "bm25", "sparse", "textbook")


class Textbook:
    """The textbook RAG baseline: fixed-size chunks, flat FAISS, top chunk as the answer."""

    def __init__(self, pipeline):
        import faiss
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from ..indexing import EmbeddingCache

        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
        self.chunks = []
        for L in pipeline.store.letters.values():
            for d in splitter.create_documents([L.text]):
                s = d.metadata["start_index"]
                self.chunks.append((L.doc_id, s, s + len(d.page_content), d.page_content))
        cache = EmbeddingCache(pipeline.config.embedding_cache, pipeline.embedder.name)
        vecs = cache.embed(pipeline.embedder, [c[3] for c in self.chunks], "passage", label="textbook chunks")
        self.index = faiss.IndexFlatIP(vecs.shape[1])
        self.index.add(vecs)

    def run(self, qvec: np.ndarray) -> Outcome:
        t = time.perf_counter()
        _, ids = self.index.search(qvec.reshape(1, -1).astype(np.float32), 10)
        ranked = [self.chunks[i][:3] for i in ids[0] if i >= 0]
        top = self.chunks[ids[0][0]]
        return Outcome(ranked, "answered", top[3], [top], (time.perf_counter() - t) * 1e3)


def run_system(pipeline, system: str, q: Question, qvec: np.ndarray, embed_ms: float,
               textbook: Textbook | None, asked: str | None = None) -> Outcome:
    """One system's outcome for ``q``; ``asked`` and ``qvec`` from ``pipeline.embed_question``."""
    if system == "textbook":
        o = textbook.run(qvec)
        o.latency_ms += embed_ms
        return o
    t = time.perf_counter()
    retr, mode = pipeline.retriever, system
    if system == "plain-rrf":  # dense + BM25 for every language: no language-aware fusion, no names list
        from dataclasses import replace

        cfg = pipeline.config
        retr = retr.with_config(replace(cfg, bm25_weight_en=cfg.bm25_weight_nl, sparse_weight_nl=0.0,
                                        sparse_weight_en=0.0, glossary_en=False, names_weight=0.0))
        mode = "hybrid"
    r = pipeline.respond(asked or q.question, qvec, q.language, k=10, mode=mode, retriever=retr)
    hits, reply = r.hits, r.reply
    return Outcome([(h.chunk.doc_id, h.chunk.start, h.chunk.end) for h in hits], reply.status, reply.text,
                   [(c.doc_id, c.start, c.end, c.quote) for c in reply.citations],
                   (time.perf_counter() - t) * 1e3 + embed_ms, pipeline.answerer.confidence(hits))


def run_eval(pipeline, questions: list[Question], split: str = "test", systems=SYSTEMS,
             progress=None) -> dict:
    """Run every system on the split; returns {"summary", "by_kind", "questions"}."""
    qs = [q for q in questions if q.split == split or (split == "all" and not q.split.startswith("natural"))]
    textbook = Textbook(pipeline) if "textbook" in systems else None
    letters = pipeline.store.letters
    per: dict[str, list[tuple[Question, dict]]] = {s: [] for s in systems}
    details = []
    for i, q in enumerate(qs):
        t = time.perf_counter()
        asked, qvec = pipeline.embed_question(q.question, q.language)
        embed_ms = (time.perf_counter() - t) * 1e3
        row = {"id": q.id, "question": q.question, "language": q.language, "kind": q.kind,
               "doc_ids": q.doc_ids}
        for s in systems:
            o = run_system(pipeline, s, q, qvec, embed_ms, textbook, asked)
            m = score(q, o, letters)
            per[s].append((q, m))
            if s == "hybrid":
                row.update(answer=o.answer, abstained=o.abstained, status=o.status, confidence=o.confidence,
                           cited=[c[0] for c in o.citations], top_docs=[r[0] for r in o.ranked[:5]], metrics=m)
        details.append(row)
        if progress:
            progress(i + 1, len(qs))
    summary = {s: {lang: aggregate([(q, m) for q, m in per[s] if lang == "all" or q.language == lang])
                   for lang in ("nl", "en", "all")} for s in systems}
    kinds = sorted({q.kind for q in qs})
    by_kind = {s: {k: aggregate([(q, m) for q, m in per[s] if q.kind == k]) for k in kinds} for s in systems}
    return {"split": split, "n": len(qs), "embedder": pipeline.embedder.name,
            "abstain_threshold": pipeline.answerer.thresholds,
            "summary": summary, "by_kind": by_kind, "questions": details}


# Index-level ablations: each is the hybrid system over an index built with other settings
# (in <index>/ablations/<name>, sharing the passage-vector cache, so only new texts are
# embedded: about a minute per ablation the first time, seconds after that).
ABLATIONS: dict[str, dict] = {
    "no context header": {"context_header": False},
    "chunks 400/60": {"chunk_size": 400, "chunk_overlap": 60},
    "chunks 1200/180": {"chunk_size": 1200, "chunk_overlap": 180},
}


def run_ablations(pipeline, questions: list[Question], split: str, progress_msg=None, tick=None) -> dict:
    """{"hybrid: <ablation>": summary by language} — the hybrid system over each ablated index
    (same embedder, sentence model and thresholds)."""
    from dataclasses import replace

    from ..pipeline import Pipeline
    from ..indexing import ensure_index

    cfg = pipeline.config
    out = {}
    for name, overrides in ABLATIONS.items():
        acfg = replace(cfg, index_dir=cfg.index_dir / "ablations" / name.replace(" ", "-").replace("/", "-"),
                       cache_dir=cfg.embedding_cache, **overrides)
        store = ensure_index(acfg, progress_msg, embedder=pipeline.embedder) if progress_msg else \
            ensure_index(acfg, embedder=pipeline.embedder)
        report = run_eval(Pipeline(acfg, store, pipeline.embedder), questions, split, ("hybrid",), tick)
        out[f"hybrid: {name}"] = report["summary"]["hybrid"]
    return out


