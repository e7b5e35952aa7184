"""The network claims of sections 3.2-3.4 as functions of one run's results: ``(holds, shown)``.

The ledger records them for this run; the design diagnosis (:mod:`.beyond`) evaluates the same
functions on every re-simulated stand-in, so a claim's status and its power are computed by one
rule. :data:`HEADLINE` lists the claims the diagnosis covers: Table 1's main finding, the number,
make-up and geography of the blocs (section 3.3) and Table 2's gateways (section 3.4).
"""

from __future__ import annotations

import numpy as np

from . import analysis as an
from . import network as nw
from . import paper

HEADLINE = ("C37", "C49", "C53", "C54", "C55", "C56", "C58", "C59", "C60", "C64")

# C53: the memberships the text names, as (year, the paper's bloc ID, members)
NAMED_MEMBERSHIPS = (
    (2000, 3, "CHN SGP MYS THA IDN ARE PHL IRN OMN QAT"),
    (2010, 3, "IND SGP ARE IRN OMN QAT"),
    (2010, 5, "TUR LBN SYR TJK TKM ISR"),
    (2010, 1, "ARM MNG AFG"),
    (2021, 4, "SGP MNG BGD"),
)
TABLE2_CLAIMS = {"C58": 2000, "C59": 2010, "C60": 2021}


def topk_rising(networks: dict[int, nw.TradeYear]) -> tuple[bool, str]:
    """C37: the Top1, Top2 and Top3 trade shares each rise from year to year."""
    by_k = np.array([[nw.topk_shares(networks[y].X, k)[1] for y in sorted(networks)] for k in (1, 2, 3)])
    shown = "; ".join(f"Top{k + 1}: " + " < ".join(f"{v:.1f}" for v in row) for k, row in enumerate(by_k))
    return bool((np.diff(by_k, axis=1) > 0).all()), shown


def bloc_counts(results: dict[int, an.YearResult]) -> list[int]:
    """C49: the number of Leiden blocs in each year."""
    return [int(r.partition.labels.max()) + 1 for r in results.values()]


def bloc_sizes(r: an.YearResult) -> list[int]:
    """C50-C52: the size of this run's community matched to each bloc whose size the paper prints."""
    return [
        len(r.members(r.community_for_bloc(bloc))) if r.community_for_bloc(bloc) is not None else 0
        for bloc in paper.BLOC_SIZES[r.year]
    ]


def memberships(results: dict[int, an.YearResult]) -> tuple[bool, str]:
    """C53: every named member sits in the community matched to its bloc."""
    held = total = 0
    for year, bloc, members in NAMED_MEMBERSHIPS:
        r = results[year]
        community = r.community_for_bloc(bloc)
        for code in members.split():
            total += 1
            held += community is not None and r.community_of(code) == community
    return held == total, f"{held} of {total} named memberships hold"


def _proximity(r: an.YearResult) -> tuple[float, float]:
    """Mean capital distance (km) within blocs and between blocs."""
    from .standin import distances_km

    D = distances_km(r.codes)
    same = r.partition.labels[:, None] == r.partition.labels[None, :]
    off = ~np.eye(r.net.n, dtype=bool)
    return float(D[same & off].mean()), float(D[~same].mean())


def proximity(results: dict[int, an.YearResult]) -> tuple[bool, str]:
    """C54: blocs are geographically proximate (closer within than between, every year)."""
    prox = {y: _proximity(r) for y, r in results.items()}
    shown = "; ".join(f"{y}: within {w:,.0f} km vs between {b:,.0f} km" for y, (w, b) in prox.items())
    return all(w < b for w, b in prox.values()), shown


def _bloc_rank(r: an.YearResult, code: str) -> tuple[int, int]:
    """Rank of ``code``'s bloc by members and by trade (1 = largest)."""
    labels = r.partition.labels
    sizes = np.bincount(labels)
    trade = np.bincount(labels, weights=r.net.node_totals)
    c = r.community_of(code)
    return int((sizes > sizes[c]).sum() + 1), int((trade > trade[c]).sum() + 1)


def china_bloc_largest(results: dict[int, an.YearResult]) -> tuple[bool, str]:
    """C55: China's bloc is among the two largest by members and by trade in every year."""
    ranks = {y: _bloc_rank(r, "CHN") for y, r in results.items()}
    shown = "; ".join(f"{y}: members #{m}, trade #{t}" for y, (m, t) in ranks.items())
    return all(m <= 2 and t <= 2 for m, t in ranks.values()), shown


def _size(r: an.YearResult, bloc: int) -> int:
    community = r.community_for_bloc(bloc)
    return len(r.members(community)) if community is not None else 0


def russia_shrinks_turkey_grows(results: dict[int, an.YearResult]) -> tuple[bool, str]:
    """C56: the Russia bloc shrinks 2010-2021; the Turkey bloc exists in 2010 and grows."""
    r1, r2 = results[2010], results[2021]
    shown = f"Russia bloc {_size(r1, 1)} -> {_size(r2, 1)}; Turkey bloc {_size(r1, 5)} -> {_size(r2, 5)}"
    return _size(r2, 1) < _size(r1, 1) and 0 < _size(r1, 5) < _size(r2, 5), shown


def gateway_sets(r: an.YearResult) -> tuple[bool, str]:
    """C58-C60: do this run's gateways equal Table 2's, bloc by bloc? Shown: how many match."""
    published = paper.gateway_sets(r.year)
    found = {r.codes[i] for nodes in r.gateways.values() for i in nodes}
    in_bloc = sum(
        1
        for bloc, codes in published.items()
        for c in codes
        if r.community_for_bloc(bloc) is not None and c in r.gateway_codes(r.community_for_bloc(bloc))
    )
    total = sum(len(v) for v in published.values())
    anywhere = len(found & set().union(*published.values()))
    return in_bloc == total, f"{in_bloc} of {total} in the matched bloc; {anywhere} anywhere"


def frequent_gateways(results: dict[int, an.YearResult]) -> tuple[bool, str]:
    """C64: the twelve countries of the abstract are gateways in at least two of the three years."""
    frequent = {
        c: sum(c in {r.codes[i] for v in r.gateways.values() for i in v} for r in results.values())
        for c in paper.ABSTRACT_GATEWAYS
    }
    held = sum(n >= 2 for n in frequent.values())
    return held == len(frequent), f"{held} of {len(frequent)} are gateways in at least 2 of 3 years"


def headline_checks(results: dict[int, an.YearResult]) -> dict[str, tuple[bool, str]]:
    """Every headline claim's ``(holds, shown)`` on one run (the design diagnosis evaluates these)."""
    networks = {y: r.net for y, r in results.items()}
    counts = bloc_counts(results)
    expected = [int(v) for v in paper.published("C49")]
    return {
        "C37": topk_rising(networks),
        "C49": (counts == expected, " / ".join(map(str, counts))),
        "C53": memberships(results),
        "C54": proximity(results),
        "C55": china_bloc_largest(results),
        "C56": russia_shrinks_turkey_grows(results),
        **{cid: gateway_sets(results[year]) for cid, year in TABLE2_CLAIMS.items()},
        "C64": frequent_gateways(results),
    }
