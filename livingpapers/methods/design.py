"""Per-claim design diagnosis: how often each claim holds with the planted effects, and without them.

A study supplies one function, ``draw(rng, planted) -> {claim_id: (holds, estimate, se, truth)}``:
simulate one stand-in from ``rng`` (with its planted effects if ``planted``, with every planted
effect set to zero otherwise), run the chapter's estimators and say, for each headline claim,
whether the claim holds in that draw, the estimate and its standard error (``None`` for a
qualitative claim) and the true value the estimate targets in that draw.

:func:`diagnose_claims` runs ``n_draws`` draws of each kind and returns per claim

- ``p_holds_design``: the share of draws with the planted effects in which the claim holds
  (its power under the design);
- ``p_holds_null``: the share of draws with no effect in which it holds (its false-positive rate);
- ``bias``: the mean of estimate minus truth under the design;
- ``coverage``: the share of design draws whose 95 % interval (estimate ± 1.96·se) covers the truth.

A study that can simulate and estimate many draws at once passes a batched function to
:func:`run_batched` instead (same streams, same rows, one vectorised pass per batch).

Draw ``i`` gets the ``i``-th child of ``SeedSequence(seed)``, the same stream for its design and
its null draw (common random numbers), whatever the scheduler: joblib on this machine, or a
``dask.distributed`` cluster when that package is installed and ``$LIVINGPAPERS_DASK_SCHEDULER``
holds a scheduler address (e.g. ``tcp://10.0.0.5:8786``).
"""

from __future__ import annotations

import importlib.util
import math
import os
import warnings
from collections.abc import Callable

import joblib
import numpy as np
import pandas as pd
from tqdm import tqdm  # on stderr: shown in the terminal and JupyterLab, dropped from the HTML

SCHEDULER_ENV = "LIVINGPAPERS_DASK_SCHEDULER"
Z_95 = 1.96
Outcome = tuple  # (holds: bool, estimate: float | None, se: float | None, truth: float | None)
Draw = Callable[[np.random.Generator, bool], dict[str, Outcome]]
DESIGN_COLUMNS = ["p_holds_design", "p_holds_null", "bias", "coverage", "draws"]


def one_draw(draw: Draw, seed: np.random.SeedSequence, planted: bool) -> dict[str, Outcome]:
    """Run one draw on its own stream (module level, so any scheduler can ship it)."""
    return draw(np.random.default_rng(seed), planted)


def dask_address() -> str | None:
    """The scheduler named in ``$LIVINGPAPERS_DASK_SCHEDULER``, if set and ``dask.distributed`` is installed."""
    address = os.environ.get(SCHEDULER_ENV, "").strip()
    if not address:
        return None
    if importlib.util.find_spec("distributed") is None:
        warnings.warn(f"{SCHEDULER_ENV} is set but dask.distributed is not installed; using joblib", stacklevel=3)
        return None
    return address


def on_dask(address: str, draw: Draw, tasks: list[tuple[np.random.SeedSequence, bool]]) -> list[dict]:
    """Every task on the cluster at ``address`` (its dashboard shows the progress); results in task order."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        return client.gather(client.map(one_draw, [draw] * len(tasks), *zip(*tasks), pure=False))


def on_joblib(n_jobs: int, draw: Draw, tasks: list[tuple[np.random.SeedSequence, bool]], desc: str) -> list[dict]:
    """Every task through joblib (sequential for ``n_jobs=1``); results in task order."""
    outcomes = joblib.Parallel(n_jobs=n_jobs, return_as="generator")(
        joblib.delayed(one_draw)(draw, seed, planted) for seed, planted in tasks
    )
    return list(tqdm(outcomes, total=len(tasks), desc=desc, unit="draw", mininterval=1.0))


def run_draws(draw: Draw, n_draws: int, seed: int, n_jobs: int = 1, desc: str = "design diagnosis") -> pd.DataFrame:
    """Every draw's outcomes, one row per (draw, planted, claim), in draw order."""
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    seeds = np.random.SeedSequence(seed).spawn(n_draws)
    index = [(i, planted) for planted in (True, False) for i in range(n_draws)]
    tasks = [(seeds[i], planted) for i, planted in index]
    address = dask_address()
    outcomes = on_dask(address, draw, tasks) if address else on_joblib(n_jobs, draw, tasks, desc)
    rows = [
        {"draw": i, "planted": planted, "claim": claim, **_outcome(claim, outcome)}
        for (i, planted), found in zip(index, outcomes)
        for claim, outcome in found.items()
    ]
    return pd.DataFrame(rows, columns=["draw", "planted", "claim", "holds", "estimate", "se", "truth"])


def _outcome(claim: str, outcome: Outcome) -> dict:
    if len(outcome) != 4:
        raise ValueError(f"claim {claim}: a draw must return (holds, estimate, se, truth), got {outcome!r}")
    holds, estimate, se, truth = outcome
    return {"holds": bool(holds), "estimate": _number(estimate), "se": _number(se), "truth": _number(truth)}


def _number(x) -> float:
    return math.nan if x is None else float(x)


def summarise_draws(draws: pd.DataFrame, n_draws: int) -> pd.DataFrame:
    """Power, false-positive rate, bias and coverage per claim from :func:`run_draws`' rows.

    A claim missing from a draw (its estimator failed there) counts as not holding in it.
    """
    rows = {}
    for claim, group in draws.groupby("claim", sort=False):
        design, null = group[group["planted"]], group[~group["planted"]]
        error = design["estimate"] - design["truth"]
        covered = (error.abs() <= Z_95 * design["se"])[error.notna() & design["se"].notna()]
        rows[claim] = {
            "p_holds_design": design["holds"].sum() / n_draws,
            "p_holds_null": null["holds"].sum() / n_draws,
            "bias": error.mean() if error.notna().any() else math.nan,
            "coverage": covered.mean() if len(covered) else math.nan,
            "draws": n_draws,
        }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=DESIGN_COLUMNS)
    frame.index.name = "claim"
    return frame


BatchDraw = Callable[[list[np.random.Generator], bool], dict[str, pd.DataFrame]]
BATCH_COLUMNS = ["holds", "estimate", "se", "truth"]


def run_batched(draws: BatchDraw, n_draws: int, seed: int, batch: int = 100) -> pd.DataFrame:
    """:func:`run_draws` for a study that simulates and estimates many draws in one vectorised pass.

    ``draws(rngs, planted)`` simulates one stand-in per generator (each from its own stream only)
    and returns, per claim, a frame with the columns ``holds, estimate, se, truth`` and one row per
    generator. Draw ``i`` gets the ``i``-th child of ``SeedSequence(seed)``, as in :func:`run_draws`,
    so the two give the same draws; here they run in batches of ``batch`` in this process (the
    arithmetic is batched instead of scheduled).
    """
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    seeds = np.random.SeedSequence(seed).spawn(n_draws)
    starts = [(planted, start) for planted in (True, False) for start in range(0, n_draws, batch)]
    frames = []
    for planted, start in tqdm(starts, desc="design diagnosis (batches)", unit="batch", mininterval=1.0):
        rngs = [np.random.default_rng(s) for s in seeds[start : start + batch]]
        for claim, found in draws(rngs, planted).items():
            numbers = found[BATCH_COLUMNS].astype({"holds": bool, "estimate": float, "se": float, "truth": float})
            frames.append(numbers.assign(draw=np.arange(start, start + len(rngs)), planted=planted, claim=claim))
    columns = ["draw", "planted", "claim", *BATCH_COLUMNS]
    return pd.concat(frames, ignore_index=True)[columns]


def diagnose_claims(draw: Draw, n_draws: int, seed: int, n_jobs: int = 1) -> pd.DataFrame:
    """Per-claim power, false-positive rate, bias and 95 % coverage over ``n_draws`` seeds of each kind.

    The index is the claim id; pass the frame to ``Ledger.record_designs`` to put it in the ledger.
    """
    return summarise_draws(run_draws(draw, n_draws, seed, n_jobs), n_draws)
