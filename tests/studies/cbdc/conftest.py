"""Fixtures shared by the CBDC tests: the baseline calibration solved once on a coarse grid."""

from __future__ import annotations

import pytest

from livingpapers.studies.cbdc.model import Calibration, run_model

BASE = Calibration()


@pytest.fixture(scope="module")
def run():
    return run_model(BASE, 40, 1.02)
