"""The stand-in at the paper's scale: published sample sizes, the rules it obeys, planted effects."""

import numpy as np
import pytest

from livingpapers.studies.fund_herding import standin
from livingpapers.studies.fund_herding.data import published, published_claims, rule


def test_regression_panel_has_the_published_size(results):
    assert len(results.panel) == published("C3")  # 8,622 fund-years after the three filters
    assert results.sample_log["fund-years"].is_monotonic_decreasing
    trimmed = results.sample_log["fund-years"].iloc[-2] - results.sample_log["fund-years"].iloc[-1]
    assert 0 < trimmed <= published("C2.trim") / 100 * results.sample_log["fund-years"].iloc[-2]


def test_filters_remove_the_planted_index_like_and_near_empty_funds(results):
    assert results.holdings_filter["fund-dates with more than 300 stocks"] > 0
    assert results.holdings_filter["fund-dates with fewer than 3 stocks"] > 0


def test_stock_universe_matches_tables_5_and_12(results):
    assert results.allocation["stocks"] == published("C51")  # 2,794 stocks held at end-2020
    assert int(results.table12.loc["Observations"].sum()) == published("C107.total")  # 25,478


def test_every_position_respects_the_double_ten_rule(inputs):
    limit = rule("single_fund_stock_limit") / 100
    assert inputs.holdings["weight"].max() <= limit + 1e-12


def test_market_compounds_to_the_csi300_facts(inputs):
    from livingpapers.studies.fund_herding.data import csi300_returns

    m = inputs.market_daily.assign(year=inputs.market_daily["date"].str[:4].astype(int))
    annual = m.groupby("year")["market_ret"].apply(lambda r: (np.prod(1 + r / 100) - 1) * 100)
    np.testing.assert_allclose(annual, csi300_returns().reindex(annual.index), rtol=1e-9)


def test_overlaps_are_z_scored_within_year(results):
    g = results.panel.groupby("year")[["overlap_s", "overlap_i"]]
    np.testing.assert_allclose(g.mean(), 0, atol=1e-12)
    np.testing.assert_allclose(g.std(), 1, atol=1e-12)


def claim_tolerance(cid: str) -> float:
    return published_claims()[cid]["tolerance"]


# Table 2 moments and Table 3 correlations the stand-in is calibrated to (seed 20231), each within the
# chapter's tolerance in data/published (±10% of a moment, ±0.02 of a correlation) ...
CALIBRATED = [("Hold", "C15.mean"), ("LogAge", "C16.mean"), ("Turnover", "C19.mean"), ("Sex", "C20.mean"),
              ("Experience", "C22.mean"), ("Rate_Ave", "C9.mean"), ("Overlap_Stock", "C5.mean"),
              ("Overlap_Stock", "C5.sd"), ("Overlap_Industry", "C6.mean"), ("Overlap_Industry", "C6.median"),
              ("HHI", "C14.mean"), ("LogSize", "C18.mean"), ("LogSize", "C18.sd")]  # fmt: skip
# ... and those it misses, each with the wider tolerance it does meet (stated here, not in the YAML).
MISSED = [("Overlap_Stock", "C5.median", 0.2), ("Rate_Geo", "C10.sd", 0.6)]  # relative tolerance
STATS = {"mean": "Mean", "sd": "SD", "median": "Median"}


@pytest.mark.parametrize(("label", "cid"), CALIBRATED)
def test_table2_moments_within_the_chapter_tolerance(results, label, cid):
    found = results.table2.loc[label, STATS[cid.split(".")[1]]]
    assert found == pytest.approx(published(cid), abs=claim_tolerance(cid)), label


@pytest.mark.parametrize(("label", "cid", "relative"), MISSED)
def test_table2_moments_the_stand_in_misses_stay_within_the_stated_tolerance(results, label, cid, relative):
    found = results.table2.loc[label, STATS[cid.split(".")[1]]]
    assert found == pytest.approx(published(cid), rel=relative), label


@pytest.mark.parametrize(("other", "cid", "tolerance"), [("Overlap_I", "C25.overlap_i", None), ("HHI", "C26.hhi", 0.04),
                                                         ("HHI", "C25.hhi", 0.06)])  # fmt: skip
def test_table3_correlations_of_the_overlaps(results, other, cid, tolerance):
    """corr(Overlap_S, Overlap_I) within the chapter's 0.02; the HHI correlations are missed: within the
    stated 0.04 and 0.06, with the published sign."""
    first = "Overlap_I" if cid.startswith("C26") else "Overlap_S"
    found = results.table3_pearson.loc[other, first]
    assert found == pytest.approx(published(cid), abs=tolerance or claim_tolerance(cid))
    assert np.sign(found) == np.sign(published(cid))


def test_moments_table_says_which_targets_are_met(results):
    table = standin.moments_table(results)
    assert set(table["Within"]) <= {"yes", "no"}
    assert table.loc["corr(Overlap_S, Overlap_I) (Table 3)", "Within"] == "yes"
    assert table.loc["Overlap_Stock: mean (Table 2)", "Published"] == published("C5.mean")


def test_top100_share_falls_to_2016_then_rises_to_its_high(results):
    """Figure 1 and §1: the end-2020 share is the high, more than C55's points above end-2016; its level
    (C53.top100) is missed: the stand-in's 2020 share is within 25 points of it, above."""
    top = results.concentration["top-100 share (%)"]
    assert top.idxmax() == 2020 and top.loc[2016] < top.loc[2017:].min()
    assert top.loc[2020] - top.loc[2016] > published("C55")
    assert published("C53.top100") < top.loc[2020] < published("C53.top100") + 25


def test_persistence_is_highest_at_the_extremes(results):
    diag = np.diag(results.transition.to_numpy())
    assert diag[0] > diag[1:9].max() and diag[9] > diag[1:9].max()


def test_planted_effects_are_solved_to_the_published_values(results):
    # timing: two coefficients for two targets (exact up to the second pass's small design changes)
    for key, cid in (("overlap_s", "C95.t_tm"), ("overlap_i", "C96.t_tm")):
        planted = results.planted[("Table 11", "t_tm", key, None, None)][key]
        assert planted == pytest.approx(published(cid), abs=0.001)
    # selectivity: a least-squares compromise over Alfa_CAPM (Tables 6-9) and S_TM (Table 11)
    for key, cid in (("overlap_s", "C60"), ("overlap_i", "C63")):
        planted = results.planted[("Table 6", "alfa_capm", key, None, None)][key]
        assert planted == pytest.approx(published(cid), abs=0.001)
        assert abs(planted - published(cid)) < abs(published(cid))


def test_estimates_recover_what_was_planted(results):
    for spec in [("Table 11", "t_tm", "overlap_s", None, None), ("Table 6", "alfa_capm", "overlap_i", None, None)]:
        b, se, _ = results.fits[spec].estimate(spec[2])
        assert abs(b - results.planted[spec][spec[2]]) < 3 * se


def test_planted_table_names_its_sources():
    table = standin.planted_table()
    labels = standin.PLANTED_LABELS
    assert "independent" in set(table["Taken from"]) and table["Taken from"].str.contains(r"\(C88\)").any()
    hhi = table.loc[labels["alpha_hhi"]]
    assert hhi["Planted value"] == hhi["Published value"] == f"{published('C64.hhi.3'):g}"
    # a crash slope is set here (log-odds) so that the published Ncskew sign holds: its value is not C88's
    crash = table.loc[labels["crash_on_stock_overlap"]]
    assert crash["Planted value"] == f"{standin.PLANTED['crash_on_stock_overlap'].value:g}" != crash["Published value"]
    assert crash["How"].startswith("set here")
    assert table.loc[labels["timing_on_overlap"], "How"].startswith("solved each run")
    assert not table.index.str.contains("_[a-z]", regex=True).any()  # no snake_case labels


def test_same_seed_same_data(inputs):
    again = standin.simulate(20231)
    assert again.fund_daily["ret"].equals(inputs.fund_daily["ret"])
    assert again.holdings["weight"].equals(inputs.holdings["weight"])
