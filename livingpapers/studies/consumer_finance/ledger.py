"""The claims ledger of the consumer-finance chapter: every claim of ``data/published/consumer_finance.yml``
recorded with its basis.

- ``paper``: the paper's own arithmetic and transcriptions (C7, C8, C11-C13, C16, C17, C19, C20);
- ``facts``: the NIM series (C9), and the outside statistics this build has no curated source
  for (not computed, with the reason);
- ``real``: the two causal arguments (C27, C28), which only bank-level data could test; neither
  the paper nor this build has them;
- the run's data basis for Figs. 2 and 3 (C14, C22, C23): on the stand-in they are
  ``recovered`` or not, with the planted range, which was chosen so that the text's statement
  holds (planted from the paper); on a reader's data they are confirmed or contradicted.
"""

from __future__ import annotations

from livingpapers.toolkit.claims import Ledger, load_printed

from .analysis import (
    Results,
    cagr,
    card_dominance,
    compound,
    hubei_amount,
    implied_market_tn,
    market_share_residual,
    nim_first_below_two,
    parse_policy_date,
    retail_majority,
    totals_above_floor,
    yields_matching_note,
)
from .data import SLUG
from .standin import planted_for


def not_computed_reasons(n: dict) -> dict[str, str]:
    """Claims this build has no independent evidence for, each with the reason (numbers read from ``n``)."""
    fold = n["nev_growth_multiple_2021"]
    physical, online = n["physical_online_retail_2022"], n["online_retail_2022"]
    relief = 1 - n["card_risk_weight_new"] / n["card_risk_weight_old"]
    return {
        "C1": "NBS national accounts; not curated here",
        "C2": "NBS household survey; not curated here",
        "C3": f"industry (CAAM) statistics; not curated here. '{fold:g}-fold' read as +{fold * 100:.0f}% (see Notes)",
        "C4": "NBS retail statistics; not curated here",
        "C5": f"NBS online retail statistics; not curated here ({physical:g} / {online:g} = {physical / online:.1%} "
        "is computed in the checks)",
        "C6": "international national accounts; not curated here",
        "C10": "six banks' 2022 annual reports; not curated here",
        "C15": f"February 2023 draft capital rules; not curated here (the cut removes {relief:.0%} of RWA on those "
        "exposures)",
        "C18": f"iResearch data are proprietary; shares drawn as stated, they add up to "
        f"{100 - market_share_residual(n):g}% (see Notes)",
        "C21": f"NFRA licensing data; not curated here (implies a {implied_market_tn(n):.1f} tn market at "
        f"{n['share_consumer_finance_companies']:g}%, see Notes)",
        **OTHER_REASONS,
    }


OTHER_REASONS = {
    "C24": "asserted without a number in the text",
    "C25": "window guidance is not public; not checked",
    "C26": "a narrative timeline of regulation; not checked",
    "C27": "a causal argument about regulation; only bank- and platform-level lending data could test it, "
    "and neither the paper nor this build has them",
    "C28": "a causal argument about pricing; only bank-level funding-cost and loan-rate data could test it, "
    "and neither the paper nor this build has them",
}
REAL_DATA_CLAIMS = ("C27", "C28")  # the other not-computed claims would be checked against public facts


def _figure_check(ledger: Ledger, claim_id: str, passed: bool, shown: str, simulated: bool) -> None:
    """A claim about Fig. 2 or 3: on the stand-in with its planted range, else on the reader's data."""
    if simulated:
        ledger.record_check(claim_id, passed, shown, basis="standin", planted=planted_for(claim_id))
    else:
        ledger.record_check(claim_id, passed, shown, basis="real")


def record_all(ledger: Ledger, results: Results) -> None:
    """Record every claim the chapter can say something about, and the reason for the others."""
    numbers, table1, banks = results.numbers, results.table1, results.banks
    ledger.record_number(
        "C7", cagr(numbers["consumer_credit_2014"], numbers["consumer_credit_2021"], 7) * 100, basis="paper"
    )
    ledger.record_number(
        "C8",
        compound(numbers["consumer_credit_2021"], numbers["consumer_credit_growth_forecast"] / 100, 5),
        basis="paper",
    )
    passed, shown = nim_first_below_two(results.nim_roa, ledger.claim("C9").value)
    ledger.record_check("C9", passed, shown, basis=results.nim_basis)
    ledger.record_check(
        "C11",
        table1["retail_yield"].between(numbers["retail_yield_low"], numbers["retail_yield_high"]).all()
        and (table1["retail_yield"] > table1["corporate_yield"]).all(),
        f"Table 1 retail {table1['retail_yield'].min():.2f}-{table1['retail_yield'].max():.2f}%, "
        f"corporate {table1['corporate_yield'].min():.2f}-{table1['corporate_yield'].max():.2f}%",
        basis="paper",
    )
    ledger.record_number("C12", yields_matching_note(ledger.claim("C12").note, table1), basis="paper")
    ledger.record_check(
        "C13",
        (table1["retail_yield"] > table1["corporate_yield"]).all(),
        f"spread {table1['spread'].min():.2f} to {table1['spread'].max():.2f} pp",
        basis="paper",
    )
    passed, shown = retail_majority(banks.loan_structure)
    _figure_check(ledger, "C14", passed, shown, banks.simulated)
    ledger.record_number("C16", hubei_amount(), basis="paper")  # Table 2's cell against the text's 500 亿元
    summary, printed = results.table2, load_printed(SLUG)
    ledger.record_check(
        "C17",
        (summary["rows"], summary["regions"], summary["undated"])
        == (ledger.claim("C17").value, printed["table2_regions"], printed["table2_undated"])
        and (summary["first"], summary["last"])
        == (parse_policy_date(printed["table2_first"]), parse_policy_date(printed["table2_last"])),
        f"{summary['rows']} rows, {summary['regions']} regions, {summary['dated']} dated "
        f"{summary['first'][0]}.{summary['first'][1]}-{summary['last'][0]}.{summary['last'][1]}, "
        f"{summary['undated']} undated",
        basis="paper",
    )
    ledger.record_check(
        "C19",
        numbers["share_internet_platforms"] > numbers["share_bank_consumer_loans"],
        f"{numbers['share_internet_platforms']:g}% > {numbers['share_bank_consumer_loans']:g}%",
        basis="paper",
    )
    ledger.record_check(
        "C20",
        numbers["share_credit_cards"] + numbers["share_bank_consumer_loans"] >= 50,
        f"{numbers['share_credit_cards']:g}% + {numbers['share_bank_consumer_loans']:g}% = "
        f"{numbers['share_credit_cards'] + numbers['share_bank_consumer_loans']:g}% "
        f"(of a breakdown that allocates only {100 - market_share_residual(numbers):g}%)",
        basis="paper",
    )
    passed, shown = totals_above_floor(banks.card_consumer_loans, ledger.claim("C22").value)
    _figure_check(ledger, "C22", passed, shown, banks.simulated)
    passed, shown = card_dominance(banks.card_consumer_loans)
    _figure_check(ledger, "C23", passed, shown, banks.simulated)
    for claim_id, reason in not_computed_reasons(numbers).items():
        ledger.record_not_computed(claim_id, reason, basis="real" if claim_id in REAL_DATA_CLAIMS else "facts")
