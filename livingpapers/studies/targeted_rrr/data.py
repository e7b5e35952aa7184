"""Facts, the policy index TR, the real-data contract and the analysis panel of the targeted-RRR chapter.

The paper (Zeng, Chen, Jin and Wang 2023) builds its policy index from the overnight interbank
rate one day before and one day after each targeted RRR cut (eqs. 13-15), aggregates the event
shocks into quarters with a carry-over of late-quarter events (Ottonello and Winberry 2020) and
sums the quarters into years; TR = 0 before 2014. The events come from ``data/facts`` (the paper
does not list them). A reader's own data go in ``data/raw/targeted_rrr/`` as three CSV files,
checked against :data:`CONTRACTS` before anything is computed.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from livingpapers.methods.gmm import panel_lag
from livingpapers.toolkit import contracts
from livingpapers.toolkit.contracts import DataContractError, TableContract
from livingpapers.toolkit.facts import load_facts, numeric

SLUG = "targeted_rrr"
FIRST_YEAR, LAST_YEAR = 2011, 2018
FIRST_POLICY_YEAR = 2014  # footnote 14: TR = 0 before 2014
BANK_TYPES = ("state_owned", "joint_stock", "city_rural")
LARGE_TYPES = ("state_owned", "joint_stock")
CONTROLS = ["SIZE", "NNI", "NPL", "ROA"]  # lagged one year
MACRO = ["M2", "CPI"]  # contemporaneous
GROUPS = {"large (state-owned and joint-stock)": LARGE_TYPES, "SMB (city and rural)": ("city_rural",)}
N_COEFFICIENTS = 1 + 3 + len(CONTROLS) + len(MACRO)  # Tables 3-4: lagged outcome, Fin, FinTR, TR, controls, macro


@dataclass
class Inputs:
    """What a chapter run starts from, in either data mode."""

    banks: pd.DataFrame  # bank_id, name, bank_type
    panel: pd.DataFrame  # bank-year raw variables
    rates: pd.DataFrame  # overnight interbank rate by date
    simulated: bool


# --- facts ----------------------------------------------------------------------------------
def facts(name: str) -> pd.DataFrame:
    """``data/facts/targeted_rrr_<name>.csv``, every row with a source and a confidence level."""
    return _facts(name).copy()


@functools.cache
def _facts(name: str) -> pd.DataFrame:
    return load_facts(f"{SLUG}_{name}")


def events(event_set: str = "default", dates: str = "effective") -> pd.DataFrame:
    """The targeted RRR events entering TR: ``default`` or ``extended`` set; ``effective`` or ``announced`` dates."""
    ev = facts("events")
    keep = ev[f"{event_set}_set"] == "yes"
    out = ev.loc[keep, ["event", "effective", "announced", "content"]].copy()
    out["date"] = pd.to_datetime(out[dates]).dt.date
    out["event"] = out["event"].astype(int)
    return out.reset_index(drop=True)


def macro() -> pd.DataFrame:
    """CPI inflation and M2 growth by year (%), from the curated facts."""
    return _macro().copy()


@functools.cache
def _macro() -> pd.DataFrame:
    m = numeric(facts("macro"), ["year", "cpi_inflation", "m2_growth"])
    return m.rename(columns={"cpi_inflation": "CPI", "m2_growth": "M2"})[["year", "CPI", "M2"]].astype({"year": int})


# --- the policy index TR (eqs. 13-15) -------------------------------------------------------
def month_weight(day: date) -> float:
    """v(k) = days in month / (days in month - days already elapsed), elapsed = day of month - 1."""
    n = calendar.monthrange(day.year, day.month)[1]
    return n / (n - (day.day - 1))


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_split(day: date) -> tuple[float, float]:
    """(w^a, w^b): the share of the event's quarter left after it, and the share carried into the next quarter."""
    start = quarter_start(day)
    end = date(start.year + (start.month == 10), (start.month + 3 - 1) % 12 + 1, 1)
    n, elapsed = (end - start).days, (day - start).days
    return (n - elapsed) / n, elapsed / n


def rate_on(rates: pd.Series, day: date, direction: int) -> float:
    """The overnight rate on ``day``, or on the nearest earlier (direction -1) / later (+1) day with a quote."""
    for step in range(8):
        d = day + timedelta(days=direction * step)
        if d in rates.index:
            return float(rates.loc[d])
    raise KeyError(f"no overnight rate within a week {'before' if direction < 0 else 'after'} {day}")


def event_shocks(ev: pd.DataFrame, rates: pd.DataFrame, weight: bool = True) -> pd.DataFrame:
    """eq. (13): eps_k = -v(k) (ffr the day after - ffr the day before), in percentage points."""
    series = rates.assign(date=pd.to_datetime(rates["date"]).dt.date).set_index("date")["rate"]
    out = ev.copy()
    out["rate_before"] = [rate_on(series, d - timedelta(days=1), -1) for d in out["date"]]
    out["rate_after"] = [rate_on(series, d + timedelta(days=1), +1) for d in out["date"]]
    out["v"] = [month_weight(d) if weight else 1.0 for d in out["date"]]
    out["shock"] = -out["v"] * (out["rate_after"] - out["rate_before"])
    splits = [quarter_split(d) for d in out["date"]]
    out["w_a"], out["w_b"] = [s[0] for s in splits], [s[1] for s in splits]
    return out


def quarterly_index(shocks: pd.DataFrame) -> pd.DataFrame:
    """eq. (15): TR_q = sum of w^a eps over events in q + sum of w^b eps over events in q - 1."""
    rows = []
    for _, e in shocks.iterrows():
        q = pd.Period(e["date"], freq="Q")
        rows += [{"quarter": q, "TR_q": e["w_a"] * e["shock"]}, {"quarter": q + 1, "TR_q": e["w_b"] * e["shock"]}]
    frame = pd.DataFrame(rows).groupby("quarter", as_index=False)["TR_q"].sum()
    return frame.assign(year=frame["quarter"].dt.year)


def annual_index(shocks: pd.DataFrame, years=range(FIRST_YEAR, LAST_YEAR + 1)) -> pd.Series:
    """TR_t = sum over the year's quarters; 0 before 2014 (footnote 14) and in years without events."""
    by_year = quarterly_index(shocks).groupby("year")["TR_q"].sum()
    tr = by_year.reindex(list(years), fill_value=0.0)
    tr[tr.index < FIRST_POLICY_YEAR] = 0.0
    return tr.rename("TR")


def tr_variants(rates: pd.DataFrame) -> pd.DataFrame:
    """TR by year under the paper's construction and the sensitivity variants of spec §8.2."""
    variants = {
        "Default events, effective dates": (events("default"), True),
        "Plus rural-only and Oct 2018 cuts": (events("extended"), True),
        "Announcement dates": (events("default", "announced"), True),
        "Without the v(k) weight": (events("default"), False),
    }
    return pd.DataFrame({name: annual_index(event_shocks(ev, rates, w)) for name, (ev, w) in variants.items()})


# --- contracts ------------------------------------------------------------------------------
def _banks_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "bank_id": pa.Column(str, pa.Check.str_length(min_value=1), description="bank identifier"),
            "name": pa.Column(str, nullable=True, description="bank name (optional)"),
            "bank_type": pa.Column(
                str, pa.Check.isin(BANK_TYPES), description="state_owned, joint_stock or city_rural"
            ),
        },
        coerce=True,
        strict=False,
    )


def _panel_schema() -> pa.DataFrameSchema:
    pos = pa.Check.gt(0)
    return pa.DataFrameSchema(
        {
            "bank_id": pa.Column(str, description="bank identifier (as in banks.csv)"),
            "year": pa.Column(int, pa.Check.in_range(FIRST_YEAR, LAST_YEAR), description="calendar year"),
            "sloan": pa.Column(float, pos, description="year-end small/micro enterprise loan balance, RMB 100 million"),
            "total_assets": pa.Column(float, pos, description="total assets, RMB 100 million"),
            "total_loans": pa.Column(float, pos, description="total loans, RMB 100 million"),
            "roa": pa.Column(float, pa.Check.in_range(-0.2, 0.2), description="return on assets, ratio"),
            "npl": pa.Column(float, pa.Check.in_range(0, 100), description="non-performing loan ratio, %"),
            "nni": pa.Column(float, pa.Check.in_range(-1, 1), description="non-interest income / operating income, ratio"),
            "fin": pa.Column(float, description="log PKU commercial-bank digital transformation index"),
            "dfiic": pa.Column(float, nullable=True, required=False, description="log digital financial inclusion index of the home province (IV, optional)"),
            "news_index": pa.Column(float, nullable=True, required=False, description="annual news/Baidu digital-finance index (IV, optional)"),
        },
        checks=[
            pa.Check(lambda d: d["total_loans"] <= d["total_assets"], element_wise=False, error="total_loans <= total_assets"),
            pa.Check(lambda d: d["sloan"] <= d["total_loans"], element_wise=False, error="sloan <= total_loans"),
        ],
        coerce=True,
        strict=False,
    )  # fmt: skip


def _iso_dates(values: pd.Series) -> pd.Series:
    """YYYY-MM-DD text as dates; anything else (2015-02-30, 15/02/2015) as NaT."""
    return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")


def _real_dates(values: pd.Series) -> pd.Series:
    """A date in the ISO form that exists (2015-02-30 does not); other forms are left to ``str_matches``."""
    return _iso_dates(values).notna() | ~values.astype(str).str.fullmatch(r"\d{4}-\d{2}-\d{2}")


def _rates_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "date": pa.Column(
                str,
                [pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), pa.Check(_real_dates, error="a calendar date")],
                description="ISO date",
            ),
            "rate": pa.Column(float, pa.Check.in_range(0, 30), description="overnight interbank rate, % a year"),
        },
        coerce=True,
        strict=False,
    )


CONTRACTS = [
    TableContract("banks", "banks.csv", _banks_schema(), ("bank_id",), "One row per bank: its type decides the large/SMB split."),
    TableContract("panel", "bank_panel.csv", _panel_schema(), ("bank_id", "year"),
                  "Bank-year panel, 2011-2018; a missing year is simply absent (the panel may be unbalanced)."),
    TableContract("rates", "overnight_rates.csv", _rates_schema(), ("date",),
                  "Daily overnight interbank rate (e.g. O/N SHIBOR); at least the days around each event in "
                  "data/facts/targeted_rrr_events.csv."),
]  # fmt: skip


def cross_table_problems(tables: dict[str, pd.DataFrame], directory: Path | None = None) -> list[str]:
    """Problems no single file shows: unknown banks, too short a sample for a bank group, missing event dates."""

    def label(filename: str) -> str:
        return contracts.file_label(SLUG, filename, directory)

    problems = gmm_sample_problems(tables, label("bank_panel.csv"))
    if {"banks", "panel"} <= set(tables):
        unknown = sorted(set(tables["panel"]["bank_id"]) - set(tables["banks"]["bank_id"]))
        if unknown:
            problems.append(
                f"{label('bank_panel.csv')}: {len(unknown)} bank_id(s) not in banks.csv, e.g. {unknown[:5]}"
            )
    if "rates" in tables:
        problems += _event_rate_problems(tables["rates"], label("overnight_rates.csv"))
    return problems


def _event_rate_problems(rates: pd.DataFrame, label: str) -> list[str]:
    """TR needs a rate within a week before and after each event (one line naming every event without)."""
    rates = rates.assign(date=_iso_dates(rates["date"]).dt.date).dropna(subset=["date"])
    series = rates.set_index("date")["rate"]
    ev = events("extended")
    missing = []
    for e in ev.itertuples():
        sides = []
        for side, day, direction in (
            ("before", e.date - timedelta(days=1), -1),
            ("after", e.date + timedelta(days=1), 1),
        ):
            try:
                rate_on(series, day, direction)
            except KeyError:
                sides.append(side)
        if sides:
            missing.append(f"{e.event} on {e.date} ({' and '.join(sides)})")
    if not missing:
        return []
    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    return [
        f"{label}: no overnight rate within a week before or after {len(missing)} of the {len(ev)} events "
        f"(TR needs the day before and the day after each): event {', '.join(missing[:5])}{more}"
    ]


def gmm_sample_problems(tables: dict[str, pd.DataFrame], label: str) -> list[str]:
    """Each bank group needs more difference-GMM equations than Tables 3-4 have coefficients.

    A bank-year gives an equation when the bank also has the two years before it (the lagged
    outcome in differences); the large and the SMB columns are estimated on their banks alone.
    """
    if not {"banks", "panel"} <= set(tables):
        return []
    panel, banks = tables["panel"], tables["banks"]
    cells = set(zip(panel["bank_id"], pd.to_numeric(panel["year"], errors="coerce")))
    type_of = dict(zip(banks["bank_id"], banks["bank_type"]))
    usable = [b for b, y in cells if (b, y - 1) in cells and (b, y - 2) in cells]
    problems = []
    for group, types in GROUPS.items():
        n = sum(type_of.get(b) in types for b in usable)
        if n <= N_COEFFICIENTS:
            problems.append(
                f"{label}: the {group} banks give {n} difference-GMM equation(s) (bank-years with both previous "
                f"years); Tables 1-4 estimate up to {N_COEFFICIENTS} coefficients on each group, so at least "
                f"{N_COEFFICIENTS + 1} are needed"
            )
    return problems


def read_real(directory: Path | None = None) -> Inputs:
    """Read and check ``data/raw/targeted_rrr/``; one :class:`DataContractError` lists every problem."""
    try:
        tables = contracts.read_real(
            SLUG, CONTRACTS, directory, checks=[functools.partial(cross_table_problems, directory=directory)]
        )
    except DataContractError as err:
        raise DataContractError(err.problems) from None
    return Inputs(tables["banks"], tables["panel"], tables["rates"], simulated=False)


def real_tables(inputs: Inputs) -> dict[str, pd.DataFrame]:
    """The inputs in the files' format (used to export the stand-in)."""
    return {"banks": inputs.banks, "panel": inputs.panel, "rates": inputs.rates}


# --- the analysis panel ---------------------------------------------------------------------
def analysis_panel(inputs: Inputs, tr: pd.Series) -> pd.DataFrame:
    """Variables as the paper defines them: logs, shares, lagged bank controls, macro controls and TR."""
    p = inputs.panel.merge(inputs.banks[["bank_id", "bank_type"]], on="bank_id", how="left", validate="many_to_one")
    p = p.assign(
        lnsloan=np.log(p["sloan"]),
        slr=p["sloan"] / p["total_assets"],  # as printed: small/micro loans / total assets
        slr_loans=p["sloan"] / p["total_loans"],  # the model's share of loans (spec §10 item 1)
        size=np.log(p["total_assets"]),
        large=p["bank_type"].isin(LARGE_TYPES),
    )
    for name, raw in (("SIZE", "size"), ("NNI", "nni"), ("NPL", "npl"), ("ROA", "roa")):
        p[name] = panel_lag(p, raw, "bank_id", "year")
    p = p.merge(macro(), on="year", how="left", validate="many_to_one")
    p["TR"] = p["year"].map(tr).astype(float)
    p["Fin"] = p["fin"]
    p["FinTR"] = p["fin"] * p["TR"]
    return p.sort_values(["bank_id", "year"]).reset_index(drop=True)
