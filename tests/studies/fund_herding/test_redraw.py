"""The design draws' shortcut to the measures against the daily returns it stands for, on the same shocks."""

import numpy as np
import pandas as pd
import pytest

from livingpapers.methods.fund_measures import crash_measures
from livingpapers.studies.fund_herding import measures, standin
from livingpapers.studies.fund_herding.redraw import YearBlock

YEAR = 2008  # the most volatile year of the stand-in's market: the second-order expansion's hardest case


@pytest.fixture(scope="module")
def one_year():
    """A year of the stand-in's market and 40 funds' shocks: (block, daily returns, shock inputs)."""
    rng = np.random.default_rng(5)
    market = standin.simulate_market(rng).assign(date=lambda m: m["date"].dt.strftime("%Y-%m-%d"))
    m = market[market["date"].str.startswith(str(YEAR))]
    dates, rf, mret = m["date"].to_numpy(), m["rf"].to_numpy(), m["market_ret"].to_numpy()
    mweekly = measures.market_weekly(market)
    n, t = 40, len(dates)
    beta, vol = rng.uniform(0.5, 0.9, n), rng.uniform(*standin.DAILY_VOL, n)
    alpha, gamma = rng.normal(0.05, 0.03, n), rng.normal(0.0, 0.05, n)
    eps = rng.normal(size=(n, t)) * vol[:, None]
    rows = np.array([0, 3, 3, 7, 20])
    first = np.array([0, 10, 100, t - 4, 50])
    size = np.array([-6.0, -3.0, 5.0, 4.0, -4.5])  # signed crash or rally, %, spread over three days
    x = mret - rf
    daily = rf + alpha[:, None] + beta[:, None] * x + gamma[:, None] * np.maximum(x, 0) + eps
    for k in range(3):
        np.add.at(daily, (rows, first + k), size / 3)
    block = YearBlock.build(np.arange(n), beta, rf, mret, dates, mweekly)
    reference = measures.fund_year_measures(daily, mret, rf, dates, mweekly)
    gross = 1 + (rf + beta[:, None] * x) / 100
    weekly_eps = np.add.reduceat(eps / gross, np.r_[0, np.flatnonzero(np.diff(block.week)) + 1], axis=1)
    found = block.measures(alpha, gamma, beta, vol, eps @ block.maps.T, weekly_eps, (rows, first, size))
    return reference, {**found, **crash_measures(found["weekly"])}


@pytest.mark.parametrize("name", ["rate_ave", "alfa_capm", "s_tm", "t_tm"])
def test_linear_measures_are_exact(one_year, name):
    reference, found = one_year
    np.testing.assert_allclose(found[name], reference[name], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", ["ncskew", "duvol"])
def test_crash_measures_match_daily_compounding(one_year, name):
    """Weekly log returns agree to about 10⁻⁴ (a week's SD is 0.065 here); Duvol jumps when a week
    crosses the series mean, so the check is on the bulk of the funds."""
    reference, found = one_year
    gap = np.abs(found[name] - reference[name].to_numpy())
    assert np.median(gap) < 0.01 * reference[name].abs().max()
    assert np.corrcoef(found[name], reference[name])[0, 1] > 0.99


def test_noise_is_drawn_with_the_covariance_of_the_daily_shocks(one_year):
    reference, _ = one_year
    block = YearBlock.build(np.arange(1), np.ones(1), np.zeros(50), np.linspace(-2, 2, 50),
                            pd.bdate_range("2010-01-04", periods=50).strftime("%Y-%m-%d").to_numpy(),
                            pd.Series(np.linspace(-0.02, 0.02, 20), index=np.arange(2087, 2107)))  # fmt: skip
    np.testing.assert_allclose(block.factor @ block.factor.T, block.maps @ block.maps.T, atol=1e-15)
    np.testing.assert_allclose(block.maps[3] @ np.maximum(block.x, 0), 1.0)  # the dummy model's timing of x⁺
