"""Facts, the import-first/mirror rule, the contract (export, read back, README) and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from livingpapers.studies import bri_trade_network as bri
from livingpapers.studies.bri_trade_network import data
from livingpapers.toolkit.contracts import DataContractError, write_tables

SEED = 20210


def test_country_facts_have_65_countries_with_63_in_2000():
    c = data.countries()
    assert len(c) == 65 and c.index.is_unique
    assert c["lat"].between(-10, 60).all() and c["lon"].between(10, 130).all()
    assert len(data.codes_in(2000)) == 63 and set(c.index) - set(data.codes_in(2000)) == {"TLS", "MNE"}
    assert c.loc["TLS", "first_year"] == 2002 and c.loc["MNE", "first_year"] == 2006
    assert c["region7"].value_counts().to_dict() == {
        "W. Asia & N. Africa": 16,
        "CEE": 16,
        "SE Asia": 11,
        "South Asia": 8,
        "CIS": 7,
        "Central Asia": 5,
        "East Asia": 2,
    }
    assert set(c["confidence"]) <= {"high", "medium", "low"} and (c["source"].str.len() > 0).all()


def valid_trade() -> pd.DataFrame:
    rows = [
        (y, r, p, f, v)
        for y in data.YEARS
        for r, p, f, v in (
            ("CHN", "RUS", "import", 10.0),
            ("RUS", "CHN", "export", 9.0),
            ("CHN", "RUS", "export", 4.0),
            ("IND", "CHN", "export", 3.0),
        )
    ]
    return pd.DataFrame(rows, columns=["year", "reporter_iso3", "partner_iso3", "flow", "value_usd"])


def test_mirror_rule_prefers_the_importers_report():
    flows = data.directed_flows(valid_trade())
    one_year = flows[flows["year"] == 2010].set_index(["exporter", "importer"])
    assert one_year.loc[("RUS", "CHN"), "value_usd"] == 10.0 and one_year.loc[("RUS", "CHN"), "source"] == "import"
    assert one_year.loc[("CHN", "RUS"), "value_usd"] == 4.0 and one_year.loc[("CHN", "RUS"), "source"] == "mirror"
    assert one_year.loc[("IND", "CHN"), "value_usd"] == 3.0
    net = data.build_networks(data.validate_trade(valid_trade()))[2021]
    assert net.pair("CHN", "RUS") == 14.0 and net.total == 17.0 and net.n == 65


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.assign(partner_iso3=t["partner_iso3"].replace("RUS", "XXX")), "partner_iso3"),
        (lambda t: t.assign(value_usd=t["value_usd"].where(t.index != 0, -5.0)), "value_usd"),
        (lambda t: pd.concat([t, t.iloc[[0]]], ignore_index=True), "rows share a key"),
        (lambda t: t[t["year"] != 2010], "no rows for year 2010"),
        (
            lambda t: pd.concat([t, pd.DataFrame([(2000, "TLS", "CHN", "import", 1.0)], columns=t.columns)]),
            "before independence",
        ),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(change, message):
    with pytest.raises(DataContractError, match=message):
        data.validate_trade(change(valid_trade()))


def test_read_trade_lists_every_problem_at_once(tmp_path):
    bad = valid_trade()
    bad.loc[0, "reporter_iso3"] = "ZZZ"
    bad.loc[1, "value_usd"] = -1
    bad[bad["year"] != 2021].to_csv(tmp_path / "trade.csv", index=False)
    with pytest.raises(DataContractError) as err:
        data.read_real(tmp_path)
    text = str(err.value)
    assert "reporter_iso3" in text and "value_usd" in text


def test_real_inputs_rebuild_the_standin_networks(tmp_path, inputs):
    write_tables(data.real_tables(inputs), data.CONTRACTS, tmp_path)
    real = data.read_real(tmp_path)
    assert not real.simulated and real.pinning_log == []
    for year, net in inputs.networks.items():
        assert real.networks[year].codes == net.codes
        assert (real.networks[year].X == net.X).all()


def test_unknown_data_mode_is_refused():
    with pytest.raises(ValueError, match="no data mode 'none'"):
        bri.load("none", SEED)
