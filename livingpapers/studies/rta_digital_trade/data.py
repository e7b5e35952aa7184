"""Curated facts, the data contracts and the estimation panel of the chapter.

Facts (``data/facts/rta_digital_trade_*.csv``): the 133 importers with their income group,
contiguity and language with China; every agreement's parties with signature and entry-into-force
dates; the six depths the paper publishes; the six EBOPS 2010 categories.

Contracts (:data:`CONTRACTS`): what a reader's own files in ``data/raw/rta_digital_trade/`` must
look like; :func:`read_real` reads them, :func:`real_tables` writes any inputs back in that
format, and the stand-in passes the same contracts. The stand-in codings of the agreements
(Table 2) are in :mod:`.standin`.

The estimation panel (:func:`assemble`): the depth variables, controls and the trade cost of
eq. (5), built by the same code from either data mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial

import numpy as np
import pandas as pd
import pandera.pandas as pa
import yaml

from livingpapers.methods import gravity
from livingpapers.studies.rta_digital_trade import depth as dp
from livingpapers.toolkit.claims import load_claims
from livingpapers.toolkit.contracts import (
    DataContractError,
    TableContract,
    check_frame,
    file_label,
    full_coverage,
    require_rows,
)
from livingpapers.toolkit.contracts import read_real as read_contracted
from livingpapers.toolkit.facts import load_facts, numeric
from livingpapers.toolkit.paths import published_dir

SLUG = "rta_digital_trade"


@cache
def paper_design() -> dict:
    """The paper's design values kept in ``data/published/rta_digital_trade.yml`` (``design:``): the
    sample and pre-sample years, the Post year of eq. (3) and s and sigma of eq. (5)."""
    return yaml.safe_load((published_dir() / f"{SLUG}.yml").read_text(encoding="utf-8"))["design"]


YEARS = range(paper_design()["years"][0], paper_design()["years"][1] + 1)
PRESAMPLE = range(paper_design()["presample_years"][0], paper_design()["presample_years"][1] + 1)
POST_YEAR = int(paper_design()["post_year"])  # Post_2015 = 1 in later years (eq. 3)
SECTORS = ("SF", "SG", "SH", "SI", "SJ", "SK")
CHINA = "CHN"
BENCHMARKS = ("CPTPP", "USMCA", "EU_JPN", "EU_GBR", "DEPA")


# ---------------------------------------------------------------------------------------------
# Curated facts.
# ---------------------------------------------------------------------------------------------
def countries() -> pd.DataFrame:
    """The 133 importers (iso3, name, region, income group FY2017, gravity facts with China)."""
    frame = numeric(
        load_facts(f"{SLUG}_countries"),
        [
            "high_income_fy2017",
            "contiguous_with_china",
            "common_language_with_china",
            "capital_lat",
            "capital_lon",
            "gdp_2015_usd_bn",
        ],
    )
    return frame.astype({"high_income_fy2017": int, "contiguous_with_china": int, "common_language_with_china": int})


def agreements() -> pd.DataFrame:
    """One row per agreement and party, with signature, entry into force and (rarely) end dates."""
    frame = load_facts(f"{SLUG}_agreements")
    for column in ("signed", "in_force", "until"):
        frame[column] = pd.to_datetime(frame[column].replace("", None))
    return frame.astype({"china_party": int, "counted_by_paper": int, "ecommerce_chapter": int})


# The agreements whose depth the paper prints, and the claim of data/published/rta_digital_trade.yml holding it.
PUBLISHED_DEPTH_CLAIMS = {
    "CN_ASEAN_FW": "C2",
    "CN_KOR": "C3",
    "CN_AUS": "C4",
    "RCEP": "C5",
    "CPTPP": "C6",
    "USMCA": "C7",
}


def published_depths() -> pd.Series:
    """The six depth values the paper prints (§3.2, text on Table 2), by agreement id, read from
    ``data/published`` (the only place they are written)."""
    value = {claim.id: claim.value for claim in load_claims(SLUG)}
    depths = {agreement: value[claim] for agreement, claim in PUBLISHED_DEPTH_CLAIMS.items()}
    return pd.Series(depths, name="depth").rename_axis("agreement_id")


def ebops() -> pd.DataFrame:
    """The six EBOPS 2010 digitally deliverable categories, with placeholder stripping coefficients."""
    return numeric(load_facts(f"{SLUG}_ebops"), ["placeholder_stripping_coefficient"]).set_index("code")


def agreement_parties(facts: pd.DataFrame, timing: str = "in_force") -> pd.DataFrame:
    """Parties with the first and last calendar year each agreement applies to them.

    ``timing="in_force"`` (default, spec §10.7): an agreement counts from the calendar year it
    enters into force, so Korea and Australia (2015-12-20) count from 2015. ``"signed"`` uses
    the signature year. Agreements the paper probably does not count (APTA) are left out, as
    are agreements not in force under the chosen timing.
    """
    kept = facts[facts["counted_by_paper"] == 1]
    start = kept[timing].dt.year
    out = pd.DataFrame(
        {
            "agreement_id": kept["agreement_id"],
            "party": kept["party"],
            "side": kept["side"],
            "start": start,
            "end": kept["until"].dt.year,
        }
    )
    out = out[out["start"].notna()].copy()
    china_rows = kept.loc[out.index, "china_party"] == 1
    china = out[china_rows].drop_duplicates("agreement_id").assign(party=CHINA, side="")
    china["start"] = out[china_rows].groupby("agreement_id")["start"].transform("min").loc[china.index]
    china["end"] = np.nan
    return pd.concat([out, china], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Data contracts (data/raw/rta_digital_trade/), applied to the stand-in too.
# ---------------------------------------------------------------------------------------------
def _iso_column(known: list[str], description: str) -> pa.Column:
    return pa.Column(
        str,
        pa.Check.isin(known, error="ISO3 code is not one of the 133 importers"),
        nullable=False,
        description=description,
    )


def _code_column(description: str) -> pa.Column:
    """Any ISO3-shaped code: third economies j may lie outside the 133 importers."""
    return pa.Column(
        str,
        pa.Check.str_matches(r"^[A-Z]{3}$", error="not a three-letter ISO3 code"),
        nullable=False,
        description=description,
    )


def _year_column(years: range) -> pa.Column:
    return pa.Column(int, pa.Check.in_range(years.start, years.stop - 1), nullable=False, description="calendar year")


def _float(check: pa.Check, description: str, nullable: bool = False) -> pa.Column:
    return pa.Column(float, check, nullable=nullable, description=description)


def china_rows(frame: pd.DataFrame, label: str) -> list[str]:
    """China's own row in every year of ``importers.csv``: EDU, DIF and RQ are gaps to China's values,
    and the trade cost of eq. (5) uses China's GDP."""
    if not {"iso3", "year"} <= set(frame.columns):
        return []
    years = pd.to_numeric(frame["year"], errors="coerce")
    wanted = sorted(set(years[(frame["iso3"] != CHINA) & years.isin(YEARS)].astype(int)))
    missing = [y for y in wanted if y not in set(years[frame["iso3"] == CHINA])]
    if not missing:
        return []
    shown = ", ".join(map(str, missing)) if len(missing) < len(wanted) else f"all {len(wanted)} years"
    return [
        f"{label}: China's own rows (iso3 = 'CHN') are missing for {shown}; EDU, DIF and RQ are gaps "
        "to China's values and the trade cost uses China's GDP"
    ]


def _whole_year(check: pa.Check) -> list[pa.Check]:
    return [check, pa.Check(lambda years: years % 1 == 0, error="a whole year")]


GROUP_DESCRIPTIONS = {g.lower(): f"depth of group {g}: {name}" for g, name in dp.GROUP_NAMES.items()}


def contracts(known_iso3: list[str]) -> list[TableContract]:
    """The five input tables, with checks named so that a broken file says what is wrong."""
    nonneg = pa.Check.ge(0, error="value must not be negative")
    unit = pa.Check.in_range(0, 1, error="depth must lie in [0, 1]")
    exports = TableContract(
        "exports",
        "exports.csv",
        pa.DataFrameSchema(
            {
                "iso3": _iso_column(known_iso3, "importer (one of the 133)"),
                "year": _year_column(YEARS),
                "sector": pa.Column(
                    str,
                    pa.Check.isin(list(SECTORS)),
                    nullable=False,
                    description="EBOPS 2010 code of a digitally deliverable service",
                ),
                "exports_usd": _float(
                    nonneg, "China's exports to the importer, current US$, after stripping (剥离系数)"
                ),
                "imports_usd": _float(
                    nonneg, "China's imports from the importer, same units (needed for the trade cost, eq. 5)"
                ),
            },
            coerce=True,
        ),
        keys=("iso3", "year", "sector"),
        description="China's exports to and imports from each importer, by EBOPS sector and year, current US$, after stripping.",
    )
    importers = TableContract(
        "importers",
        "importers.csv",
        pa.DataFrameSchema(
            {
                "iso3": _iso_column(known_iso3, "importer (one of the 133), or CHN for China's own row"),
                "year": _year_column(YEARS),
                "gdp_usd": _float(pa.Check.gt(0), "GDP, current US$ (WDI NY.GDP.MKTP.CD)"),
                "gdppc_usd": _float(pa.Check.gt(0), "GDP per capita, current US$ (WDI NY.GDP.PCAP.CD)"),
                "exrate_lcu_per_usd": _float(pa.Check.gt(0), "official exchange rate, LCU per US$ (WDI PA.NUS.FCRF)"),
                "enrol_tertiary_m": _float(nonneg, "tertiary enrolment, millions (UIS)"),
                "broadband_subs_m": _float(nonneg, "fixed-broadband subscriptions, millions (ITU)"),
                "htc_pct": _float(
                    pa.Check.in_range(0, 100),
                    "high-technology exports, % of manufactured exports (WDI TX.VAL.TECH.MF.ZS)",
                ),
                "rq": _float(pa.Check.in_range(-2.6, 2.6), "WGI Regulatory Quality estimate"),
                "ict_tracker": _float(
                    pa.Check.in_range(0, 100), "ITU ICT Regulatory Tracker score (carry 2022 into 2023)"
                ),
            },
            coerce=True,
        ),
        keys=("iso3", "year"),
        description="Importer-year controls and mediators (WDI, UIS, ITU, WGI). Include a row iso3=CHN for China's "
        "own values in every year.",
        rules=(china_rows,),
    )
    depths = TableContract(
        "agreement_depths",
        "agreement_depths.csv",
        pa.DataFrameSchema(
            {
                "agreement_id": pa.Column(
                    str,
                    nullable=False,
                    description="China's agreements use the ids of data/facts/rta_digital_trade_agreements.csv "
                    "(e.g. CN_KOR, RCEP, CPTPP)",
                ),
                "depth": _float(unit, "overall depth: mean of the five group depths"),
                "flat": _float(unit, "flat index: all scores / (3 x number of aspects), used for IRTAdepth"),
                **{g: _float(unit, GROUP_DESCRIPTIONS[g]) for g in ("g1", "g2", "g3", "g4", "g5")},
            },
            coerce=True,
        ),
        keys=("agreement_id",),
        description="Depth of each agreement (overall, flat index, five groups), e.g. from depth.depth_record on TAPED codings.",
    )
    parties = TableContract(
        "agreement_parties",
        "agreement_parties.csv",
        pa.DataFrameSchema(
            {
                "agreement_id": pa.Column(str, nullable=False, description="agreement id, as in agreement_depths.csv"),
                "party": _code_column("ISO3 code of a party (China is CHN)"),
                "side": pa.Column(
                    str, nullable=True, description="bloc label such as EU (a bloc's members share it); empty otherwise"
                ),
                "start": pa.Column(
                    int, pa.Check.in_range(1990, 2030), nullable=False, description="first calendar year in force"
                ),
                "end": _float(
                    _whole_year(pa.Check.in_range(1990, 2030)),
                    "last calendar year in force; empty if open",
                    nullable=True,
                ),
            },
            coerce=True,
        ),
        keys=("agreement_id", "party"),
        description="Parties of every agreement (China's and third-party), first and last calendar year in force; "
        "parties on the same non-empty side (a bloc) are not paired with each other. China's own agreements "
        "(party CHN) are required.",
        rules=(partial(require_rows, column="party", values=[CHINA], why="China's own agreements give RTAdepth"),),
    )
    trade = TableContract(
        "presample_trade",
        "presample_trade.csv",
        pa.DataFrameSchema(
            {
                "iso3": _code_column("importer i"),
                "partner_iso3": _code_column("partner j"),
                "trade_usd": _float(nonneg, "exports + imports of i with j summed over 2002-2008, US$"),
            },
            coerce=True,
        ),
        keys=("iso3", "partner_iso3"),
        description="Bilateral trade (exports + imports) summed over 2002-2008, one row per ordered pair.",
    )
    return [exports, importers, depths, parties, trade]


@dataclass
class Inputs:
    """Everything the chapter computes from, in either data mode; on the stand-in also the aspect
    scores of every coded agreement (``codings``; real data give depths only)."""

    exports: pd.DataFrame
    importers: pd.DataFrame
    agreement_depths: pd.DataFrame
    agreement_parties: pd.DataFrame
    presample_trade: pd.DataFrame
    simulated: bool
    codings: dict[str, np.ndarray] | None = None


def known_iso3() -> list[str]:
    return countries()["iso3"].tolist() + [CHINA]


CONTRACTS = contracts(known_iso3())


def check_inputs(inputs: Inputs) -> Inputs:
    """Validate every table against its contract, collecting all problems into one error."""
    problems = []
    for contract in CONTRACTS:
        try:
            check_frame(getattr(inputs, contract.name), contract)
        except DataContractError as err:
            problems += err.problems
    if problems:
        raise DataContractError(problems)
    return inputs


def depths_cover_agreements(tables: dict[str, pd.DataFrame], label: str) -> list[str]:
    """Every agreement of ``agreement_parties.csv`` needs a depth: one without would silently not count."""
    if not {"agreement_depths", "agreement_parties"} <= set(tables):
        return []
    ids = tables["agreement_parties"]["agreement_id"].dropna()
    return [
        f"{problem} (an agreement without a depth would silently count as no agreement)"
        for problem in full_coverage(
            tables["agreement_depths"], "agreement_id", ids, label=label, what="agreements of agreement_parties.csv"
        )
    ]


def read_real(directory=None) -> Inputs:
    """Real mode: read and validate ``data/raw/rta_digital_trade/`` (one error lists every problem).

    An empty ``side`` is read as "" (no bloc), as the stand-in codes it.
    """
    label = file_label(SLUG, "agreement_depths.csv", directory)
    tables = read_contracted(SLUG, CONTRACTS, directory, checks=[partial(depths_cover_agreements, label=label)])
    parties = tables["agreement_parties"].assign(side=lambda t: t["side"].fillna(""))
    return Inputs(
        tables["exports"],
        tables["importers"],
        tables["agreement_depths"],
        parties,
        tables["presample_trade"],
        False,
    )


def real_tables(inputs: Inputs) -> dict[str, pd.DataFrame]:
    """The inputs as the files of ``data/raw/rta_digital_trade/`` (contract columns, in order)."""
    return {c.name: getattr(inputs, c.name)[c.columns()].reset_index(drop=True) for c in CONTRACTS}


# ---------------------------------------------------------------------------------------------
# From the input tables to the estimation panel (the same code in both data modes):
# depth_panel (RTAdepth, RTA, OtherRTAdep, IOtherRTAdep, Dis/NDis for every importer-year),
# trade_cost (the inverse-gravity index of eq. 5, from methods.gravity.novy_tau), assemble (aggregate and sector panels).
# ---------------------------------------------------------------------------------------------
TRADABLE_SHARE = float(paper_design()["tradable_share"])  # s, 王俊等 (2022) as the paper cites
ELASTICITY = float(paper_design()["elasticity"])  # sigma


def trade_cost(exports, imports, gdp_home, gdp_partner, s: float = TRADABLE_SHARE, sigma: float = ELASTICITY):
    """Eq. (5) [R]: tau = 1 - (EXP_ci * EXP_ic / (s^2 GDP_c GDP_i)) ^ (1 / (2 (sigma - 1))).

    The 钱学锋和梁琦 (2008) inverse-gravity form with s = 0.8 and sigma = 8 (exponent 1/14): Novy's
    (2013) tariff equivalent tau_N (``methods.gravity.novy_tau``, domestic absorption s GDP) as
    tau_N / (1 + tau_N). tau lies in [0, 1); a zero flow in either direction gives tau = 1 (no trade,
    maximal cost).
    """
    arrays = np.broadcast_arrays(*(np.asarray(v, float) for v in (exports, imports, gdp_home, gdp_partner)))
    flows = pd.DataFrame({k: a.ravel() for k, a in zip(("x_ij", "x_ji", "x_ii", "x_jj"), arrays)})
    flows[["x_ii", "x_jj"]] *= s
    novy = gravity.novy_tau(flows, "x_ij", "x_ji", "x_ii", "x_jj", sigma).to_numpy()
    return (1.0 - 1.0 / (1.0 + novy)).reshape(arrays[0].shape)


@dataclass
class DepthPanel:
    """Importer-year depth variables and the pair-year depths they come from."""

    importer_years: pd.DataFrame  # iso3, year, rtadepth, irtadepth, rta, other, iother, dis, ndis
    pair_depths: pd.DataFrame
    weights: pd.DataFrame


def depth_panel(
    agreement_depths: pd.DataFrame,
    parties: pd.DataFrame,
    presample_trade: pd.DataFrame,
    importers: list[str],
    years: range = YEARS,
) -> DepthPanel:
    """RTAdepth_cit (max over China-i agreements in force) and OtherRTAdep_cit (eq. 2) for every importer-year."""
    pairs = dp.membership_pairs(parties)
    pair_depths = dp.pair_year_depths(pairs, agreement_depths, years)
    china = pair_depths[pair_depths["j"] == CHINA][["i", "year", "depth", "flat"]]
    grid = pd.MultiIndex.from_product([importers, list(years)], names=["iso3", "year"]).to_frame(index=False)
    out = grid.merge(
        china.rename(columns={"i": "iso3", "depth": "rtadepth", "flat": "irtadepth"}), how="left", on=["iso3", "year"]
    ).fillna({"rtadepth": 0.0, "irtadepth": 0.0})
    out["rta"] = (out["rtadepth"] > 0).astype(int)
    weights = dp.presample_weights(presample_trade, exclude=CHINA)
    extended = dp.extended_index(weights, pair_depths, importers, years, exclude=CHINA)
    return DepthPanel(out.merge(extended, on=["iso3", "year"]), pair_depths, weights)


LABELS = {
    "rtadepth": "RTAdepth",
    "other": "OtherRTAdep",
    "irtadepth": "IRTAdepth",
    "iother": "IOtherRTAdep",
    "dis": "DisOtherRTAdep",
    "ndis": "NDisOtherRTAdep",
    "edu": "EDU",
    "dif": "DIF",
    "htc": "HTC",
    "lngdp": "lnGDP",
    "rq": "RQ",
    "rta": "RTA",
}
CONTROLS = ["edu", "dif", "htc", "lngdp", "rq", "rta"]


def _controls(importers: pd.DataFrame) -> pd.DataFrame:
    """EDU, DIF, RQ as absolute gaps to China (counts in millions), HTC, lnGDP; plus mediators and IV inputs."""
    home = importers[importers["iso3"] == CHINA].set_index("year")
    partner = importers[importers["iso3"] != CHINA].copy()
    h = home.loc[partner["year"]]
    return pd.DataFrame(
        {
            "iso3": partner["iso3"].to_numpy(),
            "year": partner["year"].to_numpy(),
            "edu": np.abs(h["enrol_tertiary_m"].to_numpy() - partner["enrol_tertiary_m"].to_numpy()),
            "dif": np.abs(h["broadband_subs_m"].to_numpy() - partner["broadband_subs_m"].to_numpy()),
            "htc": partner["htc_pct"].to_numpy(),
            "lngdp": np.log(partner["gdp_usd"].to_numpy()),
            "rq": np.abs(h["rq"].to_numpy() - partner["rq"].to_numpy()),
            "ict": partner["ict_tracker"].to_numpy(),
            "gdp_partner": partner["gdp_usd"].to_numpy(),
            "gdp_china": h["gdp_usd"].to_numpy(),
            "lngdppc": np.log(partner["gdppc_usd"].to_numpy()),
            "lnexrate": np.log(partner["exrate_lcu_per_usd"].to_numpy()),
        }
    )


@dataclass
class Panels:
    aggregate: pd.DataFrame  # one row per importer-year
    sectors: pd.DataFrame  # one row per importer-year-sector
    depths: DepthPanel


def assemble(inputs: Inputs, countries: pd.DataFrame) -> Panels:
    """The estimation panels: exports (aggregate and by sector), depth variables, controls, tau, ICT."""
    importers = countries["iso3"].tolist()
    depths = depth_panel(inputs.agreement_depths, inputs.agreement_parties, inputs.presample_trade, importers)
    base = depths.importer_years.merge(_controls(inputs.importers), on=["iso3", "year"], how="left")
    base = base.merge(countries[["iso3", "name", "high_income_fy2017"]], on="iso3")
    sectors = inputs.exports.merge(base, on=["iso3", "year"], how="inner")
    totals = inputs.exports.groupby(["iso3", "year"], as_index=False)[["exports_usd", "imports_usd"]].sum()
    aggregate = base.merge(totals, on=["iso3", "year"], how="inner")
    aggregate["tau"] = trade_cost(
        aggregate["exports_usd"], aggregate["imports_usd"], aggregate["gdp_china"], aggregate["gdp_partner"]
    )
    aggregate["lnexports"] = np.log(aggregate["exports_usd"].where(aggregate["exports_usd"] > 0))
    return Panels(
        aggregate.sort_values(["iso3", "year"]).reset_index(drop=True),
        sectors.sort_values(["sector", "iso3", "year"]).reset_index(drop=True),
        depths,
    )
