"""The paper's Tables 2-12 in its layout: coefficient with stars (10/5/1%) and the t-value below,
the constant, year fixed effects, R², F and N; correlation triangles; the transition matrix; the
allocation table; the stock-level decile sort with the 1-10 difference test."""

from __future__ import annotations

import numpy as np
import pandas as pd

from livingpapers.studies.fund_herding.analysis import (
    CONTROLS,
    CRASH,
    GROUP_NAMES,
    PERFORMANCE,
    TIMING,
    Results,
)
from livingpapers.studies.fund_herding.notes import table4_sums
from livingpapers.studies.fund_herding.regress import Fit
from livingpapers.toolkit.claims import star_string, stars
from livingpapers.toolkit.tables import PaperTable, from_frame

LABELS = {
    "overlap_s": "Overlap_S",
    "overlap_i": "Overlap_I",
    "sex": "Sex",
    "degree": "Degree",
    "servetime": "Servetime",
    "experience": "Experience",
    "hhi": "HHI",
    "hold": "Hold",
    "flow": "Flow",
    "size": "Size",
    "turnover": "Turnover",
    "age": "Age",
    "Constant": "Constant (常数项)",
}
DEPVARS = {
    "rate_ave": "Rate_Ave",
    "rate_geo": "Rate_Geo",
    "alfa_capm": "Alfa_CAPM",
    "ncskew": "Ncskew",
    "duvol": "Duvol",
    "s_hm": "S_HM",
    "t_hm": "T_HM",
    "s_tm": "S_TM",
    "t_tm": "T_TM",
}
T_NOTE = "t-values in parentheses (iid OLS standard errors unless stated). * p < 0.10, ** p < 0.05, *** p < 0.01."


def cell(fit: Fit, name: str, decimals: int) -> tuple[str, str]:
    """'0.0018***' and '(2.78)' for one coefficient."""
    coef, _, p = fit.estimate(name)
    return f"{coef:.{decimals}f}{star_string(stars(p))}", f"({fit.t[name]:.2f})"


def regression_table(
    fits: list[Fit], rows: list[str], title: str, header: dict[str, list[str]], decimals: int = 4,
    footer: bool = True, controls_row: bool = False, notes: str = "",
) -> PaperTable:  # fmt: skip
    """Columns are fits; each row variable gets a coefficient line and a t-value line."""
    names = [f"({k + 1})" for k in range(len(fits))]
    lines = dict(header.items())
    for var in rows:
        top, bottom = [], []
        for fit in fits:
            if var in fit.coef.index:
                a, b = cell(fit, var, decimals)
            else:
                a, b = "", ""
            top.append(a)
            bottom.append(b)
        lines[LABELS.get(var, var)] = top
        lines[f"{LABELS.get(var, var)} (t)"] = bottom
    if controls_row:
        lines["Controls (控制变量)"] = ["Yes"] * len(fits)
    lines["Year FE (时间)"] = ["Yes"] * len(fits)
    if footer:
        lines["R²"] = [f"{f.r2:.3f}" for f in fits]
        lines["F"] = [f"{f.f:.4f}" for f in fits]
        lines["N"] = [f"{f.n:,}" for f in fits]
    frame = pd.DataFrame(lines, index=names).T
    return PaperTable(title, frame, f"{T_NOTE} {notes}".strip(), from_data=True)


def table2(results: Results) -> PaperTable:
    frame = results.table2.copy()
    out = frame.map(lambda v: f"{v:.3f}")
    out["N"] = frame["N"].map(lambda v: f"{int(v):,}")
    return from_frame(out, "Table 2. Descriptive statistics (变量描述性统计)", stub_name="Variable",
                      notes="Overlap_S and Overlap_I are z-scored within year; performance in % per day. "
                            "The paper prints the Duvol row as 'Duval'.", from_data=True)  # fmt: skip


def table3(results: Results) -> PaperTable:
    """Pearson below the diagonal, Spearman above, each the average of the yearly matrices."""
    p, s = results.table3_pearson, results.table3_spearman
    n = len(p)
    cells = np.where(np.tril(np.ones((n, n)), -1) > 0, p.to_numpy(), s.to_numpy())
    np.fill_diagonal(cells, 1.0)
    frame = pd.DataFrame(cells, index=p.index, columns=p.columns).map(lambda v: f"{v:.3f}")
    return from_frame(frame, "Table 3. Correlation matrix of fund characteristics (基金特征变量的相关系数矩阵)",
                      stub_name="Variable",
                      notes="Lower triangle: Pearson; upper triangle: Spearman; each the mean of the yearly correlations.", from_data=True)  # fmt: skip


def table4(results: Results) -> PaperTable:
    matrix = results.transition.map(lambda v: f"{v:.3f}")
    n = int(results.transition_counts.to_numpy().sum())
    sums = table4_sums()["row sum"]
    return from_frame(matrix, "Table 4. Transition matrix of stock-herding deciles (基金股票“抱团”状态转移概率矩阵)",
                      stub_name="Decile at T \\ T+1",
                      notes=f"Deciles of Overlap_S within year (1 = least herding); share of the funds in decile a at T "
                            f"that are in decile b at T+1, pooled over consecutive years ({n:,} fund pairs). Rows sum "
                            f"to 1; the paper's rows sum to {sums.min():.3f}-{sums.max():.3f} (see the notes).", from_data=True)  # fmt: skip


def table5(results: Results) -> PaperTable:
    a = results.allocation
    cols = [str(k) for k in range(10, 101, 10)] + [f"{a['stocks']:,}"]
    rows = {
        "Float-cap weight (%) 流通市值权重": [f"{a['float_cap_weight'][k]:.1f}" for k in range(10, 101, 10)]
        + [f"{a['float_cap_weight']['all']:.1f}"],
        "Fund holding weight (%) 基金持仓权重": [f"{a['fund_weight'][k]:.1f}" for k in range(10, 101, 10)] + ["100"],
    }
    ind_cols = [str(k) for k in range(1, 11)] + [f"{a['industries']:,}"]
    frame = pd.DataFrame(rows, index=cols).T
    industries = pd.DataFrame(
        {
            "Fund industry weight (%) 基金持仓行业权重": [f"{a['industry_weight'][k]:.1f}" for k in range(1, 11)]
            + ["100"]
        },
        index=ind_cols,
    ).T
    industries.columns = cols  # one grid, as printed: the second block counts industries
    frame = pd.concat(
        [frame, pd.DataFrame([ind_cols], index=["Number of industries (行业数量)"], columns=cols), industries]
    )
    return from_frame(frame, f"Table 5. Allocation of fund equity assets, end of {a['year']} (基金股票资产的分配)",
                      stub_name="Number of stocks (by fund weight)",
                      notes="Stocks and industries ranked by total fund money (weight × net assets) at the year end.", from_data=True)  # fmt: skip


def key_table(results: Results, table: str, outcomes: tuple, title: str, **options) -> PaperTable:
    """Tables 6, 10 and 11: the outcomes on Overlap_S (first block of columns), then on Overlap_I."""
    fits = [results.fits[(table, y, k, None, None)] for k in ("overlap_s", "overlap_i") for y in outcomes]
    header = {"Herding (“抱团”方式)": ["Stock"] * len(outcomes) + ["Industry"] * len(outcomes),
              "Dependent variable": [DEPVARS[y] for y in outcomes] * 2}  # fmt: skip
    rows = ["overlap_s", "overlap_i"] + ([] if options.get("controls_row") else CONTROLS) + ["Constant"]
    return regression_table(fits, rows, title, header, **options)


def table6(results: Results) -> PaperTable:
    return key_table(results, "Table 6", PERFORMANCE, "Table 6. Effect of herding on fund performance (基金“抱团”对基金业绩的影响)",
                     notes="The paper's header prints only (1)-(5) for six columns.")  # fmt: skip


def group_table(
    results: Results, table: str, grouping: str, title: str, order=(0, 1, 2), decimals: int = 4
) -> PaperTable:
    """Tables 7-9: the key coefficient within each tercile, as the paper prints them."""
    lines = {"Dependent variable": [DEPVARS[y] for y in PERFORMANCE] * 2}
    for tercile in order:
        label = GROUP_NAMES[grouping][tercile].capitalize()
        for key in ("overlap_s", "overlap_i"):
            top, bottom = [], []
            for k2 in ("overlap_s", "overlap_i"):
                for y in PERFORMANCE:
                    if k2 == key:
                        a, b = cell(results.fits[(table, y, key, grouping, tercile)], key, decimals)
                    else:
                        a, b = "", ""
                    top.append(a)
                    bottom.append(b)
            lines[f"{label}: {LABELS[key]}"] = top
            lines[f"{label}: {LABELS[key]} (t)"] = bottom
        n = results.fits[(table, PERFORMANCE[0], "overlap_s", grouping, tercile)].n
        lines[f"{label}: N"] = [f"{n:,}"] * 6
    frame = pd.DataFrame(lines, index=[f"({k})" for k in range(1, 7)]).T
    return PaperTable(title, frame, f"{T_NOTE} Controls and year FE as in Table 6; terciles formed within year. "
                                    "The paper prints only the key coefficients (and no N).", from_data=True)  # fmt: skip


def table7(results: Results) -> PaperTable:
    return group_table(
        results, "Table 7", "ability", "Table 7. Investment ability (投资能力对“抱团”与基金业绩关系的影响)"
    )


def table8(results: Results) -> PaperTable:
    return group_table(results, "Table 8", "style", "Table 8. Investment style (投资风格对“抱团”与基金业绩关系的影响)")


def table9(results: Results) -> PaperTable:
    return group_table(
        results, "Table 9", "size", "Table 9. Fund size (基金规模对“抱团”与基金业绩关系的影响)", order=(2, 1, 0)
    )


def table10(results: Results) -> PaperTable:
    return key_table(results, "Table 10", CRASH, "Table 10. Herding and fund crash risk (基金“抱团”对基金崩盘风险的影响)",
                     notes="The paper's header prints (1) (2) (4) for four columns.")  # fmt: skip


def table11(results: Results) -> PaperTable:
    return key_table(results, "Table 11", TIMING, "Table 11. Mechanism: selectivity and timing (“抱团”影响基金业绩的机理检验)",
                     decimals=3, controls_row=True,
                     notes="Column labels as printed: the paper's 'HM' is the quadratic model (Treynor-Mazuy "
                           "1966) and its 'TM' the up-market dummy model (Henriksson-Merton 1981); the names are "
                           "swapped relative to the literature.")  # fmt: skip


def table12(results: Results) -> PaperTable:
    t, tests = results.table12, results.table12_tests
    frame = t.copy()
    out = frame.map(lambda v: f"{v:.2f}")
    out.loc["Observations"] = frame.loc["Observations"].map(lambda v: f"{int(v):,}")
    out.columns = [str(c) for c in out.columns]
    diff = []
    for row in out.index:
        if row in tests.index:
            r = tests.loc[row]
            diff.append(f"{r['difference']:.2f}{star_string(stars(r['p']))}")
        else:
            diff.append("—")
    out["Difference (1-10)"] = diff
    return from_frame(out, "Table 12. Mechanism: herded stocks and crash risk (“抱团”影响基金净值暴跌风险的机理检验)",
                      stub_name="Decile of stocks by number of holding funds at T-1",
                      notes="Stocks held at the end of T-1, in deciles (within year) of the number of sample funds "
                            "holding them. Money shares are averages over years. Difference: decile 1 minus decile 10, "
                            "Welch t-test. * p < 0.10, ** p < 0.05, *** p < 0.01.", from_data=True)  # fmt: skip


def sample_table(results: Results) -> PaperTable:
    log = results.sample_log.set_index("step")
    log["removed"] = (-log["fund-years"].diff()).fillna(0).astype(int)
    out = log.astype(int).map(lambda v: f"{v:,}")
    return from_frame(out, "Sample construction: the paper's three filters", stub_name="Step",
                      notes="Fund-years by dependent-variable year t (regressors in t-1). "
                            + "; ".join(f"{k}: {v:,}" for k, v in results.holdings_filter.items()) + ".", from_data=True)  # fmt: skip
