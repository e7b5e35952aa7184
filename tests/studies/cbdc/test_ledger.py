"""The CBDC chapter's published claims, and the ledger entries for model checks and cited facts."""

from __future__ import annotations

import pandas as pd

from livingpapers.studies.cbdc import data, ledger
from livingpapers.studies.cbdc.checks import ClaimCheck
from livingpapers.toolkit.claims import Ledger, load_claims

SPEC_CLAIM_IDS = [f"C{i}" for i in range(1, 30)]


def test_published_claims_and_facts():
    claims = {c.id: c for c in load_claims("cbdc")}
    assert set(SPEC_CLAIM_IDS) <= set(claims)
    assert claims["C21"].kind == "normative"
    facts = data.cited_facts()
    assert set(facts["claim"]) == {"C1", "C2", "C3"}
    assert (facts.loc[facts["confidence"] == "low", "consistent"] == "").all()


def test_model_checks_are_recorded_with_their_regime():
    book = Ledger.for_chapter("cbdc", "none")
    ledger.record_model_checks(book, [ClaimCheck("C13", "private money falls", "falls by 7%", True, "all bind")])
    result = book.results["C13"]
    assert (result.status, result.basis, result.shown) == ("reproduced", "model", "falls by 7% [all bind]")


def test_cited_facts_never_count_low_confidence_rows():
    facts = pd.DataFrame(
        {
            "claim": ["C1", "C2", "C2", "C3"],
            "fact": ["shares", "survey size", "pilot share", "pilot year"],
            "paper_value": ["62", "65", "14", "2020"],
            "public_value": ["62", "65", "", ""],
            "unit": ["%", "countries", "%", "year"],
            "confidence": ["high", "medium", "low", "low"],
            "consistent": ["true", "false", "", ""],
        }
    )
    book = Ledger.for_chapter("cbdc", "none")
    ledger.record_cited_facts(book, facts)
    assert book.results["C1"].status == "reproduced" and book.results["C1"].basis == "facts"
    assert book.results["C2"].status == "differing" and "unverified: 14 %" in book.results["C2"].shown
    assert book.results["C3"].status == "not computed" and "pilot year" in book.results["C3"].detail
