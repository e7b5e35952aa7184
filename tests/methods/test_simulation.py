"""Monte Carlo and diagnosis helpers, against hand-computed cases."""

import numpy as np
import pandas as pd
import pytest

from livingpapers.methods.simulation import diagnose, monte_carlo, randomization_pvalue, summarize


def test_monte_carlo_is_reproducible_and_independent_of_scheduling():
    draw = lambda rng: {"x": rng.normal()}  # noqa: E731
    a, b = monte_carlo(draw, 5, seed=3), monte_carlo(draw, 5, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert monte_carlo(draw, 3, seed=3)["x"].tolist() == a["x"].tolist()[:3]
    assert a["x"].nunique() == 5


def test_monte_carlo_several_rows_per_draw_and_bad_count():
    out = monte_carlo(lambda rng: [{"estimator": "a"}, {"estimator": "b"}], 2, seed=0)
    assert out[["draw", "estimator"]].values.tolist() == [[0, "a"], [0, "b"], [1, "a"], [1, "b"]]
    with pytest.raises(ValueError, match="at least 1"):
        monte_carlo(lambda rng: {}, 0, seed=0)


def test_diagnose_hand_computed():
    draws = pd.DataFrame({"estimator": ["ols"] * 4, "estimate": [1.0, 2.0, 3.0, 6.0], "se": [1.0, 1.0, 1.0, 1.0]})
    row = diagnose(draws, truth=2.0).loc["ols"]
    assert row["bias"] == pytest.approx(1.0)  # mean 3 - 2
    assert row["RMSE"] == pytest.approx(np.sqrt((1 + 0 + 1 + 16) / 4))
    assert row["coverage 95%"] == pytest.approx(0.75)  # |err| <= 1.96 for 1, 2, 3
    assert row["power"] == pytest.approx(0.75)  # t = 1, 2, 3, 6: three exceed 1.96


def test_diagnose_power_counts_rejections_of_zero():
    draws = pd.DataFrame({"estimate": [1.0, 2.5, -3.0, 0.1], "se": [1.0] * 4})
    assert diagnose(draws, truth=0.0, by=None).loc["all", "power"] == pytest.approx(0.5)


def test_randomization_pvalue_plus_one_correction():
    assert randomization_pvalue(2.0, [0.5, -2.5, 1.0, 3.0]) == pytest.approx((1 + 2) / 5)
    assert randomization_pvalue(2.0, [0.5, -2.5, 1.0, 3.0], two_sided=False) == pytest.approx(2 / 5)


def test_summarize_states_each_estimator_from_the_table():
    draws = pd.DataFrame({"estimator": ["ols"] * 4, "estimate": [1.0, 2.0, 3.0, 6.0], "se": [1.0] * 4})
    assert summarize(diagnose(draws, truth=2.0)) == (
        "ols: bias +1.000 against a truth of 2.000, RMSE 2.121, coverage 95% 75%, power 0.75 (4 draws)"
    )
