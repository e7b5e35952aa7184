"""Beyond the paper: heterogeneity-robust staggered-DID estimators, the Goodman-Bacon
decomposition and a design-diagnosis Monte Carlo (spec §8 step 16, §10 item 26).

With staggered adoption (2015-2021) and effects that grow with exposure, the static TWFE
coefficient is a weighted average of 2x2 comparisons, some of which use already-treated
cities as controls (Goodman-Bacon 2021). The estimators here avoid those comparisons:
Sun and Abraham (2021) via pyfixest's saturated event study, Gardner's did2s via pyfixest,
and Callaway and Sant'Anna (2021) ATT(g,t) with never-treated or not-yet-treated controls,
implemented below (unconditional, unit-clustered influence-function SEs) so that many
Monte Carlo draws can be computed at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyfixest as pf
from scipy import stats

from livingpapers.methods.simulation import diagnose, monte_carlo
from livingpapers.studies.trade_hubs import fastdid
from livingpapers.studies.trade_hubs.data import CONTROLS, YEARS, assemble
from livingpapers.studies.trade_hubs.estimation import X, coef, quiet


def cohorts(df: pd.DataFrame) -> np.ndarray:
    """Hub year per city (city order of the panel), +inf for never-hubs."""
    return df.groupby("city", sort=True)["hub_year"].first().fillna(np.inf).to_numpy()


# --- Callaway and Sant'Anna ------------------------------------------------------------------
@dataclass
class CSResult:
    att: np.ndarray  # overall ATT per draw
    se: np.ndarray
    cells: pd.DataFrame  # ATT(g,t) of the first draw, with event time


def callaway_santanna(y: np.ndarray, cohort: np.ndarray, years: list[int], control: str = "never") -> CSResult:
    """ATT(g,t) with base period g-1 for t >= g and the 'simple' aggregation (weights n_g),
    which averages over treated city-years; y is (city, year) or (city, year, draws).

    control="never": never-treated cities; "notyet": cities not yet treated at t (incl. never).
    The SE sums the unit-level influence functions (clustered by city), holding weights fixed.
    """
    y = y[..., None] if y.ndim == 2 else y
    years = np.asarray(years)
    psi_total = np.zeros((y.shape[0], y.shape[2]))
    att_total, weight_total, cells = 0.0, 0.0, []
    for g in np.unique(cohort[np.isfinite(cohort)]):
        treated = cohort == g
        base = int(np.flatnonzero(years == g - 1)[0])
        for t_idx in np.flatnonzero(years >= g):
            t = years[t_idx]
            ctrl = ~np.isfinite(cohort) if control == "never" else (cohort > t)
            dy = y[:, t_idx, :] - y[:, base, :]
            m1, m0 = dy[treated].mean(axis=0), dy[ctrl].mean(axis=0)
            att = m1 - m0
            psi = np.zeros_like(dy)
            psi[treated] = (dy[treated] - m1) / treated.sum()
            psi[ctrl] = -(dy[ctrl] - m0) / ctrl.sum()
            w = treated.sum()
            att_total = att_total + w * att
            psi_total += w * psi
            weight_total += w
            cells.append(
                {
                    "cohort": int(g),
                    "year": int(t),
                    "event_time": int(t - g),
                    "att": float(att[0]),
                    "se": float(np.sqrt((psi[:, 0] ** 2).sum())),
                    "n_treated": int(w),
                }
            )
    return CSResult(att_total / weight_total, np.sqrt((psi_total**2).sum(axis=0)) / weight_total, pd.DataFrame(cells))


# --- Sun and Abraham, did2s --------------------------------------------------------------------
def sun_abraham(df: pd.DataFrame) -> dict:
    """Interaction-weighted ATT from pyfixest's saturated event study (cohort x event-time
    dummies, never-hubs as controls): post-period cells averaged with treated-observation weights."""
    data = df.assign(g=df["hub_year"].fillna(0).astype(int))
    with quiet():
        fit = pf.event_study(data, "regopen", "city_id", "year", "g", xfml=X, estimator="saturated", att=True)
    tidy = fit.tidy()
    names = list(tidy.index)
    post = []
    for i, name in enumerate(names):
        parts = name.split("::")
        rel, cohort_year = float(parts[1].split(":")[0]), int(float(parts[2]))
        if rel >= 0:
            post.append((i, ((data["g"] == cohort_year) & (data["year"] == cohort_year + rel)).sum()))
    idx = np.array([i for i, _ in post])
    w = np.array([n for _, n in post], float)
    w /= w.sum()
    b = tidy["Estimate"].to_numpy()[idx]
    v = np.asarray(fit._vcov)[np.ix_(idx, idx)]
    att, se = float(w @ b), float(np.sqrt(w @ v @ w))
    return {"coef": att, "se": se, "p": float(2 * stats.t.sf(abs(att / se), df["city"].nunique() - 1))}


def did2s(df: pd.DataFrame) -> dict:
    """Gardner's two-stage DID (pyfixest): FE and controls fitted on untreated city-years."""
    with quiet():
        fit = pf.did2s(
            df, "regopen", first_stage=f"~ {X} | city + year", second_stage="~ hub", treatment="hub", cluster="city"
        )
    b, se, p = coef(fit, "hub")
    return {"coef": b, "se": se, "p": p}


# --- Goodman-Bacon ---------------------------------------------------------------------------
def bacon_decomposition(df: pd.DataFrame, outcome: str = "regopen") -> pd.DataFrame:
    """Goodman-Bacon (2021) decomposition of the static TWFE coefficient without controls:
    every 2x2 DID with its weight; the weighted sum equals the TWFE estimate exactly."""
    y = fastdid.to_cube(df, [outcome])[..., 0]
    cohort = cohorts(df)
    years = np.asarray(YEARS)
    n_units, n_t = y.shape
    groups = np.unique(cohort[np.isfinite(cohort)])
    never = ~np.isfinite(cohort)
    share = {g: (cohort == g).mean() for g in groups}
    dbar = {g: (years >= g).mean() for g in groups}

    def did(treat, ctrl, pre, post):
        return (y[treat][:, post].mean() - y[treat][:, pre].mean()) - (y[ctrl][:, post].mean() - y[ctrl][:, pre].mean())

    rows = []
    n_u = never.mean()
    for k in groups:
        nk, dk = share[k], dbar[k]
        if n_u > 0:
            nku = nk / (nk + n_u)
            rows.append(
                (
                    "treated vs never treated",
                    k,
                    np.inf,
                    did(cohort == k, never, years < k, years >= k),
                    (nk + n_u) ** 2 * nku * (1 - nku) * dk * (1 - dk),
                )
            )
        for later in groups[groups > k]:
            nl, dl = share[later], dbar[later]
            nkl = nk / (nk + nl)
            window = years < later
            rows.append(
                (
                    "earlier vs later treated (later as control)",
                    k,
                    later,
                    did(cohort == k, cohort == later, window & (years < k), window & (years >= k)),
                    ((nk + nl) * (1 - dl)) ** 2 * nkl * (1 - nkl) * ((dk - dl) / (1 - dl)) * ((1 - dk) / (1 - dl)),
                )
            )
            window = years >= k
            rows.append(
                (
                    "later vs earlier treated (already treated as control)",
                    later,
                    k,
                    did(cohort == later, cohort == k, window & (years < later), window & (years >= later)),
                    ((nk + nl) * dk) ** 2 * nkl * (1 - nkl) * (dl / dk) * ((dk - dl) / dk),
                )
            )
    out = pd.DataFrame(rows, columns=["comparison", "treated_cohort", "control_cohort", "estimate", "weight"])
    out["weight"] /= out["weight"].sum()
    return out


def bacon_summary(decomposition: pd.DataFrame) -> pd.DataFrame:
    """Weights and weighted-average estimates by type of comparison."""
    g = decomposition.groupby("comparison")
    return pd.DataFrame(
        {
            "weight": g["weight"].sum(),
            "average estimate": g.apply(lambda c: np.average(c["estimate"], weights=c["weight"]), include_groups=False),
            "comparisons": g.size(),
        }
    )


# --- design diagnosis --------------------------------------------------------------------------
def one_draw(rng: np.random.Generator, timing: pd.DataFrame, generate) -> list[dict]:
    """One stand-in draw with fixed real adoption timing: each estimator with its truth, the mean
    over treated city-years of the effect of becoming a hub (relative to the policy the city
    already had), the ATT the robust estimators target.

    The Monte Carlo runs the estimators that are vectorized here (TWFE through the FWL engine,
    both Callaway-Sant'Anna variants); Sun-Abraham and did2s go through pyfixest's full
    estimation (about 0.2-1 s each) and are compared on the chapter's own draw instead.
    """
    panel, truth = generate(rng, timing)
    df = assemble(panel, timing)
    att_true = float(truth.loc[truth["hub"] == 1, "hub_vs_first_policy"].mean())
    twfe = fastdid.PartialledPanel(df, "regopen", CONTROLS).coefficients(fastdid.to_cube(df, ["hub"]))
    y = fastdid.to_cube(df, ["regopen"])[..., 0]
    cohort = cohorts(df)
    rows = [{"estimator": "TWFE (paper)", "estimate": float(twfe["coef"][0]), "se": float(twfe["se"][0])}]
    for label, control in (
        ("Callaway-Sant'Anna, never treated", "never"),
        ("Callaway-Sant'Anna, not yet treated", "notyet"),
    ):
        cs = callaway_santanna(y, cohort, YEARS, control)
        rows.append({"estimator": label, "estimate": float(cs.att[0]), "se": float(cs.se[0])})
    return [{**row, "truth": att_true} for row in rows]


def design_diagnosis(timing: pd.DataFrame, generate, n_draws: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bias, RMSE, 95% coverage and power of each estimator over ``n_draws`` stand-in draws."""
    draws = monte_carlo(lambda rng: one_draw(rng, timing, generate), n_draws, seed, desc="Design diagnosis")
    return draws, diagnose(draws, truth="truth")


def true_event_path(truth: pd.DataFrame) -> pd.DataFrame:
    """Mean true effect of becoming a hub by event time 0-5 (stand-in only), for Fig. 2."""
    t = truth[(truth["hub"] == 1) & (truth["event_time"] <= 5)]
    return t.groupby("event_time")["hub_vs_first_policy"].mean().rename("tau").reset_index()


def event_table(event: pd.DataFrame, pretrend: dict) -> pd.DataFrame:
    """Event-study coefficients with SE and p, and the joint pre-trend test as a last row."""
    out = event.assign(coef=event["coef"].round(3), se=event["se"].round(3), p=event["p"].round(3))
    out = out.set_index("event_time").rename_axis("event time k")
    out.loc["joint F test of k = -5..-2"] = [round(pretrend["F"], 3), None, round(pretrend["p"], 3)]
    return out.astype(str).replace({"nan": "", "None": ""})


def forbidden_weight(decomposition: pd.DataFrame) -> float:
    """Share of the TWFE weight on comparisons that use already-treated cities as controls."""
    return float(decomposition.loc[decomposition["comparison"].str.startswith("later vs earlier"), "weight"].sum())


def robust_estimates(df: pd.DataFrame, truth: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """TWFE beside Sun-Abraham, did2s and Callaway-Sant'Anna on this run's data (with the truth
    on the stand-in)."""
    twfe = fastdid.PartialledPanel(df, "regopen", CONTROLS).coefficients(fastdid.to_cube(df, ["hub"])).iloc[0]
    y, cohort = fastdid.to_cube(df, ["regopen"])[..., 0], cohorts(df)
    rows = {"TWFE (paper's estimator)": (twfe["coef"], twfe["se"])}
    for label, fn in (("Sun-Abraham (pyfixest saturated)", sun_abraham), ("did2s (pyfixest)", did2s)):
        r = fn(df)
        rows[label] = (r["coef"], r["se"])
    cells = None
    for label, control in (
        ("Callaway-Sant'Anna, never treated", "never"),
        ("Callaway-Sant'Anna, not yet treated", "notyet"),
    ):
        cs = callaway_santanna(y, cohort, YEARS, control)
        rows[label] = (float(cs.att[0]), float(cs.se[0]))
        cells = cs.cells if cells is None else cells
    out = pd.DataFrame(rows, index=["estimate", "SE"]).T
    out["t"] = out["estimate"] / out["SE"]
    if truth is not None:
        out["true ATT of becoming a hub"] = truth.loc[truth["hub"] == 1, "hub_vs_first_policy"].mean()
    return out.round(3), cells
