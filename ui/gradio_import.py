"""Import Gradio without its development-time work: about half of ``import gradio``.

Two things Gradio does for every component class as it is defined, measured with cProfile
on this 2-core machine (bench/README.md, start-up):

* ``gradio.component_meta.create_or_modify_pyi`` reads the component's source file, parses
  it with ``ast`` and renders a Jinja template, to keep the ``.pyi`` stubs next to Gradio's
  sources in sync while Gradio is being developed. An installed Gradio ships those stubs, so
  at run time the work is wasted and nothing reads its result: ~2 of ~4.5 CPU s.
* ``gradio.events.EventListener.set_doc`` compiles a Jinja template per event listener
  (216 of them) only to put the component's name into the listener's docstring. A plain
  replacement of ``{{ component }}`` gives the same docstring: ~0.2 s.

:func:`skip_dev_work` installs an import hook that, right after each of those two modules
is loaded (before any component class exists), makes the first a no-op and gives the
second the plain replacement. Call it before the first ``import gradio``; when Gradio is
already imported, or a later Gradio no longer has these functions, nothing changes.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from typing import Callable


def _no_stubs(*_args, **_kwargs) -> None:
    """Stands in for ``create_or_modify_pyi``: Gradio's installed stubs are left as they are."""


def _skip_stubs(module) -> None:
    if callable(getattr(module, "create_or_modify_pyi", None)):
        module.create_or_modify_pyi = _no_stubs


_NAME = "{{ component }}"


def _plain_set_doc(module) -> None:
    listener = getattr(module, "EventListener", None)
    jinja_set_doc = getattr(listener, "set_doc", None)
    if not callable(jinja_set_doc):
        return

    def set_doc(self, component: str):
        doc = getattr(getattr(self, "listener", None), "__doc__", None)
        # only docstrings whose one template construct is {{ component }}; anything else → Jinja
        if not doc or "{%" in doc or "{#" in doc or doc.count("{{") != doc.count(_NAME):
            return jinja_set_doc(self, component)
        if doc.endswith("\n"):  # as Jinja renders it (keep_trailing_newline=False)
            doc = doc[:-1]
        self.listener.__doc__ = doc.replace(_NAME, component)

    listener.set_doc = set_doc


_PATCHES: dict[str, Callable] = {"gradio.component_meta": _skip_stubs, "gradio.events": _plain_set_doc}


class _SkipDevWork(importlib.abc.MetaPathFinder):
    def __init__(self):
        self.pending = dict(_PATCHES)

    def find_spec(self, name, path, target=None):
        patch = self.pending.pop(name, None)
        if patch is None:
            return None
        if not self.pending and self in sys.meta_path:
            sys.meta_path.remove(self)  # all patched: out of the way of every later import
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module):
            run(module)
            patch(module)

        loader.exec_module = exec_module  # this spec's own loader instance
        return spec


def skip_dev_work() -> bool:
    """Install the hook if Gradio is not imported yet. Returns True when installed."""
    if any(name in sys.modules for name in _PATCHES) or any(isinstance(f, _SkipDevWork) for f in sys.meta_path):
        return False
    sys.meta_path.insert(0, _SkipDevWork())
    return True
