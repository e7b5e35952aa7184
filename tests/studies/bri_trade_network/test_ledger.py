"""The ledger records every claim on the paper's chain; the published claims hold the spec's ids."""

from __future__ import annotations

from livingpapers.studies.bri_trade_network import analysis as an
from livingpapers.studies.bri_trade_network import beyond, headline, ledger, paper, standin
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
    assert summary["total"] == 71
    # a stand-in claim is recovered or not, never confirmed or contradicted
    assert set(summary["by_basis"]["standin"]) <= {"recovered", "not recovered", "not computed"}
    assert summary["by_basis"]["paper"] == {"confirmed": 5, "not testable": 1}
    assert summary["by_basis"]["facts"] == {"confirmed": 2, "not computed": 1}
    frame = book.frame().set_index("id")
    assert frame.loc["C6", ["status", "basis", "planted_from_paper"]].tolist() == ["recovered", "standin", "yes"]
    assert frame.loc["C6", "planted"] == f"{paper.claims()['C6'].value:.4g}"  # planted from the YAML, not retyped
    assert frame.loc["C39", ["status", "basis"]].tolist() == ["confirmed", "paper"]
    assert frame.loc["C5", ["status", "basis"]].tolist() == ["not testable", "paper"]
    # the bloc claims rest on a partition planted from the paper's blocs; partner shares emerge
    assert frame.loc["C53", "planted_from_paper"] == "yes" and frame.loc["C67", "planted_from_paper"] == "no"
    # claims with two published values record both
    for cid in ("C65", "C67", "C68"):
        assert frame.loc[cid, "this_run"].count("·") == 1


def test_growth_is_the_papers_own_arithmetic_on_the_standin(inputs, results):
    book = Ledger.for_chapter("bri_trade_network", "standin")
    ledger.record_all(book, an.Results(inputs, results, an.narrative_checks(results)))
    for cid in ("C9", "C10", "C11"):
        assert (book.results[cid].basis, book.results[cid].status) == ("paper", "confirmed")
    assert book.results["C10"].shown.startswith("5.61")  # (3.41 / 1.87)^(1/11) - 1 from the published totals


def test_design_is_recorded_for_the_headline_claims(inputs, results):
    design = beyond.design_diagnosis(2, seed=1)
    assert set(design.index) == set(headline.HEADLINE) and len(design) >= 5
    assert design[["p_holds_design", "p_holds_null"]].apply(lambda c: c.between(0, 1)).all().all()
    book = Ledger.for_chapter("bri_trade_network", "standin")
    ledger.record_all(book, an.Results(inputs, results, an.narrative_checks(results), design=design))
    frame = book.frame().set_index("id")
    assert frame.loc[list(headline.HEADLINE), ["p_holds_design", "p_holds_null"]].notna().all().all()
    assert (frame.loc[list(headline.HEADLINE), "draws"] == 2).all()


def test_null_stand_in_drops_only_the_planted_blocs():
    null = standin.null_parameters()
    assert null.target_bloc_effect == 0 and standin.PARAMETERS.target_bloc_effect > 0
    assert null.exporter_premium == standin.PARAMETERS.exporter_premium


def test_planted_values_come_from_the_published_file():
    claims = paper.claims()
    for year, cid in zip((2000, 2010, 2021), ("C6", "C7", "C8")):
        assert standin.PLANTED[f"total_trade_tn_{year}"] == (claims[cid].value, cid)
    # E_t is what Table 1's Top3 link share implies: 3 N / share
    assert standin.LINKS == {2000: 1659, 2010: 1882, 2021: 1829}
    assert standin.PLANTED["target_partition"][1] != "independent"


def test_published_claims_hold_the_spec_ids_and_printed_values():
    claims = {c.id: c for c in load_claims("bri_trade_network")}
    assert list(claims) == [f"C{i}" for i in range(1, 72)]
    assert claims["C9"].value == 17.91 and claims["C14"].value == 12.55 and claims["C28"].value == 71.110
    assert [g for _, _, g in paper.TABLE2[2010]][:2] == [0.91, 0.89]
    assert len(paper.TABLE2[2000]) == 12 and len(paper.TABLE2[2021]) == 15
    assert paper.TABLE1[2021]["value"] == (53.13, 71.13, 77.99)
    assert [claims[c].published_values for c in ("C65", "C67", "C68")] == [
        (27.64, 6.21),
        (38.70, 24.42),
        (48.93, 42.75),
    ]
    assert paper.BLOC_SIZES[2000] == {3: 21, 2: 19, 1: 13, 4: 10} and paper.N_COMMUNITIES == {2000: 4, 2010: 5, 2021: 5}
