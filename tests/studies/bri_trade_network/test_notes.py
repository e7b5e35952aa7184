"""The notes' arithmetic on the paper's printed numbers, and the eq. (5) misprint."""

from __future__ import annotations

import numpy as np

from livingpapers.studies.bri_trade_network import notes


def test_notes_arithmetic():
    frame = notes.notes_table().frame
    assert frame.loc["CAGR 2000-2010 from 0.36 and 1.87 tn", "Computed"] == "17.91%"
    assert frame.loc["CAGR 2010-2021 from 1.87 and 3.41 tn", "Computed"] == "5.61%"
    demo = notes.misprint_demo()
    assert not np.allclose(demo["G (corrected eq. 5)"], demo["G (bar over the product, literal)"])
