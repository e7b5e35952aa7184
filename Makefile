# Two commands on a fresh clone: `make book` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book test bench lab fast clean lock

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## book: install everything, execute every chapter (cached) and build _build/html
book: $(STAMP)
	$(PY) -m livingpapers build

## fast: the same with the fast profile (small Monte Carlo and placebo draws)
fast: $(STAMP)
	$(PY) -m livingpapers build --profile fast

## test: lint and format check (ruff), then the whole test suite (unit, integration build, determinism)
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

## lock: regenerate requirements.txt (the exact lock) from pyproject.toml's direct dependencies
lock: $(STAMP)
	$(PY) -m pip install --quiet "pip-tools>=7.5"
	$(VENV)/bin/pip-compile --quiet --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.txt pyproject.toml

## bench: cold build, no-op rebuild, rebuild after touching one chapter (medians of 3 runs)
bench: $(STAMP)
	$(PY) -m livingpapers bench --runs 3

# JupyterLab refuses to start as root unless told; a normal user needs no flag.
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

## lab: JupyterLab opening the notebooks/*.md sources as notebooks (Jupytext; MyST rendered by jupyterlab-myst;
## jupytext.toml keeps a saved chapter's source unchanged)
lab: $(STAMP)
	$(PY) -m pip install --quiet -r requirements-lab.txt
	$(PY) -m livingpapers.engine.lab_settings $(VENV)
	$(VENV)/bin/jupyter lab $(LAB_ROOT_FLAG) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

clean:
	rm -rf _build book/chapters book/_static/outputs book/generated
