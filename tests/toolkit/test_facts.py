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


def test_every_shipped_facts_file_has_provenance():
    from livingpapers.toolkit.paths import facts_dir

    files = sorted(facts_dir().glob("*.csv"))
    assert files
    for path in files:
        assert len(load_facts(path.stem)) > 0
