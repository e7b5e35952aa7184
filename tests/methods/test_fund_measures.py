"""Overlap, crash and timing measures against hand computations, scipy and statsmodels."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from livingpapers.methods.fund_measures import (
    crash_measures,
    crash_risk,
    dimson_design,
    mean_cosine_overlap,
    overlap_by_date,
    pairwise_cosine,
    performance,
    timing,
)


def test_overlap_hand_computed():
    # A and B hold the same two stocks in the same proportions; C holds a third stock only;
    # D holds A's first stock and C's stock equally.
    w = np.array([[0.5, 0.5, 0.0], [0.2, 0.2, 0.0], [0.0, 0.0, 0.9], [0.3, 0.0, 0.3]])
    cos_ad = 0.5 * 0.3 / (np.sqrt(0.5) * np.sqrt(0.18))  # = 1/2
    cos_cd = 0.9 * 0.3 / (0.9 * np.sqrt(0.18))  # = 1/sqrt(2)
    expected = [(1 + 0 + cos_ad) / 3, (1 + 0 + cos_ad) / 3, (0 + 0 + cos_cd) / 3, (cos_ad * 2 + cos_cd) / 3]
    np.testing.assert_allclose(mean_cosine_overlap(w), expected)
    np.testing.assert_allclose(cos_ad, 0.5)
    full = pairwise_cosine(w)
    np.testing.assert_allclose(np.diag(full), 1.0)
    np.testing.assert_allclose(full[0, 1], 1.0)
    np.testing.assert_allclose(full[0, 2], 0.0)


def test_overlap_is_scale_free_and_groups_limit_peers():
    rng = np.random.default_rng(0)
    w = rng.random((6, 8)) * (rng.random((6, 8)) > 0.4)
    scaled = w * rng.uniform(0.1, 5, (6, 1))
    np.testing.assert_allclose(mean_cosine_overlap(w), mean_cosine_overlap(scaled))
    groups = np.array([0, 0, 0, 1, 1, 1])
    full = pairwise_cosine(w)
    within = [(full[i, groups == groups[i]].sum() - 1) / 2 for i in range(6)]
    np.testing.assert_allclose(mean_cosine_overlap(w, groups), within)


def test_overlap_by_date_sums_items_and_handles_dates():
    rows = pd.DataFrame(
        {
            "fund": ["a", "a", "b", "b", "c", "a", "b"],
            "date": ["d1"] * 5 + ["d2"] * 2,
            "industry": ["x", "x", "x", "y", "y", "x", "x"],
            "w": [0.2, 0.3, 0.5, 0.5, 1.0, 1.0, 1.0],
        }
    )
    out = overlap_by_date(rows, "fund", "industry", "w", "date").set_index(["date", "fund"])["overlap"]
    # d1: a = (0.5, 0), b = (0.5, 0.5), c = (0, 1)
    s = 1 / np.sqrt(2)
    assert out[("d1", "a")] == pytest.approx((s + 0) / 2)
    assert out[("d1", "b")] == pytest.approx((s + s) / 2)
    assert out[("d2", "a")] == pytest.approx(1.0)


def test_ncskew_is_minus_sample_skewness_of_demeaned_returns():
    rng = np.random.default_rng(1)
    w = rng.standard_t(4, size=(5, 50))
    w -= w.mean(axis=1, keepdims=True)
    np.testing.assert_allclose(crash_measures(w)["ncskew"], -stats.skew(w, axis=1, bias=False))


def test_duvol_hand_computed():
    w = np.array([[-0.2, -0.1, 0.1, 0.2, 0.3]])
    mean = w.mean()
    down, up = w[w < mean], w[w > mean]
    expected = np.log((len(up) - 1) * (down**2).sum() / ((len(down) - 1) * (up**2).sum()))
    assert crash_measures(w)["duvol"].iloc[0] == pytest.approx(expected)


def test_crash_risk_uses_market_model_with_two_leads_and_lags():
    rng = np.random.default_rng(2)
    market = rng.normal(0, 0.03, 56)
    design = dimson_design(market)
    assert design.shape == (52, 6)
    np.testing.assert_allclose(design[:, 3], market[2:54])  # the contemporaneous week
    fund = 0.001 + design[:, 1:] @ np.array([0.1, 0.2, 0.8, 0.1, 0.05]) + rng.normal(0, 0.02, (3, 52))
    ref = sm.OLS(fund[1], design).fit()
    w = np.log1p(ref.resid)
    n = len(w)
    ncskew = -(n * (n - 1) ** 1.5 * (w**3).sum()) / ((n - 1) * (n - 2) * (w**2).sum() ** 1.5)
    assert crash_risk(fund, design)["ncskew"].iloc[1] == pytest.approx(ncskew, rel=1e-8)


def test_performance_and_timing_against_statsmodels():
    rng = np.random.default_rng(4)
    m, rf = rng.normal(0.05, 1.5, 240), np.full(240, 0.01)
    fund = 0.02 + 0.8 * m + 0.1 * np.maximum(m, 0) + rng.normal(0, 0.5, (4, 240))
    fund[1, :30] = np.nan
    perf, tm = performance(fund, m, rf), timing(fund, m, rf)
    ok = np.isfinite(fund[1])
    y, x = fund[1][ok] - rf[ok], m[ok] - rf[ok]
    one = np.ones(ok.sum())
    assert perf["alpha"][1] == pytest.approx(sm.OLS(y, np.column_stack([one, x])).fit().params[0], rel=1e-9)
    quad = sm.OLS(y, np.column_stack([one, x, x**2])).fit().params
    dummy = sm.OLS(y, np.column_stack([one, x, (x > 0) * x])).fit().params
    assert tm["timing_quadratic"][1] == pytest.approx(quad[2], rel=1e-8)
    assert tm["alpha_dummy"][1] == pytest.approx(dummy[0], rel=1e-8)
    assert perf["rate_ave"][1] == pytest.approx(fund[1][ok].mean())
    geo = (np.prod(1 + fund[1][ok] / 100) ** (1 / ok.sum()) - 1) * 100
    assert perf["rate_geo"][1] == pytest.approx(geo, rel=1e-9)
