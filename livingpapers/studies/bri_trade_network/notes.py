"""Evidence for the chapter's notes on the paper (spec section 10), computed from printed numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from livingpapers.toolkit.tables import PaperTable, from_frame

from . import network as nw
from . import paper
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
            "node": range(len(labels)),
            "module": labels,
            "G (corrected eq. 5)": intended.round(3),
            "G (bar over the product, literal)": literal.round(3),
        }
    )


def notes_table() -> PaperTable:
    """The paper's internal arithmetic, checked."""
    t1 = paper.TABLE1
    link_avg = [np.mean([t1[y]["link"][k] for y in t1]) for k in range(3)]
    value_avg = [np.mean([t1[y]["value"][k] for y in t1]) for k in range(3)]
    tt = paper.TOTALS_TN
    g1, g2 = nw.cagr(tt[2000], tt[2010], 10), nw.cagr(tt[2010], tt[2021], 11)
    (cagr1,), (cagr2, increase) = paper.published("C9"), paper.published("C10")
    (china_tn,), (china_share,) = paper.published("C20"), paper.published("C15")
    (cn_ru_2000,), (cn_ru_2010,) = paper.published("C26"), paper.published("C27")
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
            "about 3 / 7 / 10%",
            " / ".join(f"{v:.2f}" for v in link_avg),
        ),
        ("Mean trade shares of Top1/2/3", "about 45 / 65 / 75%", " / ".join(f"{v:.2f}" for v in value_avg)),
        (
            "Link-share ratio Top2/Top1 and Top3/Top1",
            "—",
            "; ".join(
                f"{y}: {t1[y]['link'][1] / t1[y]['link'][0]:.2f}, {t1[y]['link'][2] / t1[y]['link'][0]:.2f}" for y in t1
            ),
        ),
        (
            "Implied non-zero links E = kN / link share",
            "—",
            "; ".join(f"{y}: {100 * (63 if y == 2000 else 65) / t1[y]['link'][0]:.0f}" for y in t1),
        ),
        (
            "Implied density if E counts undirected pairs",
            "—",
            "; ".join(
                f"{y}: {100 * (63 if y == 2000 else 65) / t1[y]['link'][0] / (n * (n - 1) / 2):.3f}"
                for y, n in ((2000, 63), (2010, 65), (2021, 65))
            ),
        ),
        ("Russia bloc size 2010 -> 2021 ('稍有缩小', shrinks slightly)", "—", "18 -> 11"),
        (
            "Table 2 gateways in 2000 among the abstract's 'long-term' twelve",
            "12",
            str(len({c for c, _, _ in paper.TABLE2[2000]} & set(paper.ABSTRACT_GATEWAYS))),
        ),
        (
            "Abstract gateways absent from Table 2, by year",
            "—",
            "; ".join(
                f"{y}: {', '.join(sorted(set(paper.ABSTRACT_GATEWAYS) - {c for c, _, _ in paper.TABLE2[y]})) or 'none'}"
                for y in paper.TABLE2
            ),
        ),
    ]
    frame = pd.DataFrame(rows, columns=["Check", "Printed", "Computed"]).set_index("Check")
    return from_frame(frame, "The paper's arithmetic and internal consistency", stub_name="Check")


def eq5_table() -> PaperTable:
    return from_frame(
        misprint_demo().set_index("node"),
        "Eq. (5): corrected against literal reading, toy network of Figure 1",
        stub_name="Node",
    )
