"""Shared fixtures of the RTA digital-trade tests: the stand-in inputs and their panels."""

from __future__ import annotations

import pytest

from livingpapers.studies.rta_digital_trade import data, standin

SEED = 20240


@pytest.fixture(scope="module")
def inputs() -> data.Inputs:
    return standin.simulate(SEED)


@pytest.fixture(scope="module")
def panels(inputs) -> data.Panels:
    return data.assemble(inputs, data.countries())
