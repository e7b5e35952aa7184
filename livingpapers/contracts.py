"""Data contracts: what a user's real data must look like, checked before anything runs.

A study declares one :class:`TableContract` per file it reads from ``data/raw/<slug>/``:
the columns with their types and allowed values (a pandera schema), and the key columns
that identify a row. :func:`read_real` reads every file, checks all of them, and raises a
single :class:`DataContractError` listing every violation (file, column, check, example
rows). The stand-in generators are checked against the same contracts, so the chapter
code sees one schema whatever the data mode. Nothing here writes to ``data/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from livingpapers.paths import raw_dir
from livingpapers.render import relative_to_root

MAX_EXAMPLES = 5


class DataContractError(ValueError):
    """Data break their contract. The message lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("the data do not meet their contract:\n- " + "\n- ".join(problems))


@dataclass(frozen=True)
class TableContract:
    """One input table: file name, pandera schema (columns, dtypes, checks) and key columns."""

    name: str
    filename: str
    schema: pa.DataFrameSchema
    keys: tuple[str, ...]
    description: str = ""
    optional: bool = False  # a missing optional file is not an error; read_real leaves it out

    def columns(self) -> list[str]:
        return list(self.schema.columns)


def _describe_failures(err: SchemaErrors, label: str) -> list[str]:
    """Turn pandera's failure cases into one line per (column, check), with example rows."""
    cases = err.failure_cases.copy()
    cases["column"] = cases["column"].fillna("(table)")
    problems = []
    for (column, check), group in cases.groupby(["column", "check"], sort=True, dropna=False):
        check = str(check)
        if check == "column_in_dataframe":
            problems.append(f"{label}: required column {group['failure_case'].iloc[0]!r} is missing")
            continue
        if check.startswith("column_in_schema"):
            continue
        rows = [int(i) + 2 for i in group["index"].dropna().head(MAX_EXAMPLES)]  # +2: header and 1-based lines
        values = [str(v) for v in group["failure_case"].head(MAX_EXAMPLES)]
        where = f" at file line(s) {rows}" if rows else ""
        problems.append(f"{label}: column {column!r} fails {check} in {len(group)} row(s){where}; "
                        f"e.g. values {values}")
    return problems


def validate(frame: pd.DataFrame, contract: TableContract, label: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Check a frame against its contract; return the coerced frame and every problem found."""
    label = label or contract.filename
    problems = []
    try:
        frame = contract.schema.validate(frame, lazy=True)
    except SchemaErrors as err:
        problems += _describe_failures(err, label)
    present = [k for k in contract.keys if k in frame.columns]
    if len(present) == len(contract.keys):
        dup = frame[frame.duplicated(list(contract.keys), keep=False)]
        if len(dup):
            examples = dup[list(contract.keys)].head(MAX_EXAMPLES).to_dict("records")
            problems.append(f"{label}: {len(dup)} rows share a key ({', '.join(contract.keys)}); e.g. {examples}")
    return frame, problems


def check_frame(frame: pd.DataFrame, contract: TableContract) -> pd.DataFrame:
    """Validate a frame (e.g. a stand-in) and raise if it breaks the contract."""
    frame, problems = validate(frame, contract)
    if problems:
        raise DataContractError(problems)
    return frame


def read_real(slug: str, contracts: list[TableContract], directory: Path | None = None) -> dict[str, pd.DataFrame]:
    """Read and validate every file a study needs from ``data/raw/<slug>/``.

    Returns the frames by contract name; an optional file that is absent is simply not in
    the result.

    All files are checked before anything is returned, so the user sees every problem in
    one message, not the first one only.
    """
    directory = directory or raw_dir(slug)
    tables, problems = {}, []
    for contract in contracts:
        path = directory / contract.filename
        label = relative_to_root(path)
        if not path.is_file() and contract.optional:
            continue
        if not path.is_file():
            problems.append(f"{label}: file not found (expected columns: {', '.join(contract.columns())}; "
                            f"see {relative_to_root(directory / 'README.md')})")
            continue
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        except (pd.errors.ParserError, UnicodeDecodeError) as err:
            problems.append(f"{label}: not a readable UTF-8 CSV ({err})")
            continue
        frame, found = validate(raw, contract, label)
        problems += found
        tables[contract.name] = frame
    if problems:
        raise DataContractError(problems)
    return tables
