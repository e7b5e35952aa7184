"""The essay chapter's inputs and their contracts: what they hold, and the errors a bad edit gets.

The essay's own statements come from ``data/published``; the curated public facts from ``data/facts``.
"""

from datetime import date

import pandas as pd
import pytest

from livingpapers.studies import wealth_management as wm
from livingpapers.studies.wealth_management import data
from livingpapers.toolkit.claims import load_printed_table
from livingpapers.toolkit.contracts import DataContractError, check_frame
from livingpapers.toolkit.paths import facts_dir


def test_every_fact_row_has_source_and_confidence(facts):
    assert (facts["source"].str.strip() != "").all()
    assert facts["confidence"].isin(["high", "medium", "low"]).all()


def test_the_essays_statements_are_its_published_numbers_not_facts(quantities):
    assert quantities.equals(load_printed_table(data.SLUG, "quantities"))
    assert not {"source", "confidence"} & set(quantities.columns)


def test_fact_dates_parse_and_events_are_dated(facts):
    for column in ("date", "date_effective"):
        for text in facts.loc[facts[column] != "", column]:
            date.fromisoformat(text)
    assert (facts.loc[facts["kind"] == "event", "date"] != "").all()


def test_essay_statements_cover_q1_to_q12_with_sections(quantities, values):
    ids = set(quantities["id"])
    assert {f"Q{i}" for i in range(1, 13) if i != 8} | {"Q8a", "Q8b"} == ids
    assert quantities["location"].str.startswith("§").all()
    assert values["Q1"] == 65 and values["Q4"] == 160 and values["Q5"] == 1.5
    assert values["Q6"] == 3 and values["Q7"] == 1 and values["Q8a"] + values["Q8b"] == 15
    assert values["Q9"] == 27


def test_public_facts_match_the_brief(facts):
    stamp = data.fact(facts, "F08")
    assert (stamp["date"], stamp["date_effective"], float(stamp["value"])) == ("2023-08-27", "2023-08-28", 0.05)
    assert float(data.fact(facts, "F12")["value"]) == 36 and float(data.fact(facts, "F13")["value"]) == 12
    rollout = {fid: data.fact(facts, fid)["date"][:4] for fid in ("F02", "F03", "F04", "F05")}
    assert rollout == {"F02": "2019", "F03": "2020", "F04": "2021", "F05": "2023"}
    assert data.fact(facts, "F05")["date"] == "2023-02-17"
    assert data.fact(facts, "F17")["confidence"] == "low" and data.fact(facts, "F17")["verified"] == "false"
    with pytest.raises(KeyError, match="no fact 'F99'"):
        data.fact(facts, "F99")


# ----------------------------------------------------------------- contract errors on bad facts


def raw(contract):
    """The file as the loader reads it (strings), before the contract coerces anything."""
    if contract is data.QUANTITIES:
        return load_printed_table(data.SLUG, "quantities")
    return pd.read_csv(facts_dir() / contract.filename, dtype=str, keep_default_na=False)


def contract_error(frame, contract) -> str:
    with pytest.raises(DataContractError) as err:
        check_frame(frame, contract)
    return str(err.value)


def test_missing_column_is_named():
    message = contract_error(raw(data.PUBLIC_FACTS).drop(columns="source"), data.PUBLIC_FACTS)
    assert "required column 'source' is missing" in message


def test_unknown_confidence_is_reported():
    frame = raw(data.PUBLIC_FACTS)
    frame.loc[0, "confidence"] = "certain"
    frame.loc[0, "verified"] = "false"
    assert "column 'confidence' fails isin" in contract_error(frame, data.PUBLIC_FACTS)


def test_impossible_date_is_reported():
    frame = raw(data.PUBLIC_FACTS)
    frame.loc[frame["id"] == "F05", "date"] = "2023-02-30"
    message = contract_error(frame, data.PUBLIC_FACTS)
    assert "column 'date' fails iso_date_or_empty" in message and "2023-02-30" in message


def test_undated_event_and_inconsistent_verification_are_reported():
    frame = raw(data.PUBLIC_FACTS)
    frame.loc[frame["id"] == "F08", "date"] = ""
    frame.loc[frame["id"] == "F17", "verified"] = "true"
    message = contract_error(frame, data.PUBLIC_FACTS)
    assert "events_have_dates" in message and "verified_matches_confidence" in message


def test_duplicate_id_and_a_location_that_is_no_section_are_reported():
    frame = raw(data.QUANTITIES)
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    frame.loc[1, "location"] = "152"
    message = contract_error(frame, data.QUANTITIES)
    assert "share a key (id)" in message and "column 'location' fails str_startswith" in message


def test_non_numeric_value_is_reported():
    frame = raw(data.QUANTITIES)
    frame.loc[0, "value"] = "about 65"
    assert "column 'value' fails number_or_empty" in contract_error(frame, data.QUANTITIES)


def test_load_reads_the_facts_and_only_in_mode_none(inputs):
    assert inputs.values == data.essay_values(inputs.quantities)
    assert set(inputs.facts["id"]) == set(data.load_checked(data.PUBLIC_FACTS)["id"])
    with pytest.raises(ValueError, match="no data mode 'standin'"):
        wm.load("standin", 1)
