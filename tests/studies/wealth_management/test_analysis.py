"""Arithmetic on the essay's numbers, and the one call that computes the chapter."""

from livingpapers.studies.wealth_management import analysis


def test_arithmetic_table(values, facts):
    table = analysis.arithmetic_checks(values, facts)
    assert table.loc["Q4, Q5", "Result"].startswith("0.94%")  # 1.5 / 160 = 0.9375%
    assert table.loc["Q1", "Result"] == "35%"
    assert table.loc["F08", "Result"] == "100 -> 50 yuan"
    assert table.loc["Q8", "Result"].startswith("15 ")


def test_run_computes_the_arithmetic_and_the_sweep(inputs):
    results = analysis.run(inputs, {"data_mode": "none"})
    assert results.financing == 15 and results.lockup_years == 3  # 10 亿 + 5 亿; 3-year controller lock-up
    assert results.arithmetic.equals(analysis.arithmetic_checks(inputs.values, inputs.facts))
    assert results.sweep.set_index(["k", "payout_rate"]).loc[(0.2, 0.05), "years"] == 4  # ceil(0.2 / 0.05)
