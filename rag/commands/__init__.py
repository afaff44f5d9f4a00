"""The ``rag`` command's subcommands, one module per group (assembled by :mod:`rag.cli`):
asking (ask, chat), letters (index, letters, add, remove, restore, trash), evaluation (eval),
serving (serve); common holds what they share."""
