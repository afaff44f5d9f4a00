"""``rag serve``: start the web app, loading the index while Gradio imports."""
from __future__ import annotations

import os

from .common import config_of, progress, store_option


def serve_parser(sub) -> None:
    s = sub.add_parser("serve", help="start the web app")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=7860)
    store_option(s)
    s.add_argument("--share", choices=["never"], default="never", help="public share links are disabled")
    s.add_argument("--allow-anonymous-edits", action="store_true",
                   help="off loopback without a login, still let anyone add, remove and restore letters "
                        "(off by default; logged at start)")
    s.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    import time
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    from ..pipeline import Pipeline

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    cfg = config_of(args)

    def load():
        t = time.perf_counter()
        pipeline = Pipeline.load(cfg, progress)
        progress(f"index and model loaded in {time.perf_counter() - t:.2f} s")
        return pipeline

    with ThreadPoolExecutor(1) as pool:
        # Load the index and model (~0.1 s) while Gradio imports (~2 s, see ui/gradio_import.py).
        progress(f"loading the index from {cfg.index_dir} (it is built first if missing or stale)…")
        loading = pool.submit(load)
        from ui.app import serve

        return serve(cfg, host=args.host, port=args.port, share=args.share, loading=loading, started=started,
                     allow_anonymous_edits=args.allow_anonymous_edits)
