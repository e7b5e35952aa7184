"""Real public datasets for the methods tests (see tests/data/README.md for sources and licences)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from support import REPO

DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def mpdta() -> pd.DataFrame:
    """County teen employment 2003-2007 (R package did's mpdta): 500 counties, staggered minimum-wage rises,
    with a binary treatment column ``D`` added (treated from ``first.treat`` on)."""
    data = pd.read_csv(DATA / "did" / "mpdta.csv")
    data["D"] = ((data["first.treat"] > 0) & (data["year"] >= data["first.treat"])).astype(int)
    data["state"] = (data["countyreal"] // 1000).astype(int)
    return data


@pytest.fixture(scope="session")
def trade() -> pd.DataFrame:
    """EU15 bilateral trade by product and year (R package fixest's trade data, Eurostat)."""
    data = pd.read_csv(DATA / "gravity" / "fixest_trade.csv.gz")
    data["log_dist"] = np.log(data["dist_km"])
    return data


@pytest.fixture(scope="session")
def shuffle():
    """The same rows in a random order with a fresh index."""

    def shuffled(data: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
        return data.sample(frac=1, random_state=seed).reset_index(drop=True)

    return shuffled
