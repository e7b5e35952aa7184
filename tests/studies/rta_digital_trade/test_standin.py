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
    sourced = {name: v for name, v in standin.PLANTED.items() if v[1] != "independent"}
    assert len(sourced) == 6
    for name, (value, source) in sourced.items():
        assert value == claims[source].value, name
    assert all(standin.PLANTED[name][1] == "independent" for name in standin.TRUE)
