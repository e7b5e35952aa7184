"""Data contracts: each kind of bad input gives its message, all at once, and writes nothing."""

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

from livingpapers.toolkit.contracts import (
    DataContractError,
    TableContract,
    balanced_panel,
    check_frame,
    full_coverage,
    integer_years,
    read_real,
    require_rows,
    value_range,
)

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


# --- every problem once, the file named, nothing escaping as a raw exception -------------------
SHARES = TableContract(
    name="shares",
    filename="shares.csv",
    schema=pa.DataFrameSchema(
        {
            "bank": pa.Column(str),
            "a": pa.Column(float, pa.Check.in_range(0, 100)),
            "b": pa.Column(float, pa.Check.in_range(0, 100)),
        },
        checks=[pa.Check(lambda f: (f["a"] + f["b"] - 100).abs() <= 1, name="a_plus_b_is_100")],
        coerce=True,
    ),
    keys=("bank",),
)


def problems_of(folder, contracts) -> list[str]:
    with pytest.raises(DataContractError) as err:
        read_real("study", contracts, folder)
    return err.value.problems


def test_every_missing_column_is_listed(tmp_path):
    problems = problems_of(write(tmp_path, "bank\nICBC\n"), [CONTRACT])
    assert any("required column 'year' is missing" in p for p in problems)
    assert any("required column 'retail_share' is missing" in p for p in problems)


def test_infinite_values_are_refused(tmp_path):
    message = error_for(tmp_path, GOOD + "ABC,2022,inf\n")
    assert "column 'retail_share' holds infinite values in 1 row(s) at file line(s) [4]" in message


def test_an_infinite_value_out_of_range_is_reported_once_as_infinite(tmp_path):
    message = error_for(tmp_path, GOOD + "ABC,2022,-inf\n")
    assert message.count("-inf") == 1 and "holds infinite values in 1 row(s) at file line(s) [4]" in message


def test_a_blank_column_says_so_with_sorted_lines(tmp_path):
    assert error_for(tmp_path, "bank,year,retail_share\nICBC,2022,\nCMB,2022,\n").endswith(
        "loans.csv: column 'retail_share' must not be blank; 2 row(s) are blank: the column is empty"
    )
    assert error_for(tmp_path, GOOD + "ABC,2021,\nABC,2020,1\nICBC,2021,\n").endswith(
        "column 'retail_share' must not be blank; 2 row(s) are blank at file line(s) [4, 6]"
    )


def test_infinite_values_are_refused_in_stand_ins_too():
    frame = pd.DataFrame({"bank": ["ICBC"], "year": [2022], "retail_share": [-np.inf]})
    with pytest.raises(DataContractError, match="infinite values"):
        check_frame(frame, CONTRACT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "the file is empty (expected columns: bank, year, retail_share)"), ("bank,year,retail_share\n", "header")],
)
def test_empty_and_header_only_files_are_named_and_other_files_still_checked(tmp_path, text, expected):
    folder = write(tmp_path, text)
    (folder / "shares.csv").write_text("bank,a,b\nICBC,50,70\n", encoding="utf-8")
    problems = problems_of(folder, [CONTRACT, SHARES])
    assert any("loans.csv" in p and expected in p for p in problems), problems
    assert any("shares.csv" in p and "a_plus_b_is_100" in p for p in problems), "other files' problems are kept"


def test_a_directory_in_place_of_a_file_is_reported_as_such(tmp_path):
    folder = tmp_path / "raw"
    (folder / "loans.csv").mkdir(parents=True)
    (problem,) = problems_of(folder, [CONTRACT])
    assert "loans.csv: is a directory, not a file" in problem


def test_a_non_numeric_value_is_a_clear_message_not_a_type_error(tmp_path):
    (problem,) = problems_of(write(tmp_path, "bank,year,retail_share\nICBC,2022,lots\nCMB,2022,lots\n"), [CONTRACT])
    assert "column 'retail_share'" in problem and "must hold numbers" in problem and "[2, 3]" in problem
    assert "TypeError" not in problem and problem.count("'lots'") == 1


def test_a_bad_year_is_reported_once(tmp_path):
    text = "bank,year,retail_share\n" + "".join(f"{b},1999,10\n" for b in BANKS)
    problems = problems_of(write(tmp_path, text), [CONTRACT])
    year = [p for p in problems if "'year'" in p]
    assert len(year) == 1 and year[0].count("'1999'") == 1 and "3 row(s) at file line(s) [2, 3, 4]" in year[0]


def test_a_row_sum_check_is_reported_once_not_per_column(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "shares.csv").write_text("bank,a,b\nICBC,50,70\nCMB,50,50\nABC,10,10\n", encoding="utf-8")
    (problem,) = problems_of(folder, [SHARES])
    assert "2 row(s) fail the table check 'a_plus_b_is_100' at file line(s) [2, 4]" in problem


# --- generic rules: panel balance, required rows, coverage, years, ranges -----------------------
PANEL = pd.DataFrame(
    {"city": ["A", "A", "B", "C", "C"], "year": [2010, 2011, 2010, 2010, 2011], "share": [0.1, 0.5, -0.2, 0.3, 1.4]}
)


def test_balanced_panel_names_the_units_with_gaps():
    (problem,) = balanced_panel(PANEL, "city", "year", label="panel.csv")
    assert "panel.csv: the panel is unbalanced: 1 of 3 city value(s)" in problem and "B lacks 2011" in problem
    assert balanced_panel(PANEL[PANEL.city != "B"], "city", "year") == []
    assert "A lacks 2012" in balanced_panel(PANEL, "city", "year", periods=[2010, 2011, 2012])[0]


def test_require_rows_names_each_missing_value():
    (problem,) = require_rows(PANEL, "city", ["A", "CHN", "D"], label="importers.csv", why="China's own values")
    assert problem == "importers.csv: no rows with city = 'CHN', 'D' (China's own values)"
    assert require_rows(PANEL, "year", [2010]) == []


def test_full_coverage_refuses_a_partial_list_with_the_count():
    (problem,) = full_coverage(PANEL, "city", ["A", "B", "C", "D", "E"], label="treatment.csv", what="hub cities")
    assert "covers 3 of the 5 hub cities; missing 2: 'D', 'E'" in problem


def test_integer_years_reports_fractional_future_and_unreadable_years_each_once():
    frame = pd.DataFrame({"year": ["2010", "2012.5", "2031", "2031", "soon", None]})
    problems = integer_years(frame, "year", 2009, 2022, label="panel.csv", nullable=True)
    assert len(problems) == 3
    assert "1 row(s) are not whole years at file line(s) [3]: '2012.5'" in problems[1]
    assert "2 row(s) lie outside the sample years 2009-2022 at file line(s) [4, 5]: '2031'" in problems[2]
    assert problems[2].count("2031") == 1 and "'soon'" in problems[0]
    assert "are blank" in integer_years(frame, "year", 2009, 2031, label="x")[-1]


def test_value_range_names_the_negative_share():
    (problem,) = value_range(PANEL, "share", 0, 1, label="panel.csv", what="a share")
    assert "column 'share' (a share) must lie in 0 to 1; 2 row(s) do not at file line(s) [4, 6]" in problem
    assert "must lie in ≥ 0" in value_range(PANEL, "share", minimum=0)[0]


def test_rules_and_cross_file_checks_join_the_schema_problems_in_one_error(tmp_path):
    from functools import partial

    contract = TableContract(
        name="loans",
        filename="loans.csv",
        schema=CONTRACT.schema,
        keys=("bank", "year"),
        rules=(partial(require_rows, column="bank", values=["ABC"]), partial(balanced_panel, unit="bank", time="year")),
    )
    folder = write(tmp_path, "bank,year,retail_share\nICBC,2021,10\nICBC,2022,10\nCMB,2022,140\n")

    def coverage(tables):
        return full_coverage(tables["loans"], "bank", BANKS, label="loans.csv", what="banks")

    with pytest.raises(DataContractError) as err:
        read_real("study", [contract], folder, checks=[coverage])
    problems = err.value.problems
    assert len(problems) == 4, problems
    assert "in_range" in problems[0] and "'ABC'" in problems[1] and "CMB lacks 2021" in problems[2]
    assert "covers 2 of the 3 banks" in problems[3]
