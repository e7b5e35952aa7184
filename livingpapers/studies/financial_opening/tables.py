"""The paper's tables in its layout (coefficient with stars, SEs as printed, FE rows, N, adj. R²),
each with the published values beside this run's, read from ``data/published``."""

from __future__ import annotations

import pandas as pd

from livingpapers.studies.financial_opening.analysis import GROUPS, Results, estimate
from livingpapers.studies.financial_opening.data import CONTROLS
from livingpapers.toolkit.claims import load_claims, star_string, stars
from livingpapers.toolkit.tables import PaperTable, describe

SLUG = "financial_opening"
YES, NO = "Yes (控制)", "No (未控制)"
STARS = "* p < 0.10, ** p < 0.05, *** p < 0.01."
FE_ROWS = ("Controls", "Year and firm FE", "Industry FE", "City FE")


def _estimates(title: str, frame: pd.DataFrame, included: tuple[str, ...], notes: str) -> PaperTable:
    """A table of this run's estimates: ``included`` rows (controls, fixed effects) marked Yes, the star levels
    in the notes, and the table marked as computed from the chapter's data (stand-in or real)."""
    for label in included:
        frame.loc[label] = YES
    return PaperTable(title, frame, f"{notes} {STARS}", from_data=True)


LABELS = {
    "trade_c": "Trade_C (AR / revenue)",
    "trade_c_cost": "Trade_C (AR / cost)",
    "prehhi": "prehhi (pre-opening branch HHI)",
    "tangl": "tangl",
    "cof": "cof",
    "size": "size",
    "intangible": "Intangible",
    "roa": "ROA",
    "vbr": "ValueBookRatio",
    "lev": "Lev",
    "lloanr": "Lloanr",
    "sloanr": "Sloanr",
}


def published() -> dict:
    """The published claims by id."""
    return {c.id: c for c in load_claims(SLUG)}


def cell(coef: float, p: float, decimals: int = 4) -> str:
    return f"{coef:.{decimals}f}{star_string(stars(p))}"


def _pub(claim) -> str:
    return f"{claim.value:.4f}{star_string(claim.stars)}" + (f" ({claim.se:.4f})" if claim.se is not None else "")


def table1(res: Results) -> PaperTable:
    """Table 1 外资银行进入与企业商业信用配置: two panels x four FE ladders x three clusterings."""
    pub = published()
    rows, cols = {}, [f"({i})" for i in range(1, 5)]
    for panel, first_id, title in (
        ("A", 1, "Panel A: AR / revenue (应收账款/营业收入)"),
        ("B", 5, "Panel B: AR / cost (应收账款/营业成本)"),
    ):
        fits = [res.table1[(panel, c)] for c in range(1, 5)]
        rows[title] = [""] * 4
        rows[f"{panel}: post × prehhi"] = [cell(f["ses"]["firm"]["coef"], f["ses"]["firm"]["p"]) for f in fits]
        rows[f"{panel}: (firm)"] = [f"({f['ses']['firm']['se']:.4f})" for f in fits]
        rows[f"{panel}: [city]"] = [f"[{f['ses']['city']['se']:.4f}]" for f in fits]
        rows[f"{panel}: {{firm-city}}"] = [f"{{{f['ses']['two-way']['se']:.4f}}}" for f in fits]
        rows[f"{panel}: Observations (观测值)"] = [f"{f['ses']['city']['N']:,}" for f in fits]
        rows[f"{panel}: Adj. R² (调整后 R²)"] = [f"{f['adj_r2']:.4f}" for f in fits]
        ids = [f"C{first_id + i}" for i in range(4)]
        rows[f"{panel}: published coefficient (firm SE)"] = [_pub(pub[i]) for i in ids]
        rows[f"{panel}: published [city] / {{firm-city}}"] = [
            f"[{pub[i + '.se_city'].value:.4f}] {{{pub[i + '.se_twoway'].value:.4f}}}" for i in ids
        ]
        rows[f"{panel}: published N / adj. R²"] = [
            f"{pub[i + '.n'].value:,.0f} / {pub[i + '.r2'].value:.4f}" for i in ids
        ]
    rows["Controls (控制变量)"] = [NO, YES, YES, YES]
    rows["Year and firm FE"] = [YES] * 4
    rows["Industry FE"] = [NO, NO, YES, YES]
    rows["City FE"] = [NO, NO, NO, YES]
    frame = pd.DataFrame(rows, index=cols).T
    notes = (
        "Stars follow the firm-clustered t-statistic, as the paper's do (spec §10 item 9); (), [], {}: SEs clustered "
        "by firm, by city, and two-way by firm and city (the reading of 企业-城市 that fits the printed values, spec §10 "
        "item 8). post and the controls are included but not shown, as in the paper. * p < 0.10, ** p < 0.05, *** p < 0.01."
    )
    return PaperTable(
        "Table 1. Foreign-bank entry and trade credit (外资银行进入与企业商业信用配置)", frame, notes, from_data=True
    )


def split_table(res: Results, groups: tuple[str, str], first_id: int, title: str) -> PaperTable:
    """Tables 2-3: the col.-(4) model on each group, with the pooled between-group difference."""
    pub = published()
    diffs = res.differences.set_index("group")
    cols, rows = (
        [],
        {
            k: []
            for k in (
                "post × prehhi",
                "(city SE)",
                "Observations",
                "Adj. R²",
                "Between-group difference (pooled)",
                "Published",
                "Published N / adj. R²",
                "Published difference",
            )
        },
    )
    ids = [f"C{first_id + i}" for i in range(4)]
    diff_ids = {("custmer", "top5"): ["C19", "C19.top5"], ("inhhi", "soe_group"): ["C25", "C25.soe"]}[groups]
    for j, group in enumerate(groups):
        d = diffs.loc[GROUPS[group]]
        for k, value in enumerate((1, 0)):
            s = res.splits[(group, value)]
            cols.append(f"({2 * j + k + 1}) {'SOE' if group == 'soe_group' else group}={value}")
            claim = pub[ids[2 * j + k]]
            rows["post × prehhi"].append(cell(s["coef"], s["p"]))
            rows["(city SE)"].append(f"({s['se']:.4f})")
            rows["Observations"].append(f"{s['N']:,}")
            rows["Adj. R²"].append(f"{s['adj_r2']:.4f}")
            rows["Between-group difference (pooled)"].append(
                cell(d["pooled triple interaction"], d["pooled p"]) if k == 0 else ""
            )
            rows["Published"].append(_pub(claim))
            rows["Published N / adj. R²"].append(
                f"{pub[claim.id + '.n'].value:,.0f} / {pub[claim.id + '.r2'].value:.4f}"
            )
            rows["Published difference"].append(_pub(pub[diff_ids[j]]) if k == 0 else "")
    notes = (
        "City-clustered SEs in parentheses. The between-group difference is the coefficient on post × prehhi × D in one "
        "pooled regression (route 1 of spec §8.7); see the next table for the other routes."
    )
    return _estimates(title, pd.DataFrame(rows, index=cols).T, FE_ROWS, notes)


def differences_table(res: Results) -> PaperTable:
    """Between-group differences three ways, beside the printed value and its simple-difference check."""
    pub = published()
    printed = {
        "customer HHI": ("C19", "C15", "C16"),
        "top-5 customer share": ("C19.top5", "C17", "C18"),
        "industry competition": ("C25", "C21", "C22"),
        "SOE": ("C25.soe", "C23", "C24"),
    }
    rows = []
    for _, r in res.differences.iterrows():
        diff_id, one, zero = printed[r["group"]]
        rows.append(
            {
                "Group": r["group"],
                "Printed difference": _pub(pub[diff_id]),
                "Printed split coefficients, simple difference": f"{pub[one].value - pub[zero].value:+.4f}",
                "This run: simple difference (naive p)": f"{r['simple difference']:+.4f} ({r['naive p']:.3f})",
                "Interacted model p (SUR-type)": f"{r['interacted (SUR-type) p']:.3f}",
                "Pooled triple interaction (p)": f"{r['pooled triple interaction']:+.4f} ({r['pooled p']:.3f})",
                "Permutation p": f"{r['permutation p']:.3f}",
            }
        )
    frame = pd.DataFrame(rows).set_index("Group")
    notes = (
        "Route 1: pooled regression with post × prehhi × D (common slopes on the controls). Route 2: the simple "
        "difference of the split coefficients, tested naively (independent samples) and in the fully interacted model "
        "(every slope and fixed effect by group, city-clustered; Stata suest's analogue). Route 3: Fisher permutation of "
        "the group labels (firms, or industry-years for Inhhi) for the pooled coefficient."
    )
    return PaperTable(
        "Between-group differences of Tables 2-3, three routes (spec §8.7)", frame.T, notes, from_data=True
    )


def table4(res: Results) -> PaperTable:
    """Table 4 机制分析：供给侧"超额"信贷检验."""
    pub = published()
    fits = res.table4["fits"]
    names = ["(1) Trade_C", "(2) Sloanr", "(3) Lloanr", "(4) Trade_C", "(5) Trade_C"]
    variables = {"post_prehhi": "post × prehhi", "lloanr": "Lloanr", "post_prehhi_lloanr": "post × prehhi × Lloanr"}
    rows = {}
    for var, label in variables.items():
        top, bottom = [], []
        for c in range(1, 6):
            f = fits[c]
            if var in f.params.index:
                e = estimate(f, var)
                top.append(cell(e["coef"], e["p"]))
                bottom.append(f"({e['se']:.4f})")
            else:
                top.append("")
                bottom.append("")
        rows[label], rows[f"{label} (city SE)"] = top, bottom
    rows["Observations"] = [f"{fits[c].nobs:,}" for c in range(1, 6)]
    rows["Adj. R²"] = [f"{fits[c].rsquared_adj:.4f}" for c in range(1, 6)]
    pub_rows = {
        "Published post × prehhi": ["C27", "C28", "C29", "C30", "C31"],
        "Published Lloanr": [None, None, None, "C30.lloanr", "C31.lloanr"],
        "Published triple": [None] * 4 + ["C31.triple"],
    }
    for label, ids in pub_rows.items():
        rows[label] = [_pub(pub[i]) if i else "" for i in ids]
    notes = (
        "Sloanr and Lloanr are the residuals of eq. (3) (loan ratios on the lagged controls with firm and year FE). "
        "Col. (5) includes post × Lloanr and prehhi × Lloanr (footnote 15), not shown. City-clustered SEs."
    )
    title = 'Table 4. Mechanism: supply-side "excess" credit (供给侧“超额”信贷检验)'
    return _estimates(title, pd.DataFrame(rows, index=names).T, FE_ROWS, notes)


def table5(res: Results) -> PaperTable:
    """Table 5 机制检验：下游需求动机机制检验 (dyad panel)."""
    pub = published()
    rows = {
        "post × prehhi": [],
        "(SE)": [],
        "post × prehhi × industry_policy": [],
        "(SE) ": [],
        "post × prehhi × Dsa": [],
        "(SE)  ": [],
        "Observations": [],
        "Adj. R²": [],
        "Published post × prehhi": [],
        "Published triple": [],
    }
    for col in range(1, 5):
        f, moderator = res.table5[col]["fit"], res.table5[col]["moderator"]
        base, triple = estimate(f), estimate(f, "post_prehhi_m")
        rows["post × prehhi"].append(cell(base["coef"], base["p"]))
        rows["(SE)"].append(f"({base['se']:.4f})")
        for key, se_key, mod in (
            ("post × prehhi × industry_policy", "(SE) ", "industry_policy"),
            ("post × prehhi × Dsa", "(SE)  ", "dsa"),
        ):
            rows[key].append(cell(triple["coef"], triple["p"]) if moderator == mod else "")
            rows[se_key].append(f"({triple['se']:.4f})" if moderator == mod else "")
        rows["Observations"].append(f"{f.nobs:,}")
        rows["Adj. R²"].append(f"{f.rsquared_adj:.4f}")
        cid = f"C{33 + col}"
        rows["Published post × prehhi"].append(_pub(pub[cid]))
        rows["Published triple"].append(_pub(pub[cid + ".triple"]))
    frame = pd.DataFrame(
        rows, index=["(1) revenue-scaled", "(2) cost-scaled", "(3) revenue-scaled", "(4) cost-scaled"]
    ).T
    frame.index = [i.strip() for i in frame.index]
    notes = (
        "Dyad panel: upstream listed firm × downstream ASIF firm × year, ≤ 2013. Lower-order terms post × M and prehhi × M "
        "are included (B in eq. 4); prehhi and M alone are absorbed by the firm fixed effects (spec §10 item 15). "
        "City-clustered SEs."
    )
    included = ("Controls", "Year FE", "Downstream-firm FE", "Upstream-firm FE", "Industry FE", "City FE")
    return _estimates("Table 5. Mechanism: downstream demand (下游需求动机机制检验)", frame, included, notes)


def robustness_table(res: Results) -> PaperTable:
    frame = res.robustness.set_index("test")
    out = pd.DataFrame(
        {
            "β3 (post × prehhi)": [cell(c, p) for c, p in zip(frame["coef"], frame["p"])],
            "City SE": [f"({s:.4f})" for s in frame["se"]],
            "N": [f"{n:,}" for n in frame["N"]],
        },
        index=frame.index,
    )
    notes = (
        "Each row changes one thing in Table 1 col. (4) (spec §8.6). For (b) the intensity replaces prehhi; "
        "market_finance is higher where repression is lower, so its sign flips. (i) interacts the pre-opening mean with "
        "post: as printed (pre1_trade_c × prehhi) the control is constant within a firm and absorbed by the firm FE."
    )
    return PaperTable(
        "Robustness (§4.3; results not shown in the paper)", out, notes, stub_name="Change to eq. (1)", from_data=True
    )


def event_table(res: Results) -> PaperTable:
    c = res.event["coefs"]
    frame = pd.DataFrame(
        {"δ_k": [cell(a, p) for a, p in zip(c["coef"], c["p"])], "City SE": [f"({s:.4f})" for s in c["se"]]},
        index=[f"k = {k:+d}" for k in c["k"]],
    )
    return PaperTable(
        "Eq. (2): event-study coefficients (k = -1 omitted; k ≤ -5 and k ≥ 10 binned)",
        frame,
        f"Joint test of the four leads: F = {res.event['F']:.2f}, p = {res.event['p']:.3f}.",
        stub_name="Years since opening",
        from_data=True,
    )


def descriptives(res: Results) -> PaperTable:
    labels = {k: LABELS[k] for k in ("trade_c", "trade_c_cost", "prehhi", *CONTROLS)}
    return describe(
        res.panel,
        labels,
        "Descriptive statistics (the paper prints none)",
        decimals=4,
        notes="After winsorizing at 1%/99%.",
    )
