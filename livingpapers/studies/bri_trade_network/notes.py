"""Evidence for the chapter's notes on the paper (spec section 10), computed from printed numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from livingpapers.toolkit.tables import PaperTable, from_frame

from . import data, paper, standin
from . import network as nw
from .figures import schematic_graph


def misprint_demo() -> pd.DataFrame:
    """Gateway coefficient on the toy graph: eq. (5) as intended (product of two normalised terms)
    against a literal reading of the printed bar over the product (k_iS c_iS normalised by its maximum)."""
    A, labels = schematic_graph()
    C = A.sum(axis=1)
    intended = nw.gateway_coefficient(A, labels, C)
    kis = A @ (labels[:, None] == np.arange(3)).astype(float)
    cis = (A > 0) @ ((labels[:, None] == np.arange(3)) * C[:, None])
    product = kis * cis
    g = 1 - product / product.max()
    literal = 1 - (((kis / kis.sum(axis=1, keepdims=True)) * g) ** 2).sum(axis=1)
    return pd.DataFrame(
        {
            "Node": range(len(labels)),
            "Module": labels,
            "G (corrected eq. 5)": intended.round(3),
            "G (bar over the product, literal)": literal.round(3),
        }
    )


def country_counts() -> dict[int, int]:
    """Countries per study year as the paper prints them: 63 in 2000 (C2), 65 later (C1)."""
    return {
        2000: int(paper.published("C2")[0]),
        2010: int(paper.published("C1")[0]),
        2021: int(paper.published("C1")[0]),
    }


def implied_links() -> dict[int, int]:
    """Non-zero directed flows E implied by Table 1 (3N / Top3 link share)."""
    return {y: paper.implied_links(y, n) for y, n in country_counts().items()}


def undirected_density() -> dict[int, float]:
    """The density E would imply if it counted undirected pairs: E / (N(N-1)/2)."""
    return {y: e / (n * (n - 1) / 2) for (y, e), n in zip(implied_links().items(), country_counts().values())}


def table1_means() -> tuple[list[float], list[float]]:
    """Mean link shares and trade shares of Top1/2/3 over the three years (%)."""
    t1 = paper.TABLE1
    return (
        [float(np.mean([t1[y]["link"][k] for y in t1])) for k in range(3)],
        [float(np.mean([t1[y]["value"][k] for y in t1])) for k in range(3)],
    )


def bloc_size(year: int, family: str) -> int:
    """Printed size of the paper's bloc of one family ("ru", "cn", ...) in ``year``."""
    bloc = next(b for b, f in paper.FAMILY[year].items() if f == family)
    return paper.BLOC_SIZES[year][bloc]


def ties(year: int) -> tuple[float, int]:
    """The most frequent gateway coefficient in Table 2 of ``year`` and how many countries share it."""
    counts = pd.Series([g for _, _, g in paper.TABLE2[year]]).value_counts()
    return float(counts.index[0]), int(counts.iloc[0])


def absent_gateways() -> dict[int, list[str]]:
    """The abstract's frequent gateways missing from Table 2, by year."""
    return {y: sorted(set(paper.ABSTRACT_GATEWAYS) - {c for c, _, _ in paper.TABLE2[y]}) for y in paper.TABLE2}


def _slash(values, fmt: str = "{:.2f}") -> str:
    return " / ".join(fmt.format(v) for v in values)


def notes_table() -> PaperTable:
    """The paper's internal arithmetic, checked."""
    t1 = paper.TABLE1
    link_avg, value_avg = table1_means()
    prose = paper.SECTION_3_2["prose_shares"]
    tt = paper.TOTALS_TN
    g1, g2 = nw.cagr(tt[2000], tt[2010], 10), nw.cagr(tt[2010], tt[2021], 11)
    (cagr1,), (cagr2, increase) = paper.published("C9"), paper.published("C10")
    (china_tn,), (china_share,) = paper.published("C20"), paper.published("C15")
    (cn_ru_2000,), (cn_ru_2010,) = paper.published("C26"), paper.published("C27")
    absent = absent_gateways()
    rows = [
        (f"CAGR 2000-2010 from {tt[2000]:g} and {tt[2010]:g} tn", f"{cagr1:.2f}%", f"{100 * g1:.2f}%"),
        (f"CAGR 2010-2021 from {tt[2010]:g} and {tt[2021]:g} tn", f"{cagr2:.2f}%", f"{100 * g2:.2f}%"),
        ("Increase 2010-2021", f"{increase:.2f} tn", f"{tt[2021] - tt[2010]:.2f} tn"),
        (
            f"China's 2021 share: {china_tn:g} / (2 x {tt[2021]:g})",
            f"{china_share:.2f}%",
            f"{100 * china_tn / (2 * tt[2021]):.2f}% (inputs rounded)",
        ),
        ("China-Russia growth 2000-2010", "近十倍 (nearly tenfold)", f"x{cn_ru_2010 / cn_ru_2000:.2f}"),
        (
            "Mean link shares of Top1/2/3 over the three years",
            f"about {_slash(prose['link'], '{}')}%",
            _slash(link_avg),
        ),
        ("Mean trade shares of Top1/2/3", f"about {_slash(prose['value'], '{}')}%", _slash(value_avg)),
        (
            "Link-share ratio Top2/Top1 and Top3/Top1",
            "—",
            "; ".join(
                f"{y}: {t1[y]['link'][1] / t1[y]['link'][0]:.2f}, {t1[y]['link'][2] / t1[y]['link'][0]:.2f}" for y in t1
            ),
        ),
        (
            "Implied non-zero links E = 3N / Top3 link share",
            "—",
            "; ".join(f"{y}: {e:,}" for y, e in implied_links().items()),
        ),
        (
            "Implied density if E counts undirected pairs",
            "—",
            "; ".join(f"{y}: {d:.3f}" for y, d in undirected_density().items()),
        ),
        (
            "Russia bloc size 2010 -> 2021 ('稍有缩小', shrinks slightly)",
            "—",
            f"{bloc_size(2010, 'ru')} -> {bloc_size(2021, 'ru')}",
        ),
        (
            "Table 2 gateways in 2000 among the abstract's 'long-term' gateways",
            f"{len(paper.ABSTRACT_GATEWAYS)}",
            str(len({c for c, _, _ in paper.TABLE2[2000]} & set(paper.ABSTRACT_GATEWAYS))),
        ),
        (
            "Abstract gateways absent from Table 2, by year",
            "—",
            "; ".join(f"{y}: {', '.join(codes) or 'none'}" for y, codes in absent.items()),
        ),
    ]
    frame = pd.DataFrame(rows, columns=["Check", "Printed", "Computed"]).set_index("Check")
    return from_frame(frame, "The paper's arithmetic and internal consistency", stub_name="Check")


def _names(codes) -> str:
    names = [data.name(c) for c in codes]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def prose_values() -> dict[str, str]:
    """Every published or derived number the chapter's prose states, as glue name -> text.

    Computed from ``data/published`` (and the stand-in's own constants), so that the prose never
    retypes a number; the notebook glues them with ``myst_nb.glue``.
    """
    s31, s32 = paper.SECTION_3_1, paper.SECTION_3_2
    counts = country_counts()
    links = implied_links()
    density = undirected_density()
    link_avg, value_avg = table1_means()
    prose = s32["prose_shares"]
    tie_value, tie_count = ties(2000)
    absent = absent_gateways()
    return {
        "n_countries": f"{counts[2021]}",
        "n_countries_2000": f"{counts[2000]}",
        "n_blocs_range": f"{min(paper.N_COMMUNITIES.values())}-{max(paper.N_COMMUNITIES.values())}",
        "implied_links": _slash(links.values(), "{:,}"),
        "top_share_2000": f"{paper.published('C14')[0]:.2f}%",
        "top_share_2021": f"{paper.published('C15')[0]:.2f}%",
        "tier1_2000": f"{s31['tier1_pairs'][2000]}",
        "tier1_2010": f"{s31['tier1_pairs'][2010]}",
        "big_pair_bn": f"{s31['big_pair_bn']} bn",
        "rule_link": f"{s32['rule']['link_share_above']}%",
        "rule_trade": f"{s32['rule']['trade_share_above']}%",
        "china_links_2021": f"{paper.BACKBONE_DEGREE[2021]['CHN']}",
        "china_share_2021": f"{paper.published('C15')[0]:.2f}%",
        "density_range": f"{min(density.values()):.2f}-{max(density.values()):.2f}",
        "prose_link_shares": ", ".join(f"{v}%" for v in prose["link"]),
        "prose_trade_shares": ", ".join(f"{v}%" for v in prose["value"]),
        "mean_link_shares": _slash(link_avg) + "%",
        "mean_trade_shares": _slash(value_avg) + "%",
        "top1_mean_link": f"{link_avg[0]:.1f}%",
        "top1_prose_link": f"{prose['link'][0]}%",
        "pair_2000_bn": f"{paper.published('C24')[0]:.1f} bn",
        "russia_bloc_2010": f"{bloc_size(2010, 'ru')}",
        "russia_bloc_2021": f"{bloc_size(2021, 'ru')}",
        "n_abstract_gateways": f"{len(paper.ABSTRACT_GATEWAYS)}",
        "absent_2021": _names(absent[2021]) or "no country",
        "absent_2000": _names(absent[2000]) or "no country",
        "tie_count_2000": f"{tie_count}",
        "tie_value_2000": f"{tie_value:.2f}",
        "import_share": f"{100 * standin.IMPORT_REPORT_SHARE:.0f}%",
        "both_share": f"{100 * standin.BOTH_REPORT_SHARE:.0f}%",
        "fob_discount": f"{100 * (1 - standin.FOB_FACTOR):.0f}%",
        "export_only_share": f"{100 * (1 - standin.IMPORT_REPORT_SHARE):.0f}%",
    }


def eq5_table() -> PaperTable:
    return from_frame(
        misprint_demo().set_index("Node"),
        "Eq. (5): corrected against literal reading, toy network of Figure 1",
        stub_name="Node",
    )
