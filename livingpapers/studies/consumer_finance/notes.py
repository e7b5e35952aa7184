"""Computed evidence for the notes on the paper: the market-share base, the implied earlier levels,
the capital relief of the draft rule, and the citations against the reference list."""

from __future__ import annotations

import pandas as pd

from livingpapers.toolkit.tables import PaperTable, from_frame

from .analysis import implied_earlier_levels, implied_market_tn, market_share_residual

CITED_IN_TEXT = {  # in-text citation as printed -> reference-list entry it should match
    "Zeldes, 1989": "[8] Zeldes S P, 1989",
    "Jappelli, 1989": "[9] Jappelli T, Pagano M, 1989",
    "李江一等, 2017": "[1] 李江一, 李涵, 2017",
    "伦德尔·卡尔, 2007": "[2] 伦德尔·卡尔德, 2007",
    "阮小莉等, 2017": "[6] 阮小莉, 彭嫦燕, 郭艳蕊, 2017",
    "王巧巧等, 2018": "[7] 王巧巧, 容玲, 傅联英, 2018",
    "李广子等, 2017": "[4] 李广子, 王健, 2017",
}

CITATION_REMARKS = {
    "Jappelli, 1989": "co-author Pagano omitted in the text",
    "伦德尔·卡尔, 2007": "name truncated: the list has 卡尔德 (Lendol Calder)",
    "李广子等, 2017": "'等' for a two-author paper",
}

UNCITED_REFERENCES = {
    "[3] 黄友星, 张珊珊, 赵艳平, 2023": "never cited; on host-country COVID and Chinese FDI location",
    "[5] 南永清, 孙煜, 2020": "never cited in the text",
}


def citation_table() -> PaperTable:
    """In-text citations (§1.2.1-1.2.2) against the reference list."""
    rows = [(cited, entry, CITATION_REMARKS.get(cited, "matches")) for cited, entry in CITED_IN_TEXT.items()]
    rows += [("(not cited)", entry, remark) for entry, remark in UNCITED_REFERENCES.items()]
    frame = pd.DataFrame(rows, columns=["Cited in the text as", "Reference-list entry", "Remark"])
    return from_frame(
        frame.set_index("Cited in the text as"),
        "Citations against the reference list",
        "Compared by hand from the seed text.",
        stub_name="Cited in the text as",
    )


def notes_evidence(n: dict) -> PaperTable:
    """Numbers computed here that bear on the Notes on the paper."""
    market = implied_market_tn(n)
    levels = implied_earlier_levels(n)
    rows = {
        "Market implied by CFC assets / 4%": f"{market:.1f} tn yuan vs 17 tn narrow consumer credit (2021)",
        "CFC assets as a share of 17 tn": f"{n['cfc_total_assets'] / 10_000 / n['consumer_credit_2021']:.1%} "
        "(text: about 4%)",
        "Fig. 4 shares not allocated in the text": f"{market_share_residual(n):g}%",
        "2020 NEV sales implied by '+1.6-fold' (+160%)": f"{levels['nev_sales_2020'] / 100:.3f} million "
        "(if read as x1.6: 2.201 million)",
        "Capital relief of the draft rule (75% -> 45%)": f"{1 - n['card_risk_weight_new'] / n['card_risk_weight_old']:.0%} "
        "less risk-weighted assets on qualifying card exposures",
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["Computed here"])
    return from_frame(frame, "Evidence for the notes", "Arithmetic on the paper's own numbers.", stub_name="Quantity")
