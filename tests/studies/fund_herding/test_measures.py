"""The paper's variables on small hand-made cases: transition matrix, lags and filters, Flow, weeks."""

import numpy as np
import pandas as pd
import pytest

from livingpapers.studies.fund_herding import analysis, measures


def test_transition_counts_hand_made():
    # 20 funds a year; deciles of 2 funds each. Fund k keeps its rank, except that funds 0 and 19
    # swap, and fund 10 exits (out of the denominator) while a new fund takes its place.
    funds = [f"f{k:02d}" for k in range(20)]
    y2010 = pd.DataFrame({"fund_id": funds, "year": 2011, "overlap_s": np.arange(20.0)})
    later = np.arange(20.0)
    later[[0, 19]] = later[[19, 0]]
    y2011 = pd.DataFrame({"fund_id": funds, "year": 2012, "overlap_s": later})
    y2011.loc[10, "fund_id"] = "new"
    counts = analysis.transition_counts(pd.concat([y2010, y2011], ignore_index=True))
    assert counts.to_numpy().sum() == 19
    assert counts.loc[1, 10] == 1 and counts.loc[10, 1] == 1
    assert counts.loc[1, 1] == 1 and counts.loc[10, 10] == 1
    assert counts.loc[6, 6] == 1  # fund 11 stays; fund 10 exited
    matrix = counts.div(counts.sum(axis=1), axis=0)
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0)
    assert matrix.loc[1, 10] == pytest.approx(0.5)


def test_deciles_by_year_are_equal_sized():
    panel = pd.DataFrame({"year": np.repeat([2010, 2011], 100), "v": np.r_[np.arange(100.0), np.ones(100)]})
    d = analysis.deciles_by_year(panel, "v")
    assert d.value_counts().eq(20).all()


def test_flow_turnover_hold_size_age_follow_table1():
    funds = pd.DataFrame(
        {
            "fund_id": ["a", "a"],
            "year": [2010, 2011],
            "category": ["ordinary equity"] * 2,
            "inception_date": ["2009-01-01"] * 2,
            "tna": [100.0, 150.0],
            "nav_adj": [1.0, 1.2],
            "stock_value": [80.0, 120.0],
            "buy_amount": [50.0, 90.0],
            "sell_amount": [40.0, 60.0],
            "manager_male": [1, 1],
            "manager_phd": [0, 0],
            "experience_years": [5.0, 6.0],
            "tenure_years": [1.0, 2.0],
        }
    )
    c = measures.characteristics(funds).set_index("year")
    assert c.loc[2011, "flow"] == pytest.approx((150 - 100 * 1.2 / 1.0) / 100)  # 0.30
    assert np.isnan(c.loc[2010, "flow"])
    assert c.loc[2011, "turnover"] == pytest.approx(60 / 150)
    assert c.loc[2011, "hold"] == pytest.approx(0.8)
    assert c.loc[2011, "size"] == pytest.approx(np.log(150))
    assert c.loc[2011, "age"] == pytest.approx(
        np.log((pd.Timestamp("2011-12-31") - pd.Timestamp("2009-01-01")).days / 365)
    )
    assert c.loc[2011, "servetime"] == pytest.approx(np.log(2.0))


def test_weekly_compounding_and_week_numbers():
    dates = np.array(["2021-01-04", "2021-01-05", "2021-01-08", "2021-01-11"])  # Mon, Tue, Fri, next Mon
    weeks = measures.week_index(dates)
    assert weeks[0] == weeks[2] != weeks[3]
    weekly, _ = measures.compound_weekly(np.array([[1.0, 2.0, np.nan, -1.0]]), weeks)
    assert weekly[0, 0] == pytest.approx(1.01 * 1.02 - 1)
    assert weekly[0, 1] == pytest.approx(-0.01)


def test_zscore_within_year():
    values = pd.Series([1.0, 2.0, 3.0, 10.0, 20.0, 30.0])
    z = measures.zscore_by_year(values, pd.Series([1, 1, 1, 2, 2, 2]))
    np.testing.assert_allclose(z, [-1, 0, 1, -1, 0, 1])
