"""The app's look and client-side behaviour: its stylesheet, scripts and theme, from ui/static/.

The scripts are small, each for one component: Gradio runs a component's ``js_on_load`` in
the browser once it is on the page.
"""
from __future__ import annotations

from pathlib import Path

import gradio as gr


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
