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

**Design diagnosis.** For the main finding of each of Tables 1-5 (six claims), the stand-in's
outcomes are re-drawn many times with the design held fixed (same firms, cities, dates and
regressors; every shock of the noise model drawn anew), once with the planted effects and once
with every planted effect set to zero, in one batched pass per claim through
:func:`livingpapers.methods.design.diagnose_batched` (the draws' outcomes are columns of one matrix). The share of draws in which the claim holds is its power (design) and its
false-positive rate (null); bias and coverage compare the estimates with the planted value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from livingpapers.methods.absorb import AbsorbedDesign, singleton_rows
from livingpapers.methods.design import diagnose_batched
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
# claim id -> (what must hold, sign, significance level)
HEADLINE = {
    "C4": ("Table 1 Panel A col. (4): beta3 < 0, p < 0.05", -1, 0.05),
    "C8": ("Table 1 Panel B col. (4): beta3 < 0, p < 0.05", -1, 0.05),
    "C19": ("Table 2: customer-HHI gap < 0, p < 0.10 (pooled)", -1, 0.10),
    "C25": ("Table 3: industry-competition gap < 0, p < 0.10 (pooled)", -1, 0.10),
    "C29": ("Table 4 col. (3): effect on Lloanr < 0, p < 0.05", -1, 0.05),
    "C36.triple": ("Table 5 col. (3): Dsa triple interaction < 0, p < 0.05", -1, 0.05),
}
GAPS = {"C19": "custmer", "C25": "inhhi"}
TRUTH = {"C4": "beta3_rev", "C8": "beta3_cost", "C19": "gap_custmer", "C25": "gap_inhhi", "C29": "a_lloanr"}
TRUTH |= {"C36.triple": "dyad_dsa"}


def _ar1(steps: list[np.ndarray], rng: np.random.Generator, sd: float, rho: float) -> np.ndarray:
    """AR(1) shocks within each firm; ``steps[t]`` holds the rows that are a firm's t-th year (rows sorted by firm)."""
    e = rng.normal(0, sd, sum(len(rows) for rows in steps))
    out, scale = e.copy(), np.sqrt(1 - rho**2)
    for rows in steps[1:]:
        out[rows] = rho * out[rows - 1] + scale * e[rows]
    return out


class DesignDraw:
    """One draw of the stand-in's outcomes for the headline claims, the design held fixed.

    The stand-in's firms, cities, opening dates, regressors and noiseless outcomes stay as
    simulated; each draw re-draws every shock of its noise model (city-year and AR(1) firm shocks
    of Trade_C, the excess-loan shock, the dyad noise) and rebuilds the outcomes with the planted
    effects, or with every planted effect set to zero. The fixed effects are absorbed once, so a
    draw costs a few projections (a callable object, so joblib can ship it to its workers).
    """

    def __init__(self, res: Results):
        frame = res.panel.sort_values(["stkcd", "year"]).merge(res.truth.firm, on=["stkcd", "year"])
        frame = frame[~singleton_rows(frame, FE4)].reset_index(drop=True)
        position = frame.groupby("stkcd", sort=False).cumcount().to_numpy()
        self.steps = [np.flatnonzero(position == t) for t in range(position.max() + 1)]
        self.truth = {cid: PLANTED[name].value for cid, name in TRUTH.items()}
        self.city_year = pd.factorize(frame["city"] + frame["year"].astype(str))[0]
        design = AbsorbedDesign(frame, FE4, "city")
        self.full = design.prepare(frame[BASE].to_numpy(), keep=(1,))
        self.signal, self.effect = frame["signal_rev"].to_numpy(), frame["effect_rev"].to_numpy()
        self.ratio = frame["cost_ratio"].to_numpy()
        self.cost_scale = self.truth["C8"] / self.truth["C4"]
        self.gaps = {cid: self._gap_design(frame, group) for cid, group in GAPS.items()}
        loans = frame["lt_ratio"].notna().to_numpy()
        sub = frame[loans].reset_index(drop=True)
        self.loans_rows = loans
        self.loans = AbsorbedDesign(sub, FE4, "city").prepare(sub[BASE].to_numpy(), keep=(1,))
        self.loans_pp = sub["post_prehhi"].to_numpy()
        self._dyads(res)

    @staticmethod
    def _gap_design(frame: pd.DataFrame, group: str):
        g = frame[group].to_numpy()
        keep = ~np.isnan(g)
        sub = frame[keep].reset_index(drop=True)
        x = np.column_stack([sub[BASE], sub["post"] * g[keep], sub["post_prehhi"] * g[keep]])
        return keep, AbsorbedDesign(sub, FE4, "city").prepare(x, keep=(x.shape[1] - 1,))

    def _dyads(self, res: Results) -> None:
        dy = res.dyads.merge(res.truth.dyad, on=["stkcd", "down_id", "year"]).dropna(subset=["trade_c_rev", *CONTROLS])
        dy = dy[~singleton_rows(dy, DYAD_FE)].reset_index(drop=True)
        m = dy["dsa"].to_numpy()
        x = np.column_stack(
            [dy["post"], dy["post_prehhi"], dy["post_prehhi"] * m, dy["post"] * m, dy["prehhi"] * m, dy[CONTROLS]]
        )
        self.dyads = AbsorbedDesign(dy, DYAD_FE, "city").prepare(x, keep=(2,))
        self.dyad_signal, self.dyad_effect = dy["signal"].to_numpy(), dy["effect"].to_numpy()

    def simulate(self, rng: np.random.Generator, planted: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One draw's shocks, in the stand-in's order: Trade_C (city-year + AR(1) firm), excess loans, dyads
        (the same with or without the planted effects: common random numbers)."""
        noise = rng.normal(0, NOISE["city_year"], self.city_year.max() + 1)[self.city_year] + _ar1(
            self.steps, rng, NOISE["firm"], NOISE["rho"]
        )
        loans = rng.normal(0, NOISE["loan"], len(self.loans_pp))
        return noise, loans, rng.normal(0, NOISE["dyad"], len(self.dyad_signal))

    def estimate(self, draws: list[tuple], planted: bool) -> dict[str, tuple]:
        """Every headline estimate for all draws of one kind: each outcome matrix (rows x draws) fitted in one pass."""
        s = 1.0 if planted else 0.0
        noise, loans, dyads = (np.column_stack(parts) for parts in zip(*draws))
        revenue = (self.signal + s * self.effect)[:, None] + noise
        outcomes = {
            "C4": (self.full, revenue),
            "C8": (
                self.full,
                (self.signal[:, None] + noise) / self.ratio[:, None] + s * self.cost_scale * self.effect[:, None],
            ),
        }
        for cid, (keep, prepared) in self.gaps.items():
            outcomes[cid] = (prepared, revenue[keep])
        outcomes["C29"] = (self.loans, s * self.truth["C29"] * self.loans_pp[:, None] + loans)
        outcomes["C36.triple"] = (self.dyads, (self.dyad_signal + s * self.dyad_effect)[:, None] + dyads)
        return {cid: self._outcomes(cid, prepared, y, s * self.truth[cid]) for cid, (prepared, y) in outcomes.items()}

    @staticmethod
    def _outcomes(cid: str, prepared, y: np.ndarray, truth: float) -> tuple:
        _, sign, level = HEADLINE[cid]
        fit = next(iter(prepared.fit(y).values()))
        holds = (np.sign(fit["coef"]) == sign) & (fit["p"] < level)
        return holds.to_numpy(), fit["coef"].to_numpy(), fit["se"].to_numpy(), truth


def design_diagnosis(res: Results, n_draws: int, seed: int) -> pd.DataFrame:
    """Power, false-positive rate, bias and coverage of the headline claims (:data:`HEADLINE`), all draws
    of a kind estimated in one batched pass per claim (:func:`livingpapers.methods.design.diagnose_batched`)."""
    draw = DesignDraw(res)
    frame = diagnose_batched(draw.simulate, draw.estimate, n_draws, seed)
    return frame.assign(rule=[HEADLINE[c][0] for c in frame.index])


def run(res: Results, n_monte_carlo: int, seed: int) -> dict:
    """Everything beyond the paper for one run (design diagnosis only on the stand-in), on one BLAS thread."""
    with threadpool_limits(limits=1, user_api="blas"):
        return _run(res, n_monte_carlo, seed)


def _run(res: Results, n_monte_carlo: int, seed: int) -> dict:
    out = {"stacked": stacked_estimate(res.panel), "within_cohort": within_cohort_estimate(res.panel)}
    if res.truth is not None:
        stacked = stacked_panel(res.panel)
        out["stacked_truth"] = planted_average(stacked, res.truth, stacked["post_g"] > 0)
        out["within_cohort_truth"] = planted_average(res.panel, res.truth, res.panel["post"] > 0)
        out["design"] = design_diagnosis(res, n_monte_carlo, seed) if n_monte_carlo > 0 else None
    return out
