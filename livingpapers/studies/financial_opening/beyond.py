"""What the paper lacks: a heterogeneity-robust estimator and a per-claim design diagnosis.

**Stacked design.** Every city is opened by 2006, so the static TWFE coefficient of eq. (1)
uses cities opened earlier as controls for cities opened later, in years when the early
cities' own effects are still growing: a "forbidden comparison" that biases the coefficient
when effects change over time (Goodman-Bacon 2021; de Chaisemartin and D'Haultfœuille 2020).
The stacked estimator (Cengiz et al. 2019) builds one sub-experiment per opening cohort
g = 2001..2005: the cohort's cities against the cities not opened until 2006 ("clean" controls),
over 2000-2005 only, with firm and year effects specific to each sub-experiment. Its
post x prehhi coefficient is a dose-slope average over the cohorts' early post years (k ≤ 4)
that never compares a treated city with an already-treated one. With only 25 early cities it
is imprecise, so a second estimator uses **within-cohort dose slopes** (in the spirit of de
Chaisemartin and D'Haultfœuille's comparisons of units with different doses at the same date):
for each cohort, including the 202 cities opened in 2006, the dose slope of post x prehhi is
estimated from that cohort's cities alone, with cohort-specific firm and year effects, and the
cohort slopes are stacked. No city is ever a control for another cohort, so growing effects
cannot turn into negative weights; identification rests on parallel trends across doses
within a cohort, the paper's own assumption.

**Design diagnosis.** For five headline claims, the stand-in's outcomes are re-drawn many
times with the design held fixed (same firms, cities, dates and regressors; new city-year
and firm shocks), once with the planted effects and once with the claim's effect set to
zero. The share of draws in which the claim holds is its power (design) and its
false-positive rate (null); bias and coverage compare the estimates with the planted value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from livingpapers.methods.absorb import AbsorbedDesign, singleton_rows
from livingpapers.studies.financial_opening import data as d
from livingpapers.studies.financial_opening.analysis import BASE, CONTROLS, DYAD_FE, FE4, Results, estimate, ols
from livingpapers.studies.financial_opening.standin import NOISE, PLANTED


# --- stacked difference-in-differences -------------------------------------------------------
def stacked_panel(panel: pd.DataFrame) -> pd.DataFrame:
    """One sub-experiment per early cohort: its cities and the 2006 cities, years 2000-2005."""
    last_clean = d.FULL_OPENING_YEAR - 1
    stacks = []
    for cohort in sorted(panel.loc[panel["treat_year"] <= last_clean, "treat_year"].unique()):
        keep = panel["treat_year"].isin([cohort]) | (panel["treat_year"] > last_clean)
        sub = panel[keep & (panel["year"] <= last_clean)].copy()
        sub["stack"] = int(cohort)
        sub["post_g"] = ((sub["treat_year"] == cohort) & (sub["year"] >= cohort)).astype(float)
        sub["post_g_prehhi"] = sub["post_g"] * sub["prehhi"]
        stacks.append(sub)
    out = pd.concat(stacks, ignore_index=True)
    out["firm_stack"] = out["stkcd"] + "|" + out["stack"].astype(str)
    out["year_stack"] = out["year"].astype(str) + "|" + out["stack"].astype(str)
    return out


def stacked_estimate(panel: pd.DataFrame) -> dict:
    """Stacked post x prehhi with stack-specific firm and year effects, city-clustered SE."""
    stacked = stacked_panel(panel)
    result = ols(stacked, "trade_c", ["post_g", "post_g_prehhi", *CONTROLS], ["firm_stack", "year_stack"])
    out = estimate(result, "post_g_prehhi")
    out["cohorts"] = sorted(stacked["stack"].unique().tolist())
    out["treated_firm_years"] = int(stacked["post_g"].sum())
    return out


def within_cohort_estimate(panel: pd.DataFrame) -> dict:
    """Dose slopes within each opening cohort, stacked (cohort-specific firm and year effects)."""
    frame = panel.assign(
        firm_stack=panel["stkcd"] + "|" + panel["treat_year"].astype(str),
        year_stack=panel["year"].astype(str) + "|" + panel["treat_year"].astype(str),
    )
    result = ols(frame, "trade_c", ["post_prehhi", *CONTROLS], ["firm_stack", "year_stack"])
    return estimate(result, "post_prehhi")


def planted_average(panel: pd.DataFrame, truth, treated: pd.Series) -> float:
    """The planted average effect per unit of prehhi over the firm-years flagged ``treated``."""
    rows = panel[treated.to_numpy()].merge(truth.firm, on=["stkcd", "year"])
    return float(((rows["effect_rev"] - PLANTED["post"].value) / rows["prehhi"]).mean())


# --- design diagnosis -------------------------------------------------------------------------
def _ar1_draws(codes: np.ndarray, rng: np.random.Generator, sd: float, rho: float, n_draws: int) -> np.ndarray:
    """AR(1) shocks within each firm for many draws at once (rows sorted by firm, then year)."""
    e = rng.normal(0, sd, (len(codes), n_draws))
    position = pd.Series(codes).groupby(codes).cumcount().to_numpy()
    out = e.copy()
    scale = np.sqrt(1 - rho**2)
    for step in range(1, position.max() + 1):
        rows = np.flatnonzero(position == step)
        out[rows] = rho * out[rows - 1] + scale * e[rows]
    return out


def _panel_noise(frame: pd.DataFrame, rng: np.random.Generator, n_draws: int) -> np.ndarray:
    firm = pd.factorize(frame["stkcd"])[0]
    city_year = pd.factorize(frame["city"] + frame["year"].astype(str))[0]
    shocks = rng.normal(0, NOISE["city_year"], (city_year.max() + 1, n_draws))[city_year]
    return shocks + _ar1_draws(firm, rng, NOISE["firm"], NOISE["rho"], n_draws)


def _claim_rule(coef: np.ndarray, p: np.ndarray, sign: int, level: float) -> np.ndarray:
    return (np.sign(coef) == sign) & (p < level)


def diagnose_claims(res: Results, n_draws: int, seed: int) -> pd.DataFrame:
    """Power (planted effects) and false-positive rate (claim's effect set to zero) of five claims."""
    truth = res.truth
    rng = np.random.default_rng([seed, 1400])
    frame = res.panel.sort_values(["stkcd", "year"]).merge(truth.firm, on=["stkcd", "year"])
    frame = frame[~singleton_rows(frame, FE4)].reset_index(drop=True)
    design = AbsorbedDesign(frame, FE4, "city")
    x = frame[BASE].to_numpy()
    rows = []
    noise = _panel_noise(frame, rng, n_draws)
    signal, effect = frame["signal_rev"].to_numpy()[:, None], frame["effect_rev"].to_numpy()[:, None]
    cost_scale = PLANTED["beta3_cost"].value / PLANTED["beta3_rev"].value
    ratio = frame["cost_ratio"].to_numpy()[:, None]
    for claim, label, planted, outcome in (
        (
            "C4",
            "Table 1 Panel A col. (4): beta3 < 0, p < 0.05",
            PLANTED["beta3_rev"].value,
            lambda s: signal + s * effect + noise,
        ),
        (
            "C8",
            "Table 1 Panel B col. (4): beta3 < 0, p < 0.05",
            PLANTED["beta3_cost"].value,
            lambda s: (signal + noise) / ratio + s * cost_scale * effect,
        ),
    ):
        for scenario, scale in (("design", 1.0), ("null", 0.0)):
            fit = design.fit_outcomes(outcome(scale), x, keep=(1,))[1]
            rows.append(_summary(claim, label, scenario, fit, planted * scale, -1, 0.05))
    rows += _diagnose_gap(frame, design, noise, signal, effect, x)
    rows += _diagnose_loans(frame, design, rng, n_draws)
    rows += _diagnose_dyads(res, truth, rng, n_draws)
    return pd.DataFrame(rows)


def _summary(claim, label, scenario, fit: pd.DataFrame, truth: float, sign: int, level: float) -> dict:
    holds = _claim_rule(fit["coef"].to_numpy(), fit["p"].to_numpy(), sign, level)
    cover = np.abs(fit["coef"] - truth) <= 1.96 * fit["se"]
    return {
        "claim": claim,
        "rule": label,
        "scenario": scenario,
        "truth": truth,
        "mean estimate": float(fit["coef"].mean()),
        "bias": float(fit["coef"].mean() - truth),
        "coverage": float(cover.mean()),
        "p_holds": float(holds.mean()),
        "draws": len(fit),
    }


def _diagnose_gap(frame, design, noise, signal, effect, x) -> list[dict]:
    """C19: the pooled customer-concentration gap; null = no heterogeneity (effect / multiplier)."""
    group = frame["custmer"].to_numpy()
    keep = ~np.isnan(group)
    sub = frame[keep].reset_index(drop=True)
    sub_design = AbsorbedDesign(sub, FE4, "city")
    g = group[keep]
    xg = np.column_stack([x[keep], sub["post"] * g, sub["post_prehhi"] * g])
    homogeneous = (effect[:, 0] / frame["multiplier"].to_numpy())[:, None]
    rows = []
    for scenario, eff, truth in (("design", effect, PLANTED["gap_custmer"].value), ("null", homogeneous, 0.0)):
        y = (signal + eff + noise)[keep]
        fit = sub_design.fit_outcomes(y, xg, keep=(xg.shape[1] - 1,))[xg.shape[1] - 1]
        rows.append(_summary("C19", "Table 2 customer-HHI gap < 0, p < 0.10 (pooled)", scenario, fit, truth, -1, 0.10))
    del design
    return rows


def _diagnose_loans(frame, design, rng, n_draws) -> list[dict]:
    """C29: post x prehhi lowers excess long-term loans (the planted a), on the loans sample."""
    keep = frame["lt_ratio"].notna().to_numpy()
    sub = frame[keep].reset_index(drop=True)
    sub_design = AbsorbedDesign(sub, FE4, "city")
    pp = sub["post_prehhi"].to_numpy()[:, None]
    shocks = rng.normal(0, NOISE["loan"], (len(sub), n_draws))
    rows = []
    for scenario, scale in (("design", 1.0), ("null", 0.0)):
        y = scale * PLANTED["a_lloanr"].value * pp + shocks
        fit = sub_design.fit_outcomes(y, sub[BASE].to_numpy(), keep=(1,))[1]
        rows.append(
            _summary(
                "C29",
                "Table 4 col. (3): effect on Lloanr < 0, p < 0.05",
                scenario,
                fit,
                PLANTED["a_lloanr"].value * scale,
                -1,
                0.05,
            )
        )
    del design
    return rows


def _diagnose_dyads(res: Results, truth, rng, n_draws) -> list[dict]:
    """C36: the Dsa triple interaction of Table 5 col. (3)."""
    dy = res.dyads.merge(truth.dyad, on=["stkcd", "down_id", "year"]).dropna(subset=["trade_c_rev", *CONTROLS])
    dy = dy[~singleton_rows(dy, DYAD_FE)].reset_index(drop=True)
    design = AbsorbedDesign(dy, DYAD_FE, "city")
    m = dy["dsa"].to_numpy()
    x = np.column_stack(
        [dy["post"], dy["post_prehhi"], dy["post_prehhi"] * m, dy["post"] * m, dy["prehhi"] * m, dy[CONTROLS]]
    )
    planted_dsa = PLANTED["dyad_dsa"].value * dy["post_prehhi"].to_numpy() * m
    noise = rng.normal(0, NOISE["dyad"], (len(dy), n_draws))
    rows = []
    for scenario, scale in (("design", 1.0), ("null", 0.0)):
        effect = dy["effect"].to_numpy() - (1 - scale) * planted_dsa
        y = dy["signal"].to_numpy()[:, None] + effect[:, None] + noise
        fit = design.fit_outcomes(y, x, keep=(2,))[2]
        rows.append(
            _summary(
                "C36.triple",
                "Table 5 col. (3): Dsa triple < 0, p < 0.05",
                scenario,
                fit,
                PLANTED["dyad_dsa"].value * scale,
                -1,
                0.05,
            )
        )
    return rows


def run(res: Results, n_monte_carlo: int, seed: int) -> dict:
    """Everything beyond the paper for one run (design diagnosis only on the stand-in)."""
    out = {"stacked": stacked_estimate(res.panel), "within_cohort": within_cohort_estimate(res.panel)}
    if res.truth is not None:
        stacked = stacked_panel(res.panel)
        out["stacked_truth"] = planted_average(stacked, res.truth, stacked["post_g"] > 0)
        out["within_cohort_truth"] = planted_average(res.panel, res.truth, res.panel["post"] > 0)
        out["design"] = diagnose_claims(res, n_monte_carlo, seed) if n_monte_carlo > 0 else None
    return out
