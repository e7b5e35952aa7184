"""quiet_fixest silences pyfixest's routine notices, and only those."""

import warnings

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from livingpapers.methods.estimation import quiet_fixest


def panel_with_a_singleton() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    data = pd.DataFrame({"g": [0, 0, 1, 1, 2, 2, 3], "x": rng.normal(size=7)})
    data["y"] = data["x"] + rng.normal(size=7)
    return data


def test_singleton_notice_is_silenced():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pf.feols("y ~ x | g", data=panel_with_a_singleton())
    assert any("singleton" in str(w.message) for w in caught), "pyfixest no longer warns: update FIXEST_NOTICES"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with quiet_fixest():
            pf.feols("y ~ x | g", data=panel_with_a_singleton())
    assert not any("singleton" in str(w.message) for w in caught)


def test_other_warnings_still_show():
    with pytest.warns(UserWarning, match="something new"), quiet_fixest("is currently in beta"):
        warnings.warn("something new", UserWarning, stacklevel=1)
