"""Tables and ledger entries of the CBDC chapter that are not model checks.

- the calibration with the provenance of every value (article or chosen for illustration);
- the analytical derivatives beside central finite differences;
- the cited facts (claims C1-C3) checked against curated public facts.
"""

from __future__ import annotations

import pandas as pd

from livingpapers.studies.cbdc.model import Calibration, derivatives, solve
from livingpapers.toolkit.facts import load_facts

FACTS = "cbdc_cited_facts"
CHECKABLE = ("high", "medium")


def calibration_from(
    beta: float, mu: float, r_d: float, eta: float, b: float, alpha_1: float, alpha_2: float, alpha_3: float
) -> Calibration:
    """The chapter's papermill parameters as a :class:`Calibration` (the paper's TIOLI protocol)."""
    return Calibration(beta=beta, mu=mu, R_d=r_d, eta=eta, b=b, alpha_1=alpha_1, alpha_2=alpha_2, alpha_3=alpha_3)


def calibration_table(cal: Calibration, R_intro: float, grid_points: int, theta_alt: float) -> pd.DataFrame:
    """Every parameter with its value, meaning and provenance."""
    article = "article (Chiu et al. 2023 shares, lines 200, 232)"
    chosen = "chosen for illustration (the article has no calibration)"
    rows = [
        (
            "α1, α2, α3",
            f"{cal.alpha_1:g}, {cal.alpha_2:g}, {cal.alpha_3:g}",
            "meeting probabilities of payment types 1-3",
            article,
        ),
        ("β", f"{cal.beta:g}", "discount factor (one period = one year)", chosen),
        ("μ", f"{cal.mu:g}", "gross inflation on the anchored price path", chosen),
        ("R^d", f"{cal.R_d:g}", f"gross real return on private money, in (1, 1/β) = (1, {1 / cal.beta:.4f})", chosen),
        ("u(y)", f"η = {cal.eta:g}, b = {cal.b:g}", "u = ((y+b)^(1-η) - b^(1-η))/(1-η); y* = 1 - b", chosen),
        ("U(x)", "log x", "CM utility; x* = 1", chosen),
        (
            "R^e (introduction)",
            f"{R_intro:g}",
            f"gross nominal CBDC rate of the introduction scenario, in [1, μ/β) = [1, {cal.R_e_max:.4f})",
            chosen,
        ),
        ("R^e grid", f"{grid_points} points", "evenly spaced on [1, μ/β)", chosen),
        (
            "θ (beyond the paper)",
            f"{theta_alt:g}",
            "buyer's surplus share under proportional bargaining (paper: θ = 1)",
            chosen,
        ),
    ]
    return pd.DataFrame(rows, columns=["Parameter", "Value", "Meaning", "Provenance"]).set_index("Parameter")


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


def cited_facts() -> pd.DataFrame:
    return load_facts(FACTS)


def record_cited_facts(ledger, facts: pd.DataFrame) -> None:
    """C1-C3: the paper's cited numbers against curated facts; low-confidence rows are never counted as checks.

    ``consistent`` in the facts file is the curator's judgement that the public value agrees
    with the paper's (F7: the white paper dates the pilots to end-2019, the first public pilot
    scenario to April 2020, which is the paper's "since 2020").
    """
    by_claim = dict(iter(facts.groupby("claim")))
    for claim, rows in by_claim.items():
        usable = rows[rows["confidence"].isin(CHECKABLE)]
        if usable.empty:
            ledger.record_not_computed(
                claim, "no public source for " + "; ".join(rows["fact"]) + " could be reached (facts rated low)"
            )
            continue
        parts = [
            f"{r.fact}: paper {r.paper_value}, public {r.public_value} ({r.confidence})" for r in usable.itertuples()
        ]
        unverified = rows[~rows["confidence"].isin(CHECKABLE)]
        if len(unverified):
            parts.append("unverified: " + ", ".join(f"{r.paper_value} {r.unit}" for r in unverified.itertuples()))
        ledger.record_check(claim, bool((usable["consistent"] == "true").all()), "; ".join(parts), basis="facts")
