"""The claims ledger of the consumer-finance chapter: every claim of ``data/published/consumer_finance.yml``
recorded with its basis.

Claims about Figs. 2 and 3 rest on the stand-in in the default run, where they hold by
construction; claims about outside facts this build has no source for are recorded as not
computed, with the reason.
"""

from __future__ import annotations

from livingpapers.toolkit.claims import Basis, Ledger

from .analysis import (
    Results,
    cagr,
    card_dominance,
    compound,
    hubei_amount,
    nim_first_below_two,
    retail_majority,
    totals_above_floor,
    yields_matching_note,
)

NOT_COMPUTED_REASONS = {  # claims about outside facts this build has no independent source for
    "C1": "NBS national accounts; not curated here",
    "C2": "NBS household survey; not curated here",
    "C3": "industry (CAAM) statistics; not curated here. '1.6-fold' read as +160% (see Notes)",
    "C4": "NBS retail statistics; not curated here",
    "C5": "NBS online retail statistics; not curated here (11.96 / 13.79 = 86.7% is computed in the checks)",
    "C6": "international national accounts; not curated here",
    "C10": "six banks' 2022 annual reports; not curated here",
    "C15": "February 2023 draft capital rules; not curated here (the cut removes 40% of RWA on those exposures)",
    "C18": "iResearch data are proprietary; shares drawn as stated, they add up to 87% (see Notes)",
    "C21": "NFRA licensing data; not curated here (implies a 22.1 tn market at 4%, see Notes)",
    "C24": "asserted without a number in the text",
    "C25": "window guidance is not public; not checked",
    "C26": "a narrative timeline of regulation; not checked",
    "C27": "a causal argument about regulation; no data here can test it",
    "C28": "a causal argument about pricing; no data here can test it",
}


def record_all(ledger: Ledger, results: Results) -> None:
    """Record every claim the chapter can say something about, and the reason for the others."""
    numbers, table1, banks = results.numbers, results.table1, results.banks
    figure_basis = Basis("standin", by_construction=True) if banks.simulated else "real"

    ledger.record_number("C7", cagr(numbers["consumer_credit_2014"], numbers["consumer_credit_2021"], 7) * 100)
    ledger.record_number(
        "C8", compound(numbers["consumer_credit_2021"], numbers["consumer_credit_growth_forecast"] / 100, 5)
    )
    passed, shown = nim_first_below_two(results.nim_roa)
    ledger.record_check("C9", passed, shown, basis=results.nim_basis)
    ledger.record_check(
        "C11",
        table1["retail_yield"].between(4.5, 5.5).all() and (table1["retail_yield"] > table1["corporate_yield"]).all(),
        f"Table 1 retail {table1['retail_yield'].min():.2f}-{table1['retail_yield'].max():.2f}%, "
        f"corporate {table1['corporate_yield'].min():.2f}-{table1['corporate_yield'].max():.2f}%",
        basis="arithmetic",
    )
    ledger.record_number("C12", yields_matching_note(ledger.claim("C12").note, table1), basis="transcription")
    ledger.record_check(
        "C13",
        (table1["retail_yield"] > table1["corporate_yield"]).all(),
        f"spread {table1['spread'].min():.2f} to {table1['spread'].max():.2f} pp",
        basis="arithmetic",
    )
    passed, shown = retail_majority(banks.loan_structure)
    ledger.record_check("C14", passed, shown, basis=figure_basis)
    ledger.record_number("C16", hubei_amount(), basis="Table 2 vs text")
    summary = results.table2
    ledger.record_check(
        "C17",
        (summary["rows"], summary["regions"], summary["undated"]) == (10, 6, 1)
        and (summary["first"], summary["last"]) == ((2022, 6), (2023, 4)),
        f"{summary['rows']} rows, {summary['regions']} regions, {summary['dated']} dated "
        f"{summary['first'][0]}.{summary['first'][1]}-{summary['last'][0]}.{summary['last'][1]}, "
        f"{summary['undated']} undated",
        basis="arithmetic",
    )
    ledger.record_check(
        "C19",
        numbers["share_internet_platforms"] > numbers["share_bank_consumer_loans"],
        "19% > 13%",
        basis="arithmetic",
    )
    ledger.record_check(
        "C20",
        numbers["share_credit_cards"] + numbers["share_bank_consumer_loans"] >= 50,
        "51% + 13% = 64% (of a breakdown that allocates only 87%)",
        basis="arithmetic",
    )
    passed, shown = totals_above_floor(banks.card_consumer_loans)
    ledger.record_check("C22", passed, shown, basis=figure_basis)
    passed, shown = card_dominance(banks.card_consumer_loans)
    ledger.record_check("C23", passed, shown, basis=figure_basis)
    for claim_id, reason in NOT_COMPUTED_REASONS.items():
        ledger.record_not_computed(claim_id, reason)
