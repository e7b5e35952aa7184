"""Study package: the Belt and Road trade network and its gateway countries (Chen, Zhao, Liu, Wuzhati 2023).

Modules: ``data`` (facts, contract, import-first/mirror rule), ``standin`` (seeded gravity
simulator), ``network`` (Top-k, Leiden, gateway and participation coefficients), ``analysis``
(the paper's pipeline and tables), ``figures``, ``ledger`` (claims), ``beyond`` (extensions),
``paper`` (what the paper prints), ``notes`` (evidence for the notes on the paper).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import data, standin
from .network import TradeYear


@dataclass(frozen=True)
class Inputs:
    trade: pd.DataFrame
    networks: dict[int, TradeYear]
    pinning_log: list[str]

    @property
    def n_mirrored(self) -> int:
        flows = data.directed_flows(self.trade)
        return int(((flows["source"] == "mirror") & (flows["value_usd"] > 0)).sum())


def load(data_mode: str, seed: int) -> Inputs:
    """The long trade table and the three yearly networks, from the stand-in or data/raw."""
    if data_mode == "real":
        trade, log = data.read_trade(), []
    else:
        simulated = standin.simulate(seed)
        trade, log = simulated.trade, simulated.pinning_log
    return Inputs(trade, data.build_networks(trade), log)
