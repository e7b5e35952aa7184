"""Pooled OLS with year fixed effects, as the paper estimates eq. (10)-(11).

The paper prints the coefficient, the t-value, the constant (the base year's intercept), R², the
overall F statistic and N. :func:`ols` returns exactly those, with iid (the paper's apparent
choice), heteroskedasticity-robust (HC1) or fund-clustered (CRV1) standard errors. It is numpy
least squares with year dummies; ``tests/studies/fund_herding`` checks it against statsmodels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats


@dataclass
class Fit:
    """One regression: coefficients with SE, t and p; R², F (all regressors but the constant), N."""

    coef: pd.Series
    se: pd.Series
    r2: float
    f: float
    n: int
    dof: int

    @property
    def t(self) -> pd.Series:
        return self.coef / self.se

    @property
    def p(self) -> pd.Series:
        return pd.Series(2 * stats.t.sf(np.abs(self.t), self.dof), index=self.coef.index)

    def estimate(self, name: str) -> tuple[float, float, float]:
        """(coef, se, p) of one regressor, for the claims ledger."""
        return float(self.coef[name]), float(self.se[name]), float(self.p[name])


def design(panel: pd.DataFrame, xvars: list[str], fe: str | None = "year") -> tuple[np.ndarray, list[str]]:
    """[constant, xvars, dummies of ``fe`` without the first level]."""
    cols = [np.ones(len(panel))] + [panel[x].to_numpy(float) for x in xvars]
    names = ["Constant", *xvars]
    if fe is not None:
        levels = np.sort(panel[fe].unique())
        codes = np.searchsorted(levels, panel[fe].to_numpy())
        for k, level in enumerate(levels[1:], start=1):
            cols.append((codes == k).astype(float))
            names.append(f"{fe}={level}")
    return np.column_stack(cols), names


def ols(
    panel: pd.DataFrame, y: str, xvars: list[str], fe: str | None = "year", vcov: str = "iid", cluster: str = "fund_id"
) -> Fit:
    """OLS of ``y`` on ``xvars`` with ``fe`` dummies; ``vcov`` is "iid", "hetero" (HC1) or "cluster" (CRV1)."""
    data = panel.dropna(subset=[y, *xvars])
    x, names = design(data, xvars, fe)
    yy = data[y].to_numpy(float)
    n, k = x.shape
    xtx_inv = np.linalg.pinv(x.T @ x)
    b = xtx_inv @ x.T @ yy
    resid = yy - x @ b
    if vcov == "iid":
        cov = xtx_inv * (resid @ resid) / (n - k)
    elif vcov == "hetero":
        meat = (x * resid[:, None] ** 2).T @ x
        cov = xtx_inv @ meat @ xtx_inv * n / (n - k)
    elif vcov == "cluster":
        groups = pd.factorize(data[cluster])[0]
        scores = np.zeros((groups.max() + 1, k))
        np.add.at(scores, groups, x * resid[:, None])
        g = scores.shape[0]
        cov = xtx_inv @ (scores.T @ scores) @ xtx_inv * g / (g - 1) * (n - 1) / (n - k)
    else:
        raise ValueError(f"vcov must be 'iid', 'hetero' or 'cluster', not {vcov!r}")
    tss = ((yy - yy.mean()) ** 2).sum()
    r2 = 1 - (resid @ resid) / tss
    f = (r2 / (k - 1)) / ((1 - r2) / (n - k))
    dof = (g - 1) if vcov == "cluster" else n - k
    return Fit(pd.Series(b, names), pd.Series(np.sqrt(np.diag(cov)), names), float(r2), float(f), int(n), int(dof))


def key_coefficients(panel: pd.DataFrame, columns: list[str], key: str, controls: list[str]) -> np.ndarray:
    """Coefficient on ``key`` in the regression of each of ``columns`` on [key, controls, year FE].

    One least-squares solve for all columns: the projections the stand-in uses to solve its planted
    coefficients, and the noiseless (true) coefficients the ledger compares with.
    """
    x, names = design(panel, [key, *controls])
    y = panel[columns].to_numpy(float)
    b = np.linalg.lstsq(x, y, rcond=None)[0]
    return b[names.index(key)]
