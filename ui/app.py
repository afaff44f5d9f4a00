"""The Gradio web app: chat with citations, source viewer, letters, eval — and the ``ask`` API.

Start it with ``rag serve`` (or ``serve(config)``); tests use ``build_app`` + ``launch``.
The Letters tab can also add letters (upload → :func:`rag.ingest.add_paths`) and remove one;
the serving pipeline then switches to the new index (``Pipeline.refresh``).
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
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Gradio runs every event inside a context that asks matplotlib for its backend; with the
# default ("auto") that imports matplotlib.pyplot, ~0.6 s on the first answer. A server has
# no display: Agg is what it would pick anyway, and naming it skips the pyplot import.
os.environ.setdefault("MPLBACKEND", "Agg")

from .gradio_import import skip_dev_work  # noqa: E402

skip_dev_work()  # ~2 s of `import gradio` is Gradio's own development upkeep (ui/gradio_import.py)

import gradio as gr  # noqa: E402

from rag.config import Config  # noqa: E402
from rag.conversation import turns_from  # noqa: E402
from rag.pipeline import Pipeline  # noqa: E402
from rag.filters import check_k, make_filters  # noqa: E402

from . import render  # noqa: E402
from .access import EditPolicy, edit_policy  # noqa: E402

CONCURRENCY = 4  # questions answered at once; more wait in the queue
# Questions waiting beyond this are refused at once ("queue is full") rather than left waiting.
# 64 leaves room for 50 clients asking at once (tests/test_load.py: 0 rejections; on a busy
# 2-core machine the last of them waits ~15 s). Quick UI events (citation clicks, the letter
# reader, page load) skip the queue, so they neither count here nor wait behind questions.
QUEUE_SIZE = 64
MAX_TURNS = 20  # conversation turns kept per browser session
MAX_K = 30  # the sources panel's slider; rag.filters checks the value
UPLOAD_TYPES = [".txt", ".md", ".html", ".htm", ".xml", ".pdf"]  # what the Letters tab's upload accepts
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # per file, refused by the upload route (= rag.ingest.MAX_BYTES)
MAX_UPLOAD_FILES = 200  # per upload; the rest are refused, one line each (rag add has no such limit)

EXAMPLES = [
    "Wat is DIANA?",
    "Wie is de minister van Defensie?",
    "Hoeveel F-35 jachtvliegtuigen levert Nederland voor Air Policing?",
    "Waarom is de bijeenkomst van NAVO-defensieministers in oktober 2022 bijzonder?",
    "Wat is het Strategisch Concept van de NAVO?",
    "Why are Finland and Sweden attending the NATO defence ministers meeting?",
    "What does the cabinet think about China in the new Strategic Concept?",
    "Who signed the report on the NATO summit of June 2021?",
]

# ---------------------------------------------------------------- the shared code path


def ask_json(pipeline: Pipeline, question: str, letters=None, date_from=None, date_to=None,
             signatory=None, k=None, history=None) -> dict:
    """One question → the JSON contract. Used by both the chat and the ``ask`` API endpoint.
    ``history``: earlier turns [{"question", "citations"?}], oldest first (a JSON string too).
    ``passages`` holds max(k, 10) passages (the contract promises at least the top 10); the
    sources panel shows ``k``. Raises QuestionError / ValueError."""
    k = check_k(k, pipeline.config.top_k, MAX_K)
    filters = make_filters(pipeline.store, letters, date_from, date_to, signatory)
    if isinstance(history, str) and history.strip():
        import json

        try:
            history = json.loads(history)
        except json.JSONDecodeError as e:
            raise ValueError(f"history is not valid JSON: {e.msg}") from None
    turns = turns_from(history)
    pipeline.refresh()  # a rebuilt index (rag index / rag add) is picked up without a restart
    return pipeline.ask(question if isinstance(question, str) else "", k=k, filters=filters,
                        history=turns).to_json()


# ---------------------------------------------------------------- handlers


def _upload_folder() -> Path:
    """Where Gradio keeps uploaded files (GRADIO_TEMP_DIR, else <tmp>/gradio)."""
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder())


def _file_path(f) -> str | None:
    """A gr.File value (a path string, or a file-like/FileData with .name/.path) → its path."""
    if isinstance(f, (str, Path)):
        return str(f)
    if isinstance(f, dict):
        return f.get("path") or f.get("name")
    return getattr(f, "path", None) or getattr(f, "name", None)


class Handlers:
    """The app's event handlers, as plain methods over one loaded pipeline (testable without a server).

    ``upload_roots``: the only folders :meth:`add_letters` reads files from (default: Gradio's
    upload folder), so a path typed into a request can never make the app read other files."""

    def __init__(self, pipeline: Pipeline, questions_path: Path | None = None,
                 upload_roots: tuple[Path, ...] | None = None, edits: EditPolicy | None = None):
        self.pipeline = pipeline
        self.edits = edits or EditPolicy(True, "")
        self.questions_path = questions_path or default_questions_path(pipeline.config)
        self.upload_roots = tuple(Path(r).resolve() for r in (upload_roots or (_upload_folder(),)))

    @property
    def store(self):  # follows the pipeline when it switches to a rebuilt index
        return self.pipeline.store

    @property
    def chunks(self) -> dict[str, int]:
        return {d: int(v.get("chunks", 0)) for d, v in self.store.manifest.get("letters", {}).items()}

    # -- chat / API
    def ask(self, question: str, letters: list[str] | None = None, date_from: str | None = None,
            date_to: str | None = None, signatory: str | None = None, k: int | None = None,
            history: list | str | None = None) -> dict:
        """Answer a question about the letters (Dutch or English). Returns the JSON contract:
        question, interpreted_as, language, status, abstained, answer, citations [{n, doc_id, title,
        date, section, quote, start, end, url}], passages [...], timings_ms. ``history``: the earlier
        turns [{"question", "citations"?}], oldest first, for follow-up questions."""
        try:
            return ask_json(self.pipeline, question, letters, date_from, date_to, signatory, k, history)
        except ValueError as e:  # QuestionError included: a message for the caller, not a crash
            raise gr.Error(str(e), print_exception=False) from None

    def chat(self, question: str, turns: list | None, letters=None, date_from=None, date_to=None,
             signatory=None, k=None):
        """Chat submit → (chat html, sources html, viewer html, turns, language)."""
        turns = list(turns or [])
        history = [{"question": t["question"], "citations": t["result"]["citations"]}
                   for t in turns if "result" in t]
        try:
            result = ask_json(self.pipeline, question, letters, date_from, date_to, signatory, k, history)
            turn = {"question": result["question"], "result": result}
            lang = result["language"]
        except ValueError as e:
            from rag.language import detect_language

            lang = detect_language(question) if isinstance(question, str) and question.strip() else "nl"
            result = None
            turn = {"question": question or "", "error": str(e), "language": lang}
        turns = (turns + [turn])[-MAX_TURNS:]
        top = int(k or self.pipeline.config.top_k)
        shown = None if result is None else {**result, "passages": result["passages"][:top]}
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

    # -- adding and removing letters (issue 7)
    def _is_upload(self, path: Path) -> bool:
        """A regular file inside one of ``upload_roots`` (symlinks resolved first)."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return False
        return real.is_file() and any(real.is_relative_to(root) for root in self.upload_roots)

    def add_letters(self, files, progress: Callable[[str], None] | None = None) -> dict:
        """Uploaded files → :func:`rag.ingest.add_paths` (never replacing a stored letter), then
        the serving pipeline switches to the new index. Returns ``rows`` [(status, line)] with
        file names only (not server paths), ``summary``, ``added`` doc ids, ``index_error``."""
        from rag.ingest import AddReport, FileResult, add_paths

        self._may_edit()
        results: list[FileResult] = []
        paths: list[Path] = []
        for i, f in enumerate(files or []):
            raw = _file_path(f)
            if i >= MAX_UPLOAD_FILES:
                results.append(FileResult(Path(raw or "?").name, "error",
                                          message=f"not added: at most {MAX_UPLOAD_FILES} files per upload"))
            elif raw and self._is_upload(Path(raw)):
                paths.append(Path(raw))
            else:
                results.append(FileResult(Path(raw or "?").name, "error", message="not an uploaded file"))
        report = AddReport([])
        if paths:
            report = add_paths(paths, self.pipeline.config, replace=False,
                               progress=progress or (lambda _msg: None))
        results += [replace(r, path=Path(r.path).name) for r in report.results]
        self.pipeline.refresh()
        summary = AddReport(results).summary() if results else "no files / geen bestanden"
        return {"rows": [(r.status, r.line()) for r in results], "summary": summary,
                "added": [r.doc_id for r in results if r.status in ("added", "replaced")],
                "index_error": report.index_error}

    def remove_letter(self, doc_id, progress: Callable[[str], None] | None = None) -> dict:
        """Delete one letter from the corpus and re-index (:func:`rag.ingest.remove_letter`).
        Raises ValueError for an unknown letter and for the last letter (the index needs one)."""
        from rag.ingest import remove_letter

        self._may_edit()
        self.pipeline.refresh()
        doc_id = str(doc_id or "").strip()
        if doc_id not in self.store.letters:
            raise ValueError("pick a letter to remove / kies een brief")
        if len(self.store.letters) <= 1:
            raise ValueError("the last letter cannot be removed / de laatste brief kan niet weg")
        report = remove_letter(doc_id, self.pipeline.config, progress=progress or (lambda _msg: None))
        return self._changed("removed", f"moved {report.doc_id} to the trash / naar de prullenbak", report)

    def _changed(self, status: str, line: str, report) -> dict:
        """After a remove or restore: switch to the new index and say what happened."""
        self.pipeline.refresh()
        return {"rows": [(status, line)], "summary": f"{len(self.store.letters)} letters", status: report.doc_id,
                "index_error": report.index_error}

    def _may_edit(self) -> None:
        if not self.edits.allowed:
            raise PermissionError(self.edits.reason)

    def trash(self) -> list[tuple[str, str]]:
        """The trashed letters, newest first, as (label, doc id) choices (latest version each)."""
        from rag import trash

        seen, out = set(), []
        for e in trash.entries(Path(self.pipeline.config.corpus_dir)):
            if e.doc_id not in seen:
                seen.add(e.doc_id)
                out.append((f"{e.doc_id} · {e.why} {e.removed.replace('T', ' ').rstrip('Z')} UTC", e.doc_id))
        return out

    def restore_letter(self, doc_id, progress: Callable[[str], None] | None = None) -> dict:
        """Bring a trashed letter back and re-index (:func:`rag.ingest.restore_letter`).
        Raises ValueError (a CorpusError) when it is in the corpus again or not in the trash."""
        from rag.ingest import restore_letter

        self._may_edit()
        doc_id = str(doc_id or "").strip()
        if not doc_id:
            raise ValueError("pick a letter in the trash / kies een brief uit de prullenbak")
        report = restore_letter(doc_id, self.pipeline.config, progress=progress or (lambda _msg: None))
        return self._changed("restored", f"restored {report.doc_id} / teruggezet", report)

    # -- eval
    def run_eval(self, split: str = "test", systems=("hybrid",), progress: Callable | None = None,
                 out_dir: Path | None = None):
        """Run the eval suite → (summary html, per-question html, plot png path, markdown path)."""
        from rag.evaluate import SYSTEMS, load_questions, markdown_report, plot, run_eval

        systems = tuple(s for s in (systems or ()) if s in SYSTEMS) or ("hybrid",)
        if split not in ("test", "dev", "natural-test", "natural-dev", "all"):
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

def _static(name: str) -> str:
    """A stylesheet or script of the app, from ui/static/."""
    return (Path(__file__).with_name("static") / name).read_text(encoding="utf-8")


# A click on any button carrying data-doc inside the component → a "click" event with its span.
CLICK_JS = _static("click.js")

# The chat scrolls its newest turn to the top of its box whenever a turn is added.
CHAT_JS = CLICK_JS + _static("chat-scroll.js")

# The source viewer scrolls its highlighted span into view whenever it changes.
SCROLL_JS = _static("viewer-scroll.js")

# Table-of-contents links scroll inside the reader instead of changing the page's URL.
READER_JS = _static("reader-links.js")

CSS = _static("app.css")

THEME = gr.themes.Soft(font=["system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
                       font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"])


def _relabel(lang: str) -> list:
    """Updates that put the chat tab's labels in ``lang`` (the order of ``relabelled`` in build_app)."""
    lab = render.labels(lang)
    return [gr.update(label=lab["question_label"], placeholder=lab["question_placeholder"], value=""),
            gr.update(value=lab["send"]), gr.update(value=lab["new_chat"]), gr.update(label=lab["filters"]),
            gr.update(label=lab["letters_filter"]), gr.update(label=lab["signatory"]),
            gr.update(label=lab["date_from"]), gr.update(label=lab["date_to"]), gr.update(label=lab["k"]),
            gr.update(label=lab["tab_chat"]), gr.update(label=lab["tab_letters"]), gr.update(label=lab["tab_eval"])]


def build_app(pipeline: Pipeline, questions_path: Path | None = None, edits: EditPolicy | None = None) -> gr.Blocks:
    """The whole app over one loaded pipeline (queue configured; call :func:`launch` to serve).
    ``edits``: whether its users may add, remove and restore letters (ui/access.py)."""
    h = Handlers(pipeline, questions_path, edits=edits)
    can_edit = h.edits.allowed
    nl = render.labels("nl")
    with gr.Blocks(title="Kamerbrieven NAVO — vragen en antwoorden", analytics_enabled=False) as app:
        lang = gr.State("nl")
        turns = gr.State([])
        nonce = gr.State(0)
        header = gr.HTML(render.render_header(len(h.store.letters)), js_on_load=None)
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
                            new_chat = gr.Button(nl["new_chat"], variant="secondary", scale=1, elem_id="new-chat",
                                                 min_width=90)
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
                with gr.Accordion("Brieven toevoegen of verwijderen · add or remove letters", open=False,
                                  elem_id="manage"):
                    gr.Markdown("Upload Kamerbrieven als HTML, XML (officiële publicaties), PDF met tekst, of "
                                "tekst/markdown. Ze worden omgezet, opgeslagen in het corpus en geïndexeerd; "
                                "een brief die er al is wordt niet overschreven. · Upload letters as HTML, XML, "
                                "text PDF or text; they are converted, stored and indexed.")
                    if not can_edit:
                        gr.Markdown(f"**Bewerken staat uit · editing is off** — {h.edits.reason}",
                                    elem_id="edits-off")
                    with gr.Row(equal_height=False):
                        with gr.Column(scale=3):
                            upload = gr.File(label="Bestanden · files", file_count="multiple",
                                             file_types=UPLOAD_TYPES, type="filepath", elem_id="upload",
                                             interactive=can_edit)
                            add_btn = gr.Button("Brieven toevoegen · add letters", variant="primary",
                                                elem_id="add-letters", interactive=can_edit)
                        with gr.Column(scale=2):
                            rm_pick = gr.Dropdown(h.letter_choices(), value=None, label="Brief · letter",
                                                  elem_id="remove-pick", interactive=can_edit)
                            rm_sure = gr.Checkbox(False, label="Ja, naar de prullenbak · yes, move it to the trash",
                                                  elem_id="remove-sure", interactive=can_edit)
                            rm_btn = gr.Button("Verwijderen · remove", variant="stop", elem_id="remove-letter",
                                               interactive=can_edit)
                        with gr.Column(scale=2):
                            trash_pick = gr.Dropdown(h.trash(), value=None, label="Prullenbak · trash",
                                                     elem_id="trash-pick", interactive=can_edit)
                            restore_btn = gr.Button("Terugzetten · restore", elem_id="restore-letter",
                                                    interactive=can_edit)
                    ingest_out = gr.HTML("", elem_id="ingest-result", js_on_load=None)
                letter_pick = gr.Dropdown(h.letter_choices(), value=None, label="Brief lezen · read a letter",
                                          elem_id="letter-pick")
                reader = gr.HTML(render.render_reader(None, "nl"), elem_id="reader", js_on_load=READER_JS)
            with gr.Tab(nl["tab_eval"], id="eval-tab") as tab_eval:
                from rag.evaluate import SYSTEMS

                gr.Markdown("Draai de evaluatieset (`eval/questions.jsonl`) op de geladen index. "
                            "Runs the eval suite on the loaded index; all systems on the test split take ~30 s.")
                with gr.Row():
                    e_split = gr.Radio(["test", "dev", "natural-test", "natural-dev", "all"], value="test",
                                       label="Split",
                                       elem_id="e-split")
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

        relabelled = [question, send, new_chat, filter_box, f_letters, f_sign, f_from, f_to, f_k,
                      tab_chat, tab_letters, tab_eval]

        def on_chat(q, t, *f):
            c, s, v, t2, lg = h.chat(q, t, *f)
            return (c, s, v, t2, lg, h.letter_table(lg), *_relabel(lg))

        chat_outputs = [chat, sources, viewer, turns, lang, letter_table, *relabelled]
        for trigger in (send.click, question.submit):
            trigger(on_chat, [question, turns, *filters], chat_outputs, api_visibility="private",
                    show_progress="minimal", show_progress_on=[chat])

        def on_new_chat(lg):
            """A new conversation: the turns (the follow-ups' context) go; the filters stay."""
            return (render.render_chat([], lg), render.render_passages(None, lg),
                    render.render_viewer(None, language=lg),
                    [])

        new_chat.click(on_new_chat, [lang], [chat, sources, viewer, turns], api_visibility="private",
                       show_progress="hidden", queue=False)

        def on_open(evt: gr.EventData, lg, n):
            data = evt._data or {}
            return h.open_span(data.get("doc"), data.get("start"), data.get("end"), lg, n + 1), n + 1

        # quick, read-only events: not queued behind questions (see QUEUE_SIZE)
        chat.click(on_open, [lang, nonce], [viewer, nonce], api_visibility="private", show_progress="hidden",
                   queue=False)
        sources.click(on_open, [lang, nonce], [viewer, nonce], api_visibility="private", show_progress="hidden",
                      queue=False)

        def on_table(evt: gr.EventData):
            return gr.update(value=(evt._data or {}).get("doc"))

        letter_table.click(on_table, None, letter_pick, api_visibility="private", show_progress="hidden",
                           queue=False)
        letter_pick.change(lambda d, lg: h.read_letter(d, lg), [letter_pick, lang], reader,
                           api_visibility="private", show_progress="hidden", queue=False)

        def on_eval(split, systems, progress=gr.Progress()):
            return h.run_eval(split, systems, progress)

        e_run.click(on_eval, [e_split, e_systems], [e_summary, e_questions, e_plot, e_md],
                    api_visibility="private", concurrency_limit=1, concurrency_id="eval",
                    show_progress_on=[e_summary])

        def ask(question: str, letters: list[str] | None = None, date_from: str | None = None,
                date_to: str | None = None, signatory: str | None = None, k: int = 10,
                history: list[dict] | None = None) -> dict:
            """Answer a question about the letters; returns the JSON contract (see README).
            ``history``: earlier turns [{"question": ..., "citations": [...]}], oldest first."""
            return h.ask(question, letters, date_from, date_to, signatory, k, history)

        gr.api(ask, api_name="ask")

        # -- adding / removing letters: one at a time; questions keep being answered meanwhile
        letter_views = [header, letter_table, f_letters, f_sign, letter_pick, rm_pick, trash_pick]

        def views(lg, chosen, picked=None, show=None):
            """Updates for everything that lists the letters (after add/remove or on page load):
            a removed letter leaves the filter and the reader; ``show`` opens one in the reader."""
            choices = h.letter_choices()
            known = {v for _, v in choices}
            pick = show or (picked if picked in known else None)
            return (render.render_header(len(h.store.letters)), h.letter_table(lg),
                    gr.update(choices=choices, value=[c for c in (chosen or []) if c in known]),
                    gr.update(choices=[""] + h.signatories()), gr.update(choices=choices, value=pick),
                    gr.update(choices=choices, value=None), gr.update(choices=h.trash(), value=None))

        def on_add(files, lg, chosen, picked, progress=gr.Progress()):
            if not files:
                raise gr.Error("Kies eerst bestanden · choose files first", print_exception=False)
            try:
                out = h.add_letters(files, progress=lambda msg: progress(None, desc=msg))
            except PermissionError as e:
                raise gr.Error(str(e), print_exception=False) from None
            report = render.render_ingest_report(out["rows"], out["summary"], out["index_error"], lg)
            show = out["added"][0] if len(out["added"]) == 1 else None
            return (report, None, *views(lg, chosen, picked, show))

        add_btn.click(on_add, [upload, lang, f_letters, letter_pick], [ingest_out, upload, *letter_views],
                      api_visibility="private", concurrency_limit=1, concurrency_id="ingest",
                      show_progress_on=[ingest_out])

        def on_remove(doc_id, sure, lg, chosen, picked, progress=gr.Progress()):
            if not sure:
                raise gr.Error("Vink eerst 'Ja, verwijder deze brief' aan · tick 'yes, remove it' first",
                               print_exception=False)
            try:
                out = h.remove_letter(doc_id, progress=lambda msg: progress(None, desc=msg))
            except (ValueError, PermissionError) as e:  # unknown letter, last letter, edits off
                raise gr.Error(str(e), print_exception=False) from None
            report = render.render_ingest_report(out["rows"], out["summary"], out["index_error"], lg,
                                                 title_key="remove_title")
            return (report, False, *views(lg, chosen, picked))

        def on_restore(doc_id, lg, chosen, picked, progress=gr.Progress()):
            try:
                out = h.restore_letter(doc_id, progress=lambda msg: progress(None, desc=msg))
            except (ValueError, PermissionError) as e:  # in the corpus again, not in the trash, edits off
                raise gr.Error(str(e), print_exception=False) from None
            report = render.render_ingest_report(out["rows"], out["summary"], out["index_error"], lg,
                                                 title_key="restore_title")
            return (report, *views(lg, chosen, picked, out["restored"]))

        restore_btn.click(on_restore, [trash_pick, lang, f_letters, letter_pick], [ingest_out, *letter_views],
                          api_visibility="private", concurrency_limit=1, concurrency_id="ingest",
                          show_progress_on=[ingest_out])

        rm_btn.click(on_remove, [rm_pick, rm_sure, lang, f_letters, letter_pick],
                     [ingest_out, rm_sure, *letter_views],
                     api_visibility="private", concurrency_limit=1, concurrency_id="ingest",
                     show_progress_on=[ingest_out])

        def on_load(chosen):
            h.pipeline.refresh()  # letters added/removed since the app was built (UI or `rag add`)
            return views("nl", chosen)

        app.load(on_load, [f_letters], letter_views, api_visibility="private", show_progress="hidden", queue=False)
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
