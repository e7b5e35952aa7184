"""The benchmark's two sides compute the same thing."""

from __future__ import annotations

import pandas as pd

from livingpapers.studies.rta_digital_trade import bench


def test_fepois_agrees_with_statsmodels_glm_dummies(panels):
    small = bench.comparable_panel(
        panels.aggregate[panels.aggregate["iso3"].isin(panels.aggregate["iso3"].unique()[:40])]
    )
    regressors = ["rtadepth", "other", "lngdp"]
    pd.testing.assert_series_equal(
        bench.fepois_coefficients(small, regressors),
        bench.glm_dummies(small, regressors),
        check_names=False,
        check_index_type=False,
        atol=1e-5,
        rtol=1e-5,
    )
