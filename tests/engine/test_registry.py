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


# --- bounds of count and size parameters ---------------------------------------------------------
def is_count(key, value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and key != "seed"


@pytest.mark.parametrize("slug", list(load_registry()))
def test_every_count_parameter_has_bounds_with_a_unit_cost(slug):
    chapter = load_registry()[slug]
    counts = {k for k, v in chapter.parameters.items() if is_count(k, v)}
    assert counts == set(chapter.bounds)
    for key, bound in chapter.bounds.items():
        assert bound["min"] <= chapter.parameters[key] <= bound["max"], key
        assert bound["min"] <= chapter.profile_parameters("fast")[key], key
        assert {"seconds_per_unit", "bytes_per_unit"} & set(bound) and bound["unit"], key


@pytest.mark.parametrize(
    ("slug", "key"),
    [(slug, key) for slug, chapter in load_registry().items() for key in chapter.bounds],
)
def test_each_bound_refuses_values_below_and_above_it_before_a_kernel_starts(slug, key):
    chapter = load_registry()[slug]
    bound = chapter.bounds[key]
    for value in (bound["min"] - 1, -5, 0):
        if value < bound["min"]:
            with pytest.raises(ParameterError, match=rf"{key}={value} is below the minimum of {bound['min']}"):
                chapter.profile_parameters("full", {key: value})
    with pytest.raises(ParameterError, match=rf"{key}=100000000 is above the maximum {bound['max']}: it would need"):
        chapter.profile_parameters("full", {key: 100_000_000})
    chapter.profile_parameters("full", {key: bound["max"]})


def test_an_out_of_bounds_value_says_the_time_and_memory_it_implies():
    chapter = load_registry()["trade_hubs"]
    with pytest.raises(ParameterError) as err:
        chapter.profile_parameters("full", {"n_permutations": 100_000_000, "n_monte_carlo": 1})
    message = str(err.value)
    assert "n_permutations=100000000 is above the maximum 10000: it would need about 2.2 days of computing" in message
    assert "and about 577 GiB of memory (6.05 KiB per permutation)" in message
    assert "n_monte_carlo=1 is below the minimum of 2 draws" in message
    cbdc = load_registry()["cbdc"]
    with pytest.raises(ParameterError, match=r"grid_points=100000000 .* about 5.79 days of computing"):
        cbdc.profile_parameters("full", {"grid_points": 100_000_000})


def test_the_run_command_refuses_a_bad_count_in_one_line_without_a_kernel(capsys, monkeypatch):
    from livingpapers.engine import build, cli

    monkeypatch.setattr(build, "run_papermill", lambda *a: pytest.fail("a kernel was started"))
    assert cli.main(["run", "trade_hubs", "-p", "n_permutations", "-5"]) == 1
    assert "n_permutations=-5 is below the minimum of 1 permutation" in capsys.readouterr().err


def test_bounds_for_an_unknown_parameter_or_a_default_out_of_bounds_are_registry_errors(project_copy):
    entries = yaml.safe_load((project_copy / "chapters.yml").read_text())
    cbdc = next(c for c in entries["chapters"] if c["slug"] == "cbdc")
    cbdc["bounds"]["grid_size"] = {"min": 1, "max": 2}
    cbdc["fast"]["grid_points"] = 5
    (project_copy / "chapters.yml").write_text(yaml.safe_dump(entries, sort_keys=False))
    with pytest.raises(RegistryError) as err:
        load_registry(project_copy)
    assert "bounds given for 'grid_size'" in str(err.value) and "the fast profile" in str(err.value)
    assert "grid_points=5 is below the minimum of 20 grid points" in str(err.value)
