"""The baseline the analysis runs recovers the planted trade-creation effect."""

from __future__ import annotations

from livingpapers.studies.rta_digital_trade import estimation as est
from livingpapers.studies.rta_digital_trade import ledger as lg
from livingpapers.studies.rta_digital_trade import tables


def test_baseline_recovers_a_positive_trade_creation_effect(panels):
    fits = est.baseline_fits(panels.aggregate)
    coef, _, p = lg.estimate(fits, 3, "rtadepth")
    assert coef > 0 and p < 0.05
    assert lg.holds(coef, p, "+") and not lg.holds(coef, p, "ns")
    # the ledger reads the same cell the published table shows
    assert tables.regression_table(fits, "Table 3").estimate(3, "rtadepth") == lg.estimate(fits, 3, "rtadepth")
