"""Beyond the paper: stability of blocs and gateways, Louvain, topology indicators, design diagnosis.

None of this is in the paper (spec section 10, item 19). The paper reports one Leiden partition
per year without its seed or resolution; here the same chain is rerun over many seeds and
resolutions to see how much the gateway list depends on those unreported choices. The tables
are laid out in :mod:`.tables`.
"""

from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd
from tqdm.std import tqdm

from livingpapers.methods.design import diagnose_claims

from . import analysis as an
from . import data, headline
from . import network as nw
from . import standin as si

RESOLUTIONS = (0.5, 0.75, 1.0, 1.25, 1.5)


def gateway_frequency(results: dict[int, an.YearResult], seeds, resolutions) -> pd.DataFrame:
    """Share of (seed, resolution) Leiden runs in which each country is a top-3 gateway of its bloc."""
    counts = {}
    runs = [(year, g) for year in results for g in resolutions]
    for year, gamma in tqdm(runs, desc="Leiden stability", unit="year x resolution", mininterval=1.0, disable=None):
        r = results[year]
        A, centrality = an.gateway_inputs(r.net)
        for labels, _, _ in nw.leiden_runs(r.backbone, seeds, gamma):
            G = nw.gateway_coefficient(A, labels, centrality)
            for nodes in nw.top_per_community(G, labels).values():
                for k in nodes:
                    counts[(r.codes[k], year)] = counts.get((r.codes[k], year), 0) + 1
    total = len(seeds) * len(resolutions)
    frame = pd.Series(counts, dtype=float).unstack(fill_value=0.0) / total
    frame = frame.reindex(columns=sorted(results), fill_value=0.0)
    return frame.loc[frame.max(axis=1).sort_values(ascending=False).index]


def resolution_runs(results: dict[int, an.YearResult], seeds, resolutions) -> dict[float, dict[int, nw.Partition]]:
    """The best Leiden partition of each year's backbone at each resolution γ."""
    return {
        gamma: {year: nw.leiden_best(r.backbone, seeds, gamma) for year, r in results.items()} for gamma in resolutions
    }


def louvain_comparison(results: dict[int, an.YearResult], seeds) -> list[dict]:
    """Louvain (networkx, fixed seeds) against the best Leiden partition: blocs, Q, NMI, adjusted Rand."""
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
                "year": year,
                "leiden_blocs": int(r.partition.labels.max()) + 1,
                "leiden_q": r.partition.modularity,
                "louvain_blocs": int(best_labels.max()) + 1,
                "louvain_q": best_q,
                "nmi": ig.compare_communities(leiden, best_labels.tolist(), method="nmi"),
                "adjusted_rand": ig.compare_communities(leiden, best_labels.tolist(), method="adjusted_rand"),
            }
        )
    return rows


def topology(networks: dict[int, nw.TradeYear]) -> pd.DataFrame:
    """Standard topology indicators of each year's full network (indicator x year)."""
    return pd.DataFrame({str(y): nw.topology_indicators(n.X) for y, n in networks.items()})


DESIGN_LEIDEN_SEEDS = 3  # Leiden seeds per re-simulated stand-in (the chapter's own run uses n_leiden_seeds)


def design_draw(rng: np.random.Generator, planted: bool) -> dict[str, tuple]:
    """One re-simulated stand-in through the paper's chain: does each headline claim hold?

    With ``planted`` the stand-in is drawn as the chapter's (target partition c* weighted by
    omega, premia, pinned pairs); without it omega is zero, so the paper's blocs are no longer
    planted and only gravity, the curated trade blocs and the premia shape the network.
    """
    p = si.PARAMETERS if planted else si.null_parameters()
    networks = {}
    for year in data.YEARS:
        codes, X, _ = si.simulate_year(year, rng, p)
        networks[year] = nw.TradeYear(year, tuple(codes), X)
    results = an.analyse(networks, range(DESIGN_LEIDEN_SEEDS))
    return {cid: (holds, None, None, None) for cid, (holds, _) in headline.headline_checks(results).items()}


def design_diagnosis(n_draws: int, seed: int) -> pd.DataFrame:
    """How often each headline claim holds over ``n_draws`` stand-ins with, and without, the planted blocs."""
    return diagnose_claims(design_draw, n_draws, seed)
