"""``make bench`` entry: the vectorised placebo of opening years against one pyfixest ``feols`` per draw.

Both sides fit eq. (1) col. (4) (firm, year, industry and city effects, city-clustered SE) to
the same stand-in panel and the same re-drawn opening years; ``tests/studies/financial_opening``
asserts that their coefficients agree and that the fast side is at least 20 times faster.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyfixest as pf

from livingpapers.methods.estimation import quiet_fixest
from livingpapers.studies.financial_opening import data as d
from livingpapers.studies.financial_opening.analysis import CONTROLS, FE4, design_for, placebo_draws, placebo_years
from livingpapers.studies.financial_opening.standin import simulate

BENCH_DRAWS = 5  # pyfixest needs several seconds per draw here (nested industry and city effects)


def placebo_inputs(seed: int = 20230, n_draws: int = BENCH_DRAWS, n_firms: int | None = None):
    """The analysis panel (optionally its first ``n_firms`` firms), its design, and placebo draws."""
    inputs = simulate(seed)
    panel = d.build_panel(inputs)
    if n_firms is not None:
        panel = panel[panel["firm"] < n_firms]
    frame, design = design_for(panel, FE4)
    city_years = frame.groupby("city")["treat_year"].first()
    pseudo = placebo_years(np.random.default_rng([seed, 500]), city_years, n_draws)
    return frame, design, placebo_draws(frame, pseudo, city_years.index)


def fast_placebo(frame: pd.DataFrame, design, draws: np.ndarray) -> pd.DataFrame:
    """All draws at once: fixed effects and controls partialled out once."""
    return design.fit_draws(frame["trade_c"].to_numpy(), draws, frame[CONTROLS].to_numpy(), keep=1)


def loop_placebo(frame: pd.DataFrame, draws: np.ndarray) -> pd.DataFrame:
    """The straightforward baseline: one full pyfixest regression per draw."""
    rows = []
    for r in range(draws.shape[2]):
        data = frame.assign(pseudo_post=draws[:, 0, r], pseudo_post_prehhi=draws[:, 1, r])
        with quiet_fixest():
            fit = pf.feols(
                f"trade_c ~ pseudo_post + pseudo_post_prehhi + {' + '.join(CONTROLS)} | {' + '.join(FE4)}",
                data,
                vcov={"CRV1": "city"},
            )
        t = fit.tidy().loc["pseudo_post_prehhi"]
        rows.append({"coef": t["Estimate"], "se": t["Std. Error"], "t": t["t value"], "p": t["Pr(>|t|)"]})
    return pd.DataFrame(rows)


def benchmarks():
    from livingpapers.toolkit.benchmark import Benchmark  # only make bench needs the engine

    frame, design, draws = placebo_inputs()
    return [
        Benchmark(
            f"placebo of opening years, eq. (1) col. (4), {BENCH_DRAWS} draws",
            lambda: fast_placebo(frame, design, draws),
            lambda: loop_placebo(frame, draws),
            note="same draws, same coefficients (asserted in tests/studies/financial_opening)",
        )
    ]


BENCHMARKS = benchmarks  # the name the study contract (README) gives; the engine calls benchmarks()
