"""The Gradio web app: ``ui/app.py`` assembles it from one builder per tab (``ui/tabs/``).

Importing the package first prepares what Gradio is imported into, so every module here
that imports Gradio gets the same set-up whichever is imported first (the app, the
handlers in a test, a tab):

* no analytics, no Hugging Face Hub calls;
* matplotlib's backend named (Agg): Gradio runs every event inside a context that asks
  matplotlib for its backend, and with the default ("auto") that imports matplotlib.pyplot,
  ~0.6 s on the first answer. A server has no display: Agg is what it would pick anyway;
* ~2 s of ``import gradio`` skipped: Gradio's own development upkeep (ui/gradio_import.py).
"""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

from .gradio_import import skip_dev_work  # noqa: E402

skip_dev_work()
