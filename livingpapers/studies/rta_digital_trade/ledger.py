"""Which table cell checks which qualitative claim (spec §7), and the recording of all of them."""

from __future__ import annotations

from livingpapers.toolkit.claims import Ledger
from livingpapers.toolkit.tables import RegressionTable

SIG = 0.10  # "sig" means p < 0.10, the weakest star level of the paper's note
# claim id -> (table key, 0-based column, variable, expectation: "+", "-" (significant) or "ns")
CELL_CHECKS: dict[str, tuple[str, int, str, str]] = {
    "C22": ("t3", 0, "rtadepth", "+"),
    "C23": ("t3", 1, "rtadepth", "+"),
    "C24": ("t3", 2, "rtadepth", "+"),
    "C25": ("t3", 2, "other", "+"),
    "C26": ("t3", 3, "rtadepth", "+"),
    "C27": ("t3", 3, "other", "+"),
    "C28": ("t4", 0, "irtadepth", "+"),
    "C29": ("t4", 0, "iother", "+"),
    "C30": ("t4", 1, "irtadepth", "+"),
    "C31": ("t4", 1, "iother", "+"),
    "C32": ("t4", 2, "rtadepth", "+"),
    "C33": ("t4", 2, "other", "+"),
    "C34": ("t4", 3, "rtadepth", "+"),
    "C35": ("t4", 3, "other", "+"),
    **{f"C{36 + 2 * k}": ("t5", k, "rtadepth", "+") for k in range(6)},
    **{f"C{37 + 2 * k}": ("t5", k, "other", "+") for k in range(6)},
    **{f"C{48 + 2 * k}": ("t6", k, f"L{k + 1}_rtadepth", "+") for k in range(4)},
    **{f"C{49 + 2 * k}": ("t6", k, f"L{k + 1}_other", "+") for k in range(4)},
    "C58": ("t7", 2, "rtadepth", "+"),
    "C59": ("t7", 2, "other", "+"),
    "C61": ("t8", 0, "rtadepth", "+"),
    "C62": ("t8", 0, "other", "+"),
    "C63": ("t8", 1, "rtadepth", "+"),
    "C64": ("t8", 1, "other", "+"),
    "C65": ("t8", 2, "rtadepth", "+"),
    "C66": ("t8", 2, "other", "ns"),
    "C67": ("t8", 3, "rtadepth", "+"),
    "C68": ("t8", 3, "other", "ns"),
    "C69": ("t8", 4, "dis", "ns"),
    "C70": ("t8", 4, "ndis", "+"),
    "C71": ("t8", 5, "dis", "ns"),
    "C72": ("t8", 5, "ndis", "+"),
    # Table 9 columns: SH, SI, SJ, SG, SF, SK
    "C74": ("t9", 4, "rtadepth", "+"),
    "C75": ("t9", 4, "other", "ns"),
    "C76": ("t9", 3, "rtadepth", "+"),
    "C77": ("t9", 3, "other", "ns"),
    "C78": ("t9", 0, "rtadepth", "+"),
    "C79": ("t9", 0, "other", "+"),
    "C80": ("t9", 1, "rtadepth", "+"),
    "C81": ("t9", 1, "other", "+"),
    "C82": ("t9", 5, "rtadepth", "ns"),
    "C83": ("t9", 5, "other", "+"),
    "C84": ("t9", 2, "rtadepth", "+"),
    "C85": ("t9", 2, "other", "+"),
    "C87": ("t10", 0, "rtadepth", "-"),
    "C88": ("t10", 1, "rtadepth", "-"),
    "C89": ("t10", 1, "other", "-"),
    "C90": ("t10", 2, "rtadepth", "+"),
    "C91": ("t10", 3, "rtadepth", "+"),
    "C92": ("t10", 3, "other", "+"),
}


def holds(coef: float, p: float, expectation: str) -> bool:
    """Does an estimate match a qualitative claim: significantly positive/negative, or not significant?"""
    if expectation == "ns":
        return p >= SIG
    return p < SIG and (coef > 0 if expectation == "+" else coef < 0)


def shown(coef: float, se: float, p: float) -> str:
    return f"{coef:.3f} (SE {se:.3f}, p = {p:.3f})"


def record_cells(ledger: Ledger, tables: dict[str, RegressionTable], basis: str) -> None:
    """Record every table-cell claim of :data:`CELL_CHECKS` from this run's tables."""
    for claim_id, (key, column, variable, expectation) in CELL_CHECKS.items():
        coef, se, p = tables[key].estimate(column, variable)
        ledger.record_check(claim_id, holds(coef, p, expectation), shown(coef, se, p), basis=basis)


def sector_summary(table9: RegressionTable) -> tuple[bool, str]:
    """C86: trade creation in all sectors but SK; extended gravity in SH, SI, SJ, SK only."""
    order = ["SH", "SI", "SJ", "SG", "SF", "SK"]
    creation = [k for i, k in enumerate(order) if holds(*_cp(table9, i, "rtadepth"), "+")]
    gravity = [k for i, k in enumerate(order) if holds(*_cp(table9, i, "other"), "+")]
    ok = sorted(creation) == sorted(["SH", "SI", "SJ", "SG", "SF"]) and sorted(gravity) == sorted(
        ["SH", "SI", "SJ", "SK"]
    )
    return ok, f"trade creation: {', '.join(creation) or 'none'}; extended gravity: {', '.join(gravity) or 'none'}"


def _cp(table: RegressionTable, column: int, variable: str) -> tuple[float, float]:
    coef, _, p = table.estimate(column, variable)
    return coef, p
