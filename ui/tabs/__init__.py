"""The app's tabs, one module each: chat (questions, filters, sources, viewer), letters (table
and reader), manage (adding, removing, restoring letters, inside the letters tab), evaluation.

Each module's ``build_*`` lays its part out (inside ``gr.Blocks``) and returns a record of the
components other parts need; its ``wire_*`` attaches the events. ``ui/app.py`` calls them in
page order and wires what crosses tabs.
"""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from ..handlers import Handlers


@dataclass(frozen=True)
class Context:
    """What every tab reads: the handlers, and the state Gradio keeps per browser session."""
    h: Handlers
    lang: gr.State  # the language of the last question: the labels follow it
    turns: gr.State  # the conversation so far (the follow-ups' context)
    nonce: gr.State  # counts citation clicks, so a second click on the same span scrolls again
