"""Import Gradio without its type-stub generator: about half of ``import gradio``.

Every Gradio component class runs ``gradio.component_meta.create_or_modify_pyi`` when it is
defined: it reads the component's source file, parses it with ``ast`` and renders a Jinja
template, to keep the ``.pyi`` stubs next to Gradio's own sources in sync while Gradio is
being developed. An installed Gradio ships those stubs already, so at run time the work is
wasted (and nothing else reads what it computes). It is ~2 of the ~4 s ``import gradio``
takes on this 2-core machine (cProfile; bench/README.md, start-up).

:func:`skip_stub_generation` makes that function a no-op, right after
``gradio.component_meta`` is loaded and before any component class is defined. Call it
before the first ``import gradio``; when Gradio is already imported, or a later Gradio no
longer has the function, it changes nothing.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys

_MODULE = "gradio.component_meta"


def _no_stubs(*_args, **_kwargs) -> None:
    """Stands in for ``create_or_modify_pyi``: Gradio's installed stubs are left as they are."""


class _SkipStubs(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != _MODULE:
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)  # one module, once
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module):
            run(module)
            if callable(getattr(module, "create_or_modify_pyi", None)):
                module.create_or_modify_pyi = _no_stubs

        loader.exec_module = exec_module  # this spec's own loader instance
        return spec


def skip_stub_generation() -> bool:
    """Install the hook if Gradio is not imported yet. Returns True when installed."""
    if _MODULE in sys.modules or any(isinstance(f, _SkipStubs) for f in sys.meta_path):
        return False
    sys.meta_path.insert(0, _SkipStubs())
    return True
