"""The Methods page lists every module of ``livingpapers.methods``: in its overview table and its API reference."""

from __future__ import annotations

import re

import pytest

from livingpapers.engine import methods_page
from support import REPO

ON_DISK = sorted(p.stem for p in (REPO / "livingpapers" / "methods").glob("*.py") if not p.stem.startswith("_"))


def test_the_module_list_is_read_from_the_package():
    assert methods_page.method_modules() == ON_DISK
    assert {"gmm", "absorb", "batched_ols", "fund_measures", "design"} <= set(ON_DISK)


def test_a_new_module_is_listed_without_editing_the_page(tmp_path, monkeypatch):
    (tmp_path / "newest.py").write_text('"""A module added later."""\n')
    (tmp_path / "_private.py").write_text("")
    monkeypatch.setattr(methods_page.livingpapers.methods, "__path__", [str(tmp_path)])
    assert methods_page.method_modules() == ["newest"]


@pytest.fixture(scope="module")
def api() -> str:
    return methods_page.api_markdown()


@pytest.mark.parametrize("module", ON_DISK)
def test_the_api_reference_has_a_section_for_each_module(api, module):
    assert f"### `livingpapers.methods.{module}`" in api


@pytest.mark.parametrize("module", ON_DISK)
def test_the_overview_table_has_a_row_for_each_module(module):
    page = (REPO / "book" / "methods.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \|", page, flags=re.MULTILINE)
    assert module in rows, f"book/methods.md: add a row for `{module}` to the table of modules"
