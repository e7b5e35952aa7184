"""Curated public facts: CSV files in ``data/facts/`` with ``source`` and ``confidence``.

A fact is a row a person can check: it names where it comes from and how sure we are
(``high``: checked against an official or primary source; ``medium``: a reliable secondary
source or consistent reports; ``low``: unverified, to be checked before it is used as data).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from livingpapers.toolkit.contracts import TableContract, check_frame, table_contract
from livingpapers.toolkit.paths import facts_dir

CONFIDENCE_LEVELS = ("high", "medium", "low")


def provenance_columns() -> dict[str, pa.Column]:
    """The ``source`` and ``confidence`` columns, for a study's own pandera contract of a facts file."""
    return {
        "source": pa.Column(str, pa.Check.str_length(min_value=1)),
        "confidence": pa.Column(str, pa.Check.isin(CONFIDENCE_LEVELS)),
    }


class FactsError(ValueError):
    """A facts file lacks sources or confidence levels; lists every problem."""


def load_facts(name: str) -> pd.DataFrame:
    """Read ``data/facts/<name>.csv`` and check every row has a source and a confidence level."""
    path = facts_dir() / f"{name}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = []
    for column in ("source", "confidence"):
        if column not in frame.columns:
            problems.append(f"{path.name}: column {column!r} is missing")
    if not problems:
        no_source = frame.index[frame["source"].str.strip() == ""].tolist()
        if no_source:
            problems.append(f"{path.name}: rows {no_source[:5]} have no source")
        bad = frame.loc[~frame["confidence"].isin(CONFIDENCE_LEVELS), "confidence"]
        if len(bad):
            problems.append(
                f"{path.name}: confidence must be one of {CONFIDENCE_LEVELS}; "
                f"rows {bad.index[:5].tolist()} have {sorted(set(bad))[:5]}"
            )
    if problems:
        raise FactsError("problems in curated facts:\n- " + "\n- ".join(problems))
    return frame


def numeric(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Convert the named columns of a facts frame to numbers (empty cells become NaN)."""
    out = frame.copy()
    for column in columns:
        out[column] = pd.to_numeric(out[column].replace("", None), errors="raise")
    return out


def facts_contract(
    slug: str, name: str, columns: dict[str, pa.Column], keys: tuple[str, ...], description: str, checks=()
) -> TableContract:
    """The contract of ``data/facts/<slug>_<name>.csv``: the study's columns plus ``source`` and ``confidence``,
    and no other column (strict), for :func:`load_checked_facts`."""
    return table_contract(
        name, {**columns, **provenance_columns()}, keys, description, filename=f"{slug}_{name}.csv",
        checks=checks, strict=True,
    )  # fmt: skip


def load_checked_facts(contract: TableContract) -> pd.DataFrame:
    """Read a facts file with :func:`load_facts`, then hold it to its contract (every problem in one error)."""
    return check_frame(load_facts(contract.filename.removesuffix(".csv")), contract)
