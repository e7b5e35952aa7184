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
    n_series, n_time = y.shape
    x = np.asarray(x, dtype=float)
    xs = _design_per_series(x, n_series)
    if xs.shape[1] != n_time:
        raise ValueError(f"x has {xs.shape[1]} periods but y has {n_time}")
    k = xs.shape[2]
    use = np.isfinite(y) & np.isfinite(xs).all(axis=2)
    if mask is not None:
        use &= np.asarray(mask, dtype=bool)
    w = use.astype(float)
    y0 = np.where(use, y, 0.0)
    x0 = np.where(use[:, :, None], xs, 0.0)
    if x.ndim == 2:  # a shared design: X'WX of every series is one matrix product
        x_clean = np.where(np.isfinite(x), x, 0.0)
        outer = (x_clean[:, :, None] * x_clean[:, None, :]).reshape(n_time, k * k)
        xtx = (w @ outer).reshape(n_series, k, k)
        xty = y0 @ x_clean
    else:
        xtx = np.einsum("ntk,ntl->nkl", x0, x0, optimize=True)
        xty = np.einsum("ntk,nt->nk", x0, y0, optimize=True)
    nobs = use.sum(axis=1)
    ok = (nobs > k) & (np.abs(np.linalg.det(xtx)) > 1e-300)
    coef = np.full((n_series, k), np.nan)
    se = np.full((n_series, k), np.nan)
    resid = np.full((n_series, n_time), np.nan)
    if ok.any():
        inv = np.linalg.inv(xtx[ok])
        b = np.einsum("nkl,nl->nk", inv, xty[ok])
        fitted = np.einsum("ntk,nk->nt", xs[ok], b) if x.ndim == 3 else b @ np.where(np.isfinite(x), x, 0.0).T
        r = np.where(use[ok], y0[ok] - fitted, np.nan)
        sigma2 = np.nansum(r**2, axis=1) / (nobs[ok] - k)
        coef[ok] = b
        se[ok] = np.sqrt(np.einsum("nkk->nk", inv) * sigma2[:, None])
        resid[ok] = r
    return BatchedFit(coef, se, resid, nobs)
