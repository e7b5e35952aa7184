"""Curated facts: every row needs a source and a confidence level; all problems listed together.

A paper's own numbers are not facts: they live in ``data/published/<slug>.yml`` and are read from there.
"""

import shutil

import pandas as pd
import pytest
import yaml

from livingpapers.toolkit.claims import ClaimsFileError, load_printed_table
from livingpapers.toolkit.facts import CONFIDENCE_LEVELS, FactsError, load_facts
from livingpapers.toolkit.paths import facts_dir
from support import REPO


def write(folder, text):
    (folder / "data" / "facts").mkdir(parents=True, exist_ok=True)
    (folder / "data" / "facts" / "demo.csv").write_text(text, encoding="utf-8")


def test_good_facts_load(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVINGPAPERS_ROOT", str(tmp_path))
    write(tmp_path, "year,value,source,confidence\n2022,1.91,NFRA release,high\n")
    assert load_facts("demo").loc[0, "value"] == "1.91"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("year,value\n2022,1.91\n", ["column 'source' is missing", "column 'confidence' is missing"]),
        (
            "year,value,source,confidence\n2021,2.08, ,high\n2022,1.91,NFRA,sure\n",
            ["rows [0] have no source", "rows [1] have ['sure']"],
        ),
    ],
    ids=["missing provenance columns", "empty source and unknown confidence"],
)
def test_every_provenance_problem_is_listed(tmp_path, monkeypatch, text, expected):
    monkeypatch.setenv("LIVINGPAPERS_ROOT", str(tmp_path))
    write(tmp_path, text)
    with pytest.raises(FactsError) as err:
        load_facts("demo")
    assert all(problem in str(err.value) for problem in expected), str(err.value)


def test_every_row_of_every_shipped_facts_file_has_a_source_and_a_confidence():
    files = sorted(facts_dir().glob("*.csv"))
    assert files
    for path in files:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert {"source", "confidence"} <= set(frame.columns), path.name
        assert len(frame) > 0 and (frame["source"].str.strip() != "").all(), path.name
        assert frame["confidence"].isin(CONFIDENCE_LEVELS).all(), path.name
        assert len(load_facts(path.stem)) == len(frame)


def test_printed_table_reads_a_list_section_as_text_cells(tmp_path):
    (tmp_path / "demo.yml").write_text(
        "claims: []\nrows:\n- {id: N1, value: 50, unit: percent}\n- {id: N2, value: 2.3, note: about}\n",
        encoding="utf-8",
    )
    frame = load_printed_table("demo", "rows", tmp_path)
    assert list(frame.columns) == ["id", "value", "unit", "note"]
    assert frame.to_dict("records") == [
        {"id": "N1", "value": "50", "unit": "percent", "note": ""},
        {"id": "N2", "value": "2.3", "unit": "", "note": "about"},
    ]
    with pytest.raises(ClaimsFileError, match="'missing' must be a non-empty list of mappings"):
        load_printed_table("demo", "missing", tmp_path)


def _consumer_finance_n1() -> float:
    from livingpapers.studies.consumer_finance import data

    return data.text_numbers()["final_consumption_share_floor"]


def _wealth_management_q1() -> float:
    from livingpapers.studies.wealth_management import data

    return data.read_facts().values["Q1"]


@pytest.mark.parametrize(
    ("slug", "section", "row_id", "read", "printed"),
    [
        ("consumer_finance", "text_numbers", "N1", _consumer_finance_n1, 50),
        ("wealth_management", "quantities", "Q1", _wealth_management_q1, 65),
    ],
)
def test_the_papers_own_numbers_are_read_from_data_published(
    tmp_path, monkeypatch, slug, section, row_id, read, printed
):
    assert read() == printed
    shutil.copytree(REPO / "data", tmp_path / "data")
    path = tmp_path / "data" / "published" / f"{slug}.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    (row,) = [entry for entry in raw[section] if entry["id"] == row_id]
    row["value"] = printed + 1
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("LIVINGPAPERS_ROOT", str(tmp_path))
    assert read() == printed + 1
    facts_ids = {i for f in facts_dir().glob(f"{slug}_*.csv") for i in pd.read_csv(f, dtype=str).get("id", ())}
    assert row_id not in facts_ids
