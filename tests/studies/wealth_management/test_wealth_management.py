"""Wealth-management essay chapter: dividend-floor rule, facts files and their contracts, claims."""

from datetime import date

import pandas as pd
import pytest

from livingpapers.studies import wealth_management as wm
from livingpapers.toolkit.claims import Ledger, load_claims
from livingpapers.toolkit.contracts import DataContractError, check_frame
from livingpapers.toolkit.figures import figure_problems
from livingpapers.toolkit.paths import facts_dir

SPEC_KINDS = {  # spec §7 type labels ("number, date" for E34 counts as number)
    "number": ["E1", "E10", "E16", "E23", "E25", "E34"],
    "normative": ["E2", "E4", "E8", "E14", "E15", "E18", "E24", "E26", "E27", "E28", "E30", "E32", "E33"],
}


@pytest.fixture(scope="module")
def quantities():
    return wm.load_checked(wm.QUANTITIES)


@pytest.fixture(scope="module")
def facts():
    return wm.load_checked(wm.PUBLIC_FACTS)


@pytest.fixture(scope="module")
def values(quantities):
    return wm.essay_values(quantities)


# ----------------------------------------------------------------- the dividend floor (hand-computed)


def test_floor_is_k_times_financing():
    assert wm.dividend_floor(15, 0.2) == pytest.approx(3.0)
    assert wm.dividend_floor(15, 0.1) == pytest.approx(1.5)
    assert wm.dividend_floor(0, 0.3) == 0


def test_reduction_needs_floor_and_leverage():
    assert wm.reduction_permitted(3.0, 15, 0.2)  # exactly at the floor
    assert not wm.reduction_permitted(2.99, 15, 0.2)  # just below
    assert not wm.reduction_permitted(10.0, 15, 0.2, leverage_ok=False)  # 负债合适 fails


@pytest.mark.parametrize(
    "k, rate, years",
    [
        (0.1, 0.02, 5),
        (0.1, 0.05, 2),
        (0.1, 0.10, 1),
        (0.2, 0.02, 10),
        (0.2, 0.05, 4),
        (0.2, 0.10, 2),
        (0.3, 0.02, 15),
        (0.3, 0.05, 6),
        (0.3, 0.10, 3),
    ],
)
def test_years_to_floor_is_ceiling_of_k_over_rate(k, rate, years):
    assert wm.years_to_floor(15, k, rate * 15) == years


def test_years_to_floor_is_not_fooled_by_float_noise():
    # 0.3 * 15 / 0.45 is 10.000000000000002 in floating point; the answer is 10 years, not 11.
    assert wm.years_to_floor(15, 0.3, 0.45) == 10
    assert wm.years_to_floor(15, 0.3, 0.44) == 11


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: wm.dividend_floor(-1, 0.2), "financing raised must be non-negative"),
        (lambda: wm.dividend_floor(15, 0), "k must be in (0, 1]"),
        (lambda: wm.dividend_floor(15, 1.5), "k must be in (0, 1]"),
        (lambda: wm.years_to_floor(15, 0.2, 0), "annual dividend must be positive"),
        (lambda: wm.reduction_permitted(-1, 15, 0.2), "cumulative dividends must be non-negative"),
    ],
)
def test_floor_rejects_bad_inputs(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("]", r"\]")):
        call()


def test_sweep_grid_and_lockup_labels():
    sweep = wm.floor_sweep(15)
    assert len(sweep) == len(wm.FLOOR_KS) * len(wm.PAYOUT_RATES)
    assert sweep.set_index(["k", "payout_rate"]).loc[(0.3, 0.02), "years"] == 15
    table = wm.sweep_table(sweep, lockup_years=3)
    assert table.shape == (3, 3)
    assert table.iloc[2, 2].startswith("3 (within")  # k=0.3, 10% payout: 3 years, inside the lock-up
    assert table.iloc[0, 0].startswith("5 (binds after")  # k=0.1, 2% payout: 5 years


# ----------------------------------------------------------------- facts files


def test_every_fact_row_has_source_and_confidence(quantities, facts):
    for frame in (quantities, facts):
        assert (frame["source"].str.strip() != "").all()
        assert frame["confidence"].isin(["high", "medium", "low"]).all()
    assert (quantities["confidence"] == "high").all()  # "what the essay says"


def test_fact_dates_parse_and_events_are_dated(facts):
    for column in ("date", "date_effective"):
        for text in facts.loc[facts[column] != "", column]:
            date.fromisoformat(text)
    assert (facts.loc[facts["kind"] == "event", "date"] != "").all()


def test_essay_statements_cover_q1_to_q12_with_lines(quantities, values):
    ids = set(quantities["id"])
    assert {f"Q{i}" for i in range(1, 13) if i != 8} | {"Q8a", "Q8b"} == ids
    assert quantities["line"].between(98, 150).all()
    assert values["Q1"] == 65 and values["Q4"] == 160 and values["Q5"] == 1.5
    assert values["Q6"] == 3 and values["Q7"] == 1 and values["Q8a"] + values["Q8b"] == 15
    assert values["Q9"] == 27


def test_public_facts_match_the_brief(facts):
    stamp = wm.fact(facts, "F08")
    assert (stamp["date"], stamp["date_effective"], float(stamp["value"])) == ("2023-08-27", "2023-08-28", 0.05)
    assert float(wm.fact(facts, "F12")["value"]) == 36 and float(wm.fact(facts, "F13")["value"]) == 12
    rollout = {fid: wm.fact(facts, fid)["date"][:4] for fid in ("F02", "F03", "F04", "F05")}
    assert rollout == {"F02": "2019", "F03": "2020", "F04": "2021", "F05": "2023"}
    assert wm.fact(facts, "F05")["date"] == "2023-02-17"
    assert wm.fact(facts, "F17")["confidence"] == "low" and wm.fact(facts, "F17")["verified"] == "false"
    with pytest.raises(KeyError, match="no fact 'F99'"):
        wm.fact(facts, "F99")


# ----------------------------------------------------------------- contract errors on bad facts


def raw(contract):
    """The facts file as the loader reads it (strings), before the contract coerces anything."""
    return pd.read_csv(facts_dir() / contract.filename, dtype=str, keep_default_na=False)


def contract_error(frame, contract) -> str:
    with pytest.raises(DataContractError) as err:
        check_frame(frame, contract)
    return str(err.value)


def test_missing_column_is_named():
    message = contract_error(raw(wm.PUBLIC_FACTS).drop(columns="source"), wm.PUBLIC_FACTS)
    assert "required column 'source' is missing" in message


def test_unknown_confidence_is_reported():
    frame = raw(wm.PUBLIC_FACTS)
    frame.loc[0, "confidence"] = "certain"
    frame.loc[0, "verified"] = "false"
    assert "column 'confidence' fails isin" in contract_error(frame, wm.PUBLIC_FACTS)


def test_impossible_date_is_reported():
    frame = raw(wm.PUBLIC_FACTS)
    frame.loc[frame["id"] == "F05", "date"] = "2023-02-30"
    message = contract_error(frame, wm.PUBLIC_FACTS)
    assert "column 'date' fails iso_date_or_empty" in message and "2023-02-30" in message


def test_undated_event_and_inconsistent_verification_are_reported():
    frame = raw(wm.PUBLIC_FACTS)
    frame.loc[frame["id"] == "F08", "date"] = ""
    frame.loc[frame["id"] == "F17", "verified"] = "true"
    message = contract_error(frame, wm.PUBLIC_FACTS)
    assert "events_have_dates" in message and "verified_matches_confidence" in message


def test_duplicate_id_and_out_of_range_line_are_reported():
    frame = raw(wm.QUANTITIES)
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    frame.loc[1, "line"] = "152"
    message = contract_error(frame, wm.QUANTITIES)
    assert "share a key (id)" in message and "column 'line' fails in_range" in message


def test_non_numeric_value_is_reported():
    frame = raw(wm.QUANTITIES)
    frame.loc[0, "value"] = "about 65"
    assert "column 'value' fails number_or_empty" in contract_error(frame, wm.QUANTITIES)


# ----------------------------------------------------------------- arithmetic and claims


def test_arithmetic_table(values, facts):
    table = wm.arithmetic_checks(values, facts)
    assert table.loc["Q4, Q5", "Result"].startswith("0.94%")  # 1.5 / 160 = 0.9375%
    assert table.loc["Q1", "Result"] == "35%"
    assert table.loc["F08", "Result"] == "100 -> 50 yuan"
    assert table.loc["Q8", "Result"].startswith("15 ")


def test_published_claims_have_e1_to_e34_with_spec_kinds():
    claims = {c.id: c for c in load_claims("wealth_management")}
    assert list(claims) == [f"E{i}" for i in range(1, 35)]
    for kind, ids in SPEC_KINDS.items():
        assert sorted(c.id for c in claims.values() if c.kind == kind) == sorted(ids)
    assert all(c.location.startswith("line") for c in claims.values())
    printed = {cid: (claims[cid].value, claims[cid].relation) for cid in SPEC_KINDS["number"]}
    assert printed == {
        "E1": (65, "="),
        "E10": (30, ">="),
        "E16": (160, ">"),
        "E23": (1.5, "="),
        "E25": (3, "="),
        "E34": (27, "="),
    }


def test_fact_checks_and_checkability(values, facts):
    ledger = Ledger.for_chapter("wealth_management")
    wm.record_fact_checks(ledger, values, facts)
    assert {cid: (r.status, r.basis) for cid, r in ledger.results.items()} == {
        "E16": ("confirmed", "facts"),
        "E25": ("confirmed", "facts"),
        "E34": ("confirmed", "facts"),
    }
    summary = ledger.summary()
    assert summary["total"] == 34
    assert summary["by_basis"] == {"paper": {"not computed": 18, "not testable": 13}, "facts": {"confirmed": 3}}
    table = wm.checkability_table(ledger.claims, ledger.results)
    assert (table.loc[["E1", "E10", "E23"], "Matches curated public fact?"] == "not checkable").all()
    assert table.loc["E27", "Matches curated public fact?"] == "not testable"
    assert table.loc["E16", "Matches curated public fact?"] == "yes"


# ----------------------------------------------------------------- figures


def test_every_figure_passes_the_book_checks(values, facts):
    built = [
        (wm.fig_wealth_composition(values), False),
        (wm.fig_wealth_chain(), True),
        (wm.fig_priority_ladder(), True),
        (wm.fig_lockup_and_floor(values, facts), False),
        (wm.fig_magnitudes(values, facts), False),
        (wm.fig_policy_timeline(facts), False),
        (wm.fig_floor_sweep(15, 3), False),
    ]
    for fig, schematic in built:
        assert figure_problems(fig, "alt text long enough for the check", "source", schematic) == []


def test_timeline_greys_out_unverified_events(facts):
    fake = facts.copy()
    row = fake["id"] == "F06"
    fake.loc[row, ["confidence", "verified"]] = ["low", "false"]
    fig = wm.fig_policy_timeline(fake)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert any(text.startswith("Fund fee caps (unverified)") for text in labels)
    assert not any("(unverified)" in text for text in labels if not text.startswith("Fund fee caps"))
