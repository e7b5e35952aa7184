"""Beyond the paper: welfare along the CBDC rate, and proportional bargaining instead of take-it-or-leave-it offers.

The paper proves no welfare result and uses one pricing protocol. Here DM surplus is traced over
the sensitivity map, and the baseline and the single-calibration checks are rerun under Kalai
proportional bargaining with buyer share theta (theta = 1 is the paper's protocol).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .checks import core_checks
from .model import (
    SENSITIVITY_ETAS,
    SENSITIVITY_MUS,
    SENSITIVITY_RDS,
    Calibration,
    ModelRun,
    keister_sanches_benchmark,
    no_cbdc_over_inflation,
    rate_grid,
    run_model,
    sweep,
)


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


def welfare_examples(
    cal: Calibration, baseline: ModelRun, welfare: pd.DataFrame, slack_cal: Calibration, grid_points: int
) -> dict[str, pd.DataFrame]:
    """The sweeps the welfare figure draws: the baseline, the first calibration where S dips, and a slack one."""
    examples = {"baseline": baseline.frame}
    falls = welfare.dropna(subset=["falls_from"])
    if len(falls):
        row = falls.iloc[0]
        c = cal.with_(eta=row.eta, mu=row.mu, R_d=row.R_d)
        examples[f"η={row.eta:g}, μ={row.mu:g}, R^d={row.R_d:g} (S dips)"] = sweep(c, rate_grid(c, grid_points))
    c = slack_cal
    examples[f"η={c.eta:g}, μ={c.mu:g}, R^d={c.R_d:g} (type 3 slack)"] = sweep(c, rate_grid(c, grid_points))
    return examples


def protocol_comparison(cal: Calibration, thetas, R_intro: float, grid_points: int) -> dict[float, ModelRun]:
    """The baseline solved under each buyer share theta (1 = the paper's take-it-or-leave-it offer)."""
    return {theta: run_model(cal.with_(theta=theta), grid_points, R_intro) for theta in thetas}


def verdict(check) -> str:
    """A check's verdict as a table shows it: 'yes', 'NO', or 'not computed' when its regime does not occur."""
    if not check.computed:
        return "not computed"
    return "yes" if check.passed else "NO"


def protocol_check_table(cal: Calibration, thetas, R_intro: float, grid_points: int) -> pd.DataFrame:
    """Which single-calibration checks hold under each buyer share theta (1 = the paper's TIOLI offer)."""
    table = {}
    for theta in thetas:
        c = cal.with_(theta=theta)
        run = run_model(c, grid_points, R_intro)
        checks = core_checks(run, no_cbdc_over_inflation(c, points=13), keister_sanches_benchmark(c, grid_points))
        table[f"θ = {theta:g}"] = {ch.claim: verdict(ch) for ch in checks}
    return pd.DataFrame(table)


def protocol_numbers(runs: dict) -> pd.DataFrame:
    """Key numbers of the introduction scenario under each bargaining protocol."""

    def pct(run, attr):
        return f"{100 * (getattr(run.intro, attr) / getattr(run.base, attr) - 1):+.1f}%"

    table = {}
    for theta, run in runs.items():
        seller = run.intro.surplus_dm - run.intro.buyer_surplus_dm
        table[f"θ = {theta:g}"] = {
            "regime boundary $\\bar R^e$": "binds throughout" if run.threshold is None else f"{run.threshold:.4f}",
            "public money, no CBDC → intro": f"{run.base.public:.4f} → {run.intro.public:.4f}",
            "private money, no CBDC → intro": f"{run.base.private:.4f} → {run.intro.private:.4f}",
            **{
                f"change in {label}": pct(run, attr)
                for label, attr in (
                    ("e", "public"),
                    ("d", "private"),
                    ("e + d", "total"),
                    ("y1", "y1"),
                    ("y2", "y2"),
                    ("y3", "y3"),
                    ("DM output", "output_dm"),
                    ("DM surplus S", "surplus_dm"),
                )
            },
            "sellers' share of DM surplus": f"{100 * seller / run.intro.surplus_dm:.1f}%",
        }
    return pd.DataFrame(table)
