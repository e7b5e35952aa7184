"""Facts, the import-first/mirror rule, the contract (export, read back, README) and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from livingpapers.studies import bri_trade_network as bri
from livingpapers.studies.bri_trade_network import data
from livingpapers.toolkit.contracts import DataContractError, write_tables
from support import refused

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
    net = data.build_networks(valid_trade())[2021]  # a toy table: most countries cut off, so not validated
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


CUT_OFF = "path lengths and centralities need one connected network"


def _exported_trade(inputs, directory, edit):
    write_tables(data.real_tables(inputs), data.CONTRACTS, directory)
    path = directory / "trade.csv"
    edit(pd.read_csv(path, dtype=str, keep_default_na=False)).to_csv(path, index=False)
    return directory


def test_a_country_cut_off_from_the_network_is_refused_before_networkx_fails(tmp_path, inputs):
    """Without China's rows the analysis used to stop in networkx: 'Graph is not connected'."""
    no_china = _exported_trade(
        inputs, tmp_path, lambda t: t[(t["reporter_iso3"] != "CHN") & (t["partner_iso3"] != "CHN")]
    )
    assert refused(data.read_real, no_china) == [
        f"{tmp_path / 'trade.csv'}: in {year}, 1 of the {n} countries is cut off from the rest (no positive trade "
        f"links them to it): CHN; {CUT_OFF}"
        for year, n in ((2000, 63), (2010, 65), (2021, 65))
    ]


def test_contract_and_coverage_problems_come_in_one_message(tmp_path, inputs):
    """Coverage used to be checked only once the contract passed, hiding a missing year behind a bad value."""

    def edit(t):
        mongolia_2021 = (t["year"] == "2021") & ((t["reporter_iso3"] == "MNG") | (t["partner_iso3"] == "MNG"))
        t = t[(t["year"] != "2010") & ~mongolia_2021].reset_index(drop=True)
        t.loc[0, "value_usd"], t.loc[1, "value_usd"], t.loc[2, "year"] = "-5", "inf", "2021.5"
        return t

    label = tmp_path / "trade.csv"
    assert refused(data.read_real, _exported_trade(inputs, tmp_path, edit)) == [
        f"{label}: column 'year' fails coerce_dtype('int64') (it must hold whole numbers) in 1 row(s) "
        "at file line(s) [4]; values '2021.5'",
        f"{label}: column 'value_usd' fails greater_than_or_equal_to(0) in 1 row(s) at file line(s) [2]; values '-5.0'",
        f"{label}: column 'value_usd' holds infinite values in 1 row(s) at file line(s) [3]: 'inf'",
        f"{label}: no rows for year 2010 (the study needs 2000, 2010, 2021)",
        f"{label}: in 2021, 1 of the 65 countries is cut off from the rest (no positive trade links them to it): "
        f"MNG; {CUT_OFF}",
    ]


def test_a_year_without_positive_trade_is_refused(tmp_path, inputs):
    zero_2010 = _exported_trade(
        inputs, tmp_path, lambda t: t.assign(value_usd=t["value_usd"].where(t["year"] != "2010", "0"))
    )
    assert refused(data.read_real, zero_2010) == [f"{tmp_path / 'trade.csv'}: no positive trade value in 2010"]


def test_unknown_data_mode_is_refused():
    with pytest.raises(ValueError, match="no data mode 'none'"):
        bri.load("none", SEED)
