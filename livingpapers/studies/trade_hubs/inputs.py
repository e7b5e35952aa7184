"""The chapter's inputs in either data mode, through the same contract."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from livingpapers.studies.trade_hubs.data import Inputs, check_standin, read_real_inputs, treatment_timing
from livingpapers.studies.trade_hubs.standin import generate


def load_inputs(data_mode: str, rng: np.random.Generator, directory: Path | None = None) -> tuple[Inputs, object]:
    """Stand-in (seeded) or the user's files; returns the inputs and the stand-in's true effects
    (None in real mode)."""
    if data_mode == "real":
        return read_real_inputs(directory), None
    timing = treatment_timing()
    panel, truth = generate(rng, timing)
    return Inputs(check_standin(panel), timing, simulated=True), truth
