"""Tests of the financial-opening chapter: facts, stand-in, contract, arithmetic, placebo engine, ledger."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from livingpapers.studies.financial_opening import analysis, bench, beyond, load, notes
from livingpapers.studies.financial_opening import data as d
from livingpapers.studies.financial_opening import ledger as lg
from livingpapers.studies.financial_opening.data import CONTRACTS, read_real, real_tables
from livingpapers.studies.financial_opening.standin import PLANTED, TARGET_N
from livingpapers.toolkit.claims import Ledger, load_claims
from livingpapers.toolkit.contracts import DataContractError, write_tables

SEED = 20230


@pytest.fixture(scope="module")
def inputs():
    return load("standin", SEED)


@pytest.fixture(scope="module")
def panel(inputs):
    return d.add_groups(d.build_panel(inputs))


@pytest.fixture(scope="module")
def claims():
    return {c.id: c for c in load_claims("financial_opening")}


# --- facts ----------------------------------------------------------------------------------
def test_opening_schedule_has_the_wto_batches():
    schedule = d.facts("schedule")
    early = schedule[schedule["opening_year"] != "2006"]
    assert pd.to_numeric(early["opening_year"]).value_counts().sort_index().tolist() == [4, 5, 4, 5, 7]
    assert len(early) == 25  # "from 18 to 25 cities" (People's Daily, 6 Dec 2005)
    assert set(early.loc[early["opening_year"] == "2003", "city"]) == {"Jinan", "Fuzhou", "Chengdu", "Chongqing"}


def test_every_early_city_is_a_sample_city_and_the_rest_open_in_2006():
    cities = d.cities()
    assert cities["opening_year"].value_counts().sort_index().iloc[:5].tolist() == [4, 5, 4, 5, 7]
    assert set(cities["opening_year"]) == {2001, 2002, 2003, 2004, 2005, 2006}
    assert cities["open18"].sum() == 18


def test_facts_files_carry_sources_and_confidence():
    overview = d.facts_overview()
    assert (overview["total"] > 0).all()
    assert overview.loc["financial_opening_open18.csv", "high"] == 18


def test_supported_industries_are_two_digit_codes():
    supported = d.supported_industries()
    assert 40 in supported and 13 not in supported


# --- stand-in -------------------------------------------------------------------------------
def test_standin_has_the_papers_sample_sizes(inputs, panel):
    assert len(panel) == TARGET_N["panel_a"] == 23003
    assert panel["trade_c_cost"].notna().sum() == 22889
    assert len(analysis.excess_loans(panel)) == TARGET_N["loans"] == 16296
    dyads = d.build_dyads(inputs, panel)
    assert len(dyads) == 10146 and dyads["trade_c_rev"].notna().sum() == 10141
    assert dyads["year"].max() <= d.ASIF_LAST_YEAR


def test_standin_moments(panel):
    assert 0.14 < panel["trade_c"].mean() < 0.20  # spec §9: mean 0.15-0.19
    ratio = panel["prehhi"].std() / panel["trade_c"].mean()
    assert 0.8 < ratio < 1.3  # planted near 1.0697 (C11 reading a)
    assert 0.45 < panel["soe_firm"].mean() < 0.65  # 12,011 / 22,997 = 0.52
    counts = panel.groupby("year").size()
    assert counts.iloc[-1] > 2 * counts.iloc[0]  # firm entry
    moved = panel.groupby("stkcd")["city"].nunique()
    assert 0 < (moved > 1).mean() < 0.1  # rare relocations


def test_same_seed_same_data_other_seed_other_data():
    a, b, c = load("standin", 5).firm_year, load("standin", 5).firm_year, load("standin", 6).firm_year
    pd.testing.assert_frame_equal(a, b)
    assert not a["ar"].equals(c["ar"])


def test_planted_values_from_the_paper_match_the_published_file(claims):
    for name, cid in (
        ("beta3_rev", "C4"),
        ("beta3_cost", "C8"),
        ("a_lloanr", "C29"),
        ("b_lloanr", "C30.lloanr"),
        ("c_triple", "C31.triple"),
        ("dyad_policy", "C34.triple"),
        ("dyad_dsa", "C36.triple"),
    ):
        assert PLANTED[name].value == claims[cid].value
        assert PLANTED[name].from_paper
    assert PLANTED["gap_custmer"].value == pytest.approx(claims["C15"].value - claims["C16"].value)
    assert not PLANTED["post"].from_paper


def test_planted_table_shows_each_value_beside_the_published_number(claims):
    from livingpapers.studies.financial_opening.standin import planted_table

    table = planted_table().set_index("Planted quantity")
    row = table.loc["post × prehhi on AR/revenue (mean effect)"]
    assert row["Published value(s) used"] == f"{claims['C4'].value:g}"
    assert float(row["Planted value"]) == pytest.approx(claims["C4"].value, abs=5e-5)
    gap = table.loc["gap: high vs low customer concentration", "Published value(s) used"]
    assert gap == f"{claims['C15'].value:g} · {claims['C16'].value:g}"
    assert (
        table.loc[["post (level shift)", "dyads: post × prehhi, no moderator"], "Published value(s) used"]
        == "independent"
    ).all()


def test_planted_average_effect_is_the_published_beta3(inputs, panel):
    truth = inputs.truth.firm.merge(panel[["stkcd", "year", "post", "prehhi"]], on=["stkcd", "year"])
    treated = truth[truth["post"] > 0]
    per_unit = (treated["effect_rev"] - PLANTED["post"].value) / treated["prehhi"]
    assert per_unit.mean() == pytest.approx(PLANTED["beta3_rev"].value, abs=0.002)
    assert (inputs.truth.event_path.diff().dropna() <= 1e-12).all()  # the effect grows, then stays


def test_the_planted_mediator_effect_is_recovered(panel):
    fits = analysis.table4(panel)["fits"]
    est = analysis.estimate(fits[3])
    assert abs(est["coef"] - PLANTED["a_lloanr"].value) < 3 * est["se"]
    assert analysis.estimate(fits[2])["p"] > 0.01  # nothing planted on short-term loans


# --- the contract ---------------------------------------------------------------------------
@pytest.fixture()
def exported(inputs, tmp_path):
    write_tables(real_tables(inputs), CONTRACTS, tmp_path)
    return tmp_path


def test_round_trip_of_the_standin_through_the_contract(inputs, exported):
    back = read_real(exported)
    for name, frame in real_tables(inputs).items():
        got = getattr(back, name)
        assert len(got) == len(frame)
        np.testing.assert_allclose(
            got.select_dtypes("number").to_numpy(float),
            frame[got.select_dtypes("number").columns].to_numpy(float),
            rtol=1e-12,
            equal_nan=True,
        )


def test_bad_input_lists_every_problem(exported):
    firms = pd.read_csv(exported / "firm_year.csv", dtype=str)
    firms.loc[0, "city"] = "Atlantis"
    firms.loc[1, "year"] = "1995"
    firms = pd.concat([firms, firms.iloc[[5]]])  # duplicate key
    firms.drop(columns=["revenue"]).to_csv(exported / "firm_year.csv", index=False)
    (exported / "industries.csv").unlink()
    with pytest.raises(DataContractError) as err:
        read_real(exported)
    message = str(err.value)
    assert "required column 'revenue' is missing" in message
    assert "column 'city' fails" in message and "Atlantis" in message
    assert "column 'year' fails" in message
    assert "rows share a key (stkcd, year)" in message
    assert "industries.csv: file not found" in message


def test_cross_file_problems_are_reported(exported):
    city_year = pd.read_csv(exported / "city_year.csv", dtype=str)
    city_year[city_year["city"] != "Beijing"].to_csv(exported / "city_year.csv", index=False)
    firms = pd.read_csv(exported / "firm_year.csv", dtype=str)
    if "Beijing" not in set(firms["city"]):
        pytest.skip("no firm in Beijing in this draw")
    with pytest.raises(DataContractError, match="city_year.csv: no rows for firm cities"):
        read_real(exported)


def test_reading_never_writes(exported):
    before = {p.name: p.read_bytes() for p in exported.iterdir()}
    read_real(exported)
    assert {p.name: p.read_bytes() for p in exported.iterdir()} == before
    shutil.rmtree(exported)


# --- effect-size arithmetic and the paper's numbers ------------------------------------------
def test_seven_point_two_one_percent_readings():
    es = notes.effect_size_readings()
    assert es["sd_over_mean_reading_a"] == pytest.approx(0.0721 / 0.0674)  # 1.0697
    assert es["sd_over_mean_reading_a"] == pytest.approx(1.0697, abs=1e-4)
    assert not es["reading_b_possible"]  # an HHI share cannot have SD 1.07
    assert es["change_if_repression_falls_1sd"] > 0  # the wording's "decrease" has the wrong sign


def test_effect_size_of_a_hand_made_panel():
    panel = pd.DataFrame({"prehhi": [0.1, 0.3, 0.1, 0.3], "trade_c": [0.1, 0.2, 0.2, 0.1], "city": list("abab")})
    es = analysis.effect_size(-0.05, panel)
    sd = np.std([0.1, 0.3, 0.1, 0.3], ddof=1)
    assert es["points"] == pytest.approx(0.05 * sd * 100)
    assert es["relative"] == pytest.approx(0.05 * sd / 0.15 * 100)


def test_table1_stars_follow_the_firm_clustered_se():
    table = notes.star_check()
    assert table.loc["C1", "t (firm)"] == pytest.approx(-2.56, abs=0.01)
    assert table.loc["C1", "stars (firm)"] == "**" and table.loc["C1", "stars (city)"] == "***"
    assert (table["printed stars"] == table["stars (firm)"]).all()


def test_sobel_on_the_printed_numbers():
    med = notes.mediation_check()
    assert med["indirect"] == pytest.approx(-0.0303 * 0.0392)
    assert med["z"] == pytest.approx(-1.44, abs=0.01)
    assert med["direct_exceeds_total"]


def test_printed_group_differences_are_not_the_coefficient_differences():
    table = notes.group_difference_check()
    assert table.loc["customer HHI", "difference of printed coefficients"] == pytest.approx(-0.0416)
    assert (table["difference of printed coefficients"] != table["printed difference"]).all()
    assert (table["naive p"] > 0.25).all()


def test_group_sizes_add_up_to_less_than_table1():
    sizes = notes.group_sizes()
    assert sizes["sums"]["SOE"] == 22997 and sizes["all_below_total"]


# --- the placebo engine against pyfixest ----------------------------------------------------
def test_placebo_keeps_the_number_of_cities_opened_each_year():
    years = pd.Series([2001, 2001, 2002, 2006, 2006, 2006], index=list("abcdef"))
    draws = analysis.placebo_years(np.random.default_rng(0), years, 50)
    for r in range(50):
        assert sorted(draws[:, r]) == sorted(years)


def test_vectorised_placebo_equals_pyfixest_draw_by_draw():
    """Same coefficients and SEs as one pyfixest feols per draw (speed is measured by make bench)."""
    frame, design, draws = bench.placebo_inputs(n_draws=3, n_firms=400)
    fast = bench.fast_placebo(frame, design, draws)
    slow = bench.loop_placebo(frame, draws)
    np.testing.assert_allclose(fast["coef"], slow["coef"], rtol=1e-6)
    np.testing.assert_allclose(fast["se"], slow["se"], rtol=1e-4)


# --- the ledger -----------------------------------------------------------------------------
def test_ledger_records_every_claim(inputs):
    res = analysis.run(inputs, {"seed": SEED, "n_placebo": 5, "n_permutations": 5, "n_bootstrap": 19})
    res.beyond = beyond.run(res, n_monte_carlo=3, seed=SEED)
    ledger = Ledger.for_chapter("financial_opening", "standin")
    lg.record_all(ledger, res)
    frame = ledger.frame()
    missing = frame[(frame["status"] == "not computed") & ~frame["id"].str.startswith("C40.")]
    assert missing.empty, missing["id"].tolist()
    assert frame.loc[frame["id"] == "C11", "basis"].iloc[0] == "paper"
    assert frame.loc[frame["id"] == "C39", "status"].iloc[0] == "confirmed"  # Hadlock-Pierce, facts
    assert not frame.loc[frame["basis"] == "standin", "status"].isin(["confirmed", "contradicted"]).any()
    assert set(frame["basis"]) <= {"paper", "facts", "standin"}
    inconsistent = frame[frame["status"] == "inconsistent in paper"]
    assert set(inconsistent["id"]) == {"C11", "C40.window"}
    assert inconsistent["detail"].str.match(r"Notes items? \d").all()
    designed = frame.dropna(subset=["p_holds_design", "p_holds_null"])
    assert set(designed["id"]) == {"C4", "C8", "C19", "C25", "C29", "C36.triple"}
    assert (designed["draws"] == 3).all()
    planted = frame.set_index("id").loc["C4"]
    assert planted["planted_from_paper"] == "yes"
    assert float(planted["planted"]) == pytest.approx(
        next(c.value for c in load_claims("financial_opening") if c.id == "C4")
    )


def test_design_draw_plants_and_removes_every_effect(inputs):
    """With the effects planted the headline estimates centre on the planted values; without, on zero."""
    res = analysis.run(inputs, {"seed": SEED, "n_placebo": 2, "n_permutations": 2, "n_bootstrap": 19})
    draw = beyond.DesignDraw(res)

    def batch(seeds, planted):
        return draw.estimate([draw.simulate(np.random.default_rng(s), planted) for s in seeds], planted)

    planted, null = batch(range(4), True), batch(range(4), False)
    single = batch([2], True)  # a draw depends on its own stream only, not on the batch
    for cid in ("C29", "C36.triple"):  # the DGP of these columns is the estimated model: no estimator bias
        _, estimates, ses, truth = planted[cid]
        assert truth == pytest.approx(PLANTED["a_lloanr" if cid == "C29" else "dyad_dsa"].value)
        assert abs(estimates.mean() - truth) < 2 * ses.mean()
        assert null[cid][3] == 0
        assert abs(null[cid][1].mean()) < 2 * ses.mean()
        assert single[cid][1][0] == pytest.approx(estimates[2], rel=1e-9)
