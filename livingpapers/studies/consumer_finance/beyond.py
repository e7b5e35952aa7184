"""Beyond the paper: how fragile the 2026 forecast is, and how much retail tilt offsets the margin squeeze.

Both use only the paper's own numbers; the tables and the figure are in ``tables`` and ``figures``.
"""

from __future__ import annotations

import pandas as pd

from .analysis import cagr, compound


def forecast_sensitivity(n: dict, rates_pct=(5.0, 6.0, 7.0, 9.0, 10.0, 12.0)) -> pd.DataFrame:
    """2026 balance from the 2021 level under alternative annual growth rates and the paper's own."""
    base = n["consumer_credit_2021"]
    rates_pct = sorted({*rates_pct, n["consumer_credit_growth_forecast"]})
    return pd.DataFrame({"growth_pct": rates_pct, "balance_2026_tn": [compound(base, g / 100, 5) for g in rates_pct]})


def growth_for_target(n: dict, target_tn: float | None = None) -> float:
    """Annual growth (a fraction) that takes the 2021 balance exactly to the 2026 target."""
    return cagr(n["consumer_credit_2021"], target_tn or n["consumer_credit_2026_forecast"], 5)


def retail_tilt_offset(table1: pd.DataFrame, nim_fall_pp: float) -> pd.DataFrame:
    """Shift of the loan book from corporate to retail (pp) whose gross-yield gain equals the NIM fall.

    A one-point shift raises the average gross loan yield by spread/100 points, so the shift
    that matches a fall of ``nim_fall_pp`` points is ``nim_fall_pp / spread * 100``. This ignores
    credit costs, funding costs and the part of earning assets that is not loans.
    """
    t = table1.set_index("bank")
    spread = t["retail_yield"] - t["corporate_yield"]
    frame = pd.DataFrame({"spread_pp": spread, "shift_pp": nim_fall_pp / spread * 100})
    frame.loc["Mean of six"] = [spread.mean(), nim_fall_pp / spread.mean() * 100]
    return frame
