"""The Gradio web app: chat with citations, source viewer, letters, eval — and the ``ask`` API.

Start it with ``rag serve`` (or ``serve(config)``); tests use ``build_app`` + ``launch``.
All retrieval and answering is the pipeline's (``Pipeline.ask``); this module only wires
Gradio components to it and renders its JSON contract with :mod:`ui.render`.

API (``gradio_client``)::

    from gradio_client import Client
    c = Client("http://127.0.0.1:7860/")
    c.predict("Hoeveel F-35's levert Nederland?", [], "", "", "", 10, api_name="/ask")
    # → the JSON contract dict (question, language, abstained, answer, citations, passages, ...)
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Idle OpenMP threads sleep instead of spinning: on a busy 2-core machine, spinning made a query
# embedding in the main thread take ~1.7 s instead of ~30 ms. Read when the OpenMP runtime loads,
# so it only helps when nothing imported rag.store/faiss before this module (tests, scripts);
# the app itself answers in worker threads, which were not affected.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import gradio as gr  # noqa: E402

from rag.config import Config  # noqa: E402
from rag.pipeline import Pipeline, QuestionError  # noqa: E402
from rag.retrieval import Filters  # noqa: E402

from . import render  # noqa: E402

CONCURRENCY = 4  # questions answered at once; more wait in the queue
QUEUE_SIZE = 64
MAX_TURNS = 20  # conversation turns kept per browser session
MAX_K = 30

EXAMPLES = [
    "Hoeveel F-35 jachtvliegtuigen levert Nederland voor Air Policing?",
    "Waarom is de bijeenkomst van NAVO-defensieministers in oktober 2022 bijzonder?",
    "Wat is het Strategisch Concept van de NAVO?",
    "Why are Finland and Sweden attending the NATO defence ministers meeting?",
    "What does the cabinet think about China in the new Strategic Concept?",
    "Who signed the report on the NATO summit of June 2021?",
]

# ---------------------------------------------------------------- the shared code path


def _iso_bound(value: str | None, end: bool) -> str | None:
    """'' → None; 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' → a full ISO date (period start or end)."""
    value = (value or "").strip()
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m or (m[2] and not 1 <= int(m[2]) <= 12) or (m[3] and not 1 <= int(m[3]) <= 31):
        raise ValueError(f"invalid date {value!r}: use YYYY-MM-DD")
    return f"{m[1]}-{m[2] or ('12' if end else '01')}-{m[3] or ('31' if end else '01')}"


def make_filters(store, letters=None, date_from=None, date_to=None, signatory=None) -> Filters:
    """Filters from UI/API values, validated (unknown letters and bad dates raise ValueError)."""
    if isinstance(letters, str):
        letters = [letters]
    chosen = tuple(str(x).strip() for x in (letters or []) if str(x).strip())
    known = set(store.letters) | {str(L.number) for L in store.letters.values()}
    unknown = [x for x in chosen if x not in known]
    if unknown:
        raise ValueError(f"unknown letter(s): {', '.join(unknown)} (known: {', '.join(sorted(store.letters))})")
    lo, hi = _iso_bound(date_from, end=False), _iso_bound(date_to, end=True)
    if lo and hi and lo > hi:
        raise ValueError(f"date range is empty: {lo} is after {hi}")
    return Filters(letters=chosen, date_from=lo, date_to=hi, signatory=(signatory or "").strip() or None)


def ask_json(pipeline: Pipeline, question: str, letters=None, date_from=None, date_to=None,
             signatory=None, k=None) -> dict:
    """One question → the JSON contract. Used by both the chat and the ``ask`` API endpoint.
    ``passages`` holds max(k, 10) passages (the contract promises at least the top 10); the
    sources panel shows ``k``. Raises QuestionError / ValueError."""
    k = int(k) if k not in (None, "") else pipeline.config.top_k
    if not 1 <= k <= MAX_K:
        raise ValueError(f"k must be between 1 and {MAX_K}")
    filters = make_filters(pipeline.store, letters, date_from, date_to, signatory)
    pipeline.refresh()  # a rebuilt index (rag index / rag add) is picked up without a restart
    return pipeline.ask(question if isinstance(question, str) else "", k=k, filters=filters).to_json()


# ---------------------------------------------------------------- handlers


class Handlers:
    """The app's event handlers, as plain methods over one loaded pipeline (testable without a server)."""

    def __init__(self, pipeline: Pipeline, questions_path: Path | None = None):
        self.pipeline = pipeline
        self.questions_path = questions_path or default_questions_path(pipeline.config)

    @property
    def store(self):  # follows the pipeline when it switches to a rebuilt index
        return self.pipeline.store

    @property
    def chunks(self) -> dict[str, int]:
        return {d: int(v.get("chunks", 0)) for d, v in self.store.manifest.get("letters", {}).items()}

    # -- chat / API
    def ask(self, question: str, letters: list[str] | None = None, date_from: str | None = None,
            date_to: str | None = None, signatory: str | None = None, k: int | None = None) -> dict:
        """Answer a question about the letters (Dutch or English). Returns the JSON contract:
        question, language, abstained, answer, citations [{n, doc_id, title, date, section, quote,
        start, end, url}], passages [{rank, doc_id, chunk_id, score, text, start, end, section}], timings_ms."""
        try:
            return ask_json(self.pipeline, question, letters, date_from, date_to, signatory, k)
        except ValueError as e:  # QuestionError included: a message for the caller, not a crash
            raise gr.Error(str(e), print_exception=False) from None

    def chat(self, question: str, turns: list | None, letters=None, date_from=None, date_to=None,
             signatory=None, k=None):
        """Chat submit → (chat html, sources html, viewer html, turns, language)."""
        turns = list(turns or [])
        try:
            result = ask_json(self.pipeline, question, letters, date_from, date_to, signatory, k)
            turn = {"question": result["question"], "result": result}
            lang = result["language"]
        except ValueError as e:
            from rag.language import detect_language

            lang = detect_language(question) if isinstance(question, str) and question.strip() else "nl"
            result = None
            turn = {"question": question or "", "error": str(e), "language": lang}
        turns = (turns + [turn])[-MAX_TURNS:]
        shown = None if result is None else {**result, "passages": result["passages"][:int(k or self.pipeline.config.top_k)]}
        return (render.render_chat(turns, lang), render.render_passages(shown, lang),
                render.render_viewer(None, language=lang), turns, lang)

    def open_span(self, doc_id, start, end, language: str = "nl", nonce: int = 0) -> str:
        """A click on a citation/passage → the source viewer (unknown letters: the empty viewer)."""
        letter = self.store.letters.get(str(doc_id or ""))
        if letter is None:
            return render.render_viewer(None, language=language)
        try:
            s, e = int(start), int(end)
        except (TypeError, ValueError):
            s = e = 0
        s, e = max(0, min(s, len(letter.text))), max(0, min(e, len(letter.text)))
        return render.render_viewer(letter, s, e, language, nonce)

    # -- letters
    def letter_choices(self) -> list[tuple[str, str]]:
        return [(f"{L.number} · {L.date} · {L.title}", L.doc_id)
                for L in sorted(self.store.letters.values(), key=lambda L: L.number)]

    def signatories(self) -> list[str]:
        names = {s.name for L in self.store.letters.values() for s in L.signatories}
        return sorted(names, key=lambda n: n.split()[-1])

    def letter_table(self, language: str = "nl") -> str:
        return render.render_letter_table(self.store.letters.values(), self.chunks, language)

    def read_letter(self, doc_id, language: str = "nl") -> str:
        letter = self.store.letters.get(str(doc_id or ""))
        return render.render_reader(letter, language, self.chunks.get(letter.doc_id) if letter else None)

    # -- eval
    def run_eval(self, split: str = "test", systems=("hybrid",), progress: Callable | None = None,
                 out_dir: Path | None = None):
        """Run the eval suite → (summary html, per-question html, plot png path, markdown path)."""
        from rag.evaluate import SYSTEMS, load_questions, markdown_report, plot, run_eval

        systems = tuple(s for s in (systems or ()) if s in SYSTEMS) or ("hybrid",)
        if split not in ("test", "dev", "all"):
            raise gr.Error(f"unknown split {split!r}")
        if not self.questions_path.is_file():
            raise gr.Error(f"no eval questions at {self.questions_path}")
        questions = load_questions(self.questions_path)

        def tick(i, n):
            if progress is not None:
                progress((i, n), desc=f"{i}/{n} questions", unit="questions")

        if progress is not None:
            progress(0, desc="starting")
        report = run_eval(self.pipeline, questions, split=split, systems=systems, progress=tick)
        out = Path(out_dir or tempfile.mkdtemp(prefix="rag-eval-"))
        out.mkdir(parents=True, exist_ok=True)
        png, md = out / "recall.png", out / "report.md"
        plot(report, png)
        md.write_text(markdown_report(report), encoding="utf-8")
        return render.render_eval_summary(report), render.render_eval_questions(report), str(png), str(md)


def default_questions_path(config: Config) -> Path:
    env = os.environ.get("RAG_EVAL_QUESTIONS")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(config.corpus_dir).resolve().parent):
        if (base / "eval" / "questions.jsonl").is_file():
            return base / "eval" / "questions.jsonl"
    return Path("eval/questions.jsonl")


# ---------------------------------------------------------------- layout

# A click on any button carrying data-doc inside the component → a "click" event with its span.
CLICK_JS = """
element.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-doc]');
  if (!b || !element.contains(b)) return;
  ev.preventDefault();
  trigger('click', {doc: b.dataset.doc, start: Number(b.dataset.start), end: Number(b.dataset.end)});
});
"""

# The chat scrolls its newest turn to the top of its box whenever a turn is added.
CHAT_JS = CLICK_JS + """
watch('value', () => requestAnimationFrame(() => {
  const box = element.closest('.html-container') || element.parentElement;
  const last = element.querySelector('.turn:last-child');
  if (box && last) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
}));
"""

# The source viewer scrolls its highlighted span into view whenever it changes.
SCROLL_JS = """
const show = () => {
  const m = element.querySelector('mark');
  if (!m) return;
  const box = element.querySelector('.doc');
  if (box) box.scrollTop = Math.max(0, m.offsetTop - box.offsetTop - box.clientHeight / 3);
  m.scrollIntoView({block: 'nearest'});
};
watch('value', () => requestAnimationFrame(show));
"""

# Table-of-contents links scroll inside the reader instead of changing the page's URL.
READER_JS = """
element.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[href^="#r-s"]');
  if (!a) return;
  ev.preventDefault();
  const t = element.querySelector(a.getAttribute('href'));
  if (t) t.scrollIntoView({block: 'start', behavior: 'smooth'});
});
"""

CSS = """
.gradio-container { max-width: 1440px !important; }
#app-header h1 { font-size: 1.45rem; margin: 0; }
#app-header p { margin: .2rem 0 0; color: var(--body-text-color-subdued); }
.muted { color: var(--body-text-color-subdued); }
.small { font-size: .85em; }
.panel-title { font-weight: 600; font-size: 1rem; margin-bottom: .5rem; }
#chat { border: 1px solid var(--border-color-primary); border-radius: 10px; background: var(--background-fill-secondary);
        padding: .8rem; }
.chat .welcome { color: var(--body-text-color-subdued); padding: 1rem; }
.turn { margin-bottom: 1rem; }
.msg { border-radius: 10px; padding: .6rem .8rem; margin: .35rem 0; line-height: 1.5; }
.msg .who { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--body-text-color-subdued); margin-bottom: .2rem; }
.msg .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.user { background: var(--color-accent-soft); margin-left: 18%; }
.msg.bot { background: var(--background-fill-primary); border: 1px solid var(--border-color-primary); margin-right: 6%; }
.msg.bot.abstained { border-left: 4px solid #d97706; }
.msg.bot.error { border-left: 4px solid #dc2626; }
.msg .timing { float: right; text-transform: none; }
.abstain-title { font-weight: 700; color: #b45309; }
.abstain-text { margin: .2rem 0 .4rem; }
.closest-title { font-weight: 600; font-size: .9rem; }
.closest ol { margin: .2rem 0 0 1.2rem; padding: 0; }
.closest .snippet { font-size: .88em; color: var(--body-text-color-subdued); }
blockquote.quote { margin: .3rem 0; padding: .2rem .7rem; border-left: 3px solid var(--color-accent); font-style: normal; }
ul.refs { list-style: none; margin: .4rem 0 0; padding: 0; font-size: .85em; }
button.cite { all: unset; padding: 0 .1rem; color: var(--link-text-color, #2563eb); cursor: pointer;
              text-align: left; overflow-wrap: anywhere; }
.closest button.cite, ul.refs button.cite { display: block; }
button.cite.read-link { white-space: nowrap; }
button.cite:focus-visible { outline: 2px solid var(--color-accent); outline-offset: 1px; }
button.cite:hover { text-decoration: underline; }
button.cite.marker { font-weight: 700; }
.viewer .doc, .reader .doc { border-top: 1px solid var(--border-color-primary); margin-top: .6rem; padding-top: .4rem; }
.viewer .doc { max-height: 340px; overflow-y: auto; padding-right: .4rem; }
.viewer .doc p, .reader .doc p { white-space: pre-wrap; margin: .45rem 0; line-height: 1.5; }
.viewer .doc .lsec, .reader .doc .lsec { margin: .8rem 0 .3rem; }
mark { background: #fde047; color: inherit; padding: 0 .1em; border-radius: 2px; }
.meta .kicker { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--body-text-color-subdued); }
.meta .ltitle { font-weight: 650; font-size: 1.05rem; }
.meta dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .4rem 0; font-size: .88em; }
.meta dt { color: var(--body-text-color-subdued); }
.meta dd { margin: 0; }
.meta a.official { font-size: .88em; }
#viewer, #sources { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: .8rem; background: var(--background-fill-primary); }
.sources details { border-bottom: 1px solid var(--border-color-primary); padding: .3rem 0; }
.sources summary { cursor: pointer; display: flex; gap: .5rem; align-items: baseline; font-size: .9em; }
.sources details[open] summary .sec { white-space: normal; }
.sources .rank { font-weight: 700; min-width: 2em; }
.sources .score { margin-left: auto; white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--body-text-color-subdued); }
.sources .sec { color: var(--body-text-color-subdued); flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sources .doc { white-space: nowrap; }
.sources .badge { background: #fde047; border-radius: 6px; padding: 0 .35rem; font-size: .8em; white-space: nowrap; }
.sources .ptext { white-space: pre-wrap; font-size: .88em; margin: .3rem 0; }
table.letters, table.metrics { border-collapse: collapse; width: 100%; font-size: .9em; }
table.letters, table.metrics, table.letters tr, table.metrics tr { border: none !important; margin: 0; }
table.letters th, table.letters td, table.metrics th, table.metrics td { border: none !important;
    border-bottom: 1px solid var(--border-color-primary) !important; padding: .35rem .5rem; text-align: left; vertical-align: top; }
table.letters tbody tr:hover { background: var(--background-fill-secondary); }
table.metrics tr.hybrid { font-weight: 600; background: var(--color-accent-soft); }
table.metrics.questions tr.bad td:nth-child(4) { color: #dc2626; }
table.metrics.questions tr.ok td:nth-child(4) { color: #16a34a; }
.nowrap { white-space: nowrap; }
.reader .toc ul { margin: .2rem 0 0 1rem; padding: 0; font-size: .9em; }
.reader .toc li.lvl3 { margin-left: 1rem; } .reader .toc li.lvl4 { margin-left: 2rem; }
.eval-head { margin-bottom: .5rem; }
"""

THEME = gr.themes.Soft(font=["system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
                       font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"])


def _relabel(lang: str) -> list:
    """Updates that put the chat tab's labels in ``lang`` (the order of ``relabelled`` in build_app)."""
    lab = render.labels(lang)
    return [gr.update(label=lab["question_label"], placeholder=lab["question_placeholder"], value=""),
            gr.update(value=lab["send"]), gr.update(label=lab["filters"]),
            gr.update(label=lab["letters_filter"]), gr.update(label=lab["signatory"]),
            gr.update(label=lab["date_from"]), gr.update(label=lab["date_to"]), gr.update(label=lab["k"]),
            gr.update(label=lab["tab_chat"]), gr.update(label=lab["tab_letters"]), gr.update(label=lab["tab_eval"])]


def build_app(pipeline: Pipeline, questions_path: Path | None = None) -> gr.Blocks:
    """The whole app over one loaded pipeline (queue configured; call :func:`launch` to serve)."""
    h = Handlers(pipeline, questions_path)
    nl = render.labels("nl")
    with gr.Blocks(title="Kamerbrieven NAVO — vragen en antwoorden", analytics_enabled=False) as app:
        lang = gr.State("nl")
        turns = gr.State([])
        nonce = gr.State(0)
        gr.HTML('<div id="app-header"><h1>Kamerbrieven NAVO · vragen en antwoorden</h1>'
                f'<p>{len(h.store.letters)} brieven uit dossier 28 676 · elk antwoord is een letterlijk citaat '
                'met bronverwijzing · questions in English welcome</p></div>', js_on_load=None)
        with gr.Tabs():
            with gr.Tab(nl["tab_chat"], id="chat-tab") as tab_chat:
                with gr.Row(equal_height=False):
                    with gr.Column(scale=6):
                        chat = gr.HTML(render.render_chat([], "nl"), elem_id="chat", js_on_load=CHAT_JS,
                                       min_height=380, max_height=560)
                        with gr.Row(equal_height=True):
                            question = gr.Textbox(label=nl["question_label"], placeholder=nl["question_placeholder"],
                                                  lines=1, max_lines=4, scale=8, elem_id="question",
                                                  max_length=2000)
                            send = gr.Button(nl["send"], variant="primary", scale=1, elem_id="send", min_width=90)
                        gr.Examples(EXAMPLES, inputs=[question], label="Voorbeeldvragen · Example questions")
                        with gr.Accordion(nl["filters"], open=False, elem_id="filters") as filter_box:
                            with gr.Row():
                                f_letters = gr.Dropdown(h.letter_choices(), value=[], multiselect=True,
                                                        label=nl["letters_filter"], elem_id="f-letters")
                                f_sign = gr.Dropdown([""] + h.signatories(), value="", allow_custom_value=True,
                                                     label=nl["signatory"], elem_id="f-signatory")
                            with gr.Row():
                                f_from = gr.Textbox(label=nl["date_from"], placeholder="2019-01-01", elem_id="f-from")
                                f_to = gr.Textbox(label=nl["date_to"], placeholder="2022-12-31", elem_id="f-to")
                                f_k = gr.Slider(1, MAX_K, value=pipeline.config.top_k, step=1, label=nl["k"],
                                                elem_id="f-k")
                    with gr.Column(scale=5):
                        viewer = gr.HTML(render.render_viewer(None, language="nl"), elem_id="viewer",
                                         js_on_load=SCROLL_JS)
                        sources = gr.HTML(render.render_passages(None, "nl"), elem_id="sources",
                                          js_on_load=CLICK_JS, max_height=420)
            with gr.Tab(nl["tab_letters"], id="letters-tab") as tab_letters:
                letter_table = gr.HTML(h.letter_table("nl"), elem_id="letter-table", js_on_load=CLICK_JS)
                letter_pick = gr.Dropdown(h.letter_choices(), value=None, label="Brief lezen · read a letter",
                                          elem_id="letter-pick")
                reader = gr.HTML(render.render_reader(None, "nl"), elem_id="reader", js_on_load=READER_JS)
            with gr.Tab(nl["tab_eval"], id="eval-tab") as tab_eval:
                from rag.evaluate import SYSTEMS

                gr.Markdown("Draai de evaluatieset (`eval/questions.jsonl`) op de geladen index. "
                            "Runs the eval suite on the loaded index; all systems on the test split take ~30 s.")
                with gr.Row():
                    e_split = gr.Radio(["test", "dev", "all"], value="test", label="Split", elem_id="e-split")
                    e_systems = gr.CheckboxGroup(list(SYSTEMS), value=list(SYSTEMS), label="Systemen · systems",
                                                 elem_id="e-systems")
                    e_run = gr.Button("Start evaluatie", variant="primary", elem_id="e-run")
                e_summary = gr.HTML("", elem_id="e-summary", js_on_load=None)
                with gr.Row():
                    e_plot = gr.Image(label="recall@k", type="filepath", interactive=False, elem_id="e-plot",
                                      height=420, scale=4, buttons=["download", "fullscreen"])
                    e_md = gr.File(label="report.md", interactive=False, elem_id="e-md", scale=1)
                e_questions = gr.HTML("", elem_id="e-questions", js_on_load=None)

        # -- events
        filters = [f_letters, f_from, f_to, f_sign, f_k]

        relabelled = [question, send, filter_box, f_letters, f_sign, f_from, f_to, f_k,
                      tab_chat, tab_letters, tab_eval]

        def on_chat(q, t, *f):
            c, s, v, t2, lg = h.chat(q, t, *f)
            return (c, s, v, t2, lg, h.letter_table(lg), *_relabel(lg))

        chat_outputs = [chat, sources, viewer, turns, lang, letter_table, *relabelled]
        for trigger in (send.click, question.submit):
            trigger(on_chat, [question, turns, *filters], chat_outputs, api_visibility="private",
                    show_progress="minimal", show_progress_on=[chat])

        def on_open(evt: gr.EventData, lg, n):
            data = evt._data or {}
            return h.open_span(data.get("doc"), data.get("start"), data.get("end"), lg, n + 1), n + 1

        chat.click(on_open, [lang, nonce], [viewer, nonce], api_visibility="private", show_progress="hidden")
        sources.click(on_open, [lang, nonce], [viewer, nonce], api_visibility="private", show_progress="hidden")

        def on_table(evt: gr.EventData):
            return gr.update(value=(evt._data or {}).get("doc"))

        letter_table.click(on_table, None, letter_pick, api_visibility="private", show_progress="hidden")
        letter_pick.change(lambda d, lg: h.read_letter(d, lg), [letter_pick, lang], reader,
                           api_visibility="private", show_progress="hidden")

        def on_eval(split, systems, progress=gr.Progress()):
            return h.run_eval(split, systems, progress)

        e_run.click(on_eval, [e_split, e_systems], [e_summary, e_questions, e_plot, e_md],
                    api_visibility="private", concurrency_limit=1, concurrency_id="eval",
                    show_progress_on=[e_summary])

        def ask(question: str, letters: list[str] | None = None, date_from: str | None = None,
                date_to: str | None = None, signatory: str | None = None, k: int = 10) -> dict:
            """Answer a question about the letters; returns the JSON contract (see README)."""
            return h.ask(question, letters, date_from, date_to, signatory, k)

        gr.api(ask, api_name="ask")
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
    endpoint, no SSR/node, no extra file paths."""
    app.launch(server_name=host, server_port=port, share=False, auth=auth, prevent_thread_lock=prevent_thread_lock,
               quiet=quiet, show_error=False, ssr_mode=False, mcp_server=False, pwa=False, enable_monitoring=False,
               run_history=False, footer_links=["api"], theme=THEME, css=CSS,
               auth_message="Kamerbrieven NAVO" if auth else None)
    return app.local_url


def _log(msg: str) -> None:
    print(f"rag: {msg}", file=sys.stderr, flush=True)


def serve(config: Config | None = None, host: str = "127.0.0.1", port: int = 7860, share: str = "never") -> int:
    """`rag serve`: load (or build) the index once, then serve until interrupted. Returns an exit code."""
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
    _log(f"loading the index from {config.index_dir} (it is built first if missing or stale)…")
    pipeline = Pipeline.load(config, progress=_log)  # IndexStateError etc. are reported by the CLI
    app = build_app(pipeline)
    url = launch(app, host, port, auth=auth, prevent_thread_lock=True)
    _log(f"ready in {time.perf_counter() - t0:.1f} s: {url}" + (" (basic auth on)" if auth else ""))
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
