"""One module per benchmark phase; each has ``run(workspace)``, registered in ``bench.run.PHASES``."""
