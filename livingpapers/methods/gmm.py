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
    if data.empty:
        return pd.Series(np.zeros(0), index=data.index, name=f"L{lag}.{column}")
    units = pd.factorize(data[unit])[0].astype(np.int64)
    offsets = data[time].to_numpy(dtype=np.int64) - int(data[time].min())
    span = int(offsets.max()) + abs(lag) + 1  # wide enough that t - lag never reaches another unit's keys
    rows = pd.Index(units * span + offsets)  # one integer per (unit, time)
    if rows.has_duplicates:
        raise ValueError(f"panel_lag: ({unit}, {time}) must identify each row; some pairs repeat")
    position = rows.get_indexer(rows - lag)
    values = np.asarray(data[column], dtype=float)
    lagged = np.where(position >= 0, values[position], np.nan)
    return pd.Series(lagged, index=data.index, name=f"L{lag}.{column}")


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
    units: pd.Index
    ZHZ: np.ndarray  # sum_i Z_i' H Z_i, the inverse of the one-step weight


def _shift(a: np.ndarray, lag: int) -> np.ndarray:
    """Lag along the time axis of a (unit, time) array; NaN where t - lag is outside the grid."""
    if lag == 0:
        return a.copy()
    out = np.full_like(a, np.nan)
    if lag < a.shape[1]:
        out[:, lag:] = a[:, :-lag]
    return out


def _dense(data: pd.DataFrame, unit: str, time: str, columns: list[str]):
    """Each variable as a (unit, period) array on a full grid of periods, so a shift is an exact lag."""
    codes, units = pd.factorize(data[unit])
    t = data[time].astype(int).to_numpy()
    t0, n_t = t.min(), t.max() - t.min() + 1
    cell = codes * n_t + (t - t0)
    if len(np.unique(cell)) < len(cell):
        raise GMMSpecificationError(f"several rows share a ({unit}, {time}) pair")
    arr = np.full((len(units), n_t, len(columns)), np.nan)
    arr[codes, t - t0, :] = data[columns].to_numpy(dtype=float)
    return {c: arr[:, :, j] for j, c in enumerate(columns)}, units, t0


def _gmm_block(level: np.ndarray, mask: np.ndarray, lo: int, hi: int | None, collapse: bool) -> np.ndarray:
    """GMM-style instruments at the rows of ``mask``: lags lo..hi of ``level`` (0 where missing)."""
    lags = range(lo, (hi if hi is not None else level.shape[1] - 1) + 1)
    values = [np.nan_to_num(_shift(level, lag))[mask] for lag in lags]
    if not values:
        return np.zeros((int(mask.sum()), 0))
    if collapse:
        block = np.column_stack(values)
    else:
        t_of_row = np.nonzero(mask)[1]
        block = np.column_stack([np.where(t_of_row == t, v, 0.0) for t in np.unique(t_of_row) for v in values])
    return block[:, np.any(block != 0, axis=0)]


def _design(data, y, exog, unit, time, lags, gmm, collapse, system) -> _Design:
    if data.empty:
        raise GMMSpecificationError("no observations")
    gmm = dict(gmm)
    gmm.setdefault(y, (2, None))
    v, units, t0 = _dense(data, unit, time, sorted({y, *exog, *gmm}))
    names = [f"L{lag}.{y}" for lag in range(1, lags + 1)] + list(exog)
    level = {f"L{lag}.{y}": _shift(v[y], lag) for lag in range(1, lags + 1)} | {y: v[y]} | {x: v[x] for x in exog}
    diff = {k: a - _shift(a, 1) for k, a in level.items()}
    mask_d = np.all([np.isfinite(diff[k]) for k in (y, *names)], axis=0)
    z_gmm = [_gmm_block(v[c], mask_d, lo, hi, collapse) for c, (lo, hi) in gmm.items()]
    Z_d = np.column_stack([*z_gmm, *(diff[x][mask_d][:, None] for x in exog)])
    ys, Xs, masks, Zs = [diff[y][mask_d]], [np.column_stack([diff[k][mask_d] for k in names])], [mask_d], [Z_d]
    if system:
        mask_l = np.all([np.isfinite(level[k]) for k in (y, *names)], axis=0) & mask_d.any(axis=1, keepdims=True)
        n_l = int(mask_l.sum())
        zl_gmm = [_gmm_block(v[c] - _shift(v[c], 1), mask_l, lo - 1, lo - 1, collapse) for c, (lo, _) in gmm.items()]
        Z_l = np.column_stack([*zl_gmm, *(level[x][mask_l][:, None] for x in exog), np.ones(n_l)])
        Zs = [np.hstack([Z_d, np.zeros((len(Z_d), Z_l.shape[1]))]), np.hstack([np.zeros((n_l, Z_d.shape[1])), Z_l])]
        ys.append(level[y][mask_l])
        x_l = np.column_stack([*(level[k][mask_l] for k in names), np.ones(n_l)])
        Xs = [np.hstack([Xs[0], np.zeros((len(Z_d), 1))]), x_l]
        masks.append(mask_l)
        names = [*names, "const"]
    Z = np.vstack(Zs)
    Z = Z[:, np.any(Z != 0, axis=0)]
    n_d = int(mask_d.sum())
    # sum_i Z_i' H Z_i: 2 on the diagonal, -1 between adjacent differenced rows, identity for level rows
    Zd = np.zeros((*mask_d.shape, Z.shape[1]))
    Zd[mask_d] = Z[:n_d]
    cross = np.einsum("utk,utl->kl", Zd[:, 1:], Zd[:, :-1])
    ZHZ = 2 * Z[:n_d].T @ Z[:n_d] - cross - cross.T + Z[n_d:].T @ Z[n_d:]
    rows = [np.nonzero(m) for m in masks]
    codes = np.concatenate([r[0] for r in rows])
    times = np.concatenate([r[1] for r in rows]) + t0
    is_diff = np.r_[np.ones(n_d, bool), np.zeros(len(codes) - n_d, bool)]
    return _Design(np.concatenate(ys), np.vstack(Xs), Z, codes, times, is_diff, names, len(units), units, ZHZ)


def _unit_sums(values: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((n, values.shape[1]))
    np.add.at(out, codes, values)
    return out


def _solve(X, Z, y, W):
    XZ = X.T @ Z
    A_inv = np.linalg.pinv(XZ @ W @ XZ.T)
    return A_inv @ XZ @ W @ (Z.T @ y), A_inv


def _ar_test(
    d: _Design, e: np.ndarray, order: int, W: np.ndarray, V: np.ndarray, A_inv: np.ndarray
) -> tuple[float, float]:
    """Arellano-Bond (1991) test for order-m serial correlation in the differenced residuals."""
    t0 = d.times.min()
    u, t = d.unit_codes[d.is_diff], d.times[d.is_diff] - t0
    dense = np.zeros((d.n_groups, t.max() + 1 + order))
    dense[u, t + order] = e[d.is_diff]
    w_full = np.zeros_like(e)
    w_full[d.is_diff] = dense[u, t]
    if not np.any(w_full):
        return float("nan"), float("nan")
    we = w_full * e
    c = np.bincount(d.unit_codes, weights=we, minlength=d.n_groups)
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
    W1 = np.linalg.pinv(d.ZHZ)
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
    rows = pd.MultiIndex.from_arrays([d.units[d.unit_codes], d.times], names=[unit, time])
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
