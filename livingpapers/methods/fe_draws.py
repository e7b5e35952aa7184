"""PPML and OLS with two fixed effects for many outcome draws on one design, fitted in batches.

A Monte Carlo or a per-claim design diagnosis re-draws the outcome hundreds of times while the
regressors, the fixed effects and the clusters stay those of one dataset: only ``y`` changes (and,
for OLS on logs, which rows have a positive outcome). Calling ``pyfixest.fepois`` or ``feols`` on
each draw rebuilds the model matrix, re-checks separation and re-demeans by alternating projections
every time. :class:`DrawDesign` builds the design once and fits all the draws of a batch together:

- the first (large) fixed effect is concentrated out exactly by weighted group means and the second
  (small, e.g. years) enters as dummy columns, so each iteratively reweighted least-squares step is
  an exact Newton step, taken for every draw at once (batched ``numpy.matmul`` and ``solve``);
- PPML iterates until every draw's relative change of deviance is below ``tol`` (pyfixest's
  criterion and default); ``start`` warm-starts the linear predictor (for example at the planted
  truth of a simulation), which saves iterations and changes nothing else;
- each draw uses the rows pyfixest would use: missing outcomes are left out, singletons of either
  fixed effect dropped, and for PPML the rows of a fixed-effect level whose outcome is zero
  throughout (separated) dropped;
- standard errors are heteroskedasticity-robust or clustered (CRV1) with pyfixest's default
  small-sample factors; p-values are normal for PPML and Student t for OLS, as pyfixest reports them.

``tests/methods/test_fe_draws.py`` checks coefficients, standard errors and p-values against
``pyfixest.fepois`` and ``pyfixest.feols`` draw by draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from livingpapers.methods.checks import MethodInputError, require_columns, require_finite, require_no_missing

BATCH = 100  # draws fitted together (memory: draws x rows x columns floats, a few tens of MB)


@dataclass
class DrawFits:
    """Coefficients, standard errors and p-values of every draw: arrays of shape (draws, regressors)."""

    names: list[str]
    coef: np.ndarray
    se: np.ndarray
    p: np.ndarray
    n_obs: np.ndarray  # rows used in each draw
    iterations: int  # the most IRLS steps any batch needed (1 for OLS)

    def regressor(self, name: str) -> pd.DataFrame:
        """One regressor's coef, se and p in every draw (one row per draw)."""
        j = self.names.index(name)
        return pd.DataFrame({"coef": self.coef[:, j], "se": self.se[:, j], "p": self.p[:, j]})


def _indicator(codes: np.ndarray, n_levels: int) -> sp.csr_matrix:
    """Sparse (levels x rows) 0/1 matrix: row g sums the rows of level g."""
    n = len(codes)
    return sp.csr_matrix((np.ones(n), (codes, np.arange(n))), shape=(n_levels, n))


def _group_sums(indicator: sp.csr_matrix, values: np.ndarray) -> np.ndarray:
    """Sums by level of ``values`` (draws x rows) -> (draws x levels)."""
    return np.asarray(indicator @ values.T).T


class DrawDesign:
    """Regressors, two fixed effects and a covariance, built once for fitting many outcome draws.

    ``data`` holds ``regressors`` and the two ``fixed_effects`` (the larger first); ``vcov`` is
    ``"hetero"`` (robust) or a column to cluster by. Outcomes passed to :meth:`ppml` and :meth:`ols`
    are arrays (rows x draws) in ``data``'s row order.

    Each weighted least-squares step works on cross-products only: with A the regressors and the
    second effect's dummies, W a draw's weights and m_g, t_g the weighted means and total weight of
    level g of the first effect, the within Gram matrix is A'WA - sum_g t_g m_g m_g'. A'WA for all
    draws is one matrix product with the rows' outer products (formed once), and the level sums one
    sparse product, so no (draws x rows x columns) array is ever built.
    """

    def __init__(self, data: pd.DataFrame, regressors: Sequence[str], fixed_effects: Sequence[str], vcov: str):
        if len(fixed_effects) != 2:
            raise MethodInputError(f"DrawDesign takes exactly two fixed effects, got {list(fixed_effects)}")
        cluster = [] if vcov == "hetero" else [vcov]
        require_columns(data, [*regressors, *fixed_effects])
        require_columns(data, cluster, "cluster")
        require_finite(data, list(regressors))
        require_no_missing(data, list(dict.fromkeys([*fixed_effects, *cluster])))
        self.names = list(regressors)
        self.n, self.k = len(data), len(self.names)
        self._codes = [pd.factorize(data[fe])[0] for fe in fixed_effects]
        self._levels = [int(c.max()) + 1 for c in self._codes]
        self._sums = [_indicator(c, g) for c, g in zip(self._codes, self._levels)]
        second = np.zeros((self.n, self._levels[1] - 1))
        rows = self._codes[1] > 0
        second[np.flatnonzero(rows), self._codes[1][rows] - 1] = 1.0
        a = np.hstack([data[self.names].to_numpy(float), second])
        # centred within the first effect (which absorbs any level constant): keeps A'WA - sum t m m' exact
        counts = np.bincount(self._codes[0], minlength=self._levels[0])
        self._a = a - (np.asarray(self._sums[0] @ a) / counts[:, None])[self._codes[0]]
        self._p = self._a.shape[1]
        self._outer = (self._a[:, :, None] * self._a[:, None, :]).reshape(self.n, -1)
        first, columns = self._codes[0], np.arange(self._p)
        self._spread = sp.csr_matrix(  # (levels*columns x rows): level g's block holds its rows of A
            (self._a.ravel(), ((first[:, None] * self._p + columns).ravel(), np.repeat(np.arange(self.n), self._p))),
            shape=(self._levels[0] * self._p, self.n),
        )
        self._cluster = None
        if cluster:
            codes = pd.factorize(data[vcov])[0]
            self._cluster = _indicator(codes, int(codes.max()) + 1)
            self._pairs = [self._pair_structure(c, g, codes) for c, g in zip(self._codes, self._levels)]
        self._check_rank(fixed_effects)

    @staticmethod
    def _pair_structure(codes: np.ndarray, n_levels: int, clusters: np.ndarray):
        """The (level, cluster) pairs of one fixed effect: rows -> pairs, and pairs -> levels."""
        pair, pairs = pd.factorize(codes.astype(np.int64) * (clusters.max() + 1) + clusters)
        level_of_pair = np.asarray(pairs) // (clusters.max() + 1)
        return _indicator(pair, len(pairs)), _indicator(level_of_pair, n_levels)

    def _check_rank(self, fixed_effects: Sequence[str]) -> None:
        """Refuse regressors that the fixed effects (or the other regressors) absorb."""
        gram = self._cross_products(np.ones((1, self.n)), np.zeros((1, self.n)))[0][0]
        scale = np.sqrt(np.diag(gram))
        eigenvalues = np.linalg.eigvalsh(gram / np.outer(scale, scale)) if (scale > 0).all() else [0.0]
        if min(eigenvalues) < 1e-10:
            raise MethodInputError(
                f"the regressors {self.names} are collinear with each other or with the fixed effects "
                f"{list(fixed_effects)}: drop the collinear ones"
            )

    # --- rows ----------------------------------------------------------------------------------
    def _level_counts(self, which: int, use: np.ndarray) -> np.ndarray:
        """(draws x levels) number of used rows of each level of fixed effect ``which``."""
        return _group_sums(self._sums[which], use.astype(float))

    def _usable(self, y: np.ndarray, poisson: bool) -> np.ndarray:
        """(draws x rows) rows each draw uses: finite outcome, no singleton, not separated (PPML)."""
        use = np.isfinite(y)
        while True:
            lonely = np.zeros_like(use)
            for which, codes in enumerate(self._codes):
                lonely |= self._level_counts(which, use)[:, codes] == 1
            lonely &= use
            if not lonely.any():
                break
            use &= ~lonely
        if poisson:
            positive = use & (np.nan_to_num(y) > 0)
            separated = np.zeros_like(use)
            for which, codes in enumerate(self._codes):
                separated |= (self._level_counts(which, positive) == 0)[:, codes]
            use &= ~separated
        return use

    # --- weighted least squares for a batch of draws ----------------------------------------------
    def _cross_products(self, w: np.ndarray, z: np.ndarray):
        """Within Gram matrices and right-hand sides of every draw, with the first effect's level
        means of A (draws x levels x columns), level sums of w z and inverse total weights."""
        b, p = len(w), self._p
        totals = _group_sums(self._sums[0], w)
        inverse = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
        sums = np.asarray(self._spread @ w.T).T.reshape(b, self._levels[0], p)
        means = sums * inverse[:, :, None]
        wz = w * z
        z_sums = _group_sums(self._sums[0], wz)
        gram = (w @ self._outer).reshape(b, p, p) - np.einsum("bgp,bgq->bpq", means, sums)
        rhs = wz @ self._a - np.einsum("bgp,bg->bp", means, z_sums)
        return gram, rhs, means, z_sums * inverse

    def _wls(self, w: np.ndarray, z: np.ndarray):
        """One weighted least-squares fit of ``z`` per draw: coefficients, fitted values, Gram and level means."""
        gram, rhs, means, z_means = self._cross_products(w, z)
        absent = _group_sums(self._sums[1], (w > 0).astype(float))[:, 1:] == 0  # second-effect levels no row uses
        if absent.any():  # their dummies drop out: identity rows and columns, coefficient 0
            draw, level = np.nonzero(absent)
            column = self.k + level
            gram[draw, column, :] = 0.0
            gram[draw, :, column] = 0.0
            gram[draw, column, column] = 1.0
            rhs[draw, column] = 0.0
        beta = np.linalg.solve(gram, rhs[:, :, None])[:, :, 0]
        level = z_means - np.einsum("bgp,bp->bg", means, beta)  # each level's weighted mean of z - A beta
        return beta, beta @ self._a.T + level[:, self._codes[0]], gram, means

    def _inference(self, w, resid, gram, means, use) -> tuple[np.ndarray, np.ndarray]:
        """Standard errors of the regressors and the t degrees of freedom (pyfixest's default small-sample factors).

        The influence of row i on the coefficients is (within Gram)^-1 (a_i - m_g(i)) w_i e_i.
        """
        k = self.k
        head = np.linalg.inv(gram)[:, :k, :]  # (draws, k, columns)
        rows = head @ self._a.T - np.einsum("bkp,bgp->bkg", head, means)[:, :, self._codes[0]]
        scores = rows * (w * resid)[:, None, :]
        n_obs = use.sum(axis=1)
        k_fe = sum((self._level_counts(which, use) > 0).sum(axis=1) for which in range(2))
        if self._cluster is None:
            meat = (scores**2).sum(axis=2)
            df_k = k + k_fe - 1
            scale, df_t = n_obs / (n_obs - df_k), n_obs - df_k
        else:
            by_cluster = np.asarray(self._cluster @ scores.transpose(2, 0, 1).reshape(self.n, -1))
            meat = (by_cluster**2).sum(axis=0).reshape(len(w), k)
            g = (_group_sums(self._cluster, use.astype(float)) > 0).sum(axis=1)
            nested_levels, n_nested = self._nested(use)
            df_k = k + k_fe - 1 - nested_levels + n_nested
            scale, df_t = (n_obs - 1) / (n_obs - df_k) * g / (g - 1), g - 1
        return np.sqrt(scale[:, None] * meat), df_t

    def _nested(self, use: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per draw: the used levels of the fixed effects nested in the clusters (each level within one
        cluster), and how many fixed effects are so nested (pyfixest's ``k_fixef="nonnested"`` rule)."""
        levels = np.zeros(len(use), dtype=int)
        count = np.zeros(len(use), dtype=int)
        for pair_rows, pair_levels in self._pairs:
            present = (_group_sums(pair_rows, use.astype(float)) > 0).astype(float)
            clusters_per_level = _group_sums(pair_levels, present)
            nested = (clusters_per_level <= 1).all(axis=1)
            levels += np.where(nested, (clusters_per_level > 0).sum(axis=1), 0)
            count += nested
        return levels, count

    def _finish(self, beta, se, df_t, use, poisson: bool, iterations: int) -> DrawFits:
        coef = beta[:, : self.k]
        t = coef / se
        p = 2 * stats.norm.sf(np.abs(t)) if poisson else 2 * stats.t.sf(np.abs(t), df_t[:, None])
        return DrawFits(self.names, coef, se, p, use.sum(axis=1), iterations)

    # --- the estimators -----------------------------------------------------------------------------
    def ols(self, outcomes: np.ndarray) -> DrawFits:
        """OLS of every column of ``outcomes`` (rows x draws; NaN leaves a row out of that draw)."""
        y = self._draws(outcomes)
        parts = []
        for s in range(0, len(y), BATCH):
            yb = y[s : s + BATCH]
            use = self._usable(yb, poisson=False)
            w, z = use.astype(float), np.where(use, yb, 0.0)
            beta, fitted, gram, means = self._wls(w, z)
            se, df_t = self._inference(w, z - fitted, gram, means, use)
            parts.append(self._finish(beta, se, df_t, use, False, 1))
        return _concat(parts)

    def ppml(self, outcomes: np.ndarray, start: np.ndarray | None = None, tol: float = 1e-8, max_iter: int = 50):
        """Poisson PML of every column of ``outcomes`` (rows x draws, non-negative; NaN leaves a row out).

        ``start``: a linear predictor (rows x draws) to start from, e.g. the log of the simulated
        mean; by default pyfixest's start, mu = (y + mean y) / 2. Iterates until the relative change
        of deviance is below ``tol`` in every draw of a batch.
        """
        y = self._draws(outcomes)
        if (np.nan_to_num(y) < 0).any():
            raise MethodInputError("PPML needs a non-negative outcome")
        eta0 = None if start is None else self._draws(start)
        parts = []
        for s in range(0, len(y), BATCH):
            yb = y[s : s + BATCH]
            use = self._usable(yb, poisson=True)
            parts.append(
                self._ppml_batch(
                    np.where(use, yb, 0.0), use, None if eta0 is None else eta0[s : s + BATCH], tol, max_iter
                )
            )
        return _concat(parts)

    def _ppml_batch(self, y, use, eta, tol, max_iter) -> DrawFits:
        mask = use.astype(float)
        if eta is None:
            mean = (y * mask).sum(axis=1, keepdims=True) / mask.sum(axis=1, keepdims=True)
            eta = np.log((y + mean) / 2)
        mu = np.exp(eta)
        last = _deviance(y, mu, use)
        for iterations in range(1, max_iter + 1):  # noqa: B007 (reported below)
            z = eta + y / mu - 1
            w = mu * mask
            beta, eta, gram, means = self._wls(w, z)
            mu = np.exp(eta)
            deviance = _deviance(y, mu, use)
            converged = np.abs(deviance - last) / (0.1 + np.abs(last)) < tol
            last = deviance
            if converged.all():
                break
        else:
            raise MethodInputError(f"PPML did not converge in {max_iter} iterations in {int((~converged).sum())} draws")
        se, _ = self._inference(w, z - eta, gram, means, use)
        return self._finish(beta, se, None, use, True, iterations)

    def _draws(self, outcomes: np.ndarray) -> np.ndarray:
        """Outcomes as (draws x rows) floats, checked against the design's rows."""
        values = np.asarray(outcomes, dtype=float)
        values = values.reshape(self.n, -1) if values.ndim == 1 else values
        if values.shape[0] != self.n:
            raise MethodInputError(f"outcomes have {values.shape[0]} rows, the design {self.n}")
        return np.ascontiguousarray(values.T)


def _deviance(y: np.ndarray, mu: np.ndarray, use: np.ndarray) -> np.ndarray:
    """Poisson deviance of each draw over its used rows."""
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)
    return 2 * np.where(use, term, 0.0).sum(axis=1)


def _concat(parts: list[DrawFits]) -> DrawFits:
    return DrawFits(
        parts[0].names,
        *(np.concatenate([getattr(p, name) for p in parts]) for name in ("coef", "se", "p", "n_obs")),
        max(p.iterations for p in parts),
    )
