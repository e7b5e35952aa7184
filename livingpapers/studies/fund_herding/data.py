"""Inputs, the real-data contract and the curated facts of the fund-herding chapter.

The authors' data (RESSET, Wind, Choice) are proprietary. A reader who has them puts six
vendor-style CSV files in ``data/raw/fund_herding/``: the semi-annual full holdings, the stock
universe with Shenwan level-3 industries and float caps, daily fund returns, the daily market and
risk-free returns, fund-year characteristics (net assets, adjusted NAV, stock value, trades,
manager), and, optionally, weekly stock returns for the stock-level test (Table 12).
:func:`read_real` checks every file against :data:`CONTRACTS` and reports every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from livingpapers.toolkit.contracts import DataContractError, TableContract
from livingpapers.toolkit.contracts import read_real as read_contracted
from livingpapers.toolkit.facts import load_facts

SLUG = "fund_herding"
CATEGORIES = ("ordinary equity", "equity-biased hybrid", "balanced hybrid")
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


@dataclass
class Inputs:
    """Everything the chapter reads, in the files' format (long tables), in either data mode.

    ``truth`` is set by the stand-in only: the planted effects and the noiseless fund-year
    outcomes from which the planted value of each regression coefficient is computed.
    """

    holdings: pd.DataFrame
    stocks: pd.DataFrame
    fund_daily: pd.DataFrame
    market_daily: pd.DataFrame
    funds: pd.DataFrame
    stock_weekly: pd.DataFrame | None = None
    simulated: bool = False
    truth: object | None = None
    log: dict = field(default_factory=dict)


def _date(description: str) -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(DATE_PATTERN), description=description)


def _id(description: str) -> pa.Column:
    return pa.Column(str, pa.Check.str_length(min_value=1), description=description)


HOLDINGS = TableContract(
    name="holdings",
    filename="holdings.csv",
    description="Full stock holdings of each fund at each interim (June 30) and annual (December 31) report.",
    keys=("fund_id", "report_date", "stock_id"),
    schema=pa.DataFrameSchema(
        {
            "fund_id": _id("fund code, e.g. 000001.OF"),
            "report_date": pa.Column(
                str, pa.Check.str_matches(r"^\d{4}-(06-30|12-31)$"), description="YYYY-06-30 or YYYY-12-31"
            ),
            "stock_id": _id("stock code, e.g. 600519.SH"),
            "weight": pa.Column(
                float, pa.Check.in_range(0.0, 1.0, include_min=False), description="market value / fund net assets"
            ),
        },
        coerce=True,
        strict=True,
    ),
)

STOCKS = TableContract(
    name="stocks",
    filename="stocks.csv",
    description="Listed stocks at each year end: Shenwan level-3 industry and float market cap.",
    keys=("stock_id", "year"),
    schema=pa.DataFrameSchema(
        {
            "stock_id": _id("stock code"),
            "year": pa.Column(int, pa.Check.in_range(1990, 2100), description="year end"),
            "industry": _id("Shenwan (申万宏源) level-3 industry name or code"),
            "float_cap": pa.Column(float, pa.Check.gt(0), description="float market cap at year end, CNY"),
        },
        coerce=True,
        strict=True,
    ),
)

FUND_DAILY = TableContract(
    name="fund_daily",
    filename="fund_daily.csv",
    description="Daily return of each fund's adjusted (复权) unit NAV.",
    keys=("fund_id", "date"),
    schema=pa.DataFrameSchema(
        {
            "fund_id": _id("fund code"),
            "date": _date("trading day, YYYY-MM-DD"),
            "ret": pa.Column(float, pa.Check.in_range(-50.0, 50.0), description="daily return, percent"),
        },
        coerce=True,
        strict=True,
    ),
)

MARKET_DAILY = TableContract(
    name="market_daily",
    filename="market_daily.csv",
    description="Daily market index return (e.g. CSI 300) and risk-free rate (the paper names neither).",
    keys=("date",),
    schema=pa.DataFrameSchema(
        {
            "date": _date("trading day, YYYY-MM-DD"),
            "market_ret": pa.Column(float, pa.Check.in_range(-20.0, 20.0), description="daily return, percent"),
            "rf": pa.Column(float, pa.Check.in_range(-1.0, 1.0), description="daily risk-free rate, percent"),
        },
        coerce=True,
        strict=True,
    ),
)

FUNDS = TableContract(
    name="funds",
    filename="funds.csv",
    description="Fund-year characteristics at each year end, with the manager in charge.",
    keys=("fund_id", "year"),
    schema=pa.DataFrameSchema(
        {
            "fund_id": _id("fund code"),
            "year": pa.Column(int, pa.Check.in_range(1990, 2100), description="year"),
            "category": pa.Column(str, pa.Check.isin(CATEGORIES), description="Wind-style fund type"),
            "inception_date": _date("fund inception date, YYYY-MM-DD"),
            "tna": pa.Column(float, pa.Check.gt(0), description="net assets at year end, CNY"),
            "nav_adj": pa.Column(float, pa.Check.gt(0), description="adjusted unit NAV at year end"),
            "stock_value": pa.Column(float, pa.Check.ge(0), description="stock holdings at market value, CNY"),
            "buy_amount": pa.Column(float, pa.Check.ge(0), description="stock purchases in the year, CNY"),
            "sell_amount": pa.Column(float, pa.Check.ge(0), description="stock sales in the year, CNY"),
            "manager_male": pa.Column(int, pa.Check.isin([0, 1]), description="1 = male"),
            "manager_phd": pa.Column(int, pa.Check.isin([0, 1]), description="1 = PhD"),
            "experience_years": pa.Column(float, pa.Check.gt(0), description="years in the industry"),
            "tenure_years": pa.Column(float, pa.Check.gt(0), description="years managing this fund"),
        },
        coerce=True,
        strict=True,
    ),
)

STOCK_WEEKLY = TableContract(
    name="stock_weekly",
    filename="stock_weekly.csv",
    description="Weekly stock returns (for Table 12); without this file Table 12 is not computed.",
    keys=("stock_id", "week_end"),
    optional=True,
    schema=pa.DataFrameSchema(
        {
            "stock_id": _id("stock code"),
            "week_end": _date("last trading day of the week, YYYY-MM-DD"),
            "ret": pa.Column(float, pa.Check.in_range(-1.0, 10.0), description="weekly return, decimal"),
        },
        coerce=True,
        strict=True,
    ),
)

CONTRACTS = [HOLDINGS, STOCKS, FUND_DAILY, MARKET_DAILY, FUNDS, STOCK_WEEKLY]


def _cross_file_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Links between files that no single-file contract can check."""
    problems = []
    known_funds = set(tables["funds"]["fund_id"])
    for name in ("holdings", "fund_daily"):
        unknown = sorted(set(tables[name]["fund_id"]) - known_funds)
        if unknown:
            problems.append(f"{name}.csv: {len(unknown)} fund_id(s) not in funds.csv; e.g. {unknown[:5]}")
    years = pd.to_numeric(tables["holdings"]["report_date"].str[:4])
    held = set(zip(tables["holdings"]["stock_id"], years))
    listed = set(zip(tables["stocks"]["stock_id"], tables["stocks"]["year"]))
    missing = sorted(held - listed)
    if missing:
        problems.append(f"holdings.csv: {len(missing)} (stock_id, year) pairs not in stocks.csv; e.g. {missing[:5]}")
    days = set(tables["fund_daily"]["date"])
    no_market = sorted(days - set(tables["market_daily"]["date"]))
    if no_market:
        problems.append(f"fund_daily.csv: {len(no_market)} dates without a market return; e.g. {no_market[:5]}")
    totals = tables["holdings"].groupby(["fund_id", "report_date"])["weight"].sum()
    over = totals[totals > 1.05]
    if len(over):
        examples = [f"{f} {d}: {w:.2f}" for (f, d), w in over.head(5).items()]
        problems.append(
            f"holdings.csv: weights of {len(over)} fund-dates sum to more than 1.05 of NAV; e.g. {examples}"
        )
    return problems


def read_real(directory: Path | None = None) -> Inputs:
    """Read ``data/raw/fund_herding/`` through the contracts; one error lists every problem."""
    tables = read_contracted(SLUG, CONTRACTS, directory)
    problems = _cross_file_problems(tables)
    if problems:
        raise DataContractError(problems)
    return Inputs(
        holdings=tables["holdings"],
        stocks=tables["stocks"],
        fund_daily=tables["fund_daily"],
        market_daily=tables["market_daily"],
        funds=tables["funds"],
        stock_weekly=tables.get("stock_weekly"),
        simulated=False,
    )


def real_tables(inputs: Inputs) -> dict[str, pd.DataFrame]:
    """The inputs as the files' frames (what :func:`read_real` reads back), e.g. to export the stand-in."""
    out = {
        "holdings": inputs.holdings,
        "stocks": inputs.stocks,
        "fund_daily": inputs.fund_daily,
        "market_daily": inputs.market_daily,
        "funds": inputs.funds,
    }
    if inputs.stock_weekly is not None:
        out["stock_weekly"] = inputs.stock_weekly
    columns = {c.name: c.columns() for c in CONTRACTS}
    return {
        name: frame[columns[name]]
        .astype({c: str for c in columns[name] if frame[c].dtype.name == "category"})
        .reset_index(drop=True)
        for name, frame in out.items()
    }


# --- published numbers ----------------------------------------------------------------------
_PUBLISHED: dict | None = None


def published_claims() -> dict[str, dict]:
    """The claims of ``data/published/fund_herding.yml`` by id (read once; the C YAML loader if present)."""
    global _PUBLISHED
    if _PUBLISHED is None:
        import yaml

        from livingpapers.toolkit.paths import published_dir

        text = (published_dir() / f"{SLUG}.yml").read_text(encoding="utf-8")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _PUBLISHED = {c["id"]: c for c in yaml.load(text, Loader=loader)["claims"]}
    return _PUBLISHED


def published(claim_id: str) -> float:
    """One published number (never retyped in code)."""
    return published_claims()[claim_id]["value"]


# --- curated facts ------------------------------------------------------------------------
def facts(name: str) -> pd.DataFrame:
    """One curated facts file, ``data/facts/fund_herding_<name>.csv``, with sources checked."""
    return load_facts(f"{SLUG}_{name}")


def episodes() -> pd.DataFrame:
    """The four herding episodes of Figure 1 (start, end, theme), from the curated facts."""
    frame = facts("episodes")
    return frame.astype({"episode": int, "start": int, "end": int})


def csi300_returns() -> pd.Series:
    """CSI 300 annual price returns (percent) by year, from the curated facts."""
    frame = facts("csi300")
    return pd.Series(pd.to_numeric(frame["price_return_pct"]).to_numpy(), index=frame["year"].astype(int))


def rule(name: str) -> float:
    """A regulatory or sample rule's value (e.g. the double-ten limit), from the curated facts."""
    frame = facts("rules").set_index("rule")
    return float(frame.loc[name, "value"])
