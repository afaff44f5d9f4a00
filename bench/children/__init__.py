"""Programs the phases run in a fresh interpreter (``python -m bench.children.<name>``): a clean
baseline, a cold start, one scale size with its own memory accounting. Nothing is imported
here, so a child loads only what it imports itself."""
