"""What the paper prints, transcribed from the Chinese text (seed 001_2f26e2527d50de3e.txt).

Table 1 (line 1576), Table 2 (line 1632), the blocs' names, sizes and named members (lines
1596-1613) and the ID numbering of Table 2. Nothing here is computed; the chapter compares its
own results with these. Bloc IDs are the paper's, year by year; which name goes with which ID is
inferred from Table 2 and the prose (consistent throughout, spec section 5.4).
"""

from __future__ import annotations

# Table 1: link share and trade share (%) of the Top1-3 networks in the original network.
TABLE1 = {
    2000: {"link": (3.80, 7.59, 11.39), "value": (42.47, 60.28, 74.30)},
    2010: {"link": (3.45, 6.91, 10.36), "value": (45.00, 65.72, 74.36)},
    2021: {"link": (3.55, 7.11, 10.66), "value": (53.13, 71.13, 77.99)},
}

# Table 2: gateway countries (ISO3, bloc ID, gateway coefficient), in the printed order.
TABLE2 = {
    2000: [
        ("IND", 1, 0.75),
        ("HUN", 4, 0.73),
        ("SAU", 1, 0.73),
        ("RUS", 2, 0.73),
        ("CHN", 3, 0.73),
        ("EGY", 1, 0.72),
        ("POL", 4, 0.71),
        ("SGP", 3, 0.70),
        ("TUR", 2, 0.70),
        ("LBN", 2, 0.69),
        ("CZE", 4, 0.63),
        ("MYS", 3, 0.61),
    ],
    2010: [
        ("TUR", 5, 0.91),
        ("CHN", 4, 0.89),
        ("RUS", 1, 0.82),
        ("ISR", 5, 0.80),
        ("HUN", 2, 0.79),
        ("IND", 3, 0.79),
        ("ROU", 2, 0.77),
        ("LBN", 5, 0.77),
        ("ALB", 2, 0.76),
        ("SGP", 3, 0.75),
        ("EGY", 3, 0.74),
        ("MYS", 4, 0.73),
        ("THA", 4, 0.73),
        ("GEO", 1, 0.71),
        ("POL", 1, 0.71),
    ],
    2021: [
        ("RUS", 1, 0.90),
        ("CHN", 4, 0.85),
        ("TUR", 5, 0.85),
        ("IND", 3, 0.82),
        ("POL", 1, 0.82),
        ("UKR", 1, 0.80),
        ("ISR", 5, 0.75),
        ("LBN", 5, 0.75),
        ("EGY", 3, 0.74),
        ("ROU", 2, 0.73),
        ("ALB", 2, 0.72),
        ("ARE", 3, 0.70),
        ("HUN", 2, 0.65),
        ("BGD", 4, 0.59),
        ("MYS", 4, 0.55),
    ],
}

# The paper's blocs by year and Table-2 ID: English name, Chinese name, and the members the text names.
BLOCS = {
    2000: {
        1: ("South Asia-Middle East", "南亚-中东", "IND SAU EGY"),
        2: ("Russia-Central Asia-CEE", "俄罗斯-中亚-中东欧", "RUS TUR LBN SYR TJK TKM"),
        3: ("China-Southeast Asia-Middle East", "中国-东南亚-中东", "CHN SGP MYS THA IDN ARE PHL IRN OMN QAT"),
        4: ("CEE", "中东欧", "HUN POL CZE"),
    },
    2010: {
        1: ("Russia-CEE", "俄罗斯-中东欧", "RUS GEO POL ARM MNG AFG"),
        2: ("CEE", "中东欧", "HUN ROU ALB"),
        3: ("South Asia-Middle East", "南亚-中东", "IND SGP EGY ARE IRN OMN QAT"),
        4: ("China-Southeast Asia", "中国-东南亚", "CHN MYS THA IDN"),
        5: ("Middle East-Central Asia", "中东-中亚", "TUR ISR LBN SYR TJK TKM"),
    },
    2021: {
        1: ("Russia-Central Asia-CEE", "俄罗斯-中亚-中东欧", "RUS POL UKR"),
        2: ("CEE", "中东欧", "ROU ALB HUN"),
        3: ("South Asia-Middle East", "南亚-中东", "IND EGY ARE"),
        4: ("China-Southeast Asia", "中国-东南亚", "CHN BGD MYS SGP MNG"),
        5: ("Middle East-Eastern Europe", "中东-东欧", "TUR ISR LBN"),
    },
}

# Bloc families across years (for consistent colours): China, Russia, South Asia-ME, CEE, Turkey blocs.
FAMILY = {
    2000: {1: "sa", 2: "ru", 3: "cn", 4: "cee"},
    2010: {1: "ru", 2: "cee", 3: "sa", 4: "cn", 5: "tr"},
    2021: {1: "ru", 2: "cee", 3: "sa", 4: "cn", 5: "tr"},
}

# Bloc sizes the text prints (by ID); CEE 2021 = 65 - 18 - 13 - 12 - 11 is derived, not printed.
BLOC_SIZES = {
    2000: {3: 21, 2: 19, 1: 13, 4: 10},
    2010: {4: 13, 1: 18, 5: 8},
    2021: {4: 18, 5: 13, 3: 12, 1: 11},
}
N_COMMUNITIES = {2000: 4, 2010: 5, 2021: 5}

# Section 3.1: totals (tn USD), named pairs (bn USD) and Top3 backbone degrees (section 3.2).
TOTALS_TN = {2000: 0.36, 2010: 1.87, 2021: 3.41}
BACKBONE_DEGREE = {2000: {"CHN": 31, "RUS": 27, "SGP": 22}, 2010: {"CHN": 49, "SGP": 12}, 2021: {"CHN": 60, "SGP": 13}}

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
