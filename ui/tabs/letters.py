"""The letters tab: the table of indexed letters and a reader that shows one in full.

A click on a row's "read" button picks that letter in the reader. Adding, removing and
restoring letters sits in this tab too, between the table and the reader (:mod:`ui.tabs.manage`).
"""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from rag.labels import labels

from .. import render
from ..assets import CLICK_JS, READER_JS
from . import Context
from .manage import Manage, build_manage


@dataclass(frozen=True)
class LettersTab:
    tab: gr.Tab
    table: gr.HTML
    manage: Manage
    pick: gr.Dropdown
    reader: gr.HTML


def build_letters_tab(ctx: Context) -> LettersTab:
    h = ctx.h
    with gr.Tab(labels("nl")["tab_letters"], id="letters-tab") as tab:
        table = gr.HTML(h.letter_table("nl"), elem_id="letter-table", js_on_load=CLICK_JS)
        manage = build_manage(ctx)
        pick = gr.Dropdown(h.letter_choices(), value=None, label="Brief lezen · read a letter", elem_id="letter-pick")
        reader = gr.HTML(render.render_reader(None, "nl"), elem_id="reader", js_on_load=READER_JS)
    return LettersTab(tab, table, manage, pick, reader)


def wire_letters(ctx: Context, tab: LettersTab) -> None:
    """Reading: a click in the table picks the letter, picking one shows it (quick, not queued)."""
    h = ctx.h

    def on_table(evt: gr.EventData):
        return gr.update(value=(evt._data or {}).get("doc"))

    tab.table.click(on_table, None, tab.pick, api_visibility="private", show_progress="hidden", queue=False)
    tab.pick.change(lambda d, lg: h.read_letter(d, lg), [tab.pick, ctx.lang], tab.reader,
                    api_visibility="private", show_progress="hidden", queue=False)
