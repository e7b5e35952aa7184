"""methods.absorb against pyfixest: coefficients, CRV1 SEs, p-values and adjusted R²."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from livingpapers.methods.absorb import AbsorbedDesign, fit, singleton_rows


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    """An unbalanced, unsorted firm-year panel with a few firms that move city."""
    rng = np.random.default_rng(3)
    n_firms, n_years = 200, 8
    df = pd.DataFrame({"f": np.repeat(np.arange(n_firms), n_years), "t": np.tile(np.arange(n_years), n_firms)})
    df["c"] = df["f"] % 30
    movers = (df["f"] < 12) & (df["t"] > 4)
    df.loc[movers, "c"] = (df.loc[movers, "f"] + 5) % 30
    df["k"] = df["f"] % 6
    df = df.sample(frac=0.8, random_state=2).reset_index(drop=True)  # unbalanced and unsorted
    df["x"] = rng.normal(size=len(df))
    df["d"] = rng.normal(size=len(df)) + 0.05 * df["c"]
    df["y"] = 0.4 * df["d"] - 0.3 * df["x"] + 0.02 * df["f"] + rng.normal(size=len(df))
    return df.rename(columns={"f": "firm", "t": "year", "c": "city", "k": "industry"})


@pytest.mark.parametrize("cluster", ["city", "firm", "firm+city"])
def test_fit_matches_pyfixest_with_firm_and_year_effects(panel, cluster):
    ref = pf.feols("y ~ d + x | firm + year", panel, vcov={"CRV1": cluster}).tidy()
    ours = fit(panel, "y", ["d", "x"], ["firm", "year"], {"v": cluster})
    np.testing.assert_allclose(ours.params.to_numpy(), ref["Estimate"].to_numpy(), rtol=1e-8)
    np.testing.assert_allclose(ours.bse.to_numpy(), ref["Std. Error"].to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(ours.pvalues.to_numpy(), ref["Pr(>|t|)"].to_numpy(), rtol=1e-5, atol=1e-12)


def test_nested_effects_give_pyfixest_coefficients_and_adjusted_r2(panel):
    ref = pf.feols("y ~ d + x | firm + year + industry + city", panel, vcov={"CRV1": "city"})
    ours = fit(panel, "y", ["d", "x"], ["firm", "year", "industry", "city"], {"city": "city"})
    np.testing.assert_allclose(ours.params.to_numpy(), ref.coef().to_numpy(), rtol=1e-6)
    assert ours.rsquared_adj == pytest.approx(ref._adj_r2, abs=1e-8)
    assert ours.nobs == ref._N


def test_fit_draws_equals_one_regression_per_draw(panel):
    design = AbsorbedDesign(panel, ["firm", "year", "industry", "city"], "city")
    rng = np.random.default_rng(0)
    draws = rng.normal(size=(len(panel), 2, 3))
    out = design.fit_draws(panel["y"].to_numpy(), draws, panel[["x"]].to_numpy(), keep=1)
    for r in range(3):
        data = panel.assign(a=draws[:, 0, r], b=draws[:, 1, r])
        ref = pf.feols("y ~ a + b + x | firm + year + industry + city", data, vcov={"CRV1": "city"}).tidy().loc["b"]
        assert out.loc[r, "coef"] == pytest.approx(ref["Estimate"], rel=1e-6)
        assert out.loc[r, "se"] == pytest.approx(ref["Std. Error"], rel=1e-5)


def test_fit_outcomes_is_linear_in_the_outcome(panel):
    design = AbsorbedDesign(panel, ["firm", "year"], "city")
    x = panel[["d", "x"]].to_numpy()
    y = panel["y"].to_numpy()
    out = design.fit_outcomes(np.column_stack([y, 2 * y]), x)[0]
    assert out.loc[1, "coef"] == pytest.approx(2 * out.loc[0, "coef"])
    assert out.loc[1, "t"] == pytest.approx(out.loc[0, "t"])


def test_singletons_are_found_iteratively():
    frame = pd.DataFrame({"a": [1, 1, 2, 3, 3], "b": [1, 2, 2, 3, 3]})
    # a=2 is a singleton; dropping it leaves b=2 with one row (a=1's second row), then a=1 alone
    assert singleton_rows(frame, ["a", "b"]).tolist() == [True, True, True, False, False]


def test_missing_values_are_refused(panel):
    bad = panel.assign(firm=panel["firm"].astype(float))
    bad.loc[0, "firm"] = np.nan
    with pytest.raises(ValueError, match="missing values in firm"):
        AbsorbedDesign(bad, ["firm", "year"], "city")
