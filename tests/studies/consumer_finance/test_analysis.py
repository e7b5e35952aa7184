"""Consumer finance: arithmetic on the paper's numbers, Tables 1-2 read as numbers, the checks of the text."""

from __future__ import annotations

import pytest

from livingpapers.studies.consumer_finance import analysis, beyond, standin
from livingpapers.toolkit.claims import load_claims

SEED = 20230


# --- arithmetic on the paper's numbers, checked against hand computation --------------------
def test_cagr_and_forecast_match_hand_computation(numbers):
    # (17 / 4.2) ** (1/7) = exp(ln(4.0476) / 7) = exp(0.19972) = 1.22107
    assert analysis.cagr(numbers["consumer_credit_2014"], numbers["consumer_credit_2021"], 7) == pytest.approx(
        0.22107, abs=1e-5
    )
    # 17 * 1.079 ** 5 = 17 * 1.462538 = 24.8631
    assert analysis.compound(17, 0.079, 5) == pytest.approx(24.8631, abs=1e-4)
    # (25 / 17) ** (1/5) - 1 = 0.08018
    assert beyond.growth_for_target(numbers) == pytest.approx(0.08018, abs=1e-5)


def test_market_share_arithmetic(numbers):
    assert analysis.market_share_residual(numbers) == pytest.approx(13.0)
    # 8844.41 亿 / 0.04 = 221,110.25 亿 = 22.111 tn
    assert analysis.implied_market_tn(numbers) == pytest.approx(22.111, abs=1e-3)


def test_arithmetic_check_verdicts(numbers):
    checks = {c.check: c for c in analysis.arithmetic_checks(numbers, analysis.table1_numbers())}
    assert checks["CAGR of narrow consumer credit, 2014-2021"].verdict == "consistent"
    assert checks["CAGR of narrow consumer credit, 2014-2021"].result == "22.11%"
    assert checks["2026 forecast at 7.9% a year"].result == "24.86 tn"
    assert checks["NIM 2021 and 2022"].result == "2.08 - 0.17 = 1.91"
    assert checks["Fig. 4 shares add up"].verdict.startswith("FLAG: 13%")
    assert checks["Market size implied by the CFC share"].verdict == "FLAG: 1.30 x the 17 tn balance"
    assert checks["Table 1 retail yields inside the text's band"].result == "4.64%-5.44%"
    assert checks["Physical goods in online retail"].result == "86.7%"


def test_implied_levels(numbers):
    levels = analysis.implied_earlier_levels(numbers)
    assert levels["nev_sales_2020"] == pytest.approx(352.1 / 2.6)  # +160%, not x1.6
    assert levels["non_physical_online_2022"] == pytest.approx(1.83)
    assert levels["non_physical_online_growth"] == pytest.approx(1.83 / (13.79 / 1.04 - 11.96 / 1.062) - 1)
    assert levels["non_physical_online_growth"] < 0


# --- Tables 1 and 2 read as numbers ----------------------------------------------------------------
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
    assert analysis.parse_rate_bounds(text) == bounds


def test_parse_rate_bounds_rejects_text_without_numbers():
    with pytest.raises(ValueError, match="no rate"):
        analysis.parse_rate_bounds("面议")


def test_table1_matches_the_published_transcription():
    note = next(c for c in load_claims("consumer_finance") if c.id == "C12").note
    table1 = analysis.table1_numbers()
    assert analysis.yields_matching_note(note, table1) == 12
    assert analysis.yields_matching_note(note.replace("5.44", "5.45"), table1) == 11


def test_policy_dates_parse_as_year_and_month():
    assert analysis.parse_policy_date("2022.10") == (2022, 10)
    assert analysis.parse_policy_date("2022.1") == (2022, 1)
    assert analysis.parse_policy_date("  ") is None


# --- checks of the text's statements on the figure data -----------------------------------------------
def test_checks_fail_when_the_pattern_breaks(banks):
    balances = banks.card_consumer_loans.copy()
    balances.loc[balances["bank"] == "ICBC", "card_loans"] = 1.0
    passed, shown = analysis.card_dominance(balances)
    assert not passed and "ICBC" in shown
    assert not analysis.totals_above_floor(balances[balances["bank"] != "CMB"])[0]
    loans = banks.loan_structure.assign(retail_share=40.0)
    assert not analysis.retail_majority(loans)[0]


# --- run -----------------------------------------------------------------------------------------------
def test_run_computes_every_result_once():
    inputs = standin.simulate(SEED)
    results = analysis.run(inputs, {"data_mode": "standin", "seed": SEED})
    assert results.banks is inputs.banks and results.numbers is inputs.numbers
    assert results.nim_basis == "facts"
    assert results.table1["spread"].tolist() == [0.72, 0.83, 0.87, 1.39, 1.59, 1.42]
    assert (results.table2["rows"], results.table2["undated"]) == (10, 1)
    assert [c.check for c in results.arithmetic][0] == "CAGR of narrow consumer credit, 2014-2021"
