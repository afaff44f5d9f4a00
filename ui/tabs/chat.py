"""The chat tab: questions with quoted answers, the filters, the sources panel and the source
viewer — and the ``ask`` API endpoint, the same code path without the page.

Its labels follow the language of the last question (:func:`relabel`); a click on a citation
or a passage opens the letter in the viewer, outside the question queue.
"""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from rag.labels import labels

from .. import render
from ..assets import CHAT_JS, CLICK_JS, SCROLL_JS
from ..handlers import MAX_K, Handlers
from . import Context

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


@dataclass(frozen=True)
class Filters:
    box: gr.Accordion
    letters: gr.Dropdown
    signatory: gr.Dropdown
    date_from: gr.Textbox
    date_to: gr.Textbox
    k: gr.Slider

    def inputs(self) -> list:
        """In the order :meth:`Handlers.chat` takes them."""
        return [self.letters, self.date_from, self.date_to, self.signatory, self.k]


@dataclass(frozen=True)
class ChatTab:
    tab: gr.Tab
    chat: gr.HTML
    question: gr.Textbox
    send: gr.Button
    new_chat: gr.Button
    filters: Filters
    viewer: gr.HTML
    sources: gr.HTML


def build_chat_tab(ctx: Context) -> ChatTab:
    nl = labels("nl")
    with gr.Tab(nl["tab_chat"], id="chat-tab") as tab:
        with gr.Row(equal_height=False):
            with gr.Column(scale=6):
                chat = gr.HTML(render.render_chat([], "nl"), elem_id="chat", js_on_load=CHAT_JS,
                               min_height=380, max_height=560)
                with gr.Row(equal_height=True):
                    question = gr.Textbox(label=nl["question_label"], placeholder=nl["question_placeholder"],
                                          lines=1, max_lines=4, scale=8, elem_id="question", max_length=2000)
                    send = gr.Button(nl["send"], variant="primary", scale=1, elem_id="send", min_width=90)
                    new_chat = gr.Button(nl["new_chat"], variant="secondary", scale=1, elem_id="new-chat",
                                         min_width=90)
                gr.Examples(EXAMPLES, inputs=[question], label="Voorbeeldvragen · Example questions")
                filters = _build_filters(ctx.h, nl)
            with gr.Column(scale=5):
                viewer = gr.HTML(render.render_viewer(None, language="nl"), elem_id="viewer", js_on_load=SCROLL_JS)
                sources = gr.HTML(render.render_passages(None, "nl"), elem_id="sources", js_on_load=CLICK_JS,
                                  max_height=420)
    return ChatTab(tab, chat, question, send, new_chat, filters, viewer, sources)


def _build_filters(h: Handlers, nl: dict[str, str]) -> Filters:
    with gr.Accordion(nl["filters"], open=False, elem_id="filters") as box:
        with gr.Row():
            letters = gr.Dropdown(h.letter_choices(), value=[], multiselect=True, label=nl["letters_filter"],
                                  elem_id="f-letters")
            signatory = gr.Dropdown([""] + h.signatories(), value="", allow_custom_value=True,
                                    label=nl["signatory"], elem_id="f-signatory")
        with gr.Row():
            date_from = gr.Textbox(label=nl["date_from"], placeholder="2019-01-01", elem_id="f-from")
            date_to = gr.Textbox(label=nl["date_to"], placeholder="2022-12-31", elem_id="f-to")
            k = gr.Slider(1, MAX_K, value=h.pipeline.config.top_k, step=1, label=nl["k"], elem_id="f-k")
    return Filters(box, letters, signatory, date_from, date_to, k)


def relabelled(tab: ChatTab, tabs: list[gr.Tab]) -> list:
    """The components :func:`relabel` updates, in its order: the chat tab's controls, the tab names."""
    f = tab.filters
    return [tab.question, tab.send, tab.new_chat, f.box, f.letters, f.signatory, f.date_from, f.date_to, f.k,
            *tabs]


def relabel(lang: str) -> list:
    """Updates that put the chat tab's labels and the tab names in ``lang`` (see :func:`relabelled`)."""
    lab = labels(lang)
    return [gr.update(label=lab["question_label"], placeholder=lab["question_placeholder"], value=""),
            gr.update(value=lab["send"]), gr.update(value=lab["new_chat"]), gr.update(label=lab["filters"]),
            gr.update(label=lab["letters_filter"]), gr.update(label=lab["signatory"]),
            gr.update(label=lab["date_from"]), gr.update(label=lab["date_to"]), gr.update(label=lab["k"]),
            gr.update(label=lab["tab_chat"]), gr.update(label=lab["tab_letters"]), gr.update(label=lab["tab_eval"])]


def wire_chat(ctx: Context, tab: ChatTab, letter_table: gr.HTML, tabs: list[gr.Tab]) -> None:
    """Asking (the letters table follows the question's language too), a new conversation, and
    citation clicks. ``tabs``: every tab, in page order (their names are relabelled)."""
    h = ctx.h

    def on_chat(q, t, *f):
        c, s, v, t2, lg = h.chat(q, t, *f)
        return (c, s, v, t2, lg, h.letter_table(lg), *relabel(lg))

    chat_outputs = [tab.chat, tab.sources, tab.viewer, ctx.turns, ctx.lang, letter_table, *relabelled(tab, tabs)]
    for trigger in (tab.send.click, tab.question.submit):
        trigger(on_chat, [tab.question, ctx.turns, *tab.filters.inputs()], chat_outputs, api_visibility="private",
                show_progress="minimal", show_progress_on=[tab.chat])

    def on_new_chat(lg):
        """A new conversation: the turns (the follow-ups' context) go; the filters stay."""
        return (render.render_chat([], lg), render.render_passages(None, lg),
                render.render_viewer(None, language=lg),
                [])

    tab.new_chat.click(on_new_chat, [ctx.lang], [tab.chat, tab.sources, tab.viewer, ctx.turns],
                       api_visibility="private", show_progress="hidden", queue=False)

    def on_open(evt: gr.EventData, lg, n):
        data = evt._data or {}
        return h.open_span(data.get("doc"), data.get("start"), data.get("end"), lg, n + 1), n + 1

    # quick, read-only events: not queued behind questions (see ui.app.QUEUE_SIZE)
    for panel in (tab.chat, tab.sources):
        panel.click(on_open, [ctx.lang, ctx.nonce], [tab.viewer, ctx.nonce], api_visibility="private",
                    show_progress="hidden", queue=False)


def add_api(h: Handlers) -> None:
    """The ``ask`` endpoint (``gradio_client``: ``api_name="/ask"``): the chat's answer as the JSON contract."""

    def ask(question: str, letters: list[str] | None = None, date_from: str | None = None,
            date_to: str | None = None, signatory: str | None = None, k: int = 10,
            history: list[dict] | None = None) -> dict:
        """Answer a question about the letters; returns the JSON contract (see README).
        ``history``: earlier turns [{"question": ..., "citations": [...]}], oldest first."""
        return h.ask(question, letters, date_from, date_to, signatory, k, history)

    gr.api(ask, api_name="ask")
