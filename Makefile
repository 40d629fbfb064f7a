# Every routine task. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8050

.PHONY: run test etl demo status bench bench-etl bench-dashboard bench-load lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.runtime

## run: refresh the store (live CBS; kept tables when some fail; the demo when nothing can be had and no store exists), then serve on :$(PORT)
# The refresh's exit code is ignored ("-"): a failed refresh leaves the last store in place,
# and the dashboard is served in every case (README, "The two commands").
run: $(VENV)/.runtime
	-$(BIN)/python -m etl refresh --demo-if-unreachable
	PORT=$(PORT) $(BIN)/gunicorn app:server --config gunicorn.conf.py

# axe-core for the accessibility tests, pinned in tests/browser/axe/package-lock.json.
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	npm ci --prefix tests/browser/axe --no-audit --no-fund --loglevel=error
	touch $@

## test: every test, browser tests in headless Chromium included
test: $(VENV)/.test $(AXE)
	$(BIN)/python -m pytest --headless

## etl: refresh the store from CBS (live)
etl: $(VENV)/.runtime
	$(BIN)/python -m etl refresh

## demo: publish the generated demo store (no network)
demo: $(VENV)/.runtime
	$(BIN)/python -m etl refresh --demo

status: $(VENV)/.runtime
	$(BIN)/python -m etl status

## bench: ETL and dashboard benchmarks (scripts, not tests)
bench: bench-etl bench-dashboard

bench-etl: $(VENV)/.test
	$(BIN)/python benchmarks/bench_etl.py

bench-dashboard: $(VENV)/.test
	$(BIN)/python benchmarks/bench_dashboard.py

## bench-load: 50 simulated users against gunicorn (2 workers) on 127.0.0.1; prints p50/p95/p99
bench-load: $(VENV)/.test
	$(BIN)/python benchmarks/bench_load.py

lint: $(VENV)/.test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
