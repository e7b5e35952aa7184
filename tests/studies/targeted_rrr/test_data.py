"""TR on hand-computed events, the stand-in's sample sizes, and the real-data contract."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from livingpapers.methods.gmm import dynamic_panel_gmm
from livingpapers.studies.targeted_rrr import analysis, load
from livingpapers.studies.targeted_rrr import data as D
from livingpapers.toolkit.claims import load_claims
from livingpapers.toolkit.contracts import DataContractError, write_tables
from support import refused


def _rates(pairs):
    return pd.DataFrame([(d.isoformat(), r) for d, r in pairs], columns=["date", "rate"])


def test_tr_on_hand_computed_events():
    # event A on 28 Jun 2015: v = 30/(30 - 27) = 10, rate falls 0.10 -> eps = 1.0; the quarter (Apr-Jun,
    # 91 days) has 88 days elapsed: w_a = 3/91 stays in Q2, w_b = 88/91 goes to Q3.
    # event B on 1 Oct 2018: v = 1, rate falls 0.20 -> eps = 0.2; w_a = 1 (Q4 2018), nothing carried.
    ev = pd.DataFrame({"event": [1, 2], "date": [date(2015, 6, 28), date(2018, 10, 1)]})
    rates = _rates(
        [(date(2015, 6, 27), 2.0), (date(2015, 6, 29), 1.9), (date(2018, 9, 30), 3.0), (date(2018, 10, 2), 2.8)]
    )
    shocks = D.event_shocks(ev, rates)
    assert shocks["v"].tolist() == pytest.approx([10.0, 1.0])
    assert shocks["shock"].tolist() == pytest.approx([1.0, 0.2])
    q = D.quarterly_index(shocks).set_index("quarter")["TR_q"]
    assert q[pd.Period("2015Q2")] == pytest.approx(3 / 91) and q[pd.Period("2015Q3")] == pytest.approx(88 / 91)
    tr = D.annual_index(shocks)
    assert tr[2015] == pytest.approx(1.0) and tr[2018] == pytest.approx(0.2)
    assert (tr[[2011, 2012, 2013, 2014, 2016, 2017]] == 0).all()


def test_a_december_event_carries_into_next_year_and_pre_2014_is_zero():
    ev = pd.DataFrame({"event": [1, 2], "date": [date(2013, 11, 16), date(2016, 12, 1)]})
    rates = _rates(
        [(date(2013, 11, 15), 3.0), (date(2013, 11, 17), 2.5), (date(2016, 11, 30), 2.0), (date(2016, 12, 2), 1.9)]
    )
    tr = D.annual_index(D.event_shocks(ev, rates))
    # footnote 14 zeroes 2013; 16 Nov 2013 has v = 30/15 = 2, eps = 1.0, and 46 of Q4's 92 days elapsed, so
    # half of it is carried into 2014Q1
    assert tr[2013] == 0 and tr[2014] == pytest.approx(0.5)
    # 1 Dec 2016: v = 31/31 = 1, eps = 0.1, Q4 has 92 days with 61 elapsed: 31/92 in 2016, 61/92 in 2017
    assert tr[2016] == pytest.approx(0.1 * 31 / 92) and tr[2017] == pytest.approx(0.1 * 61 / 92)


def test_rate_on_the_nearest_quoted_day():
    rates = pd.Series({date(2015, 2, 2): 2.5, date(2015, 2, 9): 2.1})
    assert D.rate_on(rates, date(2015, 2, 4), -1) == 2.5 and D.rate_on(rates, date(2015, 2, 6), +1) == 2.1


@pytest.mark.parametrize("seed", [1, 20231])
def test_standin_reproduces_the_usable_sample_sizes(seed):
    claims = {c.id: c.value for c in load_claims("targeted_rrr")}
    inputs = load("standin", seed)
    assert inputs.banks["bank_type"].value_counts().to_dict() == {"city_rural": 59, "joint_stock": 11, "state_owned": 4}
    panel = D.analysis_panel(inputs, D.annual_index(D.event_shocks(D.events(), inputs.rates)))
    for s in ("full", "large", "smb"):
        for table in analysis.SPECS:
            assert analysis.fit(panel, table, s).nobs == claims[f"C1.{s}"]
    state = panel[panel["bank_type"] == "state_owned"]
    assert state["year"].max() == 2017


def test_round_trip_through_the_contract(tmp_path):
    inputs = load("standin", 3)
    write_tables(D.real_tables(inputs), D.CONTRACTS, tmp_path)
    back = D.read_real(tmp_path)
    assert len(back.panel) == len(inputs.panel) and set(back.banks["bank_id"]) == set(inputs.banks["bank_id"])
    pd.testing.assert_series_equal(
        back.panel["sloan"].reset_index(drop=True),
        inputs.panel["sloan"].reset_index(drop=True),
        check_names=False,
        atol=1e-6,
    )


def test_bad_input_lists_every_problem(tmp_path):
    inputs = load("standin", 3)
    write_tables(D.real_tables(inputs), D.CONTRACTS, tmp_path)
    panel = pd.read_csv(tmp_path / "bank_panel.csv")
    panel.loc[0, "year"] = 2025
    panel.loc[1, "npl"] = -3
    panel.loc[2, "sloan"] = panel.loc[2, "total_loans"] * 2
    panel.loc[3, "bank_id"] = "NOPE"
    panel = pd.concat([panel, panel.iloc[[5]]])
    panel.to_csv(tmp_path / "bank_panel.csv", index=False)
    (tmp_path / "banks.csv").write_text("bank_id,name,bank_type\nB001,x,policy_bank\n")
    (tmp_path / "overnight_rates.csv").unlink()
    with pytest.raises(DataContractError) as err:
        D.read_real(tmp_path)
    text = str(err.value)
    for fragment in ("overnight_rates.csv: file not found", "'year' fails in_range", "'npl' fails in_range",
                     "sloan <= total_loans", "rows share a key (bank_id, year)", "'bank_type' fails isin"):  # fmt: skip
        assert fragment in text, fragment


def test_unknown_banks_and_missing_event_rates_are_reported(tmp_path):
    inputs = load("standin", 3)
    write_tables(D.real_tables(inputs), D.CONTRACTS, tmp_path)
    banks = pd.read_csv(tmp_path / "banks.csv").iloc[1:]
    banks.to_csv(tmp_path / "banks.csv", index=False)
    rates = pd.read_csv(tmp_path / "overnight_rates.csv")
    rates[~rates["date"].str.startswith("2015")].to_csv(tmp_path / "overnight_rates.csv", index=False)
    with pytest.raises(DataContractError) as err:
        D.read_real(tmp_path)
    assert "bank_id(s) not in banks.csv" in str(err.value)
    assert "no overnight rate within a week" in str(err.value)


def test_gmm_sample_keeps_the_isolated_years_out():
    inputs = load("standin", 5)
    panel = D.analysis_panel(inputs, D.annual_index(D.event_shocks(D.events(), inputs.rates)))
    res = dynamic_panel_gmm(
        panel[~panel["large"]], "lnsloan", ["TR"], "bank_id", "year", gmm={"lnsloan": (2, 3)}, collapse=True
    )
    assert res.nobs == 182 and len(panel[~panel["large"]]) > 182 + 2 * 59


# --- contract gaps (issue 10): one message, every problem once, nothing written ----------------------
def _exported(directory, seed=3):
    write_tables(D.real_tables(load("standin", seed)), D.CONTRACTS, directory)
    return {
        name: pd.read_csv(directory / name, dtype=str, keep_default_na=False)
        for name in ("banks.csv", "bank_panel.csv", "overnight_rates.csv")
    }


def _save(directory, tables):
    for name, frame in tables.items():
        frame.to_csv(directory / name, index=False)
    return directory


def test_file_and_cross_file_problems_come_in_one_message(tmp_path):
    """Missing event rates used to be reported only once every file met its contract."""
    t = _exported(tmp_path)
    t["bank_panel.csv"].loc[0, "fin"] = "inf"
    t["overnight_rates.csv"].loc[0, "date"] = "2015-02-30"
    rates = t["overnight_rates.csv"]
    t["overnight_rates.csv"] = rates[~rates["date"].str.startswith("2018")]
    assert refused(D.read_real, _save(tmp_path, t)) == [
        f"{tmp_path / 'bank_panel.csv'}: column 'fin' holds infinite values in 1 row(s) at file line(s) [2]: 'inf'",
        f"{tmp_path / 'overnight_rates.csv'}: column 'date' fails a calendar date in 1 row(s) at file line(s) [2]; "
        "values '2015-02-30'",
        f"{tmp_path / 'overnight_rates.csv'}: no overnight rate within a week before or after 3 of the 9 events "
        "(TR needs the day before and the day after each): event 7 on 2018-01-25 (before and after), "
        "8 on 2018-07-05 (before and after), 9 on 2018-10-15 (before and after)",
    ]


def test_a_bank_group_too_short_for_difference_gmm_is_refused(tmp_path):
    """Without large banks, or with one year per bank, the GMM used to fail with 'no observations'."""
    t = _exported(tmp_path)
    large = t["banks.csv"].loc[t["banks.csv"]["bank_type"] != "city_rural", "bank_id"]
    panel = t["bank_panel.csv"]
    t["bank_panel.csv"] = panel[~panel["bank_id"].isin(large) & panel["year"].isin(["2016", "2017", "2018"])]
    smb = t["bank_panel.csv"]["bank_id"].nunique()
    assert (
        refused(D.read_real, _save(tmp_path, t))
        == [
            f"{tmp_path / 'bank_panel.csv'}: the large (state-owned and joint-stock) banks give 0 difference-GMM "
            "equation(s) (bank-years with both previous years); Tables 1-4 estimate up to 10 coefficients on each "
            "group, so at least 11 are needed"
        ]
        and smb > 11
    )  # three years of each SMB bank: one equation per bank, enough
