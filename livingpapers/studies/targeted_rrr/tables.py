"""Tables 1-4 in the paper's layout, this run's estimates beside the published ones."""

from __future__ import annotations

import pandas as pd

from livingpapers.studies.targeted_rrr.analysis import SAMPLES, Results
from livingpapers.toolkit.claims import load_claims, star_string, stars
from livingpapers.toolkit.tables import PaperTable, describe, from_frame

TITLES = {
    "table1": "Table 1 定向降准政策对小微贷款余额的影响 (targeted RRR and the small/micro loan balance; eq. 9)",
    "table2": "Table 2 定向降准政策对小微贷款余额占比的影响 (targeted RRR and the small/micro loan share; eq. 10)",
    "table3": "Table 3 银行数字化转型、定向降准与小微贷款余额占比 (digital transformation and the share; eq. 12)",
    "table4": "Table 4 银行数字化转型、定向降准与小微贷款余额 (digital transformation and the balance; eq. 11)",
}
ROWS = {  # regressor -> (label, claim id prefix) per table, in the paper's row order
    "table1": [("L1.lnsloan", "L.lnsloan", "C2"), ("TR", "TR", "C3"), ("SIZE", "SIZE", "C4"), ("NNI", "NNI", "C5"),
               ("NPL", "NPL", "C6"), ("ROA", "ROA", "C7"), ("M2", "M₂", "C8"), ("CPI", "CPI", "C9")],
    "table2": [("L1.slr", "L.slr", "C12"), ("TR", "TR", "C13")],
    "table3": [("L1.slr", "L.slr", "C16"), ("Fin", "Fin", "C17"), ("FinTR", "Fin*TR", "C18"), ("TR", "TR", "C19")],
    "table4": [("L1.lnsloan", "L.lnsloan", "C21"), ("Fin", "Fin", "C22"), ("FinTR", "Fin*TR", "C23"), ("TR", "TR", "C24")],
}  # fmt: skip
DIAGNOSTICS = {"table1": "C10", "table2": "C14", "table3": "C20", "table4": "C25"}
COLUMNS = ["(1) Full sample", "(2) Large banks", "(3) Small and medium banks"]


def _claims() -> dict:
    return {c.id: c for c in load_claims("targeted_rrr")}


def _cell(coef: float, p: float, decimals: int = 3) -> str:
    return f"{coef:.{decimals}f}{star_string(stars(p))}"


def paper_table(results: Results, table: str, stand_in: bool) -> PaperTable:
    """One of Tables 1-4: this run's three columns, then the published three."""
    claims = _claims()
    rows: dict[str, list[str]] = {}
    for var, label, cid in ROWS[table]:
        top, bottom = [], []
        for s in SAMPLES:
            res = results.fits[table, s]
            top.append(_cell(res.params[var], res.pvalues[var]))
            bottom.append(f"({res.bse[var]:.3f})")
        for s in SAMPLES:
            c = claims[f"{cid}.{s}"]
            top.append(f"{c.value:.3f}{star_string(c.stars)}")
            bottom.append(f"({c.se:.3f})")
        rows[label], rows[f"{label} (SE)"] = top, bottom
    if table != "table1":
        rows["Controls (SIZE, NNI, NPL, ROA, M₂, CPI)"] = ["Yes"] * 6
    fits = [results.fits[table, s] for s in SAMPLES]
    d = DIAGNOSTICS[table]
    rows["Observations"] = [str(f.nobs) for f in fits] + [f"{claims[f'C1.{s}'].value:g}" for s in SAMPLES]
    rows["AR1 (p)"] = [f"{f.ar[1][1]:.3f}" for f in fits] + [f"{claims[f'{d}.ar1.{s}'].value:.3f}" for s in SAMPLES]
    rows["AR2 (p)"] = [f"{f.ar[2][1]:.3f}" for f in fits] + [f"{claims[f'{d}.ar2.{s}'].value:.3f}" for s in SAMPLES]
    rows["Hansen J (p)"] = [f"{f.hansen[2]:.3f}" for f in fits] + [
        f"{claims[f'{d}.hansen.{s}'].value:.3f}" for s in SAMPLES
    ]
    rows["Instruments"] = [str(f.n_instruments) for f in fits] + ["not reported"] * 3
    banks = {c: claims[f"C31.{c}"].value for c in ("banks", "state", "joint", "cityrural")}
    published_banks = (banks["banks"], banks["state"] + banks["joint"], banks["cityrural"])  # full, large, SMB
    rows["Banks"] = [str(f.n_groups) for f in fits] + [f"{b:g}" for b in published_banks]
    cols = [f"{c}, this run" for c in COLUMNS] + [f"{c}, published" for c in COLUMNS]
    frame = pd.DataFrame(rows, index=cols).T
    mark = "[R] Stand-in data: these estimates demonstrate the method, they are not evidence. " if stand_in else ""
    notes = (
        f"{mark}Difference GMM (Arellano-Bond), two-step with Windmeijer-corrected robust standard errors in "
        "parentheses; lags 2-3 of the dependent variable as collapsed GMM-style instruments, the other regressors "
        "instrument themselves in differences. Bank controls lagged one year, M₂ and CPI contemporaneous. "
        "* p < 0.10, ** p < 0.05, *** p < 0.01 (normal p-values). Published columns: the paper's §4, "
        f"{table.replace('table', 'Table ')}; the paper reports neither its instrument set nor its instrument count."
    )
    return PaperTable(TITLES[table], frame, notes, stub_name="Variable", from_data=True)


def descriptives(results: Results, group: str) -> PaperTable:
    panel = results.panel
    sub = panel[panel["large"] == (group == "large")]
    labels = {"lnsloan": "lnsloan (log small/micro loans)", "slr": "slr (small/micro loans / total assets)",
              "slr_loans": "small/micro loans / total loans", "fin": "Fin (log digital-transformation index)",
              "SIZE": "SIZE (lagged log assets)", "ROA": "ROA (lagged)", "NPL": "NPL, % (lagged)",
              "NNI": "NNI (lagged)", "TR": "TR", "CPI": "CPI, %", "M2": "M₂ growth, %"}  # fmt: skip
    name = "large banks" if group == "large" else "small and medium banks"
    return describe(sub, labels, f"Descriptive statistics, {name} (the paper prints none)")


def tr_table(results: Results) -> PaperTable:
    ev = results.shocks[["event", "date", "rate_before", "rate_after", "v", "shock", "w_a", "w_b"]].copy()
    ev.columns = [
        "Event",
        "Effective date",
        "Rate day before, %",
        "Rate day after, %",
        "v(k)",
        "ε_k, pp",
        "wᵃ(k)",
        "wᵇ(k)",
    ]
    ev = ev.set_index("Event")
    for c in ev.columns[1:]:
        ev[c] = ev[c].map(lambda x: f"{x:.3f}")
    return from_frame(ev, "Targeted RRR events and their shocks (eqs. 13-14)", stub_name="Event")


def variants_table(results: Results) -> PaperTable:
    frame = results.tr_variants.map(lambda x: f"{x:.3f}")
    frame.index = frame.index.astype(str)
    return from_frame(
        frame, "Annual TR under the paper's construction and the sensitivity variants (spec §8.2)", stub_name="Year"
    )
