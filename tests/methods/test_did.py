"""DID methods against published results on mpdta, against pyfixest and csdid, and invariants."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from livingpapers.methods import did
from livingpapers.methods.checks import MethodInputError
from livingpapers.methods.estimation import quiet_fixest

Y, UNIT, TIME, COHORT = "lemp", "countyreal", "year", "first.treat"

# R package did, README "A short example" (did 2.5.x, https://github.com/bcallaway11/did, README.md):
# att_gt(lemp, first.treat, countyreal, year, xformla = ~1, data = mpdta, est_method = "reg"), never-treated
# controls. ATT(g,t) printed to 4 decimals; SEs are multiplier-bootstrap (1,000 draws).
PUBLISHED_ATT_GT = [  # cohort, year, ATT, bootstrap SE
    (2004, 2004, -0.0105, 0.0246),
    (2004, 2005, -0.0704, 0.0332),
    (2004, 2006, -0.1373, 0.0397),
    (2004, 2007, -0.1008, 0.0357),
    (2006, 2004, 0.0065, 0.0229),
    (2006, 2005, -0.0028, 0.0197),
    (2006, 2006, -0.0046, 0.0179),
    (2006, 2007, -0.0412, 0.0192),
    (2007, 2004, 0.0305, 0.0154),
    (2007, 2005, -0.0027, 0.0164),
    (2007, 2006, -0.0311, 0.0184),
    (2007, 2007, -0.0261, 0.0170),
]
PUBLISHED_PRETEST_P = 0.16812  # same output: "P-value for pre-test of parallel trends assumption"
# Same README, aggte(out, type = "dynamic") and aggte(out, type = "group"): estimate, bootstrap SE.
PUBLISHED_DYNAMIC = {-3: (0.0305, 0.0154), -2: (-0.0006, 0.0132), -1: (-0.0245, 0.0153), 0: (-0.0199, 0.0123)}
PUBLISHED_DYNAMIC.update({1: (-0.0510, 0.0167), 2: (-0.1373, 0.0413), 3: (-0.1008, 0.0351)})
PUBLISHED_DYNAMIC_OVERALL = (-0.0772, 0.0219)
PUBLISHED_GROUP = {2004: (-0.0797, 0.0291), 2006: (-0.0229, 0.0176), 2007: (-0.0261, 0.0175)}
PUBLISHED_GROUP_OVERALL = (-0.031, 0.0126)  # printed to 3 decimals

ROUNDING = 0.5e-4  # the estimates are printed to 4 decimals: deterministic, so only rounding separates them
BOOTSTRAP = 0.15  # analytic SE against a 1,000-draw multiplier-bootstrap SE (R did's default): ~15 %


@pytest.fixture(scope="module")
def cs(mpdta):
    return did.callaway_santanna(mpdta, Y, UNIT, TIME, COHORT)


def test_callaway_santanna_reproduces_the_published_group_time_effects(cs):
    cells = cs.att_gt.set_index(["cohort", "time"])
    for cohort, year, att, boot_se in PUBLISHED_ATT_GT:
        assert cells.loc[(cohort, year), "att"] == pytest.approx(att, abs=ROUNDING)
        assert cells.loc[(cohort, year), "se"] == pytest.approx(boot_se, rel=BOOTSTRAP)
    assert len(cells) == len(PUBLISHED_ATT_GT)


def test_callaway_santanna_pretest_matches_the_published_p_value(cs):
    test = cs.pretest()
    assert test["df"] == 5
    assert test["p"] == pytest.approx(PUBLISHED_PRETEST_P, abs=0.5e-5)


def test_callaway_santanna_dynamic_and_group_aggregations_match_published(cs):
    dynamic = cs.aggregate("dynamic")
    effects = dynamic.effects.set_index("event_time")
    for e, (att, boot_se) in PUBLISHED_DYNAMIC.items():
        assert effects.loc[e, "att"] == pytest.approx(att, abs=ROUNDING)
        assert effects.loc[e, "se"] == pytest.approx(boot_se, rel=BOOTSTRAP)
    assert dynamic.att == pytest.approx(PUBLISHED_DYNAMIC_OVERALL[0], abs=ROUNDING)
    assert dynamic.se == pytest.approx(PUBLISHED_DYNAMIC_OVERALL[1], rel=BOOTSTRAP)
    group = cs.aggregate("group")
    effects = group.effects.set_index("cohort")
    for g, (att, boot_se) in PUBLISHED_GROUP.items():
        assert effects.loc[g, "att"] == pytest.approx(att, abs=ROUNDING)
        assert effects.loc[g, "se"] == pytest.approx(boot_se, rel=BOOTSTRAP)
    assert group.att == pytest.approx(PUBLISHED_GROUP_OVERALL[0], abs=0.5e-3)
    assert group.se == pytest.approx(PUBLISHED_GROUP_OVERALL[1], rel=BOOTSTRAP)


def _csdid(data, controls, control_group, base_period):
    from csdid.att_gt import ATTgt

    with contextlib.redirect_stdout(io.StringIO()):
        fit = ATTgt(
            yname=Y,
            tname=TIME,
            idname=UNIT,
            gname=COHORT,
            data=data,
            xformla=f"~ {' + '.join(controls)}" if controls else None,
            control_group=["nevertreated" if control_group == "never" else "notyettreated"],
        ).fit(est_method="dr", base_period=base_period, bstrap=False)
    return fit


@pytest.mark.parametrize(
    ("controls", "control_group", "base_period"),
    [([], "notyet", "varying"), (["lpop"], "never", "varying"), (["lpop"], "notyet", "universal")],
)
def test_callaway_santanna_equals_csdid_with_analytic_errors(mpdta, controls, control_group, base_period):
    """Own implementation against the csdid library (pinned): cells, SEs and all four aggregations,
    including the doubly robust estimator with a control and the weight-estimation term."""
    ours = did.callaway_santanna(mpdta, Y, UNIT, TIME, COHORT, controls, control_group, base_period)
    lib = _csdid(mpdta, controls, control_group, base_period)
    theirs = pd.DataFrame({"cohort": lib.results["group"], "time": lib.results["year"], "att": lib.results["att"]})
    theirs["se_lib"] = np.nan_to_num(np.asarray(lib.results["se"], float))
    merged = ours.att_gt.merge(theirs, on=["cohort", "time"], suffixes=("", "_lib"))
    assert len(merged) == len(ours.att_gt) == len(theirs)
    np.testing.assert_allclose(merged["att"], merged["att_lib"], atol=1e-10)
    np.testing.assert_allclose(merged["se"], merged["se_lib"], atol=1e-10)
    for kind in ("simple", "group", "dynamic", "calendar"):
        with contextlib.redirect_stdout(io.StringIO()):
            lib.aggte(kind, bstrap=False)
        mine = ours.aggregate(kind)
        assert mine.att == pytest.approx(lib.atte["overall_att"], abs=1e-10), kind
        assert mine.se == pytest.approx(lib.atte["overall_se"], abs=1e-10), kind


def test_aggregated_se_includes_the_weight_estimation_term(cs):
    """The simple ATT's SE with the cohort-share term differs from the one holding the weights fixed."""
    cells = np.flatnonzero(cs.att_gt["post"].to_numpy())
    _, fixed = cs._weighted(cells, with_weight_term=False)
    _, estimated = cs._weighted(cells, with_weight_term=True)
    assert cs._se(estimated) != pytest.approx(cs._se(fixed), rel=1e-3)
    assert cs.aggregate("simple").se == pytest.approx(float(cs._se(estimated)))


def test_callaway_santanna_invariant_to_row_order_names_and_never_treated_coding(mpdta, cs, shuffle):
    renamed = shuffle(mpdta).rename(columns={Y: "log teen employment", UNIT: "county id", COHORT: "g"})
    renamed["g"] = renamed["g"].replace(0, np.nan)
    again = did.callaway_santanna(renamed, "log teen employment", "county id", TIME, "g")
    pd.testing.assert_frame_equal(again.att_gt, cs.att_gt)
    assert again.aggregate("group").se == pytest.approx(cs.aggregate("group").se)


def test_units_treated_in_the_first_period_are_dropped_with_a_message(mpdta, cs):
    data = mpdta.copy()
    early = data[UNIT].isin(data.loc[data[COHORT] == 0, UNIT].unique()[:7])
    data.loc[early, COHORT] = 2003
    out = did.callaway_santanna(data, Y, UNIT, TIME, COHORT)
    assert out.dropped_units == 7
    assert any("Dropped 7 unit(s) already treated in the first period 2003" in m for m in out.messages)
    reference = did.callaway_santanna(mpdta[~early], Y, UNIT, TIME, COHORT)
    pd.testing.assert_frame_equal(out.att_gt, reference.att_gt)


def test_callaway_santanna_refuses_bad_input(mpdta):
    with pytest.raises(MethodInputError, match="balanced panel"):
        did.callaway_santanna(mpdta.iloc[1:], Y, UNIT, TIME, COHORT)
    with pytest.raises(MethodInputError, match="not in data"):
        did.callaway_santanna(mpdta, "lemp2", UNIT, TIME, COHORT)
    with pytest.raises(MethodInputError, match="non-finite"):
        did.callaway_santanna(mpdta.assign(lemp=mpdta[Y].where(mpdta.index != 3)), Y, UNIT, TIME, COHORT)
    with pytest.raises(MethodInputError, match="control_group"):
        did.callaway_santanna(mpdta, Y, UNIT, TIME, COHORT, control_group="later")
    with pytest.raises(MethodInputError, match="never-treated"):
        did.callaway_santanna(mpdta[mpdta[COHORT] > 0], Y, UNIT, TIME, COHORT)


# --- TWFE engine --------------------------------------------------------------------------------
def _pyfixest(data, rhs, cluster):
    with quiet_fixest(r"\s*\d+ variables dropped due to multicollinearity"):
        fit = pf.feols(f"lemp ~ {rhs} | countyreal + year", data, vcov={"CRV1": cluster})
    return fit.tidy().loc["D"]


@pytest.fixture(scope="module")
def panel(mpdta):
    """mpdta with a time-varying control and a collinear copy of it."""
    rng = np.random.default_rng(3)
    return mpdta.assign(x=rng.normal(size=len(mpdta)), x2=lambda d: 2 * d["x"] + 1)


@pytest.mark.parametrize("cluster", [None, "state", "year"])
def test_twfe_equals_pyfixest_on_a_shuffled_panel(panel, shuffle, cluster):
    """Rows sorted by year then unit, or shuffled: the engine must not assume an order (issue 11)."""
    expected = _pyfixest(panel, "D + lpop + x + x2", cluster or UNIT)
    for data in (shuffle(panel, 1), panel.sort_values([TIME, UNIT])):
        got = did.twfe(data, Y, "D", UNIT, TIME, controls=["lpop", "x", "x2"], cluster=cluster)
        assert got.coef == pytest.approx(expected["Estimate"], rel=1e-10)
        assert got.se == pytest.approx(expected["Std. Error"], rel=1e-8)
        assert got.p == pytest.approx(expected["Pr(>|t|)"], rel=1e-6)


def test_twfe_is_exact_on_an_unbalanced_panel(panel, shuffle):
    data = shuffle(panel, 2).iloc[300:]
    expected = _pyfixest(data, "D + x", UNIT)
    got = did.twfe(data, Y, "D", UNIT, TIME, controls=["x"])
    assert got.coef == pytest.approx(expected["Estimate"], rel=1e-10)
    assert got.se == pytest.approx(expected["Std. Error"], rel=1e-8)


def test_placebo_draws_equal_pyfixest_draw_by_draw_and_ignore_row_order(panel, shuffle):
    result = did.placebo(panel, Y, "D", UNIT, TIME, controls=["x"], n_draws=6, seed=5)
    pseudo = did.placebo_treatments(panel, "D", UNIT, TIME, 6, np.random.default_rng(5))
    for r in (0, 5):
        expected = _pyfixest(panel.assign(D=pseudo[:, r]), "D + x", UNIT)
        assert result.draws.loc[r, "coef"] == pytest.approx(expected["Estimate"], rel=1e-9)
        assert result.draws.loc[r, "se"] == pytest.approx(expected["Std. Error"], rel=1e-8)
    reordered = did.placebo(shuffle(panel, 4), Y, "D", UNIT, TIME, controls=["x"], n_draws=6, seed=5)
    np.testing.assert_allclose(np.sort(reordered.draws["coef"]), np.sort(result.draws["coef"]), rtol=1e-10)
    assert 0 < result.p_value <= 1


def test_placebo_keeps_the_number_of_treated_units_and_their_adoption_years(panel):
    pseudo = did.placebo_treatments(panel, "D", UNIT, TIME, 3, np.random.default_rng(0))
    real = did.adoption_period(panel, "D", UNIT, TIME).dropna().sort_values().to_numpy()
    for r in range(3):
        drawn = did.adoption_period(panel.assign(D=pseudo[:, r]), "D", UNIT, TIME).dropna().sort_values()
        np.testing.assert_array_equal(drawn.to_numpy(), real)


# --- Goodman-Bacon, Sun-Abraham, did2s --------------------------------------------------------------
def _staggered_panel(seed: int) -> pd.DataFrame:
    """A random staggered panel on irregular years with never-, always- and late-treated units."""
    rng = np.random.default_rng(seed)
    years = np.array([1995, 1996, 1998, 1999, 2001, 2004, 2005])
    adoption = rng.choice([1995, 1998, 1999, 2004, np.inf], size=40)
    rows = [(u, t, float(t >= adoption[u])) for u in range(40) for t in years]
    data = pd.DataFrame(rows, columns=["unit", "year", "treated"])
    data["outcome"] = rng.normal(size=len(data)) + data["treated"] * rng.normal(1, 1, size=len(data))
    return data.sample(frac=1, random_state=seed)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bacon_weighted_sum_equals_twfe_on_any_balanced_panel(seed):
    data = _staggered_panel(seed)
    decomposition = did.bacon(data, "outcome", "treated", "unit", "year")
    assert decomposition["weight"].sum() == pytest.approx(1.0)
    twfe = did.twfe(data, "outcome", "treated", "unit", "year")
    assert (decomposition["weight"] * decomposition["estimate"]).sum() == pytest.approx(twfe.coef, rel=1e-10)


def test_bacon_on_mpdta_and_refuses_unbalanced(mpdta):
    decomposition = did.bacon(mpdta, Y, "D", UNIT, TIME)
    twfe = did.twfe(mpdta, Y, "D", UNIT, TIME)
    assert (decomposition["weight"] * decomposition["estimate"]).sum() == pytest.approx(twfe.coef, rel=1e-10)
    assert set(decomposition["treated_cohort"]) == {2004, 2006, 2007}
    with pytest.raises(MethodInputError, match="balanced panel"):
        did.bacon(mpdta.iloc[1:], Y, "D", UNIT, TIME)


def test_sun_abraham_without_controls_equals_pyfixest_saturated_event_study(mpdta):
    ours = did.sun_abraham(mpdta, Y, UNIT, TIME, COHORT)
    with quiet_fixest("The SaturatedEventStudyClass is currently in beta", r"\s*\d+ variables dropped"):
        fit = pf.event_study(mpdta.assign(g=mpdta[COHORT].astype(int)), Y, UNIT, TIME, "g", estimator="saturated")
    for name, estimate in fit.coef().items():
        rel, cohort = float(name.split("::")[1].split(":")[0]), float(name.split("::")[2])
        cell = ours.cells[(ours.cells["cohort"] == cohort) & (ours.cells["event_time"] == rel)]
        assert cell["coef"].iloc[0] == pytest.approx(estimate, rel=1e-8)


def test_sun_abraham_honours_its_controls(panel):
    without = did.sun_abraham(panel, Y, UNIT, TIME, COHORT)
    with_x = did.sun_abraham(panel, Y, UNIT, TIME, COHORT, controls=["x"])
    assert with_x.controls == ["x"]
    assert with_x.att != pytest.approx(without.att, rel=1e-6)
    # the same saturated regression written out with the control
    data = panel.copy()
    names = []
    for i, row in with_x.cells.iterrows():
        data[f"c{i}"] = ((data[COHORT] == row["cohort"]) & (data[TIME] - data[COHORT] == row["event_time"])).astype(
            float
        )
        names.append(f"c{i}")
    with quiet_fixest():
        fit = pf.feols(f"lemp ~ {' + '.join(names)} + x | countyreal + year", data, vcov={"CRV1": UNIT})
    np.testing.assert_allclose(with_x.cells["coef"], fit.coef()[names].to_numpy(), rtol=1e-8)


def test_did2s_equals_pyfixest_and_refuses_singleton_first_stages(mpdta, shuffle):
    data = mpdta[mpdta[COHORT] != 2004]
    with quiet_fixest():
        fit = pf.did2s(data, Y, first_stage="~ 0 | countyreal + year", second_stage="~ D", treatment="D", cluster=UNIT)
    got = did.did2s(shuffle(data).rename(columns={Y: "log employment"}), "log employment", "D", UNIT, TIME)
    # pyfixest's first stage demeans iteratively (tolerance 1e-8), so row order moves the last digits
    assert got.coef == pytest.approx(float(fit.coef()["D"]), rel=1e-5)
    assert got.se == pytest.approx(float(fit.se()["D"]), rel=1e-5)
    with pytest.raises(MethodInputError, match="at most one untreated period"):
        did.did2s(mpdta, Y, "D", UNIT, TIME)


def test_treatment_that_switches_off_is_refused(mpdta):
    data = mpdta.copy()
    data.loc[(data[UNIT] == data[UNIT].iloc[0]) & (data[TIME] == 2007), "D"] = 0
    data.loc[(data[UNIT] == data[UNIT].iloc[0]) & (data[TIME] == 2005), "D"] = 1
    with pytest.raises(MethodInputError, match="switches off"):
        did.bacon(data, Y, "D", UNIT, TIME)


# --- cases moved from the trade-hubs study tests (issue 11 phase 2) ------------------------------
def test_twfe_panel_demeans_a_balanced_two_by_two_by_hand():
    # grand mean 3.25; unit means 1.5, 5; period means 2, 4.5 -> cell (0, 0): 1 - 1.5 - 2 + 3.25 = 0.75
    data = pd.DataFrame({"u": [0, 0, 1, 1], "t": [1, 2, 1, 2], "y": [1.0, 2.0, 3.0, 7.0]})
    panel = did.TWFEPanel(data.iloc[[3, 0, 2, 1]], "y", "u", "t")
    np.testing.assert_allclose(panel.y, [0.75, 0.75, -0.75, -0.75])


def test_twfe_panel_small_sample_factor_counts_what_pyfixest_counts(panel):
    """CRV1 factor G/(G-1) (N-1)/(N-K): the unit effects are nested in the unit clusters, so K is the
    treatment, the controls' rank once the fixed effects are removed (lpop is constant within county,
    x2 is collinear with x: rank 1) and the period effects."""
    engine = did.TWFEPanel(panel, Y, UNIT, TIME, controls=["lpop", "x", "x2"])
    n, g, k = len(panel), panel[UNIT].nunique(), 1 + 1 + panel[TIME].nunique()
    assert engine.scale == pytest.approx(g / (g - 1) * (n - 1) / (n - k), rel=1e-12)


def test_placebo_draws_choose_the_units_then_permute_the_adoption_periods(panel):
    """The documented sequence, by hand: units in sorted order of their ids, the adoption periods taken
    in that order and permuted among the chosen units."""
    rng, check = np.random.default_rng(9), np.random.default_rng(9)
    pseudo = did.placebo_treatments(panel.sample(frac=1, random_state=3), "D", UNIT, TIME, 2, rng)
    adoption = did.adoption_period(panel, "D", UNIT, TIME).sort_index()
    units = adoption.index.to_numpy()
    shuffled = panel.sample(frac=1, random_state=3)
    for r in range(2):
        start = pd.Series(np.nan, index=units)
        chosen = check.choice(len(units), int(adoption.notna().sum()), replace=False)
        start.iloc[chosen] = check.permutation(adoption.dropna().to_numpy())
        expected = (shuffled[TIME] >= start.reindex(shuffled[UNIT]).to_numpy()).astype(int).to_numpy()
        np.testing.assert_array_equal(pseudo[:, r], expected)


def test_callaway_santanna_on_a_two_by_two_by_hand():
    # two units treated in 2011, two never; y rises by 1 for the treated only from 2011
    y = [[0, 0, 1], [1, 1, 2], [0, 0, 0], [2, 2, 2]]
    data = pd.DataFrame(
        {
            "unit": np.repeat([1, 2, 3, 4], 3),
            "year": np.tile([2009, 2010, 2011], 4),
            "y": np.ravel(y).astype(float),
            "g": np.repeat([2011, 2011, 0, 0], 3),
        }
    )
    overall = did.callaway_santanna(data, "y", "unit", "year", "g").aggregate("simple")
    assert overall.att == pytest.approx(1.0)
    assert overall.se == pytest.approx(0.0, abs=1e-12)  # one cohort: the weights' estimation adds nothing


def _pyfixest_hub(data: pd.DataFrame, controls: list[str]) -> float:
    with quiet_fixest():
        fit = pf.feols(f"lemp ~ D + {' + '.join(controls)} | countyreal + year", data, vcov={"CRV1": UNIT})
    return float(fit.coef()["D"])


@pytest.mark.parametrize("by_unit", [True, False])
def test_group_difference_equals_two_pyfixest_subsample_regressions(panel, shuffle, by_unit):
    """The observed difference is the TWFE coefficient in group 1 minus group 0, exactly, whatever the
    row order; the draws keep the group sizes and the p-values are shares of draws."""
    data = panel.assign(big=(panel["lpop"] > panel["lpop"].median()).astype(float))
    if not by_unit:
        data["big"] = (np.random.default_rng(2).random(len(data)) < 0.5).astype(float)
    data.loc[data.index[:25], "big"] = np.nan if not by_unit else data.loc[data.index[:25], "big"]
    test = did.group_difference(shuffle(data, 5), Y, "D", UNIT, TIME, "big", ["x"], by_unit=by_unit, n_draws=30, seed=4)
    labelled = data.dropna(subset=["big"])
    expected = _pyfixest_hub(labelled[labelled["big"] == 1], ["x"]) - _pyfixest_hub(
        labelled[labelled["big"] == 0], ["x"]
    )
    assert test.difference == pytest.approx(expected, rel=1e-8)
    assert len(test.draws) == 30 and 0 <= test.p_one_sided <= 1
    assert test.p_two_sided == pytest.approx(np.mean(np.abs(test.draws) >= abs(test.difference)))
    again = did.group_difference(data, Y, "D", UNIT, TIME, "big", ["x"], by_unit=by_unit, n_draws=30, seed=4)
    np.testing.assert_allclose(again.draws, test.draws, rtol=1e-10)


@pytest.mark.parametrize("by_unit", [True, False])
def test_group_difference_draws_and_p_values_equal_a_loop_of_pyfixest_regressions(panel, by_unit):
    """The batched permutation pass against the straightforward loop: the same relabelled groups (the
    same random stream), each draw's two subsample regressions fitted one by one with pyfixest."""
    small = panel[panel[UNIT].isin(np.sort(panel[UNIT].unique())[:60])].reset_index(drop=True)
    rng = np.random.default_rng(8)
    by_cell = rng.random(len(small)) < 0.5
    big = small[UNIT].isin(small[UNIT].unique()[rng.random(small[UNIT].nunique()) < 0.5])
    small = small.assign(g=np.where(by_cell, 1.0, 0.0) if not by_unit else big.astype(float))
    n_draws = 12
    test = did.group_difference(small, Y, "D", UNIT, TIME, "g", ["x"], by_unit=by_unit, n_draws=n_draws, seed=5)
    units, periods = np.sort(small[UNIT].unique()), np.sort(small[TIME].unique())
    grid = small.pivot(index=UNIT, columns=TIME, values="g").loc[units, periods].to_numpy()
    masks = did._relabelled(np.random.default_rng(5), grid == 1, ~np.isnan(grid), n_draws, by_unit)
    cell = pd.MultiIndex.from_arrays([small[UNIT], small[TIME]])
    loop = []
    for mask in masks:
        first = pd.DataFrame(mask, index=units, columns=periods).stack().reindex(cell).to_numpy()
        loop.append(_pyfixest_hub(small[first], ["x"]) - _pyfixest_hub(small[~first], ["x"]))
    loop = np.array(loop)
    np.testing.assert_allclose(test.draws, loop, rtol=1e-7, atol=1e-10)
    d = test.difference
    assert test.p_two_sided == np.mean(np.abs(loop) >= abs(d))
    assert test.p_one_sided == (np.mean(loop >= d) if d > 0 else np.mean(loop <= d))


def test_twfe_draws_and_callaway_santanna_draws_equal_the_one_draw_estimators(panel):
    """The batched estimators of a Monte Carlo against :func:`did.twfe` and :func:`did.callaway_santanna`
    draw by draw, on a balanced panel (mpdta) with two outcome draws."""
    data = panel.sort_values([UNIT, TIME]).reset_index(drop=True)
    n_units, n_periods = data[UNIT].nunique(), data[TIME].nunique()
    rng = np.random.default_rng(1)
    draws = [data[Y].to_numpy() + rng.normal(0, 0.1, len(data)) for _ in range(2)]
    y = np.stack(draws).reshape(2, n_units, n_periods)
    treat = data["D"].to_numpy().reshape(n_units, n_periods)
    controls = np.stack([data[["x"]].to_numpy()] * 2).reshape(2, n_units, n_periods, 1)  # lpop is time-invariant
    batched = did.twfe_draws(y, treat, controls)
    with pytest.raises(MethodInputError, match="collinear"):
        did.twfe_draws(y, treat, np.stack([data[["lpop"]].to_numpy()] * 2).reshape(2, n_units, n_periods, 1))
    cohort = data.groupby(UNIT)[COHORT].first().replace(0, np.nan).to_numpy()
    periods = np.sort(data[TIME].unique())
    for i, outcome in enumerate(draws):
        frame = data.assign(y_draw=outcome)
        one = did.twfe(frame, "y_draw", "D", UNIT, TIME, ["x"])
        assert batched.loc[i, ["coef", "se", "p"]].tolist() == pytest.approx([one.coef, one.se, one.p], rel=1e-8)
        for control_group in ("never", "notyet"):
            cs = did.callaway_santanna_draws(y, cohort, periods, control_group).loc[i]
            simple = did.callaway_santanna(frame, "y_draw", UNIT, TIME, COHORT, control_group=control_group)
            assert [cs["att"], cs["se"]] == pytest.approx(
                [simple.aggregate("simple").att, simple.aggregate("simple").se]
            )


def test_group_difference_refuses_bad_groups(panel):
    with pytest.raises(MethodInputError, match="must be 1 or 0"):
        did.group_difference(panel.assign(g=2.0), Y, "D", UNIT, TIME, "g")
    with pytest.raises(MethodInputError, match="varies within units"):
        did.group_difference(panel.assign(g=(panel[TIME] > 2005).astype(float)), Y, "D", UNIT, TIME, "g")
    with pytest.raises(MethodInputError, match="too few units in group 0"):
        did.group_difference(panel.assign(g=1.0), Y, "D", UNIT, TIME, "g")
