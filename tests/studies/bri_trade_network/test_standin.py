"""The stand-in: exact calibration targets, determinism, moments near the paper's, planted values."""

from __future__ import annotations

import numpy as np
import pytest

from livingpapers.studies import bri_trade_network as bri
from livingpapers.studies.bri_trade_network import analysis as an
from livingpapers.studies.bri_trade_network import network as nw
from livingpapers.studies.bri_trade_network import paper, standin
from livingpapers.toolkit.claims import load_claims

SEED = 20210


def test_standin_hits_exact_targets_and_is_deterministic(inputs):
    for year, net in inputs.networks.items():
        assert net.total / 1e12 == pytest.approx(standin.TOTALS_TN[year])
        assert net.links == standin.LINKS[year]
        assert net.n == (63 if year == 2000 else 65)
        assert (np.diag(net.X) == 0).all()
    assert inputs.networks[2000].pair("SGP", "MYS") / 1e9 == pytest.approx(34.426)
    again = bri.load("standin", SEED)
    assert np.array_equal(again.networks[2010].X, inputs.networks[2010].X)
    assert not np.array_equal(bri.load("standin", SEED + 1).networks[2010].X, inputs.networks[2010].X)
    assert inputs.n_mirrored > 0


def test_standin_moments_near_the_papers(inputs):
    link_shares = {y: nw.topk_shares(n.X, 3)[0] for y, n in inputs.networks.items()}
    assert link_shares == pytest.approx({y: paper.TABLE1[y]["link"][2] for y in paper.TABLE1}, abs=0.06)
    d2000, d2021 = an.descriptives(inputs.networks[2000]), an.descriptives(inputs.networks[2021])
    assert d2000.top_country == "SGP" and abs(d2000.top_share - 12.55) < 2
    assert d2021.top_country == "CHN" and abs(d2021.above_100bn - 14) <= 2


def test_planted_values_name_their_source():
    claims = {c.id: c for c in load_claims("bri_trade_network")}
    sourced = {name: v for name, v in standin.PLANTED.items() if v[1] != "independent"}
    for name, (value, source) in sourced.items():
        assert standin.source_ids(source) and set(standin.source_ids(source)) <= set(claims), name
        if source in claims and source != "C39" and isinstance(value, float):  # C39: E_t implied by Table 1
            assert value == claims[source].value, name
    assert standin.source_ids("C50-C53 C6") == ["C50", "C51", "C52", "C53", "C6"]
    # the paper's blocs are planted (c* and omega); the gravity elasticities and masses are not
    assert standin.PLANTED["target_bloc_effect"][1] == standin.PLANTED["target_partition"][1] == "C50-C53"
    assert standin.PLANTED["distance_elasticity"][1] == standin.PLANTED["simulation_masses"][1] == "independent"
