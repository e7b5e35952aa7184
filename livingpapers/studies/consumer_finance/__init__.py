"""Consumer finance at commercial banks (Li and Wang 2023): the machinery behind the chapter.

The paper is descriptive: two printed tables, four figures whose images are missing from the
text, and about two dozen numbers in the prose. This module holds

- the paper's own content: Table 1 and Table 2 as printed (``TABLE1``, ``TABLE2``);
- readers for the curated facts (the text numbers N1-N24 and the NIM/ROA series);
- the data contracts for the bank-level files a reader may supply (``data/raw/consumer_finance/``)
  and the seeded stand-ins that replace them by default;
- the arithmetic checks, the checks of the text's statements about Figs. 2-3, the
  "beyond the paper" computations, and one function per figure.

Figures return a :class:`Drawn` (figure, alt text, source line) so the notebook stays short.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pandera.pandas as pa
from matplotlib.lines import Line2D

from livingpapers.toolkit import figures
from livingpapers.toolkit.contracts import TableContract, check_frame, read_real
from livingpapers.toolkit.facts import load_facts, numeric
from livingpapers.toolkit.figures import Drawn
from livingpapers.toolkit.tables import PaperTable, from_frame

SLUG = "consumer_finance"

# ---------------------------------------------------------------------------------------------
# Banks named in the paper or plausibly in its figures. Real data must use these codes.
# ---------------------------------------------------------------------------------------------
KNOWN_BANKS: dict[str, tuple[str, str]] = {
    "ICBC": ("工商银行", "Industrial and Commercial Bank of China"),
    "ABC": ("农业银行", "Agricultural Bank of China"),
    "BOC": ("中国银行", "Bank of China"),
    "CCB": ("建设银行", "China Construction Bank"),
    "BoCom": ("交通银行", "Bank of Communications"),
    "PSBC": ("邮储银行", "Postal Savings Bank of China"),
    "CMB": ("招商银行", "China Merchants Bank"),
    "CMBC": ("民生银行", "China Minsheng Bank"),
    "PingAn": ("平安银行", "Ping An Bank"),
    "CZBank": ("浙商银行", "China Zheshang Bank"),
    "CITIC": ("中信银行", "China CITIC Bank"),
    "SPDB": ("浦发银行", "Shanghai Pudong Development Bank"),
    "CIB": ("兴业银行", "Industrial Bank"),
    "CEB": ("光大银行", "China Everbright Bank"),
    "HXB": ("华夏银行", "Hua Xia Bank"),
    "CGB": ("广发银行", "China Guangfa Bank"),
}
BANK_LABELS = {"PingAn": "Ping An", "CZBank": "CZBank"}


def bank_label(code: str) -> str:
    """The English short name used in figures (codes are already short, except Ping An)."""
    return BANK_LABELS.get(code, code)


# ---------------------------------------------------------------------------------------------
# Table 1 (lines 1334-1344): 部分商业银行贷款利率比较, exactly as printed.
# ---------------------------------------------------------------------------------------------
TABLE1 = pd.DataFrame(
    [
        ("ABC", 4.64, 3.92, "网捷贷", "年化利率 3.65%"),
        ("ICBC", 4.69, 3.86, "融e借", "年化利率最低 4.35%-5.76%"),
        ("BoCom", 4.87, 4.00, "惠民贷", "年利率 3.85%-14.60% (单利)"),
        ("PSBC", 5.23, 3.84, "邮享贷", "年化利率 3.7%-18.4%"),
        ("CMB", 5.44, 3.85, "闪电贷", "年化利率 3.6-9%"),
        ("CMBC", 5.35, 3.93, "民易贷", "年化利率为 4.95%-6.3%"),
    ],
    columns=["bank", "retail_yield", "corporate_yield", "product", "product_rate"],
)
TABLE1_TITLE = "Table 1. 部分商业银行贷款利率比较 Loan rates of selected commercial banks"
TABLE1_NOTE = (
    "数据来源：根据公开资料整理 (compiled from public information). Years are not printed: the "
    "yields are probably from 2022 annual reports, the product rates snapshots of advertised "
    "rates. The spread column is computed here and is not in the paper."
)


def parse_rate_bounds(text: str) -> tuple[float, float]:
    """Lower and upper bound of a verbatim rate string ('年化利率 3.6-9%' -> (3.6, 9.0)).

    A single number gives equal bounds. The wording differences (最低, 单利, a missing % sign)
    are kept in the printed table; only the numbers are read here.
    """
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)]
    if not numbers:
        raise ValueError(f"no rate in {text!r}")
    return min(numbers), max(numbers)


def table1_numbers() -> pd.DataFrame:
    """Table 1 with the computed spread and the parsed product-rate bounds, one row per bank."""
    frame = TABLE1.copy()
    frame["spread"] = (frame["retail_yield"] - frame["corporate_yield"]).round(2)
    bounds = frame["product_rate"].map(parse_rate_bounds)
    frame["rate_low"] = [lo for lo, _ in bounds]
    frame["rate_high"] = [hi for _, hi in bounds]
    return frame


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


# ---------------------------------------------------------------------------------------------
# Table 2 (lines 1359-1373): 2022 年以来部分省市出台的鼓励消费金融发展的政策, as printed.
# ---------------------------------------------------------------------------------------------
REGIONS = {
    "京津冀": "Beijing-Tianjin-Hebei",
    "上海": "Shanghai",
    "江苏": "Jiangsu",
    "福建": "Fujian",
    "湖北": "Hubei",
    "浙江": "Zhejiang",
}
TABLE2 = pd.DataFrame(
    [
        (
            "京津冀",
            "2023.4",
            "《关于加强新市民金融服务支持京津冀协同发展的通知》",
            "Notice on strengthening financial services for new urban residents to support Beijing-Tianjin-Hebei coordinated development",
            "鼓励机构将考核激励向个人消费业务倾斜，提升大宗商品和服务消费的综合金融服务水平。",
            "Tilt performance incentives toward personal consumption business; improve integrated financial services for big-ticket goods and services.",
        ),
        (
            "上海",
            "2022.6",
            "《关于做好新市民金融服务工作的通知》",
            "Notice on doing well in financial services for new urban residents",
            "探索更多收入认定方式，精准评估新市民信用状况，提供更灵活、便利、普惠的产品和服务。",
            "Explore more ways of verifying income; assess new residents' credit precisely; offer more flexible, convenient and inclusive products.",
        ),
        (
            "上海",
            "2023.3",
            "《关于进一步完善金融服务优化上海营商环境和支持经济高质量发展的通知》",
            "Notice on further improving financial services, optimising Shanghai's business environment and supporting high-quality development",
            "规范发展消费金融，依法满足消费者在服务消费领域的合理融资需求。",
            "Develop consumer finance in a standardised way; lawfully meet reasonable financing needs for service consumption.",
        ),
        (
            "江苏",
            "2023.4",
            "《关于银行业保险业大力支持恢复和扩大消费的通知》",
            "Notice on banking and insurance strongly supporting the recovery and expansion of consumption",
            "加大减费让利力度，支持设立促消费专项资金，实施免息、减息、提额、支付立减等优惠政策。",
            "Cut fees and share profits; support special funds to promote consumption; interest-free loans, rate cuts, higher limits, instant payment discounts.",
        ),
        (
            "江苏",
            "",
            "《关于全面助推经济高质量发展进一步深化“四保障六提升”行动的意见》",
            "Opinions on promoting high-quality development and deepening the 'Four Guarantees, Six Improvements' campaign",
            "增加消费信贷投放，结合消费场景提供个性化保险保障服务，鼓励加大减费让利力度。",
            "Increase consumer-credit lending; personalised insurance tied to consumption scenarios; larger fee cuts.",
        ),
        (
            "福建",
            "2022.11",
            "《关于加强新市民金融服务工作的若干措施》",
            "Measures on strengthening financial services for new urban residents",
            "将金融服务嵌入新市民生活场景，开发差异化的消费信贷产品，合理设置申贷条件，合理定价。",
            "Embed financial services in new residents' daily life; differentiated consumer-credit products; reasonable conditions and pricing.",
        ),
        (
            "福建",
            "2023.2",
            "《关于金融促消费工作十条措施》",
            "Ten measures on finance promoting consumption",
            "围绕大宗消费领域设计中长期消费信贷产品，加大家装家居家电等大宗消费的信贷支持。",
            "Medium- and long-term consumer-credit products for big-ticket consumption: home decoration, furnishings, appliances.",
        ),
        (
            "湖北",
            "2023.4",
            "《关于更好服务市场主体推动经济稳健发展接续政策的通知》",
            "Notice on follow-up policies to better serve market entities and promote steady economic development",
            "设立消费贷 500 亿元，鼓励省内居民汽车购置、住房装修、家电家具耐用品等线下信贷消费。",
            "Set up 50 bn yuan of consumer loans for residents' offline credit consumption: cars, renovation, appliances, furniture.",
        ),
        (
            "浙江",
            "2022.10",
            "《关于进一步搞活汽车流通扩大汽车消费的通知》",
            "Notice on further invigorating auto circulation and expanding auto consumption",
            "优化汽车消费金融产品和服务，合理确定首付比例、贷款利率、还款期限。",
            "Optimise auto consumer-finance products; reasonable down payments, loan rates and repayment terms.",
        ),
        (
            "浙江",
            "2023.3",
            "《关于强信心稳预期提升金融服务质效的实施意见》",
            "Implementation opinions on strengthening confidence, stabilising expectations and improving financial services",
            "合理增加消费信贷，重点满足大宗商品消费金融需求。扩大消费金融覆盖面，针对电商直播等新型消费、服务消费领域开发专项金融产品。",
            "Increase consumer credit for big-ticket consumption; widen coverage; dedicated products for e-commerce live-streaming and service consumption.",
        ),
    ],
    columns=["region", "date", "policy_zh", "policy_en", "content_zh", "content_en"],
)
TABLE2.index = pd.RangeIndex(1, len(TABLE2) + 1, name="row")
UNDATED = "date not given"


def parse_policy_date(text: str) -> tuple[int, int] | None:
    """'2022.10' -> (2022, 10); an empty cell -> None (read as year and month, never as a decimal)."""
    if not text.strip():
        return None
    year, month = text.split(".")
    return int(year), int(month)


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


def table2_summary() -> dict:
    """Counts of Table 2: rows, regions, dated rows, date span, rows per year."""
    dates = [parse_policy_date(d) for d in TABLE2["date"]]
    dated = sorted(d for d in dates if d)
    return {
        "rows": len(TABLE2),
        "regions": TABLE2["region"].nunique(),
        "dated": len(dated),
        "undated": dates.count(None),
        "first": dated[0],
        "last": dated[-1],
        "by_year": pd.Series([y for y, _ in dated]).value_counts().sort_index().to_dict(),
    }


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


def hubei_amount() -> float:
    """The Hubei consumer-loan programme as printed in Table 2 (亿元), read from the content cell."""
    cell = TABLE2.loc[TABLE2["region"] == "湖北", "content_zh"].iloc[0]
    return float(re.search(r"(\d+)\s*亿元", cell).group(1))


# ---------------------------------------------------------------------------------------------
# Curated facts: the paper's text numbers and the NIM/ROA series.
# ---------------------------------------------------------------------------------------------
def text_numbers() -> dict[str, float]:
    """The numbers the text prints (N1-N24), by quantity name, from data/facts."""
    facts = load_facts(f"{SLUG}_text_numbers")
    facts = numeric(facts[facts["quantity"] != ""], ["value"])
    return dict(zip(facts["quantity"], facts["value"]))


def text_numbers_table() -> pd.DataFrame:
    """The text-number facts as a frame (for display: id, line, English, value, unit)."""
    return load_facts(f"{SLUG}_text_numbers")


def nim_roa_facts() -> pd.DataFrame:
    """Curated year-end NIM and ROA (long: year, indicator, value, basis, source, confidence)."""
    facts = numeric(load_facts(f"{SLUG}_nim_roa"), ["year", "value"])
    facts["year"] = facts["year"].astype(int)
    return facts


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
        "paper = printed in the text; derived from paper = 1.91 + 0.17; curated = found in a "
        "public source (medium: secondary report of the official release); recalled = the spec "
        "author's unverified recollection (low). Sources per row in data/facts/"
        "consumer_finance_nim_roa.csv.",
        stub_name="Year",
    )


def text_numbers_display() -> PaperTable:
    """The text numbers N1-N24 with their line in the seed text."""
    facts = text_numbers_table()
    frame = facts[["id", "line", "english", "value", "unit", "external_check"]].copy()
    frame.columns = ["N", "Line", "Statement (English)", "Value", "Unit", "Checked against an outside source?"]
    return from_frame(
        frame.set_index("N"),
        "The numbers the text prints (N1-N24)",
        "Transcribed from the Chinese text and checked against it (data/facts/"
        "consumer_finance_text_numbers.csv, which also holds the Chinese wording).",
        stub_name="N",
    )


# ---------------------------------------------------------------------------------------------
# Data contracts for a reader's own files (data/raw/consumer_finance/), also applied to stand-ins.
# ---------------------------------------------------------------------------------------------
SHARE_COLUMNS = ["retail_share", "corporate_share", "bills_share"]
BALANCE_UNITS = ["100m_yuan", "亿元"]
SHARE_SUM_TOLERANCE = 1.0


def _shares_sum_to_100(frame: pd.DataFrame) -> pd.Series:
    """Row-wise: the three loan shares add up to 100 within the tolerance (skips unreadable rows)."""
    if not set(SHARE_COLUMNS) <= set(frame.columns):
        return pd.Series(True, index=frame.index)
    total = frame[SHARE_COLUMNS].apply(pd.to_numeric, errors="coerce").sum(axis=1, min_count=len(SHARE_COLUMNS))
    return total.isna() | ((total - 100).abs() <= SHARE_SUM_TOLERANCE)


def _bank_column() -> pa.Column:
    return pa.Column(str, pa.Check.isin(list(KNOWN_BANKS)), nullable=False)


def _year_column() -> pa.Column:
    return pa.Column(int, pa.Check.in_range(2010, 2030), nullable=False)


LOAN_STRUCTURE = TableContract(
    name="loan_structure",
    filename="loan_structure.csv",
    schema=pa.DataFrameSchema(
        {
            "bank": _bank_column(),
            "year": _year_column(),
            **{c: pa.Column(float, pa.Check.in_range(0, 100), nullable=False) for c in SHARE_COLUMNS},
            "unit": pa.Column(str, pa.Check.isin(["percent"]), nullable=False),
        },
        checks=[
            pa.Check(
                _shares_sum_to_100,
                name="shares_sum_to_100",
                error=f"retail + corporate + bills shares sum to 100 (within {SHARE_SUM_TOLERANCE:g} point)",
            )
        ],
        coerce=True,
    ),
    keys=("bank",),
    description="Fig. 2: 2022 loan structure by bank, shares of total loans in percent.",
)
CARD_CONSUMER_LOANS = TableContract(
    name="card_consumer_loans",
    filename="card_consumer_loans.csv",
    schema=pa.DataFrameSchema(
        {
            "bank": _bank_column(),
            "year": _year_column(),
            "card_loans": pa.Column(float, pa.Check.ge(0), nullable=False),
            "consumer_loans": pa.Column(float, pa.Check.ge(0), nullable=False),
            "unit": pa.Column(str, pa.Check.isin(BALANCE_UNITS), nullable=False),
        },
        coerce=True,
    ),
    keys=("bank",),
    description="Fig. 3: 2022 credit-card and consumer-loan balances by bank, in 100 million yuan (亿元).",
)
NIM_ROA = TableContract(
    name="nim_roa",
    filename="nim_roa.csv",
    schema=pa.DataFrameSchema(
        {
            "year": _year_column(),
            "nim": pa.Column(float, pa.Check.in_range(0, 10), nullable=False),
            "roa": pa.Column(float, pa.Check.in_range(0, 5), nullable=False),
            "unit": pa.Column(str, pa.Check.isin(["percent"]), nullable=False),
        },
        coerce=True,
    ),
    keys=("year",),
    description="Fig. 1 (optional): year-end commercial-bank NIM and ROA in percent.",
    optional=True,
)
BANK_CONTRACTS = [LOAN_STRUCTURE, CARD_CONSUMER_LOANS]


# ---------------------------------------------------------------------------------------------
# Stand-ins for Figs. 2 and 3 (no values printed). The ranges encode spec §9, in the open.
# ---------------------------------------------------------------------------------------------
STANDIN_YEAR = 2022
# Fig. 2: retail share of total loans, % (low, high). The text says Ping An, PSBC and CMB are
# above 50%; a share below 50% for the other banks is an assumption, not a statement of the paper.
STANDIN_RETAIL_SHARE = {
    "PingAn": (52, 62),
    "PSBC": (52, 62),
    "CMB": (52, 62),
    "ICBC": (30, 45),
    "CCB": (35, 48),
    "ABC": (33, 46),
    "BOC": (30, 44),
    "BoCom": (30, 42),
    "CMBC": (35, 48),
    "CZBank": (20, 35),
}
STANDIN_BILLS_SHARE = (2.0, 8.0)
# Fig. 3: (total card + consumer loans low, high, card/consumer ratio low, high), 亿元.
# CMB and Ping An: totals above 10,000 亿; PSBC and CZBank: consumer loans above card loans;
# other banks: card loans at least twice consumer loans ("far exceed", this chapter's reading).
STANDIN_BALANCES = {
    "CMB": (10500, 12500, 2.2, 3.2),
    "PingAn": (10200, 11500, 2.1, 2.8),
    "ICBC": (7000, 9500, 2.2, 4.0),
    "CCB": (8000, 10000, 2.2, 4.0),
    "ABC": (6000, 8000, 2.2, 4.0),
    "BOC": (5000, 7000, 2.2, 4.0),
    "BoCom": (4500, 6000, 2.5, 5.0),
    "CMBC": (4500, 6000, 2.5, 5.0),
    "PSBC": (3500, 5000, 0.5, 0.9),
    "CZBank": (400, 900, 0.3, 0.8),
}
FAR_EXCEEDS_RATIO = 2.0
CARD_EXCEPTIONS = ("PSBC", "CZBank")
RETAIL_MAJORITY_BANKS = ("PingAn", "PSBC", "CMB")
TOTAL_FLOOR_BANKS = ("CMB", "PingAn")


def standin_loan_structure(rng: np.random.Generator) -> pd.DataFrame:
    """A seeded Fig. 2 stand-in: retail, corporate and bills shares (sum 100) for ten banks."""
    rows = []
    for bank, (lo, hi) in STANDIN_RETAIL_SHARE.items():
        retail = round(float(rng.uniform(lo, hi)), 2)
        bills = round(float(rng.uniform(*STANDIN_BILLS_SHARE)), 2)
        rows.append(
            {
                "bank": bank,
                "year": STANDIN_YEAR,
                "retail_share": retail,
                "corporate_share": round(100 - retail - bills, 2),
                "bills_share": bills,
                "unit": "percent",
            }
        )
    return pd.DataFrame(rows)


def standin_card_consumer_loans(rng: np.random.Generator) -> pd.DataFrame:
    """A seeded Fig. 3 stand-in: credit-card and consumer-loan balances (亿元) for ten banks."""
    rows = []
    for bank, (total_lo, total_hi, ratio_lo, ratio_hi) in STANDIN_BALANCES.items():
        total = float(rng.uniform(total_lo, total_hi))
        ratio = float(rng.uniform(ratio_lo, ratio_hi))
        consumer = round(total / (1 + ratio))
        rows.append(
            {
                "bank": bank,
                "year": STANDIN_YEAR,
                "card_loans": float(round(total) - consumer),
                "consumer_loans": float(consumer),
                "unit": "100m_yuan",
            }
        )
    return pd.DataFrame(rows)


@dataclass
class BankData:
    """The bank-level inputs of Figs. 2 and 3, and whether they are simulated."""

    loan_structure: pd.DataFrame
    card_consumer_loans: pd.DataFrame
    simulated: bool


@dataclass
class Inputs:
    """Everything the chapter reads: bank-level data (Figs. 2-3) and the NIM/ROA series (Fig. 1)."""

    banks: BankData
    nim_roa: pd.DataFrame


def load_inputs(data_mode: str, rng: Callable[[int], np.random.Generator], directory: Path | None = None) -> Inputs:
    """Stand-ins and curated facts, or the reader's files read through the contracts.

    In real mode all three files are checked in one pass, so a reader sees every problem
    at once; ``nim_roa.csv`` is optional (the curated series is used without it).
    ``rng(offset)`` gives an independent seeded stream (the chapter passes ``ch.rng``).
    """
    if data_mode == "real":
        tables = read_real(SLUG, [*BANK_CONTRACTS, NIM_ROA], directory)
        banks = BankData(tables["loan_structure"], tables["card_consumer_loans"], simulated=False)
        nim_roa = real_nim_roa(tables["nim_roa"]) if "nim_roa" in tables else nim_roa_facts()
        return Inputs(banks, nim_roa)
    banks = BankData(
        check_frame(standin_loan_structure(rng(1)), LOAN_STRUCTURE),
        check_frame(standin_card_consumer_loans(rng(2)), CARD_CONSUMER_LOANS),
        simulated=True,
    )
    return Inputs(banks, nim_roa_facts())


def real_nim_roa(real: pd.DataFrame) -> pd.DataFrame:
    """The reader's NIM/ROA file in the long format of the curated series."""
    long = real.melt(id_vars="year", value_vars=["nim", "roa"], var_name="indicator")
    long["basis"], long["confidence"] = "real data", "real"
    long["source"] = f"data/raw/{SLUG}/{NIM_ROA.filename}"
    return long


# ---------------------------------------------------------------------------------------------
# Checks of the text's statements on the figure data (stand-in or real).
# ---------------------------------------------------------------------------------------------
def retail_majority(loans: pd.DataFrame) -> tuple[bool, str]:
    """C14: retail share > 50% at Ping An, PSBC and CMB."""
    shares = loans.set_index("bank")["retail_share"].reindex(list(RETAIL_MAJORITY_BANKS))
    passed = bool(shares.notna().all() and (shares > 50).all())
    return passed, "; ".join(f"{bank_label(b)} {v:.1f}%" for b, v in shares.items())


def totals_above_floor(balances: pd.DataFrame, floor: float = 10_000) -> tuple[bool, str]:
    """C22: CMB's and Ping An's card + consumer totals both exceed 10,000 亿 (1 tn yuan)."""
    b = balances.set_index("bank").reindex(list(TOTAL_FLOOR_BANKS))
    totals = b["card_loans"] + b["consumer_loans"]
    passed = bool(totals.notna().all() and (totals > floor).all())
    return passed, "; ".join(f"{bank_label(k)} {v:,.0f} 亿" for k, v in totals.items())


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
            from_frame(loans, f"Input of Fig. 2: loan structure, % of total loans ({label})", notes, "Bank"),
            "input_loan_structure",
        ),
        (
            from_frame(balances, f"Input of Fig. 3: card and consumer loans, 亿元 ({label})", notes, "Bank"),
            "input_card_consumer_loans",
        ),
    ]


def card_dominance(balances: pd.DataFrame, ratio: float = FAR_EXCEEDS_RATIO) -> tuple[bool, str]:
    """C23: card loans >= ratio x consumer loans at every bank except PSBC and CZBank, and not there."""
    b = balances.set_index("bank")
    far = b["card_loans"] >= ratio * b["consumer_loans"]
    exceptions = [x for x in CARD_EXCEPTIONS if x in far.index]
    others = far.drop(exceptions)
    passed = bool(others.all() and not far.reindex(exceptions).any() and len(exceptions) == len(CARD_EXCEPTIONS))
    failing = [bank_label(x) for x in others.index[~others]] + [bank_label(x) for x in exceptions if far[x]]
    shown = (
        f"card >= {ratio:g}x consumer at {int(others.sum())} of {len(others)} other banks; "
        f"not at {', '.join(bank_label(x) for x in exceptions) or 'none'}"
    )
    return passed, shown + (f"; exceptions to the pattern: {', '.join(failing)}" if failing else "")


def yields_matching_note(note: str, table1: pd.DataFrame) -> int:
    """How many of Table 1's twelve yields equal the transcription in claim C12's note.

    The note ('ABC 4.64/3.92; ICBC 4.69/3.86; ...') is a second, independent transcription kept
    with the published claims, so the two places cannot drift apart unnoticed.
    """
    pairs = dict(re.findall(r"(\w+) (\d+\.\d+/\d+\.\d+)", note))
    count = 0
    for _, row in table1.iterrows():
        retail, corporate = (float(x) for x in pairs.get(row["bank"], "nan/nan").split("/"))
        count += (retail == row["retail_yield"]) + (corporate == row["corporate_yield"])
    return int(count)


def nim_first_below_two(series: pd.DataFrame) -> tuple[bool, str]:
    """C9: 2022 NIM is 1.91 and every earlier year-end NIM in the series is at least 2%."""
    nim = series[series["indicator"] == "nim"].set_index("year")
    earlier = nim[nim.index < 2022]
    v2022 = float(nim.loc[2022, "value"]) if 2022 in nim.index else float("nan")
    passed = bool(round(v2022, 2) == 1.91 and len(earlier) and (earlier["value"] >= 2.0).all())
    unverified = int((earlier["confidence"] == "low").sum())
    return passed, (
        f"2022 NIM {v2022:.2f}; lowest {earlier.index.min()}-{earlier.index.max()} "
        f"{earlier['value'].min():.2f} ({unverified} of {len(earlier)} earlier points unverified)"
    )


NOT_COMPUTED_REASONS = {  # claims about outside facts this build has no independent source for
    "C1": "NBS national accounts; not curated here",
    "C2": "NBS household survey; not curated here",
    "C3": "industry (CAAM) statistics; not curated here. '1.6-fold' read as +160% (see Notes)",
    "C4": "NBS retail statistics; not curated here",
    "C5": "NBS online retail statistics; not curated here (11.96 / 13.79 = 86.7% is computed in the checks)",
    "C6": "international national accounts; not curated here",
    "C10": "six banks' 2022 annual reports; not curated here",
    "C15": "February 2023 draft capital rules; not curated here (the cut removes 40% of RWA on those exposures)",
    "C18": "iResearch data are proprietary; shares drawn as stated, they add up to 87% (see Notes)",
    "C21": "NFRA licensing data; not curated here (implies a 22.1 tn market at 4%, see Notes)",
    "C24": "asserted without a number in the text",
    "C25": "window guidance is not public; not checked",
    "C26": "a narrative timeline of regulation; not checked",
    "C27": "a causal argument about regulation; no data here can test it",
    "C28": "a causal argument about pricing; no data here can test it",
}


# ---------------------------------------------------------------------------------------------
# Arithmetic on the paper's own numbers.
# ---------------------------------------------------------------------------------------------
def cagr(start: float, end: float, years: int) -> float:
    """Compound annual growth rate (a fraction)."""
    return (end / start) ** (1 / years) - 1


def compound(value: float, rate: float, years: int) -> float:
    """``value`` grown at ``rate`` (a fraction) for ``years`` years."""
    return value * (1 + rate) ** years


@dataclass(frozen=True)
class ArithmeticCheck:
    """One row of the arithmetic-checks table."""

    check: str
    computation: str
    result: str
    paper: str
    verdict: str


MARKET_SHARE_KEYS = (
    "share_credit_cards",
    "share_bank_consumer_loans",
    "share_internet_platforms",
    "share_consumer_finance_companies",
)


def market_share_residual(n: dict) -> float:
    """The part of Fig. 4 the text does not allocate (100 minus the four stated shares)."""
    return 100 - sum(n[k] for k in MARKET_SHARE_KEYS)


def implied_market_tn(n: dict) -> float:
    """Total market implied by the consumer finance companies' assets and their 4% share, tn yuan."""
    return n["cfc_total_assets"] / (n["share_consumer_finance_companies"] / 100) / 10_000


def _verdict(ok: bool) -> str:
    return "consistent" if ok else "FLAG"


def arithmetic_checks(n: dict, table1: pd.DataFrame) -> list[ArithmeticCheck]:
    """Every arithmetic check of spec §8.10, plus descriptive ones the text invites."""
    growth = cagr(n["consumer_credit_2014"], n["consumer_credit_2021"], 7)
    forecast = compound(n["consumer_credit_2021"], n["consumer_credit_growth_forecast"] / 100, 5)
    nim_2021 = n["nim_2022"] - n["nim_change_2022_bp"] / 100
    stated = sum(n[k] for k in MARKET_SHARE_KEYS)
    banks = n["share_credit_cards"] + n["share_bank_consumer_loans"]
    market = implied_market_tn(n)
    lo, hi = n["retail_yield_low"], n["retail_yield_high"]
    r = table1["retail_yield"]
    physical = n["physical_online_retail_2022"] / n["online_retail_2022"]
    return [
        ArithmeticCheck(
            "CAGR of narrow consumer credit, 2014-2021",
            "(17 / 4.2)^(1/7) - 1",
            f"{growth:.2%}",
            "22.1%",
            _verdict(round(growth * 100, 1) == n["consumer_credit_cagr_2014_2021"]),
        ),
        ArithmeticCheck(
            "2026 forecast at 7.9% a year",
            "17 x 1.079^5",
            f"{forecast:.2f} tn",
            "approaching 25 tn",
            _verdict(round(forecast) == n["consumer_credit_2026_forecast"]),
        ),
        ArithmeticCheck(
            "NIM 2021 and 2022",
            "2.08 - 0.17 (2021 derived as 1.91 + 0.17)",
            f"{nim_2021:.2f} - 0.17 = {nim_2021 - 0.17:.2f}",
            "1.91%, down 17 bp",
            "consistent by construction",
        ),
        ArithmeticCheck(
            "Fig. 4 shares add up",
            "51 + 13 + 19 + 4",
            f"{stated:g}%",
            "(no total printed)",
            f"FLAG: {market_share_residual(n):g}% not allocated in the text",
        ),
        ArithmeticCheck(
            "Banks' combined share", "51 + 13", f"{banks:g}%", "半壁江山 ('half the market')", _verdict(banks >= 50)
        ),
        ArithmeticCheck(
            "Market size implied by the CFC share",
            "8,844.41 亿 / 4%",
            f"{market:.1f} tn",
            "narrow consumer credit 17 tn (2021)",
            f"FLAG: {market / n['consumer_credit_2021']:.2f} x the 17 tn balance",
        ),
        ArithmeticCheck(
            "Table 1 retail yields inside the text's band",
            f"min, max of six yields vs [{lo:g}, {hi:g}]",
            f"{r.min():.2f}%-{r.max():.2f}%",
            f"{lo:g}%-{hi:g}%",
            _verdict(r.between(lo, hi).all()),
        ),
        ArithmeticCheck(
            "Table 1 retail above corporate",
            "retail - corporate, six banks",
            f"{(r - table1['corporate_yield']).min():.2f} to {(r - table1['corporate_yield']).max():.2f} pp",
            "retail yields higher",
            _verdict((r > table1["corporate_yield"]).all()),
        ),
        ArithmeticCheck(
            "Physical goods in online retail", "11.96 / 13.79", f"{physical:.1%}", "(not printed)", "descriptive"
        ),
    ]


def arithmetic_table(checks: list[ArithmeticCheck]) -> PaperTable:
    """The arithmetic checks as a table."""
    frame = pd.DataFrame([c.__dict__ for c in checks]).set_index("check")
    frame.columns = ["Computation", "Result", "Paper says", "Verdict"]
    return from_frame(
        frame,
        "Arithmetic checks on the paper's own numbers",
        "Computed in this chapter from the numbers the text prints (data/facts/"
        "consumer_finance_text_numbers.csv) and Table 1. FLAG marks an inconsistency "
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
            f"+{n['nev_growth_multiple_2021'] * 100:.0f}% (1.6-fold increase)",
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
    frame = pd.DataFrame.from_dict(
        rows, orient="index", columns=["Year", "Level", "Growth", "Growth as defined in the text", "Line"]
    )
    return from_frame(
        frame,
        "Consumption indicators quoted in the text (N2-N5)",
        "Transcribed from the text; the growth rates have different definitions and "
        "periods and are not comparable with each other.",
        stub_name="Indicator",
    )


def implied_earlier_levels(n: dict) -> dict[str, float]:
    """Levels a year (or three) earlier implied by the text's levels and growth rates."""
    online_2021 = n["online_retail_2022"] / (1 + n["online_retail_growth_2022"] / 100)
    physical_2021 = n["physical_online_retail_2022"] / (1 + n["physical_online_growth_2022"] / 100)
    other_2022 = n["online_retail_2022"] - n["physical_online_retail_2022"]
    return {
        "nev_sales_2020": n["nev_sales_2021"] / (1 + n["nev_growth_multiple_2021"]),
        "service_consumption_2019": n["service_consumption_per_capita_2022"]
        / (1 + n["service_consumption_growth_2019_2022"] / 100) ** 3,
        "non_physical_online_2021": online_2021 - physical_2021,
        "non_physical_online_2022": other_2022,
        "non_physical_online_growth": other_2022 / (online_2021 - physical_2021) - 1,
    }


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
    """In-text citations (lines 1311-1315) against the reference list (lines 1441-1451)."""
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


def implied_levels_table(n: dict) -> PaperTable:
    """Earlier levels implied by the text's levels and growth rates (N2, N3, N5)."""
    v = implied_earlier_levels(n)
    rows = {
        "NEV sales 2020, million (from 3.521 m and +160%)": f"{v['nev_sales_2020'] / 100:.3f}",
        "Service consumption per capita 2019, yuan (from 10,590 and 2.3% a year)": f"{v['service_consumption_2019']:,.0f}",
        "Online retail other than physical goods 2021, tn yuan": f"{v['non_physical_online_2021']:.2f}",
        "Online retail other than physical goods 2022, tn yuan (13.79 - 11.96)": f"{v['non_physical_online_2022']:.2f}",
        "Change of that remainder, 2021-2022": f"{v['non_physical_online_growth']:+.1%}",
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["Implied value"])
    return from_frame(
        frame,
        "Levels implied by the text's consumption numbers (computed)",
        "Arithmetic on N2, N3 and N5; growth rates published on a comparable basis make the "
        "implied levels approximate.",
        stub_name="Quantity",
    )


# ---------------------------------------------------------------------------------------------
# Beyond the paper.
# ---------------------------------------------------------------------------------------------
def forecast_sensitivity(n: dict, rates_pct=(5.0, 6.0, 7.0, 7.9, 9.0, 10.0, 12.0)) -> pd.DataFrame:
    """2026 balance from the 2021 level of 17 tn under alternative annual growth rates."""
    base = n["consumer_credit_2021"]
    return pd.DataFrame({"growth_pct": rates_pct, "balance_2026_tn": [compound(base, g / 100, 5) for g in rates_pct]})


def growth_for_target(n: dict, target_tn: float | None = None) -> float:
    """Annual growth (a fraction) that takes 17 tn (2021) exactly to the 2026 target."""
    return cagr(n["consumer_credit_2021"], target_tn or n["consumer_credit_2026_forecast"], 5)


def retail_tilt_offset(table1: pd.DataFrame, nim_fall_pp: float) -> pd.DataFrame:
    """Shift of the loan book from corporate to retail (pp) whose gross-yield gain equals the NIM fall.

    A one-point shift raises the average gross loan yield by spread/100 points, so the shift
    that matches a fall of ``nim_fall_pp`` points is ``nim_fall_pp / spread * 100``. This ignores
    credit costs, funding costs and the part of earning assets that is not loans.
    """
    t = table1.set_index("bank")
    spread = t["retail_yield"] - t["corporate_yield"]
    frame = pd.DataFrame({"spread_pp": spread, "shift_pp": nim_fall_pp / spread * 100})
    frame.loc["Mean of six"] = [spread.mean(), nim_fall_pp / spread.mean() * 100]
    return frame


def sensitivity_table(n: dict) -> PaperTable:
    """The 2026 forecast under alternative growth rates, and the rate the 25 tn target implies."""
    grid = forecast_sensitivity(n)
    frame = pd.DataFrame(
        {
            "2026 balance, tn yuan": grid["balance_2026_tn"].map("{:.2f}".format).to_list(),
            "vs 25 tn": (grid["balance_2026_tn"] - n["consumer_credit_2026_forecast"]).map("{:+.2f}".format).to_list(),
        },
        index=[
            f"{g:g}%" + (" (paper)" if g == n["consumer_credit_growth_forecast"] else "") for g in grid["growth_pct"]
        ],
    )
    g_star = growth_for_target(n)
    frame.loc[f"{g_star * 100:.2f}% (exactly 25 tn)"] = [f"{n['consumer_credit_2026_forecast']:.2f}", "+0.00"]
    return from_frame(
        frame,
        "Beyond the paper: sensitivity of the 2026 forecast to the growth rate",
        "17 tn yuan (2021) compounded for five years. Computed here; the paper gives one rate only.",
        stub_name="Annual growth 2021-2026",
    )


def tilt_table(table1: pd.DataFrame, nim_fall_pp: float) -> PaperTable:
    """The retail tilt that would offset the 2022 NIM fall, bank by bank (see retail_tilt_offset)."""
    t = retail_tilt_offset(table1, nim_fall_pp)
    frame = pd.DataFrame(
        {
            "Retail - corporate yield, pp": t["spread_pp"].map("{:.2f}".format),
            "Shift of loans to retail that adds 17 bp, pp of the loan book": t["shift_pp"].map("{:.1f}".format),
        },
        index=[bank_label(b) if b in KNOWN_BANKS else b for b in t.index],
    )
    return from_frame(
        frame,
        "Beyond the paper: how much retail tilt offsets a 17 bp margin fall?",
        "Gross yields from Table 1; ignores credit and funding costs and non-loan earning assets, "
        "so the shifts are lower bounds on what would be needed.",
        stub_name="Bank",
    )


# ---------------------------------------------------------------------------------------------
# Figures. Each returns a Drawn; ``show`` hands it to the chapter.
# ---------------------------------------------------------------------------------------------
POINT_STYLES = {  # confidence -> (legend label, marker face filled?, size)
    "high": ("stated in or derived from the paper", True, 9),
    "medium": ("curated, medium confidence", True, 6),
    "low": ("unverified (low confidence; hollow)", False, 6),
    "real": ("reader's data", True, 6),
}
INDICATORS = {
    "nim": ("Net interest margin, NIM (净息差)", figures.PALETTE[0]),
    "roa": ("Return on assets, ROA (资产利润率)", figures.PALETTE[1]),
}


def fig_nim_roa(series: pd.DataFrame) -> Drawn:
    """Fig. 1 redrawn: NIM and ROA by year; anchors pinned, unverified points hollow."""
    fig, ax = figures.new_figure("Fig. 1  Commercial banks' NIM and ROA, 2010-2022", "Year end", "Percent")
    legend = []
    for key, (label, colour) in INDICATORS.items():
        s = series[series["indicator"] == key].sort_values("year")
        ax.plot(s["year"], s["value"], color=colour, lw=1.2, alpha=0.7)
        for conf, (_, filled, size) in POINT_STYLES.items():
            p = s[s["confidence"] == conf]
            ax.plot(
                p["year"],
                p["value"],
                ls="none",
                marker="o",
                ms=size,
                color=colour,
                mfc=colour if filled else "white",
                mec=colour,
            )
        legend.append(Line2D([], [], color=colour, lw=1.2, label=label.split(" (")[0]))
    for conf in series["confidence"].unique():
        label, filled, size = POINT_STYLES[conf]
        legend.append(
            Line2D(
                [],
                [],
                ls="none",
                marker="o",
                ms=size,
                color="#555555",
                mfc="#555555" if filled else "white",
                label=label,
            )
        )
    ax.axhline(2.0, color="#888888", ls=":", lw=1)
    nim = series[(series["indicator"] == "nim") & (series["year"] == 2022)]
    if len(nim):
        ax.annotate(
            "2022: first year-end\nNIM below 2%",
            (2022, float(nim["value"].iloc[0])),
            xytext=(2017.2, 1.55),
            arrowprops={"arrowstyle": "->", "color": "#333333"},
            fontsize=8,
        )
    ax.set_ylim(0.0, 3.0)
    ax.set_xticks(range(2010, 2023, 2))
    ax.legend(handles=legend, fontsize=8, loc="lower left", ncol=2)
    return Drawn(
        fig,
        "Line chart of year-end net interest margin and return on assets of Chinese commercial "
        "banks, 2010 to 2022. Both fall over the period; NIM reaches 1.91% in 2022, its first "
        "year-end below 2%, and ROA 0.76%. Hollow markers are unverified values.",
        "Li and Wang (2023) line 1323 (anchors); other years data/facts/consumer_finance_nim_roa.csv (CBIRC series)",
    )


def fig_table1(table1: pd.DataFrame) -> Drawn:
    """Table 1 as a chart: retail vs corporate yield by bank, and product-rate ranges."""
    figures.apply_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 4.0), sharey=True)
    t = table1.sort_values("retail_yield")
    y = np.arange(len(t))
    left.hlines(y, t["corporate_yield"], t["retail_yield"], color="#bbbbbb", lw=2)
    left.plot(t["retail_yield"], y, "o", color=figures.PALETTE[0], label="Retail-loan average yield")
    left.plot(t["corporate_yield"], y, "s", color=figures.PALETTE[1], label="Corporate-loan average yield")
    left.axvspan(4.5, 5.5, color=figures.PALETTE[0], alpha=0.08, label="Text's retail band 4.5%-5.5%")
    left.set(
        yticks=y,
        yticklabels=[bank_label(b) for b in t["bank"]],
        xlabel="Average yield (%)",
        ylabel="Bank",
        title="Average loan yields",
        xlim=(3.5, 6.0),
    )
    left.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    right.hlines(y, t["rate_low"], t["rate_high"], color=figures.PALETTE[2], lw=5, alpha=0.7)
    right.plot(t["rate_low"], y, "|", color="#333333", ms=10)
    right.plot(t["rate_high"], y, "|", color="#333333", ms=10)
    for yi, (_, row) in zip(y, t.iterrows()):
        right.text(row["rate_high"] + 0.3, yi, f"{row['rate_low']:g}-{row['rate_high']:g}", va="center", fontsize=7)
    right.set(
        xlabel="Advertised consumer-loan rate (%)", ylabel="Bank", title="Consumer-loan product rates", xlim=(0, 23)
    )
    fig.suptitle("Table 1 in pictures: loan yields and product rates", fontweight="bold")
    fig.subplots_adjust(left=0.1, right=0.97, top=0.84, bottom=0.36, wspace=0.12)
    return Drawn(
        fig,
        "Two-panel dot chart of Table 1. Left: for six banks the retail-loan yield (4.64 to 5.44%) "
        "lies right of the corporate yield (3.84 to 4.00%). Right: advertised consumer-loan rate "
        "ranges, from a single 3.65% at ABC to 3.7-18.4% at PSBC.",
        "Li and Wang (2023), Table 1 (compiled from public information); bounds parsed here.",
    )


def fig_policy_timeline() -> Drawn:
    """Table 2 as a timeline: issue date of each policy by region; the undated row set apart."""
    fig, ax = figures.new_figure(
        "Table 2 in time: regional policies favouring consumer finance", "Issue date (year-month)", "Region"
    )
    regions = list(REGIONS)
    undated_x = 2023 + 9 / 12
    for row, r in TABLE2.iterrows():
        date = parse_policy_date(r["date"])
        x = date[0] + (date[1] - 1) / 12 if date else undated_x
        yv = regions.index(r["region"])
        ax.plot(x, yv, "o" if date else "X", ms=9, color=figures.PALETTE[0] if date else "#888888")
        ax.annotate(str(row), (x, yv), xytext=(6, 4), textcoords="offset points", fontsize=7)
    ax.axvspan(undated_x - 0.12, undated_x + 0.12, color="#eeeeee")
    ax.text(undated_x, len(regions) - 0.25, "date not\ngiven", ha="center", fontsize=7, color="#555555")
    ticks = [(2022, 6), (2022, 9), (2022, 12), (2023, 3)]
    ax.set_xticks([y + (m - 1) / 12 for y, m in ticks] + [undated_x], [f"{y}-{m:02d}" for y, m in ticks] + ["undated"])
    ax.set_yticks(range(len(regions)), [REGIONS[r] for r in regions])
    ax.set_ylim(-0.6, len(regions) + 0.2)
    ax.legend(
        handles=[
            Line2D([], [], ls="none", marker="o", color=figures.PALETTE[0], label="dated policy (row no.)"),
            Line2D([], [], ls="none", marker="X", color="#888888", label="date cell blank in source"),
        ],
        fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=2,
    )
    fig.subplots_adjust(left=0.27, bottom=0.3)
    return Drawn(
        fig,
        "Timeline of the ten regional policies in Table 2 by region, June 2022 to April 2023; "
        "six of the nine dated policies fall in 2023. The second Jiangsu policy has no date and "
        "is drawn separately at the right.",
        "Li and Wang (2023), Table 2 (compiled by the authors from public online information).",
    )


def _simulated(label: str, simulated: bool) -> str:
    return f"{label} (simulated stand-in)" if simulated else label


def fig_loan_structure(loans: pd.DataFrame, simulated: bool) -> Drawn:
    """Fig. 2 redrawn: 2022 loan structure by bank as 100% stacked bars."""
    fig, ax = figures.new_figure(
        "Fig. 2  Loan structure of selected commercial banks, 2022", "Share of total loans (%)", "Bank"
    )
    t = loans.sort_values("retail_share")
    y = np.arange(len(t))
    left = np.zeros(len(t))
    hatch = figures.STANDIN_HATCH if simulated else None
    parts = [
        ("retail_share", "Retail loans (零售)"),
        ("corporate_share", "Corporate loans (公司)"),
        ("bills_share", "Discounted bills (票据)"),
    ]
    for i, (column, label) in enumerate(parts):
        ax.barh(
            y,
            t[column],
            left=left,
            color=figures.PALETTE[i],
            hatch=hatch,
            edgecolor="white",
            label=label.split(" (")[0],
        )
        left += t[column].to_numpy()
    ax.axvline(50, color="#222222", ls="--", lw=1)
    ax.set(yticks=y, yticklabels=[bank_label(b) for b in t["bank"]], xlim=(0, 100))
    ax.legend(
        fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=3,
        title="all values simulated (stand-in)" if simulated else None,
        title_fontsize=8,
    )
    fig.subplots_adjust(bottom=0.3)
    what = "simulated stand-in shares" if simulated else "shares from the reader's loan_structure.csv"
    return Drawn(
        fig,
        f"Stacked horizontal bars of the 2022 loan structure of ten banks ({what}): retail, "
        "corporate and discounted bills as shares of total loans, with a dashed line at 50%. "
        "Ping An, PSBC and CMB have retail shares above half.",
        (
            "Simulated stand-in (seeded; constraints of the text); paper's figure: bank annual reports"
            if simulated
            else f"data/raw/{SLUG}/loan_structure.csv; paper's figure: bank annual reports"
        ),
    )


def fig_card_consumer(balances: pd.DataFrame, simulated: bool) -> Drawn:
    """Fig. 3 redrawn: credit-card and consumer-loan balances by bank, 2022, in 亿元."""
    fig, ax = figures.new_figure(
        "Fig. 3  Credit-card and consumer loans of selected banks, 2022", "Bank", "Balance (100 million yuan)"
    )
    t = balances.assign(total=balances["card_loans"] + balances["consumer_loans"]).sort_values("total", ascending=False)
    x = np.arange(len(t))
    hatch = figures.STANDIN_HATCH if simulated else None
    ax.bar(
        x - 0.2,
        t["card_loans"],
        0.4,
        color=figures.PALETTE[0],
        hatch=hatch,
        edgecolor="white",
        label=_simulated("Credit-card loans", simulated),
    )
    ax.bar(
        x + 0.2,
        t["consumer_loans"],
        0.4,
        color=figures.PALETTE[1],
        hatch=hatch,
        edgecolor="white",
        label=_simulated("Consumer loans", simulated),
    )
    ax.plot(x, t["total"], "D", color="#333333", ms=5, label="Card + consumer total")
    ax.axhline(10_000, color="#222222", ls="--", lw=1, label="1 tn yuan (text: CMB and Ping An exceed)")
    ax.set_xticks(x, [bank_label(b) for b in t["bank"]], rotation=30)
    ax.set_ylim(0, max(t["total"].max(), 10_000) * 1.5)
    ax.legend(fontsize=8, loc="upper right")
    fig.subplots_adjust(bottom=0.24)
    what = "simulated stand-in balances" if simulated else "balances from the reader's card_consumer_loans.csv"
    return Drawn(
        fig,
        f"Grouped bars of 2022 credit-card and consumer-loan balances for ten banks ({what}), in "
        "100 million yuan, with card-plus-consumer totals as diamonds and a dashed line at 1 trillion "
        "yuan. Card loans dominate except at PSBC and CZBank.",
        (
            "Simulated stand-in (seeded; constraints of the text); paper's figure: bank annual reports"
            if simulated
            else f"data/raw/{SLUG}/card_consumer_loans.csv; paper's figure: bank annual reports"
        ),
    )


def fig_market_shares(n: dict) -> Drawn:
    """Fig. 4 redrawn as a donut from the four shares the text states, plus the unallocated rest."""
    fig, ax = figures.new_figure("")
    fig.suptitle("Fig. 4  Market shares in consumer finance (as stated in the text)", fontweight="bold")
    labels = [
        "Bank credit cards",
        "Bank self-operated consumer loans",
        "Internet finance platforms",
        "Consumer finance companies",
        "Other / not stated in text",
    ]
    values = [n[k] for k in MARKET_SHARE_KEYS] + [market_share_residual(n)]
    colours = [figures.PALETTE[0], figures.PALETTE[5], figures.PALETTE[1], figures.PALETTE[2], "#d9d9d9"]
    wedges, _ = ax.pie(
        values, colors=colours, startangle=90, counterclock=False, wedgeprops={"width": 0.38, "edgecolor": "white"}
    )
    wedges[-1].set_hatch("..")
    ax.text(0, 0, f"Banks\n{values[0] + values[1]:g}%", ha="center", va="center", fontweight="bold")
    ax.legend(
        wedges,
        [f"{lab}: {v:g}%" for lab, v in zip(labels, values)],
        loc="center left",
        bbox_to_anchor=(1.02, 0.5),
        fontsize=8,
    )
    fig.subplots_adjust(left=0.02, right=0.52)
    ax.axis("equal")
    ax.axis("off")
    return Drawn(
        fig,
        "Donut chart of consumer-finance market shares stated in the text: bank credit cards 51%, "
        "internet platforms 19%, bank self-operated consumer loans 13%, consumer finance companies "
        "4%, and a grey 13% the text does not allocate.",
        "Li and Wang (2023), lines 1377 and 1394; paper's figure: iResearch. The 13% residual is computed here.",
    )


def consumer_credit_path(n: dict) -> pd.DataFrame:
    """Stated points, geometric interpolation 2014-2021 and the forecast path 2021-2026 (tn yuan)."""
    start, end = n["consumer_credit_2014"], n["consumer_credit_2021"]
    g_hist = cagr(start, end, 7)
    g_fore = n["consumer_credit_growth_forecast"] / 100
    rows = [
        {
            "year": y,
            "balance": compound(start, g_hist, y - 2014),
            "kind": "stated" if y in (2014, 2021) else "interpolated",
        }
        for y in range(2014, 2022)
    ]
    rows += [
        {
            "year": y,
            "balance": compound(end, g_fore, y - 2021),
            "kind": "forecast (computed)" if y == 2026 else "forecast path",
        }
        for y in range(2022, 2027)
    ]
    return pd.DataFrame(rows)


def fig_consumer_credit(n: dict) -> Drawn:
    """Supplementary chart: narrow consumer credit, 2014 and 2021 stated, 2026 forecast dashed."""
    fig, ax = figures.new_figure("Narrow consumer credit outstanding, 2014-2026F", "Year", "Balance (trillion yuan)")
    path = consumer_credit_path(n)
    hist, fore = path[path["year"] <= 2021], path[path["year"] >= 2021]
    fore = pd.concat([hist.tail(1), fore[fore["year"] > 2021]])
    ax.plot(
        hist["year"],
        hist["balance"],
        ":",
        color="#888888",
        label="geometric interpolation at 22.1% a year (not in paper)",
    )
    ax.plot(
        fore["year"],
        fore["balance"],
        "--",
        color=figures.PALETTE[1],
        label="paper's forecast, 7.9% a year (path computed)",
    )
    inter = path[path["kind"].isin(["interpolated", "forecast path"])]
    ax.plot(inter["year"], inter["balance"], "o", ms=4, mfc="white", color="#888888")
    stated = path[path["kind"] == "stated"]
    ax.plot(stated["year"], stated["balance"], "o", ms=8, color=figures.PALETTE[0], label="stated in the text")
    f2026 = path[path["year"] == 2026].iloc[0]
    ax.plot(
        f2026["year"],
        f2026["balance"],
        "D",
        ms=8,
        color=figures.PALETTE[1],
        label=f"2026F: {f2026['balance']:.2f} (text: approaching 25)",
    )
    for _, r in stated.iterrows():
        ax.annotate(f"{r['balance']:g}", (r["year"], r["balance"]), xytext=(-8, 8), textcoords="offset points")
    ax.set_xticks(range(2014, 2027, 2))
    ax.legend(fontsize=8, loc="upper left")
    return Drawn(
        fig,
        "Line chart of China's narrow consumer-credit balance: 4.2 trillion yuan in 2014 and 17 "
        "trillion in 2021 as stated, a dotted interpolation between them, and a dashed forecast "
        "at 7.9% a year reaching 24.86 trillion in 2026.",
        "Li and Wang (2023), line 1303; intermediate years computed here.",
    )


def fig_forecast_sensitivity(n: dict) -> Drawn:
    """Beyond the paper: the 2026 balance as a function of the assumed growth rate."""
    fig, ax = figures.new_figure(
        "2026 consumer credit under alternative growth rates",
        "Annual growth 2021-2026 (%)",
        "2026 balance (trillion yuan)",
    )
    grid = forecast_sensitivity(n, tuple(np.round(np.arange(3.0, 12.01, 0.25), 2)))
    ax.plot(grid["growth_pct"], grid["balance_2026_tn"], color=figures.PALETTE[0])
    target = n["consumer_credit_2026_forecast"]
    g_star = growth_for_target(n) * 100
    ax.axhline(target, color="#888888", ls=":", lw=1)
    paper_g = n["consumer_credit_growth_forecast"]
    ax.plot(
        paper_g,
        compound(n["consumer_credit_2021"], paper_g / 100, 5),
        "o",
        color=figures.PALETTE[1],
        label=f"paper's 7.9% -> {compound(n['consumer_credit_2021'], paper_g / 100, 5):.2f} tn",
    )
    ax.plot(g_star, target, "s", color="#333333", label=f"exactly {target:g} tn needs {g_star:.2f}%")
    ax.legend(fontsize=8, loc="upper left")
    return Drawn(
        fig,
        "Line chart of the 2026 consumer-credit balance implied by growth rates from 3% to 12% a "
        "year from 17 trillion yuan in 2021; the paper's 7.9% gives 24.86 trillion and exactly 25 "
        "trillion needs 8.02%.",
        "Computed from Li and Wang (2023), line 1303.",
    )
