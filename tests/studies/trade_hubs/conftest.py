"""Shared fixtures of the trade-hubs tests: the curated timing and one stand-in draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from livingpapers.studies.trade_hubs import data, standin

SEED = 20260


@pytest.fixture(scope="module")
def timing() -> pd.DataFrame:
    return data.treatment_timing()


@pytest.fixture(scope="module")
def draw(timing):
    panel, truth = standin.generate(np.random.default_rng([SEED, 1]), timing)
    return panel, truth


@pytest.fixture(scope="module")
def df(draw, timing) -> pd.DataFrame:
    return data.assemble(draw[0], timing)
