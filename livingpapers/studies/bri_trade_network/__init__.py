"""Study package: the Belt and Road trade network and its gateway countries (Chen, Zhao, Liu, Wuzhati 2023).

Chen Wei, Zhao Xiquan, Liu Weidong and Wuzhati Yeerken (2023), “一带一路”贸易网络演化与贸易门户国家识别,
*Acta Geographica Sinica* 78, reprinted in 国际货币评论: a descriptive network study of goods trade among
65 countries in 2000, 2010 and 2021.

The standard modules (``livingpapers/studies/README.md``): ``data`` (facts, the contract, the
import-first/mirror rule), ``standin`` (seeded gravity simulator), ``analysis`` (the paper's chain:
Top-k backbone, Leiden blocs, gateways, and the stability runs), ``tables``, ``figures``,
``ledger``, ``notes`` and ``beyond``. Study-specific modules: ``network`` (the network measures
themselves: Top-k, Leiden, gateway and participation coefficients, natural breaks, topology;
tested on hand-computed graphs and generic enough to move to ``livingpapers.methods``);
``paper`` (the structure of what the paper prints: Table 1 and 2 rows, bloc names, sizes and
named members, which the published claims hold only as sentences).
"""

from __future__ import annotations

from . import data, standin
from .data import Inputs


def load(data_mode: str, seed: int) -> Inputs:
    """The long trade table and the three yearly networks, from the stand-in or data/raw."""
    if data_mode == "real":
        return data.read_real()
    if data_mode == "standin":
        return standin.simulate(seed)
    raise ValueError(f"bri_trade_network has no data mode {data_mode!r} (standin or real)")
