"""Beyond the paper (labelled in the chapter): a Santos Silva-Tenreyro Monte Carlo and a depth counterfactual."""

from __future__ import annotations

import numpy as np
import pandas as pd

from livingpapers.methods.simulation import diagnose, monte_carlo
from livingpapers.studies.rta_digital_trade.estimation import CORE, ols_fe, ppml
from livingpapers.toolkit.tables import coefficients

MC_TRUTH = {"rtadepth": 1.0, "other": 1.5}
MC_ZERO_SHARE = 0.10


def simulate_flows(panel: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One draw of exports on the stand-in's covariates with known semi-elasticities (:data:`MC_TRUTH`).

    log mu = importer effect + 0.9 lnGDP + 1.0 RTAdepth + 1.5 OtherRTAdep; zeros (about 10%,
    more for small importers, independent of the treatments); positive flows mu / (1 - pi) times
    a mean-one lognormal error whose variance falls with the size of the flow. E[y | x] = mu, so
    PPML is consistent; OLS on ln y is not, because E[ln error | x] depends on x.
    """
    importers = panel["iso3"].unique()
    effect = dict(zip(importers, rng.normal(0, 1.0, len(importers))))
    log_mu = (
        panel["iso3"].map(effect)
        + 0.9 * (panel["lngdp"] - panel["lngdp"].mean())
        + MC_TRUTH["rtadepth"] * panel["rtadepth"]
        + MC_TRUTH["other"] * panel["other"]
    ).to_numpy()
    size = panel["lngdp"].to_numpy() - panel["lngdp"].median()
    pi = 1 / (1 + np.exp(-(np.log(MC_ZERO_SHARE / (1 - MC_ZERO_SHARE)) - 1.2 * size)))
    sigma = np.clip(0.8 - 0.25 * (log_mu - np.median(log_mu)), 0.3, 1.3)
    noise = np.exp(sigma * rng.standard_normal(len(panel)) - sigma**2 / 2)
    y = np.where(rng.random(len(panel)) < pi, 0.0, np.exp(log_mu) / (1 - pi) * noise)
    out = panel[["iso3", "year", "rtadepth", "other", "lngdp"]].copy()
    out["exports_usd"], out["lnexports"] = y, np.log(np.where(y > 0, y, np.nan))
    return out


def mc_draw(panel: pd.DataFrame):
    """A Monte Carlo draw function: PPML and OLS on ln exports of the same simulated flows, with
    robust standard errors (the simulated errors are independent across years)."""

    def one(rng: np.random.Generator) -> list[dict]:
        data = simulate_flows(panel, rng)
        rows = []
        regressors = CORE + ["lngdp"]
        for name, fit in (
            ("PPML", ppml(data, regressors, False, vcov="hetero")),
            ("OLS on ln exports", ols_fe(data, regressors, False, vcov="hetero")),
        ):
            coefs = coefficients(fit)
            for variable in CORE:
                rows.append(
                    {
                        "estimator": name,
                        "variable": variable,
                        "truth": MC_TRUTH[variable],
                        "estimate": coefs.loc[variable, "coef"],
                        "se": coefs.loc[variable, "se"],
                    }
                )
        return rows

    return one


def run_monte_carlo(panel: pd.DataFrame, n_draws: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draws and their diagnosis (bias, RMSE, coverage, power) by estimator and variable."""
    draws = monte_carlo(mc_draw(panel), n_draws, seed, desc="PPML vs OLS on logs")
    draws["estimator_variable"] = draws["estimator"] + " | " + draws["variable"]
    return draws, diagnose(draws, "truth", by="estimator_variable")


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
