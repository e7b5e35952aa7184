"""The chapter's computations on top of the solver: the baseline run, the sensitivity map,
the Keister-Sanches benchmark, the welfare analysis and the bargaining comparison.

Everything here is deterministic (no randomness) and timed, so the chapter can report how
long the full sweep and the sensitivity map take.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from livingpapers.studies.cbdc.model import (
    Calibration,
    Equilibrium,
    inflation_sweep,
    rate_grid,
    regime_threshold,
    solve,
    sweep,
)

CHECK_RATES = (1.0, 1.01, 1.02, 1.03, 1.04, 1.05, 1.06, 1.07)  # the spec's check-value rows (section 9)
INFLATION_RATES = (1.00, 1.01, 1.02, 1.03, 1.04, 1.05)
BENCHMARK_RATES = (1.00, 1.02, 1.04, 1.06)
SENSITIVITY_ETAS = (0.2, 0.25, 0.3, 0.4, 0.5)
SENSITIVITY_MUS = (1.00, 1.01, 1.02, 1.03, 1.05)
SENSITIVITY_RDS = (1.001, 1.005, 1.01)


@dataclass
class ModelRun:
    """The baseline solved once: no-CBDC and introduction equilibria, the regime boundary and the sweep."""

    cal: Calibration
    R_intro: float
    base: Equilibrium
    intro: Equilibrium
    threshold: float | None
    frame: pd.DataFrame
    seconds: float

    @property
    def threshold_or_top(self) -> float:
        """The regime boundary, or the top of the admissible range when type 3 binds throughout."""
        return self.cal.R_e_max if self.threshold is None else self.threshold

    def regime_at(self, R_e: float) -> str:
        return "all constraints bind" if R_e < self.threshold_or_top else "type-3 constraint slack"


def run_model(cal: Calibration, grid_points: int, R_intro: float) -> ModelRun:
    """Solve the baseline: no CBDC, the introduction scenario, the threshold and the R_e sweep."""
    start = time.perf_counter()
    base, intro = solve(cal, 1.0), solve(cal, R_intro)
    threshold = regime_threshold(cal)
    extra = (R_intro,) + ((threshold,) if threshold not in (None, 1.0) else ())
    frame = sweep(cal, rate_grid(cal, grid_points, extra))
    return ModelRun(cal, R_intro, base, intro, threshold, frame, time.perf_counter() - start)


def check_value_table(cal: Calibration, threshold: float | None) -> pd.DataFrame:
    """The spec's check-value rows (section 9), recomputed, including the regime threshold."""
    rates = sorted(set(CHECK_RATES) | ({threshold} if threshold not in (None, 1.0) else set()))
    columns = {
        "R_e": "R^e",
        "i_e": "i_e",
        "public": "e (m at R^e=1)",
        "private": "d",
        "total": "e+d",
        "y1": "y1",
        "y2": "y2",
        "y3": "y3",
        "output_dm": "Y^DM",
        "surplus_dm": "S",
        "lam_public": "λ(e)",
        "lam_private": "λ(d)",
        "lam_total": "λ(e+d)",
        "transfer": "T",
    }
    frame = sweep(cal, rates)
    frame["i_e"] = [cal.i_e(r) for r in frame["R_e"]]
    return frame[list(columns)].rename(columns=columns)


def keister_sanches_benchmark(cal: Calibration, grid_points: int) -> pd.DataFrame:
    """The alpha_3 = 0 economy (no type-3 meetings): CBDC cannot reach private money (claim C24)."""
    bench = cal.with_(alpha_3=0.0)
    return sweep(bench, rate_grid(bench, grid_points, BENCHMARK_RATES))


def no_cbdc_over_inflation(cal: Calibration, points: int = 41) -> pd.DataFrame:
    """Cash and private money without CBDC as inflation rises (Assumption 1 / C9)."""
    rates = np.unique(np.concatenate([np.linspace(1.0, 1.06, points), INFLATION_RATES]))
    return inflation_sweep(cal, rates)


def sensitivity_map(
    cal: Calibration, R_intro: float, etas=SENSITIVITY_ETAS, mus=SENSITIVITY_MUS, rds=SENSITIVITY_RDS
) -> pd.DataFrame:
    """Regime boundary and crowding-out at ``R_intro`` over curvature, inflation and R_d.

    ``threshold`` is 1.0 when the type-3 constraint is slack already without CBDC and NaN
    when it binds over the whole admissible range. ``d_change_pct`` compares private money at
    ``R_intro`` with no CBDC (NaN when ``R_intro`` is not admissible, R_intro >= mu/beta).
    """
    rows = []
    for eta, mu, rd in itertools.product(etas, mus, rds):
        c = cal.with_(eta=eta, mu=mu, R_d=rd)
        threshold = regime_threshold(c)
        base = solve(c, 1.0)
        change = np.nan
        if R_intro < c.R_e_max:
            change = 100 * (solve(c, R_intro).private / base.private - 1)
        rows.append(
            {
                "eta": eta,
                "mu": mu,
                "R_d": rd,
                "threshold": np.nan if threshold is None else threshold,
                "slack_without_cbdc": threshold == 1.0,
                "d_change_pct": change,
            }
        )
    return pd.DataFrame(rows)


def timed(fn, *args, **kwargs):
    """(result, seconds) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


# --------------------------------------------------------------------------- beyond the paper: welfare


@dataclass
class WelfareSummary:
    """Where DM surplus peaks on the grid, and whether it ever falls as R_e rises."""

    argmax_rate: float
    max_surplus: float
    surplus_no_cbdc: float
    falls_on: tuple[float, float] | None  # first and last rate at which S falls, if it ever does
    below_no_cbdc: int  # grid points with S below its no-CBDC level
    top_rate: float  # the highest rate on the grid


def welfare_summary(frame: pd.DataFrame, tol: float = 1e-12) -> WelfareSummary:
    """Summarise DM surplus S along a sweep (welfare W = S - 2 differs only by a constant)."""
    S = frame["surplus_dm"].to_numpy()
    rates = frame["R_e"].to_numpy()
    falling = np.where(np.diff(S) < -tol)[0]
    falls_on = (float(rates[falling[0]]), float(rates[falling[-1] + 1])) if len(falling) else None
    i = int(np.argmax(S))
    return WelfareSummary(
        float(rates[i]), float(S[i]), float(S[0]), falls_on, int((S[0] - tol > S).sum()), float(rates[-1])
    )


def welfare_map(
    cal: Calibration, grid_points: int, etas=SENSITIVITY_ETAS, mus=SENSITIVITY_MUS, rds=SENSITIVITY_RDS
) -> pd.DataFrame:
    """Welfare summary for every calibration of the sensitivity map."""
    rows = []
    for eta, mu, rd in itertools.product(etas, mus, rds):
        c = cal.with_(eta=eta, mu=mu, R_d=rd)
        w = welfare_summary(sweep(c, rate_grid(c, grid_points)))
        rows.append(
            {
                "eta": eta,
                "mu": mu,
                "R_d": rd,
                "R_max": c.R_e_max,
                "argmax_rate": w.argmax_rate,
                "max_at_top": w.argmax_rate == w.top_rate,
                "falls_from": w.falls_on[0] if w.falls_on else np.nan,
                "falls_to": w.falls_on[1] if w.falls_on else np.nan,
                "below_no_cbdc": w.below_no_cbdc,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- beyond the paper: bargaining


def protocol_comparison(cal: Calibration, thetas, R_intro: float, grid_points: int) -> dict[float, ModelRun]:
    """The baseline solved under each buyer share theta (1 = the paper's take-it-or-leave-it offer)."""
    return {theta: run_model(cal.with_(theta=theta), grid_points, R_intro) for theta in thetas}
