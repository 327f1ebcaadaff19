# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch first, from the pinned CPU build: anything that depends on torch would otherwise pull a
# multi-GB CUDA build.
TORCH := torch==2.13.0
# Every package at the exact version it is tested with (pyproject.toml holds the ranges).
PIP_INSTALL := $(BIN)/pip install --quiet -c constraints.txt

.PHONY: run test test-fast lint setup setup-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt $(BIN)/python
	$(PIP_INSTALL) $(TORCH)
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP_INSTALL) -e '.[test]'
	touch $@

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test

# Analyse the example article into a standalone report, store the example corpus, serve the UI.
run: setup
	$(BIN)/presslens analyze examples/articles/river-port-strike.txt --published 2024-03-14 --format html -o examples/report.html
	@echo "HTML report of one article: examples/report.html"
	$(BIN)/presslens ingest examples/articles --published 2024-03-14 --db examples/corpus.db
	@echo "presslens UI: http://127.0.0.1:8000/  (Ctrl-C stops it)"
	$(BIN)/presslens serve --db examples/corpus.db

test: setup-test
	$(BIN)/python -m pytest -q

test-fast: setup-test
	$(BIN)/python -m pytest -q -m "not slow"

lint: setup-test
	$(BIN)/ruff check src tests bench

bench: setup-test
	$(BIN)/python bench/bench_analyze.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info
