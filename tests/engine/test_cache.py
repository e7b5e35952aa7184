"""Cache key: each kind of dependency change re-runs the chapter; nothing else does."""

import os
import shutil

import pytest

from livingpapers.engine import cache
from livingpapers.engine.registry import load_registry


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A copy of the package, so tests can edit 'package source' without touching the real one."""
    src = cache.PACKAGE_DIR
    dst = tmp_path / "pkg" / "livingpapers"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", dst)
    return dst


@pytest.fixture
def setup(project_copy, package_copy):
    registry = load_registry(project_copy)
    chapter = registry["consumer_finance"]
    params = chapter.profile_parameters("full")
    return project_copy, package_copy, chapter, params, cache.cache_key(chapter, params, project_copy)


def key(setup, params=None):
    root, _, chapter, default, _ = setup
    return cache.cache_key(chapter, params or default, root)


def append(path, text="\n# edit\n"):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_key_is_stable_when_nothing_changes(setup):
    assert key(setup) == setup[4]


def test_source_text_change_reruns(setup):
    append(setup[0] / setup[2].notebook)
    assert key(setup) != setup[4]


def test_parameter_change_reruns(setup):
    assert key(setup, dict(setup[3], seed=7)) != setup[4]


@pytest.mark.parametrize("layer_file", ["toolkit/tables.py", "methods/simulation.py", "__init__.py"])
def test_toolkit_and_methods_change_reruns(setup, layer_file):
    append(setup[1] / layer_file)
    assert key(setup) != setup[4]


@pytest.mark.parametrize(
    "engine_file",
    [
        "engine/cli.py",
        "engine/bench.py",
        "engine/build.py",
        "engine/cache.py",
        "engine/report.py",
        "engine/registry.py",
        "__main__.py",
    ],
)
def test_engine_change_does_not_rerun(setup, engine_file):
    append(setup[1] / engine_file)
    assert key(setup) == setup[4]


def test_new_engine_module_does_not_rerun(setup):
    (setup[1] / "engine" / "extra.py").write_text("VALUE = 1\n")
    assert key(setup) == setup[4]


def test_jupytext_header_rewrite_does_not_rerun(setup):
    notebook = setup[0] / setup[2].notebook
    text = notebook.read_text(encoding="utf-8")
    notebook.write_text(
        text.replace(
            "format_name: myst\n", "format_name: myst\n    format_version: 0.13\n    jupytext_version: 1.17.2\n", 1
        ),
        encoding="utf-8",
    )
    assert notebook.read_text(encoding="utf-8") != text
    assert key(setup) == setup[4]


def test_own_study_package_change_reruns(setup):
    append(setup[1].parent / setup[2].module / "__init__.py")
    assert key(setup) != setup[4]


def test_other_chapters_package_does_not_rerun(setup):
    append(setup[1] / "studies" / "wealth_management" / "__init__.py")
    assert key(setup) == setup[4]


def test_input_data_change_reruns(setup):
    append(setup[0] / "data" / "published" / "consumer_finance.yml", "\n# edit\n")
    assert key(setup) != setup[4]


def test_requirements_change_reruns(setup):
    append(setup[0] / "requirements.txt", "\n# edit\n")
    assert key(setup) != setup[4]


def test_raw_data_matters_only_in_real_mode(setup):
    root, _, chapter, params, _ = setup
    real = dict(params, data_mode="real")
    before = key(setup, real)
    raw = root / "data" / "raw" / "consumer_finance"
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "extra.csv").write_text("a\n1\n")
    assert key(setup, real) != before
    assert key(setup) == setup[4]


def test_modification_time_and_unrelated_files_do_not_rerun(setup):
    root = setup[0]
    notebook = root / setup[2].notebook
    os.utime(notebook, (1, 1))
    (root / "README.md").write_text("unrelated\n")
    (root / "book" / "intro.md").write_text("changed intro\n")
    assert key(setup) == setup[4]
