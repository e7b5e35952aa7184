"""Study package: financial opening and the allocation of trade credit (foreign-bank entry).

Zhang Weijun, Chen Yunxian and Huang Xinfei (2023), 金融开放与商业信用配置, International Monetary
Review 2023 (first published in 财贸经济 Finance & Trade Economics 2023 No. 9). A generalized,
continuous-intensity staggered difference-in-differences: the city-by-city removal of limits on
foreign banks' RMB business (2001-2006) interacted with the city's pre-opening bank concentration.
"""

from __future__ import annotations

from pathlib import Path

from livingpapers.studies.financial_opening.data import Inputs, read_real


def load(data_mode: str, seed: int, directory: Path | None = None) -> Inputs:
    """The chapter's inputs: ``"standin"`` (seeded simulation) or ``"real"`` (``data/raw/financial_opening/``)."""
    if data_mode == "real":
        return read_real(directory)
    if data_mode == "standin":
        from livingpapers.studies.financial_opening.standin import simulate

        return simulate(seed)
    raise ValueError(f"data_mode must be 'standin' or 'real', not {data_mode!r}")
