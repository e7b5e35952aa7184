"""Column renaming for formula-based libraries (pyfixest), so any column name works.

pyfixest parses formulas: a column called ``"log wage"`` or ``"y-1"`` would break or, worse, be
read as an expression. The methods copy the columns they need into a frame with safe names
(``v0``, ``v1``, ...) and translate results back to the user's names.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


class SafeFrame:
    """The named columns of ``data`` under safe names; :meth:`name` maps a user column to its safe name."""

    def __init__(self, data: pd.DataFrame, columns: Sequence[str]):
        unique = list(dict.fromkeys(columns))
        self.safe = {c: f"v{i}" for i, c in enumerate(unique)}
        self.user = {s: c for c, s in self.safe.items()}
        self.frame = pd.DataFrame({self.safe[c]: data[c].to_numpy() for c in unique})

    def name(self, column: str) -> str:
        return self.safe[column]

    def names(self, columns: Sequence[str]) -> list[str]:
        return [self.safe[c] for c in columns]

    def rhs(self, columns: Sequence[str]) -> str:
        """``"v1 + v2"`` for a right-hand side (``"1"`` when there is nothing)."""
        return " + ".join(self.names(columns)) or "1"

    def back(self, name: str) -> str:
        """The user's name for a safe name (names pyfixest made up are returned unchanged)."""
        return self.user.get(name, name)
