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
    g1, g2 = nw.cagr(0.36, 1.87, 10), nw.cagr(1.87, 3.41, 11)
    rows = [
        ("CAGR 2000-2010 from 0.36 and 1.87 tn", "17.91%", f"{100 * g1:.2f}%"),
        ("CAGR 2010-2021 from 1.87 and 3.41 tn", "5.61%", f"{100 * g2:.2f}%"),
        ("Increase 2010-2021", "1.54 tn", f"{3.41 - 1.87:.2f} tn"),
        ("China's 2021 share: 1.74 / (2 x 3.41)", "25.49%", f"{100 * 1.74 / (2 * 3.41):.2f}% (inputs rounded)"),
        ("China-Russia growth 2000-2010", "近十倍 (nearly tenfold)", f"x{64.875 / 6.719:.2f}"),
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
