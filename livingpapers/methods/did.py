"""Difference-in-differences on anyone's panel: TWFE, placebo, Callaway-Sant'Anna, Sun-Abraham, did2s, Bacon.

Every function takes a long panel (one row per unit and period, any row order, any column names)
and the names of its columns. What each estimator assumes is checked, not presumed:

- :func:`twfe` and :func:`placebo` share one engine (:class:`TWFEPanel`): the unit and period fixed
  effects and the controls are partialled out once (Frisch-Waugh-Lovell) and any number of
  treatment columns is then estimated in a few array operations, with pyfixest's CRV1 standard
  errors. It is exact on unbalanced panels too (units are demeaned within their own periods and
  the period effects enter as demeaned dummies).
- :func:`group_difference` is the Fisher permutation test of a difference in TWFE coefficients
  between two groups (Stata's ``bdiff``), every draw's two regressions estimated exactly at once.
- :func:`callaway_santanna` computes group-time ATTs with analytic influence-function standard
  errors, as R's ``did`` package does (outcome regression without controls, the doubly robust
  estimator of Sant'Anna and Zhao 2020 with controls), and the four aggregations of
  ``did::aggte`` including the term for the estimated aggregation weights.
- :func:`sun_abraham` (interaction-weighted event study, controls included in the regression),
  :func:`did2s` (Gardner's two-stage estimator through pyfixest) and :func:`bacon` (Goodman-Bacon's
  decomposition of the TWFE coefficient, using the panel's own periods).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyfixest as pf
from scipy import sparse, stats

from livingpapers.methods._frames import SafeFrame
from livingpapers.methods.checks import (
    Columns,
    MethodInputError,
    as_list,
    check_panel,
    require_balanced,
    require_choice,
    require_columns,
    require_count,
)
from livingpapers.methods.estimation import quiet_fixest
from livingpapers.methods.simulation import randomization_pvalue

BATCH = 125  # treatment columns per vectorised batch (memory: rows x batch)


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------
def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes 0..k-1 in sorted order of the values, and the sorted unique values."""
    codes, uniques = pd.factorize(values, sort=True)
    return codes, np.asarray(uniques)


def _group_sum(codes: np.ndarray, n_groups: int, values: np.ndarray) -> np.ndarray:
    """Sum of the rows of ``values`` (n, ...) within each code: (n_groups, ...)."""
    indicator = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(n_groups, len(codes)))
    return np.asarray(indicator @ values.reshape(len(codes), -1)).reshape((n_groups, *values.shape[1:]))


def _within(codes: np.ndarray, n_groups: int, values: np.ndarray) -> np.ndarray:
    """Values minus their group means (rows grouped by ``codes``)."""
    counts = np.bincount(codes, minlength=n_groups).astype(float)
    means = _group_sum(codes, n_groups, values) / counts.reshape(-1, *([1] * (values.ndim - 1)))
    return values - means[codes]


def _panel_roles(
    data: pd.DataFrame, y: str, unit: str, time: str, controls: Columns, cluster: str | None, numeric: Columns = ()
) -> tuple[list[str], str]:
    """The controls as a list and the cluster column (the unit when ``None``), once the panel has passed
    :func:`check_panel` with ``y``, ``numeric`` (e.g. the treatment) and the controls as its numeric columns."""
    controls = as_list(controls)
    cluster = cluster or unit
    check_panel(data, [y, *as_list(numeric), *controls], unit, time, extra_ids=[cluster])
    return controls, cluster


def _is_nested(inner: np.ndarray, outer: np.ndarray) -> bool:
    """Every level of ``inner`` lies within one level of ``outer``."""
    pairs = pd.DataFrame({"inner": inner, "outer": outer}).drop_duplicates()
    return not pairs["inner"].duplicated().any()


def adoption_period(data: pd.DataFrame, treat: str, unit: str, time: str) -> pd.Series:
    """First period with ``treat == 1`` per unit (NaN for never-treated units), checking that
    treatment is binary and absorbing (never switches off once on)."""
    values = pd.to_numeric(data[treat], errors="coerce")
    if not values.isin([0, 1]).all():
        raise MethodInputError(f"{treat!r} must be a 0/1 treatment indicator")
    ordered = data.assign(_d=values).sort_values([unit, time])
    switched_off = ordered.groupby(unit, sort=False)["_d"].diff() < 0
    if switched_off.any():
        example = ordered.loc[switched_off, unit].iloc[0]
        raise MethodInputError(
            f"{treat!r} switches off for {ordered.loc[switched_off, unit].nunique()} unit(s) (e.g. {example!r}): "
            "these estimators need a staggered, absorbing treatment"
        )
    first = ordered[ordered["_d"] == 1].groupby(unit)[time].min()
    return first.reindex(pd.unique(data[unit]))


# ---------------------------------------------------------------------------------------------
# TWFE engine and placebo
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Estimate:
    """One coefficient with its clustered standard error, t, p and sample size."""

    coef: float
    se: float
    t: float
    p: float
    n_obs: int
    n_clusters: int

    def as_dict(self) -> dict:
        return {"coef": self.coef, "se": self.se, "t": self.t, "p": self.p, "n": self.n_obs}


class TWFEPanel:
    """A panel with unit and period fixed effects and the controls partialled out once.

    ``estimate(d)`` then gives, for each column of ``d`` (rows aligned with ``data``), the TWFE
    coefficient of that column in ``y ~ d + controls | unit + time`` with CRV1 standard errors
    clustered by ``cluster`` (the unit when ``None``), t and p (t with G-1 degrees of freedom),
    exactly as pyfixest's ``feols`` reports them, whatever the row order and on unbalanced panels.
    """

    def __init__(
        self, data: pd.DataFrame, y: str, unit: str, time: str, controls: Columns = (), cluster: str | None = None
    ):
        controls, cluster = _panel_roles(data, y, unit, time, controls, cluster)
        self.n_obs = len(data)
        self.unit_codes, units = _codes(data[unit])
        self.time_codes, periods = _codes(data[time])
        self.cluster_codes, clusters = _codes(data[cluster])
        self.n_units, self.n_periods, self.n_clusters = len(units), len(periods), len(clusters)
        require_count(self.n_clusters, 2, f"clusters in {cluster!r}")
        period_dummies = np.eye(self.n_periods)[self.time_codes][:, 1:]
        w = np.column_stack([period_dummies, data[controls].to_numpy(float)])
        self.basis = self._orthonormal_basis(self._within(w))
        self.rank_controls = self.basis.shape[1] - np.linalg.matrix_rank(self._within(period_dummies))
        self.y = self.residualize(data[y].to_numpy(float))
        self.scale = self._crv1_scale(unit, time, cluster, data)

    def _within(self, values: np.ndarray) -> np.ndarray:
        return _within(self.unit_codes, self.n_units, values)

    @staticmethod
    def _orthonormal_basis(w: np.ndarray) -> np.ndarray:
        """An orthonormal basis of the column space of w (rank-revealing, so collinear controls count once)."""
        if w.shape[1] == 0:
            return w
        u, s, _ = np.linalg.svd(w, full_matrices=False)
        keep = s > s.max() * max(w.shape) * np.finfo(float).eps
        return u[:, keep]

    def residualize(self, d: np.ndarray) -> np.ndarray:
        """Within-unit demeaning, then the period dummies and controls projected out (FWL)."""
        dd = self._within(np.asarray(d, float))
        return dd - self.basis @ (self.basis.T @ dd)

    def _crv1_scale(self, unit: str, time: str, cluster: str, data: pd.DataFrame) -> float:
        """pyfixest's CRV1 small-sample factor G/(G-1) (N-1)/(N-K), K counted as pyfixest counts it
        (coefficients, plus fixed-effect levels not nested in the clusters)."""
        k_coef = 1 + self.rank_controls
        levels = {"unit": self.n_units, "time": self.n_periods}
        nested = {
            "unit": _is_nested(self.unit_codes, self.cluster_codes),
            "time": _is_nested(self.time_codes, self.cluster_codes),
        }
        k_fe = sum(levels.values()) - 1
        if any(nested.values()):
            k_fe += -sum(levels[f] for f in levels if nested[f]) + sum(nested.values())
        k = k_coef + k_fe
        g = self.n_clusters
        return g / (g - 1) * (self.n_obs - 1) / (self.n_obs - k)

    def estimate(self, d: np.ndarray) -> pd.DataFrame:
        """Coefficient, SE, t and p for each column of ``d`` (n_rows,) or (n_rows, n_columns)."""
        d = np.asarray(d, float).reshape(self.n_obs, -1)
        out = [self._batch(d[:, s : s + BATCH]) for s in range(0, d.shape[1], BATCH)]
        return pd.concat(out, ignore_index=True)

    def _batch(self, d: np.ndarray) -> pd.DataFrame:
        dt = self.residualize(d)
        sxx = (dt**2).sum(axis=0)
        if np.any(sxx <= 1e-12 * max(1.0, float(np.abs(d).sum()))):
            raise MethodInputError(
                "the treatment does not vary within units and periods once the fixed effects are removed"
            )
        beta = dt.T @ self.y / sxx
        resid = self.y[:, None] - dt * beta
        scores = _group_sum(self.cluster_codes, self.n_clusters, dt * resid)
        se = np.sqrt(self.scale * (scores**2).sum(axis=0)) / sxx
        t = beta / se
        return pd.DataFrame({"coef": beta, "se": se, "t": t, "p": 2 * stats.t.sf(np.abs(t), self.n_clusters - 1)})


def twfe(
    data: pd.DataFrame, y: str, treat: str, unit: str, time: str, controls: Columns = (), cluster: str | None = None
) -> Estimate:
    """Static two-way fixed-effects DID: ``y ~ treat + controls | unit + time``.

    Standard errors are CRV1 clustered by ``cluster`` (by ``unit`` when ``None``), with pyfixest's
    small-sample factor and p-values from t(G-1). Gives pyfixest's ``feols`` numbers on any row
    order and on unbalanced panels.
    """
    require_columns(data, [treat], "treatment")
    check_panel(data, [treat], unit, time)
    panel = TWFEPanel(data, y, unit, time, controls, cluster)
    row = panel.estimate(data[treat].to_numpy(float)).iloc[0]
    return Estimate(
        float(row["coef"]), float(row["se"]), float(row["t"]), float(row["p"]), panel.n_obs, panel.n_clusters
    )


def twfe_draws(y: np.ndarray, treat: np.ndarray, controls: np.ndarray | None = None) -> pd.DataFrame:
    """The static TWFE coefficient of ``treat`` in many draws of a balanced panel, in one pass.

    ``y`` is (draws, units, periods); ``treat`` (units, periods), the same in every draw, or (draws,
    units, periods); ``controls`` (draws, units, periods, k) or None. On a balanced panel the unit and
    period effects are removed by double demeaning, and each draw's regression is a small batched
    solve. Standard errors are CRV1 clustered by unit with pyfixest's small-sample factor
    (G/(G-1)·(N-1)/(N-K), K counting the coefficients and the period effects, the unit effects being
    nested in the clusters) and p-values from t(G-1): what :func:`twfe` gives draw by draw (tested).
    Returns coef, se, t and p per draw.
    """
    y = np.asarray(y, float)
    n_draws, n_units, n_periods = y.shape
    treat = np.broadcast_to(np.asarray(treat, float), y.shape)
    controls = np.zeros((*y.shape, 0)) if controls is None else np.asarray(controls, float)
    if not np.isfinite(y).all() or not np.isfinite(controls).all():
        raise MethodInputError("twfe_draws needs a balanced panel without missing values")
    x = np.concatenate([treat[..., None], controls], axis=-1)  # (draws, units, periods, 1 + k)

    def demeaned(a: np.ndarray) -> np.ndarray:
        return a - a.mean(axis=2, keepdims=True) - a.mean(axis=1, keepdims=True) + a.mean(axis=(1, 2), keepdims=True)

    xt, yt = demeaned(x), demeaned(y[..., None])[..., 0]
    k = x.shape[-1]
    flat_x, flat_y = xt.reshape(n_draws, -1, k), yt.reshape(n_draws, -1)
    gram = np.einsum("dnk,dnl->dkl", flat_x, flat_x)
    if (np.linalg.matrix_rank(flat_x) < k).any():
        raise MethodInputError("the treatment and controls are collinear once the unit and period effects are removed")
    bread = np.linalg.inv(gram)
    beta = np.einsum("dkl,dnl,dn->dk", bread, flat_x, flat_y, optimize=True)
    resid = (flat_y - np.einsum("dnk,dk->dn", flat_x, beta)).reshape(n_draws, n_units, n_periods)
    scores = np.einsum("dutk,dut->duk", xt, resid)  # summed within units (the clusters)
    influence = np.einsum("duk,dk->du", scores, bread[:, 0, :])
    n_obs, coefficients = n_units * n_periods, k + n_periods  # + period effects; unit effects nested
    scale = n_units / (n_units - 1) * (n_obs - 1) / (n_obs - coefficients)
    se = np.sqrt(scale * (influence**2).sum(axis=1))
    t = beta[:, 0] / se
    return pd.DataFrame({"coef": beta[:, 0], "se": se, "t": t, "p": 2 * stats.t.sf(np.abs(t), n_units - 1)})


def placebo_treatments(
    data: pd.DataFrame, treat: str, unit: str, time: str, n_draws: int, rng: np.random.Generator
) -> np.ndarray:
    """Pseudo-treatments (n_rows, n_draws) aligned with ``data``'s rows: in each draw as many randomly
    chosen units as there are treated units, with the real adoption periods permuted among them.

    The draws depend on ``rng`` and the panel, never on the row order: units are taken in the sorted
    order of their identifiers, and so are the adoption periods before they are permuted."""
    adoption = adoption_period(data, treat, unit, time)
    adopted = adoption.dropna().sort_index().to_numpy()
    require_count(len(adopted), 1, f"treated units in {treat!r}")
    unit_codes, units = _codes(data[unit])
    adoption_by_code = np.full(len(units), np.nan)
    require_count(n_draws, 1, "placebo draws")
    times = data[time].to_numpy()
    draws = np.zeros((len(data), n_draws), dtype=np.int8)
    for r in range(n_draws):
        start = adoption_by_code.copy()
        chosen = rng.choice(len(units), len(adopted), replace=False)  # the units first, then their periods
        start[chosen] = rng.permutation(adopted)
        unit_start = start[unit_codes]
        draws[:, r] = np.where(np.isnan(unit_start), 0, times >= np.nan_to_num(unit_start, nan=0))
    return draws


@dataclass
class PlaceboResult:
    """The actual TWFE estimate, every placebo draw's estimate, and the placebo p-value."""

    observed: Estimate
    draws: pd.DataFrame  # coef, se, t, p per draw
    p_value: float  # share of draws with |t| at least the observed |t| (+1 correction)


def placebo(
    data: pd.DataFrame,
    y: str,
    treat: str,
    unit: str,
    time: str,
    controls: Sequence[str] = (),
    cluster: str | None = None,
    n_draws: int = 1000,
    seed: int | np.random.Generator = 0,
) -> PlaceboResult:
    """Placebo (randomisation) test of the TWFE coefficient: ``n_draws`` pseudo-treatments assigned to
    random units with the real adoption periods, all estimated in one pass by the :class:`TWFEPanel`
    engine (the fixed effects and controls are partialled out once)."""
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    observed = twfe(data, y, treat, unit, time, controls, cluster)
    panel = TWFEPanel(data, y, unit, time, controls, cluster)
    draws = panel.estimate(placebo_treatments(data, treat, unit, time, n_draws, rng))
    return PlaceboResult(observed, draws, randomization_pvalue(observed.t, draws["t"]))


# ---------------------------------------------------------------------------------------------
# Group differences: Fisher permutation test of the TWFE coefficient in two groups
# ---------------------------------------------------------------------------------------------
def _subsample_coefficients(z: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """TWFE coefficient of column 1 of ``z`` (unit, period, k; column 0 the outcome, the rest controls)
    on the subsample of each mask (draws, unit, period), for many masks at once.

    Exact for unbalanced subsamples: the unit effects are removed by demeaning within each unit's
    kept periods, and the period effects enter as period dummies demeaned the same way
    (Frisch-Waugh-Lovell), so no iteration is needed. Masked-out cells may hold NaN.

    Every draw's normal equations come from sufficient statistics, never from a copy of the data per
    draw: with x the regressors of one cell and m the mask, the within-unit cross-products are
    sum_u [sum_t m x x' - (sum_t m x)(sum_t m x)' / sum_t m]. The first term of all draws is one matrix
    product of the masks with the cells' outer products, the second one batched product per unit. The
    columns are centred within units first, so the difference loses no precision.
    """
    n_units, n_periods, _ = z.shape
    finite = np.isfinite(z).all(axis=2, keepdims=True)
    centred = np.where(finite, z - np.nanmean(np.where(finite, z, np.nan), axis=1, keepdims=True), 0.0)
    dummies = np.broadcast_to(np.eye(n_periods)[None, :, 1:], (n_units, n_periods, n_periods - 1))
    full = np.concatenate([np.nan_to_num(centred), dummies], axis=-1)  # (unit, period, K)
    k = full.shape[-1]
    outer = (full[..., :, None] * full[..., None, :]).reshape(n_units * n_periods, k * k)
    out = []
    for s in range(0, masks.shape[0], BATCH * 8):
        m = masks[s : s + BATCH * 8].astype(float)  # (draws, unit, period)
        second = (m.reshape(len(m), -1) @ outer).reshape(len(m), k, k)
        first = np.matmul(m.transpose(1, 0, 2), full)  # (unit, draws, K): sum over kept periods
        count = m.sum(axis=2).T[..., None]  # (unit, draws, 1)
        first_scaled = np.divide(first, count, out=np.zeros_like(first), where=count > 0)
        gram = second - np.einsum("udk,udl->dkl", first_scaled, first, optimize=True)
        out.append(np.matmul(np.linalg.pinv(gram[:, 1:, 1:]), gram[:, 1:, :1])[:, 0, 0])
    return np.concatenate(out)


def _relabelled(rng: np.random.Generator, first: np.ndarray, valid: np.ndarray, n_draws: int, by_unit: bool):
    """Masks (draws, unit, period) of the first group with the labels permuted, group sizes kept: whole
    unit histories when ``by_unit`` (a time-invariant grouping), otherwise single unit-periods."""
    masks = np.zeros((n_draws,) + first.shape, dtype=bool)
    if by_unit:
        labelled = valid.any(axis=1)
        unit_first = first[labelled].any(axis=1)
        for r in range(n_draws):
            masks[r][labelled] = rng.permutation(unit_first)[:, None] & valid[labelled]
    else:
        cells = np.flatnonzero(valid)
        labels = first.ravel()[cells]
        for r in range(n_draws):
            masks[r].flat[cells] = rng.permutation(labels)
    return masks


@dataclass
class GroupDifference:
    """TWFE coefficient in group 1 minus group 0, and its permutation distribution and p-values."""

    difference: float
    p_one_sided: float  # share of draws at least as far out in the direction of the observed difference
    p_two_sided: float  # share of draws with |difference| at least the observed |difference|
    draws: np.ndarray


def group_difference(
    data: pd.DataFrame,
    y: str,
    treat: str,
    unit: str,
    time: str,
    group: str,
    controls: Sequence[str] = (),
    by_unit: bool = True,
    n_draws: int = 1000,
    seed: int | np.random.Generator = 0,
) -> GroupDifference:
    """Fisher permutation test that the TWFE coefficient of ``treat`` (``y ~ treat + controls | unit +
    time``, estimated separately in each group) is the same in two groups: Stata's ``bdiff`` recipe.

    ``group`` is 1 or 0 for the two groups and missing for rows in neither. ``by_unit=True`` permutes
    whole unit histories (the grouping must then be constant within units); ``False`` permutes single
    unit-periods. Every draw re-estimates both groups' regressions exactly (vectorised, unbalanced
    subsamples allowed). Row order does not matter.
    """
    controls = as_list(controls)
    require_columns(data, [y, treat, group, *controls])
    check_panel(data, [y, treat, *controls], unit, time)
    labels = pd.to_numeric(data[group], errors="coerce")
    if data[group].notna().ne(labels.notna()).any() or not labels.dropna().isin([0, 1]).all():
        raise MethodInputError(f"{group!r} must be 1 or 0 for the two groups (missing for neither)")
    if by_unit and (labels.groupby(data[unit]).nunique() > 1).any():
        raise MethodInputError(f"{group!r} varies within units: use by_unit=False to permute unit-periods")
    require_count(n_draws, 1, "permutation draws")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    unit_codes, units = _codes(data[unit])
    time_codes, periods = _codes(data[time])
    shape = (unit_codes, time_codes, len(units), len(periods))
    wide = _wide(data, [y, treat, *controls], *shape)
    z = np.stack([wide[c] for c in (y, treat, *controls)], axis=-1)
    grouping = _wide(pd.DataFrame({"g": labels.to_numpy()}), ["g"], *shape)["g"]
    valid = ~np.isnan(grouping)
    first = grouping == 1
    for name, mask in (("group 1", first & valid), ("group 0", ~first & valid)):
        require_count(int(mask.any(axis=1).sum()), 2, f"units in {name} of {group!r}")
    b1, b0 = _subsample_coefficients(z, np.stack([first & valid, ~first & valid]))
    masks = _relabelled(rng, first, valid, n_draws, by_unit)
    diffs = _subsample_coefficients(z, masks) - _subsample_coefficients(z, ~masks & valid[None])
    d = float(b1 - b0)
    return GroupDifference(
        difference=d,
        p_one_sided=float(np.mean(diffs >= d)) if d > 0 else float(np.mean(diffs <= d)),
        p_two_sided=float(np.mean(np.abs(diffs) >= abs(d))),
        draws=diffs,
    )


# ---------------------------------------------------------------------------------------------
# Callaway and Sant'Anna (2021)
# ---------------------------------------------------------------------------------------------
def _cohorts(data: pd.DataFrame, unit: str, cohort: str) -> pd.Series:
    """Adoption period per unit (unit order of ``_codes``); 0 and missing mean never treated (inf)."""
    values = pd.to_numeric(data[cohort], errors="coerce")
    if data[cohort].notna().any() and values[data[cohort].notna()].isna().any():
        raise MethodInputError(f"{cohort!r} must hold numeric adoption periods (0 or missing for never treated)")
    per_unit = values.groupby(data[unit]).agg(["min", "max"])
    varying = per_unit["min"].ne(per_unit["max"]) & per_unit["min"].notna()
    if varying.any() or (values.isna().groupby(data[unit]).nunique() > 1).any():
        raise MethodInputError(f"{cohort!r} must be constant within each unit (its adoption period)")
    return per_unit["min"].replace(0, np.inf).fillna(np.inf).sort_index()


def _logit(x: np.ndarray, d: np.ndarray, iterations: int = 50) -> np.ndarray:
    """Logit coefficients by Newton-Raphson (deterministic, no library notices)."""
    beta = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-x @ beta))
        hessian = x.T @ (x * (p * (1 - p))[:, None])
        step = np.linalg.lstsq(hessian, x.T @ (d - p), rcond=None)[0]
        beta += step
        if np.max(np.abs(step)) < 1e-10:
            break
    return beta


def _did_unconditional(dy: np.ndarray, treated: np.ndarray) -> tuple[float, np.ndarray]:
    """2x2 DID of mean changes and its influence function on the subsample (scaled as in DRDID)."""
    p1 = treated.mean()
    m1, m0 = dy[treated].mean(), dy[~treated].mean()
    psi = np.where(treated, (dy - m1) / p1, -(dy - m0) / (1 - p1))
    return float(m1 - m0), psi


def _did_doubly_robust(dy: np.ndarray, treated: np.ndarray, covariates: np.ndarray) -> tuple[float, np.ndarray]:
    """Sant'Anna and Zhao (2020) doubly robust DID for panel data (R ``DRDID::drdid_panel``):
    logit propensity score, linear outcome regression on the controls' changes, and the influence
    function including the estimation of both nuisance models."""
    n = len(dy)
    d = treated.astype(float)
    x = np.column_stack([np.ones(n), covariates])
    ps = np.minimum(1 / (1 + np.exp(-x @ _logit(x, d))), 1 - 1e-6)
    keep_control = ps < 0.995
    beta = np.linalg.lstsq(x[~treated], dy[~treated], rcond=None)[0]
    out = x @ beta
    w_treat = d
    w_cont = ps * (1 - d) / (1 - ps) * np.where(treated, 1.0, keep_control)
    att_treat = w_treat * (dy - out)
    att_cont = w_cont * (dy - out)
    eta_treat = att_treat.mean() / w_treat.mean()
    eta_cont = att_cont.mean() / w_cont.mean()
    w_ols = 1 - d
    lin_ols = (w_ols * (dy - out))[:, None] * x @ np.linalg.inv((w_ols[:, None] * x).T @ x / n)
    score_ps = (d - ps)[:, None] * x
    lin_ps = score_ps @ np.linalg.inv((x * (ps * (1 - ps))[:, None]).T @ x / n)
    inf_treat = (att_treat - w_treat * eta_treat - lin_ols @ (w_treat[:, None] * x).mean(axis=0)) / w_treat.mean()
    m2 = (w_cont * (dy - out - eta_cont))[:, None] * x
    inf_cont = (
        att_cont - w_cont * eta_cont + lin_ps @ m2.mean(axis=0) - lin_ols @ (w_cont[:, None] * x).mean(axis=0)
    ) / w_cont.mean()
    return float(eta_treat - eta_cont), inf_treat - inf_cont


@dataclass
class Aggregate:
    """An aggregation of group-time effects: the overall ATT and, except for ``"simple"``, the
    effects by event time, cohort or period, each with its analytic standard error."""

    kind: str
    att: float
    se: float
    effects: pd.DataFrame = field(default_factory=pd.DataFrame)  # (event_time | cohort | time), att, se

    def __repr__(self) -> str:
        return f"Aggregate({self.kind!r}, att={self.att:.4f}, se={self.se:.4f}, {len(self.effects)} effects)"


@dataclass
class CallawaySantAnna:
    """Group-time average treatment effects with their influence functions (one row per unit).

    ``att_gt``: cohort, time, event_time, att, se, n_treated, n_control, post (t >= cohort).
    Pre-period cells (t < cohort) are the placebo cells of the pre-trend test.
    """

    att_gt: pd.DataFrame
    influence: np.ndarray  # (n_units, n_cells), att_hat - att ~ mean of each column
    unit_cohort: np.ndarray  # cohort per unit (inf: never treated)
    control_group: str
    base_period: str
    controls: list[str]
    dropped_units: int = 0
    messages: list[str] = field(default_factory=list)

    @property
    def n_units(self) -> int:
        return self.influence.shape[0]

    def _se(self, psi: np.ndarray) -> np.ndarray:
        return np.sqrt((psi**2).sum(axis=0)) / self.n_units

    def _shares(self) -> np.ndarray:
        """P(G = g) of each cell's cohort, among all units."""
        return np.array([(self.unit_cohort == g).mean() for g in self.att_gt["cohort"]])

    def _weighted(self, cells: np.ndarray, with_weight_term: bool = True) -> tuple[float, np.ndarray]:
        """ATT averaged over ``cells`` with cohort-size weights, and its influence function including
        the estimation of those weights (``did::aggte``'s ``wif``)."""
        pg = self._shares()[cells]
        w = pg / pg.sum()
        att = self.att_gt["att"].to_numpy()[cells]
        psi = self.influence[:, cells] @ w
        if with_weight_term:
            member = np.column_stack(
                [(self.unit_cohort == g).astype(float) for g in self.att_gt["cohort"].to_numpy()[cells]]
            )
            if1 = (member - pg) / pg.sum()
            if2 = np.outer((member - pg).sum(axis=1), pg / pg.sum() ** 2)
            psi = psi + (if1 - if2) @ att
        return float(w @ att), psi

    def aggregate(self, kind: str = "group") -> Aggregate:
        """Aggregate the group-time effects as ``did::aggte`` does.

        - ``"simple"``: post-treatment cells weighted by cohort size;
        - ``"group"``: the average post-treatment effect of each cohort, then averaged with cohort weights;
        - ``"dynamic"``: effects by event time (pre-periods included); the overall ATT averages e >= 0;
        - ``"calendar"``: effects by period; the overall ATT averages the periods.

        Standard errors include the estimation of the aggregation weights (cohort shares).
        """
        require_choice(kind, ("simple", "group", "dynamic", "calendar"), "kind")
        cells = self.att_gt
        post = cells["post"].to_numpy()
        if kind == "simple":
            att, psi = self._weighted(np.flatnonzero(post))
            return Aggregate(kind, att, float(self._se(psi)))
        if kind == "group":
            return self._by_group(cells, post)
        key = "event_time" if kind == "dynamic" else "time"
        rows, psis = [], []
        for value in sorted(cells[key].unique()):
            mask = (cells[key] == value).to_numpy() & (post if kind == "calendar" else True)
            if not mask.any():
                continue
            att, psi = self._weighted(np.flatnonzero(mask))
            rows.append({key: value, "att": att, "se": float(self._se(psi))})
            psis.append(psi)
        effects = pd.DataFrame(rows)
        overall = (effects[key] >= 0).to_numpy() if kind == "dynamic" else np.ones(len(effects), bool)
        psi = np.column_stack(psis)[:, overall].mean(axis=1)
        return Aggregate(kind, float(effects.loc[overall, "att"].mean()), float(self._se(psi)), effects)

    def _by_group(self, cells: pd.DataFrame, post: np.ndarray) -> Aggregate:
        rows, psis, cohorts = [], [], []
        for g in sorted(cells.loc[post, "cohort"].unique()):
            mask = np.flatnonzero(post & (cells["cohort"] == g).to_numpy())
            psi = self.influence[:, mask].mean(axis=1)
            rows.append({"cohort": g, "att": float(cells["att"].to_numpy()[mask].mean()), "se": float(self._se(psi))})
            psis.append(psi)
            cohorts.append(g)
        effects = pd.DataFrame(rows)
        pg = np.array([(self.unit_cohort == g).mean() for g in cohorts])
        w = pg / pg.sum()
        member = np.column_stack([(self.unit_cohort == g).astype(float) for g in cohorts])
        weight_term = ((member - pg) / pg.sum() - np.outer((member - pg).sum(axis=1), pg / pg.sum() ** 2)) @ effects[
            "att"
        ].to_numpy()
        psi = np.column_stack(psis) @ w + weight_term
        return Aggregate("group", float(w @ effects["att"]), float(self._se(psi)), effects)

    def pretest(self) -> dict:
        """Wald test that every pre-treatment ATT(g,t) is zero (chi-squared, analytic covariance), as
        ``did::att_gt`` reports it. Cells fixed at zero by construction (the universal base period) are left out."""
        pre = np.flatnonzero(~self.att_gt["post"].to_numpy() & (self.att_gt["se"].to_numpy() > 0))
        if len(pre) == 0:
            return {"W": np.nan, "df": 0, "p": np.nan}
        att = self.att_gt["att"].to_numpy()[pre]
        v = self.influence[:, pre].T @ self.influence[:, pre] / self.n_units
        w = float(self.n_units * att @ np.linalg.pinv(v) @ att)
        df = int(np.linalg.matrix_rank(v))
        return {"W": w, "df": df, "p": float(stats.chi2.sf(w, df))}


def callaway_santanna(
    data: pd.DataFrame,
    y: str,
    unit: str,
    time: str,
    cohort: str,
    controls: Sequence[str] = (),
    control_group: str = "never",
    base_period: str = "varying",
) -> CallawaySantAnna:
    """Callaway and Sant'Anna (2021) group-time average treatment effects ATT(g,t) on a balanced panel.

    ``cohort`` holds each unit's first treated period (0 or missing: never treated; constant within
    unit). ``control_group``: ``"never"`` (never-treated units) or ``"notyet"`` (never treated and not
    yet treated by the later of t and the base period). ``base_period``: ``"varying"`` (pre-period
    cells compare t with t-1) or ``"universal"`` (every cell compares with g-1). Without controls
    each cell is the difference in mean changes; with controls the doubly robust estimator (R
    ``did``'s default ``est_method="dr"``, controls taken at the earlier of the two periods).
    Units treated in or before the first period cannot be compared and are dropped with a message;
    units treated after the last period are never treated within the sample. Standard errors are
    analytic (influence functions, clustered by unit).
    """
    controls = as_list(controls)
    require_choice(control_group, ("never", "notyet"), "control_group")
    require_choice(base_period, ("varying", "universal"), "base_period")
    require_columns(data, [cohort], "cohort")
    check_panel(data, [y, *controls], unit, time)
    require_balanced(data, unit, time, "callaway_santanna")
    unit_codes, units = _codes(data[unit])
    time_codes, periods = _codes(data[time])
    g_all = _cohorts(data, unit, cohort).to_numpy()
    messages = []
    keep = ~(g_all <= periods[0])
    if (~keep).any():
        messages.append(
            f"Dropped {int((~keep).sum())} unit(s) already treated in the first period {periods[0]}: "
            "no pre-treatment period to compare with"
        )
    late = np.isfinite(g_all) & (g_all > periods[-1])
    if late.any():
        messages.append(f"{int(late.sum())} unit(s) treated after the last period {periods[-1]} count as never treated")
        g_all = np.where(late, np.inf, g_all)
    g = g_all[keep]
    require_count(int(np.isfinite(g).sum()), 1, "treated units (cohort after the first period)")
    if control_group == "never":
        require_count(int((~np.isfinite(g)).sum()), 1, 'never-treated units (use control_group="notyet")')
    wide = _wide(data, [y, *controls], unit_codes, time_codes, len(units), len(periods))
    outcome = wide[y][keep]
    covariates = {c: wide[c][keep] for c in controls}
    rows, psis = [], []
    for cohort_value in np.unique(g[np.isfinite(g)]):
        base_of_cohort = int(np.flatnonzero(periods < cohort_value)[-1])
        for t_idx in range(len(periods)):
            if base_period == "varying" and t_idx == 0:
                continue
            post = periods[t_idx] >= cohort_value
            base = base_of_cohort if (post or base_period == "universal") else t_idx - 1
            cell = _cell(outcome, covariates, g, periods, cohort_value, t_idx, base, control_group)
            if cell is None:
                messages.append(f"ATT({cohort_value:g}, {periods[t_idx]}) skipped: no comparison units")
                continue
            att, psi, n1, n0 = cell
            rows.append(
                {
                    "cohort": cohort_value,
                    "time": periods[t_idx],
                    "event_time": periods[t_idx] - cohort_value,
                    "att": att,
                    "n_treated": n1,
                    "n_control": n0,
                    "post": bool(post),
                }
            )
            psis.append(psi)
    influence = np.column_stack(psis)
    att_gt = pd.DataFrame(rows)
    for column in ("cohort", "event_time"):  # whole periods print as integers
        if np.all(np.mod(att_gt[column], 1) == 0):
            att_gt[column] = att_gt[column].astype(int)
    att_gt.insert(4, "se", np.sqrt((influence**2).sum(axis=0)) / len(g))
    return CallawaySantAnna(att_gt, influence, g, control_group, base_period, controls, int((~keep).sum()), messages)


def callaway_santanna_draws(
    y: np.ndarray, unit_cohort: np.ndarray, periods: np.ndarray, control_group: str = "never"
) -> pd.DataFrame:
    """The overall ATT of :func:`callaway_santanna` without controls (``aggregate("simple")``) for many
    draws of a balanced panel's outcome at once, with its analytic standard error.

    ``y`` is (draws, units, periods), the periods in the order of ``periods``; ``unit_cohort`` each
    unit's first treated period (``inf`` or NaN: never treated). Without controls every ATT(g,t) is a
    difference of mean changes, linear in the outcome, so all draws go through each cell together;
    the influence function includes the estimation of the cohort-size weights, as in
    :meth:`CallawaySantAnna.aggregate`. Only post-treatment cells enter the simple aggregate, so only
    they are computed. Returns att and se per draw.
    """
    require_choice(control_group, ("never", "notyet"), "control_group")
    periods = np.asarray(periods)
    g_all = np.nan_to_num(np.asarray(unit_cohort, float), nan=np.inf)
    keep = ~(g_all <= periods[0])
    g = np.where(np.isfinite(g_all) & (g_all > periods[-1]), np.inf, g_all)[keep]
    y = np.asarray(y, float)[:, keep, :]
    n = len(g)
    atts, psis, shares, members = [], [], [], []
    for cohort_value in np.unique(g[np.isfinite(g)]):
        base = int(np.flatnonzero(periods < cohort_value)[-1])
        treated = g == cohort_value
        for t_idx in np.flatnonzero(periods >= cohort_value):
            control = ~np.isfinite(g) if control_group == "never" else (g > periods[max(t_idx, base)]) & ~treated
            if not control.any():
                continue
            sample = treated | control
            dy = y[:, :, t_idx] - y[:, :, base]
            p1 = treated.sum() / sample.sum()
            m1, m0 = dy[:, treated].mean(axis=1), dy[:, control].mean(axis=1)
            psi = np.where(treated, (dy - m1[:, None]) / p1, np.where(control, -(dy - m0[:, None]) / (1 - p1), 0.0))
            atts.append(m1 - m0)
            psis.append(psi * n / sample.sum())
            shares.append(treated.mean())
            members.append(treated.astype(float))
    att_cells, pg = np.column_stack(atts), np.array(shares)  # (draws, cells)
    w = pg / pg.sum()
    member = np.column_stack(members)  # (units, cells)
    weight_term = (member - pg) / pg.sum() - np.outer((member - pg).sum(axis=1), pg / pg.sum() ** 2)
    psi = np.einsum("cdu,c->du", np.stack(psis), w) + att_cells @ weight_term.T
    return pd.DataFrame({"att": att_cells @ w, "se": np.sqrt((psi**2).sum(axis=1)) / n})


def _wide(data, columns, unit_codes, time_codes, n_units, n_periods) -> dict[str, np.ndarray]:
    """Each column as a (unit, period) array, whatever the row order."""
    out = {}
    for c in columns:
        array = np.full((n_units, n_periods), np.nan)
        array[unit_codes, time_codes] = data[c].to_numpy(float)
        out[c] = array
    return out


def _cell(outcome, covariates, g, periods, cohort_value, t_idx, base, control_group):
    """ATT(g,t) against the base period, with its influence function over all units (zeros outside)."""
    if t_idx == base:
        return 0.0, np.zeros(len(g)), int((g == cohort_value).sum()), 0
    treated = g == cohort_value
    if control_group == "never":
        control = ~np.isfinite(g)
    else:
        control = (g > periods[max(t_idx, base)]) & ~treated
    sample = treated | control
    if control.sum() == 0 or treated.sum() == 0:
        return None
    dy = outcome[sample, t_idx] - outcome[sample, base]
    if covariates:
        x = np.column_stack([c[sample, min(t_idx, base)] for c in covariates.values()])
        att, psi_sample = _did_doubly_robust(dy, treated[sample], x)
    else:
        att, psi_sample = _did_unconditional(dy, treated[sample])
    psi = np.zeros(len(g))
    psi[sample] = psi_sample * len(g) / sample.sum()
    return float(att), psi, int(treated.sum()), int(control.sum())


# ---------------------------------------------------------------------------------------------
# Sun and Abraham (2021), Gardner's did2s
# ---------------------------------------------------------------------------------------------
@dataclass
class SunAbraham:
    """Interaction-weighted event study: effects by event time and the overall post-treatment ATT."""

    att: float
    se: float
    p: float
    event: pd.DataFrame  # event_time, att, se
    cells: pd.DataFrame  # cohort, event_time, coef, n_obs
    controls: list[str]
    n_clusters: int


def sun_abraham(
    data: pd.DataFrame, y: str, unit: str, time: str, cohort: str, controls: Columns = (), cluster: str | None = None
) -> SunAbraham:
    """Sun and Abraham (2021): ``y ~ cohort x event-time dummies + controls | unit + time`` with the
    never-treated units as the comparison and event time -1 as the reference, then the cohort
    effects averaged by event time with cohort-share weights (interaction-weighted estimator).
    The controls enter the regression. The overall ATT averages the post-treatment cells weighted by
    their treated observations; standard errors by the delta method from the CRV1 covariance.
    """
    require_columns(data, [cohort], "cohort")
    controls, cluster = _panel_roles(data, y, unit, time, controls, cluster)
    g = _cohorts(data, unit, cohort)
    require_count(int((~np.isfinite(g)).sum()), 1, "never-treated units (the Sun-Abraham comparison group)")
    unit_g = g.reindex(data[unit].to_numpy()).to_numpy()
    times = pd.to_numeric(data[time]).to_numpy(float)
    event = np.where(np.isfinite(unit_g), times - unit_g, np.nan)
    cells = (
        pd.DataFrame({"cohort": unit_g, "event_time": event})
        .dropna()
        .query("event_time != -1")
        .value_counts()
        .rename("n_obs")
        .reset_index()
        .sort_values(["cohort", "event_time"], ignore_index=True)
    )
    safe = SafeFrame(data, [y, unit, time, cluster, *controls])
    frame = safe.frame.copy()
    names = []
    for i, (gv, ev) in enumerate(zip(cells["cohort"], cells["event_time"])):
        frame[f"sa{i}"] = ((unit_g == gv) & (event == ev)).astype(float)
        names.append(f"sa{i}")
    formula = f"{safe.name(y)} ~ {' + '.join(names + safe.names(controls))} | {safe.name(unit)} + {safe.name(time)}"
    with quiet_fixest():
        fit = pf.feols(formula, frame, vcov={"CRV1": safe.name(cluster)})
    coef = fit.coef()
    vcov = pd.DataFrame(np.asarray(fit._vcov), index=coef.index, columns=coef.index)
    estimable = [n for n in names if n in coef.index]
    cells = cells[[n in estimable for n in names]].assign(coef=coef[estimable].to_numpy()).reset_index(drop=True)
    estimable_names = np.array(estimable)
    rows = []
    for ev, block in cells.groupby("event_time"):
        w = (block["n_obs"] / block["n_obs"].sum()).to_numpy()
        idx = estimable_names[block.index]
        v = vcov.loc[idx, idx].to_numpy()
        rows.append({"event_time": ev, "att": float(w @ block["coef"]), "se": float(np.sqrt(w @ v @ w))})
    post = cells[cells["event_time"] >= 0]
    w = (post["n_obs"] / post["n_obs"].sum()).to_numpy()
    idx = estimable_names[post.index]
    att, se = float(w @ post["coef"]), float(np.sqrt(w @ vcov.loc[idx, idx].to_numpy() @ w))
    n_clusters = int(data[cluster].nunique())
    p = float(2 * stats.t.sf(abs(att / se), n_clusters - 1))
    return SunAbraham(att, se, p, pd.DataFrame(rows), cells, controls, n_clusters)


def did2s(
    data: pd.DataFrame, y: str, treat: str, unit: str, time: str, controls: Columns = (), cluster: str | None = None
) -> Estimate:
    """Gardner's (2021) two-stage DID (pyfixest ``did2s``): unit and period effects and the controls
    are fitted on untreated observations, then the residualised outcome is regressed on ``treat``;
    standard errors account for the first stage, clustered by ``cluster`` (the unit when ``None``)."""
    require_columns(data, [treat], "treatment")
    controls, cluster = _panel_roles(data, y, unit, time, controls, cluster, [treat])
    adoption_period(data, treat, unit, time)
    untreated = (pd.to_numeric(data[treat]) == 0).groupby(data[unit]).sum()
    if (untreated <= 1).any():
        raise MethodInputError(
            f"did2s: {int((untreated <= 1).sum())} unit(s) have at most one untreated period, so their unit effect "
            "is a singleton in the first stage, which pyfixest's did2s drops inconsistently; drop those units first"
        )
    safe = SafeFrame(data, [y, treat, unit, time, cluster, *controls])
    first = f"~ {safe.rhs(controls) if controls else '0'} | {safe.name(unit)} + {safe.name(time)}"
    with quiet_fixest():
        fit = pf.did2s(
            safe.frame,
            safe.name(y),
            first_stage=first,
            second_stage=f"~ {safe.name(treat)}",
            treatment=safe.name(treat),
            cluster=safe.name(cluster),
        )
    row = fit.tidy().loc[safe.name(treat)]
    n_clusters = int(data[cluster].nunique())
    return Estimate(
        float(row["Estimate"]),
        float(row["Std. Error"]),
        float(row["t value"]),
        float(row["Pr(>|t|)"]),
        len(data),
        n_clusters,
    )


# ---------------------------------------------------------------------------------------------
# Goodman-Bacon (2021)
# ---------------------------------------------------------------------------------------------
def bacon(data: pd.DataFrame, y: str, treat: str, unit: str, time: str) -> pd.DataFrame:
    """Goodman-Bacon (2021) decomposition of the TWFE coefficient of ``treat`` (no controls) on a
    balanced panel with staggered, absorbing treatment: every 2x2 comparison with its weight.

    Units treated from the first period on are an always-treated group (they serve as
    already-treated controls). The weights sum to one and the weighted sum of the 2x2 estimates
    equals :func:`twfe` without controls, on the panel's own periods.
    """
    check_panel(data, [y, treat], unit, time)
    require_balanced(data, unit, time, "bacon")
    unit_codes, units = _codes(data[unit])
    time_codes, periods = _codes(data[time])
    outcome = _wide(data, [y], unit_codes, time_codes, len(units), len(periods))[y]
    adoption = adoption_period(data, treat, unit, time).reindex(units).to_numpy(dtype=float)
    start = np.array([np.inf if np.isnan(a) else int(np.searchsorted(periods, a)) for a in adoption])
    groups = np.unique(start[np.isfinite(start)])
    require_count(len(groups), 1, f"adoption periods in {treat!r}")
    steps = np.arange(len(periods))
    share = {k: float((start == k).mean()) for k in groups}
    dbar = {k: float((steps >= k).mean()) for k in groups}
    never = ~np.isfinite(start)

    def did(treated, control, pre, post):
        return float(
            outcome[treated][:, post].mean()
            - outcome[treated][:, pre].mean()
            - (outcome[control][:, post].mean() - outcome[control][:, pre].mean())
        )

    rows = []
    n_u = never.mean()
    for k in groups:
        nk, dk = share[k], dbar[k]
        if n_u > 0 and 0 < dk < 1:
            nku = nk / (nk + n_u)
            weight = (nk + n_u) ** 2 * nku * (1 - nku) * dk * (1 - dk)
            rows.append(("treated vs never treated", k, np.inf, did(start == k, never, steps < k, steps >= k), weight))
        for later in groups[groups > k]:
            nl, dl = share[later], dbar[later]
            nkl = nk / (nk + nl)
            if dk < 1:
                window = steps < later
                weight = ((nk + nl) * (1 - dl)) ** 2 * nkl * (1 - nkl) * ((dk - dl) / (1 - dl)) * ((1 - dk) / (1 - dl))
                estimate = did(start == k, start == later, window & (steps < k), window & (steps >= k))
                rows.append(("earlier vs later treated (later as control)", k, later, estimate, weight))
            window = steps >= k
            weight = ((nk + nl) * dk) ** 2 * nkl * (1 - nkl) * (dl / dk) * ((dk - dl) / dk)
            estimate = did(start == later, start == k, window & (steps < later), window & (steps >= later))
            rows.append(("later vs earlier treated (already treated as control)", later, k, estimate, weight))
    out = pd.DataFrame(rows, columns=["comparison", "treated_cohort", "control_cohort", "estimate", "weight"])
    out["weight"] /= out["weight"].sum()
    to_period = dict(enumerate(periods))
    for column in ("treated_cohort", "control_cohort"):
        out[column] = out[column].map(lambda s: to_period.get(int(s)) if np.isfinite(s) else None)
    return out


def bacon_summary(decomposition: pd.DataFrame) -> pd.DataFrame:
    """Weights and weighted-average estimates by type of comparison."""
    g = decomposition.groupby("comparison")
    return pd.DataFrame(
        {
            "weight": g["weight"].sum(),
            "average estimate": g.apply(lambda c: np.average(c["estimate"], weights=c["weight"]), include_groups=False),
            "comparisons": g.size(),
        }
    )
