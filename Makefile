# Every routine task. `make run` and `make test` do all set-up on a fresh machine.
# `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8050

.DEFAULT_GOAL := help
.PHONY: help run test check lint format types lock etl demo status bench bench-etl \
        bench-dashboard bench-load vendor-plotly clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Installed from the hash-pinned lock files (requirements/*.txt, `make lock`), then the
# project itself without resolving anything again.
$(VENV)/.runtime: requirements/runtime.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements/runtime.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.test: requirements/test.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements/test.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.runtime

## help: list these targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## /  /'

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

## check: lint, format check and types (CI runs it before the tests)
check: lint types
	$(BIN)/ruff format --check .

## lint: ruff's checks
lint: $(VENV)/.test
	$(BIN)/ruff check .

## format: reformat the code with ruff
format: $(VENV)/.test
	$(BIN)/ruff format .

## types: mypy on etl/ and dashboard/
types: $(VENV)/.test
	$(BIN)/mypy

## lock: regenerate the hash-pinned lock files from pyproject.toml (needs the registry)
lock: $(VENV)/.test
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
	    --universal -q -o requirements/runtime.txt
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
	    --universal -q -o requirements/test.txt

## etl: refresh the store from CBS (live)
etl: $(VENV)/.runtime
	$(BIN)/python -m etl refresh

## demo: publish the generated demo store (no network)
demo: $(VENV)/.runtime
	$(BIN)/python -m etl refresh --demo

## status: the published store's manifest
status: $(VENV)/.runtime
	$(BIN)/python -m etl status

## bench: ETL and dashboard benchmarks (scripts, not tests)
bench: bench-etl bench-dashboard

bench-etl: $(VENV)/.test
	$(BIN)/python benchmarks/bench_etl.py

# Options of the scripts (--help), e.g. make bench-load BENCH_LOAD_ARGS="--closed-duration 30"
BENCH_DASHBOARD_ARGS ?=
BENCH_LOAD_ARGS ?=

bench-dashboard: $(VENV)/.test
	$(BIN)/python benchmarks/bench_dashboard.py $(BENCH_DASHBOARD_ARGS)

## bench-load: 50 users with think time, then a closed loop (app, trivial-WSGI floor, nginx + 2 instances); ~2 min
bench-load: $(VENV)/.test
	$(BIN)/python benchmarks/bench_load.py $(BENCH_LOAD_ARGS)

## vendor-plotly: fetch the pinned plotly.js basic bundle and Dutch locale again from npm and verify their checksums (assets/vendor/plotly/bundle-lock.json)
vendor-plotly: $(VENV)/.runtime
	$(BIN)/python tools/vendor_plotly.py

## clean: remove the virtualenv and tool caches
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
