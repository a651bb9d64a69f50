# research_utils — the verbs. `make run` and `make test` set everything up on a fresh
# machine (Python >= 3.11): .venv, pinned packages, the package, NLTK data.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RU := $(BIN)/research-utils
INSTALLED := $(VENV)/.installed

.PHONY: help setup nltk-data run prepare analyse notebooks report lab test lint docs bench lock clean

help:  ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python >= 3.11 is needed (found $$($(PYTHON) --version)); set PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name research-utils --display-name "Python (research-utils)" >/dev/null
	@touch $@

setup: $(INSTALLED) nltk-data  ## create .venv, install pinned packages and the NLTK data

nltk-data: $(INSTALLED)  ## check the NLTK data; download what is missing (needs internet)
	@$(RU) check --download

run: prepare analyse notebooks  ## the whole study: prepare -> analyse -> notebooks

prepare: setup  ## raw corpus -> data/processed tables
	$(RU) prepare

analyse: prepare  ## data/processed -> data/analysed tables
	$(RU) analyse

notebooks: setup  ## execute the notebooks in order, in place (they read the tables and draw)
	$(RU) notebooks

report: setup  ## reports/outlet_comparison.html: notebook 04 as one offline HTML page, no code
	$(RU) report

# --allow-root only as root (containers, Binder builds): JupyterLab refuses root without it
lab: setup  ## JupyterLab on the notebooks, with the project's environment as the kernel
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

lint: $(INSTALLED)  ## ruff over the package, tests, benchmarks and notebooks; mypy over the package
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

docs: $(INSTALLED)  ## regenerate the README's data dictionary from the table schemas
	$(RU) docs

test: analyse lint  ## rebuild the tables, then unit tests and strict nbval over every notebook
	$(BIN)/pytest --nbval --nbval-current-env tests notebooks

bench: setup  ## benchmarks (printed as ratios measured in one run)
	$(BIN)/python benchmarks/bench_prepare.py

lock: $(INSTALLED)  ## re-pin requirements.lock from the current .venv
	@{ sed -n '1,3p' requirements.lock; $(BIN)/python -m pip freeze --all --exclude-editable \
	  | grep -v '^pip==\|^-e\|research.utils'; } > requirements.lock.tmp && mv requirements.lock.tmp requirements.lock

clean:  ## remove .venv and caches (keeps data and notebooks)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
