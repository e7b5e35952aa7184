"""The published claims, the ledger of one small stand-in run and the design diagnosis."""

from __future__ import annotations

import pytest

from livingpapers.studies.rta_digital_trade import analysis, beyond, data
from livingpapers.studies.rta_digital_trade import ledger as lg
from livingpapers.toolkit.claims import Ledger, load_claims

SMALL = {"data_mode": "standin", "seed": 20240, "n_monte_carlo": 2, "n_design": 4}


def test_published_claims_hold_the_spec_ids():
    claims = {c.id: c for c in load_claims("rta_digital_trade")}
    assert set(claims) == {f"C{i}" for i in range(1, 93)}
    assert [claims[f"C{i}"].value for i in range(2, 8)] == [0.023, 0.384, 0.363, 0.623, 0.672, 0.803]
    assert claims["C17"].published_values == (231, 102, 82.25) and claims["C16"].published_values[-1] == 71.18
    assert set(lg.CELL_CHECKS) <= set(claims)
    assert set(data.PUBLISHED_DEPTH_CLAIMS.values()) == {f"C{i}" for i in range(2, 8)}
    assert data.published_depths()["USMCA"] == claims["C7"].value  # read from data/published, not retyped


@pytest.fixture(scope="module")
def frame(inputs):
    results = analysis.run(inputs, SMALL)
    book = Ledger.for_chapter("rta_digital_trade", "standin")
    lg.record_all(book, results)
    return book.frame().set_index("id")


def test_paper_arithmetic_reads_the_published_counts(frame):
    paper = frame[frame["basis"] == "paper"]
    assert set(paper.index) == {"C16", "C17", "C18", "C19", "C20"}
    assert paper.loc["C17", "status"] == "inconsistent in paper" and "44.16 %" in paper.loc["C17", "this_run"]
    assert (paper.drop(index="C17")["status"] == "confirmed").all()
    assert paper.loc["C20", "this_run"].startswith("13 + 6 + 7 = 26")


def test_standin_claims_are_recovered_or_not_and_planted_from_the_paper(frame):
    standin = frame[frame["basis"] == "standin"]
    assert set(standin["status"]) <= {"recovered", "not recovered"}
    assert standin.loc[["C22", "C68", "C82"], "planted_from_paper"].eq("yes").all()
    assert standin.loc[["C56", "C57", "C60"], "planted_from_paper"].eq("no").all()  # the IV: nothing planted
    assert frame.loc["C3", "planted"] == f"{load_claims('rta_digital_trade')[2].value:.4g}"
    assert set(frame.loc[["C1", "C21"], "basis"]) == {"facts"}


def test_design_diagnosis_of_the_headline_claims(frame):
    designed = frame.dropna(subset=["p_holds_design", "p_holds_null"])
    assert set(designed.index) == set(beyond.HEADLINES) and len(designed) >= 5
    assert (designed["draws"] == SMALL["n_design"]).all()
    assert designed.loc["C82", "bias"] is not None  # SK's planted effect is zero: bias and coverage against 0
    assert frame.loc["C27", "coverage"] is None or frame[["coverage"]].loc["C27"].isna().all()
