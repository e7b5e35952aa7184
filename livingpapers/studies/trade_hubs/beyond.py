"""Beyond the paper: heterogeneity-robust staggered-DID estimators, the joint synergy test, a wild
cluster bootstrap for the 23 central cities and a design-diagnosis Monte Carlo (spec §8 step 16,
§10 items 25-26).

With staggered adoption (2015-2021) and effects that grow with exposure, the static TWFE
coefficient is a weighted average of 2x2 comparisons, some of which use already-treated cities as
controls (Goodman-Bacon 2021). The estimators of :mod:`livingpapers.methods.did` avoid them:
Sun and Abraham (2021) with the paper's controls, Gardner's did2s with the controls, and Callaway
and Sant'Anna (2021) without controls, with never-treated or not-yet-treated cities as controls.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyfixest as pf

from livingpapers.methods import did
from livingpapers.methods.simulation import diagnose, monte_carlo
from livingpapers.studies.trade_hubs import standin
from livingpapers.studies.trade_hubs.data import CONTROLS, assemble
from livingpapers.studies.trade_hubs.estimation import X, coef, quiet, twfe

PANEL = {"y": "regopen", "unit": "city", "time": "year"}
CALLAWAY_SANTANNA = (
    ("Callaway-Sant'Anna, never treated", "never"),
    ("Callaway-Sant'Anna, not yet treated", "notyet"),
)


def joint_synergy(df: pd.DataFrame):
    """FTZ, CRE and Hub (= FTZ x CRE timing) jointly; Hub is the super-additive part."""
    return twfe(df, "regopen", "ftz + cre + hub")


def wild_bootstrap_central(df: pd.DataFrame, reps: int, seed: int) -> dict:
    """Wild cluster bootstrap (WCR, Rademacher, null imposed) p-value for Hub among the 23 central
    cities, where cluster-robust t-tests over-reject."""
    central = df[df["central"] == 1]
    with quiet():
        fit = pf.feols(f"regopen ~ hub + {X} | city_id + year", central, vcov={"CRV1": "city_id"})
        boot = fit.wildboottest(reps=reps, param="hub", seed=seed)
    b, se, p = coef(fit, "hub")
    return {
        "coef": b,
        "se": se,
        "p_crv": p,
        "p_wild": float(boot["Pr(>|t|)"]),
        "clusters": central["city"].nunique(),
        "reps": reps,
    }


# --- robust estimators and the Goodman-Bacon decomposition -------------------------------------
def callaway_santanna(df: pd.DataFrame, control_group: str) -> did.Aggregate:
    """Callaway-Sant'Anna without controls, aggregated over post-treatment cells with cohort-size
    weights (``did::aggte(type = "simple")``; the SE includes the estimation of the weights)."""
    cs = did.callaway_santanna(df, **PANEL, cohort="hub_year", control_group=control_group)
    return cs.aggregate("simple")


def robust_estimates(df: pd.DataFrame, truth: pd.DataFrame | None) -> pd.DataFrame:
    """TWFE beside Sun-Abraham, did2s and Callaway-Sant'Anna on this run's data, each saying whether
    it includes the paper's controls (with the truth on the stand-in)."""
    paper = did.twfe(df, treat="hub", controls=CONTROLS, cluster="city", **PANEL)
    sun_abraham = did.sun_abraham(df, cohort="hub_year", controls=CONTROLS, cluster="city", **PANEL)
    two_stage = did.did2s(df, treat="hub", controls=CONTROLS, cluster="city", **PANEL)
    rows = [
        ("TWFE (paper's estimator)", paper.coef, paper.se, "Yes"),
        ("Sun-Abraham (interaction-weighted)", sun_abraham.att, sun_abraham.se, "Yes"),
        ("did2s (Gardner's two-stage)", two_stage.coef, two_stage.se, "Yes"),
    ]
    for label, control_group in CALLAWAY_SANTANNA:
        overall = callaway_santanna(df, control_group)
        rows.append((label, overall.att, overall.se, "No"))
    out = pd.DataFrame(rows, columns=["Estimator", "estimate", "SE", "includes the controls"]).set_index("Estimator")
    out.insert(2, "t", out["estimate"] / out["SE"])
    if truth is not None:
        out["true ATT of becoming a hub"] = truth.loc[truth["hub"] == 1, "hub_vs_first_policy"].mean()
    return out.round(3)


def forbidden_weight(decomposition: pd.DataFrame) -> float:
    """Share of the TWFE weight on comparisons that use already-treated cities as controls."""
    return float(decomposition.loc[decomposition["comparison"].str.startswith("later vs earlier"), "weight"].sum())


# --- design diagnosis --------------------------------------------------------------------------
def true_event_path(truth: pd.DataFrame) -> pd.DataFrame:
    """Mean true effect of becoming a hub by event time 0-5 (stand-in only), for Fig. 2."""
    t = truth[(truth["hub"] == 1) & (truth["event_time"] <= 5)]
    return t.groupby("event_time")["hub_vs_first_policy"].mean().rename("tau").reset_index()


def one_draw(rng: np.random.Generator, timing: pd.DataFrame) -> list[dict]:
    """One stand-in draw with fixed real adoption timing: each estimator with its truth, the mean
    over treated city-years of the effect of becoming a hub (relative to the policy the city
    already had), the ATT the robust estimators target.

    The Monte Carlo runs the paper's TWFE and both Callaway-Sant'Anna variants; Sun-Abraham and
    did2s go through pyfixest's full estimation (about 0.2-1 s each) and are compared on the
    chapter's own draw instead.
    """
    panel, truth = standin.generate(rng, timing)
    df = assemble(panel, timing)
    att_true = float(truth.loc[truth["hub"] == 1, "hub_vs_first_policy"].mean())
    paper = did.twfe(df, treat="hub", controls=CONTROLS, cluster="city", **PANEL)
    rows = [{"estimator": "TWFE (paper)", "estimate": paper.coef, "se": paper.se}]
    for label, control_group in CALLAWAY_SANTANNA:
        overall = callaway_santanna(df, control_group)
        rows.append({"estimator": label, "estimate": overall.att, "se": overall.se})
    return [{**row, "truth": att_true} for row in rows]


def design_diagnosis(timing: pd.DataFrame, n_draws: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bias, RMSE, 95% coverage and power of TWFE and Callaway-Sant'Anna over ``n_draws`` fresh
    stand-in draws, keeping the real adoption timing and the documented effects."""
    draws = monte_carlo(lambda rng: one_draw(rng, timing), n_draws, seed, desc="Design diagnosis")
    return draws, diagnose(draws, truth="truth")
