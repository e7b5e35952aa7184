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


def test_every_claim_is_recorded_with_one_basis(recorded):
    frame = recorded.frame()
    missing = frame[frame["detail"] == "not computed in this run"]["id"].tolist()
    assert missing == []
    assert set(frame["basis"]) <= ALLOWED_BASES


def test_no_standin_claim_is_confirmed_or_contradicted(recorded):
    frame = recorded.frame()
    standin = frame[frame["basis"] == "standin"]
    assert not standin["status"].isin(["confirmed", "contradicted"]).any()
    assert set(standin["status"]) <= {"recovered", "not recovered", "not computed"}


def test_inconsistencies_link_to_a_notes_item(recorded):
    frame = recorded.frame()
    inconsistent = frame[frame["status"] == "inconsistent in paper"]
    assert len(inconsistent) >= 100  # the 100 cells of Table 4 among them
    assert (inconsistent["basis"] == "paper").all()
    assert inconsistent["detail"].str.fullmatch(r"Notes item \d+").all()


def test_paper_arithmetic(recorded):
    frame = recorded.frame().set_index("id")
    for cid in ("C100.diff", "C102.diff", "C104.diff", "C105.diff", "C107.total"):
        assert frame.loc[cid, "basis"] == "paper"
        assert frame.loc[cid, "status"] == "confirmed", cid
    assert frame.loc["C40.1", "status"] == "inconsistent in paper"
    assert frame.loc["C2.min", "status"] == "not computed" and frame.loc["C2.min", "basis"] == "paper"


def test_facts_claims(recorded):
    frame = recorded.frame().set_index("id")
    assert (frame.loc[["C111", "C112", "C113"], "basis"] == "facts").all()
    assert (frame.loc[["C111", "C112", "C113"], "status"] == "confirmed").all()


def test_planted_values_are_stated(recorded):
    frame = recorded.frame().set_index("id")
    assert (frame.loc["C88", "planted"], frame.loc["C88", "planted_from_paper"]) == ("designed to hold", "yes")
    # Alfa_CAPM's herding effect is solved so that the noiseless regression gives the published coefficient
    assert float(frame.loc["C60", "planted"]) == pytest.approx(published("C60"), abs=5e-4)
    assert frame.loc["C60", "planted_from_paper"] == "yes"


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


def test_design_diagnosis_covers_five_or_more_headline_claims(recorded):
    frame = recorded.frame()
    designed = frame.dropna(subset=["p_holds_design", "p_holds_null"])
    assert len(designed) >= 5
    assert designed[["p_holds_design", "p_holds_null"]].stack().between(0, 1).all()
    assert (designed["draws"] == 4).all()


def test_design_draw_removes_every_planted_effect(results):
    """The same shocks with and without the planted effects: the timing effect is there, then gone;
    the batched regressions of the draws equal the chapter's OLS."""
    import numpy as np

    from livingpapers.studies.fund_herding import beyond
    from livingpapers.studies.fund_herding.regress import ols

    panel, controls = results.panel, beyond.CONTROLS
    draws = beyond.measure_draws(results, 1, 3)["t_tm"]  # column 0 planted, column 1 without effects
    truth = results.planted[("Table 11", "t_tm", "overlap_s", None, None)]["overlap_s"]
    b, se, _ = ols(panel.assign(t_tm=draws[:, 0]), "t_tm", ["overlap_s", *controls]).estimate("overlap_s")
    assert abs(b - truth) < 3 * se and truth > 3 * se
    b0, se0, p0 = ols(panel.assign(t_tm=draws[:, 1]), "t_tm", ["overlap_s", *controls]).estimate("overlap_s")
    assert abs(b0) < 3 * se0
    q = beyond.residual_maker(panel, controls)
    coef, ses, ps = beyond.key_estimates(q, panel["overlap_s"].to_numpy(float), draws, len(panel) - q.shape[1] - 1)
    np.testing.assert_allclose(coef, [b, b0], rtol=1e-8)
    np.testing.assert_allclose(ses, [se, se0], rtol=1e-8)
    assert ps[1] == pytest.approx(p0)
