"""DoubleML wrappers: recovery of a known effect, invariance to row order and names, refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from livingpapers.methods import dml
from livingpapers.methods.checks import MethodInputError


def _plr_data(seed: int = 0, n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4))
    d = np.sin(x[:, 0]) + 0.5 * x[:, 1] + rng.normal(size=n)
    y = 0.5 * d + np.cos(x[:, 0]) + x[:, 2] ** 2 / 2 + rng.normal(size=n)
    return pd.DataFrame(x, columns=["a", "b", "c", "e"]).assign(y=y, d=d)


def _late_data(seed: int = 0, n: int = 1500) -> pd.DataFrame:
    """Binary instrument; 60 % compliers, 20 % always-takers; effect 1 for everyone (LATE = 1)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    z = rng.integers(0, 2, n)
    kind = rng.choice(["complier", "always", "never"], size=n, p=[0.6, 0.2, 0.2])
    d = np.where(kind == "always", 1, np.where(kind == "complier", z, 0))
    y = 1.0 * d + x[:, 0] + 0.5 * (kind == "always") + rng.normal(size=n)
    return pd.DataFrame(x, columns=["a", "b", "c"]).assign(y=y, d=d, z=z)


def test_partially_linear_recovers_the_effect_and_ignores_row_order_and_names():
    data = _plr_data()
    fit = dml.partially_linear(data, "y", "d", ["a", "b", "c", "e"], seed=1, n_folds=3)
    assert abs(fit.coef - 0.5) < 3 * fit.se
    renamed = data.sample(frac=1, random_state=2).rename(columns={"y": "outcome y", "a": "control a"})
    again = dml.partially_linear(renamed, "outcome y", "d", ["control a", "b", "c", "e"], seed=1, n_folds=3)
    assert again.coef == pytest.approx(fit.coef, rel=1e-12)
    assert again.se == pytest.approx(fit.se, rel=1e-12)


def test_late_recovers_the_complier_effect():
    fit = dml.late(_late_data(), "y", "d", "z", ["a", "b", "c"], seed=1, n_folds=3)
    assert abs(fit.coef - 1.0) < 3 * fit.se
    assert fit.model == "interactive IV (LATE)"


def test_dml_refuses_bad_input():
    data = _late_data(n=200)
    with pytest.raises(MethodInputError, match="binary"):
        dml.late(data.assign(z=data["z"] * 2.0), "y", "d", "z", ["a"])
    with pytest.raises(MethodInputError, match="too few controls"):
        dml.partially_linear(data, "y", "d", [])
    with pytest.raises(MethodInputError, match="not in data"):
        dml.partially_linear(data, "y", "d", ["w"])


def test_learners_passed_in_are_used_and_the_defaults_are_the_same_forests():
    """Passing scikit-learn ensembles works (``learner or default`` used to call len() on them and crash);
    passing the default forests gives the default result exactly."""
    data = _plr_data(n=300)
    default = dml.partially_linear(data, "y", "d", ["a", "b", "c", "e"], seed=3, n_folds=3)
    given = dml.partially_linear(
        data, "y", "d", ["a", "b", "c", "e"], seed=3, n_folds=3, learner_y=dml.forest(3), learner_d=dml.forest(3)
    )
    assert given.coef == pytest.approx(default.coef, rel=1e-12)
    smaller = dml.partially_linear(
        data, "y", "d", ["a", "b", "c", "e"], seed=3, n_folds=3, learner_y=dml.forest(3, n_estimators=20)
    )
    assert smaller.coef != default.coef
