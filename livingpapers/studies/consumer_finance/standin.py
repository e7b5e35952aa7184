"""The seeded stand-in for Figs. 2 and 3, whose values the paper does not print.

Every value is drawn from a uniform range written out below (spec §9, in the open). The ranges
are chosen so that the text's statements hold; :data:`PLANTED` says, for each planted range,
which published claim it encodes or that it is this chapter's own (``independent``) choice.
The stand-in goes through the same data contracts as a reader's files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from livingpapers.toolkit.claims import Planted
from livingpapers.toolkit.contracts import check_frame

from .analysis import CARD_EXCEPTIONS, RETAIL_MAJORITY_BANKS, TOTAL_FLOOR_BANKS
from .data import CARD_CONSUMER_LOANS, LOAN_STRUCTURE, BankData, Inputs, nim_roa_facts, text_numbers

STANDIN_YEAR = 2022
# Fig. 2: retail share of total loans, % (low, high). The text says Ping An, PSBC and CMB are
# above 50%; a share below 50% for the other banks is an assumption, not a statement of the paper.
STANDIN_RETAIL_SHARE = {
    "PingAn": (52, 62),
    "PSBC": (52, 62),
    "CMB": (52, 62),
    "ICBC": (30, 45),
    "CCB": (35, 48),
    "ABC": (33, 46),
    "BOC": (30, 44),
    "BoCom": (30, 42),
    "CMBC": (35, 48),
    "CZBank": (20, 35),
}

STANDIN_BILLS_SHARE = (2.0, 8.0)
# Fig. 3: (total card + consumer loans low, high, card/consumer ratio low, high), 亿元.
# CMB and Ping An: totals above 10,000 亿; PSBC and CZBank: consumer loans above card loans;
# other banks: card loans at least twice consumer loans ("far exceed", this chapter's reading).
STANDIN_BALANCES = {
    "CMB": (10500, 12500, 2.2, 3.2),
    "PingAn": (10200, 11500, 2.1, 2.8),
    "ICBC": (7000, 9500, 2.2, 4.0),
    "CCB": (8000, 10000, 2.2, 4.0),
    "ABC": (6000, 8000, 2.2, 4.0),
    "BOC": (5000, 7000, 2.2, 4.0),
    "BoCom": (4500, 6000, 2.5, 5.0),
    "CMBC": (4500, 6000, 2.5, 5.0),
    "PSBC": (3500, 5000, 0.5, 0.9),
    "CZBank": (400, 900, 0.3, 0.8),
}


def standin_loan_structure(rng: np.random.Generator) -> pd.DataFrame:
    """A seeded Fig. 2 stand-in: retail, corporate and bills shares (sum 100) for ten banks."""
    rows = []
    for bank, (lo, hi) in STANDIN_RETAIL_SHARE.items():
        retail = round(float(rng.uniform(lo, hi)), 2)
        bills = round(float(rng.uniform(*STANDIN_BILLS_SHARE)), 2)
        rows.append(
            {
                "bank": bank,
                "year": STANDIN_YEAR,
                "retail_share": retail,
                "corporate_share": round(100 - retail - bills, 2),
                "bills_share": bills,
                "unit": "percent",
            }
        )
    return pd.DataFrame(rows)


def standin_card_consumer_loans(rng: np.random.Generator) -> pd.DataFrame:
    """A seeded Fig. 3 stand-in: credit-card and consumer-loan balances (亿元) for ten banks."""
    rows = []
    for bank, (total_lo, total_hi, ratio_lo, ratio_hi) in STANDIN_BALANCES.items():
        total = float(rng.uniform(total_lo, total_hi))
        ratio = float(rng.uniform(ratio_lo, ratio_hi))
        consumer = round(total / (1 + ratio))
        rows.append(
            {
                "bank": bank,
                "year": STANDIN_YEAR,
                "card_loans": float(round(total) - consumer),
                "consumer_loans": float(consumer),
                "unit": "100m_yuan",
            }
        )
    return pd.DataFrame(rows)


def simulate(seed: int) -> Inputs:
    """The stand-in inputs for ``seed``: simulated bank data, curated NIM/ROA series and text numbers.

    The two tables use the independent streams ``[seed, 1]`` and ``[seed, 2]`` (what
    ``ChapterRun.rng(1)`` and ``rng(2)`` give), checked against the same contracts as real files.
    """
    banks = BankData(
        check_frame(standin_loan_structure(np.random.default_rng([seed, 1])), LOAN_STRUCTURE),
        check_frame(standin_card_consumer_loans(np.random.default_rng([seed, 2])), CARD_CONSUMER_LOANS),
        simulated=True,
    )
    return Inputs(banks, nim_roa_facts(), text_numbers())


@dataclass(frozen=True)
class PlantedRange:
    """One planted uniform range of the stand-in and where it comes from (a published claim id, or ``independent``).

    The stand-in plants ranges per bank group, not single effects; :meth:`planted` gives the
    ledger's :class:`~livingpapers.toolkit.claims.Planted` record of the same range.
    """

    quantity: str
    banks: tuple[str, ...]
    low: float
    high: float
    source: str

    @property
    def from_paper(self) -> bool:
        """True when the range was chosen so that a published claim holds."""
        return self.source != "independent"

    def planted(self) -> Planted:
        return Planted((self.low, self.high), from_paper=self.from_paper)


def planted_for(claim_id: str) -> Planted:
    """The ledger's planted record of a claim: its range if one range encodes it, else "designed to hold"."""
    ranges = [p for p in PLANTED if p.source == claim_id]
    if not ranges:
        raise KeyError(f"the stand-in plants nothing for claim {claim_id}")
    return ranges[0].planted() if len(ranges) == 1 else Planted(None, from_paper=True)


def _planted(quantity: str, ranges: dict[str, tuple], banks, columns: tuple[int, int], source: str) -> PlantedRange:
    """The span of ``ranges`` (columns ``columns`` of each bank's tuple) over ``banks``."""
    lo, hi = columns
    return PlantedRange(
        quantity, tuple(banks), min(ranges[b][lo] for b in banks), max(ranges[b][hi] for b in banks), source
    )


_OTHER_RETAIL = tuple(b for b in STANDIN_RETAIL_SHARE if b not in RETAIL_MAJORITY_BANKS)
_OTHER_TOTALS = tuple(b for b in STANDIN_BALANCES if b not in TOTAL_FLOOR_BANKS)
_CARD_DOMINANT = tuple(b for b in STANDIN_BALANCES if b not in CARD_EXCEPTIONS)
PLANTED = (  # C14: retail above half; C22: totals above 1 tn yuan; C23: card loans far exceed consumer loans
    _planted("retail share of total loans, %", STANDIN_RETAIL_SHARE, RETAIL_MAJORITY_BANKS, (0, 1), "C14"),
    _planted("retail share of total loans, %", STANDIN_RETAIL_SHARE, _OTHER_RETAIL, (0, 1), "independent"),
    PlantedRange(
        "discounted-bills share of total loans, %", tuple(STANDIN_RETAIL_SHARE), *STANDIN_BILLS_SHARE, "independent"
    ),
    _planted("card + consumer loans, 亿元", STANDIN_BALANCES, TOTAL_FLOOR_BANKS, (0, 1), "C22"),
    _planted("card + consumer loans, 亿元", STANDIN_BALANCES, _OTHER_TOTALS, (0, 1), "independent"),
    _planted("card / consumer loans ratio", STANDIN_BALANCES, CARD_EXCEPTIONS, (2, 3), "C23"),
    _planted("card / consumer loans ratio", STANDIN_BALANCES, _CARD_DOMINANT, (2, 3), "C23"),
)
