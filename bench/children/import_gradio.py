"""Child of phase 3: the baseline for the app's start — ``import gradio`` in a fresh process,
as shipped, or (``--as-app``) as ``rag serve`` imports it (after ``ui``'s set-up, which skips
Gradio's development-time work: ui/gradio_import.py).

    python -m bench.children.import_gradio [--as-app]
"""
import sys

if __name__ == "__main__":
    if "--as-app" in sys.argv[1:]:
        import ui  # noqa: F401  (its __init__ prepares the import, as for the app)
    import gradio  # noqa: F401
