"""Adding, removing and restoring letters from the app (inside the letters tab).

One change at a time (its own concurrency group); questions keep being answered meanwhile
from the index the pipeline has, and the next one uses the new index. After a change every
list of letters on the page follows (:class:`LetterLists`). Off loopback without a login the
controls are disabled and say why (ui/access.py), and the handlers refuse as well.
"""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from .. import render
from ..handlers import Handlers
from . import Context

UPLOAD_TYPES = [".txt", ".md", ".html", ".htm", ".xml", ".pdf"]  # what the upload accepts


@dataclass(frozen=True)
class Manage:
    upload: gr.File
    add: gr.Button
    remove_pick: gr.Dropdown
    remove_sure: gr.Checkbox
    remove: gr.Button
    trash_pick: gr.Dropdown
    restore: gr.Button
    result: gr.HTML  # what the last change did, one line per file


def build_manage(ctx: Context) -> Manage:
    h = ctx.h
    can_edit = h.edits.allowed
    with gr.Accordion("Brieven toevoegen of verwijderen · add or remove letters", open=False, elem_id="manage"):
        gr.Markdown("Upload Kamerbrieven als HTML, XML (officiële publicaties), PDF met tekst, of "
                    "tekst/markdown. Ze worden omgezet, opgeslagen in het corpus en geïndexeerd; "
                    "een brief die er al is wordt niet overschreven. · Upload letters as HTML, XML, "
                    "text PDF or text; they are converted, stored and indexed.")
        if not can_edit:
            gr.Markdown(f"**Bewerken staat uit · editing is off** — {h.edits.reason}", elem_id="edits-off")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                upload = gr.File(label="Bestanden · files", file_count="multiple", file_types=UPLOAD_TYPES,
                                 type="filepath", elem_id="upload", interactive=can_edit)
                add = gr.Button("Brieven toevoegen · add letters", variant="primary", elem_id="add-letters",
                                interactive=can_edit)
            with gr.Column(scale=2):
                remove_pick = gr.Dropdown(h.letter_choices(), value=None, label="Brief · letter",
                                          elem_id="remove-pick", interactive=can_edit)
                remove_sure = gr.Checkbox(False, label="Ja, naar de prullenbak · yes, move it to the trash",
                                          elem_id="remove-sure", interactive=can_edit)
                remove = gr.Button("Verwijderen · remove", variant="stop", elem_id="remove-letter",
                                   interactive=can_edit)
            with gr.Column(scale=2):
                trash_pick = gr.Dropdown(h.trash(), value=None, label="Prullenbak · trash", elem_id="trash-pick",
                                         interactive=can_edit)
                restore = gr.Button("Terugzetten · restore", elem_id="restore-letter", interactive=can_edit)
        result = gr.HTML("", elem_id="ingest-result", js_on_load=None)
    return Manage(upload, add, remove_pick, remove_sure, remove, trash_pick, restore, result)


@dataclass(frozen=True)
class LetterLists:
    """Everything on the page that lists the letters, refreshed after a change and on page load."""
    h: Handlers
    header: gr.HTML
    table: gr.HTML
    letters_filter: gr.Dropdown  # chosen letters in it are the ones the filter keeps
    signatory_filter: gr.Dropdown
    reader_pick: gr.Dropdown  # the letter open in the reader
    remove_pick: gr.Dropdown
    trash_pick: gr.Dropdown

    def components(self) -> list:
        return [self.header, self.table, self.letters_filter, self.signatory_filter, self.reader_pick,
                self.remove_pick, self.trash_pick]

    def updates(self, lg, chosen, picked=None, show=None) -> tuple:
        """Values for :meth:`components`: a removed letter leaves the filter and the reader;
        ``show`` opens one in the reader."""
        h = self.h
        choices = h.letter_choices()
        known = {v for _, v in choices}
        pick = show or (picked if picked in known else None)
        return (render.render_header(len(h.store.letters)), h.letter_table(lg),
                gr.update(choices=choices, value=[c for c in (chosen or []) if c in known]),
                gr.update(choices=[""] + h.signatories()), gr.update(choices=choices, value=pick),
                gr.update(choices=choices, value=None), gr.update(choices=h.trash(), value=None))


def wire_manage(ctx: Context, m: Manage, lists: LetterLists) -> None:
    """Add, restore, remove: one at a time, each refreshing ``lists``."""
    h, views = ctx.h, lists.updates
    state = [ctx.lang, lists.letters_filter, lists.reader_pick]  # what the refreshed lists keep
    edit = dict(api_visibility="private", concurrency_limit=1, concurrency_id="ingest", show_progress_on=[m.result])

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

    m.add.click(on_add, [m.upload, *state], [m.result, m.upload, *lists.components()], **edit)

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

    m.restore.click(on_restore, [m.trash_pick, *state], [m.result, *lists.components()], **edit)
    m.remove.click(on_remove, [m.remove_pick, m.remove_sure, *state], [m.result, m.remove_sure,
                                                                     *lists.components()], **edit)
