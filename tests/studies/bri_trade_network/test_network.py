"""Network measures on hand-computed graphs: Top-k, backbone, participation, gateway, Leiden, breaks."""

from __future__ import annotations

import numpy as np
import pytest

from livingpapers.studies.bri_trade_network import network as nw

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
