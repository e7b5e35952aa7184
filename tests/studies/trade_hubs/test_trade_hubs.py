"""Tests of the trade-hubs chapter's machinery (the notebook itself is built elsewhere)."""

from __future__ import annotations

import contextlib
import io
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from livingpapers.studies.trade_hubs import bench, data, estimation, fastdid, figures, robust, standin
from livingpapers.studies.trade_hubs.inputs import load_inputs
from livingpapers.toolkit.claims import load_claims
from livingpapers.toolkit.contracts import DataContractError
from livingpapers.toolkit.figures import figure_problems

SEED = 20260


@pytest.fixture(scope="module")
def timing() -> pd.DataFrame:
    return data.treatment_timing()


@pytest.fixture(scope="module")
def draw(timing):
    panel, truth = standin.generate(np.random.default_rng([SEED, 1]), timing)
    return panel, truth


@pytest.fixture(scope="module")
def df(draw, timing) -> pd.DataFrame:
    return data.assemble(draw[0], timing)


# --- hand-computed small cases --------------------------------------------------------------
def test_two_way_demeaning_matches_hand_computation():
    cube = np.array([[1.0, 2.0], [3.0, 7.0]])[..., None]
    # grand mean 3.25; city means 1.5, 5; year means 2, 4.5 -> cell (0,0): 1 - 1.5 - 2 + 3.25 = 0.75
    out = fastdid.demean_balanced(cube)[..., 0]
    assert out == pytest.approx(np.array([[0.75, -0.75], [-0.75, 0.75]]))


def test_cluster_scale_and_fit_moments():
    assert fastdid.cluster_scale(100, 10, 3) == pytest.approx(10 / 9 * 99 / 97)
    x = standin.fit_moments(np.random.default_rng(0).lognormal(size=2000), 1.0, 0.5, 0.1, 6.0)
    assert (x.mean(), x.std(ddof=1), x.min(), x.max()) == pytest.approx((1.0, 0.5, 0.1, 6.0), abs=2e-3)


def test_callaway_santanna_on_a_two_by_two():
    # two cities treated in 2011, two never; y rises by 1 for the treated only from 2011
    y = np.array([[0, 0, 1], [1, 1, 2], [0, 0, 0], [2, 2, 2]], float)
    cs = robust.callaway_santanna(y, np.array([2011, 2011, np.inf, np.inf]), [2009, 2010, 2011])
    assert cs.att[0] == pytest.approx(1.0)
    assert cs.se[0] == pytest.approx(0.0)


# --- treatment coding from the curated facts -------------------------------------------------
def test_treatment_coding_of_known_cities(df):
    hub_year = df.groupby("city")["hub_year"].first()
    assert hub_year["Xiamen"] == 2015 and hub_year["Chongqing"] == 2017 and hub_year["Shanghai"] == 2021
    assert np.isnan(hub_year["Zhuhai"])  # FTZ but no CR Express found
    summary = data.treatment_summary(df)
    assert summary["hub_cities"] == 38 and summary["treated_city_years"] == 171
    assert summary["central_hubs"] == 20 and summary["exploration_treated"] == 4
    assert df.loc[df["city"] == "Xiamen", "hub_l2"].isna().sum() == 2


def test_late_year_rule_and_province_coding():
    late = data.ftz_years(late_rule=True)
    assert late["Shanghai"] == 2014 and late["Guangzhou"] == 2015 and late["Beijing"] == 2021
    assert data.ftz_or_cre_cities("province") > data.ftz_or_cre_cities("city") == 56


def test_facts_have_sources_and_groups():
    assert len(data.city_list()) == 219
    groups = data.city_groups()
    assert groups["central"].sum() == 23 and groups["east"].sum() == 87
    overview = data.facts_overview()
    assert overview["total"].sum() == sum(
        len(data.facts(n)) for n in ["cities", "ftz", "cre", "corridor", "instruments", "clusters", "milestones"]
    )


# --- stand-in --------------------------------------------------------------------------------
def test_standin_matches_table1_and_missingness(draw):
    panel, _ = draw
    assert len(panel) == 3066
    for var, (mean, sd, lo, hi) in standin.TABLE1.items():
        s = panel[var].dropna()
        assert s.mean() == pytest.approx(mean, abs=max(0.02, abs(mean) * 0.03)), var
        assert s.std() == pytest.approx(sd, rel=0.06), var
        assert s.min() == pytest.approx(lo, abs=1e-3) and s.max() == pytest.approx(hi, abs=1e-3), var
    assert panel["ma"].notna().sum() == 3059 and panel["mi"].notna().sum() == 2898
    assert panel[["ma", "mi"]].notna().all(axis=1).sum() == 2892
    assert panel["digtrade"].notna().sum() == 2978 and panel["service_ratio"].notna().sum() == 3049
    assert np.allclose(panel["impdep"] + panel["expdep"], panel["regopen"])


def test_standin_is_deterministic_and_passes_the_contract(timing):
    a, _ = load_inputs("standin", np.random.default_rng([SEED, 1]))
    b, _ = load_inputs("standin", np.random.default_rng([SEED, 1]))
    pd.testing.assert_frame_equal(a.panel, b.panel)
    assert a.simulated


def test_truth_grows_with_exposure(draw):
    path = robust.true_event_path(draw[1])
    assert path["tau"].iloc[-1] > path["tau"].iloc[0] > 0


# --- the fast engines agree with pyfixest ----------------------------------------------------
def test_fast_placebo_equals_pyfixest_per_draw():
    df, draws = bench.placebo_inputs(n_draws=3)
    fast = bench.fast_placebo(df, draws)
    slow = bench.loop_placebo(df, draws)
    pd.testing.assert_frame_equal(fast, slow, check_exact=False, rtol=1e-8, atol=1e-12)


def test_subsample_engine_equals_pyfixest(df):
    h = estimation.heterogeneity_frame(df)
    z = fastdid.to_cube(h, ["regopen", "hub", *data.CONTROLS])
    manu = fastdid.to_cube(h, ["manu"])[..., 0]
    masks = np.stack([manu == 1, manu == 0])
    fast = fastdid.subsample_coefficients(z, masks)
    for value, b in zip((1, 0), fast):
        slow = estimation.coef(estimation.twfe(h[h["manu"] == value], "regopen", "hub"), "hub")[0]
        assert b == pytest.approx(slow, rel=1e-8)


def test_permutation_test_reports_the_observed_difference(df):
    out = estimation.fisher_permutation(df, "central", np.random.default_rng(1), 20)
    fits = estimation.subsample_fits(df)
    expected = estimation.coef(fits["central"], "hub")[0] - estimation.coef(fits["peripheral"], "hub")[0]
    assert out["difference"] == pytest.approx(expected, rel=1e-8)
    assert 0 <= out["p_one_sided"] <= 1 and len(out["draws"]) == 20


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


def test_additivity_of_import_and_export_dependence(df):
    imp = estimation.coef(estimation.twfe(df, "impdep", "hub"), "hub")[0]
    exp_ = estimation.coef(estimation.twfe(df, "expdep", "hub"), "hub")[0]
    total = estimation.coef(estimation.twfe(df, "regopen", "hub"), "hub")[0]
    assert imp + exp_ == pytest.approx(total, rel=1e-8)


# --- bad real-data inputs ----------------------------------------------------------------------
def _write(tmp_path, panel: pd.DataFrame, treatment: pd.DataFrame | None = None):
    panel.to_csv(tmp_path / "panel.csv", index=False)
    if treatment is not None:
        treatment.to_csv(tmp_path / "treatment.csv", index=False)
    return tmp_path


def _problems(tmp_path) -> str:
    with pytest.raises(DataContractError) as err:
        load_inputs("real", np.random.default_rng(0), tmp_path)
    return str(err.value)


def test_real_mode_reads_a_good_panel(tmp_path, draw):
    inputs, truth = load_inputs("real", np.random.default_rng(0), _write(tmp_path, draw[0]))
    assert truth is None and not inputs.simulated and len(inputs.panel) == 3066


def test_missing_column(tmp_path, draw):
    assert "required column 'regopen' is missing" in _problems(_write(tmp_path, draw[0].drop(columns=["regopen"])))


def test_duplicate_city_year(tmp_path, draw):
    panel = pd.concat([draw[0], draw[0].iloc[[0]]])
    assert "rows share a key (city, year)" in _problems(_write(tmp_path, panel))


def test_unknown_city(tmp_path, draw):
    panel = draw[0].copy()
    panel.loc[0, "city"] = "Atlantis"
    message = _problems(_write(tmp_path, panel))
    assert "column 'city'" in message and "219 sample cities" in message and "Atlantis" in message


def test_non_numeric_outcome(tmp_path, draw):
    panel = draw[0].astype({"regopen": object})
    panel.loc[5, "regopen"] = "n/a"
    message = _problems(_write(tmp_path, panel))
    assert "column 'regopen'" in message and "n/a" in message


def test_treatment_year_outside_the_sample(tmp_path, draw, timing):
    treatment = timing.copy()
    treatment.loc[treatment["city"] == "Chongqing", "cre_year"] = 2030
    message = _problems(_write(tmp_path, draw[0], treatment))
    assert "column 'cre_year'" in message and "inside the sample 2009-2022" in message


# --- published claims and figures ----------------------------------------------------------------
def test_published_claims_hold_the_spec_ids():
    ids = {c.id for c in load_claims("trade_hubs")}
    assert {f"C{i}" for i in range(1, 102)} <= ids
    claims = {c.id: c for c in load_claims("trade_hubs")}
    assert (claims["C13"].value, claims["C13"].t, claims["C13"].stars) == (0.651, 2.80, 3)
    assert claims["C74"].value == -0.010 and claims["C38.kp"].value == 1339.292


def test_figures_pass_the_book_checks(df):
    drawn = [figures.fig_timeline(data.facts("milestones")), figures.fig_timing_heatmap(df)]
    for d in drawn:
        assert figure_problems(d.fig, d.alt, d.source, d.schematic) == []
        plt.close(d.fig)
