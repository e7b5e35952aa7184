"""The claims ledger of the CBDC chapter: every claim checked in the solved model (basis ``model``), and
the facts the paper cites (C1-C3) against curated public facts (basis ``facts``).
"""

from __future__ import annotations

import pandas as pd

from livingpapers.toolkit.claims import Ledger

from .analysis import Results
from .checks import ClaimCheck

CHECKABLE = ("high", "medium")


def record_model_checks(ledger, checks: list[ClaimCheck]) -> None:
    """Write every model check into the chapter's claims ledger (basis 'model').

    A check whose regime does not occur at this calibration is recorded as not computed, with the reason.
    """
    for c in checks:
        if c.computed:
            ledger.record_check(c.claim, c.passed, f"{c.shown} [{c.regime}]", basis="model")
        else:
            ledger.record_not_computed(c.claim, c.shown, basis="model")


def record_cited_facts(ledger, facts: pd.DataFrame) -> None:
    """C1-C3: the paper's cited numbers against curated facts; low-confidence rows are never counted as checks.

    ``consistent`` in the facts file is the curator's judgement that the public value agrees
    with the paper's (F7: the white paper dates the pilots to end-2019, the first public pilot
    scenario to April 2020, which is the paper's "since 2020").
    """
    by_claim = dict(iter(facts.groupby("claim")))
    for claim, rows in by_claim.items():
        usable = rows[rows["confidence"].isin(CHECKABLE)]
        if usable.empty:
            ledger.record_not_computed(
                claim,
                "no public source for " + "; ".join(rows["fact"]) + " could be reached (facts rated low)",
                basis="facts",
            )
            continue
        parts = [
            f"{r.fact}: paper {r.paper_value}, public {r.public_value} ({r.confidence})" for r in usable.itertuples()
        ]
        unverified = rows[~rows["confidence"].isin(CHECKABLE)]
        if len(unverified):
            parts.append("unverified: " + ", ".join(f"{r.paper_value} {r.unit}" for r in unverified.itertuples()))
        ledger.record_check(claim, bool((usable["consistent"] == "true").all()), "; ".join(parts), basis="facts")


def record_all(ledger: Ledger, results: Results) -> None:
    """Record the model checks, then the cited facts."""
    record_model_checks(ledger, results.model_checks)
    record_cited_facts(ledger, results.inputs.cited_facts)
