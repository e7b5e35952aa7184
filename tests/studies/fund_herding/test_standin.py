"""The stand-in at the paper's scale: published sample sizes, the rules it obeys, planted effects."""

import numpy as np
import pytest

from livingpapers.studies.fund_herding import standin
from livingpapers.studies.fund_herding.data import published, rule


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


def test_published_moments_within_the_chapter_tolerance(results):
    t2 = results.table2
    for label, cid in (("Hold", "C15"), ("LogAge", "C16"), ("Turnover", "C19"), ("Sex", "C20"), ("Experience", "C22")):
        assert t2.loc[label, "Mean"] == pytest.approx(published(f"{cid}.mean"), rel=0.1), label
    assert t2.loc["Rate_Ave", "Mean"] == pytest.approx(published("C9.mean"), rel=0.1)


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
    assert set(table["taken from"]) >= {"independent", "C88"}
    assert (table.loc["alpha_hhi", "value"]) == f"{published('C64.hhi.3'):g}"
    assert table.loc["alpha_hhi", "published value"] == f"{published('C64.hhi.3'):g}"
    # a crash slope is set here (log-odds) so that the published Ncskew sign holds: its value is not C88's
    crash = table.loc["crash_on_stock_overlap"]
    assert crash["value"] == f"{standin.PLANTED['crash_on_stock_overlap'].value:g}" != crash["published value"]
    assert crash["how"].startswith("set here")
    assert table.loc["timing_on_overlap", "how"].startswith("solved each run")


def test_same_seed_same_data(inputs):
    again = standin.simulate(20231)
    assert again.fund_daily["ret"].equals(inputs.fund_daily["ret"])
    assert again.holdings["weight"].equals(inputs.holdings["weight"])
