"""JupyterLab: saving a chapter leaves its source unchanged; .md sources open as notebooks."""

import json

import jupytext
import pytest
from jupytext.config import load_jupytext_config

from livingpapers.engine.lab_settings import write_overrides
from support import REPO

SOURCES = sorted((REPO / "notebooks").glob("*.md"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_saving_a_chapter_through_jupytext_rewrites_nothing(source):
    config = load_jupytext_config(str(source.parent))
    assert config is not None, "jupytext.toml must apply to notebooks/"
    notebook = jupytext.read(source)
    assert jupytext.writes(notebook, fmt="md:myst", config=config) == source.read_text(encoding="utf-8")


def test_lab_settings_open_markdown_as_notebooks(tmp_path):
    settings = json.loads(write_overrides(tmp_path).read_text(encoding="utf-8"))
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"


def test_binder_installs_the_lab_environment_and_the_package():
    assert "-r ../requirements-lab.txt" in (REPO / "binder" / "requirements.txt").read_text(encoding="utf-8")
    post_build = (REPO / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-deps -e ." in post_build and "lab_settings" in post_build
    assert "jupyterlab-myst==" in (REPO / "requirements-lab.txt").read_text(encoding="utf-8")
