"""``make bench`` entry: the vectorized placebo against one pyfixest regression per draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyfixest as pf

from livingpapers.studies.trade_hubs import fastdid
from livingpapers.studies.trade_hubs.data import CONTROLS, YEARS, assemble, treatment_timing
from livingpapers.studies.trade_hubs.estimation import X, quiet
from livingpapers.studies.trade_hubs.standin import generate
from livingpapers.toolkit.benchmark import Benchmark

BENCH_DRAWS = 100


def placebo_inputs(seed: int = 20260, n_draws: int = BENCH_DRAWS) -> tuple[pd.DataFrame, np.ndarray]:
    """A stand-in panel and a set of placebo treatments (city, year, draw), shared by both sides."""
    timing = treatment_timing()
    panel, _ = generate(np.random.default_rng([seed, 1]), timing)
    df = assemble(panel, timing)
    hub_years = df.groupby("city")["hub_year"].first().dropna().to_numpy()
    return df, fastdid.placebo_treatments(
        np.random.default_rng([seed, 2]), hub_years, df["city"].nunique(), YEARS, n_draws
    )


def fast_placebo(df: pd.DataFrame, draws: np.ndarray) -> pd.DataFrame:
    """Partial out FE and controls once, then all draws in array operations."""
    return fastdid.PartialledPanel(df, "regopen", CONTROLS).coefficients(draws)


def loop_placebo(df: pd.DataFrame, draws: np.ndarray) -> pd.DataFrame:
    """The straightforward baseline: a full pyfixest TWFE regression per draw."""
    rows = []
    for r in range(draws.shape[-1]):
        data = df.assign(pseudo=draws[:, :, r].ravel())
        with quiet():
            fit = pf.feols(f"regopen ~ pseudo + {X} | city + year", data, vcov={"CRV1": "city"})
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
