"""``make bench`` entry: the vectorised placebo (``methods.did.TWFEPanel``) against one pyfixest
regression per draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyfixest as pf

from livingpapers.methods import did
from livingpapers.studies.trade_hubs.data import CONTROLS, assemble, treatment_timing
from livingpapers.studies.trade_hubs.estimation import X, quiet
from livingpapers.studies.trade_hubs.standin import generate
from livingpapers.toolkit.benchmark import Benchmark

BENCH_DRAWS = 100


def placebo_inputs(seed: int = 20260, n_draws: int = BENCH_DRAWS) -> tuple[pd.DataFrame, np.ndarray]:
    """A stand-in panel and a set of placebo treatments (row, draw), shared by both sides."""
    timing = treatment_timing()
    panel, _ = generate(np.random.default_rng([seed, 1]), timing)
    df = assemble(panel, timing)
    return df, did.placebo_treatments(df, "hub", "city", "year", n_draws, np.random.default_rng([seed, 2]))


def fast_placebo(df: pd.DataFrame, draws: np.ndarray) -> pd.DataFrame:
    """Partial out FE and controls once, then all draws in array operations."""
    return did.TWFEPanel(df, "regopen", "city", "year", CONTROLS, cluster="city").estimate(draws)


def loop_placebo(df: pd.DataFrame, draws: np.ndarray) -> pd.DataFrame:
    """The straightforward baseline: a full pyfixest TWFE regression per draw."""
    rows = []
    for r in range(draws.shape[1]):
        with quiet():
            fit = pf.feols(
                f"regopen ~ pseudo + {X} | city + year", df.assign(pseudo=draws[:, r]), vcov={"CRV1": "city"}
            )
        t = fit.tidy().loc["pseudo"]
        rows.append({"coef": t["Estimate"], "se": t["Std. Error"], "t": t["t value"], "p": t["Pr(>|t|)"]})
    return pd.DataFrame(rows)


def benchmarks() -> list[Benchmark]:
    df, draws = placebo_inputs()
    return [
        Benchmark(
            f"placebo TWFE, {BENCH_DRAWS} draws",
            lambda: fast_placebo(df, draws),
            lambda: loop_placebo(df, draws),
            note="same draws and coefficients (asserted in tests/studies/trade_hubs/test_bench.py)",
        )
    ]
