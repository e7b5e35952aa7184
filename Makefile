# Two commands on a fresh clone: `make book` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book test bench lab fast clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## book: install everything, execute every chapter (cached) and build _build/html
book: $(STAMP)
	$(PY) -m livingpapers build

## fast: the same with the fast profile (small Monte Carlo and placebo draws)
fast: $(STAMP)
	$(PY) -m livingpapers build --profile fast

## test: the whole test suite (unit, integration build, determinism)
test: $(STAMP)
	$(PY) -m pytest

## bench: cold build, no-op rebuild, rebuild after touching one chapter (medians of 3 runs)
bench: $(STAMP)
	$(PY) -m livingpapers bench --runs 3

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

## lab: JupyterLab opening the notebooks/*.md sources as notebooks (through Jupytext)
lab: $(STAMP)
	$(PY) -m pip install --quiet -r requirements-lab.txt
	mkdir -p $(dir $(LAB_SETTINGS))
	echo '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}}}' > $(LAB_SETTINGS)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

clean:
	rm -rf _build book/chapters book/_static/outputs book/generated
