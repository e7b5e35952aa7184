"""First-stage diagnostics for instrumental variables, with any number of instruments and
endogenous regressors, as Stata's ``ivreg2`` reports them.

:func:`first_stage` partials the exogenous regressors (and any fixed effects) out of the
endogenous regressors and the excluded instruments (Frisch-Waugh-Lovell) and computes:

- the Cragg-Donald Wald F (homoskedastic weak-identification statistic, compared with the
  Stock-Yogo critical values);
- the Kleibergen-Paap (2006) rk LM statistic (under-identification test, robust or clustered)
  and rk Wald F (robust weak-identification statistic);
- the Sanderson-Windmeijer (2016) conditional first-stage F for each endogenous regressor.

Degrees of freedom come from ranks: collinear controls count once, fixed effects count their
levels (less one per additional fixed effect). ``tests/methods/test_iv.py`` checks every statistic
against ivreg2's output on Card's (1995) data and on ivreg2 benchmarks with two endogenous
regressors and with clusters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from livingpapers.methods.checks import MethodInputError, as_list, require_count, require_variables


@dataclass
class FirstStage:
    """First-stage diagnostics (see :func:`first_stage`)."""

    n_obs: int
    n_instruments: int
    n_endogenous: int
    df_resid: int  # N minus the rank of all exogenous regressors and instruments
    n_clusters: int | None
    cragg_donald_f: float
    kleibergen_paap_lm: float
    kleibergen_paap_lm_df: int
    kleibergen_paap_lm_p: float
    kleibergen_paap_f: float
    sanderson_windmeijer: pd.DataFrame  # per endogenous regressor: F, df1, df2, p
    coefficients: pd.DataFrame  # instruments x endogenous: first-stage coefficients after partialling

    def summary(self) -> pd.Series:
        """The statistics as one labelled series (for a table row)."""
        out = {
            "Cragg-Donald Wald F": self.cragg_donald_f,
            "Kleibergen-Paap rk LM": self.kleibergen_paap_lm,
            "Kleibergen-Paap rk LM p-value": self.kleibergen_paap_lm_p,
            "Kleibergen-Paap rk Wald F": self.kleibergen_paap_f,
        }
        out.update({f"Sanderson-Windmeijer F ({k})": v for k, v in self.sanderson_windmeijer["F"].items()})
        return pd.Series(out)


def _fe_dof(data: pd.DataFrame, fe: list[str]) -> int:
    """Parameters absorbed by the fixed effects: all levels, less one per additional fixed effect."""
    if not fe:
        return 0
    return int(sum(data[f].nunique() for f in fe) - (len(fe) - 1))


def _demean(values: np.ndarray, data: pd.DataFrame, fe: list[str], tol: float = 1e-12) -> np.ndarray:
    """Remove the fixed effects by alternating projections (exact in one pass for one fixed effect)."""
    out = values.copy()
    codes = [pd.factorize(data[f])[0] for f in fe]
    for _ in range(10_000):
        previous = out.copy()
        for c in codes:
            counts = np.bincount(c).astype(float)
            means = np.stack([np.bincount(c, weights=out[:, j]) / counts for j in range(out.shape[1])], axis=1)
            out = out - means[c]
        if len(codes) == 1 or np.max(np.abs(out - previous)) < tol * max(1.0, np.max(np.abs(values))):
            break
    return out


def _rank(matrix: np.ndarray) -> int:
    return int(np.linalg.matrix_rank(matrix)) if matrix.shape[1] else 0


def _partial(data, endog, instruments, exog, fe) -> tuple[np.ndarray, np.ndarray, int]:
    """Endogenous regressors and instruments with exogenous regressors and fixed effects partialled
    out, and the number of parameters partialled (rank of the exogenous block)."""
    block = data[[*endog, *instruments, *exog]].to_numpy(float)
    if fe:
        block = _demean(block, data, fe)
        w = block[:, len(endog) + len(instruments) :]
        k_exog = _fe_dof(data, fe) + _rank(w)
    else:
        w = np.column_stack([np.ones(len(data)), block[:, len(endog) + len(instruments) :]])
        k_exog = _rank(w)
    xz = block[:, : len(endog) + len(instruments)]
    if w.shape[1]:
        xz = xz - w @ np.linalg.lstsq(w, xz, rcond=None)[0]
    return xz[:, : len(endog)], xz[:, len(endog) :], k_exog


def _meat(scores: np.ndarray, clusters: np.ndarray | None) -> np.ndarray:
    """Sum of outer products of the scores, by observation or summed within clusters first."""
    if clusters is not None:
        codes = pd.factorize(clusters)[0]
        scores = np.stack([np.bincount(codes, weights=scores[:, j]) for j in range(scores.shape[1])], axis=1)
    return scores.T @ scores


def _robust_wald(z: np.ndarray, e: np.ndarray, clusters: np.ndarray | None) -> float:
    """Wald statistic that all coefficients of z in a regression of e on z are zero (robust/clustered)."""
    zz_inv = np.linalg.inv(z.T @ z)
    b = zz_inv @ z.T @ e
    resid = e - z @ b
    v = zz_inv @ _meat(z * resid[:, None], clusters) @ zz_inv
    return float(b @ np.linalg.solve(v, b))


def _rk_statistic(x: np.ndarray, z: np.ndarray, clusters: np.ndarray | None, lm: bool) -> float:
    """Kleibergen-Paap (2006) rk statistic for H0: rank(Pi) = L - 1, Pi the (K x L) first-stage
    coefficients; Wald form (unrestricted residuals) or LM form (scores under the null)."""
    n, k = z.shape
    n_endog = x.shape[1]
    zz = z.T @ z
    pi = np.linalg.solve(zz, z.T @ x)
    f = np.linalg.cholesky(zz / n).T
    g = np.linalg.cholesky(np.linalg.inv(x.T @ x / n)).T
    theta = f @ pi @ g.T
    u, _, vt = np.linalg.svd(theta)
    u2, v2 = u[:, n_endog - 1 :], vt.T[:, n_endog - 1 :]
    lam = (u2.T @ theta @ v2).ravel()
    if lm:  # residuals of the reduced form under the null: the instruments explain nothing in direction v2
        e = x - z @ (pi @ g.T @ (np.eye(n_endog) - v2 @ v2.T) @ np.linalg.inv(g.T))
    else:
        e = x - z @ pi
    scores = np.einsum("il,ik->ilk", e, z).reshape(n, -1)  # vec order: endogenous-major, as vec(Pi)
    zz_inv = np.kron(np.eye(n_endog), np.linalg.inv(zz))
    v_pi = zz_inv @ _meat(scores, clusters) @ zz_inv
    gf = np.kron(g, f)
    select = np.kron(v2.T, u2.T)
    omega = select @ gf @ v_pi @ gf.T @ select.T
    return float(lam @ np.linalg.solve(omega, lam))


def _sanderson_windmeijer(x, z, clusters, df_resid, endog) -> pd.DataFrame:
    """Conditional first-stage F for each endogenous regressor (Sanderson and Windmeijer 2016): the
    residual of x_j on the other endogenous regressors (by 2SLS with the instruments) tested against
    the instruments (robust or clustered Wald), with K - L + 1 numerator degrees of freedom."""
    n, k = z.shape
    n_endog = x.shape[1]
    pz = z @ np.linalg.solve(z.T @ z, z.T @ x)
    df1 = k - n_endog + 1
    rows = {}
    for j, name in enumerate(endog):
        others = [i for i in range(n_endog) if i != j]
        e = x[:, j].copy()
        if others:
            delta = np.linalg.lstsq(pz[:, others], x[:, j], rcond=None)[0]
            e = e - x[:, others] @ delta
        chi2 = _robust_wald(z, e, clusters)
        f_stat = chi2 / df1 * _f_scale(n, df_resid, clusters)
        rows[name] = {"F": f_stat, "df1": df1, "df2": df_resid, "p": float(stats.f.sf(f_stat, df1, df_resid))}
    return pd.DataFrame(rows).T.astype({"df1": int, "df2": int})


def _f_scale(n: int, df_resid: int, clusters: np.ndarray | None) -> float:
    """ivreg2's scaling of a Wald statistic into an F: (N-K)/N, or (N-K)/(N-1) (G-1)/G with clusters."""
    if clusters is None:
        return df_resid / n
    g = len(np.unique(clusters))
    return df_resid / (n - 1) * (g - 1) / g


def first_stage(
    data: pd.DataFrame,
    endog: str | Sequence[str],
    instruments: str | Sequence[str],
    exog: Sequence[str] = (),
    fe: str | Sequence[str] | None = None,
    cluster: str | None = None,
) -> FirstStage:
    """First-stage diagnostics of an IV model with endogenous regressors ``endog``, excluded
    ``instruments``, included exogenous regressors ``exog`` (a constant is added unless fixed
    effects ``fe`` are given) and fixed effects ``fe``.

    The Kleibergen-Paap statistics and the Sanderson-Windmeijer F are heteroskedasticity-robust, or
    cluster-robust by ``cluster``; the Cragg-Donald F assumes homoskedasticity. Conventions follow
    ivreg2 without the ``small`` option: F statistics are scaled by (N - K)/N (and (G - 1)/G with
    clusters, with N - 1 in place of N), K the rank of exogenous regressors (fixed effects included) plus instruments.
    """
    endog, instruments, exog, fe = as_list(endog), as_list(instruments), as_list(exog), as_list(fe)
    require_count(len(endog), 1, "endogenous regressors")
    require_count(len(instruments), len(endog), "instruments (at least one per endogenous regressor)")
    require_variables(data, [*endog, *instruments, *exog], fe + ([cluster] if cluster else []))
    x, z, k_exog = _partial(data, endog, instruments, exog, fe)
    n, k = z.shape
    if _rank(z) < k:
        raise MethodInputError("the instruments are collinear once the exogenous regressors are partialled out")
    if _rank(x) < x.shape[1]:
        raise MethodInputError(
            "the endogenous regressors are collinear once the exogenous regressors are partialled out"
        )
    clusters = data[cluster].to_numpy() if cluster else None
    if cluster:
        require_count(len(np.unique(clusters)), 2, f"clusters in {cluster!r}")
    df_resid = n - k_exog - k
    require_count(df_resid, 1, "residual degrees of freedom")
    fitted = z @ np.linalg.solve(z.T @ z, z.T @ x)
    sigma = (x - fitted).T @ (x - fitted) / df_resid
    root = np.linalg.inv(np.linalg.cholesky(sigma)).T
    cd = float(np.linalg.eigvalsh(root.T @ (x.T @ fitted) @ root).min() / k)
    lm = _rk_statistic(x, z, clusters, lm=True)
    wald = _rk_statistic(x, z, clusters, lm=False)
    lm_df = k - x.shape[1] + 1
    return FirstStage(
        n_obs=n,
        n_instruments=k,
        n_endogenous=x.shape[1],
        df_resid=df_resid,
        n_clusters=None if clusters is None else len(np.unique(clusters)),
        cragg_donald_f=cd,
        kleibergen_paap_lm=lm,
        kleibergen_paap_lm_df=lm_df,
        kleibergen_paap_lm_p=float(stats.chi2.sf(lm, lm_df)),
        kleibergen_paap_f=wald / k * _f_scale(n, df_resid, clusters),
        sanderson_windmeijer=_sanderson_windmeijer(x, z, clusters, df_resid, endog),
        coefficients=pd.DataFrame(np.linalg.solve(z.T @ z, z.T @ x), index=instruments, columns=endog),
    )
