"""Tests of the RTA digital-trade chapter's machinery (the notebook itself is built elsewhere)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from livingpapers.studies.rta_digital_trade import bench, standin
from livingpapers.studies.rta_digital_trade import data as dt
from livingpapers.studies.rta_digital_trade import depth as dp
from livingpapers.studies.rta_digital_trade import estimation as est
from livingpapers.studies.rta_digital_trade import ledger as lg
from livingpapers.studies.rta_digital_trade import panel as pn
from livingpapers.studies.rta_digital_trade import pipeline as pl
from livingpapers.toolkit.claims import load_claims
from livingpapers.toolkit.contracts import DataContractError

SEED = 20240


@pytest.fixture(scope="module")
def inputs() -> dt.Inputs:
    return standin.generate(SEED)


@pytest.fixture(scope="module")
def panels(inputs) -> pn.Panels:
    return pn.assemble(inputs, dt.countries())


def scores_with(assignments: dict[tuple[str, int], int]) -> np.ndarray:
    """A coding with the given (item, aspect) scores and 0 elsewhere."""
    scores = np.zeros(len(dp.ASPECTS), dtype=int)
    for (item, aspect), value in assignments.items():
        scores[((dp.ASPECTS["item"] == item) & (dp.ASPECTS["aspect"] == aspect)).to_numpy()] = value
    return scores


# --- the depth index on hand-scored agreements ------------------------------------------------
def test_one_soft_aspect_is_level_by_level_mean():
    # cross-border data flows has 3 aspects, G1 has 5 items: G1 = (1/3)/3/5 = 1/45; overall = 1/225
    scores = scores_with({("cross_border_data_flows", 1): 1})
    assert dp.group_depths(scores)["G1"] == pytest.approx(1 / 45)
    assert dp.agreement_depth(scores) == pytest.approx(1 / 225)
    assert dp.flat_index(scores) == pytest.approx(1 / (3 * len(dp.ASPECTS)))


def test_hand_scored_agreement():
    # G2: paperless trading both aspects hard (item mean 1), e-signatures one of three aspects mixed (2/3/3 = 2/9)
    # -> G2 = (1 + 2/9) / 8; G3: ISP liability 1 soft of 2 -> (1/6) / 5; overall = (G2 + G3) / 5
    scores = scores_with(
        {
            ("paperless_trading", 1): 3,
            ("paperless_trading", 2): 3,
            ("e_authentication_signatures", 1): 2,
            ("isp_liability", 1): 1,
        }
    )
    g2, g3 = (1 + 2 / 9) / 8, (1 / 6) / 5
    groups = dp.group_depths(scores)
    assert groups["G2"] == pytest.approx(g2) and groups["G3"] == pytest.approx(g3)
    assert dp.agreement_depth(scores) == pytest.approx((g2 + g3) / 5)
    assert dp.agreement_depth(np.full(len(dp.ASPECTS), 3)) == pytest.approx(1.0)


def test_scores_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="must be 0, 1, 2 or 3"):
        dp.agreement_depth(np.full(len(dp.ASPECTS), 4))
    with pytest.raises(ValueError, match="expected"):
        dp.agreement_depth([1, 2])


def test_standin_codings_reproduce_the_six_published_depths_and_respect_rules():
    coded = dt.coded_agreements(SEED)
    depths = coded.depths.set_index("agreement_id")
    for agreement, value in dt.published_depths().items():
        assert round(depths.loc[agreement, "depth"], 3) == value
    assert depths.loc["RCEP", "g4"] == 0 and depths.loc[["CPTPP", "USMCA"], "g4"].gt(0).all()
    for agreement in ("CN_KOR", "CN_AUS"):
        assert coded.scores[agreement][(dp.ASPECTS["item"] == "cross_border_data_flows").to_numpy()].sum() == 0
    checks = pl.table2_checks(pl.table2_frame(coded.depths.drop(columns="published")), coded.scores)
    assert all(passed for passed, _ in checks.values()), checks


# --- OtherRTAdep, weights and trade cost ------------------------------------------------------
def test_extended_index_by_hand():
    trade = pd.DataFrame(
        {"iso3": ["A", "A", "A", "A"], "partner_iso3": ["B", "C", "D", "CHN"], "trade_usd": [60.0, 30.0, 10.0, 500.0]}
    )
    weights = dp.presample_weights(trade, exclude="CHN")
    assert weights.set_index("j")["weight"].to_dict() == pytest.approx({"B": 0.6, "C": 0.3, "D": 0.1})
    pair = pd.DataFrame(
        {
            "i": ["A", "A", "A"],
            "j": ["B", "C", "CHN"],
            "year": [2010] * 3,
            "depth": [0.5, 0.2, 0.9],
            "flat": [0.4, 0.1, 0.9],
            "g1": [1.0, 0.0, 0.0],
            "g2": [0.5, 0.4, 0],
            "g3": [0.5, 0.4, 0],
            "g4": [0.0, 0.0, 0],
            "g5": [0.5, 0.2, 0],
        }
    )
    out = dp.extended_index(weights, pair, ["A"], range(2009, 2011), exclude="CHN").set_index("year")
    assert out.loc[2010, "other"] == pytest.approx(0.6 * 0.5 + 0.3 * 0.2)  # China's 0.9 is excluded
    assert out.loc[2010, "dis"] == pytest.approx(0.6)
    assert out.loc[2010, "ndis"] == pytest.approx(0.6 * 0.375 + 0.3 * 0.25)
    assert out.loc[2009, "other"] == 0.0


def test_pair_depths_take_the_max_and_respect_blocs():
    parties = pd.DataFrame(
        {
            "agreement_id": ["X", "X", "X", "Y", "Y"],
            "party": ["DEU", "FRA", "JPN", "DEU", "JPN"],
            "side": ["EU", "EU", "JPN", "", ""],
            "start": [2019, 2019, 2019, 2021, 2021],
            "end": [np.nan] * 5,
        }
    )
    depths = pd.DataFrame({"agreement_id": ["X", "Y"], **{c: [0.5, 0.7] for c in dp.DEPTH_COLUMNS}})
    out = dp.pair_year_depths(dp.membership_pairs(parties), depths, range(2018, 2023))
    de_jp = out[(out["i"] == "DEU") & (out["j"] == "JPN")].set_index("year")["depth"]
    assert de_jp.to_dict() == {2019: 0.5, 2020: 0.5, 2021: 0.7, 2022: 0.7}
    assert out[(out["i"] == "DEU") & (out["j"] == "FRA")].empty  # same side of a bloc


def test_trade_cost_by_hand():
    # ratio = 1e9 * 1e9 / (0.64 * 1e13 * 1e12) = 1.5625e-7; tau = 1 - ratio ** (1/14)
    assert pn.trade_cost(1e9, 1e9, 1e13, 1e12) == pytest.approx(1 - 1.5625e-7 ** (1 / 14))
    assert pn.trade_cost(0.0, 5e8, 1e13, 1e12) == pytest.approx(1.0)
    tau = pn.trade_cost(1e9, 1e9, 1e13, 1e12)
    assert pn.novy_trade_cost(1e9, 1e9, 1e13, 1e12) == pytest.approx(tau / (1 - tau))


# --- IV diagnostics against statsmodels with one endogenous regressor ------------------------
def test_iv_diagnostics_match_single_endogenous_case():
    rng = np.random.default_rng(3)
    n = 400
    Z = rng.normal(size=(n, 2))
    x = Z @ np.array([0.3, 0.1]) + rng.normal(size=n) * (1 + 0.5 * np.abs(Z[:, 0]))
    Zc, xc = Z - Z.mean(0), (x - x.mean())[:, None]
    ols = sm.OLS(x, sm.add_constant(Z)).fit()
    assert est.cragg_donald_f(xc, Zc, n_exog=1) == pytest.approx(ols.fvalue, rel=1e-8)
    # robust LM (score) test of the excluded instruments: (sum z x)' (sum x^2 z z')^-1 (sum z x)
    s = Zc.T @ xc
    lm = (s.T @ np.linalg.solve((Zc * xc**2).T @ Zc, s)).item()
    stat, dof, p = est.kleibergen_paap_lm(xc, Zc)
    assert stat == pytest.approx(lm, rel=1e-8) and dof == 2 and 0 < p < 0.05


# --- stand-in: shape, moments, determinism ----------------------------------------------------
def test_standin_shape_and_moments(panels):
    agg = panels.aggregate
    assert len(agg) == 133 * 15 and agg["iso3"].nunique() == 133
    assert 0.03 <= (agg["exports_usd"] == 0).mean() <= 0.08
    zero_by_sector = panels.sectors.groupby("sector")["exports_usd"].apply(lambda s: (s == 0).mean())
    assert zero_by_sector["SK"] > zero_by_sector["SI"] and zero_by_sector["SI"] < 0.10
    assert (agg.groupby("iso3")["rtadepth"].max() > 0).sum() == 25
    assert agg.loc[(agg["iso3"] == "KOR") & (agg["year"] == 2015), "rtadepth"].item() == pytest.approx(0.384, abs=5e-4)
    assert agg.loc[(agg["iso3"] == "JPN") & (agg["year"] == 2021), "rtadepth"].item() == 0
    assert agg.loc[(agg["iso3"] == "JPN") & (agg["year"] == 2022), "rtadepth"].item() == pytest.approx(0.623, abs=5e-4)
    by_year = agg.groupby("year")["other"].mean()
    assert by_year.loc[2023] > by_year.loc[2009]
    assert (
        agg.groupby("high_income_fy2017")["other"].mean().loc[1]
        > agg.groupby("high_income_fy2017")["other"].mean().loc[0]
    )
    assert np.allclose(agg["other"], 0.2 * agg["dis"] + 0.8 * agg["ndis"])
    assert agg["tau"].between(0, 1).all() and 0.6 < agg["tau"].mean() < 0.85


def test_standin_is_deterministic(inputs):
    again = standin.generate(SEED)
    pd.testing.assert_frame_equal(inputs.exports, again.exports)
    assert not standin.generate(SEED + 1).exports.equals(inputs.exports)


def test_baseline_recovers_a_positive_trade_creation_effect(panels):
    coef, _, p = est.table3(panels.aggregate).estimate(3, "rtadepth")
    assert coef > 0 and p < 0.05
    assert lg.holds(coef, p, "+") and not lg.holds(coef, p, "ns")


# --- bad input: every case in one message -----------------------------------------------------
def broken(inputs: dt.Inputs, **frames) -> dt.Inputs:
    fields = {
        k: getattr(inputs, k)
        for k in ("exports", "importers", "agreement_depths", "agreement_parties", "presample_trade")
    }
    fields.update(frames)
    return dt.Inputs(**fields, simulated=True)


@pytest.mark.parametrize(
    "case, message",
    [
        ("negative", "value must not be negative"),
        ("duplicate", "rows share a key (iso3, year, sector)"),
        ("unknown_iso", "ISO3 code is not one of the 133 importers"),
        ("depth", "depth must lie in [0, 1]"),
    ],
)
def test_bad_inputs_give_clear_errors(inputs, case, message):
    exports, depths = inputs.exports.copy(), inputs.agreement_depths.copy()
    if case == "negative":
        exports.loc[0, "exports_usd"] = -5.0
    elif case == "duplicate":
        exports = pd.concat([exports, exports.iloc[[3]]], ignore_index=True)
    elif case == "unknown_iso":
        exports.loc[0, "iso3"] = "XXX"
    else:
        depths.loc[0, "depth"] = 1.3
    with pytest.raises(DataContractError) as err:
        dt.check_inputs(broken(inputs, exports=exports, agreement_depths=depths))
    assert message in str(err.value)


def test_all_problems_in_one_error(inputs):
    exports = inputs.exports.copy()
    exports.loc[0, "exports_usd"] = -1.0
    depths = inputs.agreement_depths.copy()
    depths.loc[0, "g2"] = -0.1
    with pytest.raises(DataContractError) as err:
        dt.check_inputs(broken(inputs, exports=exports, agreement_depths=depths))
    assert len(err.value.problems) >= 2


def test_real_mode_reports_missing_files(tmp_path):
    with pytest.raises(DataContractError, match="file not found"):
        dt.read_inputs(tmp_path)


# --- published claims and the benchmark ------------------------------------------------------
def test_published_claims_hold_the_spec_ids():
    claims = {c.id: c for c in load_claims("rta_digital_trade")}
    assert set(claims) == {f"C{i}" for i in range(1, 93)}
    assert [claims[f"C{i}"].value for i in range(2, 8)] == [0.023, 0.384, 0.363, 0.623, 0.672, 0.803]
    assert claims["C17"].value == 82.25 and claims["C16"].value == 71.18
    assert set(lg.CELL_CHECKS) <= set(claims)


def test_fepois_agrees_with_statsmodels_glm_dummies(panels):
    small = bench.comparable_panel(
        panels.aggregate[panels.aggregate["iso3"].isin(panels.aggregate["iso3"].unique()[:40])]
    )
    regressors = ["rtadepth", "other", "lngdp"]
    pd.testing.assert_series_equal(
        bench.fepois_coefficients(small, regressors),
        bench.glm_dummies(small, regressors),
        check_names=False,
        check_index_type=False,
        atol=1e-5,
        rtol=1e-5,
    )
