"""Registry: chapters.yml is the one source; _toc.yml and the parameters cells follow it."""

import ast

import jupytext
import pytest
import yaml

from livingpapers.engine.registry import ParameterError, RegistryError, load_registry, toc, write_toc
from support import REPO


def test_registry_lists_chapters_whose_files_exist():
    registry = load_registry()
    assert list(registry)[:2] == ["consumer_finance", "wealth_management"]
    assert all((REPO / c.notebook).is_file() and (REPO / c.module).is_dir() for c in registry.values())


def test_toc_is_generated_from_the_registry(project_copy):
    entries = yaml.safe_load((project_copy / "chapters.yml").read_text())
    entries["chapters"] = [c for c in entries["chapters"] if c["slug"] != "wealth_management"]
    (project_copy / "chapters.yml").write_text(yaml.safe_dump(entries, sort_keys=False))
    write_toc(project_copy)
    text = (project_copy / "_toc.yml").read_text()
    assert "book/chapters/consumer_finance" in text and "wealth_management" not in text
    chapters = toc(project_copy)["parts"][1]["chapters"]
    assert chapters[0] == {"file": "book/chapters/consumer_finance"}
    assert toc(project_copy)["root"] == "book/intro"


def test_registered_chapter_without_notebook_is_an_error(project_copy):
    (project_copy / "notebooks" / "wealth_management.md").unlink()
    with pytest.raises(
        RegistryError, match="wealth_management: notebook notebooks/wealth_management.md does not exist"
    ):
        load_registry(project_copy)


def parameters_cell(notebook) -> dict:
    """The literal assignments of a notebook's cell tagged ``parameters``."""
    nb = jupytext.read(notebook)
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    assert cells, f"{notebook.name} has no parameters cell"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code is cells[0], f"{notebook.name}: the parameters cell must be the first code cell"
    values = {}
    for node in ast.parse(cells[0].source).body:
        values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


@pytest.mark.parametrize("slug", list(load_registry()))
def test_notebook_parameters_cell_agrees_with_registry(slug):
    chapter = load_registry()[slug]
    assert parameters_cell(REPO / chapter.notebook) == chapter.parameters


def test_bad_parameters_are_listed_together():
    chapter = load_registry()["consumer_finance"]
    with pytest.raises(ParameterError) as err:
        chapter.profile_parameters("full", {"seed": "seven", "data_mode": "imaginary", "colour": 1})
    message = str(err.value)
    assert "unknown parameter 'colour'" in message
    assert "seed='seven' should be of type int" in message
    assert "data_mode='imaginary' is not a data mode (standin, real, none)" in message


def test_negative_seed_and_unknown_profile():
    chapter = load_registry()["consumer_finance"]
    with pytest.raises(ParameterError, match="non-negative"):
        chapter.profile_parameters("full", {"seed": -1})
    with pytest.raises(ParameterError, match="unknown profile"):
        chapter.profile_parameters("turbo")


def test_chapter_without_real_data_refuses_real_mode():
    chapter = load_registry()["wealth_management"]
    with pytest.raises(ParameterError, match="offered: none"):
        chapter.profile_parameters("full", {"data_mode": "real"})


def test_intro_page_links_every_registered_chapter():
    intro = (REPO / "book" / "intro.md").read_text(encoding="utf-8")
    missing = [slug for slug in load_registry() if f"(chapters/{slug})" not in intro]
    assert not missing, f"book/intro.md does not link: {missing}"
