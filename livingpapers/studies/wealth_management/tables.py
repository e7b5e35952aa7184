"""The chapter's tables: the essay's statements (Q), the public facts (F), the arithmetic (A), the
checkability of every claim (C) and the hypothetical dividend-floor sweep (B).

Each ``table_*`` function returns a :class:`~livingpapers.toolkit.tables.PaperTable` for ``ch.table``.
"""

from __future__ import annotations

import pandas as pd

from livingpapers.toolkit.tables import PaperTable, TableText, from_frame

from .analysis import Results
from .ledger import NOT_CHECKABLE, UNCHECKABLE_VIEW


def sweep_table(sweep: pd.DataFrame, lockup_years: float) -> pd.DataFrame:
    """The sweep laid out k x payout rate, each cell 'years (binds / does not bind after the lock-up)'."""

    def cell(years: int) -> str:
        return f"{years} ({'binds after' if years > lockup_years else 'within'} the {lockup_years:g}-year lock-up)"

    table = sweep.assign(cell=sweep["years"].map(cell)).pivot(index="k", columns="payout_rate", values="cell")
    table.index = [f"k = {k:g} (floor {k * 100:g}% of financing)" for k in table.index]
    table.columns = [f"annual dividend = {r:.0%} of financing" for r in table.columns]
    return table


def checkability_table(claims, results: dict) -> pd.DataFrame:
    """Spec §8 step 8: every claim with its type and whether a curated public fact can check it."""
    rows = []
    for claim in claims:
        if claim.kind == "normative":
            verdict, why = "not testable", "a recommendation or value judgement"
        elif claim.id in results and results[claim.id].status != "not computed":
            verdict, why = ("yes" if results[claim.id].status == "confirmed" else "no"), results[claim.id].shown
        else:
            verdict, why = "not checkable", NOT_CHECKABLE.get(claim.id, UNCHECKABLE_VIEW)
        rows.append(
            {
                "Claim": claim.id,
                "Type": claim.kind,
                "Where": claim.location,
                "Matches curated public fact?": verdict,
                "Why / what was compared": why,
            }
        )
    return pd.DataFrame(rows).set_index("Claim")


TEXT = {  # the words of each table
    "q": TableText(
        "Table Q. Quantitative and dated statements of the essay",
        "Verbatim from the Chinese text of the essay; value_high is the upper end of a range. "
        "Source: the essay (author's statement); no source is given in the essay for any of them.",
        "Id",
    ),
    "f": TableText(
        "Table F. Public facts the essay refers to, with source and confidence",
        "tier: the rung of the essay's reform ladder (Figure E3) a measure belongs to, assigned by "
        "this chapter. Confidence: high = official or primary text reached; medium = consistent "
        "reliable secondary reports; low = unverified. URLs are in the CSV.",
        "Id",
    ),
    "a": TableText(
        "Table A. Arithmetic on the essay's numbers",
        "Inputs are ids in the facts files. The essay's stock of stocks and bonds is a lower bound, so the "
        "deficit's share of it is an upper bound.",
        "Inputs",
    ),
    "c": TableText(
        "Table C. Can a curated public fact check the claim?",
        "yes/no: compared with curated facts (basis 'facts'). not checkable: no public counterpart. "
        "not testable: normative.",
        "Claim",
    ),
}
QUANTITY_COLUMNS = ["location", "kind", "chinese", "english", "value", "value_high", "unit"]
FACT_COLUMNS = ["fact", "date", "date_effective", "tier", "essay_link", "confidence", "source"]


def table_q(quantities: pd.DataFrame) -> PaperTable:
    """Table Q: the essay's quantitative and dated statements, verbatim."""
    return TEXT["q"].of(quantities.set_index("id")[QUANTITY_COLUMNS])


def table_f(facts: pd.DataFrame) -> PaperTable:
    """Table F: the public facts the essay refers to, with source and confidence."""
    return TEXT["f"].of(facts.set_index("id")[FACT_COLUMNS])


def table_a(results: Results) -> PaperTable:
    """Table A: the arithmetic on the essay's numbers."""
    return TEXT["a"].of(results.arithmetic)


def table_c(claims, results: dict) -> PaperTable:
    """Table C: can a curated public fact check the claim? (after ``ledger.record_all``)."""
    return TEXT["c"].of(checkability_table(claims, results))


def table_b(results: Results) -> PaperTable:
    """Table B: years of dividends needed to reach a floor of k x financing (hypothetical)."""
    return from_frame(
        sweep_table(results.sweep, results.lockup_years),
        f"Table B. Years of dividends needed to reach a floor of k x {results.financing:g} yi "
        "(hypothetical, not in the essay)",
        notes="Constant annual cash dividend equal to the stated share of financing raised; leverage "
        f"assumed appropriate. 'binds after' = the floor, not the {results.lockup_years:g}-year controller "
        "lock-up, decides when controllers may reduce.",
        stub_name="Floor",
    )
