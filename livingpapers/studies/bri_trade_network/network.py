"""Network measures of the Belt and Road trade network (Chen, Zhao, Liu and Wuzhati 2023).

Every function works on plain numpy matrices so that it can be checked by hand on small graphs:

- ``X`` is the directed trade matrix, ``X[i, j]`` = exports of ``i`` to ``j`` (importer-reported
  first), zero diagonal; ``W = X + X.T`` is bilateral trade.
- Top-k backbones (the paper's "Top 网络"), their link and value shares (Table 1) and the
  backbone degrees (section 3.2);
- community detection: Leiden, best modularity over many seeds (section 3.3), Louvain for comparison;
- the gateway coefficient of Vargas and Wahl (2014) as the paper prints it (eq. 4-5) with its
  misprint corrected, and the Guimerà-Amaral participation coefficient (its special case g = 1);
- Fisher-Jenks natural breaks for the pair tiers of Figure 2, and standard topology indicators
  (not in the paper).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import igraph as ig
import leidenalg
import networkx as nx
import numpy as np


# --- the trade network of one year -------------------------------------------------------------
@dataclass(frozen=True)
class TradeYear:
    """Directed trade among ``codes`` in one year (USD)."""

    year: int
    codes: tuple[str, ...]
    X: np.ndarray

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def W(self) -> np.ndarray:
        """Bilateral trade W_ij = X_ij + X_ji (symmetric)."""
        return self.X + self.X.T

    @property
    def total(self) -> float:
        """TT: every flow counted once."""
        return float(self.X.sum())

    @property
    def node_totals(self) -> np.ndarray:
        """T_i: exports plus imports of i with the other countries of the network."""
        return self.X.sum(axis=1) + self.X.sum(axis=0)

    @property
    def links(self) -> int:
        """E: number of non-zero directed flows."""
        return int((self.X > 0).sum())

    def index(self, code: str) -> int:
        return self.codes.index(code)

    def pair(self, a: str, b: str) -> float:
        return float(self.W[self.index(a), self.index(b)])


def cagr(start: float, end: float, years: int) -> float:
    """Compound annual growth rate, (end / start) ** (1 / years) - 1."""
    return (end / start) ** (1 / years) - 1


# --- Top-k backbones ---------------------------------------------------------------------------
def top_k_arcs(X: np.ndarray, k: int) -> np.ndarray:
    """Boolean mask of each row's k largest positive entries (the directed Top-k network).

    Country i keeps its k largest export flows i -> j; ties are broken by column order so the
    result is deterministic. A row with fewer than k positive flows keeps all of them.
    """
    mask = np.zeros_like(X, dtype=bool)
    order = np.argsort(-X, axis=1, kind="stable")[:, :k]
    rows = np.repeat(np.arange(X.shape[0]), k)
    cols = order.ravel()
    keep = X[rows, cols] > 0
    mask[rows[keep], cols[keep]] = True
    return mask


def top_k_pairs(W: np.ndarray, k: int) -> np.ndarray:
    """Symmetric mask of the pairs that are among the k largest bilateral partners of either end.

    The alternative reading of the paper's Top-k rule: partners ranked by W, links deduplicated.
    """
    arcs = top_k_arcs(W, k)
    return arcs | arcs.T


def topk_shares(X: np.ndarray, k: int) -> tuple[float, float]:
    """(link share, value share) of the directed Top-k network in the original network, in %."""
    mask = top_k_arcs(X, k)
    return 100 * mask.sum() / (X > 0).sum(), 100 * X[mask].sum() / X.sum()


def topk_shares_undirected(X: np.ndarray, k: int) -> tuple[float, float]:
    """(link share, value share) under the undirected reading: pairs ranked by W, deduplicated."""
    W = X + X.T
    upper = np.triu(top_k_pairs(W, k), 1)
    nonzero_pairs = np.triu(W > 0, 1).sum()
    return 100 * upper.sum() / nonzero_pairs, 100 * W[upper].sum() / X.sum()


def smallest_k_meeting_rule(X: np.ndarray, link_min: float = 10.0, value_min: float = 70.0, k_max: int = 10) -> int:
    """The smallest k whose Top-k network has link share > 10% and value share > 70% (the paper's rule)."""
    for k in range(1, k_max + 1):
        link, value = topk_shares(X, k)
        if link > link_min and value > value_min:
            return k
    return -1


def backbone_degree(mask: np.ndarray) -> np.ndarray:
    """Number of distinct partners adjacent to each node in a backbone (in or out)."""
    return (mask | mask.T).sum(axis=1)


def symmetrised_backbone(X: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Weighted undirected backbone: A_ij = X_ij [i->j kept] + X_ji [j->i kept]."""
    kept = np.where(mask, X, 0.0)
    return kept + kept.T


# --- communities ---------------------------------------------------------------------------------
def _igraph(A: np.ndarray) -> ig.Graph:
    rows, cols = np.nonzero(np.triu(A, 1))
    g = ig.Graph(n=A.shape[0], edges=list(zip(rows.tolist(), cols.tolist())))
    g.es["weight"] = A[rows, cols].tolist()
    return g


def canonical_labels(labels) -> np.ndarray:
    """Relabel communities 0..N-1 by decreasing size, ties by the first member's position."""
    labels = np.asarray(labels)
    groups = sorted(set(labels.tolist()), key=lambda c: (-(labels == c).sum(), int(np.argmax(labels == c))))
    lookup = {c: i for i, c in enumerate(groups)}
    return np.array([lookup[c] for c in labels.tolist()])


def modularity(A: np.ndarray, labels, resolution: float = 1.0) -> float:
    """Weighted Newman modularity Q = (1/2m) sum_ij (A_ij - gamma k_i k_j / 2m) delta(c_i, c_j)."""
    labels = np.asarray(labels)
    k = A.sum(axis=1)
    two_m = A.sum()
    same = labels[:, None] == labels[None, :]
    return float(((A - resolution * np.outer(k, k) / two_m) * same).sum() / two_m)


@dataclass(frozen=True)
class Partition:
    """The best partition found over several seeds."""

    labels: np.ndarray
    modularity: float
    seed: int
    n_seeds: int
    distinct: int  # number of distinct partitions among the seeds


def leiden_runs(A: np.ndarray, seeds, resolution: float = 1.0) -> list[tuple[np.ndarray, float, int]]:
    """One Leiden run (modularity, resolution gamma) per seed: (labels, quality, seed)."""
    g = _igraph(A)
    runs = []
    for seed in seeds:
        part = leidenalg.find_partition(
            g,
            leidenalg.RBConfigurationVertexPartition,
            weights="weight",
            resolution_parameter=resolution,
            n_iterations=-1,
            seed=int(seed),
        )
        runs.append((canonical_labels(part.membership), part.quality(), int(seed)))
    return runs


def best_partition(runs: list[tuple[np.ndarray, float, int]], A: np.ndarray) -> Partition:
    """The highest-quality run; ties go to the smallest seed."""
    labels, _, seed = max(runs, key=lambda r: (round(r[1], 10), -r[2]))
    distinct = len({tuple(r[0].tolist()) for r in runs})
    return Partition(labels, modularity(A, labels), seed, len(runs), distinct)


def leiden_best(A: np.ndarray, seeds, resolution: float = 1.0) -> Partition:
    """Leiden on the weighted undirected graph A, best modularity over ``seeds``."""
    return best_partition(leiden_runs(A, seeds, resolution), A)


def louvain(A: np.ndarray, seed: int, resolution: float = 1.0) -> np.ndarray:
    """networkx's Louvain communities (a comparison the paper discusses but does not run)."""
    graph = nx.from_numpy_array(A)
    communities = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    labels = np.empty(A.shape[0], dtype=int)
    for c, members in enumerate(communities):
        labels[list(members)] = c
    return canonical_labels(labels)


# --- gateway and participation coefficients -------------------------------------------------------
def _module_links(A: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(k_iS, one-hot membership): links (or weight) from each node into each module."""
    onehot = (labels[:, None] == np.arange(labels.max() + 1)[None, :]).astype(float)
    return A @ onehot, onehot


def participation_coefficient(A: np.ndarray, labels) -> np.ndarray:
    """Guimerà-Amaral P_i = 1 - sum_S (k_iS / k_i)^2 (0 for isolated nodes)."""
    labels = np.asarray(labels)
    kis, _ = _module_links(A, labels)
    k = kis.sum(axis=1, keepdims=True)
    frac = np.divide(kis, k, out=np.zeros_like(kis), where=k > 0)
    return np.where(k[:, 0] > 0, 1 - (frac**2).sum(axis=1), 0.0)


def gateway_coefficient(A: np.ndarray, labels, centrality: np.ndarray, halve_own: bool = False) -> np.ndarray:
    """Vargas-Wahl gateway coefficient G_i = 1 - sum_S (k_iS/k_i)^2 (1 - kbar_iS cbar_iS)^2.

    The paper prints eq. (5) as g_iS = 1 - overline(k_iS c_iS), a bar over the product; its
    definitions (and Vargas and Wahl) make clear it is the product of two normalised terms:

    - kbar_iS = k_iS / sum_{j in M} k_jS, with M = c(i): i's share of all links between its module
      and S (``halve_own`` halves the denominator for S = M, the Brain Connectivity Toolbox's
      correction for counting within-module links twice; brainGraph does not halve);
    - cbar_iS = c_iS / max_n c_n, where c_iS sums the centrality of i's neighbours in S and c_n
      the centrality of all nodes of module n.

    ``A`` may be binary (k = degree) or weighted (k = strength).
    """
    labels = np.asarray(labels)
    kis, onehot = _module_links(A, labels)
    k = kis.sum(axis=1, keepdims=True)
    module_pair = onehot.T @ kis  # sum over j in M of k_jS, for every (M, S)
    if halve_own:
        module_pair = module_pair - np.diag(np.diag(module_pair)) / 2
    denom = module_pair[labels]
    kbar = np.divide(kis, denom, out=np.zeros_like(kis), where=denom > 0)
    cis = (A > 0).astype(float) @ (onehot * centrality[:, None])
    cbar = cis / (onehot.T @ centrality).max()
    g = 1 - kbar * cbar
    frac = np.divide(kis, k, out=np.zeros_like(kis), where=k > 0)
    return np.where(k[:, 0] > 0, 1 - ((frac * g) ** 2).sum(axis=1), 0.0)


def betweenness(W: np.ndarray) -> np.ndarray:
    """Betweenness centrality with distance 1/W (strong ties are short)."""
    graph = nx.from_numpy_array(np.divide(1.0, W, out=np.zeros_like(W), where=W > 0))
    scores = nx.betweenness_centrality(graph, weight="weight", normalized=True)
    return np.array([scores[i] for i in range(W.shape[0])])


def top_per_community(score: np.ndarray, labels, n: int = 3) -> dict[int, list[int]]:
    """The n highest-scoring nodes of each community (ties by position), in decreasing score."""
    labels = np.asarray(labels)
    out = {}
    for c in range(labels.max() + 1):
        members = np.flatnonzero(labels == c)
        out[c] = members[np.argsort(-score[members], kind="stable")][:n].tolist()
    return out


# --- tiers -----------------------------------------------------------------------------------------
def natural_breaks(values, n_classes: int = 5) -> np.ndarray:
    """Fisher-Jenks natural breaks: upper bounds of the classes minimising within-class variance.

    Exact dynamic programme (the optimum mapclassify's ``FisherJenks`` finds), vectorised over
    the class start so a thousand pairs take well under a second.
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n <= n_classes:
        return x
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x**2)])

    def sse(starts: np.ndarray, end: int) -> np.ndarray:
        """Within-class sum of squares of x[starts..end] (inclusive) for each start."""
        count = end + 1 - starts
        total = s1[end + 1] - s1[starts]
        return s2[end + 1] - s2[starts] - total**2 / count

    cost = np.full((n_classes, n), np.inf)
    start = np.zeros((n_classes, n), dtype=int)
    cost[0] = [sse(np.array([0]), e)[0] for e in range(n)]
    for c in range(1, n_classes):
        for e in range(c, n):
            starts = np.arange(c, e + 1)
            total = cost[c - 1, starts - 1] + sse(starts, e)
            best = int(np.argmin(total))
            cost[c, e], start[c, e] = total[best], starts[best]
    bounds, end = [], n - 1
    for c in range(n_classes - 1, -1, -1):
        bounds.append(x[end])
        end = start[c, end] - 1
    return np.array(bounds[::-1])


def classify(values, bounds: np.ndarray) -> np.ndarray:
    """Class of each value (0 = lowest) given the classes' upper bounds."""
    return np.searchsorted(bounds, np.asarray(values, dtype=float), side="left")


# --- topology indicators (not in the paper) --------------------------------------------------------
def topology_indicators(X: np.ndarray) -> dict[str, float]:
    """Density, reciprocity, weighted clustering and path lengths of the full network."""
    arcs = X > 0
    n = X.shape[0]
    W = X + X.T
    undirected = nx.from_numpy_array(W / W.max())
    distances = nx.from_numpy_array(np.divide(1.0, W, out=np.zeros_like(W), where=W > 0) * W[W > 0].mean())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        binary_path = nx.average_shortest_path_length(nx.from_numpy_array((W > 0).astype(float)))
    return {
        "nodes": n,
        "directed links E": int(arcs.sum()),
        "density (directed)": arcs.sum() / (n * (n - 1)),
        "reciprocity": (arcs & arcs.T).sum() / arcs.sum(),
        "binary clustering": nx.average_clustering(nx.from_numpy_array((W > 0).astype(float))),
        "weighted clustering (Onnela)": nx.average_clustering(undirected, weight="weight"),
        "average path length (hops)": binary_path,
        "weighted path length (distance = mean W / W)": nx.average_shortest_path_length(distances, weight="weight"),
    }
