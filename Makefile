# The two commands of the README. Each builds its own virtualenv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: venv demo test lint types check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## venv: the project's virtualenv with everything installed (the ./sync-sandbox wrapper calls this)
venv: $(STAMP)

## demo: the dry run of the built-in demo store (make reports the exit status 1 as an error)
demo: $(STAMP)
	$(BIN)/sync-sandbox demo

## test: the whole test suite (lint and type checks run inside it, see tests/test_code_quality.py)
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

types: $(STAMP)
	$(BIN)/mypy harness

check: lint types test

## bench: every benchmark, each printing its figures (minutes; the dry run at full size needs ~4 GB)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_generate.py
	$(BIN)/python benchmarks/bench_dry_run.py
	$(BIN)/python benchmarks/bench_quickbooks.py
	$(BIN)/python benchmarks/bench_store_read.py
	$(BIN)/python benchmarks/bench_replay.py
	$(BIN)/python benchmarks/bench_shrink.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
