"""Gravity estimation: PPML with any fixed effects and clustering, and Novy's (2013) trade costs.

:func:`ppml` wraps pyfixest's ``fepois`` (observations separated by the fixed effects are
dropped, as ``ppmlhdfe`` does) and reports the coefficients with heteroskedasticity-robust,
one-way or two-way clustered standard errors, the pseudo-R² (McFadden, as ``fixest`` computes it)
and the squared correlation of the outcome with its fitted values (the R² that Stata's ``ppml``
prints). :func:`novy_tau` computes the inverse-gravity tariff equivalent of trade costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyfixest as pf

from livingpapers.methods._frames import SafeFrame
from livingpapers.methods.checks import MethodInputError, as_list, require_count, require_variables
from livingpapers.methods.estimation import quiet_fixest


@dataclass
class PPMLResult:
    """Coefficients (coef, se, z, p by regressor), fit statistics, the fixed effects (as
    ``"iso3"`` or ``"exporter^year"``) and the pyfixest fit (on internal column names: use
    :meth:`predict` for predictions on the user's data)."""

    table: pd.DataFrame
    n_obs: int
    pseudo_r2: float
    squared_corr: float
    vcov: str
    fit: object
    fixed_effects: list[str] = field(default_factory=list)
    safe: SafeFrame | None = field(default=None, repr=False)

    def coef(self, name: str) -> float:
        return float(self.table.loc[name, "coef"])

    def se(self, name: str) -> float:
        return float(self.table.loc[name, "se"])

    def predict(self, data: pd.DataFrame) -> np.ndarray:
        """Expected outcome exp(x'b + fixed effects) for the rows of ``data`` (the regressors and
        fixed-effect columns under the names the model was fitted with). pyfixest recovers the fixed
        effects iteratively, so predictions match the fitted values to about 1e-4 (relative); it does
        not predict with interacted fixed effects."""
        columns = [c for c in self.safe.safe if c in data.columns]
        frame = pd.DataFrame({self.safe.name(c): data[c].to_numpy() for c in columns})
        return np.asarray(self.fit.predict(newdata=frame, type="response"))


def _fe_terms(fe) -> list[tuple[str, ...]]:
    """Fixed effects as tuples of columns: ``"iso3"`` -> ("iso3",), ``("exporter", "year")`` -> an interaction."""
    return [(term,) if isinstance(term, str) else tuple(term) for term in as_list(fe)]


def _vcov_spec(vcov, safe: SafeFrame) -> tuple[str | dict, str]:
    """pyfixest's vcov argument and a label: ``"hetero"``/``"iid"``, a cluster column, or one or two of them."""
    if vcov in ("hetero", "iid"):
        return vcov, {"hetero": "heteroskedasticity-robust", "iid": "iid"}[vcov]
    clusters = as_list(vcov)
    if not 1 <= len(clusters) <= 2:
        raise MethodInputError(f"vcov must be 'hetero', 'iid', or one or two cluster columns; got {vcov!r}")
    label = "clustered by " + " and ".join(clusters)
    return {"CRV1": "+".join(safe.names(clusters))}, label


def ppml(
    data: pd.DataFrame,
    y: str,
    regressors: str | Sequence[str],
    fe: Sequence[str | Sequence[str]] = (),
    vcov: str | Sequence[str] = "hetero",
) -> PPMLResult:
    """Poisson pseudo-maximum-likelihood: ``y ~ regressors | fe`` (pyfixest ``fepois``).

    ``fe``: columns, or tuples of columns for interacted fixed effects (e.g. ``("exporter", "year")``).
    ``vcov``: ``"hetero"`` (robust), ``"iid"``, a column to cluster by (e.g. a country-pair id), or a
    list of two columns for two-way clustering. The outcome must be non-negative; observations whose
    outcome is zero across a fixed-effect level are separated and dropped, so ``n_obs`` may be
    smaller than the input.
    """
    regressors = as_list(regressors)
    fe_terms = _fe_terms(fe)
    fe_columns = list(dict.fromkeys(c for term in fe_terms for c in term))
    cluster_columns = [] if vcov in ("hetero", "iid") else as_list(vcov)
    require_count(len(regressors), 1, "regressors")
    require_variables(data, [y, *regressors], [*fe_columns, *cluster_columns], "fixed effects and clusters")
    if (data[y] < 0).any():
        raise MethodInputError(f"{y!r} has {int((data[y] < 0).sum())} negative values: PPML needs y >= 0")
    safe = SafeFrame(data, [y, *regressors, *fe_columns, *cluster_columns])
    spec, label = _vcov_spec(vcov, safe)
    fe_part = " + ".join("^".join(safe.names(term)) for term in fe_terms)
    formula = f"{safe.name(y)} ~ {safe.rhs(regressors)}" + (f" | {fe_part}" if fe_part else "")
    with quiet_fixest():
        fit = pf.fepois(formula, data=safe.frame, vcov=spec)
    tidy = fit.tidy()
    table = pd.DataFrame(
        {
            "coef": tidy["Estimate"].to_numpy(),
            "se": tidy["Std. Error"].to_numpy(),
            "z": tidy["t value"].to_numpy(),
            "p": tidy["Pr(>|t|)"].to_numpy(),
        },
        index=[safe.back(name) for name in tidy.index],
    )
    fitted = np.asarray(fit._Y_hat_response).ravel()
    observed = fitted + np.asarray(fit._u_hat_response).ravel()  # the estimation sample's outcome
    squared_corr = float(np.corrcoef(observed, fitted)[0, 1] ** 2)
    fixed_effects = ["^".join(term) for term in fe_terms]
    return PPMLResult(table, int(fit._N), float(fit._pseudo_r2), squared_corr, label, fit, fixed_effects, safe)


def novy_tau(
    data: pd.DataFrame,
    exports: str,
    imports: str,
    domestic_home: str,
    domestic_partner: str,
    sigma: float = 8.0,
) -> pd.Series:
    """Novy's (2013) inverse-gravity trade costs, as a tariff equivalent:

    tau_ij = (x_ii x_jj / (x_ij x_ji)) ^ (1 / (2 (sigma - 1))) - 1,

    with ``exports`` x_ij, ``imports`` x_ji, domestic absorption x_ii (``domestic_home``) and x_jj
    (``domestic_partner``; often proxied by s x GDP), and ``sigma`` the elasticity of substitution.
    A zero flow in either direction gives an infinite cost. The index 1 - (x_ij x_ji / (x_ii x_jj)) ^
    (1 / (2 (sigma - 1))) used by some papers equals tau / (1 + tau).
    """
    columns = [exports, imports, domestic_home, domestic_partner]
    require_variables(data, columns)
    if sigma <= 1:
        raise MethodInputError(f"sigma must exceed 1, got {sigma}")
    values = data[columns].to_numpy(float)
    if (values < 0).any():
        raise MethodInputError("trade flows and domestic absorption must not be negative")
    if (values[:, 2:] == 0).any():
        raise MethodInputError("domestic absorption must be positive")
    with np.errstate(divide="ignore"):
        ratio = values[:, 2] * values[:, 3] / (values[:, 0] * values[:, 1])
    return pd.Series(ratio ** (1 / (2 * (sigma - 1))) - 1, index=data.index, name="tau")
