"""The ledger on the claims API: one basis per claim, stand-in statuses, the design diagnosis."""

from __future__ import annotations

import numpy as np
import pytest

from livingpapers.studies.targeted_rrr import analysis, load
from livingpapers.studies.targeted_rrr import ledger as lg
from livingpapers.studies.targeted_rrr import standin as S
from livingpapers.toolkit.claims import Ledger

SEED = 20231


@pytest.fixture(scope="module")
def results():
    return analysis.run(load("standin", SEED), {"seed": SEED, "n_monte_carlo": 3, "grid_points": 10})


@pytest.fixture(scope="module")
def frame(results):
    ledger = Ledger.for_chapter("targeted_rrr", "standin")
    lg.record_all(ledger, results)
    return ledger.frame().set_index("id")


def test_no_standin_claim_is_confirmed_or_contradicted(frame):
    assert set(frame["basis"]) <= {"paper", "facts", "model", "standin"}
    assert not frame.loc[frame["basis"] == "standin", "status"].isin(["confirmed", "contradicted"]).any()
    assert frame.loc["C3.large", "basis"] == "standin"
    assert frame.loc["C35", "basis"] == "model" and frame.loc["C32", "basis"] == "facts"
    assert (frame.loc["C37.rates", "basis"], frame.loc["C37.rates", "status"]) == ("paper", "confirmed")
    assert not ((frame["basis"] == "standin") & (frame["status"] == "not computed")).any()


def test_the_threshold_typo_is_inconsistent_in_paper_and_linked_to_its_note(frame):
    row = frame.loc["C39"]
    assert (row["basis"], row["status"], row["detail"]) == ("paper", "inconsistent in paper", "Notes item 15")


def test_planted_balance_coefficients_are_the_published_ones(frame):
    planted = {(p.group, p.parameter): p.value for p in S.planted_parameters()}
    assert float(frame.loc["C23.large", "planted"]) == pytest.approx(planted["large", "FinTR"], abs=5e-4)
    assert planted["large", "FinTR"] == S.published("C23.large")
    assert frame.loc["C23.large", "planted_from_paper"] == "yes"
    assert frame.loc["C13.large", "planted_from_paper"] == "no"  # the share equation's coefficient is implied


def test_design_diagnosis_covers_every_headline_claim(frame):
    designed = frame.dropna(subset=["p_holds_design", "p_holds_null"])
    assert set(designed.index) == set(analysis.DIAGNOSED) and len(designed) >= 5
    assert (designed["draws"] == 3).all()
    assert designed[["p_holds_design", "p_holds_null"]].stack().between(0, 1).all()


def test_null_draw_targets_zero_and_planted_draw_the_planted_value(results):
    draw = analysis.DesignDraw(
        load("standin", SEED).rates,
        results.tr,
        analysis.published_findings(),
        {c: analysis.truth(results, *analysis.DIAGNOSED[c]) for c in analysis.DIAGNOSED},
    )
    planted, null = draw(np.random.default_rng(1), True), draw(np.random.default_rng(1), False)
    assert planted["C23.large"][3] == S.published("C23.large")
    assert null["C23.large"][3] == 0.0 and null["C12.large"][3] is None
    assert planted["C23.large"][1] != null["C23.large"][1]  # the same shocks, without the planted effects
