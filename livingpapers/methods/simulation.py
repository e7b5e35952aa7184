"""Simulation and design diagnosis shared by the empirical chapters.

- :func:`monte_carlo` runs a seeded function over independent random streams, with a
  progress bar; each draw returns a dict (or a list of dicts, one per estimator).
- :func:`diagnose` turns draws with a known truth into bias, RMSE, 95% coverage and power;
  :func:`summarize` says it in one line per estimator.
- :func:`randomization_pvalue` is the permutation/placebo p-value with the +1 correction.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import stats
from tqdm import tqdm  # plain bars on stderr: shown in JupyterLab, dropped from the HTML


def streams(seed: int, n: int) -> list[np.random.Generator]:
    """``n`` statistically independent generators derived from one seed."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n)]


def monte_carlo(
    one_draw: Callable[[np.random.Generator], dict | list[dict]], n_draws: int, seed: int, desc: str = "Monte Carlo"
) -> pd.DataFrame:
    """Run ``one_draw`` on ``n_draws`` independent streams; one row per returned dict.

    The result does not depend on how the draws are scheduled: draw ``i`` always gets the
    ``i``-th stream of ``seed``. Column ``draw`` numbers the draws.
    """
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    rows = []
    for i, rng in enumerate(tqdm(streams(seed, n_draws), desc=desc, unit="draw", mininterval=1.0)):
        out = one_draw(rng)
        for row in out if isinstance(out, list) else [out]:
            rows.append({"draw": i, **row})
    return pd.DataFrame(rows)


def diagnose(
    draws: pd.DataFrame,
    truth,
    estimate: str = "estimate",
    se: str = "se",
    by: str | None = "estimator",
    level: float = 0.95,
) -> pd.DataFrame:
    """Bias, RMSE, coverage of the normal ``level`` interval, and power (rejecting zero).

    ``truth`` is a number, or a column name holding each draw's true value (useful when the
    estimand differs by estimator, e.g. an ATT under staggered timing).
    """
    z = stats.norm.ppf(0.5 + level / 2)
    frame = draws.copy()
    frame["_truth"] = frame[truth] if isinstance(truth, str) else float(truth)
    err = frame[estimate] - frame["_truth"]
    frame["_err"] = err
    frame["_cover"] = (err.abs() <= z * frame[se]).astype(float)
    frame["_reject"] = ((frame[estimate] / frame[se]).abs() > z).astype(float)
    groups = frame.groupby(by, sort=False) if by else [("all", frame)]
    rows = []
    for name, g in groups:
        rows.append(
            {
                by or "estimator": name,
                "draws": len(g),
                "truth": g["_truth"].mean(),
                "mean estimate": g[estimate].mean(),
                "bias": g["_err"].mean(),
                "RMSE": float(np.sqrt((g["_err"] ** 2).mean())),
                "SD of estimates": g[estimate].std(ddof=1),
                "mean SE": g[se].mean(),
                f"coverage {level:.0%}": g["_cover"].mean(),
                "power": g["_reject"].mean(),
            }
        )
    return pd.DataFrame(rows).set_index(by or "estimator")


def summarize(diagnosis: pd.DataFrame) -> str:
    """One line per estimator of a :func:`diagnose` table, for prose that follows the numbers of this run."""
    coverage = next(c for c in diagnosis.columns if c.startswith("coverage"))
    return "\n".join(
        f"{name}: bias {row['bias']:+.3f} against a truth of {row['truth']:.3f}, RMSE {row['RMSE']:.3f}, "
        f"{coverage} {row[coverage]:.0%}, power {row['power']:.2f} ({int(row['draws'])} draws)"
        for name, row in diagnosis.iterrows()
    )


def randomization_pvalue(observed: float, null_draws, two_sided: bool = True) -> float:
    """Share of placebo/permutation draws at least as extreme as ``observed`` (with +1 correction)."""
    null = np.asarray(null_draws, dtype=float)
    null = null[~np.isnan(null)]
    extreme = np.abs(null) >= abs(observed) if two_sided else null >= observed
    return float((1 + extreme.sum()) / (1 + len(null)))
