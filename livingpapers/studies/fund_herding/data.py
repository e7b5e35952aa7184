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


def _num(check: pa.Check, description: str, dtype: type = float) -> pa.Column:
    return pa.Column(dtype, check, description=description)


def _yearly(id_column: str, id_description: str, year_description: str) -> dict[str, pa.Column]:
    """The key columns of a table with one row per entity and year."""
    return {id_column: _id(id_description), "year": _num(pa.Check.in_range(1990, 2100), year_description, int)}


def _contract(name: str, description: str, keys: tuple[str, ...], columns: dict, optional: bool = False):
    """A strict, coercing contract for ``<name>.csv`` with the given pandera columns."""
    schema = pa.DataFrameSchema(columns, coerce=True, strict=True)
    return TableContract(
        name=name, filename=f"{name}.csv", schema=schema, keys=keys, description=description, optional=optional
    )


def _returns_contract(name, description, id_column, date_column, bounds, unit, optional=False):
    """A table of returns by series and date (fund-days, stock-weeks)."""
    period = "trading day" if date_column == "date" else "last trading day of the week"
    columns = {
        id_column: _id(f"{id_column.split('_')[0]} code"),
        date_column: _date(f"{period}, YYYY-MM-DD"),
        "ret": _num(pa.Check.in_range(*bounds), f"{'daily' if date_column == 'date' else 'weekly'} return, {unit}"),
    }
    return _contract(name, description, (id_column, date_column), columns, optional)


HOLDINGS = _contract(
    "holdings",
    "Full stock holdings of each fund at each interim (June 30) and annual (December 31) report.",
    ("fund_id", "report_date", "stock_id"),
    {
        "fund_id": _id("fund code, e.g. 000001.OF"),
        "report_date": pa.Column(
            str, pa.Check.str_matches(r"^\d{4}-(06-30|12-31)$"), description="YYYY-06-30 or YYYY-12-31"
        ),
        "stock_id": _id("stock code, e.g. 600519.SH"),
        "weight": _num(pa.Check.in_range(0.0, 1.0, include_min=False), "market value / fund net assets"),
    },
)
STOCKS = _contract(
    "stocks",
    "Listed stocks at each year end: Shenwan level-3 industry and float market cap.",
    ("stock_id", "year"),
    {
        **_yearly("stock_id", "stock code", "year end"),
        "industry": _id("Shenwan (申万宏源) level-3 industry name or code"),
        "float_cap": _num(pa.Check.gt(0), "float market cap at year end, CNY"),
    },
)
FUND_DAILY = _returns_contract(
    "fund_daily", "Daily return of each fund's adjusted (复权) unit NAV.", "fund_id", "date", (-50.0, 50.0), "percent"
)
MARKET_DAILY = _contract(
    "market_daily",
    "Daily market index return (e.g. CSI 300) and risk-free rate (the paper names neither).",
    ("date",),
    {
        "date": _date("trading day, YYYY-MM-DD"),
        "market_ret": _num(pa.Check.in_range(-20.0, 20.0), "daily return, percent"),
        "rf": _num(pa.Check.in_range(-1.0, 1.0), "daily risk-free rate, percent"),
    },
)
FUNDS = _contract(
    "funds",
    "Fund-year characteristics at each year end, with the manager in charge.",
    ("fund_id", "year"),
    {
        **_yearly("fund_id", "fund code", "year"),
        "category": pa.Column(str, pa.Check.isin(CATEGORIES), description="Wind-style fund type"),
        "inception_date": _date("fund inception date, YYYY-MM-DD"),
        "tna": _num(pa.Check.gt(0), "net assets at year end, CNY"),
        "nav_adj": _num(pa.Check.gt(0), "adjusted unit NAV at year end"),
        "stock_value": _num(pa.Check.ge(0), "stock holdings at market value, CNY"),
        "buy_amount": _num(pa.Check.ge(0), "stock purchases in the year, CNY"),
        "sell_amount": _num(pa.Check.ge(0), "stock sales in the year, CNY"),
        "manager_male": _num(pa.Check.isin([0, 1]), "1 = male", int),
        "manager_phd": _num(pa.Check.isin([0, 1]), "1 = PhD", int),
        "experience_years": _num(pa.Check.gt(0), "years in the industry"),
        "tenure_years": _num(pa.Check.gt(0), "years managing this fund"),
    },
)
STOCK_WEEKLY = _returns_contract(
    "stock_weekly",
    "Weekly stock returns (for Table 12); without this file Table 12 is not computed.",
    "stock_id",
    "week_end",
    (-1.0, 10.0),
    "decimal",
    optional=True,
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
