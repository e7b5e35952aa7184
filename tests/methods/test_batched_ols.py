"""Batched least squares against statsmodels, one series at a time, with missing values."""

import numpy as np
import pytest
import statsmodels.api as sm

from livingpapers.methods.batched_ols import batched_ols, batched_ols_models


@pytest.fixture
def data():
    rng = np.random.default_rng(3)
    t = 60
    x = np.column_stack([np.ones(t), rng.normal(size=t), rng.normal(size=t)])
    y = x @ np.array([0.5, 1.0, -2.0]) + rng.normal(size=(7, t))
    y[2, 5:15] = np.nan
    y[4, :58] = np.nan  # too few observations: NaN everywhere
    return y, x


def test_matches_statsmodels_series_by_series(data):
    y, x = data
    fit = batched_ols(y, x)
    for i in (0, 2, 6):
        ok = np.isfinite(y[i])
        ref = sm.OLS(y[i][ok], x[ok]).fit()
        np.testing.assert_allclose(fit.coef[i], ref.params, rtol=1e-10)
        np.testing.assert_allclose(fit.se[i], ref.bse, rtol=1e-10)
        np.testing.assert_allclose(fit.resid[i][ok], ref.resid, rtol=1e-8, atol=1e-12)
        assert np.isnan(fit.resid[i][~ok]).all()
    assert np.isnan(fit.coef[4]).all()
    assert fit.nobs[2] == 50


def test_per_series_design_and_mask(data):
    y, x = data
    xs = np.broadcast_to(x, (y.shape[0], *x.shape)).copy()
    mask = np.ones(y.shape, bool)
    mask[0, :10] = False
    a, b = batched_ols(y, xs, mask), batched_ols(y, x, mask)
    np.testing.assert_allclose(a.coef[[0, 1, 6]], b.coef[[0, 1, 6]], rtol=1e-10)
    ref = sm.OLS(y[0][10:], x[10:]).fit()
    np.testing.assert_allclose(a.coef[0], ref.params, rtol=1e-10)


def test_several_models_from_one_design(data):
    y, x = data
    fits = batched_ols_models(y, x, {"short": [0, 1], "long": [0, 1, 2]})
    for i in (0, 2):
        ok = np.isfinite(y[i])
        short = sm.OLS(y[i][ok], x[ok][:, [0, 1]]).fit()
        np.testing.assert_allclose(fits["short"].coef[i], short.params, rtol=1e-9)
        np.testing.assert_allclose(fits["short"].se[i], short.bse, rtol=1e-7)
    np.testing.assert_allclose(fits["long"].coef, batched_ols(y, x).coef, rtol=1e-9, equal_nan=True)


def test_rejects_mismatched_shapes(data):
    y, x = data
    with pytest.raises(ValueError, match="periods"):
        batched_ols(y, x[:-1])
