"""The vectorized TWFE engine on hand-computed cases and against pyfixest."""

from __future__ import annotations

import numpy as np
import pytest

from livingpapers.studies.trade_hubs import data, estimation, fastdid


def test_two_way_demeaning_matches_hand_computation():
    cube = np.array([[1.0, 2.0], [3.0, 7.0]])[..., None]
    # grand mean 3.25; city means 1.5, 5; year means 2, 4.5 -> cell (0,0): 1 - 1.5 - 2 + 3.25 = 0.75
    out = fastdid.demean_balanced(cube)[..., 0]
    assert out == pytest.approx(np.array([[0.75, -0.75], [-0.75, 0.75]]))


def test_cluster_scale():
    assert fastdid.cluster_scale(100, 10, 3) == pytest.approx(10 / 9 * 99 / 97)


def test_subsample_engine_equals_pyfixest(df):
    h = estimation.heterogeneity_frame(df)
    z = fastdid.to_cube(h, ["regopen", "hub", *data.CONTROLS])
    manu = fastdid.to_cube(h, ["manu"])[..., 0]
    masks = np.stack([manu == 1, manu == 0])
    fast = fastdid.subsample_coefficients(z, masks)
    for value, b in zip((1, 0), fast):
        slow = estimation.coef(estimation.twfe(h[h["manu"] == value], "regopen", "hub"), "hub")[0]
        assert b == pytest.approx(slow, rel=1e-8)
