"""The Gradio web app, assembled: the tabs (ui/tabs/), the ``ask`` API, the queue — and serving it.

Start it with ``rag serve`` (or ``serve(config)``); tests use ``build_app`` + ``launch``.
Each tab is built and wired by its own module (chat, letters, manage, evaluation); their
events call :class:`ui.handlers.Handlers`, which answer through the pipeline and render with
:mod:`ui.render`. This module lays the tabs out in page order, wires what crosses them (the
page load, the lists of letters), sets the queue and launches.

API (``gradio_client``)::

    from gradio_client import Client
    c = Client("http://127.0.0.1:7860/")
    c.predict("Hoeveel F-35's levert Nederland?", [], "", "", "", 10, api_name="/ask")
    # → the JSON contract dict (question, language, abstained, answer, citations, passages, ...)
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import gradio as gr  # after ui/__init__.py has prepared its import

from rag.config import Config
from rag.pipeline import Pipeline

from . import render
from .access import EditPolicy, edit_policy
from .assets import CSS, THEME
from .handlers import Handlers
from .tabs import Context
from .tabs.chat import add_api, build_chat_tab, wire_chat
from .tabs.evaluation import build_eval_tab, wire_eval
from .tabs.letters import build_letters_tab, wire_letters
from .tabs.manage import LetterLists, wire_manage

CONCURRENCY = 4  # questions answered at once; more wait in the queue
# Questions waiting beyond this are refused at once ("queue is full") rather than left waiting.
# 64 leaves room for 50 clients asking at once (tests/test_load.py: 0 rejections; on a busy
# 2-core machine the last of them waits ~15 s). Quick UI events (citation clicks, the letter
# reader, page load) skip the queue, so they neither count here nor wait behind questions.
QUEUE_SIZE = 64
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # per file, refused by the upload route (= rag.ingest.MAX_BYTES)


def build_app(pipeline: Pipeline, questions_path: Path | None = None, edits: EditPolicy | None = None) -> gr.Blocks:
    """The whole app over one loaded pipeline (queue configured; call :func:`launch` to serve).
    ``edits``: whether its users may add, remove and restore letters (ui/access.py)."""
    h = Handlers(pipeline, questions_path, edits=edits)
    with gr.Blocks(title="Kamerbrieven NAVO — vragen en antwoorden", analytics_enabled=False) as app:
        ctx = Context(h, lang=gr.State("nl"), turns=gr.State([]), nonce=gr.State(0))
        header = gr.HTML(render.render_header(len(h.store.letters)), js_on_load=None)
        with gr.Tabs():
            chat = build_chat_tab(ctx)
            letters = build_letters_tab(ctx)
            evals = build_eval_tab(ctx)
        wire_chat(ctx, chat, letters.table, [chat.tab, letters.tab, evals.tab])
        wire_letters(ctx, letters)
        wire_eval(ctx, evals)
        add_api(h)
        lists = LetterLists(h, header, letters.table, chat.filters.letters, chat.filters.signatory, letters.pick,
                            letters.manage.remove_pick, letters.manage.trash_pick)
        wire_manage(ctx, letters.manage, lists)

        def on_load(chosen):
            h.pipeline.refresh()  # letters added/removed since the app was built (UI or `rag add`)
            return lists.updates("nl", chosen)

        app.load(on_load, [chat.filters.letters], lists.components(), api_visibility="private",
                 show_progress="hidden", queue=False)
    app.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    app.rag_handlers = h  # for tests and scripts
    return app


# ---------------------------------------------------------------- serving


def auth_from_env(env=os.environ):
    """Basic auth from RAG_UI_USER / RAG_UI_PASSWORD: both set → (user, password); neither → None."""
    user, pw = env.get("RAG_UI_USER", ""), env.get("RAG_UI_PASSWORD", "")
    if bool(user) != bool(pw):
        raise ValueError("set both RAG_UI_USER and RAG_UI_PASSWORD (or neither)")
    return (user, pw) if user else None


def launch(app: gr.Blocks, host: str = "127.0.0.1", port: int | None = 7860, auth=None,
           prevent_thread_lock: bool = True, quiet: bool = True) -> str:
    """Start serving ``app``; returns its local URL. No share links, no analytics, no monitoring
    endpoint, no SSR/node, no extra file paths; uploads are capped at ``MAX_UPLOAD_BYTES``."""
    app.launch(server_name=host, server_port=port, share=False, auth=auth, prevent_thread_lock=prevent_thread_lock,
               quiet=quiet, show_error=False, ssr_mode=False, mcp_server=False, pwa=False, enable_monitoring=False,
               max_file_size=MAX_UPLOAD_BYTES, run_history=False, footer_links=["api"], theme=THEME, css=CSS,
               auth_message="Kamerbrieven NAVO" if auth else None)
    return app.local_url


def _log(msg: str) -> None:
    print(f"rag: {msg}", file=sys.stderr, flush=True)


def serve(config: Config | None = None, host: str = "127.0.0.1", port: int = 7860, share: str = "never",
          loading=None, started: float | None = None, allow_anonymous_edits: bool = False) -> int:
    """`rag serve`: load (or build) the index once, then serve until interrupted. Returns an exit code.
    ``loading`` may be a Future of the Pipeline, started before this module (and Gradio) was imported;
    ``started``: the ``time.perf_counter()`` the command started at (for the 'ready in' line)."""
    if share != "never":
        _log("public share links are disabled (--share never)")
        return 2
    try:
        auth = auth_from_env()
    except ValueError as e:
        _log(str(e))
        return 2
    config = config or Config.from_env()
    t0 = time.perf_counter()
    if loading is None:
        _log(f"loading the index from {config.index_dir} (it is built first if missing or stale)…")
    # IndexStateError etc. are reported by the CLI
    pipeline = loading.result() if loading is not None else Pipeline.load(config, progress=_log)
    t1 = time.perf_counter()
    edits = edit_policy(host, auth is not None, allow_anonymous_edits)
    app = build_app(pipeline, edits=edits)
    t2 = time.perf_counter()
    url = launch(app, host, port, auth=auth, prevent_thread_lock=True)
    t3 = time.perf_counter()
    since = started if started is not None else t0
    _log(f"ready in {t3 - since:.1f} s: {url}" + (" (basic auth on)" if auth else "")
         + f" [imports {t0 - since:.2f} s, index wait {t1 - t0:.2f} s, app {t2 - t1:.2f} s, launch {t3 - t2:.2f} s]")
    _log(("edits on: " if edits.allowed else "") + edits.reason)
    if host not in ("127.0.0.1", "localhost", "::1"):
        _log(f"warning: listening on {host}, reachable from other machines")
    _stop_on_sigterm()
    try:
        app.block_thread()  # returns on Ctrl-C (and, via _stop_on_sigterm, on SIGTERM)
    finally:
        app.close()
    _log("stopped")
    return 0


def _stop_on_sigterm() -> None:
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        def handler(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, handler)
