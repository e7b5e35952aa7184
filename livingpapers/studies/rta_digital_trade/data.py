"""Curated facts, the agreement codings of Table 2, and the data contracts of the chapter.

Facts (``data/facts/rta_digital_trade_*.csv``): the 133 importers with their income group,
contiguity and language with China; every agreement's parties with signature and entry-into-force
dates; the six depths the paper publishes; the six EBOPS 2010 categories.

Codings: the paper publishes six depths and no provision codings. Every agreement here gets a
stand-in coding (:func:`coded_agreements`) found by search so that the six published depths come
out at the printed precision and the orderings the prose states hold. That is a reconstruction
of an index, not a result.

Contracts: what a reader's own files in ``data/raw/rta_digital_trade/`` must look like; the
stand-in passes the same contracts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from livingpapers.studies.rta_digital_trade import depth as dp
from livingpapers.toolkit.contracts import DataContractError, TableContract, check_frame, read_real
from livingpapers.toolkit.facts import load_facts, numeric

SLUG = "rta_digital_trade"
YEARS = range(2009, 2024)
PRESAMPLE = range(2002, 2009)
SECTORS = ("SF", "SG", "SH", "SI", "SJ", "SK")
CHINA = "CHN"


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


def published_depths() -> pd.Series:
    """The six depth values the paper prints (lines 32-34), by agreement id."""
    frame = numeric(load_facts(f"{SLUG}_published_depths"), ["depth"])
    return frame.set_index("agreement_id")["depth"]


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
# Table 2: stand-in codings. Published targets are exact; the others are invented, in the open,
# inside the ranges of spec §9, ordered by date and respecting the prose's orderings (C8-C15).
# ---------------------------------------------------------------------------------------------
PRE_2014 = dp.CodingRule(zero_groups=("G1", "G4", "G5"))
KOR_AUS = dp.CodingRule(
    zero_groups=("G4",), zero_items=("cross_border_data_flows", "data_localisation_ban"), required_groups=("G1", "G5")
)
CHINA_LATER = dp.CodingRule(zero_groups=("G4",))
CHINA_RECENT = dp.CodingRule()
TEMPLATE = dp.CodingRule(required_groups=("G1", "G2", "G3", "G4", "G5"))
CODING_TARGETS: dict[str, tuple[float, dp.CodingRule]] = {
    "CN_ASEAN_FW": (0.023, PRE_2014),
    "CN_HKG_CEPA": (0.030, PRE_2014),
    "CN_MAC_CEPA": (0.028, PRE_2014),
    "CN_CHL": (0.040, PRE_2014),
    "CN_PAK": (0.032, PRE_2014),
    "CN_NZL": (0.080, PRE_2014),
    "CN_SGP": (0.070, PRE_2014),
    "CN_PER": (0.090, PRE_2014),
    "CN_CRI": (0.070, PRE_2014),
    "CN_TWN_ECFA": (0.050, PRE_2014),
    "CN_ISL": (0.100, PRE_2014),
    "CN_CHE": (0.120, PRE_2014),
    "CN_KOR": (0.384, KOR_AUS),
    "CN_AUS": (0.363, KOR_AUS),
    "CN_ASEAN_UP": (0.200, CHINA_LATER),
    "CN_GEO": (0.300, CHINA_LATER),
    "CN_MDV": (0.280, CHINA_LATER),
    "CN_CHL_UP": (0.340, CHINA_LATER),
    "CN_SGP_UP": (0.400, CHINA_LATER),
    "CN_PAK_II": (0.270, CHINA_LATER),
    "CN_MUS": (0.330, CHINA_LATER),
    "CN_KHM": (0.360, CHINA_RECENT),
    "RCEP": (0.623, dp.CodingRule(zero_groups=("G4",))),
    "CN_NZL_UP": (0.480, CHINA_RECENT),
    "CN_NIC": (0.420, CHINA_RECENT),
    "CN_ECU": (0.420, CHINA_RECENT),
    "CN_SRB": (0.400, CHINA_RECENT),
    "CPTPP": (0.672, TEMPLATE),
    "USMCA": (0.803, TEMPLATE),
    "EU_JPN": (0.540, TEMPLATE),
    "EU_GBR": (0.580, TEMPLATE),
    "DEPA": (0.570, TEMPLATE),
    "US_JPN_DTA": (0.700, TEMPLATE),
    "SG_AU_DEA": (0.660, TEMPLATE),
}
BENCHMARKS = ("CPTPP", "USMCA", "EU_JPN", "EU_GBR", "DEPA")


@dataclass
class CodedAgreements:
    """Aspect scores of every coded agreement and the depth rows computed from them."""

    scores: dict[str, np.ndarray]
    depths: pd.DataFrame  # agreement_id, g1-g5, depth, flat, published (bool)


def coded_agreements(seed: int) -> CodedAgreements:
    """Stand-in codings for every curated agreement (seeded; see :data:`CODING_TARGETS`)."""
    published = published_depths()
    scores, rows = {}, []
    for k, (agreement_id, (target, rule)) in enumerate(CODING_TARGETS.items()):
        scores[agreement_id] = dp.fit_codings(target, rule, np.random.default_rng([seed, 7, k]))
        rows.append(
            {**dp.depth_record(agreement_id, scores[agreement_id]), "published": agreement_id in published.index}
        )
    return CodedAgreements(scores, pd.DataFrame(rows))


# ---------------------------------------------------------------------------------------------
# Data contracts (data/raw/rta_digital_trade/), applied to the stand-in too.
# ---------------------------------------------------------------------------------------------
def _iso_column(known: list[str]) -> pa.Column:
    return pa.Column(str, pa.Check.isin(known, error="ISO3 code is not one of the 133 importers"), nullable=False)


def _code_column() -> pa.Column:
    """Any ISO3-shaped code: third economies j may lie outside the 133 importers."""
    return pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$", error="not a three-letter ISO3 code"), nullable=False)


def _year_column(years: range) -> pa.Column:
    return pa.Column(int, pa.Check.in_range(years.start, years.stop - 1), nullable=False)


def contracts(known_iso3: list[str]) -> list[TableContract]:
    """The four input tables, with checks named so that a broken file says what is wrong."""
    nonneg = pa.Check.ge(0, error="value must not be negative")
    unit = pa.Check.in_range(0, 1, error="depth must lie in [0, 1]")
    exports = TableContract(
        "exports",
        "exports.csv",
        pa.DataFrameSchema(
            {
                "iso3": _iso_column(known_iso3),
                "year": _year_column(YEARS),
                "sector": pa.Column(str, pa.Check.isin(list(SECTORS)), nullable=False),
                "exports_usd": pa.Column(float, nonneg, nullable=False),
                "imports_usd": pa.Column(float, nonneg, nullable=False),
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
                "iso3": _iso_column(known_iso3),
                "year": _year_column(YEARS),
                "gdp_usd": pa.Column(float, pa.Check.gt(0), nullable=False),
                "gdppc_usd": pa.Column(float, pa.Check.gt(0), nullable=False),
                "exrate_lcu_per_usd": pa.Column(float, pa.Check.gt(0), nullable=False),
                "enrol_tertiary_m": pa.Column(float, nonneg, nullable=False),
                "broadband_subs_m": pa.Column(float, nonneg, nullable=False),
                "htc_pct": pa.Column(float, pa.Check.in_range(0, 100), nullable=False),
                "rq": pa.Column(float, pa.Check.in_range(-2.6, 2.6), nullable=False),
                "ict_tracker": pa.Column(float, pa.Check.in_range(0, 100), nullable=False),
            },
            coerce=True,
        ),
        keys=("iso3", "year"),
        description="Importer-year controls and mediators (WDI, UIS, ITU, WGI). Include a row iso3=CHN for China's own values.",
    )
    depths = TableContract(
        "agreement_depths",
        "agreement_depths.csv",
        pa.DataFrameSchema(
            {
                "agreement_id": pa.Column(str, nullable=False),
                **{c: pa.Column(float, unit, nullable=False) for c in dp.DEPTH_COLUMNS},
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
                "agreement_id": pa.Column(str, nullable=False),
                "party": _code_column(),
                "side": pa.Column(str, nullable=True),
                "start": pa.Column(int, pa.Check.in_range(1990, 2030), nullable=False),
                "end": pa.Column(float, pa.Check.in_range(1990, 2030), nullable=True),
            },
            coerce=True,
        ),
        keys=("agreement_id", "party"),
        description="Parties of every agreement (China's and third-party), first and last calendar year in force; "
        "parties on the same non-empty side (a bloc) are not paired with each other.",
    )
    trade = TableContract(
        "presample_trade",
        "presample_trade.csv",
        pa.DataFrameSchema(
            {
                "iso3": _code_column(),
                "partner_iso3": _code_column(),
                "trade_usd": pa.Column(float, nonneg, nullable=False),
            },
            coerce=True,
        ),
        keys=("iso3", "partner_iso3"),
        description="Bilateral trade (exports + imports) summed over 2002-2008, one row per ordered pair.",
    )
    return [exports, importers, depths, parties, trade]


@dataclass
class Inputs:
    """Everything the chapter computes from, in either data mode."""

    exports: pd.DataFrame
    importers: pd.DataFrame
    agreement_depths: pd.DataFrame
    agreement_parties: pd.DataFrame
    presample_trade: pd.DataFrame
    simulated: bool


def known_iso3() -> list[str]:
    return countries()["iso3"].tolist() + [CHINA]


def check_inputs(inputs: Inputs) -> Inputs:
    """Validate every table against its contract, collecting all problems into one error."""
    problems = []
    for contract in contracts(known_iso3()):
        try:
            check_frame(getattr(inputs, contract.name), contract)
        except DataContractError as err:
            problems += err.problems
    if problems:
        raise DataContractError(problems)
    return inputs


def read_inputs(directory=None) -> Inputs:
    """Real mode: read and validate ``data/raw/rta_digital_trade/`` (one error lists every problem)."""
    tables = read_real(SLUG, contracts(known_iso3()), directory)
    return Inputs(
        tables["exports"],
        tables["importers"],
        tables["agreement_depths"],
        tables["agreement_parties"],
        tables["presample_trade"],
        False,
    )
