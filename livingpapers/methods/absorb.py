"""Many OLS regressions on one sample with its fixed effects absorbed once (Frisch-Waugh-Lovell).

A placebo of 500 re-drawn treatment dates, a wild bootstrap of 999 re-signed residuals or a
Monte Carlo of 200 re-drawn outcomes each asks for hundreds of regressions that share the same
sample and the same fixed effects. Re-estimating each with ``pyfixest.feols`` repeats the costly
part, absorbing the fixed effects, every time. :class:`AbsorbedDesign` absorbs them once:

- the first fixed effect (usually the large one, e.g. firms) is removed by demeaning within its
  groups; the others (years, industries, cities) enter as dummies demeaned the same way and are
  projected out through the pseudo-inverse of their small Gram matrix, built from sparse products
  (no dense rows x levels matrix, no QR), which is exact for any unbalanced panel and for fixed
  effects that are nested in the first (their demeaned dummies are zero and drop out);
- :meth:`AbsorbedDesign.fit_outcomes` then fits one set of regressors to many outcomes;
- the projector is cached by the fixed effects' codes, so regressions on the same rows share it;
- :meth:`AbsorbedDesign.fit_draws` fits one outcome to many draws of the regressors that change
  between draws (the controls stay fixed and are partialled out once).

Both return the coefficients of interest with cluster-robust (CRV1) standard errors, t and p
exactly as ``pyfixest.feols(..., vcov={"CRV1": cluster})`` reports them with its default small
sample correction, on the same rows (``tests/methods/test_absorb.py`` checks this against
pyfixest). The design takes column names, knows no study, and refuses missing values rather than
dropping rows silently. The first fixed effect must fit in memory as group means and the others as
dense dummy matrices (a few hundred levels).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy.linalg
import scipy.sparse as sp
from scipy import stats

BATCH = 100  # draws handled together (memory: rows x batch floats per regressor)
MAX_CACHED = 8  # fixed-effect projectors kept in memory, keyed by the fixed effects' codes
RANK_TOL = 1e-10  # eigenvalues of the demeaned dummies' Gram matrix below this share of the largest are null
_PROJECTORS: dict[str, tuple[sp.csr_matrix, np.ndarray] | None] = {}


def _indicator(codes: np.ndarray, n_levels: int) -> sp.csr_matrix:
    """Sparse (rows x levels) 0/1 matrix of group membership."""
    n = len(codes)
    return sp.csr_matrix((np.ones(n), (np.arange(n), codes)), shape=(n, n_levels))


class AbsorbedDesign:
    """The fixed effects of one sample, absorbed once, for many regressions on that sample.

    ``data`` holds the fixed-effect columns (and the cluster column); ``fixed_effects`` lists them,
    the largest first. Rows are used in the order given, so the arrays passed to the fit methods
    must follow ``data``'s row order.
    """

    def __init__(self, data: pd.DataFrame, fixed_effects: Sequence[str], cluster: str):
        missing = [c for c in (*fixed_effects, cluster) if data[c].isna().any()]
        if missing:
            raise ValueError(f"missing values in {', '.join(missing)}: drop those rows first")
        self.n = len(data)
        first = pd.factorize(data[fixed_effects[0]])[0]
        self._first = _indicator(first, first.max() + 1)
        self._first_counts = np.asarray(self._first.sum(axis=0)).ravel()
        others = [pd.factorize(data[fe])[0] for fe in fixed_effects[1:]]
        key = hashlib.sha1(b"".join(c.astype(np.int64).tobytes() + b"|" for c in (first, *others))).hexdigest()
        if key not in _PROJECTORS:
            _PROJECTORS[key] = self._other_effects(others) if others else None
            while len(_PROJECTORS) > MAX_CACHED:
                _PROJECTORS.pop(next(iter(_PROJECTORS)))
        self._projector = _PROJECTORS[key]
        cluster_codes = pd.factorize(data[cluster])[0]
        self.n_clusters = int(cluster_codes.max() + 1)
        self._cluster = _indicator(cluster_codes, self.n_clusters)
        self.k_fixed_effects = self._counted_fixed_effects(data, fixed_effects, cluster)

    @staticmethod
    def _counted_fixed_effects(data: pd.DataFrame, fixed_effects: Sequence[str], cluster: str) -> int:
        """Fixed-effect levels pyfixest counts in its small-sample factor (``k_fixef="nonnested"``).

        All levels, minus one per fixed effect after the first; a fixed effect nested in the
        clusters (each level inside one cluster) counts one level only.
        """
        levels = {fe: data[fe].nunique() for fe in fixed_effects}
        nested = [fe for fe in fixed_effects if (data.groupby(fe, sort=False)[cluster].nunique() == 1).all()]
        return sum(levels.values()) - (len(fixed_effects) - 1) - sum(levels[fe] for fe in nested) + len(nested)

    def _other_effects(self, others: list[np.ndarray]) -> tuple[sp.csr_matrix, np.ndarray]:
        """The other fixed effects' dummies Z (sparse) and the pseudo-inverse of Z'M_F Z (levels x levels).

        M_F demeans within the first fixed effect. Z'M_F Z = Z'Z - (F'Z)' diag(1/counts) (F'Z) is
        built from sparse products, so the cost grows with the rows, not rows x levels. Levels nested
        in the first fixed effect (the city of a firm that never moves) have a zero diagonal and are
        dropped first; the collinear level of each effect gives a null eigenvalue and drops out of the
        pseudo-inverse.
        """
        z = sp.hstack([_indicator(codes, codes.max() + 1) for codes in others], format="csc")
        fz = self._first.T @ z
        gram = z.T @ z - fz.T @ sp.diags(1.0 / self._first_counts) @ fz
        diagonal = gram.diagonal()
        varying = diagonal > RANK_TOL * max(diagonal.max(initial=0.0), 1.0)
        z, gram = z[:, varying].tocsr(), gram[varying][:, varying].toarray()
        values, vectors = scipy.linalg.eigh(gram)
        kept = values > RANK_TOL * max(values.max(initial=0.0), 1.0)
        return z, (vectors[:, kept] / values[kept]) @ vectors[:, kept].T

    def _demean_first(self, x: np.ndarray) -> np.ndarray:
        means = self._first.T @ x / self._first_counts.reshape(-1, *([1] * (x.ndim - 1)))
        return x - self._first @ means

    def residualize(self, x: np.ndarray) -> np.ndarray:
        """x (rows, or rows x columns) with every fixed effect projected out."""
        x = np.asarray(x, dtype=float)
        if np.isnan(x).any():
            raise ValueError("missing values in a regressor or outcome: drop those rows first")
        w = self._demean_first(x)
        if self._projector is None:
            return w
        z, pinv = self._projector
        return w - self._demean_first(z @ (pinv @ (z.T @ w)))

    def _scale(self, n_coefficients: int) -> float:
        """pyfixest's default CRV1 small-sample factor: G/(G-1) x (N-1)/(N-k), k = coefficients + counted FE."""
        g, k = self.n_clusters, n_coefficients + self.k_fixed_effects
        return g / (g - 1) * (self.n - 1) / (self.n - k)

    def _inference(self, coef: np.ndarray, rows: np.ndarray, resid: np.ndarray, n_coefficients: int) -> pd.DataFrame:
        """CRV1 SE of one coefficient per column: ``rows`` are its rows of (X'X)^-1 X' (rows x draws)."""
        scores = self._cluster.T @ (rows * resid)
        se = np.sqrt(self._scale(n_coefficients) * (scores**2).sum(axis=0))
        t = coef / se
        p = 2 * stats.t.sf(np.abs(t), self.n_clusters - 1)
        return pd.DataFrame({"coef": coef, "se": se, "t": t, "p": p})

    def fit_outcomes(self, outcomes: np.ndarray, regressors: np.ndarray, keep: Sequence[int] = (0,)) -> dict:
        """Regress each column of ``outcomes`` (rows x draws) on the same ``regressors`` (rows x k).

        Returns ``{j: DataFrame(coef, se, t, p) with one row per draw}`` for each regressor index j in ``keep``.
        """
        return self.prepare(regressors, keep).fit(outcomes)

    def prepare(self, regressors: np.ndarray, keep: Sequence[int] = (0,)) -> PreparedRegressors:
        """The regressors residualised once, for outcomes that arrive one at a time (e.g. Monte Carlo draws)."""
        x = self.residualize(np.asarray(regressors, float).reshape(self.n, -1))
        return PreparedRegressors(self, x, np.linalg.solve(x.T @ x, x.T), tuple(keep))

    def fit_draws(
        self, outcome: np.ndarray, draws: np.ndarray, controls: np.ndarray | None = None, keep: int = 0
    ) -> pd.DataFrame:
        """Regress one ``outcome`` on each draw of the changing regressors plus fixed ``controls``.

        ``draws`` is (rows x m x draws): the m regressors that change between draws (for a placebo,
        the pseudo treatment and its interaction). Returns coef, se, t and p of regressor ``keep``
        for every draw.
        """
        controls = np.zeros((self.n, 0)) if controls is None else np.asarray(controls, float).reshape(self.n, -1)
        xc = self.residualize(controls)
        xc_pinv = np.linalg.pinv(xc) if xc.shape[1] else np.zeros((0, self.n))
        y = self.residualize(outcome)
        y = y - xc @ (xc_pinv @ y)
        n_coef = draws.shape[1] + controls.shape[1]
        out = [
            self._draw_batch(y, draws[:, :, s : s + BATCH], xc, xc_pinv, keep, n_coef)
            for s in range(0, draws.shape[2], BATCH)
        ]
        return pd.concat(out, ignore_index=True)

    def _draw_batch(self, y, d, xc, xc_pinv, keep, n_coef) -> pd.DataFrame:
        n, m, r = d.shape
        w = self.residualize(d.reshape(n, m * r).astype(float))
        w = (w - xc @ (xc_pinv @ w)).reshape(n, m, r)
        gram = np.einsum("nir,njr->rij", w, w)
        cross = np.einsum("nir,n->ri", w, y)
        beta = np.linalg.solve(gram, cross[..., None])[..., 0]  # (r x m)
        resid = y[:, None] - np.einsum("nir,ri->nr", w, beta)
        rows = np.einsum("nir,ri->nr", w, np.linalg.inv(gram)[:, :, keep])
        return self._inference(beta[:, keep], rows, resid, n_coef)


@dataclass
class PreparedRegressors:
    """Regressors residualised on an :class:`AbsorbedDesign`, with their projector (X'X)^-1 X'."""

    design: AbsorbedDesign
    x: np.ndarray
    projector: np.ndarray
    keep: tuple[int, ...]

    def fit(self, outcomes: np.ndarray) -> dict:
        """Regress each column of ``outcomes`` on the prepared regressors (see :meth:`AbsorbedDesign.fit_outcomes`)."""
        y = self.design.residualize(np.atleast_2d(np.asarray(outcomes, float).T).T)
        beta = self.projector @ y
        resid = y - self.x @ beta
        return {
            j: self.design._inference(beta[j], self.projector[j][:, None], resid, self.x.shape[1]) for j in self.keep
        }


def singleton_rows(data: pd.DataFrame, fixed_effects: Sequence[str]) -> np.ndarray:
    """Rows pyfixest drops as singletons (a fixed-effect level seen once), found iteratively.

    Build an :class:`AbsorbedDesign` on ``data[~singleton_rows(data, fes)]`` to use the same rows
    as ``pyfixest.feols`` with its default ``fixef_rm="singleton"``.
    """
    drop = np.zeros(len(data), dtype=bool)
    while True:
        kept = data.loc[~drop, list(fixed_effects)]
        lonely = np.zeros(len(kept), dtype=bool)
        for fe in fixed_effects:
            lonely |= kept[fe].map(kept[fe].value_counts()).to_numpy() == 1
        if not lonely.any():
            return drop
        drop[np.flatnonzero(~drop)[lonely]] = True


@dataclass
class AbsorbedFit:
    """One OLS fit with absorbed fixed effects and several cluster-robust covariances.

    Reads like a statsmodels result for the covariance named ``label`` (``params``, ``bse``,
    ``tvalues``, ``pvalues``, ``nobs``, ``rsquared_adj``), so the toolkit's table builders accept
    it; :meth:`using` switches to another of the covariances computed.
    """

    params: pd.Series
    covariances: dict
    residual_df: dict
    nobs: int
    rsquared_adj: float
    resid: pd.Series
    label: str

    def using(self, label: str) -> AbsorbedFit:
        return replace(self, label=label)

    @property
    def cov(self) -> pd.DataFrame:
        return self.covariances[self.label]

    @property
    def bse(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.cov)), index=self.params.index)

    @property
    def tvalues(self) -> pd.Series:
        return self.params / self.bse

    @property
    def pvalues(self) -> pd.Series:
        return pd.Series(2 * stats.t.sf(np.abs(self.tvalues), self.residual_df[self.label]), index=self.params.index)


def _cluster_scores_cov(bread: np.ndarray, scores: np.ndarray, codes: np.ndarray) -> np.ndarray:
    summed = _indicator(codes, codes.max() + 1).T @ scores
    return bread @ (summed.T @ summed) @ bread


def fit(
    data: pd.DataFrame,
    outcome: str,
    regressors: Sequence[str],
    fixed_effects: Sequence[str],
    vcov: dict[str, str],
    default: str | None = None,
) -> AbsorbedFit:
    """OLS of ``outcome`` on ``regressors`` with ``fixed_effects`` absorbed exactly.

    ``vcov`` maps a label to a cluster specification, one column ("city") or two joined by "+"
    ("firm+city", Cameron-Gelbach-Miller two-way). Rows with a missing value in any column used
    are left out, then singletons (as pyfixest does by default); standard errors, t and p follow
    pyfixest's default CRV1 small-sample rules, so results match ``pyfixest.feols`` with
    ``vcov={"CRV1": ...}`` (tested). Exact and fast where pyfixest's alternating projections
    converge slowly: fixed effects nested in the first (industries and cities of firms that
    seldom move) cost one QR here.
    """
    clusters = sorted({c for spec in vcov.values() for c in spec.split("+")})
    used = [outcome, *regressors, *fixed_effects, *clusters]
    frame = data.loc[data[used].notna().all(axis=1), list(dict.fromkeys(used))]
    frame = frame[~singleton_rows(frame, list(fixed_effects))].reset_index(drop=True)
    design = AbsorbedDesign(frame, fixed_effects, clusters[0])
    x = design.residualize(frame[list(regressors)].to_numpy(float))
    y = design.residualize(frame[outcome].to_numpy(float))
    bread = np.linalg.inv(x.T @ x)
    beta = bread @ x.T @ y
    resid = y - x @ beta
    n, k = len(frame), len(regressors)
    levels = [frame[fe].nunique() for fe in fixed_effects]
    y_raw = frame[outcome].to_numpy(float)
    k_fe = sum(level - 1 for level in levels) + 1
    adj_r2 = 1 - (resid @ resid) / ((y_raw - y_raw.mean()) ** 2).sum() * (n - 1) / (n - k - k_fe)
    covariances, residual_df = {}, {}
    for label, spec in vcov.items():
        covariances[label], residual_df[label] = _crv1(
            frame, spec.split("+"), fixed_effects, x * resid[:, None], bread, k
        )
    names = list(regressors)
    return AbsorbedFit(
        pd.Series(beta, index=names),
        {lab: pd.DataFrame(v, index=names, columns=names) for lab, v in covariances.items()},
        residual_df,
        n,
        float(adj_r2),
        pd.Series(resid, name="resid"),
        default or next(iter(vcov)),
    )


def _crv1(frame, cluster_cols, fixed_effects, scores, bread, k) -> tuple[np.ndarray, int]:
    """One- or two-way CRV1 covariance with pyfixest's default small-sample factors."""
    columns = [frame[c].astype(str) for c in cluster_cols]
    if len(columns) == 2:
        columns.append(columns[0] + "|" + columns[1])
    codes = [pd.factorize(c)[0] for c in columns]
    n_clusters = [c.max() + 1 for c in codes]
    g = min(n_clusters)
    levels = {fe: frame[fe].nunique() for fe in fixed_effects}
    nested = [
        fe
        for fe in fixed_effects
        if any((pd.Series(c).groupby(frame[fe].to_numpy()).nunique() == 1).all() for c in codes)
    ]
    df_k = k + sum(levels.values()) - (len(fixed_effects) - 1) - sum(levels[fe] for fe in nested) + len(nested)
    n = len(frame)
    scale = (n - 1) / (n - df_k) * g / (g - 1)
    signs = [1, 1, -1] if len(codes) == 3 else [1]
    cov = sum(s * _cluster_scores_cov(bread, scores, c) for s, c in zip(signs, codes))
    return scale * cov, g - 1
