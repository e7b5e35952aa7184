"""The engine without kernels: a fake executor stands in for papermill, so these tests take seconds.

The cache serves only what it built, a failing run keeps the last good chapter, one build runs
at a time, staging of a killed build is removed, files get the user's umask, the HTML is built
incrementally, products of removed chapters go, and errors and interrupts print one line.
"""

from __future__ import annotations

import os
import stat

import nbformat
import pytest
import yaml

from livingpapers.engine import build as builder
from livingpapers.engine import cli
from livingpapers.engine.registry import ParameterError, load_registry
from livingpapers.toolkit.render import write_text_atomic

SLUG = "consumer_finance"


@pytest.fixture
def executions(monkeypatch):
    """Replace papermill: the 'chapter' writes two outputs; returns the list of executions."""
    calls = []

    def fake_papermill(chapter, parameters, root, staging, output):
        calls.append(parameters)
        if parameters.get("seed") == 666:
            raise RuntimeError("deliberate failure")
        (staging / "table.csv").write_text(f"seed\n{parameters['seed']}\n")
        (staging / "figure.png").write_bytes(b"png")
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(f"seed = {parameters['seed']}")]
        return nb

    monkeypatch.setattr(builder, "run_papermill", fake_papermill)
    return calls


@pytest.fixture
def chapter(project_copy):
    return load_registry(project_copy)[SLUG]


def execute(chapter, root, **overrides):
    return builder.execute_chapter(chapter, chapter.profile_parameters("fast", overrides), root)


def outputs(root):
    return builder.outputs_path(SLUG, root)


def test_a_second_build_is_a_verified_cache_hit(project_copy, chapter, executions):
    assert execute(chapter, project_copy).cache == "miss"
    assert execute(chapter, project_copy).cache == "hit"
    assert len(executions) == 1


@pytest.mark.parametrize(
    "tamper",
    [
        lambda out: (out / "table.csv").write_text("seed\n7\n"),
        lambda out: (out / "figure.png").unlink(),
        lambda out: (out / "extra.csv").write_text("x\n"),
        lambda out: __import__("shutil").rmtree(out),
    ],
    ids=["edited", "deleted", "added", "folder removed"],
)
def test_a_tampered_outputs_folder_is_executed_again(project_copy, chapter, executions, tamper):
    execute(chapter, project_copy)
    tamper(outputs(project_copy))
    assert execute(chapter, project_copy).cache == "miss"
    assert (outputs(project_copy) / "table.csv").read_text() == f"seed\n{chapter.parameters['seed']}\n"
    assert execute(chapter, project_copy).cache == "hit"


def test_an_edited_notebook_is_executed_again(project_copy, chapter, executions):
    execute(chapter, project_copy)
    path = builder.executed_path(SLUG, project_copy)
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = "seed = 7"
    nbformat.write(nb, path)
    assert execute(chapter, project_copy).cache == "miss"


def test_outputs_swapped_without_their_notebook_are_executed_again(project_copy, chapter, executions):
    """A build killed between the swap and the notebook write leaves new outputs beside the old stamp."""
    execute(chapter, project_copy)
    stale_stamp = builder.executed_path(SLUG, project_copy).read_bytes()
    builder.run_chapter(SLUG, {"seed": 7}, profile="fast", root=project_copy)
    builder.executed_path(SLUG, project_copy).write_bytes(stale_stamp)
    assert execute(chapter, project_copy).cache == "miss"


def test_a_failing_run_keeps_the_last_good_notebook_and_its_outputs(project_copy, chapter, executions):
    execute(chapter, project_copy)
    notebook = builder.executed_path(SLUG, project_copy)
    before = (notebook.read_bytes(), {p.name: p.read_bytes() for p in outputs(project_copy).iterdir()})
    with pytest.raises(builder.BuildError, match="deliberate failure"):
        builder.run_chapter(SLUG, {"seed": 666}, profile="fast", root=project_copy)
    after = (notebook.read_bytes(), {p.name: p.read_bytes() for p in outputs(project_copy).iterdir()})
    assert after == before
    assert not [p for p in notebook.parent.iterdir() if p.name.startswith(".")], "no staging left"


def test_a_second_build_on_the_same_checkout_is_refused_with_the_first_ones_pid(project_copy, executions):
    refused = pytest.raises(builder.BuildError, match=rf"another build is running \(pid {os.getpid()}\)")
    with builder.project_lock(project_copy), refused:
        builder.run_chapter(SLUG, profile="fast", root=project_copy)
    assert executions == []
    builder.run_chapter(SLUG, profile="fast", root=project_copy)  # released afterwards
    assert len(executions) == 1


def test_staging_of_a_killed_build_is_removed_at_the_next_start(project_copy, executions):
    chapters = project_copy / "book" / "chapters"
    stale = [
        chapters / f".{SLUG}.abc123" / "outputs",
        project_copy / "book" / "_static" / "outputs" / f".{SLUG}.old",
        chapters / f".{SLUG}.ipynb.x1.tmp",
        project_copy / "_build" / ".report.json.x2.tmp",
    ]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir() if path.suffix != ".tmp" else path.write_text("half")
    kept = [project_copy / "_build" / ".doctrees" / "env.pickle", project_copy / "_build" / "logs" / "x.log"]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep")
    builder.run_chapter(SLUG, profile="fast", root=project_copy)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_written_files_get_the_users_umask(tmp_path, umask):
    previous = os.umask(umask)
    try:
        path = write_text_atomic("x", tmp_path / "a" / "file.txt")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_notebook_and_outputs_are_not_private(project_copy, chapter, executions):
    previous = os.umask(0o022)
    try:
        execute(chapter, project_copy)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(builder.executed_path(SLUG, project_copy).stat().st_mode) == 0o644
    assert stat.S_IMODE(outputs(project_copy).stat().st_mode) & 0o055 == 0o055


def test_the_html_is_built_incrementally_and_a_failed_book_build_forgets_sphinxs_environment(project_copy, monkeypatch):
    html, environment = project_copy / "_build" / "html", builder.sphinx_environment(project_copy)
    (html / "book").mkdir(parents=True)
    (html / "book" / "intro.html").write_text("kept: Sphinx decides what to write")
    environment.parent.mkdir(parents=True)
    environment.write_bytes(b"pickle")
    result = {"returncode": 0, "stdout": "", "stderr": "WARNING: boom"}
    monkeypatch.setattr(builder.subprocess, "run", lambda *a, **k: type("R", (), result)())
    builder.build_book(project_copy)
    assert (html / "book" / "intro.html").is_file() and environment.is_file()
    result["returncode"] = 1
    with pytest.raises(builder.BuildError, match="WARNING: boom"):
        builder.build_book(project_copy)
    assert not environment.exists(), "the next build must read every page again and report its warnings"


def test_products_of_a_chapter_no_longer_registered_are_removed(project_copy):
    chapters, outputs = project_copy / "book" / "chapters", project_copy / "book" / "_static" / "outputs"
    chapters.mkdir(parents=True, exist_ok=True)
    for slug in (SLUG, "dropped"):
        (outputs / slug).mkdir(parents=True)
        (outputs / slug / "table.csv").write_text("x\n")
        (chapters / f"{slug}.ipynb").write_text("{}")
    (chapters / ".staging.ipynb").write_text("{}")
    removed = builder.remove_unregistered_products(project_copy, load_registry(project_copy))
    assert sorted(p.name for p in removed) == ["dropped", "dropped.ipynb"]
    assert (outputs / SLUG / "table.csv").is_file() and (chapters / f"{SLUG}.ipynb").is_file()
    assert (chapters / ".staging.ipynb").is_file()  # staging belongs to remove_stale_staging


def test_hidden_folders_at_any_depth_are_excluded_from_the_book():
    from sphinx.util.matching import Matcher

    from support import REPO

    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    excluded = Matcher(config["exclude_patterns"])
    for path in ("book/chapters/.cbdc.x1y2/cbdc.ipynb", "book/a/.b/c/d.md", ".hidden.md", "book/.x.md"):
        assert excluded(path), path
    assert not excluded("book/chapters/cbdc.ipynb")


@pytest.mark.parametrize("value", ["[1", "{a: 1", "'open"])
def test_bad_yaml_in_a_parameter_is_one_line(capsys, value):
    assert cli.main(["run", SLUG, "-p", "seed", value]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "-p seed" in err and "not a valid YAML value" in err


def test_parse_overrides_names_every_bad_value():
    with pytest.raises(ParameterError) as err:
        cli.parse_overrides([["seed", "[1"], ["n_draws", "5"], ["label", "{x"]])
    assert "-p seed" in str(err.value) and "-p label" in str(err.value) and "n_draws" not in str(err.value)


@pytest.mark.parametrize(("signal_name", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_an_interrupt_prints_one_line(capsys, monkeypatch, signal_name, code):
    def interrupted(*args, **kwargs):
        raise builder.Interrupted(signal_name)

    monkeypatch.setattr(builder, "run_chapter", interrupted)
    assert cli.main(["run", SLUG]) == code
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        f"interrupted ({signal_name}): stopped the running chapters; the last good notebooks and outputs are kept"
    ]
    assert "Traceback" not in captured.out + captured.err


def test_keyboard_interrupt_prints_one_line(capsys, monkeypatch):
    monkeypatch.setattr(builder, "run_chapter", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    assert cli.main(["run", SLUG]) == 130
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
