"""Wu Xiaoqiu (2023), 高度重视资本市场资产供给端的制度改革 (the asset-supply side of the capital market): an essay chapter.

The essay is an edited speech. It has no data, no model and no empirical design, so the package
computes no estimates. It follows the study contract (``livingpapers/studies/README.md``) for
what it has:

- ``data``: the essay's own numbers (from ``data/published``) and the curated public facts (with source and
  confidence) and their contracts;
- ``analysis``: ``run(inputs, params)``, the arithmetic the essay's numbers allow;
- ``ledger``: ``record_all(ledger, results)``, the few number claims public facts can check;
- ``tables``, ``figures``: Tables Q, F, A, C, B and the illustrations the spec proposes (E1-E6, B1);
- ``beyond``: the essay's verbal dividend-floor proposal (分红下限) as an explicit, *hypothetical*
  rule, so that its consequences can be read off for assumed parameters (the essay gives none).

There is no ``standin`` (nothing is simulated) and no ``notes`` module (the notes on the essay
quote the facts and the arithmetic above).
"""

from __future__ import annotations

from .data import Inputs, read_facts


def load(data_mode: str, seed: int | None = None) -> Inputs:
    """The essay's numbers and the curated facts (``"none"``: the chapter has no dataset).

    ``seed`` is accepted for the common signature of study packages; nothing here is random.
    """
    if data_mode != "none":
        raise ValueError(f"wealth_management has no data mode {data_mode!r} (none)")
    return read_facts()
