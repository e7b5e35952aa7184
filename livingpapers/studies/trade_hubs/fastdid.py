"""Fast TWFE for many draws: partial out the fixed effects and controls once (Frisch-Waugh-Lovell).

The placebo (1,000 pseudo-treatments) and the Fisher permutation tests (1,000 relabelled
groups) each need 1,000 TWFE regressions. Re-estimating the full model per draw repeats
the same work: the city and year fixed effects and the five controls do not change between
draws. Here they are partialled out once and all draws' coefficients and city-clustered
t-values are computed in a few array operations. ``tests/test_trade_hubs.py`` checks the
results against pyfixest draw by draw; ``bench.py`` times both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

BATCH = 125  # draws per vectorized batch (memory: batch x cities x years x columns)


def to_cube(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """A balanced city-year frame (sorted by city, year) as an array (city, year, column)."""
    n_city = df["city"].nunique()
    return df[columns].to_numpy(float).reshape(n_city, -1, len(columns))


def demean_balanced(cube: np.ndarray) -> np.ndarray:
    """Two-way (city and year) demeaning of a balanced panel, the closed form.

    Works on the first two axes of an array (city, year, ...), so it demeans many draws at once.
    """
    return (
        cube
        - cube.mean(axis=1, keepdims=True)
        - cube.mean(axis=0, keepdims=True)
        + cube.mean(axis=(0, 1), keepdims=True)
    )


def cluster_scale(n_obs: int, n_clusters: int, n_params: int) -> float:
    """Small-sample factor of pyfixest's default CRV1: G/(G-1) x (N-1)/(N-K)."""
    return n_clusters / (n_clusters - 1) * (n_obs - 1) / (n_obs - n_params)


class PartialledPanel:
    """Outcome and controls of a balanced panel with the two-way fixed effects partialled out.

    ``coefficients(D)`` then gives, for every column of a treatment matrix D (city x year x
    draws), the TWFE coefficient of D with controls and city/year FE, its city-clustered
    (CRV1) t-value and p-value (t with G-1 df), exactly as pyfixest's ``feols`` would.
    """

    def __init__(self, df: pd.DataFrame, outcome: str, controls: list[str]):
        self.n_city, self.n_year = df["city"].nunique(), df["year"].nunique()
        if len(df) != self.n_city * self.n_year:
            raise ValueError("the fast TWFE needs a balanced panel")
        y = demean_balanced(to_cube(df, [outcome]))[..., 0].reshape(-1)
        x = demean_balanced(to_cube(df, controls)).reshape(-1, len(controls)) if controls else np.zeros((len(y), 0))
        self.x = x
        self.x_pinv = np.linalg.pinv(x) if controls else np.zeros((0, len(y)))
        self.y = y - x @ (self.x_pinv @ y)
        # pyfixest counts the coefficients and all year-FE levels (city FE are nested in the city clusters)
        self.n_params = len(controls) + 1 + self.n_year
        self.scale = cluster_scale(len(y), self.n_city, self.n_params)

    def _residualize(self, d: np.ndarray) -> np.ndarray:
        """Two-way demean each draw and project out the controls: (obs, draws)."""
        dd = demean_balanced(d).reshape(self.n_city * self.n_year, -1)
        return dd - self.x @ (self.x_pinv @ dd)

    def coefficients(self, d: np.ndarray) -> pd.DataFrame:
        """Coefficient, clustered SE, t and p for each draw of a (city, year, draws) 0/1 array."""
        out = [self._batch(d[..., s : s + BATCH]) for s in range(0, d.shape[-1], BATCH)]
        return pd.concat(out, ignore_index=True)

    def _batch(self, d: np.ndarray) -> pd.DataFrame:
        dt = self._residualize(d.astype(float))
        sxx = (dt**2).sum(axis=0)
        beta = dt.T @ self.y / sxx
        resid = self.y[:, None] - dt * beta
        scores = (dt * resid).reshape(self.n_city, self.n_year, -1).sum(axis=1)
        se = np.sqrt(self.scale * (scores**2).sum(axis=0)) / sxx
        t = beta / se
        return pd.DataFrame({"coef": beta, "se": se, "t": t, "p": 2 * stats.t.sf(np.abs(t), self.n_city - 1)})


def placebo_treatments(
    rng: np.random.Generator, hub_years: np.ndarray, n_city: int, years: list[int], n_draws: int
) -> np.ndarray:
    """Pseudo-hub arrays (city, year, draw): as many random cities as real hubs, with the real hub
    years permuted among them (spec §8 step 6)."""
    hub_years = np.asarray(hub_years, float)
    draws = np.zeros((n_city, len(years), n_draws), dtype=np.int8)
    year_arr = np.asarray(years)[None, :]
    for r in range(n_draws):
        chosen = rng.choice(n_city, len(hub_years), replace=False)
        start = np.full(n_city, np.inf)
        start[chosen] = rng.permutation(hub_years)
        draws[:, :, r] = year_arr >= start[:, None]
    return draws


# --- subsample regressions for the permutation tests -------------------------------------------
def subsample_coefficients(z: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """TWFE coefficient of column 1 of z (city, year, k; column 0 the outcome, the rest controls)
    on the subsample of each mask (draws, city, year), for many masks at once.

    Exact for unbalanced subsamples: the city effects are removed by demeaning within each
    city's kept years, and the year effects enter as year dummies demeaned the same way
    (Frisch-Waugh-Lovell), so no iteration is needed. NaN cells must be masked out.
    """
    n_year = z.shape[1]
    year_dummies = np.broadcast_to(np.eye(n_year)[None, :, 1:], (z.shape[0], n_year, n_year - 1))
    full = np.concatenate([np.nan_to_num(z), year_dummies], axis=-1)
    out = []
    for s in range(0, masks.shape[0], BATCH):
        w = masks[s : s + BATCH, ..., None].astype(float)
        x = full[None] * w
        x = x - w * x.sum(axis=2, keepdims=True) / np.maximum(w.sum(axis=2, keepdims=True), 1)
        x = x.reshape(len(w), -1, full.shape[-1])
        xr, y = x[..., 1:], x[..., 0]
        gram = np.matmul(xr.transpose(0, 2, 1), xr)
        cross = np.matmul(xr.transpose(0, 2, 1), y[..., None])[..., 0]
        out.append(np.matmul(np.linalg.pinv(gram), cross[..., None])[:, 0, 0])
    return np.concatenate(out)


def permuted_masks(
    rng: np.random.Generator, group: np.ndarray, valid: np.ndarray, n_draws: int, by_city: bool
) -> np.ndarray:
    """Relabelled group masks (draws, city, year) keeping the group sizes.

    ``group`` (city, year) is 1/0 for the two groups; ``valid`` marks classified cells.
    ``by_city`` permutes whole city histories (a time-invariant grouping), otherwise single
    city-years (the manufacturing/service split, classified by city-year).
    """
    masks = np.zeros((n_draws,) + group.shape, dtype=bool)
    if by_city:
        city_group = group[:, 0]
        for r in range(n_draws):
            masks[r] = rng.permutation(city_group)[:, None].astype(bool) & valid
    else:
        cells = np.flatnonzero(valid)
        labels = group.ravel()[cells]
        for r in range(n_draws):
            masks[r].flat[cells] = rng.permutation(labels).astype(bool)
    return masks


def permutation_difference(
    z: np.ndarray, group: np.ndarray, valid: np.ndarray, rng: np.random.Generator, n_draws: int, by_city: bool
) -> dict:
    """Fisher permutation test of the difference in TWFE coefficients between two groups
    (first group, marked 1, minus second), the Stata ``bdiff`` recipe (spec §8 step 14a)."""
    observed_masks = np.stack([(group == 1) & valid, (group == 0) & valid])
    b1, b0 = subsample_coefficients(z, observed_masks)
    masks = permuted_masks(rng, group, valid, n_draws, by_city)
    perm1 = subsample_coefficients(z, masks)
    perm0 = subsample_coefficients(z, ~masks & valid[None])
    diffs = perm1 - perm0
    d = b1 - b0
    one_sided = float(np.mean(diffs >= d)) if d > 0 else float(np.mean(diffs <= d))
    return {
        "difference": float(d),
        "p_one_sided": one_sided,
        "p_two_sided": float(np.mean(np.abs(diffs) >= abs(d))),
        "draws": diffs,
    }
