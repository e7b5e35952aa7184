"""Tests of the Belt and Road trade-network chapter's machinery (the notebook is built elsewhere)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from livingpapers.studies import bri_trade_network as bri
from livingpapers.studies.bri_trade_network import analysis as an
from livingpapers.studies.bri_trade_network import data, ledger, notes, paper, standin
from livingpapers.studies.bri_trade_network import network as nw
from livingpapers.toolkit.claims import Ledger, load_claims
from livingpapers.toolkit.contracts import DataContractError

SEED = 20210


# --- facts ---------------------------------------------------------------------------------------
def test_country_facts_have_65_countries_with_63_in_2000():
    c = data.countries()
    assert len(c) == 65 and c.index.is_unique
    assert c["lat"].between(-10, 60).all() and c["lon"].between(10, 130).all()
    assert len(data.codes_in(2000)) == 63 and set(c.index) - set(data.codes_in(2000)) == {"TLS", "MNE"}
    assert c.loc["TLS", "first_year"] == 2002 and c.loc["MNE", "first_year"] == 2006
    assert c["region7"].value_counts().to_dict() == {
        "W. Asia & N. Africa": 16,
        "CEE": 16,
        "SE Asia": 11,
        "South Asia": 8,
        "CIS": 7,
        "Central Asia": 5,
        "East Asia": 2,
    }
    assert set(c["confidence"]) <= {"high", "medium", "low"} and (c["source"].str.len() > 0).all()


# --- network measures on hand-computed graphs ---------------------------------------------------------
X_SMALL = np.array([[0, 5, 1, 0], [2, 0, 3, 4], [0, 0, 0, 6], [1, 1, 1, 0]], dtype=float)


def test_top_k_arcs_and_shares_by_hand():
    top1 = nw.top_k_arcs(X_SMALL, 1)
    # largest export of each row: 0->1 (5), 1->3 (4), 2->3 (6), 3->0 (1, tie broken by column order)
    assert sorted(zip(*np.nonzero(top1))) == [(0, 1), (1, 3), (2, 3), (3, 0)]
    link, value = nw.topk_shares(X_SMALL, 1)
    assert link == pytest.approx(100 * 4 / 9)  # 9 non-zero flows
    assert value == pytest.approx(100 * 16 / 24)  # 5 + 4 + 6 + 1 of 24
    # row 2 has one positive flow only, so Top2 has 7 arcs, not 8
    assert nw.top_k_arcs(X_SMALL, 2).sum() == 7


def test_backbone_degree_counts_distinct_partners_in_either_direction():
    mask = nw.top_k_arcs(X_SMALL, 1)
    # 0: {1, 3}; 1: {0, 3}; 2: {3}; 3: {1, 2, 0}
    assert nw.backbone_degree(mask).tolist() == [2, 2, 1, 3]
    A = nw.symmetrised_backbone(X_SMALL, mask)
    assert A[0, 1] == A[1, 0] == 5 and A[0, 3] == 1 and A[1, 3] == 4 and A[0, 2] == 0


def test_undirected_reading_deduplicates_pairs():
    link, value = nw.topk_shares_undirected(X_SMALL, 1)
    # W: 01=7, 02=1, 03=1, 12=3, 13=5, 23=7; top partners: 0->1, 1->0, 2->3, 3->2, so pairs {0,1} and {2,3}
    assert link == pytest.approx(100 * 2 / 6)
    assert value == pytest.approx(100 * 14 / 24)


def two_triangles() -> tuple[np.ndarray, np.ndarray]:
    """Triangles {0,1,2} and {3,4,5} joined by the bridge 2-3 (binary)."""
    A = np.zeros((6, 6))
    for i, j in ((0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5), (2, 3)):
        A[i, j] = A[j, i] = 1
    return A, np.array([0, 0, 0, 1, 1, 1])


def test_participation_coefficient_by_hand():
    A, labels = two_triangles()
    P = nw.participation_coefficient(A, labels)
    # node 2: 2 links home, 1 away -> 1 - (4/9 + 1/9) = 4/9; nodes 0, 1: all home -> 0
    assert P.tolist() == pytest.approx([0, 0, 4 / 9, 4 / 9, 0, 0])


def test_gateway_coefficient_by_hand():
    A, labels = two_triangles()
    C = A.sum(axis=1)  # degree centrality: 2, 2, 3, 3, 2, 2; module totals 7 and 7
    G = nw.gateway_coefficient(A, labels, C)
    # node 2, S = own: k=2, sum_{j in M} k_jM = 2+2+2 = 6 -> kbar 1/3; neighbours 0,1 centrality 4 -> cbar 4/7
    #   g = 1 - 4/21 = 17/21; node 2, S = other: k=1, module links to S = 1 -> kbar 1; neighbour 3 -> cbar 3/7
    #   g = 4/7; G = 1 - (2/3)^2 (17/21)^2 - (1/3)^2 (4/7)^2
    expected = 1 - (2 / 3) ** 2 * (17 / 21) ** 2 - (1 / 3) ** 2 * (4 / 7) ** 2
    assert G[2] == pytest.approx(expected)
    # node 0: S = own: kbar 2/6, neighbours 1 and 2 -> cbar 5/7; g = 1 - 10/42; G = 1 - g^2
    assert G[0] == pytest.approx(1 - (1 - 10 / 42) ** 2)
    assert (nw.participation_coefficient(A, labels) - 1e-12 <= G).all()
    # halving the own-module denominator (BCT convention): kbar doubles for S = own
    G_half = nw.gateway_coefficient(A, labels, C, halve_own=True)
    assert G_half[0] == pytest.approx(1 - (1 - 20 / 42) ** 2)


def test_leiden_best_recovers_two_triangles_and_modularity_by_hand():
    A, labels = two_triangles()
    part = nw.leiden_best(A, range(5))
    assert part.labels.tolist() == [0, 0, 0, 1, 1, 1]
    # m = 7; each module: e_c = 3 links, K_c = 7 -> Q = 2 * (3/7 - (7/14)^2) = 5/14
    assert part.modularity == pytest.approx(5 / 14)
    assert nw.modularity(A, labels) == pytest.approx(5 / 14)
    assert sorted(np.bincount(nw.louvain(A, 1))) == [3, 3]


def test_natural_breaks_and_top_per_community():
    values = [1, 2, 3, 10, 11, 12, 50, 52]
    assert nw.natural_breaks(values, 3).tolist() == [3, 12, 52]
    assert nw.classify([2, 11, 51], np.array([3, 12, 52])).tolist() == [0, 1, 2]
    assert nw.top_per_community(np.array([0.1, 0.9, 0.5, 0.7]), np.array([0, 0, 1, 1]), 1) == {0: [1], 1: [3]}


# --- data path: import first, mirror fill, bad input ---------------------------------------------------
def valid_trade() -> pd.DataFrame:
    rows = [
        (y, r, p, f, v)
        for y in data.YEARS
        for r, p, f, v in (
            ("CHN", "RUS", "import", 10.0),
            ("RUS", "CHN", "export", 9.0),
            ("CHN", "RUS", "export", 4.0),
            ("IND", "CHN", "export", 3.0),
        )
    ]
    return pd.DataFrame(rows, columns=["year", "reporter_iso3", "partner_iso3", "flow", "value_usd"])


def test_mirror_rule_prefers_the_importers_report():
    flows = data.directed_flows(valid_trade())
    one_year = flows[flows["year"] == 2010].set_index(["exporter", "importer"])
    assert one_year.loc[("RUS", "CHN"), "value_usd"] == 10.0 and one_year.loc[("RUS", "CHN"), "source"] == "import"
    assert one_year.loc[("CHN", "RUS"), "value_usd"] == 4.0 and one_year.loc[("CHN", "RUS"), "source"] == "mirror"
    assert one_year.loc[("IND", "CHN"), "value_usd"] == 3.0
    net = data.build_networks(data.validate_trade(valid_trade()))[2021]
    assert net.pair("CHN", "RUS") == 14.0 and net.total == 17.0 and net.n == 65


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.assign(partner_iso3=t["partner_iso3"].replace("RUS", "XXX")), "partner_iso3"),
        (lambda t: t.assign(value_usd=t["value_usd"].where(t.index != 0, -5.0)), "value_usd"),
        (lambda t: pd.concat([t, t.iloc[[0]]], ignore_index=True), "rows share a key"),
        (lambda t: t[t["year"] != 2010], "no rows for year 2010"),
        (
            lambda t: pd.concat([t, pd.DataFrame([(2000, "TLS", "CHN", "import", 1.0)], columns=t.columns)]),
            "before independence",
        ),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(change, message):
    with pytest.raises(DataContractError, match=message):
        data.validate_trade(change(valid_trade()))


def test_read_trade_lists_every_problem_at_once(tmp_path):
    bad = valid_trade()
    bad.loc[0, "reporter_iso3"] = "ZZZ"
    bad.loc[1, "value_usd"] = -1
    bad[bad["year"] != 2021].to_csv(tmp_path / "trade.csv", index=False)
    with pytest.raises(DataContractError) as err:
        data.read_trade(tmp_path)
    text = str(err.value)
    assert "reporter_iso3" in text and "value_usd" in text


# --- stand-in -------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def inputs():
    return bri.load("standin", SEED)


@pytest.fixture(scope="module")
def results(inputs):
    return an.analyse(inputs.networks, range(4))


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


def test_pipeline_results_and_ledger(inputs, results):
    for r in results.values():
        assert set(r.bloc_id.values()) - {None} <= set(paper.BLOCS[r.year])
        assert all(len(v) <= 3 for v in r.gateways.values())
        assert ((r.gateway >= r.participation - 1e-12) & (r.gateway <= 1)).all()
    narrative = an.narrative_checks(results)
    book = Ledger.for_chapter("bri_trade_network", "standin")
    ledger.record_claims(book, inputs.networks, results, narrative, inputs.n_mirrored)
    summary = book.summary()
    assert summary["total"] == 71 and summary["by_basis"]["standin"]["not computed"] == 1
    frame = book.frame().set_index("id")
    assert frame.loc["C6", ["status", "basis", "planted_from_paper"]].tolist() == ["recovered", "standin", "yes"]
    assert frame.loc["C39", ["status", "basis"]].tolist() == ["confirmed", "paper"]


def test_published_claims_hold_the_spec_ids_and_printed_values():
    claims = {c.id: c for c in load_claims("bri_trade_network")}
    assert list(claims) == [f"C{i}" for i in range(1, 72)]
    assert claims["C9"].value == 17.91 and claims["C14"].value == 12.55 and claims["C28"].value == 71.110
    assert [g for _, _, g in paper.TABLE2[2010]][:2] == [0.91, 0.89]
    assert len(paper.TABLE2[2000]) == 12 and len(paper.TABLE2[2021]) == 15


def test_notes_arithmetic():
    frame = notes.notes_table().frame
    assert frame.loc["CAGR 2000-2010 from 0.36 and 1.87 tn", "Computed"] == "17.91%"
    assert frame.loc["CAGR 2010-2021 from 1.87 and 3.41 tn", "Computed"] == "5.61%"
    demo = notes.misprint_demo()
    assert not np.allclose(demo["G (corrected eq. 5)"], demo["G (bar over the product, literal)"])
