"""Jia (2023), 央行数字货币替代现金的经济影响: a cash-like CBDC in a Lagos-Wright model (a theory chapter).

The paper proves signs and prints no data, calibration or numbers. The package follows the study
contract (``livingpapers/studies/README.md``):

- ``data``: the facts the paper cites (claims C1-C3), curated with source and confidence;
- ``model``: primitives, parameter validation, the nested-Brent equilibrium solver, the regime
  threshold, sweeps over the CBDC rate, analytical comparative statics and the comparison
  economies (sensitivity map, Keister-Sanches benchmark, no CBDC over inflation);
- ``checks``: every claim of the paper checked in the solved model, with its regime;
- ``analysis``: ``run(inputs, params)``, the whole chapter's computation in one call;
- ``tables``, ``figures``: Tables 1-8, the paper's two schematics redrawn and the numerical figures;
- ``ledger``: ``record_all(ledger, results)``;
- ``beyond``: welfare along the CBDC rate and proportional bargaining.

There is no ``standin`` (nothing is simulated) and no ``notes`` module (the notes on the paper
are about its text: references, notation, the omitted case of its proofs).
"""

from __future__ import annotations

from .data import Inputs, cited_facts


def load(data_mode: str, seed: int | None = None) -> Inputs:
    """The curated facts the paper cites (``"none"``: the chapter has no dataset; its numbers come from the model).

    ``seed`` is accepted for the common signature of study packages; nothing here is random.
    """
    if data_mode != "none":
        raise ValueError(f"cbdc has no data mode {data_mode!r} (none)")
    return Inputs(cited_facts())
