"""What the consumer-finance chapter reads, and the contract for a reader's own files.

- the bank codes, and the paper's own content read from ``data/published/consumer_finance.yml``:
  Table 1 and Table 2 as printed (``TABLE1``, ``TABLE2``) and the text numbers N1-N24;
- the reader for the curated NIM/ROA series (``data/facts``);
- the data contracts (``CONTRACTS``) for the bank-level files a reader may supply in
  ``data/raw/consumer_finance/``, :func:`read_real` that reads them, and :func:`real_tables`
  that writes any :class:`Inputs` back in the files' format (the stand-in exported by example).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from livingpapers.toolkit import contracts
from livingpapers.toolkit.claims import load_printed_table
from livingpapers.toolkit.contracts import table_contract
from livingpapers.toolkit.facts import load_facts, numeric

SLUG = "consumer_finance"

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


# Table 1 (§2.1) 部分商业银行贷款利率比较, exactly as printed: the ``table1`` section of data/published.
TABLE1 = numeric(load_printed_table(SLUG, "table1"), ["retail_yield", "corporate_yield"])

# Table 2 (§2.2): 2022 年以来部分省市出台的鼓励消费金融发展的政策, as printed; its regions in English.
REGIONS = {
    "京津冀": "Beijing-Tianjin-Hebei",
    "上海": "Shanghai",
    "江苏": "Jiangsu",
    "福建": "Fujian",
    "湖北": "Hubei",
    "浙江": "Zhejiang",
}

TABLE2 = load_printed_table(SLUG, "table2")  # the ``table2`` section of data/published (English: this book's)
TABLE2.index = pd.RangeIndex(1, len(TABLE2) + 1, name="row")


# The paper's text numbers (data/published) and the curated NIM/ROA series (data/facts).
def text_numbers() -> dict[str, float]:
    """The numbers the text prints (N1-N24), by quantity name, from data/published."""
    printed = text_numbers_table()
    printed = numeric(printed[printed["quantity"] != ""], ["value"])
    return dict(zip(printed["quantity"], printed["value"]))


def text_numbers_table() -> pd.DataFrame:
    """The text numbers as a frame of text (for display: id, location, Chinese, English, value, unit)."""
    return load_printed_table(SLUG, "text_numbers")


PAPER_SOURCE = "Li and Wang (2023), §2.1 Narrowing margins, Figure 1 (data/published)"


def nim_roa_anchors() -> pd.DataFrame:
    """The paper's own Fig. 1 points, from data/published: 2022 NIM and ROA as printed, and 2021 NIM
    derived as the 2022 value less the printed change."""
    printed = text_numbers()
    nim, change_bp, roa = printed["nim_2022"], printed["nim_change_2022_bp"], printed["roa_2022"]
    rows = [
        (2021, "nim", round(nim - change_bp / 100, 2), "derived from paper", "pinned anchor (derived)"),
        (2022, "nim", nim, "paper", "pinned anchor (stated)"),
        (2022, "roa", roa, "paper", "pinned anchor (stated)"),
    ]
    frame = pd.DataFrame(rows, columns=["year", "indicator", "value", "basis", "note"])
    return frame.assign(unit="percent", source=PAPER_SOURCE, confidence="high")


def nim_roa_facts() -> pd.DataFrame:
    """Year-end NIM and ROA (long: year, indicator, value, basis, source, confidence): the curated public
    series, with the paper's own anchors (:func:`nim_roa_anchors`) read from data/published."""
    facts = numeric(load_facts(f"{SLUG}_nim_roa"), ["year", "value"])
    frame = pd.concat([facts, nim_roa_anchors()], ignore_index=True)
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values(["indicator", "year"], ignore_index=True)[facts.columns]


# Data contracts for a reader's own files (data/raw/consumer_finance/), also applied to stand-ins.
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
    return pa.Column(
        str,
        pa.Check.isin(list(KNOWN_BANKS)),
        nullable=False,
        description="a bank code (list above); unique within the file",
    )


FIGURE_YEAR = 2022  # Figs. 2 and 3: the banks' 2022 annual reports
NIM_ROA_YEARS = (2010, 2022)  # Fig. 1: "2010 至今", year ends from 2010 to the paper's last, 2022


def _year_column(first: int, last: int, description: str) -> pa.Column:
    allowed = pa.Check.in_range(first, last, error=f"a year of the paper's figure, {first}-{last}")
    if first == last:
        allowed = pa.Check.eq(first, error=f"the year of the paper's figure, {first}")
    return pa.Column(int, allowed, nullable=False, description=description)


def _percent_column(check: pa.Check, description: str) -> pa.Column:
    return pa.Column(float, check, nullable=False, description=description)


def _unit_column(units: list[str], description: str) -> pa.Column:
    return pa.Column(str, pa.Check.isin(units), nullable=False, description=description)


SHARE_DESCRIPTIONS = {
    "retail_share": "personal (零售/个人) loans, % of total loans",
    "corporate_share": "corporate (公司) loans, % of total loans",
    "bills_share": "discounted bills (票据贴现), % of total loans",
}


LOAN_STRUCTURE = table_contract(
    "loan_structure",
    {
        "bank": _bank_column(),
        "year": _year_column(FIGURE_YEAR, FIGURE_YEAR, "the year of the figure, 2022"),
        **{c: _percent_column(pa.Check.in_range(0, 100), SHARE_DESCRIPTIONS[c]) for c in SHARE_COLUMNS},
        "unit": _unit_column(["percent"], "shares are in percent"),
    },
    ("bank",),
    "Fig. 2: 2022 loan structure by bank, shares of total loans in percent.",
    checks=[
        pa.Check(
            _shares_sum_to_100,
            name="shares_sum_to_100",
            error=f"retail + corporate + bills shares sum to 100 (within {SHARE_SUM_TOLERANCE:g} point)",
        )
    ],
    coerce=True,
)

CARD_CONSUMER_LOANS = table_contract(
    "card_consumer_loans",
    {
        "bank": _bank_column(),
        "year": _year_column(FIGURE_YEAR, FIGURE_YEAR, "the year of the figure, 2022"),
        "card_loans": pa.Column(float, pa.Check.ge(0), nullable=False, description="credit-card loans (信用卡贷款)"),
        "consumer_loans": pa.Column(
            float, pa.Check.ge(0), nullable=False, description="consumer loans (消费贷款), excluding housing mortgages"
        ),
        "unit": _unit_column(BALANCE_UNITS, "100 million yuan (亿元), written either way"),
    },
    ("bank",),
    "Fig. 3: 2022 credit-card and consumer-loan balances by bank, in 100 million yuan (亿元).",
    coerce=True,
)

NIM_ROA = table_contract(
    "nim_roa",
    {
        "year": _year_column(*NIM_ROA_YEARS, "year end; unique within the file"),
        "nim": _percent_column(pa.Check.in_range(0, 10), "net interest margin (净息差), %"),
        "roa": _percent_column(pa.Check.in_range(0, 5), "return on assets (资产利润率), %"),
        "unit": _unit_column(["percent"], "both series are in percent"),
    },
    ("year",),
    "Fig. 1 (optional): year-end commercial-bank NIM and ROA in percent.",
    optional=True,
    coerce=True,
)

CONTRACTS = [LOAN_STRUCTURE, CARD_CONSUMER_LOANS, NIM_ROA]


@dataclass
class BankData:
    """The bank-level inputs of Figs. 2 and 3, and whether they are simulated."""

    loan_structure: pd.DataFrame
    card_consumer_loans: pd.DataFrame
    simulated: bool


@dataclass
class Inputs:
    """Everything the chapter reads: bank-level data (Figs. 2-3), the NIM/ROA series (Fig. 1)
    and the numbers the text prints (N1-N24, by quantity name)."""

    banks: BankData
    nim_roa: pd.DataFrame
    numbers: dict[str, float]


def read_real(directory: Path | None = None) -> Inputs:
    """The reader's files in ``data/raw/consumer_finance/`` (or ``directory``), read through the contracts.

    All three files are checked in one pass, so a reader sees every problem at once in one
    :class:`~livingpapers.toolkit.contracts.DataContractError`; ``nim_roa.csv`` is optional
    (the curated series is used without it).
    """
    tables = contracts.read_real(SLUG, CONTRACTS, directory)
    banks = BankData(tables["loan_structure"], tables["card_consumer_loans"], simulated=False)
    nim_roa = real_nim_roa(tables["nim_roa"]) if "nim_roa" in tables else nim_roa_facts()
    return Inputs(banks, nim_roa, text_numbers())


def real_nim_roa(real: pd.DataFrame) -> pd.DataFrame:
    """The reader's NIM/ROA file in the long format of the curated series."""
    long = real.melt(id_vars="year", value_vars=["nim", "roa"], var_name="indicator")
    long["basis"], long["confidence"] = "real data", "real"
    long["source"] = f"data/raw/{SLUG}/{NIM_ROA.filename}"
    return long


def real_tables(inputs: Inputs) -> dict[str, pd.DataFrame]:
    """The inputs as the files of ``data/raw/consumer_finance/`` (by contract name), ready for ``write_tables``.

    The NIM/ROA file is optional and written only when the series came from a reader's file:
    a curated series is what :func:`read_real` uses anyway when the file is absent.
    """
    tables = {
        "loan_structure": inputs.banks.loan_structure,
        "card_consumer_loans": inputs.banks.card_consumer_loans,
    }
    if (inputs.nim_roa["confidence"] == "real").all():
        wide = inputs.nim_roa.pivot(index="year", columns="indicator", values="value").reset_index()
        tables["nim_roa"] = wide.assign(unit="percent")[NIM_ROA.columns()]
    return tables
