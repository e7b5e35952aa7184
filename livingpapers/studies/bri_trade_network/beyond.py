"""Beyond the paper: stability of blocs and gateways, Louvain, topology indicators.

None of this is in the paper (spec section 10, item 19). The paper reports one Leiden partition
per year without its seed or resolution; here the same chain is rerun over many seeds and
resolutions to see how much the gateway list depends on those unreported choices.
"""

from __future__ import annotations

import igraph as ig
import pandas as pd
from tqdm.std import tqdm

from livingpapers.toolkit.tables import PaperTable, from_frame

from . import data, paper
from . import network as nw
from .analysis import YearResult, gateway_inputs


def gateway_frequency(results: dict[int, YearResult], seeds, resolutions) -> pd.DataFrame:
    """Share of (seed, resolution) Leiden runs in which each country is a top-3 gateway of its bloc."""
    counts = {}
    runs = [(year, g) for year in results for g in resolutions]
    for year, gamma in tqdm(runs, desc="Leiden stability", unit="year x resolution", mininterval=1.0, disable=None):
        r = results[year]
        A, centrality = gateway_inputs(r.net)
        for labels, _, _ in nw.leiden_runs(r.backbone, seeds, gamma):
            G = nw.gateway_coefficient(A, labels, centrality)
            for nodes in nw.top_per_community(G, labels).values():
                for k in nodes:
                    counts[(r.codes[k], year)] = counts.get((r.codes[k], year), 0) + 1
    total = len(seeds) * len(resolutions)
    frame = pd.Series(counts, dtype=float).unstack(fill_value=0.0) / total
    frame = frame.reindex(columns=sorted(results), fill_value=0.0)
    return frame.loc[frame.max(axis=1).sort_values(ascending=False).index]


def stability_table(frequency: pd.DataFrame, results: dict[int, YearResult], top: int = 20) -> PaperTable:
    shown = frequency.head(top).copy()
    published = {y: {c for c, _, _ in paper.TABLE2[y]} for y in results}
    best = {y: {r.codes[k] for nodes in r.gateways.values() for k in nodes} for y, r in results.items()}
    cells = {
        str(y): [
            f"{shown.loc[c, y]:.2f}" + (" B" if c in best[y] else "") + (" P" if c in published[y] else "")
            for c in shown.index
        ]
        for y in shown.columns
    }
    frame = pd.DataFrame(cells, index=[data.name(c) for c in shown.index])
    return from_frame(
        frame,
        "Share of Leiden runs (seeds x resolutions) in which a country is a gateway",
        "B: gateway in this run's best-modularity partition; P: gateway in the paper's Table 2.",
        stub_name="Country",
    )


def resolution_table(results: dict[int, YearResult], seeds, resolutions) -> PaperTable:
    """Number of blocs and modularity of the best partition at each resolution."""
    rows = {}
    for gamma in resolutions:
        cells = []
        for r in results.values():
            best = nw.leiden_best(r.backbone, seeds, gamma)
            cells.append(f"{best.labels.max() + 1} (Q = {best.modularity:.3f})")
        rows[f"γ = {gamma:g}"] = cells
    frame = pd.DataFrame(rows, index=[str(y) for y in results]).T
    frame["Published"] = ["4 / 5 / 5 (γ not reported)"] + [""] * (len(frame) - 1)
    return from_frame(
        frame, "Leiden blocs by resolution γ: number of blocs (modularity at γ = 1)", stub_name="Resolution"
    )


def louvain_table(results: dict[int, YearResult], seeds) -> PaperTable:
    """Louvain (networkx, fixed seeds) against the best Leiden partition: blocs, Q, agreement."""
    rows = []
    for year, r in results.items():
        best_q, best_labels = -1.0, None
        for seed in seeds:
            labels = nw.louvain(r.backbone, int(seed))
            q = nw.modularity(r.backbone, labels)
            if q > best_q + 1e-12:
                best_q, best_labels = q, labels
        leiden = r.partition.labels.tolist()
        rows.append(
            {
                "Year": year,
                "Leiden blocs": int(r.partition.labels.max()) + 1,
                "Leiden Q": f"{r.partition.modularity:.3f}",
                "Louvain blocs": int(best_labels.max()) + 1,
                "Louvain Q": f"{best_q:.3f}",
                "NMI": f"{ig.compare_communities(leiden, best_labels.tolist(), method='nmi'):.2f}",
                "Adjusted Rand": f"{ig.compare_communities(leiden, best_labels.tolist(), method='adjusted_rand'):.2f}",
            }
        )
    return from_frame(
        pd.DataFrame(rows).set_index("Year"),
        "Louvain against Leiden on the Top3 backbone (best of the same seeds)",
        stub_name="Year",
    )


def topology_table(networks: dict[int, nw.TradeYear]) -> PaperTable:
    frame = pd.DataFrame({str(y): nw.topology_indicators(n.X) for y, n in networks.items()})
    frame = frame.map(lambda v: f"{v:,.0f}" if float(v).is_integer() and v > 1 else f"{v:.3f}")
    return from_frame(
        frame,
        "Topology indicators of the full network (not in the paper)",
        "Directed density = E / (N(N-1)); reciprocity = share of flows whose reverse flow is also non-zero; "
        "clustering on the undirected network (weighted: Onnela et al., weights scaled by the largest); "
        "weighted path length uses distance = mean(W) / W.",
        stub_name="Indicator",
    )
