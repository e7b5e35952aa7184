"""Study package: Su, He and Zhang (2023), 基金“抱团”：净值增长与暴跌风险 (fund herding, performance
and NAV crash risk), International Monetary Review, p. 65 ff.

Modules: ``data`` (inputs, the real-data contract, curated facts), ``standin`` (the seeded
simulation and its planted effects), ``measures`` (the paper's variables, vectorised), ``regress``
(pooled OLS with year fixed effects), ``analysis`` (every computation of the chapter), ``tables``,
``figures``, ``ledger``, ``notes``, ``beyond`` and ``bench``.
"""

from __future__ import annotations

from pathlib import Path

from livingpapers.studies.fund_herding.data import Inputs


def load(data_mode: str, seed: int, directory: Path | None = None) -> Inputs:
    """The chapter's inputs: the seeded stand-in, or the user's files in ``data/raw/fund_herding/``."""
    if data_mode == "standin":
        from livingpapers.studies.fund_herding.standin import simulate

        return simulate(seed)
    if data_mode == "real":
        from livingpapers.studies.fund_herding.data import read_real

        return read_real(directory)
    raise ValueError(f"data_mode must be 'standin' or 'real', not {data_mode!r}")
