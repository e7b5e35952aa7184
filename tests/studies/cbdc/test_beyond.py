"""Beyond the paper: the checks rerun under proportional bargaining, and the welfare summary."""

from __future__ import annotations

import pandas as pd

from livingpapers.studies.cbdc import beyond
from livingpapers.studies.cbdc.model import Calibration

BASE = Calibration()


def test_protocol_comparison_flags_tioli_dependent_claims():
    table = beyond.protocol_check_table(BASE, (1.0, 0.5), 1.02, 30)
    assert table.loc["C7", "θ = 0.5"] == "NO" and table.loc["C8", "θ = 0.5"] == "NO"
    for claim in ("C10", "C11", "C13", "C14", "C19", "C23"):
        assert table.loc[claim, "θ = 0.5"] == "yes"


def test_welfare_summary_by_hand():
    frame = pd.DataFrame({"R_e": [1.0, 1.01, 1.02, 1.03], "surplus_dm": [0.30, 0.32, 0.31, 0.33]})
    w = beyond.welfare_summary(frame)
    assert (w.argmax_rate, w.max_surplus, w.surplus_no_cbdc, w.top_rate) == (1.03, 0.33, 0.30, 1.03)
    assert w.falls_on == (1.01, 1.02) and w.below_no_cbdc == 0
    assert beyond.welfare_summary(frame.assign(surplus_dm=[0.3, 0.29, 0.31, 0.32])).below_no_cbdc == 1


def test_welfare_examples_name_the_calibrations(run):
    slack = BASE.with_(eta=0.5)
    welfare = pd.DataFrame({"eta": [0.2], "mu": [1.0], "R_d": [1.001], "falls_from": [1.03]})
    examples = beyond.welfare_examples(BASE, run, welfare, slack, 10)
    assert list(examples) == ["baseline", "η=0.2, μ=1, R^d=1.001 (S dips)", "η=0.5, μ=1.03, R^d=1.005 (type 3 slack)"]
    assert examples["baseline"] is run.frame and len(examples["η=0.5, μ=1.03, R^d=1.005 (type 3 slack)"]) == 10
