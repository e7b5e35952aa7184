"""Many small least-squares regressions at once: one per series, each with its own missing values.

Fund studies run the same time-series regression for every fund-year (CAPM alpha, timing models,
the market model behind crash measures). A loop of statsmodels fits spends its time in Python
overhead; here the normal equations of all series are formed in one ``einsum`` and solved in one
batched ``numpy.linalg.solve``. Each series keeps its own sample: an observation counts only where
``mask`` is true and ``y`` is finite, exactly as if the series had been fitted alone on its rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class BatchedFit:
    """Coefficients, conventional (iid) standard errors and residuals of every series.

    ``coef`` and ``se`` are ``(n_series, k)``; ``resid`` is ``(n_series, T)`` with NaN where the
    observation was not used; ``nobs`` is the number of observations of each series. A series with
    fewer than ``k + 1`` observations (or a singular design) gets NaN everywhere.
    """

    coef: np.ndarray
    se: np.ndarray
    resid: np.ndarray
    nobs: np.ndarray

    @property
    def t(self) -> np.ndarray:
        return self.coef / self.se


def _design_per_series(x: np.ndarray, n_series: int) -> np.ndarray:
    """Broadcast a common ``(T, k)`` design to ``(n_series, T, k)`` (a view, no copy)."""
    if x.ndim == 2:
        return np.broadcast_to(x, (n_series, *x.shape))
    if x.ndim == 3 and x.shape[0] == n_series:
        return x
    raise ValueError(f"x must be (T, k) or (n_series, T, k); got shape {x.shape}")


def batched_ols(y: np.ndarray, x: np.ndarray, mask: np.ndarray | None = None) -> BatchedFit:
    """OLS of every row of ``y`` (``n_series`` × T) on ``x`` (``T`` × k, shared, or per series).

    ``x`` must contain the constant if one is wanted. Rows of ``x`` with a non-finite value are
    dropped for the series concerned. Returns :class:`BatchedFit`.
    """
    y = np.asarray(y, dtype=float)
    if y.ndim != 2:
        raise ValueError(f"y must be 2-dimensional (n_series, T); got shape {y.shape}")
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        if x.shape[0] != y.shape[1]:
            raise ValueError(f"x has {x.shape[0]} periods but y has {y.shape[1]}")
        use = np.isfinite(y) & np.isfinite(x).all(axis=1)[None, :]
    else:
        xs = _design_per_series(x, y.shape[0])
        if xs.shape[1] != y.shape[1]:
            raise ValueError(f"x has {xs.shape[1]} periods but y has {y.shape[1]}")
        use = np.isfinite(y) & np.isfinite(xs).all(axis=2)
    if mask is not None:
        use &= np.asarray(mask, dtype=bool)
    return _solve(y, x, use)


def _solve(y: np.ndarray, x: np.ndarray, use: np.ndarray) -> BatchedFit:
    n_series, n_time = y.shape
    k = x.shape[-1]
    y0 = np.where(use, y, 0.0)
    if x.ndim == 2:  # a shared design: X'WX of every series is one matrix product
        xc = np.where(np.isfinite(x), x, 0.0)
        outer = (xc[:, :, None] * xc[:, None, :]).reshape(n_time, k * k)
        xtx = (use.astype(float) @ outer).reshape(n_series, k, k)
        xty = y0 @ xc
    else:
        x0 = np.where(use[:, :, None], x, 0.0)
        xtx = np.einsum("ntk,ntl->nkl", x0, x0, optimize=True)
        xty = np.einsum("ntk,nt->nk", x0, y0, optimize=True)
    nobs = use.sum(axis=1)
    scale = np.sqrt(np.einsum("nkk->nk", xtx))
    with np.errstate(divide="ignore", invalid="ignore"):
        normalised = np.linalg.det(xtx / (scale[:, :, None] * scale[:, None, :]))
    ok = (nobs > k) & (np.abs(np.nan_to_num(normalised)) > 1e-10)  # full rank, scale-free
    coef = np.full((n_series, k), np.nan)
    se = np.full((n_series, k), np.nan)
    resid = np.full((n_series, n_time), np.nan)
    if ok.any():
        inv = np.linalg.inv(xtx[ok])
        b = np.einsum("nkl,nl->nk", inv, xty[ok])
        fitted = b @ xc.T if x.ndim == 2 else np.einsum("ntk,nk->nt", x[ok], b)
        r = np.where(use[ok], y0[ok] - fitted, 0.0)
        sigma2 = np.einsum("nt,nt->n", r, r) / (nobs[ok] - k)
        r[~use[ok]] = np.nan
        coef[ok] = b
        se[ok] = np.sqrt(np.einsum("nkk->nk", inv) * sigma2[:, None])
        resid[ok] = r
    return BatchedFit(coef, se, resid, nobs)


def batched_ols_models(y: np.ndarray, x: np.ndarray, models: dict[str, list[int]]) -> dict[str, BatchedFit]:
    """Several regressions of every row of ``y`` on subsets of the columns of one shared design ``x``.

    The cross-products X'WX, X'Wy and y'Wy of the full design are formed once (two matrix
    products); each model then solves its own sub-block, and its residual sum of squares is
    y'y − b'X'y, so no residual matrix is built. ``models`` maps a name to column indices of ``x``.
    Residuals are not returned (``resid`` is None); use :func:`batched_ols` when they are needed.
    """
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[0] != y.shape[1]:
        raise ValueError(f"x must be (T, k) with T = {y.shape[1]}; got shape {x.shape}")
    n_series, n_time = y.shape
    k = x.shape[1]
    use = np.isfinite(y) & np.isfinite(x).all(axis=1)[None, :]
    w = use.astype(float)
    y0 = np.where(use, y, 0.0)
    xc = np.where(np.isfinite(x), x, 0.0)
    xtx_all = (w @ (xc[:, :, None] * xc[:, None, :]).reshape(n_time, k * k)).reshape(n_series, k, k)
    xty_all = y0 @ xc
    yty = np.einsum("nt,nt->n", y0, y0)
    nobs = use.sum(axis=1)
    out = {}
    for name, cols in models.items():
        idx = np.asarray(cols)
        xtx = xtx_all[:, idx[:, None], idx[None, :]]
        xty = xty_all[:, idx]
        m = len(idx)
        scale = np.sqrt(np.einsum("nkk->nk", xtx))
        with np.errstate(divide="ignore", invalid="ignore"):
            normalised = np.linalg.det(xtx / (scale[:, :, None] * scale[:, None, :]))
        ok = (nobs > m) & (np.abs(np.nan_to_num(normalised)) > 1e-10)
        coef = np.full((n_series, m), np.nan)
        se = np.full((n_series, m), np.nan)
        if ok.any():
            inv = np.linalg.inv(xtx[ok])
            b = np.einsum("nkl,nl->nk", inv, xty[ok])
            ssr = np.maximum(yty[ok] - np.einsum("nk,nk->n", b, xty[ok]), 0.0)
            coef[ok] = b
            se[ok] = np.sqrt(np.einsum("nkk->nk", inv) * (ssr / (nobs[ok] - m))[:, None])
        out[name] = BatchedFit(coef, se, None, nobs)
    return out
