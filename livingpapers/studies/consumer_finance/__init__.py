"""Consumer finance at commercial banks (Li and Wang 2023, 新形势下商业银行消费金融业务发展策略探析).

The paper is descriptive: two printed tables, four figures whose images are missing from the
text, and about two dozen numbers in the prose. The package follows the study contract
(``livingpapers/studies/README.md``):

- ``data``: the paper's Tables 1 and 2 as printed, the curated facts, the data contracts of
  ``data/raw/consumer_finance/`` with ``read_real`` and ``real_tables``;
- ``standin``: the seeded stand-in for Figs. 2 and 3 and its ``PLANTED`` ranges;
- ``analysis``: ``run(inputs, params)``, the arithmetic checks and the checks of the text's
  statements on the figure data;
- ``tables``, ``figures``: the paper's tables and figures in its layout;
- ``ledger``: ``record_all(ledger, results)``;
- ``notes``: computed evidence for the notes on the paper;
- ``beyond``: the forecast sensitivity and the retail tilt.
"""

from __future__ import annotations

from . import data, standin
from .data import Inputs


def load(data_mode: str, seed: int) -> Inputs:
    """The chapter's inputs: the seeded stand-in (``"standin"``) or ``data/raw/consumer_finance/`` (``"real"``)."""
    if data_mode == "real":
        return data.read_real()
    if data_mode == "standin":
        return standin.simulate(seed)
    raise ValueError(f"consumer_finance has no data mode {data_mode!r} (standin, real)")
