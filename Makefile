# Two commands that work on a fresh machine with only python3 and pip: `make run`, `make test`.
# `make run` installs what running needs; `make test` adds the test tools. Both use uv (from
# PyPI, into the virtualenv) for speed and fall back to pip if uv cannot be had.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: run manage test lint screens format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

define install
	@if $(BIN)/python -m uv --version >/dev/null 2>&1 || $(BIN)/python -m pip install --quiet uv; then \
		$(BIN)/python -m uv pip install --quiet --python $(BIN)/python $(1); \
	else \
		$(BIN)/python -m pip install --quiet $(1); \
	fi
endef

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(call install,-e .)
	@touch $@

$(DEV): $(RUNTIME)
	$(call install,-e '.[dev]')
	@touch $@

run: $(RUNTIME)
	$(BIN)/python -m config.run

# A management command beside a running `make run` (same database, broker, emulators, mailbox):
# make manage ARGS="reminders_scan --as-of 2026-12-14"
manage: $(RUNTIME)
	$(BIN)/python -m config.run manage $(ARGS)

test: $(DEV)
	$(BIN)/pytest $(PYTEST_ARGS)

# Style, the dependency rules between the apps (.importlinter) and the types (pyproject.toml).
lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# The screenshots in docs/screens, retaken by the browser test that walks past those screens.
screens: $(DEV)
	REMIT_SCREENS_DIR=docs/screens $(BIN)/pytest -q \
		tests/e2e/test_a_billing_manager_follows_an_invoice_from_the_queue_to_the_dashboard.py

format: $(DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var
