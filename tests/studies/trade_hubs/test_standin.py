"""The stand-in: Table 1 moments and missingness, determinism, true effects, planted values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from livingpapers.studies import trade_hubs as th
from livingpapers.studies.trade_hubs import beyond, standin
from livingpapers.toolkit.claims import load_claims

SEED = 20260


def test_fit_moments():
    x = standin.fit_moments(np.random.default_rng(0).lognormal(size=2000), 1.0, 0.5, 0.1, 6.0)
    assert (x.mean(), x.std(ddof=1), x.min(), x.max()) == pytest.approx((1.0, 0.5, 0.1, 6.0), abs=2e-3)


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


def test_standin_is_deterministic_and_passes_the_contract(draw):
    a, b = th.load("standin", SEED), th.load("standin", SEED)
    pd.testing.assert_frame_equal(a.panel, b.panel)
    assert a.simulated
    pd.testing.assert_frame_equal(a.panel, draw[0].reset_index(drop=True), check_dtype=False)  # the chapter's stream


def test_truth_grows_with_exposure(draw):
    path = beyond.true_event_path(draw[1])
    assert path["tau"].iloc[-1] > path["tau"].iloc[0] > 0


def test_planted_values_name_the_claims_they_were_taken_from():
    claims = {c.id: c for c in load_claims("trade_hubs")}
    for name, (value, source) in standin.PLANTED.items():
        claim = claims[source]
        if claim.kind == "estimate":  # set at the printed number, rounded to two decimals at most
            assert value == pytest.approx(claim.value, abs=0.005), name
        else:  # shaped so that a qualitative claim holds
            assert claim.kind == "qualitative", name
    assert standin.PLANTED["hub_on_ma"] == (claims["C54"].value, "C54")


def test_table1_targets_and_missing_counts_are_read_from_the_published_file():
    claims = {c.id: c.value for c in load_claims("trade_hubs")}
    assert standin.TABLE1["sci"] == (claims["C9"], claims["C9.sd"], claims["C9.min"], claims["C9.max"])
    assert standin.MISSING["ma"] == claims["C1.n"] - claims["C3.n"]
    assert standin.MISSING["mi_cities"] * 14 == claims["C1.n"] - claims["C4.n"]
    assert standin.MISSING["service_ratio"] == claims["C1.n"] - claims["C81.n"] - claims["C82.n"]


def test_null_design_zeroes_every_planted_effect_on_the_same_shocks(timing):
    panel, truth = standin.generate(np.random.default_rng([SEED, 1]), timing)
    null_panel, null_truth = standin.generate(np.random.default_rng([SEED, 1]), timing, standin.NULL)
    assert (null_truth[["tau", "single_policy", "hub_vs_first_policy"]] == 0).all().all()
    assert truth["tau"].abs().max() > 0.5
    shift = (panel["ma"] - null_panel["ma"]).dropna()  # common random numbers: only the planted effect differs
    assert np.allclose(shift, standin.TRUE.hub_on_ma * truth.loc[shift.index, "hub"])
    pd.testing.assert_frame_equal(
        panel[["city", "year", *standin.CONTROLS]], null_panel[["city", "year", *standin.CONTROLS]]
    )
