# The two commands of the README: `make demo` and `make test`. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HAVEN := $(BIN)/haven
PYTEST_ARGS ?= -n 2

.PHONY: install demo serve test lint typecheck check bench clean-demo messages

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Haven needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

demo: install
	$(HAVEN) migrate --noinput
	$(HAVEN) collectstatic --noinput --verbosity 0
	$(HAVEN) demo load
	$(HAVEN) serve --with-worker

serve: install
	$(HAVEN) serve --with-worker

test: install
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy haven conftest.py tests bench

check: lint typecheck test

bench: install
	$(BIN)/pytest -m bench -s bench

# Arabic catalogue: refresh from the source, then compile (needs GNU gettext).
messages: install
	cd haven && ../$(HAVEN) makemessages --locale ar --ignore '*/tests/*' && ../$(HAVEN) compilemessages --locale ar
