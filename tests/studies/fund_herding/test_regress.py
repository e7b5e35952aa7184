"""Pooled OLS with year fixed effects against statsmodels (iid, HC1, fund-clustered), with R² and F."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from livingpapers.studies.fund_herding.regress import key_coefficients, ols


@pytest.fixture
def panel():
    rng = np.random.default_rng(5)
    n = 400
    df = pd.DataFrame({"fund_id": rng.integers(0, 60, n), "year": rng.integers(2010, 2015, n),
                       "x": rng.normal(size=n), "z": rng.normal(size=n)})  # fmt: skip
    df["y"] = 0.3 * df["x"] - 0.2 * df["z"] + 0.1 * (df["year"] - 2010) + rng.normal(size=n) * (1 + df["x"].abs())
    return df


@pytest.mark.parametrize(("vcov", "kw"), [("iid", {}), ("hetero", {"cov_type": "HC1"})])
def test_matches_statsmodels(panel, vcov, kw):
    ref = smf.ols("y ~ x + z + C(year)", panel).fit(**kw)
    fit = ols(panel, "y", ["x", "z"], vcov=vcov)
    assert fit.coef["x"] == pytest.approx(ref.params["x"], rel=1e-10)
    assert fit.se["x"] == pytest.approx(ref.bse["x"], rel=1e-8)
    assert fit.coef["Constant"] == pytest.approx(ref.params["Intercept"], rel=1e-10)
    assert fit.r2 == pytest.approx(ref.rsquared, rel=1e-10)
    if vcov == "iid":
        assert fit.f == pytest.approx(ref.fvalue, rel=1e-8)
        assert fit.p["z"] == pytest.approx(ref.pvalues["z"], rel=1e-6)


def test_clustered_matches_statsmodels(panel):
    ref = smf.ols("y ~ x + z + C(year)", panel).fit(cov_type="cluster", cov_kwds={"groups": panel["fund_id"]})
    fit = ols(panel, "y", ["x", "z"], vcov="cluster")
    assert fit.se["x"] == pytest.approx(ref.bse["x"], rel=1e-8)


def test_key_coefficients_equal_full_regressions(panel):
    panel = panel.assign(y2=2 * panel["y"] + panel["z"])
    both = key_coefficients(panel, ["y", "y2"], "x", ["z"])
    assert both[0] == pytest.approx(ols(panel, "y", ["x", "z"]).coef["x"], rel=1e-10)
    assert both[1] == pytest.approx(ols(panel, "y2", ["x", "z"]).coef["x"], rel=1e-10)


def test_unknown_vcov_is_rejected(panel):
    with pytest.raises(ValueError, match="vcov must be"):
        ols(panel, "y", ["x"], vcov="robust")
