"""Data contracts: each kind of bad input gives its message, all at once, and writes nothing."""

import pandas as pd
import pandera.pandas as pa
import pytest

from livingpapers.toolkit.contracts import DataContractError, TableContract, check_frame, read_real

BANKS = ["ICBC", "ABC", "CMB"]
CONTRACT = TableContract(
    name="loans",
    filename="loans.csv",
    schema=pa.DataFrameSchema(
        {
            "bank": pa.Column(str, pa.Check.isin(BANKS)),
            "year": pa.Column(int, pa.Check.in_range(2010, 2023)),
            "retail_share": pa.Column(float, pa.Check.in_range(0, 100)),
        },
        coerce=True,
        strict=False,
    ),
    keys=("bank", "year"),
)
GOOD = "bank,year,retail_share\nICBC,2022,38.5\nCMB,2022,55.0\n"


def write(tmp_path, text):
    folder = tmp_path / "raw" / "study"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "loans.csv").write_text(text, encoding="utf-8")
    return folder


def error_for(tmp_path, text) -> str:
    folder = write(tmp_path, text)
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(DataContractError) as err:
        read_real("study", [CONTRACT], folder)
    assert sorted(p.name for p in folder.iterdir()) == before, "validation must not write files"
    return str(err.value)


def test_good_file_is_read_with_contract_types(tmp_path):
    tables = read_real("study", [CONTRACT], write(tmp_path, GOOD))
    frame = tables["loans"]
    assert frame["year"].dtype == "int64" and frame["retail_share"].dtype == "float64"
    assert list(frame["bank"]) == ["ICBC", "CMB"]


def test_missing_column(tmp_path):
    message = error_for(tmp_path, "bank,year\nICBC,2022\n")
    assert "required column 'retail_share' is missing" in message


def test_wrong_type(tmp_path):
    message = error_for(tmp_path, "bank,year,retail_share\nICBC,2022,lots\n")
    assert "column 'retail_share'" in message and "lots" in message


def test_duplicate_keys(tmp_path):
    message = error_for(tmp_path, GOOD + "ICBC,2022,40.0\n")
    assert "2 rows share a key (bank, year)" in message and "'ICBC'" in message


def test_unknown_unit(tmp_path):
    message = error_for(tmp_path, GOOD + "Bank of Atlantis,2022,40.0\n")
    assert "column 'bank' fails isin" in message and "Bank of Atlantis" in message


def test_out_of_range_value_reports_file_line(tmp_path):
    message = error_for(tmp_path, GOOD + "ABC,2022,140.0\n")
    assert "column 'retail_share' fails in_range" in message and "line(s) [4]" in message and "140.0" in message


def test_every_problem_in_one_message(tmp_path):
    message = error_for(tmp_path, "bank,year,retail_share\nAtlantis,1999,140\nAtlantis,1999,5\n")
    lines = [line for line in message.splitlines() if line.startswith("- ")]
    assert len(lines) == 4  # unknown bank, year out of range, share out of range, duplicate key


def test_missing_file_names_the_expected_columns(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(DataContractError, match="file not found .*bank, year, retail_share"):
        read_real("study", [CONTRACT], folder)


def test_stand_in_frames_are_checked_by_the_same_contract():
    bad = pd.DataFrame({"bank": ["ICBC"], "year": [2022], "retail_share": [-1.0]})
    with pytest.raises(DataContractError, match="in_range"):
        check_frame(bad, CONTRACT)
