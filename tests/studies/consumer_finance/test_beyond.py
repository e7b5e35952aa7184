"""Consumer finance, beyond the paper: the retail tilt that offsets the margin fall."""

from __future__ import annotations

import pytest

from livingpapers.studies.consumer_finance import analysis, beyond


def test_retail_tilt_offset():
    tilt = beyond.retail_tilt_offset(analysis.table1_numbers(), 0.17)
    assert tilt.loc["ABC", "shift_pp"] == pytest.approx(0.17 / 0.72 * 100)
    assert tilt.loc["Mean of six", "spread_pp"] == pytest.approx(6.82 / 6)


def test_forecast_sensitivity_includes_the_papers_rate(numbers):
    grid = beyond.forecast_sensitivity(numbers).set_index("growth_pct")
    # 17 * 1.079 ** 5 = 24.8631, the paper's "approaching 25 tn"
    assert grid.loc[7.9, "balance_2026_tn"] == pytest.approx(24.8631, abs=1e-4)
    assert grid["balance_2026_tn"].is_monotonic_increasing
