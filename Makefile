# Every target sets up .venv when it is missing or pyproject.toml changed (a stamp file).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test check format lint types layers bench demo clean bytecode

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dev,agency]'
	@$(MAKE) --no-print-directory bytecode
	@touch $(STAMP)

# Start-up reads compiled bytecode; where PYTHONDONTWRITEBYTECODE is set, nothing else
# would write it for an editable install, and every launch would compile from source.
bytecode:
	@$(BIN)/python -m compileall -q homecheck

run: $(STAMP) bytecode
	$(BIN)/homecheck

demo: $(STAMP)
	$(BIN)/homecheck demo

# One worker per core: the UI tests no longer sleep while they wait for the app
# (tests/settled_waits.py), so extra workers only add their start-up and CPU. Measured
# alternately on the 2-core machine: two workers 55-57 s (94-97 s of CPU), three 55-58 s
# (99-103 s). Worksteal hands a finished worker the tests still queued on another, so one
# long test late in a queue does not leave a core idle. One file: `$(BIN)/pytest FILE`.
TEST_WORKERS ?= auto
# pytest rewrites the asserts of every test module and plugin (all of hypothesis) in each
# worker, about 3 s of CPU apiece, unless it may cache the result in __pycache__: allowed
# here even where PYTHONDONTWRITEBYTECODE is set, as `bytecode` does for homecheck.
test: $(STAMP) bytecode
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n $(TEST_WORKERS) --dist worksteal

format: $(STAMP)
	$(BIN)/ruff format homecheck tests benchmarks

lint: $(STAMP)
	$(BIN)/ruff format --check homecheck tests benchmarks
	$(BIN)/ruff check homecheck tests benchmarks

types: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

check: lint types layers test

bench: $(STAMP) bytecode
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
