"""The chapter's sentences follow the run: at the baseline and where the type-3 constraint is slack
without CBDC (the `eta 0.4` alternative), each sentence says what that run computed."""

from __future__ import annotations

import pytest

from livingpapers.studies import cbdc
from livingpapers.studies.cbdc import analysis, notes, tables

PARAMS = {
    "data_mode": "none",
    "grid_points": 30,
    "beta": 0.96,
    "mu": 1.03,
    "r_d": 1.005,
    "eta": 0.25,
    "b": 0.0001,
    "alpha_1": 0.11,
    "alpha_2": 0.27,
    "alpha_3": 0.62,
    "r_e_intro": 1.02,
    "theta_alt": 0.5,
}


@pytest.fixture(scope="module")
def baseline():
    return analysis.run(cbdc.load("none"), PARAMS)


@pytest.fixture(scope="module")
def slack():
    return analysis.run(cbdc.load("none"), PARAMS | {"eta": 0.4})


def test_type2_sentence_follows_the_regime(baseline, slack):
    assert baseline.run.intro.y2 < baseline.run.base.y2
    assert "falls by" in notes.type2_sentence(baseline)
    assert slack.run.threshold == 1.0
    assert "slack already without CBDC" in notes.type2_sentence(slack)
    assert "falls by" not in notes.type2_sentence(slack)


def test_regime_phrase_names_the_boundary_or_its_absence(baseline, slack):
    assert f"{baseline.run.threshold:.4f}" in notes.regime_phrase(baseline)
    assert "does not occur" in notes.regime_phrase(slack)
    assert notes.regime_phrase(slack) in tables.table_1(slack).notes


def test_alphas_are_the_articles_shares_read_from_data_published(baseline):
    assert notes.meeting_shares(notes.article_shares()) == "11/27/62%"
    assert notes.alphas_provenance(baseline).startswith("Only the meeting probabilities")
    other = analysis.run(cbdc.load("none"), PARAMS | {"alpha_1": 0.2, "alpha_2": 0.2, "alpha_3": 0.6})
    assert "the article's shares are 11/27/62%" in notes.alphas_provenance(other)


def test_equivalence_sentence_uses_this_runs_inflation(baseline):
    mu102 = analysis.run(cbdc.load("none"), PARAMS | {"eta": 0.3, "mu": 1.02})
    assert "μ = 1.02 with Rᵉ = 1.02" in notes.equivalence_sentence(mu102)
    assert notes.equivalence_sentence(baseline).startswith("The economy without CBDC at μ = 1.00 equals")


def test_not_computed_checks_are_shown_as_such(slack):
    shown = tables.table_5(slack).frame
    assert (shown.loc["C13", "Holds"], shown.loc["C10", "Holds"]) == ("not computed", "yes")
    assert "not computed" in set(tables.table_7(slack).frame.iloc[:, 0])


def test_model_tables_are_marked_and_typeset(baseline):
    table = tables.table_2(baseline)
    assert table.mark == "[R]"
    assert table.to_csv().startswith("# [R] Table 2")
    assert "$R^e$" in table.title and "$\\lambda(e)$" in list(table.frame.columns)
    assert tables.table_6(baseline).mark == ""  # cited facts, not a model result
