"""Every computation of the CBDC chapter in one call: the baseline solved, the equilibria at the spec's
check rates, the sensitivity and regime maps, the comparison economies, every claim checked in the
model, and the two extensions beyond the paper (welfare, proportional bargaining).

Everything here is deterministic (no randomness); the baseline and the sensitivity map are timed,
so the chapter can report how long they take.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd

from . import beyond
from .checks import ClaimCheck, check_claims, slack_example
from .data import Inputs
from .model import (
    Calibration,
    Equilibrium,
    ModelRun,
    admissible_rates,
    derivatives,
    keister_sanches_benchmark,
    no_cbdc_over_inflation,
    regime_threshold,
    run_model,
    sensitivity_map,
    solve,
    sweep,
)

CHECK_RATES = (
    1.0,
    1.01,
    1.02,
    1.03,
    1.04,
    1.05,
    1.06,
    1.07,
)  # the spec's check-value rows (section 9), where admissible
REGIME_MAP_CASES = ((0.96, 0.2), (0.96, 0.3), (0.96, 0.4), (0.97, 0.3), (0.97, 0.4))  # (beta, eta), spec's regime map
WELFARE_GRID_POINTS = 60  # grid of each welfare sweep over the sensitivity map
PROTOCOL_GRID_CAP = 120  # the bargaining checks rerun every claim; a coarser grid keeps them quick


def calibration_from(
    beta: float, mu: float, r_d: float, eta: float, b: float, alpha_1: float, alpha_2: float, alpha_3: float
) -> Calibration:
    """The chapter's papermill parameters as a :class:`Calibration` (the paper's TIOLI protocol)."""
    return Calibration(beta=beta, mu=mu, R_d=r_d, eta=eta, b=b, alpha_1=alpha_1, alpha_2=alpha_2, alpha_3=alpha_3)


def check_value_table(cal: Calibration, threshold: float | None) -> pd.DataFrame:
    """The spec's check-value rows (section 9), recomputed, including the regime threshold."""
    rates = sorted(set(admissible_rates(cal, CHECK_RATES)) | ({threshold} if threshold not in (None, 1.0) else set()))
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


def derivative_table(cal: Calibration, R_e: float, h: float = 1e-5) -> pd.DataFrame:
    """Implicit-function derivatives at ``R_e`` beside central finite differences of the solver."""
    analytic = derivatives(cal, R_e)
    up, down = solve(cal, R_e + h), solve(cal, R_e - h)
    rows = []
    for name, attr in (
        ("de/dR^e", "public"),
        ("dd/dR^e", "private"),
        ("d(e+d)/dR^e", "total"),
        ("dY^DM/dR^e", "output_dm"),
        ("dS/dR^e", "surplus_dm"),
    ):
        numeric = (getattr(up, attr) - getattr(down, attr)) / (2 * h)
        value = getattr(analytic, attr)
        rows.append(
            {"Derivative": name, "analytical": value, "finite difference": numeric, "|gap|": abs(value - numeric)}
        )
    return pd.DataFrame(rows).set_index("Derivative")


def regime_map(cal: Calibration, cases=REGIME_MAP_CASES) -> pd.DataFrame:
    """The regime boundary at the spec's own (beta, eta) cases, mu = 1.02 and R_d = 1.01 (Table 4)."""
    rows = []
    for beta_, eta_ in cases:
        threshold = regime_threshold(cal.with_(beta=beta_, mu=1.02, R_d=1.01, eta=eta_))
        rows.append(
            {
                "β": beta_,
                "η": eta_,
                "R̄^e": "binds throughout"
                if threshold is None
                else ("slack at R^e = 1" if threshold == 1.0 else f"{threshold:.4f}"),
            }
        )
    return pd.DataFrame(rows)


def timed(fn, *args, **kwargs):
    """(result, seconds) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


@dataclass
class Results:
    """What the chapter shows, computed once by :func:`run`."""

    inputs: Inputs
    params: dict
    cal: Calibration
    run: ModelRun  # the baseline: no CBDC, the introduction scenario, the regime boundary and the sweep
    smap: pd.DataFrame  # sensitivity map over eta, mu and R_d
    smap_seconds: float
    equilibria: pd.DataFrame  # the spec's check-value rows (Table 2)
    derivatives: pd.DataFrame  # analytical vs finite-difference comparative statics (Table 3)
    regime_map: pd.DataFrame  # Table 4
    benchmark: pd.DataFrame  # the Keister-Sanches economy (alpha_3 = 0)
    inflation: pd.DataFrame  # the economy without CBDC as inflation rises
    welfare_map: pd.DataFrame
    slack_cal: Calibration  # a calibration whose type-3 constraint is slack without CBDC
    model_checks: list[ClaimCheck]
    welfare: beyond.WelfareSummary  # along the baseline sweep
    top: Equilibrium  # the limit R^e -> mu/beta
    welfare_examples: dict[str, pd.DataFrame]  # sweeps drawn in the welfare figure
    protocols: dict[float, ModelRun]  # the baseline under each buyer share theta
    protocol_checks: pd.DataFrame  # which checks hold under each protocol


def run(inputs: Inputs, params: dict) -> Results:
    """Solve the model at the chapter's parameters and check every claim (no randomness: ``seed`` plays no part)."""
    cal = calibration_from(*(params[k] for k in ("beta", "mu", "r_d", "eta", "b", "alpha_1", "alpha_2", "alpha_3")))
    grid_points, r_e_intro, thetas = params["grid_points"], params["r_e_intro"], (1.0, params["theta_alt"])
    baseline = run_model(cal, grid_points, r_e_intro)
    smap, smap_seconds = timed(sensitivity_map, cal, r_e_intro)
    benchmark = keister_sanches_benchmark(cal, grid_points)
    inflation = no_cbdc_over_inflation(cal)
    welfare_map = beyond.welfare_map(cal, WELFARE_GRID_POINTS)
    slack_cal = slack_example(cal, smap)
    return Results(
        inputs=inputs,
        params=params,
        cal=cal,
        run=baseline,
        smap=smap,
        smap_seconds=smap_seconds,
        equilibria=check_value_table(cal, baseline.threshold),
        derivatives=derivative_table(cal, r_e_intro),
        regime_map=regime_map(cal),
        benchmark=benchmark,
        inflation=inflation,
        welfare_map=welfare_map,
        slack_cal=slack_cal,
        model_checks=check_claims(baseline, inflation, benchmark, smap, welfare_map, slack_cal),
        welfare=beyond.welfare_summary(baseline.frame),
        top=solve(cal, cal.R_e_max * (1 - 1e-9)),
        welfare_examples=beyond.welfare_examples(cal, baseline, welfare_map, slack_cal, grid_points),
        protocols=beyond.protocol_comparison(cal, thetas, r_e_intro, grid_points),
        protocol_checks=beyond.protocol_check_table(cal, thetas, r_e_intro, min(grid_points, PROTOCOL_GRID_CAP)),
    )
