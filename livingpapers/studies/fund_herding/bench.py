"""``make bench`` entries: the vectorised measures against the straightforward loops, same inputs.

- Overlap: the mean cosine similarity of every fund with every other fund at one disclosure date
  (one sparse matrix-vector product) against a Python loop over fund pairs.
- Per-fund-year regressions: CAPM alpha and the two timing models of one year's funds in batched
  least squares against one statsmodels OLS per fund and model.

``tests/studies/fund_herding/test_bench.py`` asserts that both sides give the same numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import sparse

from livingpapers.methods.batched_ols import batched_ols_models
from livingpapers.methods.fund_measures import mean_cosine_overlap


def holdings_matrix(seed: int = 1, n_funds: int = 600, n_stocks: int = 2000, per_fund: int = 50) -> sparse.csr_matrix:
    """A random (funds × stocks) weight matrix at one date, with a common 'herd' so overlaps differ."""
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, n_stocks + 1) ** 0.9
    rows = np.repeat(np.arange(n_funds), per_fund)
    cols = rng.choice(n_stocks, size=len(rows), p=popularity / popularity.sum())
    w = sparse.coo_matrix((rng.gamma(1.0, size=len(rows)), (rows, cols)), shape=(n_funds, n_stocks)).tocsr()
    w.sum_duplicates()
    return w


def loop_overlap(w: sparse.csr_matrix) -> np.ndarray:
    """The straightforward baseline: cosine similarity of every pair of funds in Python loops."""
    dense = [np.asarray(w[i].todense()).ravel() for i in range(w.shape[0])]
    norms = [float(np.sqrt(v @ v)) for v in dense]
    n = len(dense)
    out = np.empty(n)
    for i in range(n):
        total = 0.0
        for j in range(n):
            if i != j:
                total += float(dense[i] @ dense[j]) / (norms[i] * norms[j])
        out[i] = total / (n - 1)
    return out


BENCH_FUND_YEARS = 3000  # about two years of the panel's funds


def daily_returns(seed: int = 2, n_funds: int = 300, n_days: int = 242) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One year of daily fund, market and risk-free returns (percent), some fund-days missing."""
    rng = np.random.default_rng(seed)
    market = rng.normal(0.05, 1.6, n_days)
    rf = np.full(n_days, 0.01)
    beta = rng.uniform(0.6, 1.0, n_funds)
    gamma = rng.normal(0.0, 0.05, n_funds)
    fund = (
        0.02 + beta[:, None] * market + gamma[:, None] * np.maximum(market, 0) + rng.normal(0, 0.6, (n_funds, n_days))
    )
    fund[rng.random(fund.shape) < 0.02] = np.nan
    return fund, market, rf


def batched_regressions(fund: np.ndarray, market: np.ndarray, rf: np.ndarray) -> pd.DataFrame:
    """CAPM alpha and both timing models for every fund at once (what ``measures`` runs per year)."""
    x = market - rf
    design = np.column_stack([np.ones_like(x), x, x**2, (x > 0) * x])
    fits = batched_ols_models(fund - rf, design, {"capm": [0, 1], "quadratic": [0, 1, 2], "dummy": [0, 1, 3]})
    return pd.DataFrame(
        {
            "alpha": fits["capm"].coef[:, 0],
            "beta": fits["capm"].coef[:, 1],
            "alpha_quadratic": fits["quadratic"].coef[:, 0],
            "timing_quadratic": fits["quadratic"].coef[:, 2],
            "alpha_dummy": fits["dummy"].coef[:, 0],
            "timing_dummy": fits["dummy"].coef[:, 2],
        }
    )


def loop_regressions(fund: np.ndarray, market: np.ndarray, rf: np.ndarray) -> pd.DataFrame:
    """The straightforward baseline: three statsmodels OLS fits per fund."""
    x = market - rf
    rows = []
    for r in fund:
        ok = np.isfinite(r)
        y, xx = r[ok] - rf[ok], x[ok]
        one = np.ones(ok.sum())
        capm = sm.OLS(y, np.column_stack([one, xx])).fit()
        quad = sm.OLS(y, np.column_stack([one, xx, xx**2])).fit()
        dummy = sm.OLS(y, np.column_stack([one, xx, (xx > 0) * xx])).fit()
        rows.append(
            {
                "alpha": capm.params[0],
                "beta": capm.params[1],
                "alpha_quadratic": quad.params[0],
                "timing_quadratic": quad.params[2],
                "alpha_dummy": dummy.params[0],
                "timing_dummy": dummy.params[2],
            }
        )
    return pd.DataFrame(rows)


def single_threaded(fn):
    """Run ``fn`` with one BLAS thread (as ``analysis.run`` does): small matrices gain nothing from
    threads on a shared machine. Both sides of a benchmark run this way."""

    from threadpoolctl import ThreadpoolController

    controller = ThreadpoolController()  # inspecting the loaded libraries once keeps each call cheap

    def run():
        with controller.limit(limits=1, user_api="blas"):
            return fn()

    return run


def benchmarks():
    from livingpapers.toolkit.benchmark import Benchmark

    w = holdings_matrix()
    fund, market, rf = daily_returns(n_funds=BENCH_FUND_YEARS)
    return [
        Benchmark(
            f"mean cosine overlap, {w.shape[0]} funds x {w.shape[1]} stocks",
            single_threaded(lambda: mean_cosine_overlap(w)),
            single_threaded(lambda: loop_overlap(w)),
            note="sparse product vs pairwise loop; equal results asserted in tests/studies/fund_herding/test_bench.py",
        ),
        Benchmark(
            f"CAPM + two timing models, {fund.shape[0]} fund-years x {fund.shape[1]} days",
            single_threaded(lambda: batched_regressions(fund, market, rf)),
            single_threaded(lambda: loop_regressions(fund, market, rf)),
            note="batched least squares vs one statsmodels OLS per fund and model; equality asserted in the tests",
        ),
    ]


BENCHMARKS = benchmarks
