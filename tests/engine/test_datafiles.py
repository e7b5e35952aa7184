"""The real-data format by example: READMEs generated from the contracts, the stand-in exported as files."""

import importlib

import pandas as pd
import pytest

from livingpapers.engine import datafiles
from livingpapers.engine.registry import load_registry

EMPIRICAL = datafiles.empirical_slugs()
assert EMPIRICAL, "no registered chapter reads real data"


@pytest.mark.parametrize("slug", EMPIRICAL)
def test_readme_tables_are_generated_from_the_contract(slug):
    assert datafiles.current_block(slug) == datafiles.readme_block(slug), (
        f"data/raw/{slug}/README.md is out of date: run `python -m livingpapers contract-docs`"
    )


@pytest.mark.parametrize("slug", EMPIRICAL)
def test_readme_names_every_contract_file(slug):
    block = datafiles.readme_block(slug)
    for contract in datafiles.study_data(slug).CONTRACTS:
        assert f"`{contract.filename}`" in block


@pytest.mark.parametrize("slug", EMPIRICAL)
def test_every_contract_column_is_described(slug):
    for contract in datafiles.study_data(slug).CONTRACTS:
        for name, column in contract.schema.columns.items():
            assert column.description, f"{contract.filename}: column {name!r} has no description"


@pytest.mark.parametrize("slug", EMPIRICAL)
def test_exported_standin_reads_back_exactly(slug, tmp_path):
    """The stand-in written as ``data/raw/<slug>/`` files reads back as the same tables."""
    data = datafiles.study_data(slug)
    package = importlib.import_module(f"livingpapers.studies.{slug}")
    tables = data.real_tables(package.load("standin", load_registry()[slug].parameters["seed"]))
    datafiles.export_standin(slug, tmp_path)
    again = data.real_tables(data.read_real(tmp_path))
    assert list(again) == list(tables)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(again[name], frame, check_exact=True)


def test_export_refuses_a_chapter_without_data():
    no_data = next(s for s, c in load_registry().items() if "real" not in c.data_modes)
    with pytest.raises(datafiles.ExportError, match="reads no data"):
        datafiles.export_standin(no_data, "unused")


def test_export_never_overwrites(tmp_path):
    slug = EMPIRICAL[0]
    first = datafiles.study_data(slug).CONTRACTS[0].filename
    (tmp_path / first).write_text("mine\n")
    with pytest.raises(datafiles.ExportError, match=f"already holds {first}"):
        datafiles.export_standin(slug, tmp_path)
    assert (tmp_path / first).read_text() == "mine\n"
