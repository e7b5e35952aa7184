"""What the paper prints, read from ``data/published/bri_trade_network.yml`` (the only place it is written).

Table 1 and Table 2 are transcribed whole in the YAML's ``tables:`` section; the bloc sizes, the
number of blocs, the totals and the backbone degrees are the published claims' values. This module
only arranges them for the chapter (by year, by the paper's bloc ID) and adds the structure the
paper gives in words: the blocs' names and named members (§3.3, the text on Figure 4) and the ID numbering of
Table 2. Bloc IDs are the paper's, year by year; which name goes with which ID is inferred from
Table 2 and the prose (consistent throughout, spec section 5.4).
"""

from __future__ import annotations

from functools import cache

import yaml

from livingpapers.toolkit.claims import Claim, load_claims
from livingpapers.toolkit.paths import published_dir

SLUG = "bri_trade_network"
YEARS = (2000, 2010, 2021)


@cache
def published_tables() -> dict:
    """The ``tables:`` section of the published YAML (Table 1 and Table 2 as printed)."""
    return yaml.safe_load((published_dir() / f"{SLUG}.yml").read_text(encoding="utf-8"))["tables"]


@cache
def claims() -> dict[str, Claim]:
    """The published claims by id."""
    return {c.id: c for c in load_claims(SLUG)}


def published(claim_id: str) -> tuple[float, ...]:
    """Every published value of a number claim."""
    return claims()[claim_id].published_values


# Table 1: link share and trade share (%) of the Top1-3 networks in the original network.
TABLE1 = {
    int(year): {"link": tuple(row["link"]), "value": tuple(row["value"])}
    for year, row in published_tables()["table1"].items()
}

# Table 2: gateway countries (ISO3, bloc ID, gateway coefficient), in the printed order.
TABLE2 = {
    int(year): [(str(code), int(bloc), float(g)) for code, bloc, g in rows]
    for year, rows in published_tables()["table2"].items()
}


def _blocs(table: str) -> dict[int, dict[int, tuple[str, str, str]]]:
    """Parse "year | ID | English name | Chinese name | named members" lines into {year: {ID: (en, zh, members)}}."""
    out: dict[int, dict[int, tuple[str, str, str]]] = {}
    for line in table.strip().splitlines():
        year, bloc, en, zh, members = (part.strip() for part in line.split("|"))
        out.setdefault(int(year), {})[int(bloc)] = (en, zh, members)
    return out


# The paper's blocs by year and Table-2 ID: English name, Chinese name, and the members the text names.
BLOCS = _blocs(
    """
2000 | 1 | South Asia-Middle East | 南亚-中东 | IND SAU EGY
2000 | 2 | Russia-Central Asia-CEE | 俄罗斯-中亚-中东欧 | RUS TUR LBN SYR TJK TKM
2000 | 3 | China-Southeast Asia-Middle East | 中国-东南亚-中东 | CHN SGP MYS THA IDN ARE PHL IRN OMN QAT
2000 | 4 | CEE | 中东欧 | HUN POL CZE
2010 | 1 | Russia-CEE | 俄罗斯-中东欧 | RUS GEO POL ARM MNG AFG
2010 | 2 | CEE | 中东欧 | HUN ROU ALB
2010 | 3 | South Asia-Middle East | 南亚-中东 | IND SGP EGY ARE IRN OMN QAT
2010 | 4 | China-Southeast Asia | 中国-东南亚 | CHN MYS THA IDN
2010 | 5 | Middle East-Central Asia | 中东-中亚 | TUR ISR LBN SYR TJK TKM
2021 | 1 | Russia-Central Asia-CEE | 俄罗斯-中亚-中东欧 | RUS POL UKR
2021 | 2 | CEE | 中东欧 | ROU ALB HUN
2021 | 3 | South Asia-Middle East | 南亚-中东 | IND EGY ARE
2021 | 4 | China-Southeast Asia | 中国-东南亚 | CHN BGD MYS SGP MNG
2021 | 5 | Middle East-Eastern Europe | 中东-东欧 | TUR ISR LBN
"""
)

# Bloc families across years (for consistent colours): China, Russia, South Asia-ME, CEE, Turkey blocs.
FAMILY = {
    2000: {1: "sa", 2: "ru", 3: "cn", 4: "cee"},
    2010: {1: "ru", 2: "cee", 3: "sa", 4: "cn", 5: "tr"},
    2021: {1: "ru", 2: "cee", 3: "sa", 4: "cn", 5: "tr"},
}

# Bloc sizes the text prints: the values of C50-C52, in the order printed, by bloc ID (the IDs are
# the paper's structure, the sizes its numbers). CEE 2021 = 65 - 18 - 13 - 12 - 11 is derived, not printed.
BLOC_SIZE_ORDER = {2000: (3, 2, 1, 4), 2010: (4, 1, 5), 2021: (4, 5, 3, 1)}
BLOC_SIZES = {
    year: dict(zip(BLOC_SIZE_ORDER[year], (int(v) for v in published(cid))))
    for year, cid in zip(YEARS, ("C50", "C51", "C52"))
}
N_COMMUNITIES = dict(zip(YEARS, (int(v) for v in published("C49"))))

# Section 3.1: totals (tn USD, C6-C8) and the Top3 backbone degrees of section 3.2 (C41-C45, C47).
TOTALS_TN = {year: published(cid)[0] for year, cid in zip(YEARS, ("C6", "C7", "C8"))}
BACKBONE_DEGREE = {
    2000: {"CHN": int(published("C41")[0]), "RUS": int(published("C42")[0]), "SGP": int(published("C43")[0])},
    2010: {"CHN": int(published("C47")[0]), "SGP": int(published("C44")[0])},
    2021: {"CHN": int(published("C47")[1]), "SGP": int(published("C45")[0])},
}

# What sections 3.1 and 3.2 name in words beside the numbered claims (the YAML's ``section_3_1``/``section_3_2``).
SECTION_3_1 = published_tables()["section_3_1"]
SECTION_3_2 = published_tables()["section_3_2"]


def implied_links(year: int, n_countries: int) -> int:
    """Non-zero directed flows E that Table 1's Top3 link share implies: Top3 has 3N arcs, so E = 3N / share."""
    return round(3 * n_countries / (TABLE1[year]["link"][2] / 100))


# Frequent gateways listed in the abstract and conclusions.
ABSTRACT_GATEWAYS = ["CHN", "RUS", "IND", "TUR", "SGP", "MYS", "POL", "HUN", "ROU", "EGY", "ISR", "LBN"]


def anchors(year: int) -> dict[int, set[str]]:
    """The named members of each of the paper's blocs in ``year``."""
    return {bloc: set(members.split()) for bloc, (_, _, members) in BLOCS[year].items()}


def gateway_sets(year: int) -> dict[int, set[str]]:
    """Table 2's gateways grouped by bloc ID."""
    out: dict[int, set[str]] = {}
    for code, bloc, _ in TABLE2[year]:
        out.setdefault(bloc, set()).add(code)
    return out
