"""Beyond the paper (labelled in the chapter): a Santos Silva-Tenreyro Monte Carlo, a depth counterfactual
and the per-claim design diagnosis of the headline claims (issue 12)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits
from tqdm import tqdm  # on stderr: shown in the terminal, dropped from the HTML

from livingpapers.methods.design import diagnose_batched, keyed_rows
from livingpapers.methods.fe_draws import DrawDesign, DrawFits
from livingpapers.methods.simulation import diagnose, streams
from livingpapers.studies.rta_digital_trade import data, standin
from livingpapers.studies.rta_digital_trade.data import CONTROLS, SECTORS
from livingpapers.studies.rta_digital_trade.estimation import CORE, FE, PAIR
from livingpapers.studies.rta_digital_trade.ledger import holds
from livingpapers.toolkit.tables import coefficients

MC_TRUTH = {"rtadepth": 1.0, "other": 1.5}
MC_LNGDP = 0.9  # the GDP elasticity of the simulated flows
MC_ZERO_SHARE = 0.10


MC_REGRESSORS = [*CORE, "lngdp"]


def simulate_flows(panel: pd.DataFrame, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One draw of exports on the stand-in's covariates with known semi-elasticities (:data:`MC_TRUTH`).

    log mu = importer effect + 0.9 lnGDP + 1.0 RTAdepth + 1.5 OtherRTAdep (:data:`MC_LNGDP`); zeros (about 10%,
    more for small importers, independent of the treatments); positive flows mu / (1 - pi) times
    a mean-one lognormal error whose variance falls with the size of the flow. E[y | x] = mu, so
    PPML is consistent; OLS on ln y is not, because E[ln error | x] depends on x. Returns the
    exports and log mu (the planted truth, from which PPML starts), in ``panel``'s row order.
    """
    importers = panel["iso3"].unique()
    effect = dict(zip(importers, rng.normal(0, 1.0, len(importers))))
    log_mu = (
        panel["iso3"].map(effect)
        + MC_LNGDP * (panel["lngdp"] - panel["lngdp"].mean())
        + MC_TRUTH["rtadepth"] * panel["rtadepth"]
        + MC_TRUTH["other"] * panel["other"]
    ).to_numpy()
    size = panel["lngdp"].to_numpy() - panel["lngdp"].median()
    pi = 1 / (1 + np.exp(-(np.log(MC_ZERO_SHARE / (1 - MC_ZERO_SHARE)) - 1.2 * size)))
    sigma = np.clip(0.8 - 0.25 * (log_mu - np.median(log_mu)), 0.3, 1.3)
    noise = np.exp(sigma * rng.standard_normal(len(panel)) - sigma**2 / 2)
    y = np.where(rng.random(len(panel)) < pi, 0.0, np.exp(log_mu) / (1 - pi) * noise)
    return y, log_mu


def run_monte_carlo(panel: pd.DataFrame, n_draws: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draws and their diagnosis (bias, RMSE, coverage, power) by estimator and variable.

    PPML and OLS on ln exports of the same simulated flows, with importer and year effects and robust
    standard errors (the simulated errors are independent across years). All draws are fitted together
    (``methods.fe_draws``: the design is built once, PPML starts from the planted truth).
    """
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    simulated = [simulate_flows(panel, rng) for rng in tqdm(streams(seed, n_draws), desc="PPML vs OLS on logs")]
    y = np.column_stack([exports for exports, _ in simulated])
    design = DrawDesign(panel, MC_REGRESSORS, FE, "hetero")
    fits = {
        "PPML": design.ppml(y, start=np.column_stack([log_mu for _, log_mu in simulated])),
        "OLS on ln exports": design.ols(np.log(np.where(y > 0, y, np.nan))),
    }
    draws = pd.concat(
        [
            fit.regressor(variable)
            .rename(columns={"coef": "estimate"})
            .assign(draw=np.arange(n_draws), estimator=name, variable=variable, truth=MC_TRUTH[variable])
            for name, fit in fits.items()
            for variable in CORE
        ],
        ignore_index=True,
    )[["draw", "estimator", "variable", "truth", "estimate", "se"]]
    draws["estimator_variable"] = draws["estimator"] + " | " + draws["variable"]
    return draws, diagnose(draws, "truth", by="estimator_variable")


def _mc_rows(diagnosis: pd.DataFrame, estimator: str) -> pd.DataFrame:
    rows = diagnosis[diagnosis.index.str.startswith(f"{estimator} | ")]
    return rows.set_axis([name.split(" | ")[1] for name in rows.index])


def _centred(row: pd.Series) -> bool:
    """Is the bias within two Monte Carlo standard errors of zero?"""
    mc_se = row["SD of estimates"] / np.sqrt(row["draws"]) if row["draws"] > 1 else np.nan
    return bool(abs(row["bias"]) <= 2 * mc_se)


def monte_carlo_design() -> str:
    """The simulated truth of the Monte Carlo, for the prose (from the constants above)."""
    return (
        f"RTAdepth {MC_TRUTH['rtadepth']:g}, OtherRTAdep {MC_TRUTH['other']:g}, lnGDP {MC_LNGDP:g}; "
        f"about {MC_ZERO_SHARE:.0%} zeros"
    )


def monte_carlo_sentence(diagnosis: pd.DataFrame) -> str:
    """What this run's PPML-vs-OLS table says, in words chosen by its numbers: each estimator's bias and
    which biases lie within two Monte Carlo standard errors of zero, whether PPML centres on the truth,
    which estimator has the smaller RMSE for each variable, and PPML's robust coverage."""
    coverage = next(c for c in diagnosis.columns if c.startswith("coverage"))
    fits = {"PPML": _mc_rows(diagnosis, "PPML"), "OLS on logs": _mc_rows(diagnosis, "OLS on ln exports")}
    names = {"rtadepth": "RTAdepth", "other": "OtherRTAdep"}
    ppml = fits["PPML"]
    centred = {name: [names[v] for v in CORE if _centred(rows.loc[v])] for name, rows in fits.items()}
    within = "; ".join(f"{name} on {' and '.join(found)}" for name, found in centred.items() if found) or "none"
    verdict = (
        "PPML centres on the truth for both coefficients"
        if len(centred["PPML"]) == len(CORE)
        else f"PPML centres on the truth for {centred['PPML'][0]} only"
        if centred["PPML"]
        else "PPML centres on the truth for neither coefficient"
    )
    better = [
        f"{'PPML' if ppml.loc[v, 'RMSE'] < fits['OLS on logs'].loc[v, 'RMSE'] else 'OLS on logs'} for {names[v]}"
        for v in CORE
    ]
    return (
        f"With {int(ppml['draws'].iloc[0])} draws, PPML's bias is "
        + " and ".join(f"{ppml.loc[v, 'bias']:+.3f} on {names[v]}" for v in CORE)
        + ", OLS on logs' "
        + " and ".join(f"{fits['OLS on logs'].loc[v, 'bias']:+.3f}" for v in CORE)
        + f". Within two Monte Carlo standard errors of zero: {within}. So {verdict} in this run. The smaller RMSE "
        f"belongs to {' and to '.join(better)}. PPML's robust 95 % intervals cover the truth in "
        f"{ppml.loc['rtadepth', coverage]:.0%} (RTAdepth) and {ppml.loc['other', coverage]:.0%} (OtherRTAdep) of the draws."
    )


def counterfactual(
    fit, panel: pd.DataFrame, targets: dict[str, float], rng: np.random.Generator, year: int = 2023, n_draws: int = 2000
) -> pd.DataFrame:
    """Predicted change in China's 2023 exports if every partner's depth rose to a template's depth.

    Partners with an agreement in force whose depth is below the target are raised to it; the
    change is sum_i yhat_i (exp(b * delta_i) - 1) with b the RTAdepth semi-elasticity. The
    interval draws b from its estimated sampling distribution (normal, the fit's SE).
    """
    coefs = coefficients(fit)
    b, se = coefs.loc["rtadepth", "coef"], coefs.loc["rtadepth", "se"]
    rows = panel[(panel["year"] == year)].copy()
    rows["yhat"] = fit.predict(rows)
    base = rows["exports_usd"].sum()
    draws = rng.normal(b, se, n_draws)
    out = []
    for name, target in targets.items():
        delta = np.where(rows["rta"] == 1, np.clip(target - rows["rtadepth"], 0, None), 0.0)
        gain = (rows["yhat"].to_numpy()[:, None] * (np.exp(np.outer(delta, draws)) - 1)).sum(axis=0)
        point = float((rows["yhat"] * (np.exp(b * delta) - 1)).sum())
        out.append(
            {
                "template": name,
                "target depth": target,
                "partners raised": int((delta > 0).sum()),
                "change, US$ bn": point / 1e9,
                "90% interval, US$ bn": f"[{np.quantile(gain, 0.05) / 1e9:.1f}, {np.quantile(gain, 0.95) / 1e9:.1f}]",
                "change, % of 2023 exports": 100 * point / base,
            }
        )
    return pd.DataFrame(out).set_index("template")


# --- per-claim design diagnosis (issue 12) -------------------------------------------------------
# claim -> (regression, variable, expectation as in ledger.CELL_CHECKS); the regressions are named in
# :meth:`ClaimsDesign.estimates`. The main finding of Tables 3, 4, 8, 9 and 10.
HEADLINES: dict[str, tuple[str, str, str]] = keyed_rows(
    """
    C26  table3               rtadepth  +
    C27  table3               other     +
    C34  table4_ols           rtadepth  +
    C35  table4_ols           other     +
    C67  table8_other_income  rtadepth  +
    C68  table8_other_income  other     ns
    C71  table8_clauses       dis       ns
    C72  table8_clauses       ndis      +
    C82  table9_sk            rtadepth  ns
    C83  table9_sk            other     +
    C88  table10_tau          rtadepth  -
    C89  table10_tau          other     -
    """
)
RULES = {"+": "> 0 at 10 %", "-": "< 0 at 10 %", "ns": "not significant at 10 %"}


def planted_semi_elasticities(true: dict) -> dict[str, float]:
    """The planted semi-elasticity each headline estimate targets, where one number is planted.

    RTAdepth on aggregate exports: the sectors' planted effects weighted by the sectors' shares of
    the flows (all but SK's 1 % have 1.0); the discriminatory clauses, extended gravity for importers
    that are not high income and RTAdepth in SK: zero. OtherRTAdep's effect on the aggregate runs
    through NDis for high-income importers only, and the trade cost is non-linear: no single number.
    """
    shares = standin.SECTOR_SHARES
    aggregate = sum(true["alpha1_RTAdepth"][k] * w for k, w in shares.items()) / sum(shares.values())
    return {
        "C26": aggregate,
        "C34": aggregate,
        "C67": aggregate,
        "C68": true["beta_NDis_non_high_income"],
        "C71": true["beta_Dis"],
        "C82": true["alpha1_RTAdepth"]["SK"],
    }


class ClaimsDesign:
    """The design diagnosis of the headline claims on the chapter's stand-in.

    The design is the chapter's stand-in: its importers, agreement network, depth panel, controls and
    ICT tracker stay fixed. Each draw re-draws the export and import flows of every sector (new
    importer and sector effects, zeros and errors) with the planted effects, or with every planted
    effect set to zero (:data:`standin.NULL`), and the regressions of the headline claims are re-run
    on all draws at once (``methods.fe_draws``; the regressors and fixed effects of each regression
    are the same in every draw).
    """

    def __init__(self, inputs: data.Inputs, panels: data.Panels):
        countries = data.countries()
        self.flows = standin.flow_design(
            countries, standin.distances(countries), inputs.importers, panels.depths.importer_years
        )
        aggregate = panels.aggregate
        sk = panels.sectors[panels.sectors["sector"] == "SK"]
        self.rows = {"aggregate": self._rows_of(aggregate), "sk": self._rows_of(sk)}
        self.gdp = aggregate[["gdp_china", "gdp_partner"]].to_numpy()
        self.other_income = (aggregate["high_income_fy2017"] == 0).to_numpy()
        full = CORE + CONTROLS
        self.designs = {
            "aggregate": DrawDesign(aggregate, full, FE, PAIR),
            "other_income": DrawDesign(aggregate[self.other_income], full, FE, PAIR),
            "clauses": DrawDesign(aggregate, ["rtadepth", "dis", "ndis", *CONTROLS], FE, PAIR),
            "sk": DrawDesign(sk, full, FE, PAIR),
        }

    def _rows_of(self, panel: pd.DataFrame) -> np.ndarray:
        """Where each row of ``panel`` (an importer-year) is in the simulated flows."""
        keys = pd.MultiIndex.from_frame(self.flows.frame[["iso3", "year"]])
        return keys.get_indexer(pd.MultiIndex.from_frame(panel[["iso3", "year"]]))

    def simulate(self, rng: np.random.Generator, planted: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One draw: aggregate exports and imports, and SK's exports, in the panels' rows."""
        exports, imports = standin.draw_flows(self.flows, rng, standin.TRUE if planted else standin.NULL)
        rows = self.rows["aggregate"]
        return (
            exports.sum(axis=1)[rows],
            imports.sum(axis=1)[rows],
            exports[:, list(SECTORS).index("SK")][self.rows["sk"]],
        )

    def estimates(self, draws: list[tuple]) -> dict[str, DrawFits]:
        """The regressions behind the headline claims (Tables 3, 4, 8, 9, 10), each with controls, for all draws
        (columns: draws)."""
        exports, imports, sk = (np.column_stack(part) for part in zip(*draws))
        tau = data.trade_cost(exports, imports, self.gdp[:, [0]], self.gdp[:, [1]])  # eq. (5)
        return {
            "table3": self.designs["aggregate"].ppml(exports),
            "table4_ols": self.designs["aggregate"].ols(np.log(np.where(exports > 0, exports, np.nan))),
            "table8_other_income": self.designs["other_income"].ppml(exports[self.other_income]),
            "table8_clauses": self.designs["clauses"].ppml(exports),
            "table9_sk": self.designs["sk"].ppml(sk),
            "table10_tau": self.designs["aggregate"].ols(tau),
        }

    def __call__(self, draws: list[tuple], planted: bool) -> dict[str, tuple]:
        """Each headline claim over the draws: (holds, estimate, se, truth) (see ``methods.design``)."""
        fits = self.estimates(draws)
        truths = planted_semi_elasticities(standin.TRUE if planted else standin.NULL)
        out = {}
        for claim, (regression, variable, expectation) in HEADLINES.items():
            fit = fits[regression].regressor(variable)
            holding = [holds(c, p, expectation) for c, p in zip(fit["coef"], fit["p"])]
            out[claim] = (holding, fit["coef"].to_numpy(), fit["se"].to_numpy(), truths.get(claim))
        return out


ZERO_PLANTED = ("C68", "C71", "C82")  # the claims of no effect, where the stand-in plants exactly zero


def zero_planted_sentence(design: pd.DataFrame) -> str:
    """How often the claims of no effect (:data:`ZERO_PLANTED`) hold with and without the planted effects,
    in words chosen by the numbers."""
    rows = design.loc[list(ZERO_PLANTED)]
    low, high = (
        rows[["p_holds_design", "p_holds_null"]].min().min(),
        rows[["p_holds_design", "p_holds_null"]].max().max(),
    )
    how_often = "in most draws" if low > 0.5 else "in only some draws" if high <= 0.5 else "in a varying share of draws"
    return (
        f"they hold {how_often} with or without the planted effects (in {low:.0%} to {high:.0%} of the draws of "
        "either kind), because a test of no effect holds whenever the estimate is not significant"
    )


def diagnose_headlines(inputs: data.Inputs, panels: data.Panels, n_draws: int, seed: int) -> pd.DataFrame:
    """Power, false-positive rate, bias and coverage of each headline claim over ``n_draws`` draws of each
    kind (``methods.design.diagnose_batched``), one BLAS thread."""
    design = ClaimsDesign(inputs, panels)
    with threadpool_limits(1):
        return diagnose_batched(design.simulate, design, n_draws, seed).loc[list(HEADLINES)]
