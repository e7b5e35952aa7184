"""The published claims the ledger records, and which cells check them."""

from __future__ import annotations

from livingpapers.studies.rta_digital_trade import ledger as lg
from livingpapers.toolkit.claims import load_claims


def test_published_claims_hold_the_spec_ids():
    claims = {c.id: c for c in load_claims("rta_digital_trade")}
    assert set(claims) == {f"C{i}" for i in range(1, 93)}
    assert [claims[f"C{i}"].value for i in range(2, 8)] == [0.023, 0.384, 0.363, 0.623, 0.672, 0.803]
    assert claims["C17"].value == 82.25 and claims["C16"].value == 71.18
    assert set(lg.CELL_CHECKS) <= set(claims)
    assert set(lg.PUBLISHED_DEPTHS) == {f"C{i}" for i in range(2, 8)}
