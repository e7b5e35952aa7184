"""The per-claim design diagnosis on a design whose power is known in closed form."""

import math
import threading

import joblib
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from livingpapers.methods.design import SCHEDULER_ENV, diagnose_claims, run_draws

N, SIGMA, DELTA = 100, 1.0, 0.25  # mean of N draws, known sigma: se = 0.1, delta / se = 2.5
SE = SIGMA / math.sqrt(N)
DRAWS = 2000


def z_test(rng: np.random.Generator, planted: bool) -> dict:
    """One stand-in: the claim "the effect is positive at 5 % (one-sided)" and "the mean is above zero"."""
    truth = DELTA if planted else 0.0
    estimate = rng.normal(truth, SIGMA, N).mean()
    return {
        "positive and significant": (estimate / SE > stats.norm.ppf(0.95), estimate, SE, truth),
        "mean above zero": (estimate > 0, None, None, None),
    }


THREADS: list[str] = []


def traced_z_test(rng: np.random.Generator, planted: bool) -> dict:
    """:func:`z_test`, noting which thread ran it (the in-process cluster shares this module)."""
    THREADS.append(threading.current_thread().name)
    return z_test(rng, planted)


def test_power_false_positives_bias_and_coverage_match_the_closed_form():
    result = diagnose_claims(z_test, DRAWS, seed=7)
    significant = result.loc["positive and significant"]
    power = 1 - stats.norm.cdf(stats.norm.ppf(0.95) - DELTA / SE)  # 0.804
    tolerance = lambda p: 4 * math.sqrt(p * (1 - p) / DRAWS)  # noqa: E731
    assert abs(significant["p_holds_design"] - power) < tolerance(power)
    assert abs(significant["p_holds_null"] - 0.05) < tolerance(0.05)
    assert abs(significant["bias"]) < 4 * SE / math.sqrt(DRAWS)
    assert abs(significant["coverage"] - 0.95) < tolerance(0.95)
    assert significant["draws"] == DRAWS
    above = result.loc["mean above zero"]
    assert abs(above["p_holds_design"] - stats.norm.cdf(DELTA / SE)) < tolerance(0.994)
    assert abs(above["p_holds_null"] - 0.5) < tolerance(0.5)
    assert math.isnan(above["bias"]) and math.isnan(above["coverage"])


def test_draw_i_gets_stream_i_whatever_the_backend():
    sequential = run_draws(z_test, 40, seed=3)
    with joblib.parallel_config(backend="threading"):
        threaded = run_draws(z_test, 40, seed=3, n_jobs=2)
    pd.testing.assert_frame_equal(sequential, threaded)
    first = np.random.default_rng(np.random.SeedSequence(3).spawn(40)[0]).normal(DELTA, SIGMA, N).mean()
    design = sequential[(sequential["draw"] == 0) & sequential["planted"]]
    assert design["estimate"].iloc[0] == first


def test_a_claim_missing_from_a_draw_counts_as_not_holding():
    def flaky(rng, planted):
        value = rng.normal()
        return {"always": (True, None, None, None)} | ({"sometimes": (True, None, None, None)} if value > 0 else {})

    result = diagnose_claims(flaky, 400, seed=1)
    assert result.loc["always", "p_holds_design"] == 1.0
    assert 0.4 < result.loc["sometimes", "p_holds_design"] < 0.6


def test_a_malformed_outcome_names_the_claim():
    with pytest.raises(ValueError, match=r"claim C1: a draw must return \(holds, estimate, se, truth\)"):
        run_draws(lambda rng, planted: {"C1": (True, 0.1)}, 2, seed=1)


def test_the_draws_run_on_a_dask_cluster_named_in_the_environment(monkeypatch):
    from distributed import LocalCluster

    expected = diagnose_claims(z_test, 30, seed=11)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
        THREADS.clear()
        on_cluster = diagnose_claims(traced_z_test, 30, seed=11)
    pd.testing.assert_frame_equal(on_cluster, expected)
    assert len(THREADS) == 60 and all("Dask" in name for name in THREADS)  # run by the cluster's worker
