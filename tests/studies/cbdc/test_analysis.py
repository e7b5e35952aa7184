"""The CBDC chapter's computations on top of the solver: parameters, check-value rows, regime map, derivatives."""

from __future__ import annotations

import pytest

from livingpapers.studies.cbdc import analysis
from livingpapers.studies.cbdc.model import Calibration

BASE = Calibration()
DEFAULTS = {"beta": 0.96, "mu": 1.03, "r_d": 1.005, "eta": 0.25, "b": 0.0001}
ALPHAS = {"alpha_1": 0.11, "alpha_2": 0.27, "alpha_3": 0.62}


def test_chapter_parameters_give_the_baseline_calibration():
    assert analysis.calibration_from(**DEFAULTS, **ALPHAS) == BASE
    assert analysis.calibration_from(**{**DEFAULTS, "r_d": 1.01}, **ALPHAS).R_d == 1.01


def test_check_value_rows_include_the_regime_threshold():
    threshold = 1.04318
    table = analysis.check_value_table(BASE, threshold)
    assert table["R^e"].tolist() == sorted([*analysis.CHECK_RATES, threshold])
    row = table.set_index("R^e").loc[1.02]
    assert (row["e (m at R^e=1)"], row["d"]) == pytest.approx((0.2671, 0.6774), abs=1e-4)  # spec section 9
    assert row["i_e"] == pytest.approx(1.03 / (0.96 * 1.02) - 1)
    assert analysis.check_value_table(BASE, None)["R^e"].tolist() == list(analysis.CHECK_RATES)


def test_regime_map_labels_each_case():
    table = analysis.regime_map(BASE).set_index(["β", "η"])["R̄^e"]
    assert float(table.loc[(0.96, 0.2)]) == pytest.approx(1.041, abs=1e-3)  # the spec's regime map
    assert float(table.loc[(0.96, 0.3)]) == pytest.approx(1.015, abs=1e-3)
    assert table.loc[(0.96, 0.4)] == "slack at R^e = 1" and table.loc[(0.97, 0.3)] == "slack at R^e = 1"


def test_derivative_table_agrees_with_finite_differences():
    table = analysis.derivative_table(BASE, 1.02)
    assert list(table.index) == ["de/dR^e", "dd/dR^e", "d(e+d)/dR^e", "dY^DM/dR^e", "dS/dR^e"]
    assert (table["|gap|"] < 1e-6).all()
    assert table.loc["de/dR^e", "analytical"] == pytest.approx(4.9275, abs=1e-4)
