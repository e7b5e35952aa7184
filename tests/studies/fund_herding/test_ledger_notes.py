"""Every published claim is recorded with one basis; the paper's own arithmetic and the notes."""

import pytest

from livingpapers.studies.fund_herding import ledger, notes
from livingpapers.studies.fund_herding.data import published
from livingpapers.toolkit.claims import Ledger

ALLOWED_BASES = {"paper", "facts", "model", "standin", "real", ""}


@pytest.fixture(scope="module")
def recorded(results):
    book = Ledger.for_chapter("fund_herding", "standin")
    ledger.record_all(book, results)
    return book


def test_every_claim_is_recorded(recorded):
    frame = recorded.frame()
    missing = frame[frame["Detail"] == "not computed in this run"]["Claim"].tolist()
    assert missing == []
    assert set(frame["Basis"]) <= ALLOWED_BASES


def test_paper_arithmetic(recorded):
    frame = recorded.frame().set_index("Claim")
    for cid in ("C100.diff", "C102.diff", "C104.diff", "C105.diff", "C107.total"):
        assert frame.loc[cid, "Basis"] == "paper"
        assert frame.loc[cid, "Status"] in ("reproduced", "confirmed"), cid
    assert "inconsistent" in frame.loc["C40.1", "This run"] or frame.loc["C40.1", "Status"] == "inconsistent in paper"


def test_facts_claims(recorded):
    frame = recorded.frame().set_index("Claim")
    assert (frame.loc[["C111", "C112", "C113"], "Basis"] == "facts").all()
    assert frame.loc[["C111", "C112", "C113"], "Status"].isin(["reproduced", "confirmed"]).all()


def test_table4_is_not_a_probability_matrix():
    sums = notes.table4_sums()
    assert sums["row sum"].min() == pytest.approx(1.146, abs=1e-9)
    assert sums["row sum"].max() == pytest.approx(1.211, abs=1e-9)
    assert sums.loc[1, "diagonal, rows rescaled"] == pytest.approx(0.431, abs=5e-4)


def test_table11_stars_do_not_follow_t():
    stars = notes.table11_stars()
    assert not stars.loc["C95.t_hm", "agree"]  # 0.110* with t = 3.53
    assert stars.loc["C95.s_hm", "agree"]
    assert stars.loc["C96.t_hm", "stars implied by t"] == "*"  # -0.073 with t = -1.95, printed without a star


def test_implied_volatility_of_the_maxima():
    vol = notes.implied_volatility()
    gap = (published("C9.max") - published("C10.max")) / 100
    assert vol.iloc[0]["implied daily volatility (%)"] == pytest.approx(100 * (2 * gap) ** 0.5)
    assert vol.iloc[0]["implied daily volatility (%)"] > 10


def test_design_diagnosis_covers_five_or_more_headline_claims(results):
    d = results.diagnosis
    assert len(d) >= 5
    assert d["power"].between(0, 1).all() and d["false positive rate"].between(0, 1).all()
