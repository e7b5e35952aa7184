"""Tables: stars at 10/5/1 %, t or SE in parentheses, FE rows, N and adjusted R²."""

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from livingpapers.toolkit.tables import RegressionTable, coefficients, describe


class HandFit:
    """A statsmodels-shaped result whose every number is chosen by hand."""

    def __init__(self, coef, se, p, nobs=100, adj=0.25):
        names = [f"x{i}" for i in range(len(coef))]
        self.params = pd.Series(coef, index=names)
        self.bse = pd.Series(se, index=names)
        self.tvalues = self.params / self.bse
        self.pvalues = pd.Series(p, index=names)
        self.nobs = nobs
        self.rsquared_adj = adj


def test_stars_follow_the_papers_ten_five_one_percent_levels():
    fit = HandFit([1.0, 2.0, 3.0, 4.0, 5.0], [1.0] * 5, [0.2, 0.09, 0.05, 0.049, 0.009])
    frame = RegressionTable([fit], "T").to_paper_table().frame
    assert list(frame.loc[["x0", "x1", "x2", "x3", "x4"], "(1)"]) == [
        "1.000",
        "2.000*",
        "3.000*",
        "4.000**",
        "5.000***",
    ]


def test_t_values_or_standard_errors_in_parentheses():
    fit = HandFit([0.651, -0.2], [0.2325, 0.1], [0.005, 0.06])
    by_t = RegressionTable([fit], "T", inference="t").to_paper_table().frame["(1)"]
    by_se = RegressionTable([fit], "T", inference="se").to_paper_table().frame["(1)"]
    assert by_t["x0 (t)"] == "(2.80)" and by_t["x1 (t)"] == "(-2.00)"
    assert by_se["x0 (SE)"] == "(0.233)" and by_se["x1 (SE)"] == "(0.100)"


def test_fixed_effect_rows_n_adjusted_r2_and_extra_rows():
    rng = np.random.default_rng(0)
    data = pd.DataFrame({"city": np.repeat(np.arange(10), 5), "year": np.tile(np.arange(5), 10)})
    data["x"] = rng.normal(size=50)
    data["y"] = 2 * data["x"] + data["city"] * 0.5 + rng.normal(size=50)
    twfe = pf.feols("y ~ x | city + year", data=data)
    one = pf.feols("y ~ x | city", data=data)
    table = RegressionTable(
        [twfe, one],
        "T",
        fixed_effects={"City FE": "city", "Year FE": "year"},
        extra_rows={"First-stage F": [12.345, None]},
        labels={"x": "Hub (贸易枢纽)"},
    )
    frame = table.to_paper_table().frame
    assert list(frame.loc["City FE"]) == ["Yes", "Yes"]
    assert list(frame.loc["Year FE"]) == ["Yes", "No"]
    assert list(frame.loc["N"]) == ["50", "50"]
    assert frame.loc["Adj. R²", "(1)"] == f"{twfe._adj_r2:.3f}"
    assert list(frame.loc["First-stage F"]) == ["12.345", ""]
    assert "Hub (贸易枢纽)" in frame.index


def test_pyfixest_coefficient_matches_hand_computed_ols():
    data = pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0], "y": [1.0, 2.0, 3.0, 5.0]})
    # slope = cov(x, y) / var(x) = 2.1667 / 1.6667 = 1.3; intercept = 2.75 - 1.3 * 1.5 = 0.8
    fit = pf.feols("y ~ x", data=data, vcov="iid")
    coefs = coefficients(fit)
    assert coefs.loc["x", "coef"] == pytest.approx(1.3)
    assert coefs.loc["Intercept", "coef"] == pytest.approx(0.8)
    resid = data["y"] - (0.8 + 1.3 * data["x"])
    se = np.sqrt((resid**2).sum() / 2 / ((data["x"] - 1.5) ** 2).sum())
    assert coefs.loc["x", "se"] == pytest.approx(se)


def test_estimate_lookup_for_the_ledger():
    fit = HandFit([0.5], [0.25], [0.04])
    assert RegressionTable([fit], "T").estimate(0, "x0") == (0.5, 0.25, 0.04)


def test_descriptive_statistics_layout():
    data = pd.DataFrame({"a": [1.0, 2.0, 3.0, None]})
    frame = describe(data, {"a": "A (甲)"}, "Table 1").frame
    assert list(frame.loc["A (甲)"]) == ["3", "2.000", "1.000", "1.000", "3.000"]


def test_latex_and_csv_exports_escape_and_keep_cells():
    table = RegressionTable([HandFit([1.0], [0.5], [0.009])], "Table 2: 50% & more").to_paper_table()
    latex = table.to_latex()
    assert r"\begin{tabular}{lc}" in latex and r"50\% \& more" in latex and r"Adj. R$^2$" in latex
    assert "1.000***" in table.to_csv()


def test_fixed_effect_rows_given_by_hand_for_dummy_variable_fits():
    fits = [HandFit([1.0], [0.5], [0.2]), HandFit([1.0], [0.5], [0.2])]
    frame = RegressionTable(fits, "T", fixed_effects={"Importer FE": ["Yes (dummies)", "No"]}).to_paper_table().frame
    assert list(frame.loc["Importer FE"]) == ["Yes (dummies)", "No"]


def test_footer_rows_come_after_n_and_adjusted_r2():
    frame = (
        RegressionTable(
            [HandFit([1.0], [0.5], [0.2])], "T", extra_rows={"F": [3.0]}, footer_rows={"Paper: N": ["3,066"]}
        )
        .to_paper_table()
        .frame
    )
    assert list(frame.index[-4:]) == ["F", "N", "Adj. R²", "Paper: N"]
