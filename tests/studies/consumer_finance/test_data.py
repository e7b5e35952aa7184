"""Consumer finance: curated facts, the data contracts on a reader's files, and the stand-in export."""

from __future__ import annotations

import pandas as pd
import pytest

from livingpapers.studies.consumer_finance import analysis, data, standin
from livingpapers.toolkit.claims import load_claims
from livingpapers.toolkit.contracts import DataContractError, write_tables
from support import refused

SEED = 20230


# --- curated facts ------------------------------------------------------------------------------
def test_nim_roa_facts_pin_the_anchors_and_keep_the_spec_shape():
    f = data.nim_roa_facts().set_index(["indicator", "year"])
    assert f.loc[("nim", 2022), "value"] == 1.91
    assert f.loc[("nim", 2021), "value"] == pytest.approx(1.91 + 0.17)
    assert f.loc[("roa", 2022), "value"] == 0.76
    assert {f.loc[("nim", 2022), "confidence"], f.loc[("roa", 2022), "confidence"]} == {"high"}
    nim = f.loc["nim", "value"]
    assert (nim[nim.index < 2022] >= 2.0).all()
    assert nim.loc[2010:2012].mean() > nim.loc[2020:2022].mean()
    assert (f["confidence"] == "low").sum() == 19  # unverified points stay visible as such


def test_text_numbers_transcribed(numbers):
    expected = {
        "consumer_credit_2014": 4.2,
        "consumer_credit_2021": 17,
        "consumer_credit_cagr_2014_2021": 22.1,
        "nim_2022": 1.91,
        "nim_change_2022_bp": -17,
        "roa_2022": 0.76,
        "cfc_total_assets": 8844.41,
        "share_credit_cards": 51,
        "share_internet_platforms": 19,
        "online_retail_2022": 13.79,
    }
    assert {k: numbers[k] for k in expected} == expected


# --- contracts on real input ----------------------------------------------------------------------
LOANS_OK = (
    "bank,year,retail_share,corporate_share,bills_share,unit\n"
    "CMB,2022,55.0,40.0,5.0,percent\nPingAn,2022,60.0,37.0,3.0,percent\nPSBC,2022,56.0,40.0,4.0,percent\n"
)
CARDS_OK = (
    "bank,year,card_loans,consumer_loans,unit\n"
    "CMB,2022,8000,3000,100m_yuan\nPingAn,2022,7000,3200,亿元\nPSBC,2022,1800,2800,100m_yuan\n"
    "CZBank,2022,200,300,100m_yuan\nICBC,2022,6000,2000,100m_yuan\n"
)


def write_raw(tmp_path, loans=LOANS_OK, cards=CARDS_OK, nim=None):
    (tmp_path / "loan_structure.csv").write_text(loans, encoding="utf-8")
    (tmp_path / "card_consumer_loans.csv").write_text(cards, encoding="utf-8")
    if nim is not None:
        (tmp_path / "nim_roa.csv").write_text(nim, encoding="utf-8")
    return tmp_path


def real_error(tmp_path, **files) -> str:
    with pytest.raises(DataContractError) as err:
        data.read_real(write_raw(tmp_path, **files))
    return str(err.value)


def test_valid_real_files_load(tmp_path):
    banks = data.read_real(write_raw(tmp_path)).banks
    assert not banks.simulated
    assert banks.card_consumer_loans["card_loans"].dtype == float
    assert analysis.totals_above_floor(banks.card_consumer_loans)[0]


def test_missing_column(tmp_path):
    msg = real_error(
        tmp_path,
        loans=LOANS_OK.replace(",bills_share", "").replace(",5.0,", ",").replace(",3.0,", ",").replace(",4.0,", ","),
    )
    assert "loan_structure.csv: required column 'bills_share' is missing" in msg


def test_wrong_type(tmp_path):
    msg = real_error(tmp_path, cards=CARDS_OK.replace("8000", "lots"))
    assert "card_consumer_loans.csv: column 'card_loans' fails coerce_dtype('float64')" in msg
    assert "lots" in msg


def test_duplicate_key(tmp_path):
    msg = real_error(tmp_path, cards=CARDS_OK + "CMB,2022,1,1,100m_yuan\n")
    assert "rows share a key (bank)" in msg and "'CMB'" in msg


def test_out_of_range_value(tmp_path):
    msg = real_error(tmp_path, cards=CARDS_OK.replace("1800", "-5"))
    assert "column 'card_loans' fails greater_than_or_equal_to(0)" in msg


def test_unknown_unit(tmp_path):
    msg = real_error(tmp_path, cards=CARDS_OK.replace("PSBC,2022,1800,2800,100m_yuan", "PSBC,2022,1800,2800,bn_yuan"))
    assert "column 'unit' fails isin" in msg and "bn_yuan" in msg


def test_unknown_bank(tmp_path):
    msg = real_error(tmp_path, loans=LOANS_OK.replace("PSBC", "Bank of Nowhere"))
    assert "column 'bank' fails isin" in msg and "Bank of Nowhere" in msg


def test_shares_must_sum_to_100(tmp_path):
    msg = real_error(tmp_path, loans=LOANS_OK.replace("55.0,40.0,5.0", "55.0,30.0,5.0"))
    assert "retail + corporate + bills shares sum to 100" in msg and "line(s) [2]" in msg


def test_every_problem_reported_at_once(tmp_path):
    (tmp_path / "card_consumer_loans.csv").write_text(CARDS_OK.replace("8000", "x"), encoding="utf-8")
    with pytest.raises(DataContractError) as err:
        data.read_real(tmp_path)
    msg = str(err.value)
    assert "loan_structure.csv: file not found" in msg and "coerce_dtype" in msg


def test_nim_roa_real_file_is_optional(tmp_path):
    write_raw(tmp_path)
    assert (data.read_real(tmp_path).nim_roa["confidence"] != "real").all()
    write_raw(tmp_path, nim="year,nim,roa,unit\n2021,2.08,0.79,percent\n2022,1.91,0.76,percent\n")
    real = data.read_real(tmp_path).nim_roa
    assert set(real["confidence"]) == {"real"} and len(real) == 4
    published = next(c.value for c in load_claims("consumer_finance") if c.id == "C9")
    assert analysis.nim_first_below_two(real, published)[0]
    assert not analysis.nim_first_below_two(real, published + 0.05)[0]
    assert analysis.run(data.read_real(tmp_path), {}).nim_basis == "real"
    write_raw(tmp_path, nim="year,nim,roa,unit\n2022,1.91,0.76,percent\n2022,1.9,0.7,percent\n")
    with pytest.raises(DataContractError, match="share a key"):
        data.read_real(tmp_path)


def test_years_outside_the_papers_figures_are_refused(tmp_path):
    """Figs. 2-3 show 2022; Fig. 1 year ends 2010-2022: a future 2030 or another bank year is refused."""
    write_raw(
        tmp_path,
        loans=LOANS_OK.replace("PSBC,2022", "PSBC,2021"),
        cards=CARDS_OK.replace("CMB,2022", "CMB,2030"),
        nim="year,nim,roa,unit\n2021,2.08,0.79,percent\n2022,1.91,0.76,percent\n2030,1.5,0.5,percent\n"
        "2009,2.0,1.0,percent\n",
    )
    assert refused(data.read_real, tmp_path) == [
        f"{tmp_path / 'loan_structure.csv'}: column 'year' fails the year of the paper's figure, 2022 "
        "in 1 row(s) at file line(s) [4]; values '2021'",
        f"{tmp_path / 'card_consumer_loans.csv'}: column 'year' fails the year of the paper's figure, 2022 "
        "in 1 row(s) at file line(s) [2]; values '2030'",
        f"{tmp_path / 'nim_roa.csv'}: column 'year' fails a year of the paper's figure, 2010-2022 "
        "in 2 row(s) at file line(s) [4, 5]; values '2030', '2009'",
    ]


# --- the stand-in in the real-data format ------------------------------------------------------------
def assert_same_inputs(a: data.Inputs, b: data.Inputs) -> None:
    pd.testing.assert_frame_equal(a.banks.loan_structure, b.banks.loan_structure)
    pd.testing.assert_frame_equal(a.banks.card_consumer_loans, b.banks.card_consumer_loans)
    pd.testing.assert_frame_equal(a.nim_roa, b.nim_roa)
    assert a.numbers == b.numbers


def test_standin_exported_in_the_file_format_reads_back_unchanged(tmp_path):
    simulated = standin.simulate(SEED)
    tables = data.real_tables(simulated)
    assert set(tables) == {"loan_structure", "card_consumer_loans"}  # the curated NIM/ROA is the default anyway
    written = write_tables(tables, data.CONTRACTS, tmp_path)
    assert sorted(p.name for p in written) == ["card_consumer_loans.csv", "loan_structure.csv"]
    assert (
        (tmp_path / "loan_structure.csv")
        .read_text(encoding="utf-8")
        .startswith("bank,year,retail_share,corporate_share,bills_share,unit\nPingAn,2022,")
    )
    again = data.read_real(tmp_path)
    assert not again.banks.simulated
    assert_same_inputs(again, simulated)


def test_real_files_round_trip_including_nim_roa(tmp_path):
    (tmp_path / "in").mkdir()
    nim = "year,nim,roa,unit\n2021,2.08,0.79,percent\n2022,1.91,0.76,percent\n"
    real = data.read_real(write_raw(tmp_path / "in", nim=nim))
    write_tables(data.real_tables(real), data.CONTRACTS, tmp_path / "out")
    assert (tmp_path / "out" / "nim_roa.csv").read_text(encoding="utf-8") == nim
    assert_same_inputs(data.read_real(tmp_path / "out"), real)
