"""What the paper does not report: robustness of the key coefficients, a placebo, a design diagnosis.

Robustness (all labelled as not in the paper): fund-clustered standard errors; fund fixed effects;
winsorising Flow and Turnover instead of trimming; the raw (unstandardised) overlap with year FE;
Overlap_S and Overlap_I entered jointly; a placebo that hands every fund another fund's holdings
(a permutation of the overlap within year), many draws at once by Frisch-Waugh-Lovell.

Design diagnosis, per headline claim (:func:`design_diagnosis`): the stand-in's return shocks are
drawn anew with the holdings, characteristics and betas held fixed, once with every planted effect
and once with all of them set to zero, going straight to the fund-year measures (:mod:`redraw`);
the regressions of all draws are solved at once. The share of draws in which the claim holds as published (same
sign, at least the published significance level) is its power; without the effects it is its
false-positive rate; bias and coverage compare the estimates with the noiseless coefficient.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from livingpapers.methods.estimation import quiet_fixest
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


def key_estimates(q: np.ndarray, x: np.ndarray, ys: np.ndarray, dof: int) -> tuple[np.ndarray, ...]:
    """Coefficient, iid SE and p of regressor ``x`` in the regression of every column of ``ys`` on
    ``x`` and the other regressors, whose orthonormal basis is ``q`` (Frisch-Waugh-Lovell); ``dof`` is
    the regression's residual degrees of freedom. Equal to :func:`regress.ols` column by column."""
    from scipy import stats

    xr = x - q @ (q.T @ x)
    yr = ys - q @ (q.T @ ys)
    sxx = xr @ xr
    coef = (xr @ yr) / sxx
    rss = (yr**2).sum(axis=0) - coef**2 * sxx
    se = np.sqrt(rss / dof / sxx)
    return coef, se, 2 * stats.t.sf(np.abs(coef / se), dof)


def measure_draws(results, n_draws: int, seed: int) -> dict[str, np.ndarray]:
    """Each outcome of the panel's fund-years in every draw: (fund-years × 2 n_draws) arrays, the
    draws with the planted effects first, then the same draws without them."""
    from tqdm import tqdm  # on stderr: shown in the terminal, dropped from the published page

    from livingpapers.studies.fund_herding.redraw import OUTCOMES, MeasureModel

    model = MeasureModel.from_returns(results.truth_returns, results.panel[["fund_id", "year"]])
    out = {name: np.empty((len(results.panel), 2 * n_draws)) for name in OUTCOMES}
    seeds = np.random.SeedSequence(seed).spawn(n_draws)
    for i, child in enumerate(tqdm(seeds, desc="design diagnosis", unit="draw", mininterval=1.0)):
        for column, version in zip((i, n_draws + i), model.draw(np.random.default_rng(child))):
            for name, values in version.items():
                out[name][:, column] = values
    return out


def design_diagnosis(results, claims: dict, n_draws: int, seed: int) -> pd.DataFrame | None:
    """Power, false-positive rate, bias and 95 % coverage of each headline claim (stand-in only).

    ``claims`` maps claim id to (published value, printed stars). Every draw re-draws the return
    shocks at the level of the measures (:mod:`redraw`), once with the planted effects and once
    without; the headline regressions of all draws are solved at once (:func:`key_estimates`). The
    truth of an estimate is the noiseless (planted) coefficient of its regression; Ncskew and Duvol
    have none (crash weeks are random), so their bias and coverage are not computed.
    """
    if results.truth_returns is None or n_draws < 1:
        return None
    from livingpapers.methods.design import summarise_draws

    panel = results.panel
    outcomes = measure_draws(results, n_draws, seed)
    q = residual_maker(panel, CONTROLS)
    dof = len(panel) - q.shape[1] - 1
    planted = np.arange(2 * n_draws) < n_draws
    frames = []
    for cid, table, outcome, key in HEADLINE:
        ys = outcomes[outcome]
        complete = np.isfinite(ys).all(axis=0)
        coef, se, p = np.full(2 * n_draws, np.nan), np.full(2 * n_draws, np.nan), np.ones(2 * n_draws)
        coef[complete], se[complete], p[complete] = key_estimates(q, panel[key].to_numpy(float), ys[:, complete], dof)
        for j in np.flatnonzero(~complete):  # a measure undefined somewhere: that draw's regression alone
            coef[j], se[j], p[j] = ols(panel.assign(**{outcome: ys[:, j]}), outcome, [key, *CONTROLS]).estimate(key)
        value, printed_stars = claims[cid]
        spec = (table, outcome, key, None, None)
        truth = float(results.planted[spec][key]) if spec in results.planted else np.nan
        frames.append(pd.DataFrame({"draw": np.tile(np.arange(n_draws), 2), "planted": planted, "claim": cid,
                                    "holds": claim_holds(coef, p, np.sign(value) or 1.0, printed_stars),
                                    "estimate": coef, "se": se, "truth": np.where(planted, truth, 0.0 * truth)}))  # fmt: skip
    frame = summarise_draws(pd.concat(frames, ignore_index=True), n_draws)
    labels = {cid: (outcome, key) for cid, _t, outcome, key in HEADLINE}
    return frame.assign(outcome=[labels[c][0] for c in frame.index], key=[labels[c][1] for c in frame.index])
