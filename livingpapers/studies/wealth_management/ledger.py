"""The claims ledger of the essay chapter: the three number claims a curated public fact can check
(E16, E25, E34), and the reason for every other claim.

Every claim that is not a recommendation rests on basis ``facts``: the essay prints no numbers a
claim could be checked against arithmetically (basis ``paper``) and has no model or data, so a
public fact is the only possible evidence. Where no curated fact corresponds, the claim is
``not computed`` on that basis, with the reason.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from livingpapers.toolkit.claims import Ledger

from .analysis import Results
from .data import fact

NOT_CHECKABLE = {
    "E1": "No official series with this definition: the essay names no source, year or wealth concept. "
    "The PBoC 2019 urban survey (F18: housing 59.1% of gross assets) measures something else.",
    "E10": "Anecdote about unnamed institutions; no public record of client-asset losses by institution.",
    "E23": "The 'funding deficit' is undefined (which flows, which three years), so no public figure "
    "corresponds to it; this chapter does not reconstruct it.",
}


def record_fact_checks(ledger, values: dict[str, float], facts: pd.DataFrame) -> None:
    """Record E16, E25 and E34 against curated facts (basis 'facts')."""
    bonds, equities = float(fact(facts, "F16")["value"]), float(fact(facts, "F17")["value"])
    needed = values["Q4"] - bonds
    ledger.record_check(
        "E16",
        bonds + equities > values["Q4"],
        f"bonds {bonds:g} (Jun 2023, medium) + A-shares {equities:g} (end-2022, low) = "
        f"{bonds + equities:.1f} > {values['Q4']:g}; holds for any A-share value above {needed:.1f}",
        basis="facts",
    )
    controller, pre_ipo = float(fact(facts, "F12")["value"]), float(fact(facts, "F13")["value"])
    ledger.record_check(
        "E25",
        controller == values["Q6"] * 12 and pre_ipo == values["Q7"] * 12,
        f"listing rules {controller:g} months; Company Law {pre_ipo:g} months (both medium)",
        basis="facts",
    )
    stamp = fact(facts, "F08")
    fees = fact(facts, "F07")
    ledger.record_check(
        "E34",
        date.fromisoformat(stamp["date"]).day == values["Q9"],
        f"stamp-duty halving announced {stamp['date']} (medium); exchange handling fees cut "
        f"announced {fees['date']}, effective {fees['date_effective']}",
        basis="facts",
    )


UNCHECKABLE_VIEW = "the author's view, given without evidence; no public fact corresponds to it"


def record_unchecked(ledger) -> None:
    """Give the ledger the reason for every claim no curated public fact checks (basis ``facts``)."""
    for claim in ledger.claims:
        if claim.kind == "normative" or claim.id in ledger.results:
            continue
        ledger.record_not_computed(claim.id, NOT_CHECKABLE.get(claim.id, UNCHECKABLE_VIEW), basis="facts")


def record_all(ledger: Ledger, results: Results) -> None:
    """Record the fact checks, then give every claim no public fact can check its reason."""
    record_fact_checks(ledger, results.values, results.facts)
    record_unchecked(ledger)
