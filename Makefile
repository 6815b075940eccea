# chamberlain developer commands. `make run` and `make test` work on a fresh clone:
# they create .venv and install the pinned dependencies (constraints.txt) on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run test lint typecheck unit constraints clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# chamberlain depends on chamberlain-client (the SDK, built from this tree): name its folder
# so pip takes it from here rather than from a package index.
CLIENT := ./packaging/chamberlain-client

$(VENV)/.runtime: $(BIN)/python pyproject.toml constraints.txt $(CLIENT)/pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt $(CLIENT) -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt $(CLIENT) -e '.[dev]'
	touch $@

## Start chamberlain on http://$(HOST):$(PORT) with SQLite under ./var/ (first run: init).
run: $(VENV)/.runtime
	$(BIN)/chamberlain init
	$(BIN)/chamberlain serve --host $(HOST) --port $(PORT)

## Lint, type-check and run every test, on SQLite and on PostgreSQL: the database
## CHAMBERLAIN_TEST_DATABASE_URL names, else postgresql://postgres@127.0.0.1:5432/test when it
## answers (the report says when PostgreSQL is skipped). docs/testing.md has the details.
test: lint typecheck unit

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests examples
	$(BIN)/ruff format --check src tests examples

typecheck: $(VENV)/.dev
	$(BIN)/mypy

# Tests run on every core (pytest-xdist); PYTEST_WORKERS=0 runs them in one process.
# loadgroup keeps the tests that share a live server or the browser on one worker.
PYTEST_WORKERS ?= auto

unit: $(VENV)/.dev
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

## Re-pin constraints.txt from the current virtual environment.
constraints: $(VENV)/.dev
	$(BIN)/pip freeze --exclude-editable | sort > constraints.txt

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
