"""What the paper does not report: robustness of the key coefficients, a placebo, a design diagnosis.

Robustness (all labelled as not in the paper): fund-clustered standard errors; fund fixed effects;
winsorising Flow and Turnover instead of trimming; the raw (unstandardised) overlap with year FE;
Overlap_S and Overlap_I entered jointly; a placebo that hands every fund another fund's holdings
(a permutation of the overlap within year), many draws at once by Frisch-Waugh-Lovell.

Design diagnosis, per headline claim: with the design held fixed, outcomes are redrawn as the
fitted values with the key coefficient set to the planted (or published) value, plus the run's
residuals times random signs (wild bootstrap); and again with the key coefficient set to zero.
The share of draws in which the claim holds as published (same sign, at least the published
significance level) is its power; under zero it is its false-positive rate.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from livingpapers.methods.estimation import quiet_fixest
from livingpapers.methods.simulation import streams
from livingpapers.studies.fund_herding import measures
from livingpapers.studies.fund_herding.regress import design, ols

CONTROLS = measures.CONTROLS
HEADLINE = (  # claim id, table, outcome, key
    ("C58", "Table 6", "rate_ave", "overlap_s"),
    ("C60", "Table 6", "alfa_capm", "overlap_s"),
    ("C63", "Table 6", "alfa_capm", "overlap_i"),
    ("C88", "Table 10", "ncskew", "overlap_s"),
    ("C91", "Table 10", "duvol", "overlap_i"),
    ("C95.t_tm", "Table 11", "t_tm", "overlap_s"),
    ("C95.s_tm", "Table 11", "s_tm", "overlap_s"),
)
ROBUST_OUTCOMES = (("rate_ave", "overlap_s"), ("alfa_capm", "overlap_s"), ("alfa_capm", "overlap_i"),
                   ("ncskew", "overlap_s"), ("ncskew", "overlap_i"), ("duvol", "overlap_i"))  # fmt: skip


def winsorised_panel(parts: dict, share: float = 0.005) -> pd.DataFrame:
    """The panel without trimming, with Flow and Turnover winsorised at ``share`` in each tail."""
    panel, _ = measures.build_panel(parts["holding_vars"], parts["return_vars"], parts["chars"], trim_share=0.0)
    for column in ("flow", "turnover"):
        lo, hi = panel[column].quantile([share, 1 - share])
        panel[column] = panel[column].clip(lo, hi)
    return panel


def fund_fe(panel: pd.DataFrame, outcome: str, key: str) -> tuple[float, float, float]:
    """Key coefficient with fund and year fixed effects (pyfixest), SE clustered by fund."""
    import pyfixest as pf

    formula = f"{outcome} ~ {key} + {' + '.join(c for c in CONTROLS if c not in ('sex', 'degree'))} | fund_id + year"
    with quiet_fixest(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = pf.feols(formula, panel, vcov={"CRV1": "fund_id"})
    row = fit.tidy().loc[key]
    return float(row["Estimate"]), float(row["Std. Error"]), float(row["Pr(>|t|)"])


def robustness(panel: pd.DataFrame, parts: dict) -> pd.DataFrame:
    """Key coefficients of Tables 6 and 10 under each alternative, with t and p."""
    wins = winsorised_panel(parts)
    raw = panel.assign(
        overlap_s=panel["overlap_stock"] / panel["overlap_stock"].std(),
        overlap_i=panel["overlap_industry"] / panel["overlap_industry"].std(),
    )
    rows = []
    for outcome, key in ROBUST_OUTCOMES:
        variants = {
            "as published (iid SE, year FE)": ols(panel, outcome, [key, *CONTROLS]).estimate(key),
            "fund-clustered SE": ols(panel, outcome, [key, *CONTROLS], vcov="cluster").estimate(key),
            "fund and year FE (clustered)": fund_fe(panel, outcome, key),
            "winsorised at 0.5% instead of trimmed": ols(wins, outcome, [key, *CONTROLS]).estimate(key),
            "raw overlap (per pooled SD), year FE": ols(raw, outcome, [key, *CONTROLS]).estimate(key),
            "both overlaps jointly": ols(panel, outcome, ["overlap_s", "overlap_i", *CONTROLS]).estimate(key),
        }
        for label, (b, se, p) in variants.items():
            rows.append({"outcome": outcome, "key": key, "variant": label, "coef": b, "se": se, "t": b / se, "p": p})
    return pd.DataFrame(rows)


# --- placebo ------------------------------------------------------------------------------
def residual_maker(panel: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Orthonormal basis Q of [constant, ``columns``, year dummies]: residuals are v - Q Qᵀ v."""
    x, _ = design(panel, columns)
    q, _ = np.linalg.qr(x)
    return q


def placebo(panel: pd.DataFrame, outcome: str, key: str, n_draws: int, seed: int) -> dict:
    """Permute ``key`` within year (each fund gets another fund's holdings) ``n_draws`` times."""
    q = residual_maker(panel, CONTROLS)
    resid = lambda v: v - q @ (q.T @ v)  # noqa: E731
    y = resid(panel[outcome].to_numpy(float))
    observed = ols(panel, outcome, [key, *CONTROLS]).coef[key]
    rng = np.random.default_rng(seed)
    years = panel["year"].to_numpy()
    x = panel[key].to_numpy(float)
    draws = np.empty((len(panel), n_draws))
    for year in np.unique(years):
        idx = np.flatnonzero(years == year)
        draws[idx] = x[idx][np.argsort(rng.random((len(idx), n_draws)), axis=0)]
    xr = resid(draws)
    betas = (xr * y[:, None]).sum(axis=0) / (xr**2).sum(axis=0)
    p = (1 + (np.abs(betas) >= abs(observed)).sum()) / (1 + n_draws)
    return {"outcome": outcome, "key": key, "observed": float(observed), "placebo mean": float(betas.mean()),
            "placebo SD": float(betas.std(ddof=1)), "p": float(p), "draws": n_draws}  # fmt: skip


def placebos(panel: pd.DataFrame, n_draws: int, seed: int) -> pd.DataFrame:
    return pd.DataFrame([placebo(panel, y, k, n_draws, seed + i) for i, (y, k) in enumerate(ROBUST_OUTCOMES)])


# --- design diagnosis ---------------------------------------------------------------------
def claim_holds(coef: np.ndarray, p: np.ndarray, sign: float, stars: int) -> np.ndarray:
    """The claim as printed: same sign and at least the printed significance (any level if 0 stars)."""
    level = {0: 1.0, 1: 0.10, 2: 0.05, 3: 0.01}[stars]
    return (np.sign(coef) == sign) & (p < level if stars else np.ones_like(p, bool))


def wild_draws(panel: pd.DataFrame, outcome: str, key: str, truth: float, n_draws: int, seed: int) -> pd.DataFrame:
    """Key coefficient, SE and p in ``n_draws`` redraws of the outcome with the key effect set to ``truth``."""
    data = panel.dropna(subset=[outcome])
    x, names = design(data, [key, *CONTROLS])
    y = data[outcome].to_numpy(float)
    xtx_inv = np.linalg.inv(x.T @ x)
    b = xtx_inv @ x.T @ y
    e = y - x @ b
    j = names.index(key)
    b_true = b.copy()
    b_true[j] = truth
    signs = np.where(streams(seed, 1)[0].random((len(y), n_draws)) < 0.5, -1.0, 1.0)
    ystar = (x @ b_true)[:, None] + e[:, None] * signs
    bstar = xtx_inv @ (x.T @ ystar)
    rstar = ystar - x @ bstar
    dof = len(y) - x.shape[1]
    se = np.sqrt(xtx_inv[j, j] * (rstar**2).sum(axis=0) / dof)
    p = 2 * stats.t.sf(np.abs(bstar[j] / se), dof)
    return pd.DataFrame({"estimate": bstar[j], "se": se, "p": p, "truth": truth})


def design_diagnosis(results, claims: dict, n_draws: int, seed: int) -> pd.DataFrame:
    """Power and false-positive rate of each headline claim, with bias and 95% coverage under the truth.

    ``claims`` maps claim id to (published value, printed stars). The truth is the planted
    (noiseless) coefficient on the stand-in where there is one, else the published value.
    """
    rows = []
    for k, (cid, table, outcome, key) in enumerate(HEADLINE):
        value, printed_stars = claims[cid]
        spec = (table, outcome, key, None, None)
        truth = float(results.planted[spec][key]) if spec in results.planted else value
        alt = wild_draws(results.panel, outcome, key, truth, n_draws, seed + 2 * k)
        null = wild_draws(results.panel, outcome, key, 0.0, n_draws, seed + 2 * k + 1)
        sign = np.sign(value) if value != 0 else 1.0
        rows.append(
            {
                "claim": cid,
                "outcome": outcome,
                "key": key,
                "truth": truth,
                "truth is": "planted (noiseless)" if spec in results.planted else "published value",
                "power": claim_holds(alt["estimate"].to_numpy(), alt["p"].to_numpy(), sign, printed_stars).mean(),
                "false positive rate": claim_holds(
                    null["estimate"].to_numpy(), null["p"].to_numpy(), sign, printed_stars
                ).mean(),  # fmt: skip
                "bias": (alt["estimate"] - truth).mean(),
                "coverage": (np.abs(alt["estimate"] - truth) <= 1.96 * alt["se"]).mean(),
                "draws": n_draws,
            }
        )
    return pd.DataFrame(rows).set_index("claim")
