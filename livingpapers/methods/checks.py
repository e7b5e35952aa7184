"""Input checks shared by the methods: one clear error naming the problem.

Every estimator in :mod:`livingpapers.methods` takes a DataFrame and column names. These helpers
refuse what would otherwise give a wrong answer silently or a cryptic traceback: a missing
column, non-finite values, a duplicated unit-period, too few units or clusters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

Columns = str | Sequence[str]  # one column name or several (see :func:`as_list`)


class MethodInputError(ValueError):
    """Raised when the data or the column names given to a method cannot be used."""


def as_list(columns: str | Iterable[str] | None) -> list[str]:
    """A column argument as a list: ``None`` -> ``[]``, ``"x"`` -> ``["x"]``."""
    if columns is None:
        return []
    if isinstance(columns, str):
        return [columns]
    return list(columns)


def require_frame(data) -> None:
    if not isinstance(data, pd.DataFrame):
        raise MethodInputError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if data.empty:
        raise MethodInputError("data has no rows")


def require_columns(data: pd.DataFrame, columns: Sequence[str], role: str = "") -> None:
    """Every name in ``columns`` is a column of ``data`` (listing all that are not)."""
    require_frame(data)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        where = f" ({role})" if role else ""
        raise MethodInputError(f"column(s) not in data{where}: {', '.join(map(repr, missing))}")
    duplicated = sorted({c for c in columns if list(columns).count(c) > 1})
    if duplicated:
        raise MethodInputError(f"column(s) given twice: {', '.join(map(repr, duplicated))}")


def require_finite(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Numeric columns without NaN or infinite values (counts the bad rows per column)."""
    problems = []
    for c in columns:
        values = pd.to_numeric(data[c], errors="coerce").to_numpy(float)
        bad = int((~np.isfinite(values)).sum())
        if bad:
            problems.append(f"{c!r} ({bad} missing, non-numeric or infinite)")
    if problems:
        raise MethodInputError("non-finite values in " + "; ".join(problems) + ": drop or fill those rows first")


def require_no_missing(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Identifier columns (unit, time, cluster, fixed effects) without missing values."""
    bad = [f"{c!r} ({int(data[c].isna().sum())} missing)" for c in columns if data[c].isna().any()]
    if bad:
        raise MethodInputError("missing identifiers in " + "; ".join(bad))


def require_unique_cells(data: pd.DataFrame, unit: str, time: str) -> None:
    """At most one row per unit and period."""
    duplicated = data.duplicated([unit, time])
    if duplicated.any():
        example = data.loc[duplicated, [unit, time]].iloc[0].tolist()
        raise MethodInputError(
            f"{int(duplicated.sum())} duplicated ({unit}, {time}) rows, e.g. {example}: one row per unit and period"
        )


def require_count(n: int, minimum: int, what: str) -> None:
    if n < minimum:
        raise MethodInputError(f"too few {what}: {n} (at least {minimum} needed)")


def require_choice(value, allowed: Sequence, name: str) -> None:
    if value not in allowed:
        raise MethodInputError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")


def require_variables(data: pd.DataFrame, numeric: Sequence[str], ids: Sequence[str] = (), ids_role: str = "") -> None:
    """The checks every estimator needs: ``numeric`` columns (outcome, regressors, instruments)
    present and finite, identifier columns ``ids`` (fixed effects, clusters; named ``ids_role`` in
    the error) present and without missing values. A column may serve as several identifiers."""
    ids = list(dict.fromkeys(ids))
    require_columns(data, numeric)
    require_columns(data, [*numeric, *ids], ids_role)
    require_finite(data, numeric)
    require_no_missing(data, ids)


def check_panel(
    data: pd.DataFrame, numeric: Sequence[str], unit: str, time: str, extra_ids: Sequence[str] = ()
) -> None:
    """The checks every panel estimator needs: columns present, numbers finite, ids complete and unique."""
    require_variables(data, numeric, [unit, time, *extra_ids])
    require_unique_cells(data, unit, time)
    require_count(data[unit].nunique(), 2, f"units in {unit!r}")
    require_count(data[time].nunique(), 2, f"periods in {time!r}")


def is_balanced(data: pd.DataFrame, unit: str, time: str) -> bool:
    return len(data) == data[unit].nunique() * data[time].nunique()


def require_balanced(data: pd.DataFrame, unit: str, time: str, method: str) -> None:
    if not is_balanced(data, unit, time):
        counts = data.groupby(unit)[time].size()
        short = int((counts < data[time].nunique()).sum())
        raise MethodInputError(
            f"{method} needs a balanced panel: {short} of {len(counts)} units in {unit!r} miss some of the "
            f"{data[time].nunique()} periods in {time!r} (keep the units observed in every period, or fill the gaps)"
        )
