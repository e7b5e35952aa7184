"""Paths and checks shared by the tests (importable because ``tests/`` is on pytest's ``pythonpath``)."""

import importlib
from pathlib import Path

import pandas as pd

from livingpapers.toolkit.contracts import contract_markdown, write_tables

REPO = Path(__file__).resolve().parents[1]


def assert_standin_round_trips(slug: str, seed: int, directory: Path) -> None:
    """A study's stand-in written as ``data/raw/<slug>/`` files reads back as the same tables, exactly."""
    package = importlib.import_module(f"livingpapers.studies.{slug}")
    data = importlib.import_module(f"livingpapers.studies.{slug}.data")
    tables = data.real_tables(package.load("standin", seed))
    assert list(tables) == [c.name for c in data.CONTRACTS]
    write_tables(tables, data.CONTRACTS, directory)
    again = data.real_tables(data.read_real(directory))
    assert list(again) == list(tables)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(again[name], frame, check_exact=True)


def readme_contract_block(slug: str) -> str:
    """The generated part of ``data/raw/<slug>/README.md`` (between the contract markers)."""
    readme = (REPO / "data" / "raw" / slug / "README.md").read_text(encoding="utf-8")
    return readme.split("<!-- contract:start -->")[1].split("<!-- contract:end -->")[0]


def assert_readme_holds_the_contract(slug: str) -> None:
    data = importlib.import_module(f"livingpapers.studies.{slug}.data")
    assert readme_contract_block(slug).strip() == contract_markdown(data.CONTRACTS).strip(), (
        f"data/raw/{slug}/README.md is out of date with the contract"
    )
