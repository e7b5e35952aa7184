"""Registry: chapters.yml and _toc.yml must agree; parameters are checked all at once."""

import pytest

from conftest import REPO

from livingpapers.registry import ParameterError, RegistryError, load_registry


def test_registry_matches_toc_and_notebooks_exist():
    registry = load_registry()
    assert list(registry)[:2] == ["consumer_finance", "wealth_management"]
    assert all((REPO / c.notebook).is_file() for c in registry.values())


def test_chapter_missing_from_toc_is_an_error(project_copy):
    toc = project_copy / "_toc.yml"
    toc.write_text(toc.read_text().replace("      - file: book/chapters/wealth_management\n", ""))
    with pytest.raises(RegistryError, match="not in _toc.yml: wealth_management"):
        load_registry(project_copy)


def test_chapter_missing_from_registry_is_an_error(project_copy):
    toc = project_copy / "_toc.yml"
    toc.write_text(toc.read_text().replace("      - file: book/chapters/wealth_management\n",
                                           "      - file: book/chapters/wealth_management\n"
                                           "      - file: book/chapters/ghost\n"))
    with pytest.raises(RegistryError, match="not registered in chapters.yml: ghost"):
        load_registry(project_copy)


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
