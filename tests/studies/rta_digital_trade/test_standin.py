"""The stand-in: codings fitted to the published depths, shape and moments, determinism, planted values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from livingpapers.studies.rta_digital_trade import analysis, data, ledger, standin
from livingpapers.studies.rta_digital_trade import depth as dp
from livingpapers.toolkit.claims import load_claims

SEED = 20240


def test_standin_codings_reproduce_the_six_published_depths_and_respect_rules():
    coded = standin.coded_agreements(SEED)
    depths = coded.depths.set_index("agreement_id")
    for agreement, value in data.published_depths().items():
        assert round(depths.loc[agreement, "depth"], 3) == value
    assert depths.loc["RCEP", "g4"] == 0 and depths.loc[["CPTPP", "USMCA"], "g4"].gt(0).all()
    for agreement in ("CN_KOR", "CN_AUS"):
        assert coded.scores[agreement][(dp.ASPECTS["item"] == "cross_border_data_flows").to_numpy()].sum() == 0
    checks = ledger.table2_checks(analysis.table2_frame(coded.depths.drop(columns="published")), coded.scores)
    assert all(passed for passed, _ in checks.values()), checks


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
    again = standin.simulate(SEED)
    pd.testing.assert_frame_equal(inputs.exports, again.exports)
    assert not standin.simulate(SEED + 1).exports.equals(inputs.exports)
    assert inputs.codings.keys() == standin.coded_agreements(SEED).scores.keys()


def test_planted_depths_are_the_published_ones():
    claims = {c.id: c for c in load_claims("rta_digital_trade")}
    depths = {name: v for name, v in standin.PLANTED.items() if name.startswith("depth_") and v[1] != "independent"}
    assert len(depths) == 6
    for name, (value, source) in depths.items():
        assert value == claims[source].value, name


def test_planted_effects_name_the_claims_they_were_designed_from():
    """Every effect is planted from the paper: zero exactly where it reports no effect (issue 12)."""
    claims = {c.id: c for c in load_claims("rta_digital_trade")}
    for name in standin.EFFECTS:
        value, source = standin.PLANTED[name]
        assert claims[source].kind == "qualitative", name
    assert standin.TRUE["alpha1_RTAdepth"]["SK"] == 0 and "not significant" in claims["C82"].statement
    assert standin.PLANTED["beta_Dis"] == (0.0, "C71") and "not significant" in claims["C71"].statement
    background = {name for name, (_, source) in standin.PLANTED.items() if source == "independent"}
    assert {"lnGDP_elasticity", "ln_distance_elasticity"} <= background


def test_null_flows_share_the_shocks_and_drop_every_planted_effect(inputs, panels):
    c = data.countries()
    args = (c, standin.distances(c), inputs.importers, panels.depths.importer_years)
    planted = standin.flows(*args, np.random.default_rng(5), standin.TRUE)
    null = standin.flows(*args, np.random.default_rng(5), standin.NULL)
    assert ((planted["exports_usd"] == 0) == (null["exports_usd"] == 0)).all()  # same zeros: same draws
    keys = ["iso3", "year", "sector"]
    both = planted.merge(null, on=keys, suffixes=("", "_null")).merge(
        panels.aggregate[["iso3", "year", "rtadepth", "high_income_fy2017"]], on=["iso3", "year"]
    )
    untreated = both[(both["rtadepth"] == 0) & (both["high_income_fy2017"] == 0) & (both["exports_usd"] > 0)]
    ratio = untreated["exports_usd"] / untreated["exports_usd_null"]
    # without a planted effect only the sector-year normalisation (and with it the error variance) differs
    assert len(ratio) > 500 and (ratio.groupby([untreated["sector"], untreated["year"]]).std() < 0.05).all()
    treated = both[(both["rtadepth"] > 0.3) & (both["sector"] == "SI") & (both["exports_usd"] > 0)]
    assert (treated["exports_usd"] / treated["exports_usd_null"]).median() > 1.2  # exp(1.0 x depth), renormalised
    assert all(standin.NULL[k] in (0.0, dict.fromkeys(standin.SECTORS, 0.0)) for k in standin.EFFECTS)
