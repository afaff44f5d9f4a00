"""Extractive, cited question answering over Dutch parliamentary letters (Kamerbrieven).

Stages, one module each: corpus → chunking → embedding → store → retrieval → answer,
assembled in :mod:`rag.pipeline`; :mod:`rag.cli`, ``ui/`` and :mod:`rag.evaluate` sit on top.
"""
__version__ = "0.1.0"
