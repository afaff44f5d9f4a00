"""Child of phase 3 (``--compare-src``): the ``rag`` command from another source tree.

    python -m bench.children.rag_from SRC [rag arguments …]

``SRC`` holds that tree's ``rag/`` and ``ui/`` (e.g. an older commit: ``git archive REV rag ui
| tar -x -C SRC``); they are imported instead of this repository's.
"""
import sys

if __name__ == "__main__":
    src = sys.argv.pop(1)
    sys.path.insert(0, src)
    from rag.cli import main  # that tree's, whatever its main() takes: it reads sys.argv

    sys.exit(main())
