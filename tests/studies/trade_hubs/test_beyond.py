"""Beyond the paper on the stand-in: the robust-estimator table, Goodman-Bacon, Callaway-Sant'Anna
against csdid, the design diagnosis draw."""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pytest

from livingpapers.methods import did
from livingpapers.studies.trade_hubs import beyond, data, estimation


@pytest.fixture(scope="module")
def robust_table(df, draw):
    return beyond.robust_estimates(df, draw[1])


def test_robust_table_states_per_estimator_whether_it_includes_the_controls(robust_table):
    included = robust_table["includes the controls"]
    assert included.to_dict() == {
        "TWFE (paper's estimator)": "Yes",
        "Sun-Abraham (interaction-weighted)": "Yes",
        "did2s (Gardner's two-stage)": "Yes",
        "Callaway-Sant'Anna, never treated": "No",
        "Callaway-Sant'Anna, not yet treated": "No",
    }
    assert (robust_table["t"] - robust_table["estimate"] / robust_table["SE"]).abs().max() < 0.01


def test_sun_abraham_in_the_table_uses_the_controls(df, robust_table):
    """The bug of issue 11: the controls were passed to pyfixest's saturated event study, which ignored them."""
    with_controls = did.sun_abraham(df, "regopen", "city", "year", "hub_year", data.CONTROLS, cluster="city")
    without = did.sun_abraham(df, "regopen", "city", "year", "hub_year", cluster="city")
    assert robust_table.loc["Sun-Abraham (interaction-weighted)", "estimate"] == round(with_controls.att, 3)
    assert with_controls.att != pytest.approx(without.att, abs=1e-4)


def test_twfe_in_the_table_is_the_papers_column_2(df, robust_table):
    b, se, _ = estimation.coef(estimation.twfe(df, "regopen", "hub"), "hub")
    assert robust_table.loc["TWFE (paper's estimator)", ["estimate", "SE"]].tolist() == [round(b, 3), round(se, 3)]


def test_bacon_weights_sum_to_one_and_reproduce_twfe(df):
    decomposition = did.bacon(df, "regopen", "hub", "city", "year")
    assert decomposition["weight"].sum() == pytest.approx(1.0)
    twfe = estimation.coef(estimation.twfe(df, "regopen", "hub", controls=False), "hub")[0]
    assert (decomposition["weight"] * decomposition["estimate"]).sum() == pytest.approx(twfe, rel=1e-9)
    assert 0 < beyond.forbidden_weight(decomposition) < 1


def test_callaway_santanna_matches_csdid(df):
    from csdid.att_gt import ATTgt

    ours = beyond.callaway_santanna(df, "never")
    frame = df.assign(g=df["hub_year"].fillna(0).astype(int))[["regopen", "year", "city_id", "g"]]
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):  # csdid prints its summary
        warnings.simplefilter("ignore")
        fit = ATTgt(
            yname="regopen", tname="year", idname="city_id", gname="g", data=frame, control_group="nevertreated"
        ).fit(est_method="reg", base_period="universal", bstrap=False)
        fit.aggte(typec="simple")
    assert ours.att == pytest.approx(fit.atte["overall_att"], abs=1e-6)


def test_one_design_draw_gives_every_estimator_its_truth(timing):
    rows = beyond.one_draw(np.random.default_rng(4), timing)
    assert [r["estimator"] for r in rows] == ["TWFE (paper)", *(label for label, _ in beyond.CALLAWAY_SANTANNA)]
    assert len({r["truth"] for r in rows}) == 1 and all(r["se"] > 0 for r in rows)


@pytest.fixture(scope="module")
def claims_design(df, draw):
    return beyond.ClaimsDesign(df, draw[1])


def test_claims_design_estimators_match_pyfixest_on_the_chapters_draw(df, claims_design):
    y = claims_design.df["regopen"].to_numpy()
    assert claims_design.fits["hub"].fit(y) == pytest.approx(
        estimation.coef(estimation.twfe(df, "regopen", "hub"), "hub")
    )
    moderation = estimation.mechanisms(df)[3]
    assert claims_design.fits["hub_x_mi"].fit(y) == pytest.approx(estimation.coef(moderation, "hub_x_mi"))
    iv = estimation.iv(df, "iv_silk")
    assert claims_design.fit_iv(y) == pytest.approx((iv.second, iv.second_se, iv.second_p))


def test_claims_design_null_draw_has_no_effect_and_the_same_shocks(claims_design):
    planted = claims_design.outcomes(np.random.default_rng(3), True)
    null = claims_design.outcomes(np.random.default_rng(3), False)
    hub = claims_design.hub
    assert np.allclose(planted["ma"] - null["ma"], beyond.standin.TRUE.hub_on_ma * hub)
    outcomes = claims_design(np.random.default_rng(3), False)
    assert set(outcomes) == set(beyond.HEADLINES)
    assert all(truth in (None, 0.0) for *_, truth in outcomes.values())
