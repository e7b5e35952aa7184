"""Facts, the real-data contract and the analysis variables of the financial-opening chapter.

The treatment is the city-by-city removal of geographic limits on foreign banks' RMB business,
2001-2006 (curated in ``data/facts/financial_opening_schedule.csv``; the paper lists no dates).
The intensity is the city's bank-branch concentration before its opening, ``prehhi``. Real mode
reads CSMAR/Wind-style files from ``data/raw/financial_opening/`` through :data:`CONTRACTS`:
raw amounts, not ratios, so that every variable of the paper is built here the same way in
both data modes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from livingpapers.toolkit import contracts
from livingpapers.toolkit.contracts import TableContract, table_contract
from livingpapers.toolkit.facts import load_facts

SLUG = "financial_opening"
FIRST_YEAR, LAST_YEAR = 2000, 2016
BANK_FIRST_YEAR = 1998  # branch history used for the pre-opening mean (spec §10 item 3)
ASIF_LAST_YEAR = 2013
FULL_OPENING_YEAR = 2006
CONTROLS = ["tangl", "cof", "size", "intangible", "roa", "vbr", "lev"]
GOVERNANCE = ["board_size", "indep_share", "top1_share", "duality"]
CITY_CONTROLS = ["ln_gdp_pc", "ln_fai", "ln_employment", "ln_gov_revenue", "ln_gov_expenditure"]
WINSORIZED = [
    "trade_c",
    "trade_c_cost",
    "ar_assets",
    "ln_ar",
    "net_ar_assets",
    "net_ar_rev",
    "net_ar_cost",
    *CONTROLS,
    "lt_ratio",
    "st_ratio",
]
CSRC_INDUSTRIES = [
    "A", "B", "C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "D", "E", "F", "G", "H", "K", "L", "M",
]  # fmt: skip
EVENT_MIN, EVENT_MAX = -5, 10  # end-points binned (spec §10 item 6)


# --- curated facts ------------------------------------------------------------------------
def facts(name: str) -> pd.DataFrame:
    """One curated facts file, ``data/facts/financial_opening_<name>.csv``, sources checked."""
    return load_facts(f"{SLUG}_{name}")


def cities() -> pd.DataFrame:
    """The stand-in's universe of prefecture-level cities with the curated opening year and flags."""
    frame = facts("cities")[["city", "city_zh", "province", "belt", "admin_status"]]
    schedule = facts("schedule")
    year = dict(zip(schedule["city"], pd.to_numeric(schedule["opening_year"])))
    frame = frame.assign(
        opening_year=frame["city"].map(year).fillna(FULL_OPENING_YEAR).astype(int),
        open18=frame["city"].isin(set(facts("open18")["city"])).astype(int),
    )
    return frame.reset_index(drop=True)


def city_names() -> list[str]:
    return facts("cities")["city"].tolist()


def opening_schedule_summary() -> pd.DataFrame:
    """Cities opened per year (the shares the placebo keeps)."""
    counts = cities()["opening_year"].value_counts().sort_index()
    return pd.DataFrame({"cities opened": counts, "cumulative": counts.cumsum()}).rename_axis("year")


def supported_industries() -> set[int]:
    """Two-digit ASIF industries coded as 10th-FYP key-supported (low confidence, see the facts)."""
    table = facts("industries")
    return set(pd.to_numeric(table.loc[table["supported_10fyp"] == "1", "code"]))


def facts_overview() -> pd.DataFrame:
    """Rows per curated facts file by confidence level."""
    names = ["schedule", "open18", "cities", "industries", "sa_index", "inputs"]
    rows = {
        f"{SLUG}_{n}.csv": facts(n)["confidence"].value_counts().reindex(["high", "medium", "low"], fill_value=0)
        for n in names
    }
    return pd.DataFrame(rows).T.assign(total=lambda t: t.sum(axis=1))


# --- the data contract --------------------------------------------------------------------
def _num(*checks, nullable: bool = False, description: str = "") -> pa.Column:
    return pa.Column(float, list(checks), nullable=nullable, description=description)


def _firm_year_contract() -> TableContract:
    ge0 = pa.Check.ge(0)
    share = pa.Check.in_range(0, 1)
    columns = {
        "stkcd": pa.Column(str, pa.Check.str_matches(r"^\d{6}$"), description="six-digit A-share code"),
        "year": pa.Column(int, pa.Check.in_range(FIRST_YEAR, LAST_YEAR), description="fiscal year"),
        "city": pa.Column(
            str,
            pa.Check.isin(city_names(), error="city is a prefecture city of data/facts/financial_opening_cities.csv"),
            description="registered city (注册地), English name as in the cities facts file",
        ),
        "industry": pa.Column(str, pa.Check.isin([*CSRC_INDUSTRIES, "I"]), description="CSRC 2001 industry code"),
        "soe": pa.Column(int, pa.Check.isin([0, 1]), description="1 if the ultimate controller is the state"),
        "revenue": _num(pa.Check.gt(0), description="operating revenue (营业收入), million yuan"),
        "cost": _num(pa.Check.gt(0), nullable=True, description="operating cost (营业成本), million yuan"),
        "ar": _num(ge0, description="accounts receivable (应收账款), million yuan"),
        "ap": _num(ge0, description="accounts payable (应付账款), million yuan"),
        "total_assets": _num(pa.Check.gt(0), description="total assets, million yuan"),
        "fixed_assets": _num(ge0, description="fixed assets, million yuan"),
        "intangible_assets": _num(ge0, description="intangible assets, million yuan"),
        "total_liabilities": _num(ge0, description="total liabilities, million yuan"),
        "net_profit": _num(description="net profit, million yuan"),
        "cfo": _num(description="net operating cash flow, million yuan"),
        "market_value": _num(pa.Check.gt(0), description="year-end market value of equity, million yuan"),
        "st_loans": _num(ge0, nullable=True, description="short-term loans, million yuan"),
        "lt_loans": _num(ge0, nullable=True, description="long-term loans, million yuan"),
        "customer_hhi": _num(share, nullable=True, description="HHI of sales shares of disclosed customers"),
        "top5_share": _num(share, nullable=True, description="share of sales to the top-5 customers"),
        "board_size": _num(pa.Check.ge(1), nullable=True, description="directors on the board"),
        "indep_share": _num(share, nullable=True, description="share of independent directors"),
        "top1_share": _num(share, nullable=True, description="largest shareholder's stake"),
        "duality": _num(pa.Check.isin([0, 1]), nullable=True, description="1 if the CEO chairs the board"),
        "prehhi_20": _num(share, nullable=True, description="pre-opening branch HHI within 20 km of the firm"),
    }
    return table_contract(
        "firm_year",
        columns,
        ("stkcd", "year"),
        "Listed-firm financials (CSMAR/Wind), one row per A-share firm and fiscal year 2000-2016.",
        coerce=True,
    )


def _city_year_contract() -> TableContract:
    positive = pa.Check.gt(0)
    return table_contract(
        "city_year",
        {
            "city": pa.Column(str, pa.Check.isin(city_names()), description="prefecture-level city (facts list)"),
            "year": pa.Column(int, pa.Check.in_range(BANK_FIRST_YEAR, LAST_YEAR), description="calendar year"),
            "bank_hhi": _num(pa.Check.in_range(0, 1), description="Herfindahl index of bank branches (CNRDS/CBIRC)"),
            "gdp_pc": _num(positive, nullable=True, description="GDP per capita, yuan"),
            "fai": _num(positive, nullable=True, description="fixed-asset investment, million yuan"),
            "employment": _num(positive, nullable=True, description="employment, thousand persons"),
            "gov_revenue": _num(positive, nullable=True, description="government revenue, million yuan"),
            "gov_expenditure": _num(positive, nullable=True, description="government expenditure, million yuan"),
            "market_finance": _num(nullable=True, description="Fan Gang financial-sector marketization (province)"),
            "lir": _num(nullable=True, description="interest-rate liberalization index (national)"),
        },
        ("city", "year"),
        "City-year bank concentration (1998-2016) and the city, provincial and national controls.",
        coerce=True,
    )


def _industry_contract() -> TableContract:
    return table_contract(
        "industries",
        {
            "industry": pa.Column(str, pa.Check.isin(CSRC_INDUSTRIES), description="CSRC 2001 industry code"),
            "soe_share2001": _num(pa.Check.in_range(0, 1), description="2001 SOE share of listed firms"),
            "tariff2001": _num(pa.Check.ge(0), description="2001 average import tariff, percent"),
        },
        ("industry",),
        "Industry-level 2001 exposures for the policy controls (CSRC 2001 codes).",
        coerce=True,
    )


def _dyad_contract() -> TableContract:
    return table_contract(
        "dyads",
        {
            "stkcd": pa.Column(str, pa.Check.str_matches(r"^\d{6}$"), description="upstream listed firm"),
            "down_id": pa.Column(str, pa.Check.str_length(min_value=1), description="ASIF firm identifier"),
            "year": pa.Column(int, pa.Check.in_range(FIRST_YEAR, ASIF_LAST_YEAR), description="calendar year"),
            "trade_c_rev": _num(pa.Check.ge(0), nullable=True, description="receivable from j / i's revenue"),
            "trade_c_cost": _num(pa.Check.ge(0), nullable=True, description="receivable from j / i's cost"),
            "down_industry": pa.Column(int, pa.Check.in_range(13, 43), description="ASIF two-digit industry"),
            "down_assets": _num(pa.Check.gt(0), description="downstream total assets, thousand yuan (ASIF)"),
            "down_age": _num(pa.Check.ge(0), description="downstream firm age, years"),
        },
        ("stkcd", "down_id", "year"),
        "Related-party receivables of listed firms from downstream ASIF firms, matched by name and year.",
        coerce=True,
    )


CONTRACTS = [_firm_year_contract(), _city_year_contract(), _industry_contract(), _dyad_contract()]


@dataclass
class Inputs:
    """The chapter's raw tables, in either data mode (``truth`` only for the stand-in)."""

    firm_year: pd.DataFrame
    city_year: pd.DataFrame
    industries: pd.DataFrame
    dyads: pd.DataFrame
    mode: str
    truth: object = None


def _cross_file_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Checks that span files: every firm city has bank data, every firm industry its exposures."""
    problems = []
    firms, city_year, industries = tables["firm_year"], tables["city_year"], tables["industries"]
    missing_cities = sorted(set(firms["city"]) - set(city_year["city"]))
    if missing_cities:
        problems.append(f"city_year.csv: no rows for firm cities {missing_cities[:5]}")
    missing_ind = sorted(set(firms["industry"]) - set(industries["industry"]) - {"I"})
    if missing_ind:
        problems.append(f"industries.csv: no rows for firm industries {missing_ind[:5]}")
    unknown_up = sorted(set(tables["dyads"]["stkcd"]) - set(firms["stkcd"]))
    if unknown_up:
        problems.append(f"dyads.csv: upstream firms not in firm_year.csv, e.g. {unknown_up[:5]}")
    return problems


def read_real(directory: Path | None = None) -> Inputs:
    """Read ``data/raw/financial_opening/`` through the contracts (one error lists every problem)."""
    tables = contracts.read_real(SLUG, CONTRACTS, directory)
    problems = _cross_file_problems(tables)
    if problems:
        raise contracts.DataContractError(problems)
    return Inputs(tables["firm_year"], tables["city_year"], tables["industries"], tables["dyads"], mode="real")


def real_tables(inputs: Inputs) -> dict[str, pd.DataFrame]:
    """The inputs in the files' format (used to export the stand-in as an example)."""
    return {
        "firm_year": inputs.firm_year,
        "city_year": inputs.city_year,
        "industries": inputs.industries,
        "dyads": inputs.dyads,
    }


# --- treatment and intensity --------------------------------------------------------------
def city_intensity(city_year: pd.DataFrame, post_lag: int = 0) -> pd.DataFrame:
    """Per city: opening year (+ ``post_lag``), prehhi and its variants (spec §3).

    prehhi is the mean branch HHI over the years before the opening year (from 1998);
    hhi_2000 the 2000 value; pre1_hhi the value one year before opening; market_finance the
    provincial index averaged over the same pre-opening years (higher = less repressed).
    """
    table = cities()
    table["treat_year"] = table["opening_year"] + post_lag
    cy = city_year.merge(table[["city", "opening_year"]], on="city")
    pre = cy[cy["year"] < cy["opening_year"]]
    out = table.set_index("city")
    out["prehhi"] = pre.groupby("city")["bank_hhi"].mean()
    out["market_finance_pre"] = pre.groupby("city")["market_finance"].mean()
    out["hhi_2000"] = cy[cy["year"] == FIRST_YEAR].set_index("city")["bank_hhi"]
    out["pre1_hhi"] = cy[cy["year"] == cy["opening_year"] - 1].set_index("city")["bank_hhi"]
    present = out["prehhi"].notna()
    out["high_hhi"] = (out["prehhi"] > out.loc[present, "prehhi"].median()).astype(float).where(present)
    return out.reset_index()


def winsorize(frame: pd.DataFrame, columns: list[str], level: float = 0.01) -> pd.DataFrame:
    """Clip each column at its pooled ``level`` and 1 - ``level`` quantiles (the paper's 1%/99%)."""
    out = frame.copy()
    for column in columns:
        low, high = out[column].quantile([level, 1 - level])
        out[column] = out[column].clip(low, high)
    return out


def firm_variables(firm_year: pd.DataFrame) -> pd.DataFrame:
    """Ratios of spec §3 from the raw amounts, after the paper's filters (§3.1)."""
    df = firm_year[(firm_year["industry"] != "I")].copy()
    df = df[df["total_liabilities"] <= df["total_assets"]]
    ta = df["total_assets"]
    df["trade_c"] = df["ar"] / df["revenue"]
    df["trade_c_cost"] = df["ar"] / df["cost"]
    df["ar_assets"] = df["ar"] / ta
    df["ln_ar"] = np.log1p(df["ar"])
    df["net_ar_assets"] = (df["ar"] - df["ap"]) / ta
    df["net_ar_rev"] = (df["ar"] - df["ap"]) / df["revenue"]
    df["net_ar_cost"] = (df["ar"] - df["ap"]) / df["cost"]
    df["tangl"] = df["fixed_assets"] / ta
    df["cof"] = df["cfo"] / ta
    df["size"] = np.log(ta)
    df["intangible"] = df["intangible_assets"] / ta
    df["roa"] = df["net_profit"] / ta
    df["vbr"] = (ta - df["total_liabilities"]) / df["market_value"]
    df["lev"] = df["total_liabilities"] / ta
    df["lt_ratio"] = df["lt_loans"] / ta
    df["st_ratio"] = df["st_loans"] / ta
    return df


def build_panel(inputs: Inputs, post_lag: int = 0) -> pd.DataFrame:
    """The analysis firm-year panel: variables, treatment, intensity, groups and exposures."""
    df = winsorize(firm_variables(inputs.firm_year), WINSORIZED)
    df = df.dropna(subset=["trade_c", *CONTROLS])
    intensity = city_intensity(inputs.city_year, post_lag)
    df = df.merge(intensity, on="city", how="left").merge(inputs.industries, on="industry", how="left")
    df = df.merge(_city_controls(inputs.city_year), on=["city", "year"], how="left")
    df = df.sort_values(["stkcd", "year"]).reset_index(drop=True)
    df["post"] = (df["year"] >= df["treat_year"]).astype(float)
    df["post_prehhi"] = df["post"] * df["prehhi"]
    df["rel_time"] = (df["year"] - df["treat_year"]).clip(EVENT_MIN, EVENT_MAX).astype(int)
    df["pre_1"] = (df["year"] == df["treat_year"] - 1).astype(float)
    df["firm"] = pd.factorize(df["stkcd"], sort=True)[0]
    df["city_id"] = pd.factorize(df["city"], sort=True)[0]
    df["ind2_year"] = df["industry"] + "_" + df["year"].astype(str)
    df["soe_firm"] = df.groupby("stkcd")["soe"].transform("first")
    return df


def _city_controls(city_year: pd.DataFrame) -> pd.DataFrame:
    out = city_year[["city", "year", "lir"]].copy()
    for raw in ("gdp_pc", "fai", "employment", "gov_revenue", "gov_expenditure"):
        out[f"ln_{raw}"] = np.log(city_year[raw])
    return out


def pre_period_mean(df: pd.DataFrame, column: str) -> pd.Series:
    """Each firm's mean of ``column`` before its city's opening; firms listed after the opening
    use their first three observed years (the paper does not say what it does for them)."""
    pre = df[df["year"] < df["treat_year"]].groupby("stkcd")[column].mean()
    early = df.sort_values("year").groupby("stkcd").head(3).groupby("stkcd")[column].mean()
    return pre.combine_first(early)


def above_industry_median(df: pd.DataFrame, firm_values: pd.Series) -> pd.Series:
    """1 if a firm's value exceeds its industry's median across firms, else 0 (NaN stays NaN)."""
    firms = df.groupby("stkcd")["industry"].first().to_frame().assign(v=firm_values)
    median = firms.groupby("industry")["v"].transform("median")
    return (firms["v"] > median).astype(float).where(firms["v"].notna())


def add_groups(df: pd.DataFrame) -> pd.DataFrame:
    """The heterogeneity dummies of Tables 2-3 (spec §3): custmer, top5, Inhhi, SOE."""
    out = df.copy()
    for name, column in (("custmer", "customer_hhi"), ("top5", "top5_share")):
        out[name] = out["stkcd"].map(above_industry_median(out, pre_period_mean(out, column)))
    hhi = industry_hhi(out)
    out = out.merge(hhi, on=["industry", "year"], how="left")
    out["inhhi"] = (out["industry_hhi"] < hhi["industry_hhi"].median()).astype(float)
    out["soe_group"] = out["soe_firm"].astype(float)
    return out


def industry_hhi(df: pd.DataFrame) -> pd.DataFrame:
    """Herfindahl index of revenue across the sample firms of each industry-year."""
    share = df["revenue"] / df.groupby(["industry", "year"])["revenue"].transform("sum")
    return (share**2).groupby([df["industry"], df["year"]]).sum().rename("industry_hhi").reset_index()


def sa_index(assets_thousand: pd.Series, age: pd.Series, units: str = "million") -> pd.Series:
    """SA = gamma_1 Size^2 + gamma_2 Age + gamma_3 Size (footnote 18; Hadlock and Pierce 2010), coefficients from the facts.

    ``units="million"`` (default, spec §10 item 16): Size = ln(assets in million yuan), capped at
    its 99th percentile; ``"thousand"``: ln of the ASIF's thousand-yuan figure, as printed.
    """
    size = np.log(assets_thousand / (1000.0 if units == "million" else 1.0))
    if units == "million":
        size = size.clip(upper=size.quantile(0.99))
    gamma = facts("sa_index").set_index("term")["coefficient"].astype(float)
    return gamma["size_squared"] * size**2 + gamma["age"] * age + gamma["size"] * size


def downstream_constraint(d: pd.DataFrame, sa_units: str = "million") -> pd.Series:
    """Dsa per downstream firm: 1 if its pre-opening mean SA exceeds its industry's median.

    Firms first seen after the opening use their first observed SA. ``d`` needs down_id,
    down_industry, down_assets, down_age, year and treat_year (of the upstream firm's city).
    """
    d = d.sort_values(["down_id", "year"])
    sa = sa_index(d["down_assets"], d["down_age"], sa_units)
    pre = sa[d["year"] < d["treat_year"]].groupby(d["down_id"]).mean()
    first = sa.groupby(d["down_id"]).first()
    firms = d.groupby("down_id")["down_industry"].first().to_frame().assign(sa=pre.combine_first(first))
    return (firms["sa"] > firms.groupby("down_industry")["sa"].transform("median")).astype(float).rename("dsa")


def build_dyads(inputs: Inputs, panel: pd.DataFrame, sa_units: str = "million") -> pd.DataFrame:
    """The dyad panel of Table 5 with the upstream firm's city, treatment, controls and moderators."""
    up = panel[["stkcd", "year", "city", "industry", "post", "prehhi", "post_prehhi", "treat_year", *CONTROLS]]
    d = inputs.dyads.merge(up, on=["stkcd", "year"], how="inner")
    d["industry_policy"] = (~d["down_industry"].isin(supported_industries())).astype(float)
    d["dsa"] = d["down_id"].map(downstream_constraint(d, sa_units))
    return d.sort_values(["stkcd", "down_id", "year"]).reset_index(drop=True)
