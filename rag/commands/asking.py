"""``rag ask`` and ``rag chat``: questions in, quoted answers with citations out.

``ask`` answers one question, or JSON lines from stdin that each carry their conversation;
``chat`` keeps the conversation itself, so follow-ups work. Both take the same filters,
checked by :mod:`rag.filters` as the app checks them.
"""
from __future__ import annotations

import json
import sys

from ..labels import labels
from .common import EXIT_OK, UsageError, config_of, err, progress, store_option


def _asking(s) -> None:
    """The options `ask` and `chat` share: how many passages, and the filters."""
    store_option(s)
    s.add_argument("--k", type=int, help="passages to return (default 10)")
    s.add_argument("--letter", action="append", help="only this letter (doc id or number); repeatable")
    s.add_argument("--date-from", help="only letters on/after this date (YYYY-MM-DD)")
    s.add_argument("--date-to", help="only letters on/before this date (YYYY-MM-DD)")
    s.add_argument("--signatory", help="only letters signed by (part of) this name or role")
    s.add_argument("--no-rebuild", action="store_true", help="fail instead of rebuilding a missing/stale index")


def ask_parser(sub) -> None:
    s = sub.add_parser("ask", help="ask a question")
    s.add_argument("question", nargs="*", help="the question (Dutch or English)")
    _asking(s)
    s.add_argument("--json", action="store_true", help="print the JSON contract")
    s.add_argument("--jsonl", action="store_true",
                   help="read questions from stdin, one per line (text or {\"question\", \"history\"}); "
                        "write JSON lines")
    s.set_defaults(func=cmd_ask)


def chat_parser(sub) -> None:
    s = sub.add_parser("chat", help="an interactive session with follow-up questions")
    _asking(s)
    s.add_argument("--plain", action="store_true", help="read questions from a pipe, one per line (no prompt)")
    s.set_defaults(func=cmd_chat)


def format_answer(result, store) -> str:
    """Human-readable answer: the quotes, then numbered citations."""
    lab = labels(result.language)
    lines = []
    if result.notice:
        lines += [f"({result.notice})", ""]
    if result.interpreted_as and result.interpreted_as != result.question:
        lines += [f"({lab['understood']}: {result.interpreted_as})", ""]
    if result.intent == "smalltalk":  # "hallo", "bedankt!": the fixed reply only (rag/smalltalk.py)
        return "\n".join(lines + [result.answer])
    lines += [f"{lab['answer']}: {result.answer}", ""]
    if result.status == "partial":
        lines[-2] = f"{lab['answer']} ({lab['partly']}): {result.answer}"
    if result.citations:
        lines.append(f"{lab['references']}:")
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
    from ..filters import check_k, iso_bound

    try:
        check_k(args.k, 10)
        iso_bound(args.date_from, end=False), iso_bound(args.date_to, end=True)
    except ValueError as e:
        raise UsageError(f"--{str(e)}" if str(e).startswith("k ") else str(e)) from None


def _filters(args, store):
    """The --letter/--date-from/--date-to/--signatory options, checked like the app's filters."""
    from ..filters import make_filters

    try:
        return make_filters(store, args.letter, args.date_from, args.date_to, args.signatory)
    except ValueError as e:
        raise UsageError(str(e)) from None


def _jsonl_requests(stream):
    """Yield (question, history, error) per input line: plain text, or
    {"question": ..., "history": [{"question": ..., "citations": [...]?, "status": ...?}, ...]?}."""
    from ..conversation import turns_from

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
    from ..pipeline import Pipeline, QuestionError

    if not args.jsonl and not args.question:
        raise UsageError("give a question, or --jsonl to read questions from stdin")
    if args.jsonl and args.question:
        raise UsageError("give either a question or --jsonl, not both")
    _check_options(args)
    cfg = config_of(args)
    if not args.jsonl:
        question = " ".join(args.question)
        from ..pipeline import clean_question
        try:
            clean_question(question, cfg.max_question_chars)  # fail fast, before loading the model
        except QuestionError as e:
            raise UsageError(str(e)) from e
    pipe = Pipeline.load(cfg, progress=progress, rebuild=not args.no_rebuild)
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
    from ..conversation import Turn
    from ..pipeline import Pipeline, QuestionError

    if not sys.stdin.isatty() and not args.plain:
        raise UsageError("rag chat is interactive: run it in a terminal (or pass --plain to read stdin)")
    try:
        import readline  # noqa: F401  (line editing and ↑ history for input())
    except ImportError:  # not on every platform; input() still works
        pass
    _check_options(args)
    cfg = config_of(args)
    pipe = Pipeline.load(cfg, progress=progress, rebuild=not args.no_rebuild)
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
            err(str(e))
            continue
        print(format_answer(result, pipe.store) + "\n", flush=True)
        history.append(Turn.of(line, result))
