"""Every claim of the paper checked in the solved model, at the baseline calibration."""

from __future__ import annotations

import numpy as np

from livingpapers.studies.cbdc import beyond
from livingpapers.studies.cbdc import checks as ck
from livingpapers.studies.cbdc.model import (
    Calibration,
    keister_sanches_benchmark,
    no_cbdc_over_inflation,
    sensitivity_map,
)

BASE = Calibration()


def test_claim_checks_at_baseline(run):
    inflation = no_cbdc_over_inflation(BASE, points=7)
    bench = keister_sanches_benchmark(BASE, 20)
    smap = sensitivity_map(BASE, 1.02, etas=(0.25, 0.5), mus=(1.03,), rds=(1.005,))
    welfare = beyond.welfare_map(BASE, 20, etas=(0.2, 0.25), mus=(1.0,), rds=(1.001,))
    checks = {c.claim: c for c in ck.check_claims(run, inflation, bench, smap, welfare, ck.slack_example(BASE, smap))}
    held = {k for k, c in checks.items() if c.passed}
    assert {f"C{i}" for i in range(4, 21) if i != 21} | {"C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29"} <= held
    assert not checks["T3-all"].passed and not checks["FN11"].passed and not checks["L5-map"].passed
    assert "flat" in checks["C13"].shown


def test_trend_labels():
    assert ck.trend(np.array([1.0, 2.0, 3.0])) == "rising"
    assert ck.trend(np.array([1.0, 1.0, 1.0])) == "flat"
    assert ck.trend(np.array([1.0, 0.0, 1.0])) == "mixed"
