"""Benchmarks: latency, index build, app start, scale and memory (``python -m bench``; see
bench/README.md). ``bench/run.py`` runs the phases listed in ``bench.run.PHASES``, one module
each in ``bench/phases/``. Nothing is imported here: the child processes in
``bench/children/`` import this package and must stay clean."""
