"""Consumer finance: the published claims, and the ledger record_all builds from the results."""

from __future__ import annotations

from livingpapers.studies.consumer_finance import analysis, data, ledger, standin
from livingpapers.toolkit.claims import Ledger, load_claims

SEED = 20230
SPEC_CLAIM_IDS = [f"C{i}" for i in range(1, 30)]


def test_published_claims_cover_the_spec():
    claims = {c.id: c for c in load_claims("consumer_finance")}
    assert set(SPEC_CLAIM_IDS) <= set(claims)
    assert claims["C29"].kind == "normative"
    assert claims["C7"].value == 22.1 and claims["C9"].value == 1.91 and claims["C21"].value == 8844.41
    assert claims["C22"].relation == ">" and claims["C22"].value == 10000
    for cid, _ in ledger.not_computed_reasons(data.text_numbers()).items():
        assert claims[cid].kind in ("number", "qualitative")


def recorded(inputs: data.Inputs, data_mode: str) -> Ledger:
    book = Ledger.for_chapter("consumer_finance", data_mode)
    ledger.record_all(book, analysis.run(inputs, {"data_mode": data_mode}))
    return book


def test_record_all_gives_every_claim_a_result_with_its_basis():
    book = recorded(standin.simulate(SEED), "standin")
    claims = {c.id: c for c in book.claims}
    non_normative = {cid for cid, c in claims.items() if c.kind != "normative"}
    assert set(book.results) == non_normative  # nothing left to the generic "not computed in this run"
    # Figs. 2 and 3 rest on the stand-in, which was built to satisfy them
    for cid in ("C14", "C22", "C23"):
        result = book.results[cid]
        assert (result.status, result.basis, result.planted.from_paper) == ("recovered", "standin", True)
    retail = next(p for p in standin.PLANTED if p.source == "C14")
    assert book.results["C14"].planted.value == (retail.low, retail.high)  # the planted range, not retyped
    assert book.results["C23"].planted.value is None  # two ranges encode C23: "designed to hold"
    assert (book.results["C7"].status, book.results["C7"].basis) == ("confirmed", "paper")
    assert (book.results["C9"].status, book.results["C9"].basis) == ("confirmed", "facts")
    assert (book.results["C16"].status, book.results["C16"].basis) == ("confirmed", "paper")
    assert book.results["C12"].basis == "paper"
    # the claims this build cannot compute rest on the evidence that could check them, never on the stand-in
    for cid in ledger.not_computed_reasons(data.text_numbers()):
        expected = "real" if cid in ledger.REAL_DATA_CLAIMS else "facts"
        assert (book.results[cid].status, book.results[cid].basis) == ("not computed", expected), cid
    by_basis = book.summary()["by_basis"]
    assert by_basis["standin"] == {"recovered": 3}
    assert by_basis["facts"] == {"confirmed": 1, "not computed": 13} and by_basis["real"] == {"not computed": 2}
    statuses = {s for counts in by_basis.values() for s in counts}
    assert not statuses & {"contradicted", "not recovered"}


def test_real_data_are_recorded_as_real(tmp_path):
    simulated = standin.simulate(SEED)
    real = data.Inputs(
        data.BankData(simulated.banks.loan_structure, simulated.banks.card_consumer_loans, False),
        simulated.nim_roa,
        simulated.numbers,
    )
    book = recorded(real, "real")
    for cid in ("C14", "C22", "C23"):
        assert (book.results[cid].status, book.results[cid].basis, book.results[cid].planted) == (
            "confirmed",
            "real",
            None,
        )
