"""``rag index``, ``letters``, ``add``, ``remove``, ``restore``, ``trash``: the letters and their index.

The corpus operations themselves are :mod:`rag.ingest`'s and :mod:`rag.trash`'s; these
commands print what happened, one line per file or letter, and the re-index it caused.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import EXIT_FAIL, EXIT_OK, UsageError, config_of, err, progress, store_option


def index_parser(sub) -> None:
    s = sub.add_parser("index", help="build or update the index (incremental)")
    store_option(s)
    s.add_argument("--rebuild", action="store_true", help="rebuild even when up to date")
    s.add_argument("--cluster", metavar="local|ADDRESS",
                   help="embed on Dask workers: 'local' starts them here, or a scheduler such as "
                        "tcp://host:8786 (needs the [cluster] extra; docs/cluster.md)")
    s.add_argument("--workers", type=int, help="with --cluster local: worker processes (default 2, one per core)")
    s.set_defaults(func=cmd_index)


def cmd_index(args) -> int:
    from ..indexing import build_index

    cfg = config_of(args)
    if args.workers is not None and (args.cluster != "local" or args.workers < 1):
        raise UsageError("--workers N (N ≥ 1) goes with --cluster local; a remote cluster has its own workers")
    if args.cluster:
        from ..cluster import build_on_cluster

        rep = build_on_cluster(cfg, args.cluster, args.workers or 2, force=args.rebuild, progress=progress)
    else:
        rep = build_index(cfg, force=args.rebuild, progress=progress)
    if rep.built:
        print(f"indexed {rep.letters} letters: {rep.chunks} chunks, {rep.sentences} sentences "
              f"({rep.embedded} texts embedded, the rest from cache) in {rep.seconds:.1f} s")
    else:
        print(f"index is up to date ({rep.letters} letters; checked in {rep.seconds * 1000:.0f} ms)")
    return EXIT_OK


def letters_parser(sub) -> None:
    s = sub.add_parser("letters", help="list the indexed letters")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_letters)


def cmd_letters(args) -> int:
    from ..indexing import ensure_index

    store = ensure_index(config_of(args), progress)
    rows = []
    for L in sorted(store.letters.values(), key=lambda L: L.number):
        n = store.manifest["letters"][L.doc_id]["chunks"]
        rows.append({"doc_id": L.doc_id, "number": L.number, "date": L.date, "title": L.title,
                     "subject": L.subject, "signatories": [f"{s.name} ({s.role})" for s in L.signatories],
                     "sections": [s.path for s in L.sections], "chunks": n, "url": L.url})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        print(f"{r['doc_id']}  {r['date']}  {r['title']}  ({r['chunks']} chunks)")
        print(f"    {r['subject'][:110]}")
        print(f"    {'; '.join(r['signatories'])}")
    return EXIT_OK


def corpus_parsers(sub) -> None:
    """add, remove, restore, trash: the commands that change (or list) the corpus."""
    s = sub.add_parser("add", help="add letters (HTML, XML, PDF, text) to the corpus and re-index")
    s.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="letter files or folders (recursive)")
    s.add_argument("--no-index", action="store_true", help="only add to the corpus; `rag index` later")
    s.add_argument("-q", "--quiet", action="store_true", help="print only skipped files and errors per file")
    s.add_argument("--replace", action="store_true",
                   help="overwrite a letter that is already in the corpus with different text")
    s.set_defaults(func=cmd_add)
    s = _letter_command(sub, "remove", "move a letter to the trash and re-index (--purge: delete for good)",
                        cmd_remove)
    s.add_argument("--purge", action="store_true",
                   help="delete the letter and its trashed versions for good (says what first)")
    s.add_argument("--yes", action="store_true", help="with --purge: do not ask for confirmation")
    _letter_command(sub, "restore", "bring back the latest trashed version of a letter and re-index", cmd_restore)
    s = sub.add_parser("trash", help="list the trashed letters")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_trash)


def _letter_command(sub, name: str, help_text: str, func) -> argparse.ArgumentParser:
    """A command that takes one letter's doc id."""
    s = sub.add_parser(name, help=help_text)
    s.add_argument("doc_id", metavar="DOC_ID", help="the letter's doc id, e.g. kst-28676-418")
    s.set_defaults(func=func)
    return s


def _index_line(rep) -> str | None:
    if rep is None:
        return None
    if rep.built:
        return (f"index updated: {rep.letters} letters, {rep.chunks} chunks "
                f"({rep.embedded} texts embedded, the rest from cache) in {rep.seconds:.1f} s")
    return f"index is up to date ({rep.letters} letters)"


def cmd_add(args) -> int:
    """Add letter files/folders (HTML, XML, PDF, text); one line per file as it is decided
    (--quiet: only skipped files and errors), progress on stderr, then a summary and one
    re-index. Ctrl-C stops between files; the same command resumes.
    Exit 0 if a letter was added or nothing failed (e.g. all duplicates), else 1."""
    from ..ingest.bulk import bulk_add

    cfg = config_of(args)

    def show(r) -> None:
        if not args.quiet or r.status != "added":
            print(r.line(), flush=True)

    report = bulk_add(args.paths, cfg, replace=args.replace, reindex=not args.no_index, on_result=show,
                      on_progress=lambda t: t.total > 1 and progress(t.line()), progress=progress)
    if not report.tally.total:
        raise UsageError("no files found in: " + ", ".join(str(p) for p in args.paths))
    print(report.tally.summary())
    if report.interrupted:
        err(f"interrupted after {report.tally.done} of {report.tally.total} files; run the same command "
            "again to go on (letters already added are skipped)")
        return 130
    changed = report.tally.added + report.tally.replaced or (report.index and report.index.built)
    if changed and (line := _index_line(report.index)):  # all duplicates, index up to date: no line
        print(line)
    if report.index_error:
        err(f"letters were stored but indexing failed: {report.index_error}")
    return EXIT_OK if report.ok else EXIT_FAIL


def _corpus_change(report, what: str) -> int:
    if (line := _index_line(report.index)):
        print(line)
    if report.index_error:
        err(f"the letter was {what} but indexing failed: {report.index_error}")
        return EXIT_FAIL
    return EXIT_OK


def cmd_remove(args) -> int:
    """Move one letter (by doc id) to the corpus trash and re-index; --purge deletes it for good."""
    from ..ingest import purge_letter, remove_letter

    cfg = config_of(args)
    if args.purge:
        files, _ = purge_letter(args.doc_id, cfg, dry_run=True)
        print(f"deleting for good ({len(files)} files):")
        for f in files:
            print(f"  {f}")
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError("--purge deletes for good: add --yes to confirm without a terminal")
            if input("delete these files for good? [y/N] ").strip().lower() not in ("y", "yes", "j", "ja"):
                print("nothing deleted")
                return EXIT_OK
        _, report = purge_letter(args.doc_id, cfg, progress=progress)
        print(f"purged {report.doc_id}")
        return _corpus_change(report, "purged")
    report = remove_letter(args.doc_id, cfg, progress=progress)
    print(f"moved {report.doc_id} to the trash ({report.trashed}); `rag restore {report.doc_id}` brings it back")
    return _corpus_change(report, "removed")


def cmd_restore(args) -> int:
    """Bring the latest trashed version of a letter back and re-index."""
    from ..ingest import restore_letter

    report = restore_letter(args.doc_id, config_of(args), progress=progress)
    print(f"restored {report.doc_id} ({report.path})")
    return _corpus_change(report, "restored")


def cmd_trash(args) -> int:
    """List the trashed versions, newest first."""
    from .. import trash

    found = trash.entries(config_of(args).corpus_dir)
    if args.json:
        print(json.dumps([{"doc_id": e.doc_id, "removed": e.removed, "why": e.why, "folder": str(e.folder),
                           "files": [str(f) for f in e.files()]} for e in found], indent=2))
        return EXIT_OK
    if not found:
        print("the trash is empty")
    for e in found:
        print(f"{e.doc_id}  {e.why} {e.removed}  ({len(e.files())} files in {e.folder})")
    return EXIT_OK
