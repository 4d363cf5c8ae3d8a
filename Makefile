# policy-site: the two commands for a fresh machine are `make site` and `make test`.
# Both create the virtual environment .venv and install the pinned packages first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_VERSION := 26.3

.PHONY: site test serve check lint golden bench clean help

help:
	@echo "make site    set up, extract the seeds into the records, then build site/"
	@echo "make test    set up, then run lint, type checks and every test"
	@echo "make serve   live preview on http://127.0.0.1:8000/"
	@echo "make golden  regenerate the golden files after an intended template change"
	@echo "make bench   run the benchmark (see README)"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/policy-site extract --quiet
	$(BIN)/policy-site build

serve: $(STAMP)
	$(BIN)/policy-site serve

check: $(STAMP)
	$(BIN)/policy-site check

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

# axe-core for the browser tests' accessibility check, from npm into a git-ignored folder.
# Without npm the browser tests skip the accessibility checks (and fail under CI=true).
AXE_VERSION := 4.14.1
AXE_PREFIX := .cache/npm/axe-core-$(AXE_VERSION)
AXE := $(AXE_PREFIX)/node_modules/axe-core/axe.min.js

$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --no-save --no-audit --no-fund --prefix $(AXE_PREFIX) axe-core@$(AXE_VERSION); \
	else echo "npm not found: the browser tests cannot run their accessibility check"; fi

test: lint $(AXE)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden -q

bench: $(STAMP)
	$(BIN)/policy-site bench

clean:
	rm -rf build site .site.building .site.old test-artifacts
