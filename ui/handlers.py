"""The app's event handlers: plain methods over one loaded pipeline, testable without a server.

Every tab calls into :class:`Handlers`; the chat and the ``ask`` API endpoint share one code
path (:func:`ask_json`). All retrieval and answering is the pipeline's (``Pipeline.ask``);
adding and removing letters is :mod:`rag.ingest`'s, after which the pipeline switches to the
new index (``Pipeline.refresh``). Results come back as the JSON contract, or as HTML from
:mod:`ui.render`.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable

import gradio as gr

from rag.config import Config
from rag.conversation import turns_from
from rag.filters import check_k, make_filters
from rag.pipeline import Pipeline

from . import render
from .access import EditPolicy

MAX_TURNS = 20  # conversation turns kept per browser session
MAX_K = 30  # the sources panel's slider; rag.filters checks the value
MAX_UPLOAD_FILES = 200  # per upload; the rest are refused, one line each (rag add has no such limit)


def ask_json(pipeline: Pipeline, question: str, letters=None, date_from=None, date_to=None,
             signatory=None, k=None, history=None) -> dict:
    """One question → the JSON contract. Used by both the chat and the ``ask`` API endpoint.
    ``history``: earlier turns [{"question", "citations"?, "status"?}], oldest first (a JSON string too).
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
        history = [{"question": t["question"], "citations": t["result"]["citations"],
                    "status": t["result"].get("status")} for t in turns if "result" in t]
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
        from rag.evaluate import SPLITS, SYSTEMS, load_questions, markdown_report, plot, run_eval

        systems = tuple(s for s in (systems or ()) if s in SYSTEMS) or ("hybrid",)
        if split not in (*SPLITS, "all"):
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
