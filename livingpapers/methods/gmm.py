"""Dynamic-panel GMM: Arellano-Bond difference GMM and Blundell-Bond system GMM.

The model is y_it = sum_l alpha_l y_i,t-l + beta' x_it + u_i + e_it on a panel that may be
unbalanced and have gaps. The fixed effect u_i is removed by first differences; lagged levels
of y (and of any variable declared endogenous or predetermined) instrument the differenced
equation ("GMM-style", one column per period and lag, or one per lag when ``collapse``), and the
differenced exogenous regressors instrument themselves ("IV-style"). The estimator follows
Arellano and Bond (1991) and Roodman (2009, *Stata Journal* 9(1)):

- one-step weight (sum_i Z_i' H Z_i)^-1 with H the MA(1) matrix of differenced errors (2 on the
  diagonal, -1 between adjacent years); robust one-step covariance clustered by unit;
- two-step weight (sum_i Z_i' e_i e_i' Z_i)^-1 from one-step residuals, with the Windmeijer
  (2005) finite-sample correction of the two-step covariance;
- the Arellano-Bond AR(m) tests on differenced residuals and the Hansen J test.

Every function takes column names as arguments and knows no study. ``tests/methods/test_gmm.py``
checks it against Stata's published ``xtabond`` output for the Arellano-Bond (1991) employment
panel. A lag is taken only between consecutive periods, so gaps and unsorted rows are safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats


class GMMSpecificationError(ValueError):
    """The data or options cannot identify the model; the message says why."""


@dataclass
class GMMResult:
    """A fitted dynamic-panel GMM model (statsmodels-like attribute names)."""

    params: pd.Series
    bse: pd.Series
    cov: pd.DataFrame
    nobs: int
    n_groups: int
    n_instruments: int
    ar: dict[int, tuple[float, float]]  # order -> (z, two-sided p)
    hansen: tuple[float, int, float]  # (J, df, p)
    residuals: pd.Series
    estimator: str
    steps: int
    extra: dict = field(default_factory=dict)

    @property
    def tvalues(self) -> pd.Series:
        return self.params / self.bse

    @property
    def pvalues(self) -> pd.Series:
        return pd.Series(2 * stats.norm.sf(np.abs(self.tvalues)), index=self.params.index)

    rsquared_adj = None

    def tidy(self) -> pd.DataFrame:
        return pd.DataFrame({"coef": self.params, "se": self.bse, "t": self.tvalues, "p": self.pvalues})


def panel_lag(data: pd.DataFrame, column: str, unit: str, time: str, lag: int = 1) -> pd.Series:
    """``column`` lagged ``lag`` periods within unit, NaN where period t - lag is absent (gaps respected)."""
    key = data[[unit, time]].copy()
    shifted = data[[unit, time, column]].copy()
    shifted[time] = shifted[time] + lag
    merged = key.merge(shifted, on=[unit, time], how="left", validate="one_to_one")
    return pd.Series(merged[column].to_numpy(), index=data.index, name=f"L{lag}.{column}")


@dataclass
class _Design:
    """Stacked estimation rows: differenced (and, for system GMM, level) equations."""

    y: np.ndarray
    X: np.ndarray
    Z: np.ndarray
    unit_codes: np.ndarray
    times: np.ndarray
    is_diff: np.ndarray
    names: list[str]
    n_groups: int


def _grid(data: pd.DataFrame, unit: str, time: str, columns: list[str]) -> pd.DataFrame:
    """Reindex every unit to a full run of periods so that shifts are exact lags."""
    if data.duplicated([unit, time]).any():
        raise GMMSpecificationError(f"several rows share a ({unit}, {time}) pair")
    t = data[time].astype(int)
    frame = data.assign(**{time: t})[[unit, time, *columns]]
    full = pd.MultiIndex.from_product([frame[unit].unique(), range(t.min(), t.max() + 1)], names=[unit, time])
    return frame.set_index([unit, time]).reindex(full).sort_index()


def _gmm_block(levels: pd.DataFrame, unit: str, time: str, col: str, rows: pd.Index, lo: int, hi: int | None,
               collapse: bool, diff: bool = False) -> np.ndarray:  # fmt: skip
    """GMM-style instruments for ``rows``: lags lo..hi of ``col`` (levels, or differences if ``diff``), 0 if missing."""
    series = levels[col].groupby(level=unit).diff() if diff else levels[col]
    max_lag = (
        hi
        if hi is not None
        else int(levels.index.get_level_values(time).max() - levels.index.get_level_values(time).min())
    )
    lags = {
        lag: series.groupby(level=unit).shift(lag).reindex(rows).fillna(0.0).to_numpy()
        for lag in range(lo, max_lag + 1)
    }
    if collapse:
        block = np.column_stack(list(lags.values())) if lags else np.zeros((len(rows), 0))
    else:
        t_of_row = rows.get_level_values(time).to_numpy()
        cols = [np.where(t_of_row == t, v, 0.0) for t in np.unique(t_of_row) for v in lags.values()]
        block = np.column_stack(cols) if cols else np.zeros((len(rows), 0))
    return block[:, np.any(block != 0, axis=0)]


def _design(data, y, exog, unit, time, lags, gmm, collapse, system) -> _Design:
    if data.empty:
        raise GMMSpecificationError("no observations")
    gmm = dict(gmm)
    gmm.setdefault(y, (2, None))
    levels = _grid(data, unit, time, sorted({y, *exog, *gmm}))
    names = [f"L{lag}.{y}" for lag in range(1, lags + 1)] + list(exog)
    lvl = pd.DataFrame({f"L{lag}.{y}": levels[y].groupby(level=unit).shift(lag) for lag in range(1, lags + 1)})
    lvl[y] = levels[y]
    for x in exog:
        lvl[x] = levels[x]
    dif = lvl.groupby(level=unit).diff()
    ok_d = dif[[y, *names]].notna().all(axis=1)
    rows_d = dif.index[ok_d.to_numpy()]
    z_gmm = [_gmm_block(levels, unit, time, v, rows_d, lo, hi, collapse) for v, (lo, hi) in gmm.items()]
    z_iv = dif.loc[rows_d, list(exog)].to_numpy()
    Z_d = np.column_stack([*z_gmm, z_iv])
    y_all, X_all, rows_all = [dif.loc[rows_d, y].to_numpy()], [dif.loc[rows_d, names].to_numpy()], [rows_d]
    Z_blocks = [Z_d]
    if system:
        ok_l = lvl[[y, *names]].notna().all(axis=1) & ok_d.reindex(lvl.index, fill_value=False).groupby(
            level=unit
        ).transform("any")
        rows_l = lvl.index[ok_l.to_numpy()]
        zl_gmm = [
            _gmm_block(levels, unit, time, v, rows_l, lo - 1, lo - 1, collapse, diff=True) for v, (lo, _) in gmm.items()
        ]
        Z_l = np.column_stack([*zl_gmm, lvl.loc[rows_l, list(exog)].to_numpy(), np.ones(len(rows_l))])
        n_d, n_l = Z_d.shape[1], Z_l.shape[1]
        Z_blocks = [np.hstack([Z_d, np.zeros((len(rows_d), n_l))]), np.hstack([np.zeros((len(rows_l), n_d)), Z_l])]
        y_all.append(lvl.loc[rows_l, y].to_numpy())
        X_all = [
            np.hstack([X_all[0], np.zeros((len(rows_d), 1))]),
            np.hstack([lvl.loc[rows_l, names].to_numpy(), np.ones((len(rows_l), 1))]),
        ]
        rows_all.append(rows_l)
        names = [*names, "const"]
    rows = rows_all[0].append(rows_all[1]) if system else rows_d
    Z = np.vstack(Z_blocks)
    Z = Z[:, np.any(Z != 0, axis=0)]
    is_diff = np.r_[np.ones(len(rows_d), bool), np.zeros(len(rows) - len(rows_d), bool)]
    codes, uniques = pd.factorize(rows.get_level_values(unit))
    return _Design(np.concatenate(y_all), np.vstack(X_all), Z, codes, rows.get_level_values(time).to_numpy(),
                   is_diff, names, len(uniques))  # fmt: skip


def _unit_sums(values: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((n, values.shape[1]))
    np.add.at(out, codes, values)
    return out


def _h_matrix(d: _Design) -> np.ndarray:
    """One-step weighting structure: MA(1) for differenced rows of a unit, identity for level rows."""
    same = d.unit_codes[:, None] == d.unit_codes[None, :]
    gap = np.abs(d.times[:, None] - d.times[None, :])
    both_diff = d.is_diff[:, None] & d.is_diff[None, :]
    H = np.where(same & both_diff & (gap == 0), 2.0, 0.0) - np.where(same & both_diff & (gap == 1), 1.0, 0.0)
    both_lvl = ~d.is_diff[:, None] & ~d.is_diff[None, :]
    H += np.where(same & both_lvl & (gap == 0), 1.0, 0.0)
    return H


def _solve(X, Z, y, W):
    XZ = X.T @ Z
    A = XZ @ W @ XZ.T
    A_inv = np.linalg.pinv(A)
    return A_inv @ XZ @ W @ (Z.T @ y), A_inv


def _ar_test(
    d: _Design, e: np.ndarray, order: int, W: np.ndarray, V: np.ndarray, A_inv: np.ndarray
) -> tuple[float, float]:
    """Arellano-Bond (1991) test for order-m serial correlation in the differenced residuals."""
    frame = pd.DataFrame({"u": d.unit_codes[d.is_diff], "t": d.times[d.is_diff], "e": e[d.is_diff]})
    lagged = frame.assign(t=frame["t"] + order).rename(columns={"e": "w"})
    w = frame.merge(lagged, on=["u", "t"], how="left")["w"].fillna(0.0).to_numpy()
    w_full = np.zeros_like(e)
    w_full[d.is_diff] = w
    we = w_full * e
    if not np.any(w_full):
        return float("nan"), float("nan")
    c = _unit_sums(we[:, None], d.unit_codes, d.n_groups)[:, 0]
    Ze = _unit_sums(d.Z * e[:, None], d.unit_codes, d.n_groups)
    wX = w_full @ d.X
    XZ = d.X.T @ d.Z
    var = c @ c - 2 * wX @ A_inv @ XZ @ W @ (Ze.T @ c) + wX @ V @ wX
    z = float(we.sum() / np.sqrt(var)) if var > 0 else float("nan")
    return z, float(2 * stats.norm.sf(abs(z)))


def dynamic_panel_gmm(
    data: pd.DataFrame,
    y: str,
    exog: list[str],
    unit: str,
    time: str,
    lags: int = 1,
    gmm: dict[str, tuple[int, int | None]] | None = None,
    collapse: bool = False,
    twostep: bool = True,
    system: bool = False,
    ar_orders: tuple[int, ...] = (1, 2),
) -> GMMResult:
    """Difference (or, with ``system``, system) GMM of ``y`` on ``lags`` own lags and ``exog``.

    ``gmm`` maps a column to the (first, last) lag of its levels used as GMM-style instruments
    (last ``None``: all available); ``y`` defaults to lags 2 onwards. Columns in ``exog`` are
    strictly exogenous and instrument themselves in differences (and in levels for system GMM).
    One-step results carry cluster-robust standard errors; two-step results the Windmeijer-
    corrected ones. ``nobs`` counts the differenced equations, as Stata and the paper report.
    """
    need = [unit, time, y, *exog, *(gmm or {})]
    missing = [c for c in dict.fromkeys(need) if c not in data.columns]
    if missing:
        raise GMMSpecificationError(f"columns not found: {', '.join(missing)}")
    d = _design(data, y, list(exog), unit, time, lags, gmm or {}, collapse, system)
    n, k = d.X.shape
    if n == 0:
        raise GMMSpecificationError("no usable observations: each unit needs at least lags + 2 consecutive periods")
    if d.Z.shape[1] < k:
        raise GMMSpecificationError(f"{d.Z.shape[1]} instruments for {k} coefficients: the model is not identified")
    H = _h_matrix(d)
    W1 = np.linalg.pinv(d.Z.T @ H @ d.Z)
    b1, A1_inv = _solve(d.X, d.Z, d.y, W1)
    e1 = d.y - d.X @ b1
    Ze1 = _unit_sums(d.Z * e1[:, None], d.unit_codes, d.n_groups)
    Omega1 = Ze1.T @ Ze1
    XZ = d.X.T @ d.Z
    V1 = A1_inv @ XZ @ W1 @ Omega1 @ W1 @ XZ.T @ A1_inv
    W2 = np.linalg.pinv(Omega1)
    b2, A2_inv = _solve(d.X, d.Z, d.y, W2)
    e2 = d.y - d.X @ b2
    g2 = d.Z.T @ e2
    J = float(g2 @ W2 @ g2)  # Hansen J: the two-step criterion, reported after either step (as xtabond2 does)
    if twostep:
        b, e, V, W_ar, A_ar = b2, e2, _windmeijer(d, e1, e2, W2, A2_inv, V1), W2, A2_inv
    else:
        b, e, V, W_ar, A_ar = b1, e1, V1, W1, A1_inv
    df = d.Z.shape[1] - k
    se = np.sqrt(np.clip(np.diag(V), 0, None))
    rows = pd.MultiIndex.from_arrays([d.unit_codes, d.times], names=[unit, time])
    return GMMResult(
        params=pd.Series(b, index=d.names),
        bse=pd.Series(se, index=d.names),
        cov=pd.DataFrame(V, index=d.names, columns=d.names),
        nobs=int(d.is_diff.sum()),
        n_groups=d.n_groups,
        n_instruments=int(d.Z.shape[1]),
        ar={m: _ar_test(d, e, m, W_ar, V, A_ar) for m in ar_orders},
        hansen=(J, df, float(stats.chi2.sf(J, df)) if df > 0 else float("nan")),
        residuals=pd.Series(e[d.is_diff], index=rows[d.is_diff]),
        estimator="system GMM" if system else "difference GMM",
        steps=2 if twostep else 1,
    )


def _windmeijer(d: _Design, e1, e2, W2, A2_inv, V1) -> np.ndarray:
    """Windmeijer (2005) corrected two-step covariance; dOmega/dbeta at the one-step residuals."""
    XZ = d.X.T @ d.Z
    V2 = A2_inv
    Ze1 = _unit_sums(d.Z * e1[:, None], d.unit_codes, d.n_groups)
    g2 = d.Z.T @ e2
    k = d.X.shape[1]
    D = np.zeros((k, k))
    for j in range(k):
        Zx = _unit_sums(d.Z * d.X[:, [j]], d.unit_codes, d.n_groups)
        dOmega = -(Zx.T @ Ze1 + Ze1.T @ Zx)
        D[:, j] = -V2 @ XZ @ W2 @ dOmega @ W2 @ g2
    return V2 + D @ V2 + V2 @ D.T + D @ V1 @ D.T
