"""Staggered-DID estimators: Callaway-Sant'Anna by hand and against csdid, Goodman-Bacon."""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pytest

from livingpapers.studies.trade_hubs import data, estimation, fastdid, robust


def test_callaway_santanna_on_a_two_by_two():
    # two cities treated in 2011, two never; y rises by 1 for the treated only from 2011
    y = np.array([[0, 0, 1], [1, 1, 2], [0, 0, 0], [2, 2, 2]], float)
    cs = robust.callaway_santanna(y, np.array([2011, 2011, np.inf, np.inf]), [2009, 2010, 2011])
    assert cs.att[0] == pytest.approx(1.0)
    assert cs.se[0] == pytest.approx(0.0)


def test_bacon_weights_sum_to_one_and_reproduce_twfe(df):
    decomposition = robust.bacon_decomposition(df)
    assert decomposition["weight"].sum() == pytest.approx(1.0)
    twfe = estimation.coef(estimation.twfe(df, "regopen", "hub", controls=False), "hub")[0]
    assert (decomposition["weight"] * decomposition["estimate"]).sum() == pytest.approx(twfe, rel=1e-9)


def test_callaway_santanna_matches_csdid(df):
    from csdid.att_gt import ATTgt

    y, cohort = fastdid.to_cube(df, ["regopen"])[..., 0], robust.cohorts(df)
    ours = robust.callaway_santanna(y, cohort, data.YEARS, "never").att[0]
    frame = df.assign(g=df["hub_year"].fillna(0).astype(int))[["regopen", "year", "city_id", "g"]]
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):  # csdid prints its summary
        warnings.simplefilter("ignore")
        fit = ATTgt(
            yname="regopen", tname="year", idname="city_id", gname="g", data=frame, control_group="nevertreated"
        ).fit(est_method="reg", base_period="universal", bstrap=False)
        fit.aggte(typec="simple")
    assert ours == pytest.approx(fit.atte["overall_att"], abs=1e-6)
