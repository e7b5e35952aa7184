"""The essay's published claims, the fact checks, and the ledger record_all builds."""

from livingpapers.studies.wealth_management import analysis, ledger, tables
from livingpapers.toolkit.claims import Ledger, load_claims

SPEC_KINDS = {  # spec §7 type labels ("number, date" for E34 counts as number)
    "number": ["E1", "E10", "E16", "E23", "E25", "E34"],
    "normative": ["E2", "E4", "E8", "E14", "E15", "E18", "E24", "E26", "E27", "E28", "E30", "E32", "E33"],
}


def test_published_claims_have_e1_to_e34_with_spec_kinds():
    claims = {c.id: c for c in load_claims("wealth_management")}
    assert list(claims) == [f"E{i}" for i in range(1, 35)]
    for kind, ids in SPEC_KINDS.items():
        assert sorted(c.id for c in claims.values() if c.kind == kind) == sorted(ids)
    assert all(c.location.startswith("§") for c in claims.values())
    printed = {cid: (claims[cid].value, claims[cid].relation) for cid in SPEC_KINDS["number"]}
    assert printed == {
        "E1": (65, "="),
        "E10": (30, ">="),
        "E16": (160, ">"),
        "E23": (1.5, "="),
        "E25": (3, "="),
        "E34": (27, "="),
    }


def test_fact_checks_and_checkability(values, facts):
    book = Ledger.for_chapter("wealth_management")
    ledger.record_fact_checks(book, values, facts)
    assert {cid: (r.status, r.basis) for cid, r in book.results.items()} == {
        "E16": ("confirmed", "facts"),
        "E25": ("confirmed", "facts"),
        "E34": ("confirmed", "facts"),
    }
    assert book.summary()["by_basis"] == {"paper": {"not computed": 18, "not testable": 13}, "facts": {"confirmed": 3}}
    table = tables.checkability_table(book.claims, book.results)
    assert (table.loc[["E1", "E10", "E23"], "Matches curated public fact?"] == "not checkable").all()
    assert table.loc["E27", "Matches curated public fact?"] == "not testable"
    assert table.loc["E16", "Matches curated public fact?"] == "yes"


def test_record_all_gives_every_claim_its_reason(inputs):
    book = Ledger.for_chapter("wealth_management", "none")
    ledger.record_all(book, analysis.run(inputs, {"data_mode": "none"}))
    assert {c.id for c in book.claims if c.kind != "normative"} == set(book.results)
    assert book.results["E1"].detail == ledger.NOT_CHECKABLE["E1"]
    assert "E2" not in book.results  # a normative claim is never recorded; the ledger marks it not testable
    assert {book.results[c].basis for c in book.results} == {"facts"}  # every not-computed claim on its real basis
    assert book.summary()["by_basis"] == {"paper": {"not testable": 13}, "facts": {"confirmed": 3, "not computed": 18}}
