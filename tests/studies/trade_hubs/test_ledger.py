"""The published claims the ledger records."""

from __future__ import annotations

from livingpapers.toolkit.claims import load_claims


def test_published_claims_hold_the_spec_ids():
    ids = {c.id for c in load_claims("trade_hubs")}
    assert {f"C{i}" for i in range(1, 102)} <= ids
    claims = {c.id: c for c in load_claims("trade_hubs")}
    assert (claims["C13"].value, claims["C13"].t, claims["C13"].stars) == (0.651, 2.80, 3)
    assert claims["C74"].value == -0.010 and claims["C38.kp"].value == 1339.292
