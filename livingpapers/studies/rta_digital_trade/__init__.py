"""Study package: RTA digital-trade rules and China's digital-services exports.

An anonymous paper (2025 or later), 《RTA数字贸易规则对中国数字服务贸易出口的影响——贸易创造效应与
“延伸引力”效应》 (working title): a single-exporter PPML gravity model on 133 importers, 2009-2023,
with a TAPED-based depth index of digital-trade rules.

The standard modules (``livingpapers/studies/README.md``): ``data`` (curated facts, the contracts
and the estimation panel), ``standin`` (the seeded generator, including the stand-in codings of
Table 2), ``analysis``, ``tables``, ``figures``, ``ledger``, ``notes``, ``beyond`` and ``bench``.
Study-specific modules: ``depth`` (the provision-level depth index of Tables 1-2 and the
extended-gravity index of eq. 2, the paper's own construction, used by ``data`` and ``standin``);
``estimation`` (the regressions of Tables 3-10 with the PPML, OLS and synthetic-IV helpers and
IV diagnostics; the generic helpers will move to ``livingpapers.methods``).
"""

from __future__ import annotations

from livingpapers.studies.rta_digital_trade import data, standin
from livingpapers.studies.rta_digital_trade.data import Inputs


def load(data_mode: str, seed: int) -> Inputs:
    """The chapter's inputs: the seeded stand-in (``"standin"``) or ``data/raw/rta_digital_trade/`` (``"real"``)."""
    if data_mode == "real":
        return data.read_real()
    if data_mode == "standin":
        return standin.simulate(seed)
    raise ValueError(f"rta_digital_trade has no data mode {data_mode!r} (standin or real)")
