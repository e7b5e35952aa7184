"""The TAPED-style depth index of digital-trade rules, and the indices built from it.

Scoring (paper, §3.2, note to Table 1): each specific aspect of a provision scores 0 (absent), 1 (soft
commitments only), 2 (both soft and hard), 3 (hard only). Aspects are grouped into second-level
indicators and five first-level groups (Table 1, whose body is lost; :data:`STRUCTURE` is a
reconstruction [R] from TAPED's item families). The depth is the level-by-level arithmetic mean
of score / 3, which puts it in [0, 1] as the published values imply (spec §2).

Also here: the flat index used for IRTAdepth, a deterministic search for stand-in codings that
reproduce a target depth at the printed precision, the pair-year depth calendar (max over
agreements in force), the 2002-2008 trade weights and the extended-gravity index OtherRTAdep.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_SCORE = 3
GROUPS = ("G1", "G2", "G3", "G4", "G5")
GROUP_NAMES = {
    "G1": "Data flows related to market access (与市场准入相关的数据流动条款)",
    "G2": "E-commerce provisions for digital-trade facilitation (数字贸易便利化的电子商务条款)",
    "G3": "Intellectual-property protection (知识产权保护条款)",
    "G4": "New data-economy issues (新数据经济问题条款)",
    "G5": "Cross-cutting issues (跨领域条款)",
}
# [R] Table 1: first-level group -> {second-level indicator: number of specific aspects}.
STRUCTURE: dict[str, dict[str, int]] = {
    "G1": {
        "cross_border_data_flows": 3,
        "data_localisation_ban": 2,
        "financial_data": 2,
        "customs_duties_e_transmissions": 2,
        "non_discrimination_digital_products": 2,
    },
    "G2": {
        "e_authentication_signatures": 3,
        "paperless_trading": 2,
        "domestic_e_transactions_framework": 2,
        "online_consumer_protection": 2,
        "unsolicited_messages": 2,
        "e_invoicing_payments": 2,
        "cooperation": 3,
        "smes": 2,
    },
    "G3": {
        "copyright_digital_environment": 3,
        "isp_liability": 2,
        "tpm_rmi": 2,
        "domain_names": 2,
        "ip_enforcement": 2,
    },
    "G4": {
        "open_government_data": 2,
        "data_innovation_sandboxes": 2,
        "digital_identities": 2,
        "fintech": 2,
        "artificial_intelligence": 2,
        "data_portability": 1,
    },
    "G5": {
        "personal_data_protection": 3,
        "cybersecurity": 2,
        "source_code": 2,
        "exceptions": 2,
        "dispute_settlement_applicability": 1,
    },
}

ABBREVIATIONS = {
    "e": "e-",
    "cross": "cross-",
    "non": "non-",
    "smes": "SMEs",
    "isp": "ISP",
    "ip": "IP",
    "tpm": "TPM",
    "rmi": "and RMI",
}


def item_name(item: str) -> str:
    """A second-level item as readers see it: ``tpm_rmi`` -> "TPM and RMI", ``e_invoicing_payments`` -> "E-invoicing payments"."""
    words = [ABBREVIATIONS.get(word, word) for word in item.split("_")]
    text = " ".join(words).replace("- ", "-")
    return text[0].upper() + text[1:]


def aspect_index(structure: dict = STRUCTURE) -> pd.DataFrame:
    """One row per specific aspect: group, item, aspect number, and its weight in the overall depth.

    The weight of an aspect is 1 / (5 * |items in its group| * |aspects in its item|), so the
    overall depth is sum(weight * score) / 3: the level-by-level mean is linear in the scores.
    """
    rows = []
    for group, items in structure.items():
        for item, n_aspects in items.items():
            for k in range(n_aspects):
                rows.append(
                    {
                        "group": group,
                        "item": item,
                        "aspect": k + 1,
                        "weight": 1.0 / (len(structure) * len(items) * n_aspects),
                    }
                )
    return pd.DataFrame(rows)


ASPECTS = aspect_index()


def check_scores(scores) -> np.ndarray:
    """Scores as an integer array, refusing anything outside {0, 1, 2, 3} or of the wrong length."""
    arr = np.asarray(scores)
    if arr.shape != (len(ASPECTS),):
        raise ValueError(f"expected {len(ASPECTS)} aspect scores, got shape {arr.shape}")
    if not np.isin(arr, [0, 1, 2, 3]).all():
        raise ValueError(
            f"aspect scores must be 0, 1, 2 or 3; got {sorted(set(arr[~np.isin(arr, [0, 1, 2, 3])].tolist()))}"
        )
    return arr.astype(int)


def _group_matrix() -> np.ndarray:
    """5 x n_aspects matrix A with A[g, p] = 1 / (|items of g| * |aspects of p's item|) for p in g."""
    matrix = np.zeros((len(GROUPS), len(ASPECTS)))
    for g, group in enumerate(GROUPS):
        in_group = (ASPECTS["group"] == group).to_numpy()
        matrix[g, in_group] = ASPECTS.loc[in_group, "weight"].to_numpy() * len(GROUPS)
    return matrix


GROUP_MATRIX = _group_matrix()


def group_depths(scores) -> pd.Series:
    """Depth of each first-level group: mean over items of the mean over aspects of score / 3."""
    return pd.Series(GROUP_MATRIX @ (check_scores(scores) / MAX_SCORE), index=list(GROUPS))


def agreement_depth(scores) -> float:
    """Overall depth: the mean of the five group depths (level-by-level arithmetic mean), in [0, 1]."""
    return float(group_depths(scores).mean())


def flat_index(scores) -> float:
    """IRTAdepth's agreement index [R]: all aspect scores summed / (3 x number of aspects).

    The paper's "standardized depth / clause maximum" (高疆和盛斌 2018) read as an item-weighted
    flat index, so that it is not a pure rescaling of the hierarchical depth (spec §10.4).
    """
    return float(check_scores(scores).sum() / (MAX_SCORE * len(ASPECTS)))


# ---------------------------------------------------------------------------------------------
# Stand-in codings: integer scores whose depth rounds to a target at the printed precision.
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CodingRule:
    """What a stand-in coding must respect besides its target depth.

    ``zero_groups`` are groups scored 0 throughout (e.g. RCEP's G4); ``zero_items`` are
    second-level items scored 0 (e.g. no cross-border data-flow clause); ``required_groups``
    get at least one soft aspect (e.g. CPTPP's G4 > 0).
    """

    zero_groups: tuple[str, ...] = ()
    zero_items: tuple[str, ...] = ()
    required_groups: tuple[str, ...] = ()


def fit_codings(
    target: float,
    rule: CodingRule,
    rng: np.random.Generator,
    decimals: int = 3,
    restarts: int = 50,
    patience: int = 400,
) -> np.ndarray:
    """A deterministic local search for aspect scores whose depth rounds to ``target``.

    Starts from a random coding of roughly the right density, then proposes changing one or two
    aspect scores by one step and keeps a proposal when it brings the depth closer to the target;
    after ``patience`` proposals without progress it restarts from a new random coding. The
    result is a labelled stand-in, not the authors' coding.
    """
    free = ~(ASPECTS["group"].isin(rule.zero_groups) | ASPECTS["item"].isin(rule.zero_items)).to_numpy()
    floor = np.zeros(len(ASPECTS), dtype=int)
    for group in rule.required_groups:
        floor[np.flatnonzero((ASPECTS["group"] == group).to_numpy() & free)[0]] = 1
    weights = ASPECTS["weight"].to_numpy() / MAX_SCORE
    candidates = np.flatnonzero(free)
    tolerance = 0.5 * 10**-decimals * 0.999
    for _ in range(restarts):
        start = np.where(
            free & (rng.random(len(ASPECTS)) < min(1.0, 1.2 * target)), rng.integers(1, 4, len(ASPECTS)), 0
        )
        scores = np.maximum(start, floor)
        gap, stale = abs(weights @ scores - target), 0
        while stale < patience:
            if gap < tolerance:
                return scores
            proposal = scores.copy()
            for idx in rng.choice(candidates, size=rng.integers(1, 3), replace=False):
                proposal[idx] = np.clip(proposal[idx] + rng.choice([-1, 1]), floor[idx], MAX_SCORE)
            new_gap = abs(weights @ proposal - target)
            stale = 0 if new_gap < gap else stale + 1
            if new_gap < gap:
                scores, gap = proposal, new_gap
    raise RuntimeError(f"no coding found for depth {target} under {rule}")


def random_codings(density: float, rng: np.random.Generator) -> np.ndarray:
    """A simulated agreement's coding: aspects covered with probability ``density`` times a
    group-specific multiplier (agreements differ in emphasis across groups), scores 1-3."""
    multiplier = dict(zip(GROUPS, rng.uniform(0.1, 1.7, len(GROUPS))))
    p = np.clip(density * ASPECTS["group"].map(multiplier).to_numpy(), 0, 1)
    covered = rng.random(len(ASPECTS)) < p
    return np.where(covered, rng.integers(1, MAX_SCORE + 1, len(ASPECTS)), 0)


def depth_record(agreement_id: str, scores) -> dict:
    """Group depths, overall depth and flat index of one coded agreement (one row of Table 2)."""
    groups = GROUP_MATRIX @ (check_scores(scores) / MAX_SCORE)
    return {
        "agreement_id": agreement_id,
        **{g.lower(): float(v) for g, v in zip(GROUPS, groups)},
        "depth": float(groups.mean()),
        "flat": flat_index(scores),
    }


# ---------------------------------------------------------------------------------------------
# Pair-year depths and the extended-gravity index.
# ---------------------------------------------------------------------------------------------
DEPTH_COLUMNS = ["depth", "flat", "g1", "g2", "g3", "g4", "g5"]


def membership_pairs(parties: pd.DataFrame) -> pd.DataFrame:
    """Unordered party pairs each agreement covers, with the years it applies to the pair.

    ``parties`` has agreement_id, party, side, start (first year in force) and end (last year,
    NaN if open). Parties on the same non-empty ``side`` (e.g. EU members in EU-Japan) are not
    paired with each other. A pair's years are those in force for both parties.
    """
    merged = parties.merge(parties, on="agreement_id", suffixes=("_a", "_b"))
    merged = merged[merged["party_a"] < merged["party_b"]]
    same_side = (merged["side_a"].fillna("") != "") & (merged["side_a"] == merged["side_b"])
    merged = merged[~same_side]
    return pd.DataFrame(
        {
            "agreement_id": merged["agreement_id"],
            "i": merged["party_a"],
            "j": merged["party_b"],
            "start": np.maximum(merged["start_a"], merged["start_b"]),
            "end": np.fmin(merged["end_a"], merged["end_b"]),
        }
    ).reset_index(drop=True)


def pair_year_depths(pairs: pd.DataFrame, depths: pd.DataFrame, years: range) -> pd.DataFrame:
    """Depth of every covered pair and year: the deepest agreement in force (max rule, spec §10.6).

    Group depths and the flat index come from the same (argmax) agreement, so that
    OtherRTAdep = 0.2 Dis + 0.8 NDis holds exactly. Pairs appear in both orders (i, j) and (j, i).
    """
    rows = pairs.merge(depths[["agreement_id", *DEPTH_COLUMNS]], on="agreement_id", how="inner")
    year_grid = pd.DataFrame({"year": list(years)})
    rows = rows.merge(year_grid, how="cross")
    rows = rows[(rows["year"] >= rows["start"]) & (rows["end"].isna() | (rows["year"] <= rows["end"]))]
    best = rows.sort_values("depth", ascending=False, kind="stable").drop_duplicates(["i", "j", "year"])
    best = best[["i", "j", "year", "agreement_id", *DEPTH_COLUMNS]]
    mirrored = best.rename(columns={"i": "j", "j": "i"})
    return pd.concat([best, mirrored], ignore_index=True)


def presample_weights(trade: pd.DataFrame, exclude: str = "CHN") -> pd.DataFrame:
    """M_ij: j's share of i's total 2002-2008 trade with all partners other than China (eq. 2).

    ``trade`` has iso3, partner_iso3 and trade_usd (both directions summed over 2002-2008, one
    row per ordered pair). Rows involving ``exclude`` are dropped before normalising, so that the
    weights of each i sum to 1 over its non-China partners.
    """
    t = trade[
        (trade["iso3"] != exclude) & (trade["partner_iso3"] != exclude) & (trade["iso3"] != trade["partner_iso3"])
    ]
    total = t.groupby("iso3")["trade_usd"].transform("sum")
    return pd.DataFrame({"i": t["iso3"], "j": t["partner_iso3"], "weight": t["trade_usd"] / total}).reset_index(
        drop=True
    )


def extended_index(
    weights: pd.DataFrame, pair_depths: pd.DataFrame, importers: list[str], years: range, exclude: str = "CHN"
) -> pd.DataFrame:
    """OtherRTAdep and its variants for each importer-year: sum_j M_ij * depth_ijt (eq. 2).

    Returns columns other (overall depth), iother (flat index), dis (G1 depth) and ndis (mean of
    G2-G5), with 0 for an importer-year whose partners have no agreement in force.
    """
    third = pair_depths[(pair_depths["i"] != exclude) & (pair_depths["j"] != exclude)].copy()
    third["ndis"] = third[["g2", "g3", "g4", "g5"]].mean(axis=1)
    joined = third.merge(weights, on=["i", "j"], how="inner")
    values = {"other": "depth", "iother": "flat", "dis": "g1", "ndis": "ndis"}
    for name, column in values.items():
        joined[name] = joined["weight"] * joined[column]
    summed = joined.groupby(["i", "year"])[list(values)].sum()
    grid = pd.MultiIndex.from_product([importers, list(years)], names=["i", "year"])
    return summed.reindex(grid, fill_value=0.0).reset_index().rename(columns={"i": "iso3"})
