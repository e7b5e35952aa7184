"""Shared fixtures of the BRI tests: the stand-in inputs and the paper's chain on them (4 Leiden seeds)."""

from __future__ import annotations

import pytest

from livingpapers.studies import bri_trade_network as bri
from livingpapers.studies.bri_trade_network import analysis as an

SEED = 20210


@pytest.fixture(scope="module")
def inputs():
    return bri.load("standin", SEED)


@pytest.fixture(scope="module")
def results(inputs):
    return an.analyse(inputs.networks, range(4))
