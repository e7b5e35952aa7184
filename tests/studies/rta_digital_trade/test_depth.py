"""The depth index on hand-scored agreements; pair depths and the extended-gravity index by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from livingpapers.studies.rta_digital_trade import depth as dp


def scores_with(assignments: dict[tuple[str, int], int]) -> np.ndarray:
    """A coding with the given (item, aspect) scores and 0 elsewhere."""
    scores = np.zeros(len(dp.ASPECTS), dtype=int)
    for (item, aspect), value in assignments.items():
        scores[((dp.ASPECTS["item"] == item) & (dp.ASPECTS["aspect"] == aspect)).to_numpy()] = value
    return scores


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
