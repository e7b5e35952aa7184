"""Beyond the essay: its verbal dividend-floor proposal (分红下限) written as an explicit, *hypothetical* rule.

The essay gives no parameters, so every floor k and payout rate used here is an assumption of
this chapter; the sweep shows how long the rule would bar pre-IPO holders from reducing.
"""

from __future__ import annotations

import math

import pandas as pd

FLOOR_KS = (0.1, 0.2, 0.3)

PAYOUT_RATES = (0.02, 0.05, 0.10)


def dividend_floor(financing_raised: float, k: float) -> float:
    """Minimum cumulative cash dividends before holders may reduce: k x (IPO + follow-on financing).

    The essay (§4) asks for a floor "linked to the financing raised" but gives no k;
    any k used here is an assumption of this chapter.
    """
    if financing_raised < 0:
        raise ValueError(f"financing raised must be non-negative, got {financing_raised}")
    if not 0 < k <= 1:
        raise ValueError(f"k must be in (0, 1], got {k}")
    return k * financing_raised


def reduction_permitted(
    cumulative_dividends: float, financing_raised: float, k: float, leverage_ok: bool = True
) -> bool:
    """The essay's gate (§4): dividends have reached the floor *and* leverage is appropriate."""
    if cumulative_dividends < 0:
        raise ValueError(f"cumulative dividends must be non-negative, got {cumulative_dividends}")
    return bool(leverage_ok) and cumulative_dividends >= dividend_floor(financing_raised, k)


def years_to_floor(financing_raised: float, k: float, annual_dividend: float) -> int:
    """Whole years of a constant annual cash dividend needed to reach the floor.

    Rounded to 9 decimals before the ceiling so that 4.5 / 0.45 counts as 10 years, not 11.
    """
    if annual_dividend <= 0:
        raise ValueError(f"annual dividend must be positive, got {annual_dividend}")
    return math.ceil(round(dividend_floor(financing_raised, k) / annual_dividend, 9))


def floor_sweep(financing_raised: float, ks=FLOOR_KS, payout_rates=PAYOUT_RATES) -> pd.DataFrame:
    """Years to reach the floor for each k and each assumed annual dividend (as a share of financing)."""
    rows = []
    for k in ks:
        for rate in payout_rates:
            annual = rate * financing_raised
            rows.append(
                {
                    "k": k,
                    "payout_rate": rate,
                    "floor": dividend_floor(financing_raised, k),
                    "annual_dividend": annual,
                    "years": years_to_floor(financing_raised, k, annual),
                }
            )
    return pd.DataFrame(rows)
