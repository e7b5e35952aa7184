"""The fast implementations timed by ``make bench`` give the same numbers as the loops they replace."""

import numpy as np

from livingpapers.studies.fund_herding import bench


def test_sparse_overlap_equals_pairwise_loop():
    w = bench.holdings_matrix(n_funds=40, n_stocks=150, per_fund=12)
    from livingpapers.methods.fund_measures import mean_cosine_overlap

    np.testing.assert_allclose(mean_cosine_overlap(w), bench.loop_overlap(w), rtol=1e-12, atol=1e-14)


def test_batched_regressions_equal_statsmodels_loop():
    fund, market, rf = bench.daily_returns(n_funds=25)
    fast, slow = bench.batched_regressions(fund, market, rf), bench.loop_regressions(fund, market, rf)
    np.testing.assert_allclose(fast[slow.columns].to_numpy(), slow.to_numpy(), rtol=1e-8, atol=1e-12)


def test_benchmarks_are_registered():
    names = [b.name for b in bench.benchmarks()]
    assert any("overlap" in n for n in names) and any("timing" in n for n in names)
