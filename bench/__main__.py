"""``python -m bench``: the benchmark run (bench/run.py)."""
import sys

from bench.run import main

sys.exit(main())
