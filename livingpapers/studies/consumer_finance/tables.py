"""The chapter's tables: Tables 1 and 2 laid out as printed, the data of the figures, the
consumption numbers of the text, the arithmetic checks and the tables beyond the paper.

Each function returns a :class:`~livingpapers.toolkit.tables.PaperTable` for ``ch.table``.
"""

from __future__ import annotations

import pandas as pd

from livingpapers.toolkit.tables import PaperTable, from_frame

from .analysis import ArithmeticCheck, implied_earlier_levels, parse_policy_date, table1_numbers
from .beyond import forecast_sensitivity, growth_for_target, retail_tilt_offset
from .data import KNOWN_BANKS, REGIONS, SLUG, TABLE2, BankData, bank_label, text_numbers_table

TABLE1_TITLE = "Table 1. 部分商业银行贷款利率比较 Loan rates of selected commercial banks"

TABLE1_NOTE = (
    "数据来源：根据公开资料整理 (compiled from public information). Years are not printed: the "
    "yields are probably from 2022 annual reports, the product rates snapshots of advertised "
    "rates. The spread column is computed here and is not in the paper."
)


def _bank_stub(code: str) -> str:
    return f"{KNOWN_BANKS[code][0]} {bank_label(code)}"


def table1_as_printed() -> PaperTable:
    """Table 1 laid out as printed, plus a spread column labelled as computed."""
    t = table1_numbers()
    frame = pd.DataFrame(
        {
            "零售贷款平均收益率 Retail-loan average yield": t["retail_yield"].map("{:.2f}%".format),
            "公司贷款平均收益率 Corporate-loan average yield": t["corporate_yield"].map("{:.2f}%".format),
            "消费贷产品 Consumer-loan product": t["product"],
            "消费贷利率 Consumer-loan rate (verbatim)": t["product_rate"],
            "Spread, pp (computed, not printed)": t["spread"].map("{:.2f}".format),
        }
    )
    frame.index = t["bank"].map(_bank_stub)
    return from_frame(frame, TABLE1_TITLE, TABLE1_NOTE, stub_name="银行 Bank")


def product_rate_table() -> PaperTable:
    """The bounds parsed from Table 1's verbatim product-rate strings (computed)."""
    t = table1_numbers()
    frame = pd.DataFrame(
        {
            "Lower bound, %": t["rate_low"].map("{:g}".format),
            "Upper bound, %": t["rate_high"].map("{:g}".format),
            "Rate type as printed": [
                "annualised",
                "annualised, 'as low as' + range",
                "annual simple rate (单利)",
                "annualised",
                "annualised (first % sign missing)",
                "annualised",
            ],
        }
    )
    frame.index = t["bank"].map(_bank_stub)
    return from_frame(
        frame,
        "Table 1a. Consumer-loan product rates parsed from Table 1 (computed)",
        "Bounds read from the verbatim strings; a single printed rate gives equal bounds. "
        "BoCom quotes an annual simple rate, the others annualised rates, so they are not "
        "strictly comparable.",
        stub_name="银行 Bank",
    )


UNDATED = "date not given"


def table2_as_printed() -> PaperTable:
    """Table 2 with the Chinese cells as printed and an English column beside each."""
    t = TABLE2
    frame = pd.DataFrame(
        {
            "地区 Region": [f"{r} {REGIONS[r]}" for r in t["region"]],
            "时间 Date": [d or f"(blank: {UNDATED})" for d in t["date"]],
            "政策 Policy": t["policy_zh"],
            "Policy (English)": t["policy_en"],
            "相关内容 Content": t["content_zh"],
            "Content (English)": t["content_en"],
        },
        index=t.index,
    )
    return from_frame(
        frame,
        "Table 2. 2022 年以来部分省市出台的鼓励消费金融发展的政策 "
        "Policies encouraging consumer finance issued by selected regions since 2022",
        "备注：作者根据网络公开信息整理 (compiled by the authors from public online information). "
        "Region cells merged in the original are repeated on every row. The second Jiangsu row "
        "has an empty date cell in the source. English translations are this chapter's.",
        stub_name="Row",
    )


def table2_counts() -> PaperTable:
    """Policies by region and year of issue (undated row counted separately)."""
    years = TABLE2["date"].map(lambda d: str(parse_policy_date(d)[0]) if parse_policy_date(d) else UNDATED)
    counts = pd.crosstab(TABLE2["region"].map(lambda r: f"{r} {REGIONS[r]}"), years)
    counts = counts.reindex([f"{r} {e}" for r, e in REGIONS.items()])
    counts["Total"] = counts.sum(axis=1)
    counts.loc["Total"] = counts.sum()
    return from_frame(
        counts,
        "Table 2a. Policies of Table 2 by region and year (computed)",
        "Counted from Table 2 as printed. The undated Jiangsu row is its own column.",
        stub_name="Region",
    )


def nim_roa_table(series: pd.DataFrame) -> PaperTable:
    """The Fig. 1 series with the confidence of every point, one row per year."""
    wide = series.pivot(index="year", columns="indicator", values=["value", "confidence", "basis"])
    frame = pd.DataFrame(
        {
            "NIM, %": wide[("value", "nim")].map("{:.2f}".format),
            "NIM basis (confidence)": wide[("basis", "nim")] + " (" + wide[("confidence", "nim")] + ")",
            "ROA, %": wide[("value", "roa")].map("{:.2f}".format),
            "ROA basis (confidence)": wide[("basis", "roa")] + " (" + wide[("confidence", "roa")] + ")",
        }
    )
    return from_frame(
        frame,
        "Data of Fig. 1: year-end NIM and ROA of commercial banks, with provenance",
        "paper = printed in the text; derived from paper = 2021 NIM as the 2022 value plus the printed fall; curated = found in a "
        "public source (medium: secondary report of the official release); recalled = the spec "
        "author's unverified recollection (low). Sources per row in data/facts/"
        "consumer_finance_nim_roa.csv.",
        stub_name="Year",
    )


def text_numbers_display() -> PaperTable:
    """The text numbers N1-N24 with their place in the paper (section, figure or table)."""
    facts = text_numbers_table()
    frame = facts[["id", "location", "english", "value", "unit", "external_check"]].copy()
    frame.columns = ["N", "Section", "Statement (English)", "Value", "Unit", "Checked against an outside source?"]
    return from_frame(
        frame.set_index("N"),
        "The numbers the text prints (N1-N24)",
        "Transcribed from the Chinese text and checked against it (the text_numbers section of "
        "data/published/consumer_finance.yml, which also holds the Chinese wording).",
        stub_name="N",
    )


def input_tables(data: BankData) -> list[tuple[PaperTable, str]]:
    """The bank-level inputs of Figs. 2 and 3 as tables (so a reader can download them)."""
    label = "simulated stand-in" if data.simulated else "reader's data"
    notes = (
        "Seeded stand-in built to satisfy the text's statements (see the study module); "
        "not the banks' reported figures."
        if data.simulated
        else f"Read from data/raw/{SLUG}/ through the data contract."
    )
    loans = data.loan_structure.set_index("bank")
    balances = data.card_consumer_loans.set_index("bank")
    loans.index, balances.index = loans.index.map(bank_label), balances.index.map(bank_label)
    return [
        (
            from_frame(
                loans, f"Input of Fig. 2: loan structure, % of total loans ({label})", notes, "Bank", from_data=True
            ),
            "input_loan_structure",
        ),
        (
            from_frame(
                balances, f"Input of Fig. 3: card and consumer loans, 亿元 ({label})", notes, "Bank", from_data=True
            ),
            "input_card_consumer_loans",
        ),
    ]


def planted_table(planted, claims) -> PaperTable:
    """The stand-in's planted ranges, each beside the published claim it was chosen to satisfy (or "independent")."""
    statements = {c.id: c.statement for c in claims}
    rows = [
        {
            "Quantity": p.quantity,
            "Banks": ", ".join(bank_label(b) for b in p.banks),
            "Planted range": f"{p.low:,.4g} to {p.high:,.4g}",
            "Taken from": f"{p.source}: {statements[p.source]}" if p.from_paper else "independent",
        }
        for p in planted
    ]
    return PaperTable.from_rows(
        rows,
        "Quantity",
        "The stand-in's planted ranges for Figs. 2 and 3",
        "Each value is drawn uniformly from its range. A range taken from a claim was chosen so that the "
        "claim holds: recovering it shows the check works, not that the paper is right.",
    )


def arithmetic_table(checks: list[ArithmeticCheck]) -> PaperTable:
    """The arithmetic checks as a table."""
    frame = pd.DataFrame([c.__dict__ for c in checks]).set_index("check")
    frame.columns = ["Computation", "Result", "Paper says", "Verdict"]
    return from_frame(
        frame,
        "Arithmetic checks on the paper's own numbers",
        "Computed in this chapter from the numbers the text prints (data/published/"
        "consumer_finance.yml) and Table 1. FLAG marks an inconsistency "
        "or a gap discussed in the Notes on the paper.",
        stub_name="Check",
    )


def consumption_table(n: dict) -> PaperTable:
    """N2-N5: the consumption indicators the text quotes, with their growth rates as defined there."""
    rows = {
        "Service consumption per capita (人均服务性消费支出)": (
            "2022",
            f"{n['service_consumption_per_capita_2022']:,.0f} yuan",
            f"{n['service_consumption_growth_2019_2022']:g}% a year",
            "average annual growth since 2019",
            "1293",
        ),
        "New-energy-vehicle sales (新能源汽车销量)": (
            "2021",
            f"{n['nev_sales_2021'] / 100:.3f} million",
            f"+{n['nev_growth_multiple_2021'] * 100:.0f}% ({n['nev_growth_multiple_2021']:g}-fold increase)",
            f"year on year; all vehicles +{n['vehicle_sales_growth_2021']:g}%",
            "1293, 1301",
        ),
        "Rural retail sales (乡村消费品零售额)": (
            "2022",
            f"{n['rural_retail_2022']:g} tn yuan",
            f"{n['rural_retail_growth_5y']:g}% a year",
            "average over five years; above urban (not quantified)",
            "1301",
        ),
        "Online retail sales (网上零售额)": (
            "2022",
            f"{n['online_retail_2022']:g} tn yuan",
            f"+{n['online_retail_growth_2022']:g}%",
            "year on year",
            "1301",
        ),
        "  of which physical goods (实物商品)": (
            "2022",
            f"{n['physical_online_retail_2022']:g} tn yuan",
            f"+{n['physical_online_growth_2022']:g}%",
            "year on year; faster than offline (not quantified)",
            "1301",
        ),
    }
    return _rows_table(
        rows,
        ["Year", "Level", "Growth", "Growth as defined in the text", "Line"],
        "Consumption indicators quoted in the text (N2-N5)",
        "Transcribed from the text; the growth rates have different definitions and "
        "periods and are not comparable with each other.",
        "Indicator",
    )


def _rows_table(rows: dict[str, tuple | str], columns: list[str], title: str, notes: str, stub: str) -> PaperTable:
    """A table with one row per key of ``rows`` (its stub) and the given columns."""
    frame = pd.DataFrame.from_dict({k: v if isinstance(v, tuple) else (v,) for k, v in rows.items()}, orient="index")
    frame.columns = columns
    return from_frame(frame, title, notes, stub_name=stub)


def implied_levels_table(n: dict) -> PaperTable:
    """Earlier levels implied by the text's levels and growth rates (N2, N3, N5)."""
    v = implied_earlier_levels(n)
    nev, growth = n["nev_sales_2021"] / 100, n["nev_growth_multiple_2021"] * 100
    service, service_growth = n["service_consumption_per_capita_2022"], n["service_consumption_growth_2019_2022"]
    online, physical = n["online_retail_2022"], n["physical_online_retail_2022"]
    rows = {
        f"NEV sales 2020, million (from {nev:.3f} m and +{growth:.0f}%)": f"{v['nev_sales_2020'] / 100:.3f}",
        f"Service consumption per capita 2019, yuan (from {service:,.0f} and {service_growth:g}% a year)": (
            f"{v['service_consumption_2019']:,.0f}"
        ),
        "Online retail other than physical goods 2021, tn yuan": f"{v['non_physical_online_2021']:.2f}",
        f"Online retail other than physical goods 2022, tn yuan ({online:g} - {physical:g})": (
            f"{v['non_physical_online_2022']:.2f}"
        ),
        "Change of that remainder, 2021-2022": f"{v['non_physical_online_growth']:+.1%}",
    }
    return _rows_table(
        rows,
        ["Implied value"],
        "Levels implied by the text's consumption numbers (computed)",
        "Arithmetic on N2, N3 and N5; growth rates published on a comparable basis make the implied levels approximate.",
        "Quantity",
    )


def sensitivity_table(n: dict) -> PaperTable:
    """The 2026 forecast under alternative growth rates, and the rate the paper's 2026 target implies."""
    grid = forecast_sensitivity(n)
    target = n["consumer_credit_2026_forecast"]
    frame = pd.DataFrame(
        {
            "2026 balance, tn yuan": grid["balance_2026_tn"].map("{:.2f}".format).to_list(),
            f"vs {target:g} tn": (grid["balance_2026_tn"] - target).map("{:+.2f}".format).to_list(),
        },
        index=[
            f"{g:g}%" + (" (paper)" if g == n["consumer_credit_growth_forecast"] else "") for g in grid["growth_pct"]
        ],
    )
    g_star = growth_for_target(n)
    frame.loc[f"{g_star * 100:.2f}% (exactly {target:g} tn)"] = [f"{target:.2f}", "+0.00"]
    return from_frame(
        frame,
        "Beyond the paper: sensitivity of the 2026 forecast to the growth rate",
        f"{n['consumer_credit_2021']:g} tn yuan (2021) compounded for five years. Computed here; the paper gives "
        "one rate only.",
        stub_name="Annual growth 2021-2026",
    )


def tilt_table(table1: pd.DataFrame, nim_fall_pp: float) -> PaperTable:
    """The retail tilt that would offset the 2022 NIM fall, bank by bank (see retail_tilt_offset)."""
    t = retail_tilt_offset(table1, nim_fall_pp)
    bp = f"{nim_fall_pp * 100:.0f} bp"
    frame = pd.DataFrame(
        {
            "Retail - corporate yield, pp": t["spread_pp"].map("{:.2f}".format),
            f"Shift of loans to retail that adds {bp}, pp of the loan book": t["shift_pp"].map("{:.1f}".format),
        },
        index=[bank_label(b) if b in KNOWN_BANKS else b for b in t.index],
    )
    return from_frame(
        frame,
        f"Beyond the paper: how much retail tilt offsets a {bp} margin fall?",
        "Gross yields from Table 1; ignores credit and funding costs and non-loan earning assets, "
        "so the shifts are lower bounds on what would be needed.",
        stub_name="Bank",
    )
