"""Tests of the consumer-finance chapter's machinery (the notebook itself is built elsewhere)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from livingpapers.studies import consumer_finance as cf
from livingpapers.toolkit.claims import load_claims
from livingpapers.toolkit.contracts import DataContractError
from livingpapers.toolkit.figures import figure_problems

SEED = 20230
SPEC_CLAIM_IDS = [f"C{i}" for i in range(1, 30)]


def rng_for(seed: int):
    """The same streams as ChapterRun.rng for a given seed."""
    return lambda offset: np.random.default_rng([seed, offset])


@pytest.fixture(scope="module")
def numbers() -> dict:
    return cf.text_numbers()


@pytest.fixture(scope="module")
def standin() -> cf.BankData:
    return cf.load_inputs("standin", rng_for(SEED)).banks


# --- arithmetic on the paper's numbers, checked against hand computation --------------------
def test_cagr_and_forecast_match_hand_computation(numbers):
    # (17 / 4.2) ** (1/7) = exp(ln(4.0476) / 7) = exp(0.19972) = 1.22107
    assert cf.cagr(numbers["consumer_credit_2014"], numbers["consumer_credit_2021"], 7) == pytest.approx(
        0.22107, abs=1e-5
    )
    # 17 * 1.079 ** 5 = 17 * 1.462538 = 24.8631
    assert cf.compound(17, 0.079, 5) == pytest.approx(24.8631, abs=1e-4)
    # (25 / 17) ** (1/5) - 1 = 0.08018
    assert cf.growth_for_target(numbers) == pytest.approx(0.08018, abs=1e-5)


def test_market_share_arithmetic(numbers):
    assert cf.market_share_residual(numbers) == pytest.approx(13.0)
    # 8844.41 亿 / 0.04 = 221,110.25 亿 = 22.111 tn
    assert cf.implied_market_tn(numbers) == pytest.approx(22.111, abs=1e-3)


def test_arithmetic_check_verdicts(numbers):
    checks = {c.check: c for c in cf.arithmetic_checks(numbers, cf.table1_numbers())}
    assert checks["CAGR of narrow consumer credit, 2014-2021"].verdict == "consistent"
    assert checks["CAGR of narrow consumer credit, 2014-2021"].result == "22.11%"
    assert checks["2026 forecast at 7.9% a year"].result == "24.86 tn"
    assert checks["NIM 2021 and 2022"].result == "2.08 - 0.17 = 1.91"
    assert checks["Fig. 4 shares add up"].verdict.startswith("FLAG: 13%")
    assert checks["Market size implied by the CFC share"].verdict == "FLAG: 1.30 x the 17 tn balance"
    assert checks["Table 1 retail yields inside the text's band"].result == "4.64%-5.44%"
    assert checks["Physical goods in online retail"].result == "86.7%"


def test_implied_levels(numbers):
    levels = cf.implied_earlier_levels(numbers)
    assert levels["nev_sales_2020"] == pytest.approx(352.1 / 2.6)  # +160%, not x1.6
    assert levels["non_physical_online_2022"] == pytest.approx(1.83)
    assert levels["non_physical_online_growth"] == pytest.approx(1.83 / (13.79 / 1.04 - 11.96 / 1.062) - 1)
    assert levels["non_physical_online_growth"] < 0


def test_retail_tilt_offset():
    tilt = cf.retail_tilt_offset(cf.table1_numbers(), 0.17)
    assert tilt.loc["ABC", "shift_pp"] == pytest.approx(0.17 / 0.72 * 100)
    assert tilt.loc["Mean of six", "spread_pp"] == pytest.approx(6.82 / 6)


# --- the paper's tables ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, bounds",
    [
        ("年化利率 3.65%", (3.65, 3.65)),
        ("年化利率最低 4.35%-5.76%", (4.35, 5.76)),
        ("年利率 3.85%-14.60% (单利)", (3.85, 14.60)),
        ("年化利率 3.6-9%", (3.6, 9.0)),
    ],
)
def test_parse_rate_bounds(text, bounds):
    assert cf.parse_rate_bounds(text) == bounds


def test_parse_rate_bounds_rejects_text_without_numbers():
    with pytest.raises(ValueError, match="no rate"):
        cf.parse_rate_bounds("面议")


def test_table1_spread_and_ranking():
    t = cf.table1_numbers().set_index("bank")
    assert t["spread"].to_dict() == {"ABC": 0.72, "ICBC": 0.83, "BoCom": 0.87, "PSBC": 1.39, "CMB": 1.59, "CMBC": 1.42}
    assert list(t["retail_yield"].sort_values(ascending=False).index) == ["CMB", "CMBC", "PSBC", "BoCom", "ICBC", "ABC"]
    assert t["corporate_yield"].min() == 3.84 and t["corporate_yield"].max() == 4.00
    printed = cf.table1_as_printed().frame
    assert "Spread, pp (computed, not printed)" in printed.columns
    assert printed.loc["招商银行 CMB", "消费贷利率 Consumer-loan rate (verbatim)"] == "年化利率 3.6-9%"


def test_table1_matches_the_published_transcription():
    note = next(c for c in load_claims("consumer_finance") if c.id == "C12").note
    table1 = cf.table1_numbers()
    assert cf.yields_matching_note(note, table1) == 12
    assert cf.yields_matching_note(note.replace("5.44", "5.45"), table1) == 11


def test_policy_dates_parse_as_year_and_month():
    assert cf.parse_policy_date("2022.10") == (2022, 10)
    assert cf.parse_policy_date("2022.1") == (2022, 1)
    assert cf.parse_policy_date("  ") is None


def test_table2_counts():
    s = cf.table2_summary()
    assert (s["rows"], s["regions"], s["dated"], s["undated"]) == (10, 6, 9, 1)
    assert (s["first"], s["last"]) == ((2022, 6), (2023, 4))
    assert s["by_year"] == {2022: 3, 2023: 6}
    counts = cf.table2_counts().frame
    assert counts.loc["江苏 Jiangsu", cf.UNDATED] == "1"
    assert counts.loc["Total", "Total"] == "10"
    new_residents = cf.TABLE2["policy_zh"].str.contains("新市民") | cf.TABLE2["content_zh"].str.contains("新市民")
    assert list(cf.TABLE2.index[new_residents]) == [1, 2, 6]
    assert cf.hubei_amount() == 500


# --- curated facts ------------------------------------------------------------------------------
def test_nim_roa_facts_pin_the_anchors_and_keep_the_spec_shape():
    f = cf.nim_roa_facts().set_index(["indicator", "year"])
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


# --- stand-ins ----------------------------------------------------------------------------------
def test_standin_satisfies_the_text(standin):
    assert standin.simulated
    assert cf.retail_majority(standin.loan_structure)[0]
    assert cf.totals_above_floor(standin.card_consumer_loans)[0]
    passed, shown = cf.card_dominance(standin.card_consumer_loans)
    assert passed and "not at PSBC, CZBank" in shown
    shares = standin.loan_structure[cf.SHARE_COLUMNS].sum(axis=1)
    assert ((shares - 100).abs() < 0.02).all()


@pytest.mark.parametrize("seed", [0, 1, 7, 20230, 99999])
def test_standin_constraints_hold_for_any_seed(seed):
    data = cf.load_inputs("standin", rng_for(seed)).banks
    assert cf.retail_majority(data.loan_structure)[0]
    assert cf.totals_above_floor(data.card_consumer_loans)[0]
    assert cf.card_dominance(data.card_consumer_loans)[0]


def test_standin_is_deterministic():
    a, b = cf.load_inputs("standin", rng_for(SEED)).banks, cf.load_inputs("standin", rng_for(SEED)).banks
    pd.testing.assert_frame_equal(a.loan_structure, b.loan_structure)
    pd.testing.assert_frame_equal(a.card_consumer_loans, b.card_consumer_loans)
    c = cf.load_inputs("standin", rng_for(SEED + 1)).banks
    assert not a.card_consumer_loans.equals(c.card_consumer_loans)


def test_checks_fail_when_the_pattern_breaks(standin):
    balances = standin.card_consumer_loans.copy()
    balances.loc[balances["bank"] == "ICBC", "card_loans"] = 1.0
    passed, shown = cf.card_dominance(balances)
    assert not passed and "ICBC" in shown
    assert not cf.totals_above_floor(balances[balances["bank"] != "CMB"])[0]
    loans = standin.loan_structure.assign(retail_share=40.0)
    assert not cf.retail_majority(loans)[0]


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
        cf.load_inputs("real", rng_for(SEED), write_raw(tmp_path, **files))
    return str(err.value)


def test_valid_real_files_load(tmp_path):
    data = cf.load_inputs("real", rng_for(SEED), write_raw(tmp_path)).banks
    assert not data.simulated
    assert data.card_consumer_loans["card_loans"].dtype == float
    assert cf.totals_above_floor(data.card_consumer_loans)[0]


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
        cf.load_inputs("real", rng_for(SEED), tmp_path)
    msg = str(err.value)
    assert "loan_structure.csv: file not found" in msg and "coerce_dtype" in msg


def test_nim_roa_real_file_is_optional(tmp_path):
    write_raw(tmp_path)
    assert (cf.load_inputs("real", rng_for(SEED), tmp_path).nim_roa["confidence"] != "real").all()
    write_raw(tmp_path, nim="year,nim,roa,unit\n2021,2.08,0.79,percent\n2022,1.91,0.76,percent\n")
    real = cf.load_inputs("real", rng_for(SEED), tmp_path).nim_roa
    assert set(real["confidence"]) == {"real"} and len(real) == 4
    assert cf.nim_first_below_two(real)[0]
    write_raw(tmp_path, nim="year,nim,roa,unit\n2022,1.91,0.76,percent\n2022,1.9,0.7,percent\n")
    with pytest.raises(DataContractError, match="share a key"):
        cf.load_inputs("real", rng_for(SEED), tmp_path)


# --- published claims -----------------------------------------------------------------------------
def test_published_claims_cover_the_spec():
    claims = {c.id: c for c in load_claims("consumer_finance")}
    assert set(SPEC_CLAIM_IDS) <= set(claims)
    assert claims["C29"].kind == "normative"
    assert claims["C7"].value == 22.1 and claims["C9"].value == 1.91 and claims["C21"].value == 8844.41
    assert claims["C22"].relation == ">" and claims["C22"].value == 10000
    for cid, _ in cf.NOT_COMPUTED_REASONS.items():
        assert claims[cid].kind in ("number", "qualitative")


# --- figures ----------------------------------------------------------------------------------------
def test_every_figure_is_publishable(numbers, standin):
    drawn = [
        cf.fig_nim_roa(cf.nim_roa_facts()),
        cf.fig_table1(cf.table1_numbers()),
        cf.fig_policy_timeline(),
        cf.fig_loan_structure(standin.loan_structure, True),
        cf.fig_card_consumer(standin.card_consumer_loans, True),
        cf.fig_market_shares(numbers),
        cf.fig_consumer_credit(numbers),
        cf.fig_forecast_sensitivity(numbers),
    ]
    try:
        for d in drawn:
            assert figure_problems(d.fig, d.alt, d.source, d.schematic) == []
    finally:
        for d in drawn:
            plt.close(d.fig)


def test_standin_figures_say_simulated(standin):
    d = cf.fig_card_consumer(standin.card_consumer_loans, True)
    labels = [t.get_text() for t in d.fig.axes[0].get_legend().get_texts()]
    plt.close(d.fig)
    assert any("simulated" in label for label in labels)
    d = cf.fig_loan_structure(standin.loan_structure, True)
    assert "simulated" in d.fig.axes[0].get_legend().get_title().get_text()
    plt.close(d.fig)
