"""The chapter's tables: the paper's Tables 1-8 in its layout, with the published values beside this
run's, and the data-construction and beyond-the-paper tables, each from :class:`~.analysis.Results`."""

from __future__ import annotations

import pandas as pd

from livingpapers.methods import did
from livingpapers.studies.trade_hubs import data
from livingpapers.studies.trade_hubs.analysis import Results
from livingpapers.studies.trade_hubs.beyond import HEADLINES
from livingpapers.studies.trade_hubs.data import CONTROLS
from livingpapers.studies.trade_hubs.estimation import IVResult, coef
from livingpapers.studies.trade_hubs.standin import PLANTED, TABLE1_CLAIMS
from livingpapers.toolkit.claims import decimals_of, published_text, star_string, stars
from livingpapers.toolkit.tables import PaperTable, RegressionTable, claims_design_table, from_frame

LABELS = {
    "hub": "贸易枢纽 Hub",
    "hub_l1": "L1.贸易枢纽 Hub",
    "hub_l2": "L2.贸易枢纽 Hub",
    "hub1": "贸易枢纽1 Hub1",
    "ftz": "自贸试验区建设 FTZ",
    "cre": "中欧班列开通 CRE",
    "gov": "政府支持 Gov",
    "ind": "产业结构 Ind",
    "fai": "固定资产投资 FAI",
    "fin": "金融扩张 Fin",
    "sci": "科技发展 Sci",
    "hub_x_ma": "贸易枢纽×市场准入 Hub×MA",
    "hub_x_mi": "贸易枢纽×市场整合 Hub×MI",
    "hub_x_ma_x_mi": "贸易枢纽×市场准入×市场整合",
    "ma_x_mi": "市场准入×市场整合 MA×MI",
    "z_ma": "市场准入 MA (z)",
    "z_mi": "市场整合 MI (z)",
}
FE_ROW = {"年份和城市固定 Year & city FE": "year"}
T_NOTE = "t-values clustered by city; stars from t(G-1)."


def published_cell(claim_id: str) -> str:
    """A published estimate as printed: coefficient with stars and (t)."""
    c = data.published()[claim_id]
    return f"{c.value:.3f}{star_string(c.stars)} ({c.t:.2f})"


def published_value(claim_id: str) -> float:
    return data.published()[claim_id].value


def published_n(claim_id: str) -> str:
    return f"{published_value(claim_id):,.0f}"


def published_r2(claim_id: str) -> str:
    return f"{published_value(claim_id):.3f}"


def published_difference(claim_id: str) -> str:
    """A published group difference with its p-value in brackets (claims ``<id>`` and ``<id>.p``)."""
    p = published_value(claim_id + ".p")
    return f"{published_value(claim_id):.3f} [{p:.{max(decimals_of(p), 2)}f}]"


def published_rows(ids, label: str = "Hub (t)") -> dict[str, list[str]]:
    """The published estimate (with stars and t), N and adjusted R² of each column's claim, as rows."""
    return {
        label: [published_cell(c) for c in ids],
        "N": [published_n(c + ".n") for c in ids],
        "Adj. R²": [published_r2(c + ".r2") for c in ids],
    }


def cell(b: float, se: float, p: float) -> str:
    return f"{b:.3f}{star_string(stars(p))} ({b / se:.2f})"


def table1(df: pd.DataFrame, simulated: bool) -> PaperTable:
    """Table 1: N, mean, SD, min, max for the nine variables, this run beside the paper."""
    names = {
        "regopen": "对外开放 Regopen",
        "hub": "贸易枢纽 Hub",
        "ma": "市场准入 MA",
        "mi": "市场整合 MI",
        "gov": "政府支持 Gov",
        "ind": "产业结构 Ind",
        "fai": "固定资产投资 FAI",
        "fin": "金融扩张 Fin",
        "sci": "科技发展 Sci",
    }
    claim_of = {**TABLE1_CLAIMS, "hub": "C2"}
    rows = {}
    for var, label in names.items():
        s = df[var].dropna()
        cid = claim_of[var]
        rows[label] = [
            f"{len(s):,}",
            f"{s.mean():.3f}",
            f"{s.std():.3f}",
            f"{s.min():.3f}",
            f"{s.max():.3f}",
            published_n(cid + ".n"),
            *(f"{published_value(cid + suffix):.3f}" for suffix in ("", ".sd", ".min", ".max")),
        ]
    frame = pd.DataFrame.from_dict(
        rows,
        orient="index",
        columns=[
            "N",
            "Mean",
            "SD",
            "Min",
            "Max",
            "N (paper)",
            "Mean (paper)",
            "SD (paper)",
            "Min (paper)",
            "Max (paper)",
        ],
    )
    what = (
        "stand-in, set to the published moments by construction (Hub: coded from public facts)"
        if simulated
        else "user data"
    )
    return PaperTable(
        "Table 1 主要变量描述性统计结果 Descriptive statistics",
        frame,
        f"This run: {what}. Paper: Table 1 (some variables standardized, which ones is not stated).",
        stub_name="Variable",
        from_data=True,
    )


def regression_table(
    fits: list,
    title: str,
    keep: list[str],
    column_names: list[str],
    published: dict[str, list],
    depvars: list[str] | None = None,
    extra: dict | None = None,
    notes: str = "",
) -> RegressionTable:
    """A RegressionTable in the paper's layout with rows of published values appended."""
    rows = {f"Paper: {k}": v for k, v in published.items()}
    return RegressionTable(
        fits,
        title,
        column_names=column_names,
        depvars=depvars,
        labels=LABELS,
        keep=keep,
        fixed_effects=FE_ROW,
        extra_rows=extra or {},
        footer_rows=rows,
        notes=f"{T_NOTE} {notes}".strip(),
    )


def table2(fits: list) -> RegressionTable:
    stats = ("C12", "C19", "C26", "C33")  # the N claims; adjusted R² claims carry ".r2"
    pub = {
        "Hub / lag": [published_cell(c) for c in ("C11", "C13", "C20", "C27")],
        "N": [published_n(c) for c in stats],
        "Adj. R²": [published_r2(c + ".r2") for c in stats],
    }
    return regression_table(
        fits,
        "Table 2 基准回归结果 Baseline (outcome: 对外开放 Regopen)",
        ["hub", "hub_l1", "hub_l2", *CONTROLS],
        ["(1)", "(2)", "(3)", "(4)"],
        pub,
    )


def table3(results: list[IVResult], alt_trend: list[IVResult]) -> PaperTable:
    """Table 3: per instrument, first and second stage, N, centered R², K-P F and C-D F."""
    claims = {"iv_silk": ("C36", "C37", "C38"), "iv_post": ("C39", "C40", "C41"), "iv_treaty": ("C42", "C43", "C44")}
    names = {"iv_silk": "Silk Road", "iv_post": "Post stations", "iv_treaty": "Treaty ports"}
    cols = {}
    for r, alt in zip(results, alt_trend):
        first, second, stats_id = claims[r.instrument]
        n = names[r.instrument]
        cols[f"{n}: 1st stage"] = [
            f"{r.first:.3f} ({r.first_t_cluster:.2f})",
            f"[{r.first_t_iid:.2f}]",
            f"{alt.first:.3f}",
            "",
            f"{r.n:,}",
            f"{r.centered_r2:.3f}",
            f"{r.kp_f:.3f}",
            f"{r.cd_f:.3f}",
            published_cell(first),
            "",
            published_r2(stats_id + ".r2"),
            f"{published_value(stats_id + '.kp'):.3f}",
            f"{published_value(stats_id + '.cd'):.3f}",
        ]
        cols[f"{n}: 2nd stage"] = [
            "",
            "",
            "",
            f"{r.second:.3f}{star_string(stars(r.second_p))} ({r.second / r.second_se:.2f})",
            "",
            "",
            "",
            "",
            "",
            published_cell(second),
            "",
            "",
            "",
        ]
    index = [
        "工具变量 IV = Hist × (t-2008): coef (clustered t)",
        "  iid t",
        "  coef with trend (t-2009)/13",
        "贸易枢纽' fitted Hub (2nd stage)",
        "N",
        "中心化 R² centered R²",
        "K-P F",
        "C-D F",
        "Paper: IV coef (t)",
        "Paper: fitted Hub (t)",
        "Paper: centered R²",
        "Paper: K-P F",
        "Paper: C-D F",
    ]
    frame = pd.DataFrame(cols, index=index)
    return from_frame(
        frame,
        "Table 3 工具变量法检验结果 2SLS with historical instruments",
        "Controls and city and year FE in every model. K-P F: Kleibergen-Paap rk Wald F clustered by city, "
        "ivreg2's scaling (N-K)/(N-1)·(G-1)/G with the city and year effects counted in K; with one instrument "
        "it is the squared clustered first-stage t rescaled by (N-K)/(N-K'), K' leaving out the city effects "
        "nested in the clusters. C-D F = squared iid first-stage t (one instrument). The paper's first-stage "
        "t-values equal the square root of its C-D F, i.e. they are iid, not clustered (spec §10 item 5).",
        stub_name="",
        from_data=True,
    )


def table4(fits: dict, dml: dict) -> PaperTable:
    """Table 4: replaced outcomes and treatment, PSM-DID, DML."""
    specs = [
        ("(1) 进口贸易依存度 ImpDep", "impdep", "hub", "C47"),
        ("(2) 出口贸易依存度 ExpDep", "expdep", "hub", "C48"),
        ("(3) 数字贸易水平 DigTrade", "digtrade", "hub", "C49"),
        ("(4) 对外开放 (Hub1)", "hub1", "hub1", "C50"),
        ("(5) PSM-DID", "psm", "hub", "C51"),
    ]
    cols = {}
    for name, key, var, claim in specs:
        fit = fits[key]
        cols[name] = [
            cell(*coef(fit, var)),
            f"{fit._N:,}",
            f"{fit._adj_r2:.3f}",
            published_cell(claim),
            published_n(claim + ".n"),
            published_r2(claim + ".r2"),
        ]
    cols["(6) DML (random forest)"] = [
        cell(dml["coef"], dml["se"], dml["p"]),
        f"{dml['n']:,}",
        "",
        published_cell("C52"),
        published_n("C52.n"),
        "",
    ]
    frame = pd.DataFrame(
        cols, index=["贸易枢纽 Hub / Hub1", "N", "Adj. R²", "Paper: coefficient (t)", "Paper: N", "Paper: adj. R²"]
    )
    return from_frame(
        frame,
        "Table 4 其他稳健性检验结果 Other robustness checks",
        f"{T_NOTE} DML: partially linear model, random forests, 5 folds, W = controls + city and year "
        "dummies, SEs clustered by city.",
        from_data=True,
    )


def table5(fits: list) -> RegressionTable:
    pub = published_rows(["C54", "C55", "C56", "C57", "C58", "C59"])
    return regression_table(
        fits,
        "Table 5 机制检验结果 Mechanisms (Panel A: cols 1-2; Panel B: cols 3-6)",
        ["hub", "hub_x_ma", "hub_x_mi", "hub_x_ma_x_mi", "ma_x_mi", "z_ma", "z_mi"],
        ["A (1)", "A (2)", "B (3)", "B (4)", "B (5)", "B (6)"],
        pub,
        depvars=["市场准入 MA", "市场整合 MI", *["对外开放 Regopen"] * 4],
        notes="MA and MI are z-standardized before interacting. This run uses the Table 1 sample "
        f"sizes (MA {published_n('C3.n')}, MI {published_n('C4.n')}); the paper's Table 5 prints them swapped "
        "(spec §10 item 1).",
    )


def table6(fits: list) -> RegressionTable:
    pub = published_rows(("C63", "C64", "C65", "C66"), label="coef (t)")
    return regression_table(
        fits,
        "Table 6 “硬联通”与“软联通”的协同效应 Synergy of hard and soft connectivity",
        ["ftz", "cre", "hub"],
        ["(1) single", "(2) single", "(3) overlay", "(4) drop double-non"],
        pub,
    )


def group_difference_rows(tests: list[dict]) -> dict:
    return {
        "组间系数差异 difference": [t.get("difference", "") if t else "" for t in tests],
        "  Fisher permutation p (one-sided)": [t.get("p_one_sided", "") if t else "" for t in tests],
        "  Fisher permutation p (two-sided)": [t.get("p_two_sided", "") if t else "" for t in tests],
        "  stacked Wald p": [t.get("p_wald", "") if t else "" for t in tests],
    }


def table7(fits: dict, tests: dict) -> RegressionTable:
    order = ["central", "peripheral", "cw_noncluster", "cw_cluster", "east_noncluster", "east_cluster"]
    ids = ["C70", "C71", "C73", "C74", "C75", "C76"]
    diff = [tests["central"], None, tests["cw_cluster"], None, tests["east_cluster"], None]
    pub = {
        **published_rows(ids),
        "difference [p]": [published_difference("C72"), "", published_difference("C77"), "", "", ""],
    }
    return regression_table(
        [fits[k] for k in order],
        "Table 7 区位异质性分析结果 Location heterogeneity",
        ["hub"],
        [
            "A 中心城市 central",
            "A 外围城市 peripheral",
            "B 中西部 非城市群",
            "B 中西部 城市群",
            "B 东部 非城市群",
            "B 东部 城市群",
        ],
        pub,
        extra=group_difference_rows(diff),
        notes="Differences: first column minus second of each pair. The paper prints one Panel B "
        "difference under the central/western pair; it equals the eastern difference (§10 item 8).",
    )


def table8(fits: dict, tests: dict) -> RegressionTable:
    order = ["manufacturing", "service", "exploration", "integration"]
    ids = ["C81", "C82", "C84", "C85"]
    diff = [tests["manufacturing"], None, tests["period"], None]
    pub = {**published_rows(ids), "difference [p]": [published_difference("C83"), "", "not printed", ""]}
    return regression_table(
        [fits[k] for k in order],
        "Table 8 产业结构与时间动态异质性 Industry and time heterogeneity",
        ["hub"],
        ["A 制造主导型 manufacturing-led", "A 服务主导型 service-led", "B 探索期 2009-2016", "B 融合期 2017-2022"],
        pub,
        extra=group_difference_rows(diff),
        notes="Panel A classifies city-years by tertiary/secondary value added (<1 manufacturing-led); "
        "its permutation relabels city-years. Panel B difference: z-test of the two period "
        "estimates (disjoint samples), not in the paper.",
    )


# --- data construction ------------------------------------------------------------------------
def facts_overview() -> PaperTable:
    return from_frame(data.facts_overview(), "Curated facts: rows by confidence level", stub_name="File")


def facts_ftz() -> PaperTable:
    return from_frame(
        data.facts("ftz").drop(columns=["source"]), "FTZ areas and the cities they cover (source column in the CSV)"
    )


def facts_cre() -> PaperTable:
    return from_frame(data.facts("cre").drop(columns=["source"]), "First China-Europe Railway Express year by city")


def summary_frame(summary: dict) -> pd.DataFrame:
    """The treatment summary as a two-column table, with the paper's implied targets."""
    share, n, cities = (published_value(c) for c in ("C2", "C10", "C69"))
    targets = {
        "hub_cities": "about 35-42 (spec §9)",
        "treated_city_years": f"about {share * n:.0f} (Table 1: share x N)",
        "treated_share": f"{share:.3f} (Table 1)",
        "ftz_or_cre_cities": f"{cities:.0f} (Table 6 col 4)",
        "hub1_cities": "6-10 (spec §9)",
        "central_hubs": "about 20 of 23",
        "exploration_treated": "4-6 (spec §2.2.3)",
    }
    rows = [(k.replace("_", " "), _summary_value(v), targets.get(k, "")) for k, v in summary.items()]
    return pd.DataFrame(rows, columns=["quantity", "this coding", "paper / spec"]).set_index("quantity")


def _summary_value(v) -> str:
    """A treatment-summary value as text: a share with three decimals, hub cities by year as "year: n"."""
    if isinstance(v, dict):
        return ", ".join(f"{year}: {n}" for year, n in v.items())
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def treatment_summary(r: Results) -> PaperTable:
    return from_frame(summary_frame(r.summary), "Treatment coding (spec §8 step 1)", stub_name="Quantity")


def planted_frame() -> pd.DataFrame:
    """Each planted effect beside the published claim it was taken from (number, or the statement it was
    designed to satisfy)."""
    claims = data.published()
    rows = []
    for name, (value, source) in PLANTED.items():
        claim = claims[source]
        planted = " · ".join(f"{v:g}" for v in value) if isinstance(value, tuple) else f"{value:g}"
        how = "set at the published number" if claim.kind in ("estimate", "number") else "designed so the claim holds"
        published = published_text(claim) if claim.kind in ("estimate", "number") else claim.statement
        taken_from = f"{source} ({claim.table})" if claim.table else source
        rows.append((name.replace("_", " "), planted, taken_from, published, how))
    columns = ["planted effect", "planted value", "taken from", "published", "how"]
    return pd.DataFrame(rows, columns=columns).set_index("planted effect")


def true_parameters() -> PaperTable:
    return from_frame(
        planted_frame(),
        "Planted effects of the stand-in and the published claims they were taken from",
        "Every planted effect comes from the paper: set at a printed estimate (rounded), or shaped so that a "
        "qualitative claim holds in expectation (the exposure ramp: Figure 2; the group multipliers: Tables 7-8; "
        "the single-policy effects: Table 6). Recovering them shows that the estimators work on this design, "
        "not that the paper is right. The exposure ramp gives the hub effect 0, 1, ..., 5+ years after the hub "
        "year, before the group multipliers; Hub x MA and Hub x MI are per SD of the moderator.",
        stub_name="Planted effect",
    )


# --- event study and PSM ------------------------------------------------------------------------
def event_study(r: Results) -> PaperTable:
    """Event-study coefficients with SE and p, and the joint pre-trend test as a last row."""
    event = r.event.set_index("event_time")
    out = event[["coef", "se", "p"]].map(lambda x: "" if pd.isna(x) else f"{x:.3f}")
    out.index = [str(k) for k in event.index]
    out.loc["joint F test of k = -5..-2"] = [f"{r.pretrend['F']:.3f}", "", f"{r.pretrend['p']:.3f}"]
    return from_frame(
        out.rename(columns={"coef": "Coefficient", "se": "SE", "p": "p"}),
        "Event-study coefficients (reference k = -1)",
        "The reference year's coefficient is zero by construction.",
        stub_name="Event time k",
        from_data=True,
    )


def psm_balance(r: Results) -> PaperTable:
    balance = r.psm.balance.rename(index=LABELS, columns={"before": "Before matching", "after": "After matching"})
    return from_frame(
        balance.round(2),
        "PSM balance: standardized bias (%) before and after matching",
        stub_name="Control",
        decimals=2,
        from_data=True,
    )


# --- beyond the paper ---------------------------------------------------------------------------
def robust_estimators(r: Results) -> PaperTable:
    return from_frame(
        r.robust_table,
        "Staggered-DID estimators of the hub effect",
        "Controls: the paper's five (Gov, Ind, FAI, Fin, Sci). TWFE, Sun-Abraham and did2s include them; "
        "Callaway-Sant'Anna is unconditional (parallel trends without covariates). Standard errors "
        "clustered by city; Callaway-Sant'Anna's include the estimation of the aggregation weights.",
        stub_name="Estimator",
        from_data=True,
    )


def bacon(r: Results) -> PaperTable:
    return from_frame(
        did.bacon_summary(r.decomposition).round(3),
        "Goodman-Bacon decomposition (no controls)",
        stub_name="Comparison",
        from_data=True,
    )


def joint_synergy(r: Results) -> RegressionTable:
    return regression_table([r.joint], "Joint synergy test (not in the paper)", ["ftz", "cre", "hub"], ["joint"], {})


def design_diagnosis(r: Results) -> PaperTable:
    return from_frame(
        r.diagnosis.round(3), "Estimators over re-simulated stand-ins", stub_name="Estimator", from_data=True
    )


def claims_design(r: Results) -> PaperTable:
    """The headline claims' power and false-positive rate, with bias and 95 % coverage of the estimates."""
    d = r.claims_design
    claims = data.published()
    return claims_design_table(
        d,
        HEADLINES,
        "Each draw keeps this stand-in's cities, timing, controls, moderators and groups and re-draws the "
        "outcomes' randomness, once with the planted effects and once with every planted effect set to zero. "
        "Power and false positives: shares of draws in which the claim holds. Bias and coverage compare each "
        "estimate with the effect planted in that draw. Group differences use a z-test of the two subsample "
        "estimates in place of the chapter's Fisher permutation.",
        published={c: published_text(claims[c]) for c in d.index},
    )
