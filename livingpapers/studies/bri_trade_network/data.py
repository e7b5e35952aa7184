"""Data of the Belt and Road trade-network chapter: the curated country list and the trade file.

- :func:`countries` reads ``data/facts/bri_trade_network_countries.csv`` (65 countries, ISO3,
  names, regions, capital coordinates, first year in the network).
- :data:`TRADE` (the one entry of :data:`CONTRACTS`) is the contract of the one real-data file,
  ``data/raw/bri_trade_network/trade.csv``, a UN Comtrade-style extract (year, reporter_iso3,
  partner_iso3, flow, value_usd); :func:`read_real` reads it, :func:`real_tables` gives any
  inputs in that format (to export the stand-in).
- :func:`build_networks` applies the paper's valuation rule (importer-reported values first,
  exporter reports mirror-fill the gaps) and returns one :class:`TradeYear` per study year.

The stand-in (``standin.py``) writes the same long table and goes through the same contract and
the same builder, so the chapter sees one schema whatever the data mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pandera.pandas as pa

from livingpapers.toolkit.contracts import TableContract, file_label, raise_problems, validate
from livingpapers.toolkit.contracts import read_real as read_contracted
from livingpapers.toolkit.facts import load_facts, numeric

from .network import TradeYear

SLUG = "bri_trade_network"
YEARS = (2000, 2010, 2021)
FLOWS = ("import", "export")
KNOWN = f"one of the 65 codes of data/facts/{SLUG}_countries.csv"


@lru_cache(maxsize=1)
def countries() -> pd.DataFrame:
    """The curated 65 countries, indexed by ISO3, in the facts file's order."""
    frame = numeric(load_facts(f"{SLUG}_countries"), ["lat", "lon", "first_year"])
    frame["first_year"] = frame["first_year"].astype(int)
    return frame.set_index("iso3")


def events() -> pd.DataFrame:
    """Curated blocs and dated events used by the narrative and the stand-in."""
    return load_facts(f"{SLUG}_events").set_index("key")


def codes_in(year: int) -> tuple[str, ...]:
    """Countries in the network in ``year`` (63 in 2000: no Timor-Leste, no Montenegro)."""
    c = countries()
    return tuple(c.index[c["first_year"] <= year])


def name(code: str) -> str:
    return countries().loc[code, "name_en"]


def _trade_contract() -> TableContract:
    known = list(countries().index)
    schema = pa.DataFrameSchema(
        {
            "year": pa.Column(
                int, pa.Check.isin(YEARS), coerce=True, description="2000, 2010 or 2021; all three must be present"
            ),
            "reporter_iso3": pa.Column(
                str,
                pa.Check.isin(known, error=KNOWN),
                description=f"ISO3 code of the reporting country; one of the 65 codes in data/facts/{SLUG}_countries.csv",
            ),
            "partner_iso3": pa.Column(
                str,
                pa.Check.isin(known, error=KNOWN),
                description="ISO3 code of the partner, from the same list, different from the reporter",
            ),
            "flow": pa.Column(
                str,
                pa.Check.isin(FLOWS),
                description="import (the reporter's imports from the partner) or export (its exports to the partner)",
            ),
            "value_usd": pa.Column(
                float,
                pa.Check.ge(0),
                coerce=True,
                description="trade value in USD, at least 0 (Comtrade's primaryValue)",
            ),
        },
        checks=[
            pa.Check(
                lambda d: d["reporter_iso3"] != d["partner_iso3"],
                element_wise=False,
                error="reporter and partner must differ",
            )
        ],
        strict=False,
    )
    return TableContract(
        "trade",
        "trade.csv",
        schema,
        keys=("year", "reporter_iso3", "partner_iso3", "flow"),
        description="Bilateral goods trade among the 65 countries, as reported by each reporter (USD).",
    )


TRADE = _trade_contract()
CONTRACTS = [TRADE]


def coverage_problems(trade: pd.DataFrame, label: str = "trade.csv") -> list[str]:
    """Problems a valid-looking file can still have: a study year missing, a country out of its years,
    a country cut off from the year's network (rows the contract refuses are left to it)."""
    if not set(TRADE.columns()) <= set(trade.columns):
        return []  # the contract names the missing columns
    years = pd.to_numeric(trade["year"], errors="coerce")
    problems = [
        f"{label}: no rows for year {year} (the study needs {', '.join(map(str, YEARS))})"
        for year in YEARS
        if not (years == year).any()
    ]
    for year in YEARS:
        allowed = set(codes_in(year))
        rows = trade[years == year]
        early = sorted((set(rows["reporter_iso3"]) | set(rows["partner_iso3"])) & (set(countries().index) - allowed))
        if early:
            problems.append(
                f"{label}: {', '.join(early)} appear(s) in {year}, before independence "
                f"(see data/facts/{SLUG}_countries.csv, column first_year)"
            )
        if len(rows):
            problems += _connection_problems(rows, year, label)
    return problems


def _connection_problems(rows: pd.DataFrame, year: int, label: str) -> list[str]:
    """The year's countries must form one network of positive trade: path lengths and centralities need it."""
    positive = rows[pd.to_numeric(rows["value_usd"], errors="coerce") > 0]
    graph = nx.Graph()
    graph.add_nodes_from(codes_in(year))
    graph.add_edges_from(zip(positive["reporter_iso3"], positive["partner_iso3"]))
    graph.remove_nodes_from([c for c in list(graph) if c not in set(codes_in(year))])  # unknown: the contract's
    parts = sorted(nx.connected_components(graph), key=len, reverse=True)
    if len(parts) == 1:
        return []
    if not positive.size:
        return [f"{label}: no positive trade value in {year}"]
    cut_off = sorted(set().union(*parts[1:]))
    return [
        f"{label}: in {year}, {len(cut_off)} of the {graph.number_of_nodes()} countries {'is' if len(cut_off) == 1 else 'are'} cut off from the rest "
        f"(no positive trade links them to it): {', '.join(cut_off[:10])}{' and more' if len(cut_off) > 10 else ''}; "
        "path lengths and centralities need one connected network"
    ]


def validate_trade(trade: pd.DataFrame) -> pd.DataFrame:
    """Check a long trade table against the contract and the study's coverage; raise one error listing both."""
    frame, problems = validate(trade, TRADE)
    raise_problems(problems + coverage_problems(frame))
    return frame


def directed_flows(trade: pd.DataFrame) -> pd.DataFrame:
    """One value per exporter -> importer and year: the importer's report, else the exporter's (mirror).

    Returns columns year, exporter, importer, value_usd, source ("import" or "mirror").
    """
    imports = trade[trade["flow"] == "import"].rename(columns={"reporter_iso3": "importer", "partner_iso3": "exporter"})
    exports = trade[trade["flow"] == "export"].rename(columns={"reporter_iso3": "exporter", "partner_iso3": "importer"})
    keys = ["year", "exporter", "importer"]
    merged = imports[keys + ["value_usd"]].merge(
        exports[keys + ["value_usd"]], on=keys, how="outer", suffixes=("_imp", "_exp")
    )
    has_import = merged["value_usd_imp"].notna()
    merged["value_usd"] = merged["value_usd_imp"].where(has_import, merged["value_usd_exp"])
    merged["source"] = np.where(has_import, "import", "mirror")
    return merged[keys + ["value_usd", "source"]].sort_values(keys, ignore_index=True)


def build_networks(trade: pd.DataFrame) -> dict[int, TradeYear]:
    """Directed trade matrices per study year, on that year's country set."""
    flows = directed_flows(trade)
    networks = {}
    for year in YEARS:
        codes = codes_in(year)
        position = {c: i for i, c in enumerate(codes)}
        rows = flows[flows["year"] == year]
        X = np.zeros((len(codes), len(codes)))
        X[rows["exporter"].map(position).to_numpy(), rows["importer"].map(position).to_numpy()] = rows["value_usd"]
        networks[year] = TradeYear(year, codes, X)
    return networks


def mirror_summary(trade: pd.DataFrame) -> pd.DataFrame:
    """How many flows and how much value each year came from importer reports versus mirror exports."""
    flows = directed_flows(trade)
    flows = flows[flows["value_usd"] > 0]
    summary = flows.groupby(["year", "source"]).agg(flows=("value_usd", "size"), value_bn=("value_usd", "sum"))
    summary["value_bn"] /= 1e9
    return summary.unstack("source", fill_value=0)


@dataclass(frozen=True)
class Inputs:
    """The long trade table, the three yearly networks and (stand-in only) the pinning log."""

    trade: pd.DataFrame
    networks: dict[int, TradeYear]
    pinning_log: list[str]
    simulated: bool = False

    @property
    def n_mirrored(self) -> int:
        flows = directed_flows(self.trade)
        return int(((flows["source"] == "mirror") & (flows["value_usd"] > 0)).sum())


def inputs_from(trade: pd.DataFrame, pinning_log: list[str] | None = None, simulated: bool = False) -> Inputs:
    """Inputs from a checked long trade table: the networks follow from the valuation rule."""
    return Inputs(trade, build_networks(trade), pinning_log or [], simulated)


def read_real(directory: Path | None = None) -> Inputs:
    """Read ``data/raw/bri_trade_network/trade.csv`` and check it (every problem in one error).

    The contract and the coverage (every study year, no country before it existed, every country
    linked to the year's network) are checked together.
    """
    label = file_label(SLUG, TRADE.filename, directory)
    tables = read_contracted(
        SLUG, CONTRACTS, directory, checks=[lambda t: coverage_problems(t["trade"], label) if t else []]
    )
    return inputs_from(tables["trade"])


def real_tables(inputs: Inputs) -> dict[str, pd.DataFrame]:
    """The inputs as the file of ``data/raw/bri_trade_network/`` (contract columns, in order)."""
    return {TRADE.name: inputs.trade[TRADE.columns()].reset_index(drop=True)}
