"""What every ``rag`` command shares: exit codes, the usage error, stderr lines, the config."""
from __future__ import annotations

import sys

from ..config import Config

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A bad command line or question: exit code 2 and one line on stderr."""


def err(msg: str) -> None:
    print(f"rag: {msg}", file=sys.stderr)


def progress(msg: str) -> None:
    print(f"rag: {msg}", file=sys.stderr, flush=True)


def config_of(args) -> Config:
    """The config, with the global --corpus / --index / --embedder options and a command's
    --store applied."""
    return Config.from_env(corpus_dir=getattr(args, "corpus", None), index_dir=getattr(args, "index", None),
                           embedder=getattr(args, "embedder", None), store=getattr(args, "store", None))


def store_option(s) -> None:
    """--store, on the commands that read or write the index (index, ask, chat, serve)."""
    s.add_argument("--store", help="where the index lives: 'faiss' (default, the --index folder), "
                                   "'milvus:<file.db>' (Milvus Lite) or 'milvus:http://host:19530' (RAG_STORE)")
