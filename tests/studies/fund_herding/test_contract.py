"""The real-data contract: a round trip of the stand-in, and one clear error for every bad input."""

import shutil

import pandas as pd
import pytest

from livingpapers.studies.fund_herding.data import CONTRACTS, read_real, real_tables
from livingpapers.toolkit.contracts import DataContractError, write_tables


@pytest.fixture(scope="module")
def exported(inputs, tmp_path_factory):
    directory = tmp_path_factory.mktemp("fund_herding_raw")
    write_tables(real_tables(inputs), CONTRACTS, directory)
    return directory


def test_round_trip(inputs, exported):
    back = read_real(exported)
    assert len(back.holdings) == len(inputs.holdings)
    assert back.fund_daily["ret"].to_numpy() == pytest.approx(inputs.fund_daily["ret"].to_numpy())
    assert set(back.funds["fund_id"]) == set(inputs.funds["fund_id"].astype(str))
    assert back.stock_weekly is not None and len(back.stock_weekly) == len(inputs.stock_weekly)


def small_copy(exported, tmp_path):
    """A small, valid data folder (a few funds) to break in one way at a time."""
    target = tmp_path / "raw"
    target.mkdir()
    funds = pd.read_csv(exported / "funds.csv", dtype=str).head(12)
    keep = set(funds["fund_id"])
    funds.to_csv(target / "funds.csv", index=False)
    for name in ("holdings.csv", "fund_daily.csv"):
        frame = pd.read_csv(exported / name, dtype=str, nrows=400_000)
        frame[frame["fund_id"].isin(keep)].to_csv(target / name, index=False)
    holdings = pd.read_csv(target / "holdings.csv", dtype=str)
    stocks = pd.read_csv(exported / "stocks.csv", dtype=str)
    stocks[stocks["stock_id"].isin(set(holdings["stock_id"]))].to_csv(target / "stocks.csv", index=False)
    shutil.copy(exported / "market_daily.csv", target / "market_daily.csv")
    read_real(target)  # valid before we break it
    return target


def contract_error(target) -> str:
    """The one message :func:`read_real` raises for the broken folder ``target``."""
    with pytest.raises(DataContractError) as err:
        read_real(target)
    return str(err.value)


def test_missing_file_and_columns_are_all_reported(exported, tmp_path):
    target = small_copy(exported, tmp_path)
    (target / "market_daily.csv").unlink()
    funds = pd.read_csv(target / "funds.csv", dtype=str).drop(columns=["tna"])
    funds.to_csv(target / "funds.csv", index=False)
    message = contract_error(target)
    assert "market_daily.csv: file not found" in message
    assert "funds.csv: required column 'tna' is missing" in message


def test_bad_values_dates_and_duplicates(exported, tmp_path):
    target = small_copy(exported, tmp_path)
    h = pd.read_csv(target / "holdings.csv", dtype=str)
    h.loc[0, "weight"] = "1.5"  # more than the fund's net assets
    h.loc[1, "report_date"] = "2010-03-31"  # not an interim or annual report
    h = pd.concat([h, h.iloc[[5]]])  # duplicate key
    h.to_csv(target / "holdings.csv", index=False)
    f = pd.read_csv(target / "funds.csv", dtype=str)
    f.loc[0, "category"] = "index fund"
    f.to_csv(target / "funds.csv", index=False)
    message = contract_error(target)
    assert "column 'weight' fails in_range" in message
    assert "column 'report_date' fails str_matches" in message
    assert "rows share a key (fund_id, report_date, stock_id)" in message
    assert "column 'category' fails isin" in message


def test_cross_file_links(exported, tmp_path):
    target = small_copy(exported, tmp_path)
    d = pd.read_csv(target / "fund_daily.csv", dtype=str)
    d.loc[0, "fund_id"] = "NOT-A-FUND"
    d.to_csv(target / "fund_daily.csv", index=False)
    with pytest.raises(DataContractError, match=r"fund_daily.csv: 1 fund_id\(s\) not in funds.csv"):
        read_real(target)


def test_stock_weekly_is_optional(exported, tmp_path):
    target = small_copy(exported, tmp_path)
    assert not (target / "stock_weekly.csv").exists()
    assert read_real(target).stock_weekly is None
