"""What the essay chapter reads: the essay's own numbers and the curated public facts, each held to a contract.

The essay has no data, so there is no ``data/raw`` contract here. The essay's statements Q1-Q12 (the
``quantities:`` section of ``data/published/wealth_management.yml``, where the paper's numbers live) and the
curated facts (``data/facts/wealth_management_public_facts.csv``) are checked against :data:`QUANTITIES` and
:data:`PUBLIC_FACTS` when they are read, so a bad edit to either fails with every problem listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pandera.pandas as pa

from livingpapers.toolkit.claims import load_printed_table
from livingpapers.toolkit.contracts import TableContract, check_frame
from livingpapers.toolkit.facts import facts_contract, load_checked_facts

SLUG = "wealth_management"

TIERS = ("supply", "demand", "trading")  # the essay's reform ladder, most important first

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_or_empty(value: str) -> bool:
    """True for '' or a real calendar date written YYYY-MM-DD (so '2023-02-30' fails)."""
    if value == "":
        return True
    if not ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _number_or_empty(value: str) -> bool:
    if value == "":
        return True
    try:
        float(value)
    except ValueError:
        return False
    return True


DATE_CHECK = pa.Check(_iso_date_or_empty, element_wise=True, name="iso_date_or_empty")

NUMBER_CHECK = pa.Check(_number_or_empty, element_wise=True, name="number_or_empty")

NONEMPTY = pa.Check.str_length(min_value=1)


def _events_have_dates(frame: pd.DataFrame) -> pd.Series:
    """An event row must carry its date; rules and some statistics may not."""
    return (frame["kind"] != "event") | (frame["date"] != "")


def _verified_matches_confidence(frame: pd.DataFrame) -> pd.Series:
    """verified is 'true' exactly when the confidence is high or medium (the book's policy)."""
    return (frame["verified"] == "true") == frame["confidence"].isin(("high", "medium"))


QUANTITIES = TableContract(
    name="essay_quantities",
    filename="wealth_management.yml",
    schema=pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(r"^Q\d+[ab]?$")),
            "location": pa.Column(str, pa.Check.str_startswith("§")),
            "kind": pa.Column(str, pa.Check.isin(("number", "date", "qualitative"))),
            "chinese": pa.Column(str, NONEMPTY),
            "english": pa.Column(str, NONEMPTY),
            "value": pa.Column(str, NUMBER_CHECK),
            "value_high": pa.Column(str, NUMBER_CHECK),
            "unit": pa.Column(str),
            "essay_note": pa.Column(str),
        },
        strict=True,
    ),
    keys=("id",),
    description="The essay's quantitative and dated statements (Q1-Q12), verbatim, with their section (§): "
    "the 'quantities' section of data/published/wealth_management.yml.",
)

PUBLIC_FACTS = facts_contract(
    SLUG,
    "public_facts",
    {
        "id": pa.Column(str, pa.Check.str_matches(r"^F\d{2}$")),
        "kind": pa.Column(str, pa.Check.isin(("event", "rule", "statistic"))),
        "label": pa.Column(str, NONEMPTY),
        "fact": pa.Column(str, NONEMPTY),
        "date": pa.Column(str, DATE_CHECK),
        "date_effective": pa.Column(str, DATE_CHECK),
        "value": pa.Column(str, NUMBER_CHECK),
        "unit": pa.Column(str),
        "tier": pa.Column(str, pa.Check.isin((*TIERS, "context"))),
        "essay_link": pa.Column(str, NONEMPTY),
        "url": pa.Column(str, pa.Check.str_startswith("http")),
        "verified": pa.Column(str, pa.Check.isin(("true", "false"))),
        "note": pa.Column(str),
    },
    ("id",),
    "Curated public facts (spec §2) with source, URL, confidence and verification flag.",
    checks=[
        pa.Check(_events_have_dates, name="events_have_dates"),
        pa.Check(_verified_matches_confidence, name="verified_matches_confidence"),
    ],
)


load_checked = load_checked_facts  # read a facts file with the shared loader, then hold it to its contract


def essay_values(quantities: pd.DataFrame) -> dict[str, float]:
    """The essay's numbers by statement id (Q1 -> 65.0, ...); qualitative rows are left out."""
    numeric = quantities[quantities["value"] != ""]
    return {row.id: float(row.value) for row in numeric.itertuples()}


def fact(facts: pd.DataFrame, fact_id: str) -> pd.Series:
    """One curated fact by id (KeyError names the id if it is missing)."""
    match = facts[facts["id"] == fact_id]
    if match.empty:
        raise KeyError(f"no fact {fact_id!r} in {PUBLIC_FACTS.filename}")
    return match.iloc[0]


@dataclass
class Inputs:
    """What the chapter reads: the essay's statements, the curated public facts, and the essay's numbers by id."""

    quantities: pd.DataFrame
    facts: pd.DataFrame
    values: dict[str, float]


def essay_quantities() -> pd.DataFrame:
    """The essay's statements Q1-Q12 from ``data/published`` (cells as text), checked against :data:`QUANTITIES`."""
    return check_frame(load_printed_table(SLUG, "quantities"), QUANTITIES)


def read_facts() -> Inputs:
    """The essay's statements and the curated public facts, each checked against its contract."""
    quantities = essay_quantities()
    return Inputs(quantities, load_checked(PUBLIC_FACTS), essay_values(quantities))
