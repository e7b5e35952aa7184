"""Data contracts: what a user's real data must look like, checked before anything runs.

A study declares one :class:`TableContract` per file it reads from ``data/raw/<slug>/``:
the columns with their types and allowed values (a pandera schema), the key columns that
identify a row, and optional ``rules`` (panel balance, required rows, coverage of a list,
years, value ranges: the helpers below). :func:`read_real` reads every file, checks all of
them, and raises a single :class:`DataContractError` listing every problem once (file,
column, check, the distinct failing values and their file lines). Every numeric column is
also checked for infinite values. The stand-in generators are checked against the same
contracts, so the chapter code sees one schema whatever the data mode. Nothing here writes
to ``data/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from livingpapers.toolkit.paths import raw_dir
from livingpapers.toolkit.render import relative_to_root

MAX_EXAMPLES = 5
Rule = Callable[[pd.DataFrame, str], list[str]]  # (frame, file label) -> problems
TablesCheck = Callable[[dict[str, pd.DataFrame]], list[str]]  # checks across files, after each file's own


class DataContractError(ValueError):
    """Data break their contract. The message lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("the data do not meet their contract:\n- " + "\n- ".join(problems))


def raise_problems(problems: list[str]) -> None:
    """Raise one :class:`DataContractError` if there is any problem (collect first, then call this)."""
    if problems:
        raise DataContractError(problems)


@dataclass(frozen=True)
class TableContract:
    """One input table: file name, pandera schema (columns, dtypes, checks), key columns and rules.

    ``rules`` are callables ``rule(frame, label) -> list[str]`` run after the schema, e.g.
    ``functools.partial(require_rows, column="iso3", values=["CHN"])``.
    """

    name: str
    filename: str
    schema: pa.DataFrameSchema
    keys: tuple[str, ...]
    description: str = ""
    optional: bool = False  # a missing optional file is not an error; read_real leaves it out
    rules: tuple[Rule, ...] = ()

    def columns(self) -> list[str]:
        return list(self.schema.columns)

    def numeric_columns(self) -> list[str]:
        return [name for name, column in self.schema.columns.items() if _is_numeric(column.dtype)]


def table_contract(
    name: str,
    columns: dict[str, pa.Column],
    keys: tuple[str, ...],
    description: str,
    *,
    filename: str | None = None,
    checks: Sequence[pa.Check] = (),
    optional: bool = False,
    **schema_options,
) -> TableContract:
    """A :class:`TableContract` for ``<name>.csv`` (or ``filename``): its columns, table-wide checks and
    pandera options (``coerce``, ``strict``) in one call, so a study declares only what is its own."""
    schema = pa.DataFrameSchema(columns, checks=list(checks) or None, **schema_options)
    return TableContract(name, filename or f"{name}.csv", schema, tuple(keys), description, optional)


def _is_numeric(dtype) -> bool:
    try:
        return dtype is not None and np.issubdtype(np.dtype(str(dtype)), np.number)
    except TypeError:
        return False


# --------------------------------------------------------------------------- describing failures
def file_lines(index: Iterable) -> list[int]:
    """File line numbers of frame rows (row 0 is line 2: the header is line 1)."""
    return [int(i) + 2 for i in index if pd.notna(i)]


def _where(lines: list[int]) -> str:
    if not lines:
        return ""
    more = f" and {len(lines) - MAX_EXAMPLES} more" if len(lines) > MAX_EXAMPLES else ""
    return f" at file line(s) {lines[:MAX_EXAMPLES]}{more}"


def _values(values: Iterable) -> str:
    """The distinct values, each once, quoted, at most MAX_EXAMPLES of them."""
    distinct = list(dict.fromkeys(str(v) for v in values))
    shown = ", ".join(repr(v) for v in distinct[:MAX_EXAMPLES])
    more = f" and {len(distinct) - MAX_EXAMPLES} more" if len(distinct) > MAX_EXAMPLES else ""
    return f"{shown}{more}"


def _rows(n: int) -> str:
    return f"{n} row(s)"


def _kind(check: str) -> str:
    """'coerce_dtype('int64')' -> 'whole numbers'."""
    if "int" in check:
        return "whole numbers"
    if "float" in check:
        return "numbers"
    if "bool" in check:
        return "true/false values"
    return check.split("(", 1)[-1].rstrip(")").strip("'") + " values"


def _is_type_check(check: str) -> bool:
    return check.startswith(("coerce_dtype(", "dtype("))


def _describe_failures(err: SchemaErrors, label: str) -> list[str]:
    """Turn pandera's failure cases into one line per problem, each failing value named once."""
    cases = err.failure_cases.copy()
    cases["check"] = cases["check"].astype(str)
    problems = []
    missing = cases.loc[cases["check"] == "column_in_dataframe", "failure_case"].astype(str).tolist()
    problems += [f"{label}: required column {name!r} is missing" for name in dict.fromkeys(missing)]
    typed = cases[cases["check"].map(_is_type_check)]
    bad_type = set()
    for column, group in typed.groupby("column", sort=True):
        bad_type.add(column)
        rows = group.drop_duplicates("index")
        check = sorted(group["check"].unique())[0]  # coerce_dtype(...) before dtype(...)
        problems.append(
            f"{label}: column {column!r} fails {check} (it must hold {_kind(check)}) in {_rows(len(rows))}"
            f"{_where(file_lines(rows['index']))}; values {_values(rows['failure_case'])}"
        )
    table = cases["schema_context"].eq("DataFrameSchema") & ~cases["check"].str.startswith("column_in_")
    for check, group in cases[table].groupby("check", sort=True):
        rows = sorted(set(group["index"].dropna().astype(int)))
        problems.append(f"{label}: {_rows(len(rows))} fail the table check {check!r}{_where(file_lines(rows))}")
    infinite = np.isinf(pd.to_numeric(cases["failure_case"], errors="coerce").astype(float))  # finite_problems
    column_checks = cases[~table & ~infinite & cases["column"].notna() & ~cases["check"].map(_is_type_check)]
    for (column, check), group in column_checks.groupby(["column", "check"], sort=True):
        if column in bad_type or check.startswith("column_in_"):
            continue  # a column that is not of its type cannot be checked further; reported above
        rows = group.drop_duplicates("index").sort_values("index")
        if check == "not_nullable":
            where = ": the column is empty" if len(rows) == len(err.data) else _where(file_lines(rows["index"]))
            problems.append(f"{label}: column {column!r} must not be blank; {_rows(len(rows))} are blank{where}")
            continue
        problems.append(
            f"{label}: column {column!r} fails {check} in {_rows(len(rows))}"
            f"{_where(file_lines(rows['index']))}; values {_values(rows['failure_case'])}"
        )
    return problems


# --------------------------------------------------------------------------- generic rules
def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as numbers; values that are not numbers become NaN (the schema reports them)."""
    return pd.to_numeric(frame[column], errors="coerce")


def finite_problems(frame: pd.DataFrame, columns: Sequence[str], label: str = "data") -> list[str]:
    """Infinite values (``inf``, ``-inf``) in numeric columns: never valid data."""
    problems = []
    for column in columns:
        if column not in frame.columns:
            continue
        values = _numbers(frame, column)
        bad = values[np.isinf(values.to_numpy(dtype=float, na_value=np.nan))]
        if len(bad):
            problems.append(
                f"{label}: column {column!r} holds infinite values in {_rows(len(bad))}"
                f"{_where(file_lines(bad.index))}: {_values(frame.loc[bad.index, column])}"
            )
    return problems


def value_range(
    frame: pd.DataFrame,
    column: str,
    minimum: float | None = None,
    maximum: float | None = None,
    *,
    label: str = "data",
    what: str = "",
) -> list[str]:
    """Values of ``column`` outside ``[minimum, maximum]`` (blanks and non-numbers are left to the schema)."""
    if column not in frame.columns:
        return []
    values = _numbers(frame, column)
    low = values < minimum if minimum is not None else False
    high = values > maximum if maximum is not None else False
    bad = values[low | high]
    if not len(bad):
        return []
    bounds = " to ".join(str(b) for b in (minimum, maximum) if b is not None)
    allowed = (
        bounds if minimum is not None and maximum is not None else f"{'≥' if minimum is not None else '≤'} {bounds}"
    )
    return [
        f"{label}: column {column!r}{f' ({what})' if what else ''} must lie in {allowed}; {_rows(len(bad))} do not"
        f"{_where(file_lines(bad.index))}: {_values(frame.loc[bad.index, column])}"
    ]


def integer_years(
    frame: pd.DataFrame, column: str, first: int, last: int, *, label: str = "data", nullable: bool = False
) -> list[str]:
    """Years that are not whole numbers or lie outside ``first``-``last`` (each distinct value once)."""
    if column not in frame.columns:
        return []
    raw = frame[column]
    values = _numbers(frame, column)
    blank = raw.isna() | raw.astype(str).str.strip().isin(["", "nan", "None"])
    unreadable = values.isna() & ~blank
    fractional = values.notna() & (values % 1 != 0)
    outside = values.notna() & ~fractional & ((values < first) | (values > last))
    problems = []
    for mask, what in (
        (unreadable, "are not numbers"),
        (fractional, "are not whole years"),
        (outside, f"lie outside the sample years {first}-{last}"),
        (blank if not nullable else pd.Series(False, index=frame.index), "are blank"),
    ):
        if mask.any():
            rows = frame.index[mask]
            problems.append(
                f"{label}: column {column!r}: {_rows(len(rows))} {what}{_where(file_lines(rows))}: {_values(raw[mask])}"
            )
    return problems


def require_rows(
    frame: pd.DataFrame, column: str, values: Iterable, *, label: str = "data", why: str = ""
) -> list[str]:
    """Every one of ``values`` must appear in ``column`` (e.g. the reporting country's own rows)."""
    if column not in frame.columns:
        return []
    present = set(frame[column].astype(str))
    missing = [v for v in values if str(v) not in present]
    if not missing:
        return []
    return [f"{label}: no rows with {column} = {_values(missing)}{f' ({why})' if why else ''}"]


def full_coverage(
    frame: pd.DataFrame, column: str, expected: Iterable, *, label: str = "data", what: str = "values"
) -> list[str]:
    """``column`` must cover every item of ``expected`` (a partial list is refused, with the count)."""
    if column not in frame.columns:
        return []
    expected = list(dict.fromkeys(str(v) for v in expected))
    present = set(frame[column].astype(str))
    missing = [v for v in expected if v not in present]
    if not missing:
        return []
    return [
        f"{label}: column {column!r} covers {len(expected) - len(missing)} of the {len(expected)} {what}; "
        f"missing {len(missing)}: {_values(missing)}"
    ]


def balanced_panel(
    frame: pd.DataFrame, unit: str, time: str, periods: Iterable | None = None, *, label: str = "data"
) -> list[str]:
    """Every unit must have a row for every period (those of the data, or ``periods``)."""
    if unit not in frame.columns or time not in frame.columns or frame.empty:
        return []
    wanted = (
        list(dict.fromkeys(str(p) for p in periods)) if periods is not None else sorted(set(frame[time].astype(str)))
    )
    have = frame.assign(_t=frame[time].astype(str)).groupby(frame[unit].astype(str))["_t"].agg(set)
    gaps = {u: [p for p in wanted if p not in seen] for u, seen in have.items()}
    gaps = {u: missing for u, missing in gaps.items() if missing}
    if not gaps:
        return []
    examples = "; ".join(f"{u} lacks {', '.join(m[:MAX_EXAMPLES])}" for u, m in list(gaps.items())[:MAX_EXAMPLES])
    return [
        f"{label}: the panel is unbalanced: {len(gaps)} of {len(have)} {unit} value(s) lack some of the "
        f"{len(wanted)} {time} values (e.g. {examples})"
    ]


# --------------------------------------------------------------------------- validating and reading
def validate(frame: pd.DataFrame, contract: TableContract, label: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Check a frame against its contract; return the coerced frame and every problem found."""
    label = label or contract.filename
    if frame.empty:
        return frame, [f"{label}: no data rows (expected columns: {', '.join(contract.columns())})"]
    problems = []
    try:
        frame = contract.schema.validate(frame, lazy=True)
    except SchemaErrors as err:
        problems += _describe_failures(err, label)
    problems += finite_problems(frame, contract.numeric_columns(), label)
    present = [k for k in contract.keys if k in frame.columns]
    if len(present) == len(contract.keys):
        dup = frame[frame.duplicated(list(contract.keys), keep=False)]
        if len(dup):
            examples = dup[list(contract.keys)].drop_duplicates().head(MAX_EXAMPLES).to_dict("records")
            problems.append(
                f"{label}: {len(dup)} rows share a key ({', '.join(contract.keys)}){_where(file_lines(dup.index))}; "
                f"e.g. {examples}"
            )
    for rule in contract.rules:
        problems += rule(frame, label=label)
    return frame, problems


def check_frame(frame: pd.DataFrame, contract: TableContract) -> pd.DataFrame:
    """Validate a frame (e.g. a stand-in) and raise if it breaks the contract."""
    frame, problems = validate(frame, contract)
    raise_problems(problems)
    return frame


def read_table(path: Path, contract: TableContract) -> tuple[pd.DataFrame | None, list[str]]:
    """Read one CSV as text cells; return (frame or None, problems). Never raises for bad files."""
    label = relative_to_root(path)
    expected = f"expected columns: {', '.join(contract.columns())}"
    if path.is_dir():
        return None, [f"{label}: is a directory, not a file ({expected})"]
    if not path.exists():
        return None, [f"{label}: file not found ({expected}; see {relative_to_root(path.parent / 'README.md')})"]
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except pd.errors.EmptyDataError:
        return None, [f"{label}: the file is empty ({expected})"]
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        return None, [f"{label}: not a readable UTF-8 CSV ({' '.join(str(err).split())})"]
    except OSError as err:
        return None, [f"{label}: cannot be read ({err.strerror or err})"]
    if frame.empty:
        return None, [f"{label}: has a header but no data rows ({expected})"]
    return frame, []


def file_label(slug: str, filename: str, directory: Path | None = None) -> str:
    """How :func:`read_real` names a file in its messages (cross-file checks name files the same way)."""
    return relative_to_root((directory or raw_dir(slug)) / filename)


def read_real(
    slug: str,
    contracts: list[TableContract],
    directory: Path | None = None,
    checks: Sequence[TablesCheck] = (),
) -> dict[str, pd.DataFrame]:
    """Read and validate every file a study needs from ``data/raw/<slug>/``.

    Returns the frames by contract name; an optional file that is absent is simply not in
    the result. ``checks`` look across files (e.g. a treatment list covering the panel's
    units); each gets the tables read so far and returns problems.

    All files are checked before anything is returned, so the user sees every problem in
    one message, not the first one only.
    """
    directory = directory or raw_dir(slug)
    tables, problems = {}, []
    for contract in contracts:
        path = directory / contract.filename
        if contract.optional and not path.exists():
            continue
        raw, found = read_table(path, contract)
        problems += found
        if raw is None:
            continue
        frame, found = validate(raw, contract, file_label(slug, contract.filename, directory))
        problems += found
        tables[contract.name] = frame
    for check in checks:
        problems += check(tables)
    raise_problems(problems)
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
    raise_problems(problems)
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
