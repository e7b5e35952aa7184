"""Beyond the paper on the stand-in: the robust-estimator table, Goodman-Bacon, Callaway-Sant'Anna
against csdid, the design diagnosis draw."""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pytest

from livingpapers.methods import did
from livingpapers.methods.simulation import streams
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


def test_the_batched_monte_carlo_equals_estimating_each_draw_on_its_own(timing):
    draws, diagnosis = beyond.design_diagnosis(timing, 3, seed=4)
    assert list(diagnosis.index) == ["TWFE (paper)", *(label for label, _ in beyond.CALLAWAY_SANTANNA)]
    for i, rng in enumerate(streams(4, 3)):
        panel, truth = beyond.standin.generate(rng, timing)
        df = data.assemble(panel, timing)
        rows = draws[draws["draw"] == i].set_index("estimator")
        assert (rows["truth"] == truth.loc[truth["hub"] == 1, "hub_vs_first_policy"].mean()).all()
        paper = did.twfe(df, "regopen", "hub", "city", "year", data.CONTROLS, cluster="city")
        assert rows.loc["TWFE (paper)", ["estimate", "se"]].tolist() == pytest.approx([paper.coef, paper.se], rel=1e-9)
        for label, control_group in beyond.CALLAWAY_SANTANNA:
            cs = beyond.callaway_santanna(df, control_group)
            assert rows.loc[label, ["estimate", "se"]].tolist() == pytest.approx([cs.att, cs.se], rel=1e-9)


@pytest.fixture(scope="module")
def claims_design(df, draw):
    return beyond.ClaimsDesign(df, draw[1])


def test_claims_design_estimators_match_pyfixest_on_the_chapters_draw(df, claims_design):
    y = claims_design.df["regopen"].to_numpy()
    twice = np.column_stack([y, 2 * y])  # two draws at once: the second's coefficients double, t and p stay
    b, se, p = claims_design.fits["hub"].fit(twice)
    expected = estimation.coef(estimation.twfe(df, "regopen", "hub"), "hub")
    assert (b[0], se[0], p[0]) == pytest.approx(expected)
    assert (b[1], se[1], p[1]) == pytest.approx((2 * expected[0], 2 * expected[1], expected[2]))
    moderation = estimation.mechanisms(df)[3]
    assert [x[0] for x in claims_design.fits["hub_x_mi"].fit(twice)] == pytest.approx(
        estimation.coef(moderation, "hub_x_mi")
    )
    iv = estimation.iv(df, "iv_silk")
    b, se, p = claims_design.fit_iv(twice)
    assert (b[0], se[0], p[0]) == pytest.approx((iv.second, iv.second_se, iv.second_p))
    assert (b[1], se[1], p[1]) == pytest.approx((2 * iv.second, 2 * iv.second_se, iv.second_p))


def test_claims_design_null_draw_has_no_effect_and_the_same_shocks(claims_design):
    planted = claims_design.outcomes(np.random.default_rng(3), True)
    null = claims_design.outcomes(np.random.default_rng(3), False)
    hub = claims_design.hub
    assert np.allclose(planted["ma"] - null["ma"], beyond.standin.TRUE.hub_on_ma * hub)
    stacked = {name: np.stack([values, values]) for name, values in null.items()}
    outcomes = claims_design.evaluate(stacked, False)
    assert set(outcomes) == set(beyond.HEADLINES)
    assert all(truth is None or np.all(np.asarray(truth) == 0.0) for *_, truth in outcomes.values())
    assert all(len(holds) == 2 and holds[0] == holds[1] for holds, *_ in outcomes.values())


def test_the_batched_claims_diagnosis_equals_evaluating_each_draw_alone(claims_design):
    """All draws estimated together give what each draw gives on its own (methods.design's batched path)."""
    seeds = np.random.SeedSequence(11).spawn(3)
    one_by_one = []
    for planted in (True, False):
        for s in seeds:
            y = claims_design.outcomes(np.random.default_rng(s), planted)
            found = claims_design.evaluate({k: v[None] for k, v in y.items()}, planted)
            one_by_one.append({claim: bool(np.asarray(out[0])[0]) for claim, out in found.items()})
    frame = beyond.diagnose_claims_batched(claims_design.outcomes, claims_design.evaluate, 3, 11)
    for claim in beyond.HEADLINES:
        design = np.mean([d[claim] for d in one_by_one[:3]])
        null = np.mean([d[claim] for d in one_by_one[3:]])
        assert frame.loc[claim, ["p_holds_design", "p_holds_null"]].tolist() == pytest.approx([design, null])
