"""Every computation the BRI chapter shows, in one call: :func:`run`.

:func:`analyse` runs the paper's chain for each study year (Top3 backbone, Leiden blocs,
gateways) and returns :class:`YearResult` objects; :func:`narrative_checks` recomputes the
numbers of section 3.4; :func:`run` adds the stability runs beyond the paper. The layout is in
:mod:`.tables`; network measures themselves live in :mod:`.network`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from . import beyond, data, paper
from . import network as nw
from .data import Inputs

TOP_K = 3
N_TIERS = 5
BIG_PAIR_USD = paper.SECTION_3_1["big_pair_bn"] * 1e9  # the thresholds section 3.1 uses
BIG_NODE_USD = paper.SECTION_3_1["big_trader_bn"] * 1e9


@dataclass
class YearResult:
    """Everything computed for one year."""

    net: nw.TradeYear
    top3: np.ndarray  # directed Top3 arcs (mask)
    degree: np.ndarray  # backbone degree in Top3
    backbone: np.ndarray  # symmetrised weighted Top3 network (Leiden input)
    partition: nw.Partition
    bloc_id: dict[int, int | None]  # this run's community -> the paper's bloc ID (None: unmatched)
    gateway: np.ndarray
    participation: np.ndarray
    gateways: dict[int, list[int]]  # community -> top-3 gateway node indices

    @property
    def year(self) -> int:
        return self.net.year

    @property
    def codes(self) -> tuple[str, ...]:
        return self.net.codes

    def community_of(self, code: str) -> int:
        return int(self.partition.labels[self.net.index(code)])

    def community_for_bloc(self, bloc: int) -> int | None:
        """This run's community matched to the paper's bloc ``bloc``."""
        return next((c for c, b in self.bloc_id.items() if b == bloc), None)

    def members(self, community: int) -> list[str]:
        return [c for c, lab in zip(self.codes, self.partition.labels) if lab == community]

    def gateway_codes(self, community: int) -> list[str]:
        return [self.codes[i] for i in self.gateways.get(community, [])]

    def bloc_label(self, community: int) -> str:
        bloc = self.bloc_id.get(community)
        if bloc is None:
            lead = max(self.members(community), key=lambda c: self.net.node_totals[self.net.index(c)])
            return f"unmatched (led by {data.name(lead)})"
        return paper.BLOCS[self.year][bloc][0]


def match_blocs(year: int, labels: np.ndarray, codes) -> dict[int, int | None]:
    """Match this run's communities to the paper's blocs by the members the text names (Hungarian)."""
    anchors = paper.anchors(year)
    blocs = sorted(anchors)
    n_comm = int(labels.max()) + 1
    overlap = np.array(
        [
            [sum(1 for c in anchors[b] if c in codes and labels[codes.index(c)] == k) for b in blocs]
            for k in range(n_comm)
        ]
    )
    rows, cols = linear_sum_assignment(-overlap)
    matched = {int(r): blocs[c] for r, c in zip(rows, cols) if overlap[r, c] > 0}
    return {k: matched.get(k) for k in range(n_comm)}


def gateway_inputs(net: nw.TradeYear, variant: str = "default") -> tuple[np.ndarray, np.ndarray]:
    """(network, centrality) for the gateway coefficient under one of the spec's variants.

    default: full undirected weighted W, k = strength, C = strength; "binary": degree on W > 0;
    "top3": the symmetrised Top3 network; "betweenness": C = betweenness with distance 1/W.
    """
    W = net.W
    if variant == "binary":
        A = (W > 0).astype(float)
        return A, A.sum(axis=1)
    if variant == "top3":
        A = nw.symmetrised_backbone(net.X, nw.top_k_arcs(net.X, TOP_K))
        return A, A.sum(axis=1)
    if variant == "betweenness":
        return W, nw.betweenness(W)
    return W, W.sum(axis=1)


def analyse_year(net: nw.TradeYear, seeds, resolution: float = 1.0) -> YearResult:
    """Top3 backbone, Leiden blocs (best of ``seeds``), gateway coefficients, for one year."""
    top3 = nw.top_k_arcs(net.X, TOP_K)
    backbone = nw.symmetrised_backbone(net.X, top3)
    part = nw.leiden_best(backbone, seeds, resolution)
    A, centrality = gateway_inputs(net)
    G = nw.gateway_coefficient(A, part.labels, centrality)
    return YearResult(
        net,
        top3,
        nw.backbone_degree(top3),
        backbone,
        part,
        match_blocs(net.year, part.labels, net.codes),
        G,
        nw.participation_coefficient(A, part.labels),
        nw.top_per_community(G, part.labels),
    )


def analyse(networks: dict[int, nw.TradeYear], seeds) -> dict[int, YearResult]:
    return {year: analyse_year(net, seeds) for year, net in networks.items()}


# --- descriptives (section 3.1) ------------------------------------------------------------------
def node_table(net: nw.TradeYear) -> pd.DataFrame:
    """Countries by trade with the other BRI countries: T_i (bn USD), share of sum T (%), rank."""
    T = net.node_totals
    frame = pd.DataFrame(
        {"country": [data.name(c) for c in net.codes], "T_bn": T / 1e9, "share_pct": 100 * T / T.sum()},
        index=pd.Index(net.codes, name="iso3"),
    )
    frame = frame.sort_values("T_bn", ascending=False)
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame


def pair_table(net: nw.TradeYear) -> pd.DataFrame:
    """Country pairs by bilateral trade W (bn USD), with the year's natural-breaks tier (1 = top)."""
    W = net.W
    i, j = np.triu_indices(net.n, 1)
    keep = W[i, j] > 0
    i, j = i[keep], j[keep]
    values = W[i, j]
    bounds = nw.natural_breaks(values, N_TIERS)
    tiers = N_TIERS - nw.classify(values, bounds)
    frame = pd.DataFrame(
        {"a": np.array(net.codes)[i], "b": np.array(net.codes)[j], "W_bn": values / 1e9, "tier": tiers}
    )
    frame["china"] = (frame["a"] == "CHN") | (frame["b"] == "CHN")
    return frame.sort_values("W_bn", ascending=False, ignore_index=True)


def china_share_of(pairs: pd.DataFrame) -> float:
    """Share (%) of China-involved pairs in the value of the given pairs."""
    return 100 * pairs.loc[pairs["china"], "W_bn"].sum() / pairs["W_bn"].sum() if len(pairs) else float("nan")


@dataclass(frozen=True)
class Descriptives:
    """Section 3.1 numbers for one year."""

    total_tn: float
    links: int
    nodes: int
    above_100bn: int
    top_share: float
    top_country: str
    next_four_shares: tuple
    pairs_above_50bn: int
    tier1_pairs: int
    china_share_tier1: float
    china_share_above_50bn: float


def descriptives(net: nw.TradeYear) -> Descriptives:
    nodes, pairs = node_table(net), pair_table(net)
    big = pairs[pairs["W_bn"] > BIG_PAIR_USD / 1e9]
    tier1 = pairs[pairs["tier"] == 1]
    return Descriptives(
        net.total / 1e12,
        net.links,
        net.n,
        int((nodes["T_bn"] > BIG_NODE_USD / 1e9).sum()),
        float(nodes["share_pct"].iloc[0]),
        nodes.index[0],
        tuple(nodes["share_pct"].iloc[1:5]),
        len(big),
        len(tier1),
        china_share_of(tier1),
        china_share_of(big),
    )


# --- narrative checks (section 3.4) ------------------------------------------------------------------
def partner_share(net: nw.TradeYear, code: str, partners) -> float:
    """Share (%) of ``code``'s BRI trade that is with ``partners``."""
    i = net.index(code)
    idx = [net.index(p) for p in partners if p in net.codes and p != code]
    return 100 * net.W[i, idx].sum() / net.W[i].sum()


def rank_in_community(r: YearResult, code: str, community: int | None) -> int | None:
    """Rank of ``code`` by T among the members of ``community`` (None if it is not a member)."""
    if community is None or r.community_of(code) != community:
        return None
    members = r.members(community)
    totals = sorted(members, key=lambda c: -r.net.node_totals[r.net.index(c)])
    return totals.index(code) + 1


def largest_partner_count(r: YearResult, code: str) -> int:
    """Members of ``code``'s community whose largest BRI partner (by W) is ``code``."""
    W = r.net.W
    target = r.net.index(code)
    community = r.community_of(code)
    return sum(1 for c in r.members(community) if c != code and int(np.argmax(W[r.net.index(c)])) == target)


def top_partners(net: nw.TradeYear, code: str, n: int = 2) -> list[str]:
    W = net.W[net.index(code)]
    return [net.codes[j] for j in np.argsort(-W, kind="stable")[:n]]


@dataclass(frozen=True)
class Narrative:
    """One number of section 3.4: what it is, the claim (and which of its values) it belongs to, this run's value."""

    check: str
    claim: str
    index: int
    this_run: str
    value: float | None

    @property
    def published(self) -> str:
        """The published value, read from data/published (never typed here)."""
        claim = paper.claims()[self.claim]
        if not claim.published_values:  # a qualitative claim: its statement is what was published
            return claim.statement
        value = claim.published_values[self.index]
        return f"{value:.2f}" if claim.unit == "%" else f"{value:g}"


# Czechia's two largest partners in 2000 as the text names them (C71): a list of countries, not a number
CZECHIA_TOP_TWO = {"SVK", "POL"}


def narrative_checks(results: dict[int, YearResult]) -> list[Narrative]:
    """The section 3.4 numbers recomputed on this run's blocs and gateways."""
    r0, r1, r2 = results[2000], results[2010], results[2021]
    china_bloc_gw = r0.gateway_codes(r0.community_for_bloc(3)) if r0.community_for_bloc(3) is not None else []
    russia_bloc_gw = r0.gateway_codes(r0.community_for_bloc(2)) if r0.community_for_bloc(2) is not None else []
    india_china = partner_share(r0.net, "IND", china_bloc_gw)
    india_russia = partner_share(r0.net, "IND", russia_bloc_gw)
    checks = [
        Narrative(
            "India 2000: share of its BRI trade with the China bloc's gateways (%)",
            "C65",
            0,
            f"{india_china:.2f} (gateways {', '.join(china_bloc_gw)})",
            india_china,
        ),
        Narrative(
            "India 2000: share with the Russia bloc's gateways (%)",
            "C65",
            1,
            f"{india_russia:.2f} (gateways {', '.join(russia_bloc_gw)})",
            india_russia,
        ),
    ]
    for label, cid, index, net, code, partner in (
        ("Malaysia 2000: Singapore's share of its BRI trade (%)", "C66", 0, r0.net, "MYS", "SGP"),
        ("Bangladesh 2021: China's share (%)", "C67", 0, r2.net, "BGD", "CHN"),
        ("Bangladesh 2021: India's share (%)", "C67", 1, r2.net, "BGD", "IND"),
        ("Ukraine 2000: Russia's share (%)", "C68", 0, r0.net, "UKR", "RUS"),
        ("Ukraine 2010: Russia's share (%)", "C68", 1, r1.net, "UKR", "RUS"),
    ):
        share = partner_share(net, code, [partner])
        checks.append(Narrative(label, cid, index, f"{share:.2f}", share))
    for index, (label, r, code, bloc) in enumerate(
        (
            ("Egypt's trade rank in South Asia-ME, 2000", r0, "EGY", 1),
            ("Turkey's trade rank in the Russia bloc, 2000", r0, "TUR", 2),
            ("Lebanon's trade rank in the Russia bloc, 2000", r0, "LBN", 2),
            ("Georgia's trade rank in Russia-CEE, 2010", r1, "GEO", 1),
            ("China's trade rank in its bloc, 2000", r0, "CHN", 3),
        )
    ):
        rank = rank_in_community(r, code, r.community_for_bloc(bloc))
        checks.append(Narrative(label, "C69", index, "not in the matched bloc" if rank is None else f"{rank}", rank))
    china_rank_2010 = int(node_table(r1.net).loc["CHN", "rank"])
    checks.append(
        Narrative("China's trade rank among all countries, 2010", "C69", 5, str(china_rank_2010), china_rank_2010)
    )
    n_largest = largest_partner_count(r1, "CHN")
    checks.append(
        Narrative("2010: members of China's bloc whose largest partner is China", "C70", 0, str(n_largest), n_largest)
    )
    cze = top_partners(r0.net, "CZE")
    checks.append(
        Narrative(
            "Czechia 2000: top two partners",
            "C71",
            -1,
            ", ".join(map(data.name, cze)),
            float(set(cze) == CZECHIA_TOP_TWO),
        )
    )
    return checks


@dataclass
class Results:
    """Everything the chapter computed, for the tables, figures, ledger and notes."""

    inputs: Inputs
    years: dict[int, YearResult]  # the paper's chain, per study year
    narrative: list[Narrative] = field(default_factory=list)
    resolution_runs: dict[float, dict[int, nw.Partition]] = field(default_factory=dict)
    frequency: pd.DataFrame | None = None  # share of stability runs in which a country is a gateway
    louvain: list[dict] = field(default_factory=list)
    topology: pd.DataFrame | None = None
    design: pd.DataFrame | None = None  # per-claim design diagnosis (stand-in only), see beyond.design_diagnosis

    @property
    def networks(self) -> dict[int, nw.TradeYear]:
        return self.inputs.networks

    @property
    def simulated(self) -> bool:
        return self.inputs.simulated


def run(inputs: Inputs, params: dict) -> Results:
    """The paper's chain with ``n_leiden_seeds`` seeds, then the stability runs beyond the paper
    with ``n_stability_seeds`` seeds at each of :data:`.beyond.RESOLUTIONS`, and on the stand-in the
    design diagnosis of the headline claims over ``n_design_draws`` re-simulations."""
    years = analyse(inputs.networks, range(params["n_leiden_seeds"]))
    r = Results(inputs, years, narrative_checks(years))
    stability_seeds = range(params["n_stability_seeds"])
    r.resolution_runs = beyond.resolution_runs(years, stability_seeds, beyond.RESOLUTIONS)
    r.frequency = beyond.gateway_frequency(years, stability_seeds, beyond.RESOLUTIONS)
    r.louvain = beyond.louvain_comparison(years, stability_seeds)
    r.topology = beyond.topology(inputs.networks)
    if inputs.simulated and params.get("n_design_draws", 0) > 0:
        r.design = beyond.design_diagnosis(params["n_design_draws"], params["seed"])
    return r
