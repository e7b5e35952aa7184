"""Curated facts: every row needs a source and a confidence level; all problems listed together."""

import pytest

from livingpapers.toolkit.facts import FactsError, load_facts


def write(folder, text):
    (folder / "data" / "facts").mkdir(parents=True, exist_ok=True)
    (folder / "data" / "facts" / "demo.csv").write_text(text, encoding="utf-8")


def test_good_facts_load(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVINGPAPERS_ROOT", str(tmp_path))
    write(tmp_path, "year,value,source,confidence\n2022,1.91,NFRA release,high\n")
    assert load_facts("demo").loc[0, "value"] == "1.91"


def test_missing_provenance_columns(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVINGPAPERS_ROOT", str(tmp_path))
    write(tmp_path, "year,value\n2022,1.91\n")
    with pytest.raises(FactsError) as err:
        load_facts("demo")
    assert "column 'source' is missing" in str(err.value) and "column 'confidence' is missing" in str(err.value)


def test_empty_source_and_unknown_confidence(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVINGPAPERS_ROOT", str(tmp_path))
    write(tmp_path, "year,value,source,confidence\n2021,2.08, ,high\n2022,1.91,NFRA,sure\n")
    with pytest.raises(FactsError) as err:
        load_facts("demo")
    assert "rows [0] have no source" in str(err.value) and "rows [1] have ['sure']" in str(err.value)


def test_every_shipped_facts_file_has_provenance():
    from livingpapers.toolkit.paths import facts_dir

    files = sorted(facts_dir().glob("*.csv"))
    assert files
    for path in files:
        assert len(load_facts(path.stem)) > 0
