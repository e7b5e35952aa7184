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

from livingpapers.toolkit.paths import raw_dir
from livingpapers.toolkit.render import relative_to_root

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
        problems.append(f"{label}: column {column!r} fails {check} in {len(group)} row(s){where}; e.g. values {values}")
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
            problems.append(
                f"{label}: file not found (expected columns: {', '.join(contract.columns())}; "
                f"see {relative_to_root(directory / 'README.md')})"
            )
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


def write_tables(tables: dict[str, pd.DataFrame], contracts: list[TableContract], directory: Path) -> list[Path]:
    """Write frames as the CSV files their contracts describe (what ``read_real`` reads back).

    Used to export a stand-in in the real-data format, so a user sees the format by
    example. Every frame is checked against its contract first; nothing is written unless
    all of them pass, and each file is written atomically.
    """
    from livingpapers.toolkit.render import write_text_atomic

    by_name = {c.name: c for c in contracts}
    unknown = sorted(set(tables) - set(by_name))
    if unknown:
        raise KeyError(f"no contract for table(s) {', '.join(unknown)}")
    problems = []
    for name, frame in tables.items():
        problems += validate(frame, by_name[name])[1]
    if problems:
        raise DataContractError(problems)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = directory / by_name[name].filename
        write_text_atomic(frame[by_name[name].columns()].to_csv(index=False, lineterminator="\n"), path)
        written.append(path)
    return written


def _check_text(check) -> str:
    """A pandera check in words (its statistics, e.g. ``>= 0`` or ``one of 3 values``)."""
    stats = getattr(check, "statistics", None) or {}
    name = getattr(check, "name", "") or ""
    words = {
        "greater_than_or_equal_to": "≥ {min_value}",
        "greater_than": "> {min_value}",
        "less_than_or_equal_to": "≤ {max_value}",
        "less_than": "< {max_value}",
        "in_range": "{min_value} to {max_value}",
        "str_matches": "matches `{pattern}`",
        "equal_to": "= {value}",
    }
    if name == "isin":
        allowed = list(stats.get("allowed_values", []))
        return f"one of {', '.join(map(str, allowed))}" if len(allowed) <= 6 else f"one of {len(allowed)} listed values"
    if name in words:
        try:
            return words[name].format(**stats)
        except KeyError:
            return name
    return getattr(check, "error", None) or name or "custom check"


def contract_markdown(contracts: list[TableContract]) -> str:
    """The data contract as Markdown tables, one per file: the part of ``data/raw/<slug>/README.md`` made from code."""
    blocks = []
    for contract in contracts:
        need = "optional" if contract.optional else "required"
        lines = [f"### `{contract.filename}` ({need})", ""]
        if contract.description:
            lines += [contract.description, ""]
        if contract.keys:
            lines += [f"Key: one row per ({', '.join(f'`{k}`' for k in contract.keys)}).", ""]
        lines += ["| column | type | blanks | rule | description |", "|---|---|---|---|---|"]
        for name, column in contract.schema.columns.items():
            rules = "; ".join(_check_text(c) for c in column.checks) or ""
            dtype = str(column.dtype) if column.dtype is not None else "any"
            lines.append(
                f"| `{name}` | {dtype} | {'allowed' if column.nullable else 'no'} | {rules} | "
                f"{(column.description or '').replace('|', '/')} |"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
