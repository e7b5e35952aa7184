"""The ledger records every claim on the paper's chain; the published claims hold the spec's ids."""

from __future__ import annotations

from livingpapers.studies.bri_trade_network import analysis as an
from livingpapers.studies.bri_trade_network import ledger, paper
from livingpapers.toolkit.claims import Ledger, load_claims


def test_pipeline_results_and_ledger(inputs, results):
    for r in results.values():
        assert set(r.bloc_id.values()) - {None} <= set(paper.BLOCS[r.year])
        assert all(len(v) <= 3 for v in r.gateways.values())
        assert ((r.gateway >= r.participation - 1e-12) & (r.gateway <= 1)).all()
    narrative = an.narrative_checks(results)
    book = Ledger.for_chapter("bri_trade_network", "standin")
    ledger.record_all(book, an.Results(inputs, results, narrative))
    summary = book.summary()
    assert summary["total"] == 71 and summary["not_computed"] == 1
    frame = book.frame().set_index("Claim")
    assert frame.loc["C6", "Status"] == "by construction" and frame.loc["C6", "Basis"] == "stand-in (calibrated)"
    assert frame.loc["C39", "Status"] == "reproduced" and frame.loc["C39", "Basis"] == "arithmetic"


def test_published_claims_hold_the_spec_ids_and_printed_values():
    claims = {c.id: c for c in load_claims("bri_trade_network")}
    assert list(claims) == [f"C{i}" for i in range(1, 72)]
    assert claims["C9"].value == 17.91 and claims["C14"].value == 12.55 and claims["C28"].value == 71.110
    assert [g for _, _, g in paper.TABLE2[2010]][:2] == [0.91, 0.89]
    assert len(paper.TABLE2[2000]) == 12 and len(paper.TABLE2[2021]) == 15
