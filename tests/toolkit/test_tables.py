"""Tables: stars at 10/5/1 %, t or SE in parentheses, FE rows, N and adjusted R²."""

import io

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from livingpapers.toolkit.tables import RegressionTable, coefficients, describe, from_frame


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


def test_from_frame_shows_no_raw_internals():
    frame = pd.DataFrame(
        {
            ("flows", "import"): [59.0, 59.82, 8383.0],
            "growth_rate": [0.5, np.nan, 0.25],
            "p": [0.0, 0.0456, 0.2],
            "detail": [{"beta": 0.5}, ("a", "b"), None],
            "year": [2015, 2016, 12345],
        }
    )
    table = from_frame(frame, "T")
    assert list(table.frame.columns) == ["flows · import", "Growth rate", "p", "detail", "year"]
    assert list(table.frame.iloc[:, 0]) == ["59.00", "59.82", "8383.00"]
    assert list(table.frame["Growth rate"]) == ["0.50", "", "0.25"]
    assert list(table.frame["p"]) == ["<0.001", "0.046", "0.200"]
    assert list(table.frame["detail"]) == ["beta: 0.5", "a, b", ""]
    assert list(table.frame["year"]) == ["2015", "2016", "12,345"]
    html = table.to_html()
    assert not table.has_stub and "<th></th>" not in html
    assert "nan" not in html and "{" not in html and "('" not in html


def test_whole_numbers_lose_the_trailing_point_zero():
    table = from_frame(pd.DataFrame({"N": [8383.0, 120.0]}, index=["a", "b"]), "T")
    assert list(table.frame["N"]) == ["8383", "120"] and table.has_stub


def test_math_is_typeset_on_the_page_kept_in_latex_and_plain_in_csv():
    frame = pd.DataFrame({"$R^e$ (CBDC rate)": ["1.02"]}, index=["US$ 5 and US$ 7"])
    table = from_frame(frame, "Rates $R^e$ and $R^d$")
    html = table.to_html()
    assert r'<span class="math notranslate nohighlight">\(R^e\)</span>' in html
    assert "US$ 5 and US$ 7" in html, "currency is not math"
    assert "$R^e$ (CBDC rate)" in table.to_latex() and r"US\$ 5" in table.to_latex()
    assert "R^e (CBDC rate)" in table.to_csv() and "$" not in table.to_csv().split("\n")[0]


def test_stand_in_tables_say_so_in_caption_csv_and_latex():
    table = RegressionTable([HandFit([1.0], [0.5], [0.009])], "Table 3").to_paper_table()
    assert table.from_data and not table.standin
    table.standin = True
    assert "[stand-in]" in table.to_html() and "simulated" in table.to_html()
    assert table.to_csv().startswith("# [stand-in] Table 3")
    assert pd.read_csv(io.StringIO(table.to_csv()), comment="#").shape[1] == 2
    assert table.to_latex().startswith("% [stand-in] Table 3") and r"\multicolumn{2}{l}" in table.to_latex()
    assert not from_frame(pd.DataFrame({"a": ["1"]}), "Published").from_data


def test_estimates_are_numbers_in_columns():
    fits = [HandFit([0.67, -0.2], [0.2, 0.1], [0.001, 0.3], nobs=3066), HandFit([0.5], [0.25], [0.04])]
    estimates = RegressionTable(fits, "T", labels={"x0": "Hub $h$"}).estimates()
    assert list(estimates.columns) == ["column", "variable", "label", "coef", "se", "t", "p", "stars", "N"]
    first = estimates.iloc[0]
    assert (first["column"], first["variable"], first["label"]) == ("(1)", "x0", "Hub h")
    assert first["coef"] == 0.67 and first["se"] == 0.2 and first["t"] == pytest.approx(3.35)
    assert first["stars"] == 3 and first["N"] == 3066
    assert list(estimates["stars"]) == [3, 0, 2] and len(estimates) == 3


def test_model_table_is_marked_in_caption_csv_and_latex():
    from livingpapers.toolkit.tables import MODEL_MARK, MODEL_NOTE, TableText, model_table

    frame = pd.DataFrame({"x": [1.5, 2.25]}, index=["a", "b"])
    table = model_table(frame, "Table 9. Solved", "Grid of 2.", "Row")
    assert '<span class="lp-standin-mark">[R]</span>' in table.to_html() and MODEL_NOTE in table.to_html()
    assert table.to_csv().splitlines()[0] == f"# {MODEL_MARK} Table 9. Solved: {MODEL_NOTE}"
    assert table.to_latex().startswith("% [R] Table 9. Solved") and "\\footnotesize [R]" in table.to_latex()
    assert TableText("Table 9. Solved", "Grid of 2.", "Row").of(frame, model=True).to_csv() == table.to_csv()
    plain = TableText("Table 9. Solved").of(frame)
    assert plain.mark == "" and not plain.to_csv().startswith("#")
