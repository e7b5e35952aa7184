"""Every claim of ``data/published/rta_digital_trade.yml`` recorded from :class:`~.analysis.Results`
(issue 12 API): which table cell checks which qualitative claim (spec §7), the Table 2 orderings,
the paper's own arithmetic and the IV diagnostics.

Bases: ``paper`` for the arithmetic on the paper's own counts (C16-C20, read from the YAML;
C17 is inconsistent in the paper), ``facts`` for the 133 curated importers (C1) and the outside
statistic C21, and the run's data basis (``standin`` or ``real``) for everything computed from
the panel and the codings. On the stand-in every effect was planted from the paper (positive
where it finds an effect, zero where it finds none; ``standin.PLANTED``) and the six published
depths are coding targets, so each stand-in claim carries ``Planted(..., from_paper=True)``,
except the synthetic-IV diagnostics, for which nothing was planted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from livingpapers.studies.rta_digital_trade import data
from livingpapers.studies.rta_digital_trade.depth import ASPECTS
from livingpapers.studies.rta_digital_trade.estimation import STOCK_YOGO_10
from livingpapers.toolkit.claims import Ledger, Planted
from livingpapers.toolkit.tables import coefficients

if TYPE_CHECKING:  # analysis imports beyond, which imports this module's rule
    from livingpapers.studies.rta_digital_trade.analysis import Results

SIG = 0.10  # "sig" means p < 0.10, the weakest star level of the paper's note
DESIGNED = Planted(None, from_paper=True)  # the stand-in was built so that the claim holds
NOT_PLANTED = Planted(None, from_paper=False)
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


def estimate(fits: list, column: int, variable: str) -> tuple[float, float, float]:
    """(coef, se, p) of ``variable`` in column ``column`` (0-based) of a table's fits."""
    row = coefficients(fits[column]).loc[variable]
    return float(row["coef"]), float(row["se"]), float(row["p"])


def record_cells(ledger: Ledger, fits: dict[str, list], basis: str) -> None:
    """Record every table-cell claim of :data:`CELL_CHECKS` from this run's regressions."""
    for claim_id, (key, column, variable, expectation) in CELL_CHECKS.items():
        coef, se, p = estimate(fits[key], column, variable)
        ledger.record_check(claim_id, holds(coef, p, expectation), shown(coef, se, p), basis=basis, planted=DESIGNED)


def sector_summary(table9: list) -> tuple[bool, str]:
    """C86: trade creation in all sectors but SK; extended gravity in SH, SI, SJ, SK only."""
    order = ["SH", "SI", "SJ", "SG", "SF", "SK"]
    creation = [k for i, k in enumerate(order) if holds(*_cp(table9, i, "rtadepth"), "+")]
    gravity = [k for i, k in enumerate(order) if holds(*_cp(table9, i, "other"), "+")]
    ok = sorted(creation) == sorted(["SH", "SI", "SJ", "SG", "SF"]) and sorted(gravity) == sorted(
        ["SH", "SI", "SJ", "SK"]
    )
    return ok, f"trade creation: {', '.join(creation) or 'none'}; extended gravity: {', '.join(gravity) or 'none'}"


def _cp(fits: list, column: int, variable: str) -> tuple[float, float]:
    coef, _, p = estimate(fits, column, variable)
    return coef, p


def table2_checks(table2: pd.DataFrame, scores: dict | None) -> dict[str, tuple[bool, str]]:
    """The ordering claims C8-C15 evaluated on the rebuilt Table 2."""
    d = table2["depth"]
    china = table2[table2["china"] == 1]
    others = china.drop(index="RCEP")
    bench = d.loc[list(data.BENCHMARKS)]
    early = china[china["signed"].dt.year < 2014]
    zeros = (early[["g1", "g4", "g5"]] == 0).all(axis=1).mean()
    earlier = china[china["signed"] < china.loc["CN_KOR", "signed"]]
    cbdf = "not checkable without aspect codings"
    if scores is not None:
        item = (ASPECTS["item"] == "cross_border_data_flows").to_numpy()
        cbdf_zero = all(scores[a][item].sum() == 0 for a in ("CN_KOR", "CN_AUS"))
        cbdf = f"cross-border data-flow aspects all 0 in Korea and Australia: {cbdf_zero}"
    first_ecom = china[china["ecommerce"] == 1]["signed"].min() == china.loc[["CN_KOR", "CN_AUS"], "signed"].min()
    return {
        "C8": (
            d.loc["RCEP"] == china["depth"].max(),
            f"RCEP {d.loc['RCEP']:.3f}; next deepest {others['depth'].max():.3f}",
        ),
        "C9": (
            others["depth"].max() < bench.min(),
            f"max other Chinese {others['depth'].max():.3f} < min template {bench.min():.3f}",
        ),
        "C10": (
            d.loc["RCEP"] > max(d.loc["EU_JPN"], d.loc["EU_GBR"]),
            f"RCEP {d.loc['RCEP']:.3f}; EU-JP {d.loc['EU_JPN']:.3f}; EU-UK {d.loc['EU_GBR']:.3f}",
        ),
        "C11": (
            d.loc["RCEP"] < d.loc["CPTPP"] < d.loc["USMCA"],
            f"{d.loc['RCEP']:.3f} < {d.loc['CPTPP']:.3f} < {d.loc['USMCA']:.3f}",
        ),
        "C12": (
            table2.loc["RCEP", "g4"] == 0 and table2.loc["CPTPP", "g4"] > 0 and table2.loc["USMCA", "g4"] > 0,
            f"G4: RCEP {table2.loc['RCEP', 'g4']:.3f}, CPTPP {table2.loc['CPTPP', 'g4']:.3f}, USMCA {table2.loc['USMCA', 'g4']:.3f}",
        ),
        "C13": (
            bool(first_ecom) and (scores is None or "True" in cbdf),
            f"first e-commerce chapters (facts): {bool(first_ecom)}; {cbdf}",
        ),
        "C14": (zeros >= 0.5, f"{zeros:.0%} of the {len(early)} pre-2014 agreements have G1 = G4 = G5 = 0"),
        "C15": (
            d.loc["CN_KOR"] > d.loc["CN_AUS"] > earlier["depth"].max(),
            f"Korea {d.loc['CN_KOR']:.3f} > Australia {d.loc['CN_AUS']:.3f} > earlier max {earlier['depth'].max():.3f}",
        ),
    }


def record_all(ledger: Ledger, r: Results) -> None:
    """Record every claim: Table 2 depths and orderings, the paper's arithmetic, Tables 3-10."""
    basis = ledger.data_basis
    for (
        agreement,
        claim_id,
    ) in data.PUBLISHED_DEPTH_CLAIMS.items():  # on the stand-in: coding targets set at these depths
        target = Planted(ledger.claim(claim_id).value, from_paper=True)
        ledger.record_number(claim_id, r.table2.loc[agreement, "depth"], basis=basis, planted=target)
    for claim_id, (passed, shown_) in table2_checks(r.table2, r.inputs.codings).items():
        ledger.record_check(claim_id, passed, shown_, basis=basis, planted=DESIGNED)
    ledger.record_number("C1", r.panel["iso3"].nunique(), basis="facts" if r.simulated else basis)
    record_arithmetic(ledger)
    ledger.record_not_computed(
        "C21", "a statistic of the 2024 digital-trade report; no independent source in this build", basis="facts"
    )
    record_cells(ledger, r.fits, basis)
    iv = r.iv
    ledger.record_check(
        "C56", iv.kp_lm[2] < SIG, f"KP rk LM = {iv.kp_lm[0]:.2f}, p = {iv.kp_lm[2]:.3f}", basis, NOT_PLANTED
    )
    ledger.record_check(
        "C57", iv.cd_f > STOCK_YOGO_10, f"CD Wald F = {iv.cd_f:.2f} vs {STOCK_YOGO_10}", basis, NOT_PLANTED
    )
    first = [estimate(r.fits["t7"], 0, "rtadepth_iv"), estimate(r.fits["t7"], 1, "other_iv")]
    ledger.record_check(
        "C60", all(holds(c, p, "+") for c, _, p in first), "; ".join(shown(*e) for e in first), basis, NOT_PLANTED
    )
    t8 = [estimate(r.fits["t8"], k, "rtadepth") for k in (4, 5)]
    ledger.record_check(
        "C73", all(holds(c, p, "+") for c, _, p in t8), "; ".join(shown(*e) for e in t8), basis, DESIGNED
    )
    ledger.record_check("C86", *sector_summary(r.fits["t9"]), basis=basis, planted=DESIGNED)
    if r.claims_design is not None:
        ledger.record_designs(r.claims_design)


def _share(part: float, whole: float) -> float:
    return 100 * part / whole


def record_arithmetic(ledger: Ledger) -> None:
    """C16-C20: the paper's counts and shares, every number read from the published file (basis ``paper``)."""
    value = {cid: ledger.claim(cid).published_values for cid in ("C16", "C17", "C18", "C19", "C20")}
    total, part, share = value["C16"]
    ledger.record_check(
        "C16",
        round(_share(part, total), 2) == share,
        f"{part:g} / {total:g} = {_share(part, total):.2f} %",
        basis="paper",
    )
    total, part, stated = value["C17"]
    ledger.record_inconsistent(
        "C17",
        f"{part:g} / {total:g} = {_share(part, total):.2f} %, not {stated:g} %",
        note="Notes: arithmetic in §3 (spec §10.24)",
    )
    total, part, floor = value["C18"]
    ledger.record_check(
        "C18", _share(part, total) > floor, f"{part:g} / {total:g} = {_share(part, total):.1f} % > {floor:g} %", "paper"
    )
    rtas, _, ecommerce, ecommerce_share, promotion, promotion_share = value["C19"]
    ledger.record_check(
        "C19",
        round(_share(ecommerce, rtas), 2) == ecommerce_share and round(_share(promotion, rtas), 2) == promotion_share,
        f"{ecommerce:g} / {rtas:g} = {_share(ecommerce, rtas):.2f} %; {promotion:g} / {rtas:g} = "
        f"{_share(promotion, rtas):.2f} %",
        basis="paper",
    )
    *stages, total = value["C20"]
    ledger.record_check(
        "C20",
        sum(stages) == total,
        f"{' + '.join(f'{x:g}' for x in stages)} = {sum(stages):g} agreements (so stage 1 counts agreements)",
        basis="paper",
    )
