"""The ledger of one (small) stand-in run: bases, statuses, planted values and the design diagnosis."""

from __future__ import annotations

import pytest

from livingpapers.studies import trade_hubs as th
from livingpapers.studies.trade_hubs import analysis, ledger
from livingpapers.toolkit.claims import Ledger, load_claims

SMALL = {
    "data_mode": "standin",
    "seed": 20260,
    "n_permutations": 20,
    "n_monte_carlo": 2,
    "n_design": 6,
    "n_bootstrap": 99,
}


def test_published_claims_hold_the_spec_ids():
    ids = {c.id for c in load_claims("trade_hubs")}
    assert {f"C{i}" for i in range(1, 102)} <= ids
    claims = {c.id: c for c in load_claims("trade_hubs")}
    assert (claims["C13"].value, claims["C13"].t, claims["C13"].stars) == (0.651, 2.80, 3)
    assert claims["C74"].value == -0.010 and claims["C38.kp"].value == 1339.292


@pytest.fixture(scope="module")
def frame():
    results = analysis.run(th.load("standin", SMALL["seed"]), SMALL)
    book = Ledger.for_chapter("trade_hubs", "standin")
    ledger.record_all(book, results)
    return book.frame().set_index("id")


def test_every_claim_is_recorded_on_one_basis(frame):
    assert not frame["detail"].eq("not computed in this run").any()
    assert set(frame["basis"]) == {"paper", "facts", "standin"}


def test_no_standin_claim_is_confirmed_or_contradicted(frame):
    standin = frame[frame["basis"] == "standin"]
    assert set(standin["status"]) <= {"recovered", "not recovered"}
    assert (standin["planted_from_paper"] != "").all()  # each says whether its planted value came from the paper


def test_paper_arithmetic_and_the_papers_inconsistencies(frame):
    paper = frame[frame["basis"] == "paper"]
    assert set(paper.index[paper["status"] == "confirmed"]) == {"C35", "C46", "C80", "C88", "C100"}
    inconsistent = paper[paper["status"] == "inconsistent in paper"]
    assert set(inconsistent.index) == {"C48", "C54.n", "C55.n", "C56.n", "C57.n", "C83.p"}
    assert inconsistent.loc["C48", "detail"] == "Notes item 2" and "0.389" in inconsistent.loc["C48", "this_run"]
    assert "z = 0.94" in inconsistent.loc["C83.p", "this_run"]  # Notes item 3, from the printed t-values


def test_planted_values_come_from_the_published_file(frame):
    claims = {c.id: c for c in load_claims("trade_hubs")}
    assert float(frame.loc["C14", "planted"]) == pytest.approx(claims["C14"].value, abs=0.005)
    assert float(frame.loc["C55", "planted"]) == pytest.approx(claims["C55"].value, abs=0.005)
    assert float(frame.loc["C5.sd", "planted"]) == claims["C5.sd"].value
    assert frame.loc["C12.r2", "planted"] == "not planted" and frame.loc["C12.r2", "planted_from_paper"] == "no"
    assert "the paper: 1,000" in frame.loc["C93", "this_run"]  # the paper's count, whatever the profile


def test_design_diagnosis_covers_the_headline_claims(frame):
    designed = frame.dropna(subset=["p_holds_design", "p_holds_null"])
    assert len(designed) >= 5 and {"C13", "C37", "C55", "C71", "C78"} <= set(designed.index)
    assert (designed["draws"] == SMALL["n_design"]).all()
    assert designed[["p_holds_design", "p_holds_null"]].stack().between(0, 1).all()
    assert frame.loc["C13", "p_holds_design"] > frame.loc["C13", "p_holds_null"]
    assert frame.loc["C67", "coverage"] is None or frame[["coverage"]].loc["C67"].isna().all()
