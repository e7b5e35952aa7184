"""Facts, treatment coding, data contracts and the analysis panel of the trade-hubs chapter.

The paper (Xiao, Zhu and Feng 2026) codes a "trade hub" city as one that has both a Pilot
Free Trade Zone area (soft connectivity) and China-Europe Railway Express trains (hard
connectivity): Hub_it = 1[t >= max(T_FTZ, T_CRE)]. Neither its 219 cities nor its treatment
years are published, so both come from the curated facts in ``data/facts/trade_hubs_*.csv``
(each row with a source and a confidence level). Real mode reads the user's city-year panel
(and, optionally, their own treatment years) through the contracts below (:data:`CONTRACTS`);
:func:`real_tables` gives any inputs in that format (to export the stand-in).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from livingpapers.toolkit.claims import Claim, load_claims
from livingpapers.toolkit.contracts import TableContract, balanced_panel, file_label, full_coverage
from livingpapers.toolkit.contracts import read_real as read_contracted
from livingpapers.toolkit.facts import load_facts
from livingpapers.toolkit.paths import facts_dir, published_dir

SLUG = "trade_hubs"
FIRST_YEAR, LAST_YEAR = 2009, 2022
YEARS = list(range(FIRST_YEAR, LAST_YEAR + 1))
CONTROLS = ["gov", "ind", "fai", "fin", "sci"]
OUTCOMES = ["regopen", "impdep", "expdep", "digtrade", "ma", "mi"]
PANEL_NUMERIC = [*OUTCOMES, *CONTROLS, "service_ratio"]
# shares of GDP, a keyword frequency and a ratio of value added: never negative (not sci, whose
# Table 1 minimum is printed as -0.097, nor the growth rates ma and fin, nor the indices fai and mi)
NON_NEGATIVE = ["regopen", "impdep", "expdep", "digtrade", "gov", "ind", "service_ratio"]
# the steps of analysis.run that work on the city x year array and so need every city in every year
NEED_BALANCE = "the placebo, the IV, the Fisher permutation tests, Goodman-Bacon and Callaway-Sant'Anna"
DEFAULT_CLUSTERS = ("Jing-Jin-Ji", "Yangtze River Delta", "Pearl River Delta", "Chengdu-Chongqing")
LATE_MONTH = 6  # "next year if approved after 30 June" sensitivity rule


# --- curated facts ------------------------------------------------------------------------
def facts(name: str) -> pd.DataFrame:
    """One curated facts file, ``data/facts/trade_hubs_<name>.csv``, with sources checked.

    Read once per version of the file (the Monte Carlo assembles hundreds of panels); a copy is
    returned, so a caller may change it.
    """
    path = facts_dir() / f"{SLUG}_{name}.csv"
    stat = path.stat()
    return _facts_version(f"{SLUG}_{name}", str(path), stat.st_mtime_ns, stat.st_size).copy()


def published() -> dict[str, Claim]:
    """The paper's published claims by id (``data/published/trade_hubs.yml``), read once per version of
    the file: the tables quote hundreds of them. Read-only (shared between callers)."""
    path = published_dir() / f"{SLUG}.yml"
    stat = path.stat()
    return _published_version(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _published_version(path: str, modified_ns: int, size: int) -> dict[str, Claim]:
    return {c.id: c for c in load_claims(SLUG, Path(path).parent)}


@lru_cache(maxsize=32)
def _facts_version(name: str, path: str, modified_ns: int, size: int) -> pd.DataFrame:
    """The checked facts file ``name`` as it is at ``path`` with that modification time and size."""
    return load_facts(name)


def city_list() -> pd.DataFrame:
    """The 219 sample cities: English and Chinese name, province, belt, administrative status."""
    return facts("cities")


def city_names() -> list[str]:
    return city_list()["city"].tolist()


def _first_year_by_city(frame: pd.DataFrame, year_column: str) -> pd.Series:
    years = pd.to_numeric(frame[year_column])
    return years.groupby(frame["city"]).min()


def ftz_years(late_rule: bool = False, level: str = "city") -> pd.Series:
    """First FTZ year per sample city (NaN: none by 2022).

    ``late_rule`` moves approvals after 30 June to the next year (spec §2.2.1 switch);
    ``level="province"`` gives every city of a province its province's first FTZ year
    (the reading of spec §10 item 17 that fits the paper's 164 FTZ-or-CRE cities).
    """
    ftz = facts("ftz")
    approved = pd.to_datetime(ftz["approved"])
    year = pd.to_numeric(ftz["year"]) + ((approved.dt.month > LATE_MONTH) & late_rule).astype(int)
    ftz = ftz.assign(year=year)
    cities = city_list()
    if level == "province":
        province_of = dict(zip(cities["city"], cities["province"]))
        ftz = ftz.assign(province=ftz["city"].map(province_of)).dropna(subset=["province"])
        first = ftz.groupby("province")["year"].min()
        out = cities.set_index("city")["province"].map(first)
    else:
        out = _first_year_by_city(ftz, "year").reindex(cities["city"])
    return out.where(out <= LAST_YEAR).rename("ftz_year")


def cre_years() -> pd.Series:
    """First China-Europe Railway Express year per sample city (NaN: none found by 2022)."""
    cre = facts("cre")
    return (
        _first_year_by_city(cre, "first_year").reindex(city_names()).where(lambda s: s <= LAST_YEAR).rename("cre_year")
    )


def corridor_years() -> pd.Series:
    """Year each sample city joined the Western Land-Sea Corridor (province-level membership
    plus the named '13+2' cities); NaN if never by 2022."""
    corridor = facts("corridor")
    years = pd.to_numeric(corridor["joined_year"])
    by_province = dict(
        zip(corridor.loc[corridor["level"] == "province", "member"], years[corridor["level"] == "province"])
    )
    by_city = dict(zip(corridor.loc[corridor["level"] == "city", "member"], years[corridor["level"] == "city"]))
    cities = city_list()
    out = cities["province"].map(by_province).fillna(cities["city"].map(by_city))
    out.index = cities["city"]
    return out.where(out <= LAST_YEAR).rename("lsc_year")


def treatment_timing(late_rule: bool = False, ftz_level: str = "city") -> pd.DataFrame:
    """Per city: FTZ, CRE and corridor years from the facts (the stand-in's and default real timing)."""
    timing = pd.concat([ftz_years(late_rule, ftz_level), cre_years(), corridor_years()], axis=1)
    return timing.rename_axis("city").reset_index()


def instrument_dummies(silk_variant: str = "default") -> pd.DataFrame:
    """Per city: Silk Road node, Qing post-station and Qing treaty-port dummies (0/1).

    ``silk_variant``: "default" (UNESCO Chang'an-Tianshan component cities), or "maritime"
    (adds the maritime Silk Road ports), a sensitivity switch.
    """
    inst = facts("instruments")
    variants = {"default": {"default"}, "maritime": {"default", "maritime"}}[silk_variant]
    silk = set(inst.loc[(inst["instrument"] == "silk_road") & inst["variant"].isin(variants), "city"])
    post = set(inst.loc[inst["instrument"] == "post_station", "city"])
    treaty = set(inst.loc[(inst["instrument"] == "treaty_port") & (inst["variant"] == "default"), "city"])
    names = city_names()
    return pd.DataFrame(
        {
            "city": names,
            "silk": [int(c in silk) for c in names],
            "post": [int(c in post) for c in names],
            "treaty": [int(c in treaty) for c in names],
        }
    )


def city_groups(clusters: tuple[str, ...] = DEFAULT_CLUSTERS) -> pd.DataFrame:
    """Per city: central (municipality or provincial capital), east (three-belt) and cluster flags."""
    cities = city_list()
    member = facts("clusters")
    in_cluster = set(member.loc[member["cluster"].isin(clusters), "city"])
    return pd.DataFrame(
        {
            "city": cities["city"],
            "province": cities["province"],
            "central": (cities["admin_status"] != "prefecture-level city").astype(int),
            "east": (cities["belt"] == "east").astype(int),
            "cluster": cities["city"].isin(in_cluster).astype(int),
        }
    )


# --- data contracts -----------------------------------------------------------------------
PANEL_DESCRIPTIONS = {  # the paper's definitions (spec §3)
    "city": "prefecture-level city, one of the 219 names of data/facts/trade_hubs_cities.csv",
    "year": "calendar year",
    "regopen": "(imports + exports) / GDP; convert USD trade to RMB at the annual average rate",
    "impdep": "imports / GDP",
    "expdep": "exports / GDP (impdep + expdep = regopen)",
    "digtrade": "digital-trade keyword frequency in the province's government work report",
    "ma": "market access: growth rate of newly registered firms",
    "mi": "market integration, Sheng-Mao relative-price index (spec §3.1)",
    "gov": "general public budget expenditure / GDP",
    "ind": "tertiary value added / GDP",
    "fai": "ln(fixed-asset investment) (the paper's Table 1 suggests a ratio; see the Notes)",
    "fin": "growth rate of (deposits + loans) / GDP",
    "sci": "science expenditure / GDP",
    "service_ratio": "tertiary / secondary value added (Table 8: < 1 manufacturing-led)",
}
TREATMENT_DESCRIPTIONS = {
    "city": "one of the 219 names; unique",
    "ftz_year": f"first year with a Pilot Free Trade Zone area; blank if none by {LAST_YEAR}",
    "cre_year": f"first year with China-Europe Railway Express trains; blank if none by {LAST_YEAR}",
    "lsc_year": f"year of joining the Western Land-Sea Corridor; blank if never by {LAST_YEAR}",
}


def _city_column(description: str) -> pa.Column:
    return pa.Column(
        str,
        pa.Check.isin(city_names(), error="city is one of the 219 sample cities (data/facts/trade_hubs_cities.csv)"),
        nullable=False,
        description=description,
    )


def _treatment_year_column(description: str) -> pa.Column:
    return pa.Column(
        float,
        [
            pa.Check.in_range(
                FIRST_YEAR,
                LAST_YEAR,
                error=f"treatment year inside the sample {FIRST_YEAR}-{LAST_YEAR} (leave blank if never by {LAST_YEAR})",
            ),
            pa.Check(lambda years: years % 1 == 0, error="a whole year"),
        ],
        nullable=True,
        description=description,
    )


def balanced_years(frame: pd.DataFrame, label: str) -> list[str]:
    """Every city of the panel in every year 2009-2022 (rows the schema refuses are left to it)."""
    if not {"city", "year"} <= set(frame.columns):
        return []
    years = pd.to_numeric(frame["year"], errors="coerce")
    unreadable = frame.loc[~years.isin(YEARS), "city"]  # a city with a refused year is told about that year
    known = frame["city"].isin(city_names()) & ~frame["city"].isin(unreadable)
    cells = pd.DataFrame({"city": frame.loc[known, "city"], "year": years[known].astype(int)})
    return [
        f"{problem}; {NEED_BALANCE} need every city in every year {FIRST_YEAR}-{LAST_YEAR}"
        for problem in balanced_panel(cells, "city", "year", YEARS, label=label)
    ]


def treatment_covers_panel(tables: dict[str, pd.DataFrame], label: str) -> list[str]:
    """Every city of ``panel.csv`` needs a row in ``treatment.csv``: a city left out would count as never treated."""
    if not {"panel", "treatment"} <= set(tables):
        return []
    panel_cities = [c for c in dict.fromkeys(tables["panel"]["city"]) if c in set(city_names())]
    return [
        f"{problem} (a city without a row would silently count as never treated: give it a row, blank if never)"
        for problem in full_coverage(tables["treatment"], "city", panel_cities, label=label, what="cities of panel.csv")
    ]


def panel_contract() -> TableContract:
    """The city-year panel a real-data user supplies (``panel.csv``)."""
    d = PANEL_DESCRIPTIONS
    required = ["regopen", *CONTROLS]
    numeric = {
        c: pa.Column(float, pa.Check.ge(0) if c in NON_NEGATIVE else None, nullable=c not in required, description=d[c])
        for c in PANEL_NUMERIC
    }
    return TableContract(
        name="panel",
        filename="panel.csv",
        schema=pa.DataFrameSchema(
            {
                "city": _city_column(d["city"]),
                "year": pa.Column(int, pa.Check.in_range(FIRST_YEAR, LAST_YEAR), nullable=False, description=d["year"]),
                **numeric,
            },
            coerce=True,
            strict=False,
        ),
        keys=("city", "year"),
        description="City-year panel 2009-2022, balanced (every city in every year): outcomes, mechanism "
        "variables, controls, service ratio.",
        rules=(balanced_years,),
    )


def timing_contract() -> TableContract:
    """Optional treatment years (``treatment.csv``) replacing the curated facts."""
    d = TREATMENT_DESCRIPTIONS
    return TableContract(
        name="treatment",
        filename="treatment.csv",
        schema=pa.DataFrameSchema(
            {
                "city": _city_column(d["city"]),
                "ftz_year": _treatment_year_column(d["ftz_year"]),
                "cre_year": _treatment_year_column(d["cre_year"]),
                "lsc_year": _treatment_year_column(d["lsc_year"]),
            },
            coerce=True,
        ),
        keys=("city",),
        optional=True,
        description="Per city of panel.csv: first FTZ, CR Express and land-sea corridor years (blank = never by 2022).",
    )


PANEL, TREATMENT = panel_contract(), timing_contract()
CONTRACTS = [PANEL, TREATMENT]


@dataclass
class Inputs:
    """The raw city-year panel and the treatment timing, from either mode; on the stand-in also
    its true effects per city-year (``truth``, see :func:`.standin.generate`)."""

    panel: pd.DataFrame
    timing: pd.DataFrame
    simulated: bool
    truth: pd.DataFrame | None = None


def read_real(directory: Path | None = None) -> Inputs:
    """Read ``data/raw/trade_hubs/`` through the contracts (one error lists every problem).

    Without ``treatment.csv`` the treatment years come from the curated facts.
    """
    label = file_label(SLUG, TREATMENT.filename, directory)
    tables = read_contracted(SLUG, CONTRACTS, directory, checks=[partial(treatment_covers_panel, label=label)])
    timing = tables.get("treatment", treatment_timing())
    return Inputs(tables["panel"], timing, simulated=False)


def real_tables(inputs: Inputs) -> dict[str, pd.DataFrame]:
    """The inputs as the files of ``data/raw/trade_hubs/`` (contract columns, in order)."""
    return {
        contract.name: frame[contract.columns()].reset_index(drop=True)
        for contract, frame in ((PANEL, inputs.panel), (TREATMENT, inputs.timing))
    }


# --- the analysis panel -------------------------------------------------------------------
def _on_or_after(year: pd.Series, start: pd.Series) -> np.ndarray:
    return (start.notna() & (year >= start)).to_numpy().astype(int)


def assemble(panel: pd.DataFrame, timing: pd.DataFrame, trend_scale: str = "years") -> pd.DataFrame:
    """Merge the panel with treatment coding, groups and instruments (spec §8 step 1).

    Adds ftz, cre, hub, hub1 (FTZ x corridor), hub_l1/hub_l2 (NaN in the first years),
    event time, ever-hub and double-non flags, central/east/cluster/manufacturing groups,
    the stage, and the three instruments Hist_i x Trend_t (``trend_scale="years"``: t - 2008;
    ``"unit"``: (t - 2009)/13).
    """
    df = (
        panel.merge(timing, on="city", how="left")
        .merge(city_groups(), on="city")
        .merge(instrument_dummies(), on="city")
    )
    df = df.sort_values(["city", "year"]).reset_index(drop=True)
    df["hub_year"] = df[["ftz_year", "cre_year"]].max(axis=1, skipna=False)
    df["hub1_year"] = df[["ftz_year", "lsc_year"]].max(axis=1, skipna=False)
    for name, start in (("ftz", "ftz_year"), ("cre", "cre_year"), ("hub", "hub_year"), ("hub1", "hub1_year")):
        df[name] = _on_or_after(df["year"], df[start])
    for lag in (1, 2):
        df[f"hub_l{lag}"] = df.groupby("city")["hub"].shift(lag)
    df["ever_hub"] = df["hub_year"].notna().astype(int)
    df["double_non"] = (df["ftz_year"].isna() & df["cre_year"].isna()).astype(int)
    df["event_time"] = df["year"] - df["hub_year"]
    df["manu"] = np.where(df["service_ratio"] < 1, 1.0, np.where(df["service_ratio"] > 1, 0.0, np.nan))
    df["stage"] = np.where(df["year"] <= 2016, "exploration", "integration")
    trend = (
        df["year"] - (FIRST_YEAR - 1)
        if trend_scale == "years"
        else (df["year"] - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)
    )
    for name in ("silk", "post", "treaty"):
        df[f"iv_{name}"] = df[name] * trend
    df["city_id"] = pd.factorize(df["city"], sort=True)[0]
    return df


def treatment_summary(df: pd.DataFrame) -> dict:
    """Counts that spec §8 step 1 asks for: hub cities by year, treated share, FTZ-or-CRE cities."""
    per_city = df.groupby("city").first()
    return {
        "hub_cities": int(per_city["hub_year"].notna().sum()),
        "hub_cities_by_year": per_city["hub_year"].dropna().astype(int).value_counts().sort_index().to_dict(),
        "treated_city_years": int(df["hub"].sum()),
        "treated_share": float(df["hub"].mean()),
        "ftz_cities": int(per_city["ftz_year"].notna().sum()),
        "cre_cities": int(per_city["cre_year"].notna().sum()),
        "ftz_or_cre_cities": int((1 - per_city["double_non"]).sum()),
        "hub1_cities": int(per_city["hub1_year"].notna().sum()),
        "central_hubs": int((per_city["central"] & per_city["hub_year"].notna()).sum()),
        "exploration_treated": int(df.loc[df["year"] <= 2016, "hub"].sum()),
    }


def facts_overview() -> pd.DataFrame:
    """Rows per curated facts file by confidence level."""
    names = ["cities", "ftz", "cre", "corridor", "instruments", "clusters", "milestones"]
    rows = {
        f"trade_hubs_{n}.csv": facts(n)["confidence"].value_counts().reindex(["high", "medium", "low"], fill_value=0)
        for n in names
    }
    return pd.DataFrame(rows).T.assign(total=lambda t: t.sum(axis=1))


def ftz_or_cre_cities(level: str = "city") -> int:
    """Cities with an FTZ or CR Express by 2022 under city- or province-level FTZ coding."""
    return int((ftz_years(level=level).notna().to_numpy() | cre_years().notna().to_numpy()).sum())
