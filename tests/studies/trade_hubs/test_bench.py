"""The benchmark's two sides compute the same thing."""

from __future__ import annotations

import pandas as pd

from livingpapers.studies.trade_hubs import bench


def test_fast_placebo_equals_pyfixest_per_draw():
    df, draws = bench.placebo_inputs(n_draws=3)
    fast = bench.fast_placebo(df, draws)
    slow = bench.loop_placebo(df, draws)
    pd.testing.assert_frame_equal(fast, slow, check_exact=False, rtol=1e-8, atol=1e-12)
