"""Fund-level measures used across the fund-management literature, vectorised over funds.

- :func:`mean_cosine_overlap`: the average cosine similarity of each portfolio with every other
  portfolio (Fricke 2019's overlap; eq. 1-2 of Su, He and Zhang), from a sparse holdings matrix.
- :func:`overlap_by_date`: the same from a long holdings table, one cross-section per date.
- :func:`performance`: arithmetic and geometric mean daily return and the CAPM alpha.
- :func:`timing`: the quadratic (Treynor-Mazuy 1966) and up-market dummy (Henriksson-Merton 1981)
  timing regressions.
- :func:`crash_risk`: NCSKEW and DUVOL (Chen, Hong and Stein 2001) from the residuals of a market
  model with leads and lags (Dimson 1979).

Every function takes arrays of returns shaped ``(n_series, T)`` with NaN (or ``mask``) for days
a series lacks, and returns one value per series; nothing loops over funds in Python.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from livingpapers.methods.batched_ols import batched_ols, batched_ols_models


def mean_cosine_overlap(weights, groups: np.ndarray | None = None) -> np.ndarray:
    """Average cosine similarity of each row with every other row (within ``groups`` if given).

    ``weights`` is an (n_funds × n_items) array or scipy sparse matrix of portfolio weights; the
    scale of each row does not matter. Because the mean of cos(i, j) over j ≠ i equals
    (u_i · Σ_j u_j − u_i · u_i) / (N − 1) with u the unit-length rows, one sparse matrix-vector
    product per peer group replaces the N × N pairwise matrix. A row of zeros has overlap NaN and
    is left out of everyone's peer set; a group with one member has NaN.
    """
    w = sparse.csr_matrix(weights, dtype=float)
    norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
    valid = norms > 0
    unit = sparse.diags(np.where(valid, 1.0 / np.where(valid, norms, 1.0), 0.0)) @ w
    groups = np.zeros(w.shape[0], dtype=int) if groups is None else pd.factorize(np.asarray(groups))[0]
    out = np.full(w.shape[0], np.nan)
    for g in np.unique(groups):
        members = np.flatnonzero((groups == g) & valid)
        if len(members) < 2:
            continue
        block = unit[members]
        total = np.asarray(block.sum(axis=0)).ravel()
        out[members] = (block @ total - 1.0) / (len(members) - 1)
    return out


def pairwise_cosine(weights) -> np.ndarray:
    """The full N × N cosine-similarity matrix (a sparse product; use for small N or checks)."""
    w = sparse.csr_matrix(weights, dtype=float)
    norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
    unit = sparse.diags(np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1.0), 0.0)) @ w
    return (unit @ unit.T).toarray()


def overlap_by_date(
    holdings: pd.DataFrame, fund: str, item: str, weight: str, date: str, group: str | None = None
) -> pd.DataFrame:
    """Mean cosine overlap of every fund at every date from a long table of positions.

    ``item`` is a stock or an industry; several rows of one fund, date and item are summed (so
    industry weights are the sums of their stocks' weights). ``group`` (optional) names a column
    constant within fund and date that limits each fund's peers to its own group. Returns columns
    ``date``, ``fund`` (the given names) and ``overlap``; rows are in no particular order.
    """
    f_codes, f_names = pd.factorize(holdings[fund], sort=False)
    i_codes, i_names = pd.factorize(holdings[item], sort=False)
    d_codes, d_names = pd.factorize(holdings[date], sort=False)
    g_codes = pd.factorize(holdings[group])[0] if group is not None else np.zeros(len(holdings), int)
    weights = holdings[weight].to_numpy(dtype=float)
    order = np.argsort(d_codes, kind="stable")
    bounds = np.searchsorted(d_codes[order], np.arange(len(d_names) + 1))
    frames = []
    for d in range(len(d_names)):
        rows = order[bounds[d] : bounds[d + 1]]
        funds, local = np.unique(f_codes[rows], return_inverse=True)
        w = sparse.csr_matrix((weights[rows], (local, i_codes[rows])), shape=(len(funds), len(i_names)))
        w.sum_duplicates()
        peers = np.zeros(len(funds), int)
        peers[local] = g_codes[rows]
        frames.append(pd.DataFrame({date: d_names[d], fund: f_names[funds], "overlap": mean_cosine_overlap(w, peers)}))
    return pd.concat(frames, ignore_index=True)


def performance(fund: np.ndarray, market: np.ndarray, rf: np.ndarray) -> pd.DataFrame:
    """Mean daily return, geometric mean daily return and CAPM alpha of every series.

    ``fund`` is (n_series × T) daily returns in percent (NaN where missing); ``market`` and ``rf``
    are length-T daily returns in percent. Rate_Geo is [Π(1 + r)]^(1/m) − 1 in percent (the
    well-defined form of the printed m-th root of Π r). Alpha is the intercept of
    r − rf = α + β (r_m − rf) + ε, in percent per day.
    """
    fund = np.asarray(fund, dtype=float)
    ok = np.isfinite(fund)
    m = ok.sum(axis=1)
    rate_ave = np.nansum(fund, axis=1) / np.where(m > 0, m, np.nan)
    log_growth = np.nansum(np.log1p(np.where(ok, fund, 0.0) / 100.0), axis=1)
    rate_geo = (np.exp(log_growth / np.where(m > 0, m, np.nan)) - 1.0) * 100.0
    excess_m = np.asarray(market, float) - np.asarray(rf, float)
    x = np.column_stack([np.ones_like(excess_m), excess_m])
    capm = batched_ols_models(fund - np.asarray(rf, float), x, {"capm": [0, 1]})["capm"]
    return pd.DataFrame(
        {"rate_ave": rate_ave, "rate_geo": rate_geo, "alpha": capm.coef[:, 0], "beta": capm.coef[:, 1], "days": m}
    )


def timing(fund: np.ndarray, market: np.ndarray, rf: np.ndarray) -> pd.DataFrame:
    """Selectivity (intercept) and timing (β2) from the two classic timing regressions.

    Quadratic: r − rf = α + β1 x + β2 x² + ε (Treynor and Mazuy 1966);
    up-market dummy: r − rf = α + β1 x + β2 1[x > 0] x + ε (Henriksson and Merton 1981),
    with x = r_m − rf. Columns ``alpha_quadratic``, ``timing_quadratic``, ``alpha_dummy``,
    ``timing_dummy``. (Su, He and Zhang call the quadratic model "HM" and the dummy model "TM".)
    """
    x = np.asarray(market, float) - np.asarray(rf, float)
    y = np.asarray(fund, float) - np.asarray(rf, float)
    design = np.column_stack([np.ones_like(x), x, x**2, (x > 0) * x])
    fits = batched_ols_models(y, design, {"quadratic": [0, 1, 2], "dummy": [0, 1, 3]})
    quad, dummy = fits["quadratic"], fits["dummy"]
    return pd.DataFrame(
        {
            "alpha_quadratic": quad.coef[:, 0],
            "timing_quadratic": quad.coef[:, 2],
            "alpha_dummy": dummy.coef[:, 0],
            "timing_dummy": dummy.coef[:, 2],
        }
    )


def dimson_design(market: np.ndarray, lags: int = 2, leads: int = 2) -> np.ndarray:
    """Regressors [1, R_m,w-lags, ..., R_m,w, ..., R_m,w+leads] for a market series.

    ``market`` may extend beyond the sample weeks on both sides (pass ``lags`` extra weeks before
    and ``leads`` after); the design then has ``len(market) - lags - leads`` rows. Missing
    neighbours are NaN and drop the week from the regression.
    """
    market = np.asarray(market, float)
    n = len(market) - lags - leads
    if n <= 0:
        raise ValueError("market series shorter than lags + leads")
    cols = [np.ones(n)] + [market[lags + s : lags + s + n] for s in range(-lags, leads + 1)]
    return np.column_stack(cols)


def crash_measures(w: np.ndarray) -> pd.DataFrame:
    """NCSKEW (eq. 8) and DUVOL (eq. 9, natural log) of each row of firm-specific returns ``w``.

    ``w`` is (n_series × n_weeks) with NaN for missing weeks. NCSKEW uses the sums of raw W as
    printed by Chen, Hong and Stein; with demeaned W it equals minus the bias-corrected sample
    skewness. DUVOL splits weeks at the series mean of W.
    """
    w = np.asarray(w, float)
    ok = np.isfinite(w)
    n = ok.sum(axis=1).astype(float)
    w0 = np.where(ok, w, 0.0)
    square = w0 * w0  # products, not powers: numpy's general power is ~100 times slower
    s2 = square.sum(axis=1)
    s3 = (square * w0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ncskew = -(n * (n - 1) ** 1.5 * s3) / ((n - 1) * (n - 2) * s2**1.5)
        mean = w0.sum(axis=1) / n
        down = ok & (w < mean[:, None])
        up = ok & (w > mean[:, None])
        n_d, n_u = down.sum(axis=1), up.sum(axis=1)
        sum_down = (square * down).sum(axis=1)
        sum_up = (square * up).sum(axis=1)
        duvol = np.log(((n_u - 1) * sum_down) / ((n_d - 1) * sum_up))
    bad = n < 3
    ncskew[bad] = np.nan
    duvol[bad | (n_u < 2) | (n_d < 2)] = np.nan
    return pd.DataFrame({"ncskew": ncskew, "duvol": duvol, "weeks": n.astype(int)})


def crash_risk(weekly: np.ndarray, market_design: np.ndarray) -> pd.DataFrame:
    """NCSKEW and DUVOL from the market model (eq. 6-9) for every series.

    ``weekly`` is (n_series × n_weeks) returns in decimals; ``market_design`` comes from
    :func:`dimson_design`. W = ln(1 + ε) with ε the market-model residual.
    """
    fit = batched_ols(weekly, market_design)
    with np.errstate(invalid="ignore"):
        w = np.log1p(fit.resid)
    return crash_measures(w)


def hhi(weights: np.ndarray | pd.Series) -> float:
    """Herfindahl index Σ w² of one portfolio's weights (as given: relative to NAV in the paper)."""
    w = np.asarray(weights, float)
    return float((w**2).sum())
