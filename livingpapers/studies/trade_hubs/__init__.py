"""Study package: trade hubs (FTZ x China-Europe Railway Express) and regional opening-up.

Xiao Jingwen, Zhu Wenpei and Feng Mengli (2026), 贸易枢纽、全国统一大市场与区域对外开放, *West Forum*
36(1): 143-157: a staggered DID on 219 cities, 2009-2022.

The standard modules (``livingpapers/studies/README.md``): ``data`` (curated facts, treatment
coding, the contracts and the analysis panel), ``standin``, ``analysis``, ``tables`` (Tables 1-8
and the chapter's own tables), ``figures``, ``ledger``, ``notes``, ``beyond`` and ``bench``.
Study-specific module: ``estimation`` (the paper's estimators, spec §4 and §8, which
``analysis``, ``beyond`` and ``bench`` call). The generic econometrics (the placebo's TWFE engine,
the staggered-DID estimators, Goodman-Bacon, first-stage diagnostics, DML, the permutation test of
group differences) is ``livingpapers.methods``'.
"""

from __future__ import annotations

from livingpapers.studies.trade_hubs import data, standin
from livingpapers.studies.trade_hubs.data import Inputs


def load(data_mode: str, seed: int) -> Inputs:
    """The chapter's inputs: the seeded stand-in (``"standin"``) or ``data/raw/trade_hubs/`` (``"real"``)."""
    if data_mode == "real":
        return data.read_real()
    if data_mode == "standin":
        return standin.simulate(seed)
    raise ValueError(f"trade_hubs has no data mode {data_mode!r} (standin or real)")
