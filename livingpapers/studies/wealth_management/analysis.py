"""Every computation of the essay chapter: the arithmetic the essay's numbers allow and the dividend-floor sweep.

:func:`run` does it in one call; there is nothing random and no parameter changes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .beyond import floor_sweep
from .data import Inputs, fact


def arithmetic_checks(values: dict[str, float], facts: pd.DataFrame) -> pd.DataFrame:
    """What the essay's numbers imply, computed openly; none of it is printed in the essay."""
    stamp_old, stamp_new = 0.1, float(fact(facts, "F08")["value"])
    financing = values["Q8a"] + values["Q8b"]
    rows = [
        ("Q1", "Non-real-estate share of household wealth", "100 - 65", f"{100 - values['Q1']:g}%"),
        ("Q8", "Total financing in the example (IPO + follow-on)", "10 亿 + 5 亿", f"{financing:g} 亿 yuan (1.5 bn)"),
        (
            "Q4, Q5",
            "Annual deficit relative to the stock of basic assets",
            "1.5 / 160",
            f"{values['Q5'] / values['Q4']:.2%} (an upper bound, since 160 is a lower bound)",
        ),
        ("Q6, Q7", "Lock-ups in months", "3 x 12; 1 x 12", f"{values['Q6'] * 12:g} and {values['Q7'] * 12:g} months"),
        (
            "Q9",
            "Speech date implied by footnote 3",
            "27 Aug - 3 days",
            "24 Aug 2023 (25 Aug if the speech day counts as day 1)",
        ),
        ("Q2", "Years from the speech to the 2035 target", "2035 - 2023", f"{values['Q2'] - 2023:g} years"),
        (
            "F08",
            "Stamp duty per 100,000 yuan of taxable trade value",
            "100,000 x 0.1% vs 0.05%",
            f"{100_000 * stamp_old / 100:g} -> {100_000 * stamp_new / 100:g} yuan",
        ),
    ]
    return pd.DataFrame(rows, columns=["Inputs", "Quantity", "Computation", "Result"]).set_index("Inputs")


@dataclass
class Results:
    """What the chapter shows, computed once by :func:`run`."""

    inputs: Inputs
    arithmetic: pd.DataFrame  # Table A
    financing: float  # the essay's example: IPO + follow-on, 亿 yuan
    lockup_years: float  # the controllers' lock-up the essay cites
    sweep: pd.DataFrame  # years to reach a floor k x financing (beyond the essay)

    @property
    def values(self) -> dict[str, float]:
        return self.inputs.values

    @property
    def facts(self) -> pd.DataFrame:
        return self.inputs.facts


def run(inputs: Inputs, params: dict) -> Results:
    """The arithmetic on the essay's numbers and the sweep of the hypothetical dividend floor."""
    values = inputs.values
    financing = values["Q8a"] + values["Q8b"]
    return Results(inputs, arithmetic_checks(values, inputs.facts), financing, values["Q6"], floor_sweep(financing))
