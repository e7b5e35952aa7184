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
BatchOutcome = tuple  # (holds, estimate, se, truth): arrays over draws; estimate and se may be None, truth a number
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


def run_batched_draws(
    simulate: Callable[[np.random.Generator, bool], object],
    estimate: Callable[[list, bool], dict[str, BatchOutcome]],
    n_draws: int,
    seed: int,
    desc: str = "design diagnosis",
) -> pd.DataFrame:
    """:func:`run_draws` for estimators that fit every draw at once (e.g. ``methods.fe_draws``).

    ``simulate(rng, planted)`` returns one draw's data; ``estimate(draws, planted)`` takes the list
    of all draws of one kind and returns, per claim, (holds, estimate, se, truth), each an array over
    the draws, a scalar (the same in every draw) or ``None`` (a qualitative claim has no estimate).
    Draw ``i`` gets the same stream as in :func:`run_draws`, so both give the same outcomes. The draws
    are simulated here in sequence and estimated in one batched call per kind, on this machine
    (the batched fit needs no cluster).
    """
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    seeds = np.random.SeedSequence(seed).spawn(n_draws)
    frames = []
    for planted in (True, False):
        label = f"{desc} ({'planted effects' if planted else 'no effect'})"
        draws = [
            simulate(np.random.default_rng(s), planted) for s in tqdm(seeds, desc=label, unit="draw", mininterval=1.0)
        ]
        for claim, outcome in estimate(draws, planted).items():
            if len(outcome) != 4:
                raise ValueError(f"claim {claim}: estimate must return (holds, estimate, se, truth), got {outcome!r}")
            holds, value, se, truth = (
                np.broadcast_to(np.nan if x is None else np.asarray(x, float), n_draws) for x in outcome
            )
            frame = pd.DataFrame({"draw": np.arange(n_draws), "planted": planted, "claim": claim})
            frames.append(frame.assign(holds=holds.astype(bool), estimate=value, se=se, truth=truth))
    return pd.concat(frames, ignore_index=True)


def diagnose_batched(simulate, estimate, n_draws: int, seed: int) -> pd.DataFrame:
    """:func:`diagnose_claims` for batched estimators (see :func:`run_batched_draws`)."""
    return summarise_draws(run_batched_draws(simulate, estimate, n_draws, seed), n_draws)


def diagnose_claims(draw: Draw, n_draws: int, seed: int, n_jobs: int = 1) -> pd.DataFrame:
    """Per-claim power, false-positive rate, bias and 95 % coverage over ``n_draws`` seeds of each kind.

    The index is the claim id; pass the frame to ``Ledger.record_designs`` to put it in the ledger.
    """
    return summarise_draws(run_draws(draw, n_draws, seed, n_jobs), n_draws)
