"""Computed evidence for the notes on the paper's inconsistencies (spec §10, items 1-18).

Each function returns a small table or a sentence built from the paper's own numbers (read from
``data/published``) and, where useful, from this run. The notebook shows them under "Notes".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from livingpapers.studies.fund_herding.analysis import Results
from livingpapers.studies.fund_herding.data import published, published_claims

Z_LEVELS = (1.644854, 1.959964, 2.575829)


def table4_sums() -> pd.DataFrame:
    """Item 4: row and column sums of the printed Table 4 and the persistence after rescaling rows."""
    m = pd.DataFrame([[published(f"C{39 + a}.{b}") for b in range(1, 11)] for a in range(1, 11)],
                     index=range(1, 11), columns=range(1, 11))  # fmt: skip
    norm = m.div(m.sum(axis=1), axis=0)
    return pd.DataFrame(
        {
            "row sum": m.sum(axis=1),
            "column sum": m.sum(axis=0),
            "diagonal as printed": np.diag(m),
            "diagonal, rows rescaled": np.diag(norm),
        }  # fmt: skip
    ).rename_axis("decile")


def implied_volatility() -> pd.DataFrame:
    """Item 3: daily volatility that the gap between arithmetic and geometric maxima would need.

    For a fund-year, Rate_Ave − Rate_Geo ≈ σ²/2 (returns in decimals), so σ ≈ √(2 (Ave − Geo)).
    """
    rows = []
    for label, ave_id in (("Rate_Ave max vs Rate_Geo max", "C9.max"), ("Alfa_CAPM max vs Rate_Geo max", "C11.max"),
                          ("Rate_Ave mean vs Rate_Geo mean", "C9.mean")):  # fmt: skip
        geo_id = "C10.max" if ave_id.endswith("max") else "C10.mean"
        gap = (published(ave_id) - published(geo_id)) / 100
        rows.append({"comparison": label, "arithmetic (%/day)": published(ave_id), "geometric (%/day)": published(geo_id),
                     "implied daily volatility (%)": 100 * np.sqrt(2 * max(gap, 0))})  # fmt: skip
    return pd.DataFrame(rows).set_index("comparison")


def table11_stars() -> pd.DataFrame:
    """Item 9: Table 11's printed stars against the stars its printed t-values imply (two-sided normal)."""
    rows = []
    for cid, c in published_claims().items():
        if c.get("table") != "Table 11" or c["kind"] != "estimate":
            continue
        implied = sum(abs(c["t"]) > z for z in Z_LEVELS)
        rows.append({"claim": cid, "column": c["column"], "variable": c["variable"], "coefficient": c["value"],
                     "t": c["t"], "printed stars": "*" * c["stars"] or "none", "stars implied by t": "*" * implied or "none",
                     "agree": implied == c["stars"]})  # fmt: skip
    return pd.DataFrame(rows).set_index("claim")


def residual_sd_check() -> pd.DataFrame:
    """Item 13: residual SD implied by the key coefficient's t-value vs the one implied by R² and the SD of y.

    For iid OLS, se(b) ≈ σ / (SD(x) √N √(1 − R²ₓ)); with SD(x) = 1 and R²ₓ ignored, σ ≈ se √N. The ratio
    near 1.1 in every column fits iid (or HC) standard errors, not clustered ones.
    """
    n = published("C3")
    rows = []
    for col, (cid, sd_id) in enumerate((("C58", "C9.sd"), ("C59", "C10.sd"), ("C60", "C11.sd"), ("C61", "C9.sd"),
                                        ("C62", "C10.sd"), ("C63", "C11.sd")), start=1):  # fmt: skip
        c = published_claims()[cid]
        se = abs(c["value"] / c["t"])
        from_t = se * np.sqrt(n)
        from_r2 = published(sd_id) * np.sqrt(1 - published(f"C65.r2.{col}"))
        rows.append({"column": f"({col})", "SE from t": se, "σ implied by t": from_t, "σ implied by R²": from_r2,
                     "ratio": from_t / from_r2})  # fmt: skip
    return pd.DataFrame(rows).set_index("column")


def timing_units(results: Results) -> pd.DataFrame:
    """Item 11 (computed): the quadratic and dummy timing coefficients differ by a factor that reveals units.

    With normal market returns of SD σ, the quadratic model's β₂ ≈ γ / (2 √(2π) σ) where γ is the dummy
    model's β₂. The paper's ratio T_HM / T_TM of Overlap_S coefficients implies σ; a σ near 0.015 means the
    quadratic regression used decimal returns while its other outputs are in percent.
    """
    t_hm, t_tm = published("C95.t_hm"), published("C95.t_tm")
    ratio = t_hm / t_tm
    sigma = 1 / (2 * np.sqrt(2 * np.pi) * ratio)
    run = results.fits[("Table 11", "t_hm", "overlap_s", None, None)].coef["overlap_s"] / \
        results.fits[("Table 11", "t_tm", "overlap_s", None, None)].coef["overlap_s"]  # fmt: skip
    market = results.parts["return_vars"]
    return pd.DataFrame(
        {"T_HM / T_TM (Overlap_S)": [ratio, run], "implied market SD": [sigma, 1 / (2 * np.sqrt(2 * np.pi) * run)],
         "units of that SD": ["decimal (a daily SD of about one or two percent)", "percent (this run's returns are in %)"]},
        index=["paper", "this run"],
    ).assign(fund_years=[published("C3"), len(market)])  # fmt: skip


def prose_overstatements() -> pd.DataFrame:
    """Item 12: what the prose says and what Table 6 and Table 9 print."""
    c = published_claims()
    return pd.DataFrame(
        [
            {"prose": "Overlap_S significant at 1% for absolute and excess returns",
             "as printed": ", ".join(f"({k}) {'*' * c[f'C{57 + k}']['stars']}" for k in (1, 2, 3))},
            {"prose": "HHI significantly positive",
             "as printed": ", ".join(f"({k}) {'*' * c[f'C64.hhi.{k}']['stars'] or 'n.s.'}" for k in range(1, 7))},
            {"prose": "Size significantly negative",
             "as printed": ", ".join(f"({k}) {'*' * c[f'C64.size.{k}']['stars'] or 'n.s.'}" for k in range(1, 7))},
            {"prose": "Table 9: Overlap_I negative",
             "as printed": ", ".join(f"{g} {c[f'C{i}.{s}']['value']:+.4f}" for g, i in (("large", 82), ("medium", 84),
                                     ("small", 86)) for s in ("ave",))},
            {"prose": "Table 7, weak ability: (not discussed)",
             "as printed": f"Overlap_I {c['C68.ave']['value']:+.4f}{'*' * c['C68.ave']['stars']} (Rate_Ave), "
                           f"{c['C68.geo']['value']:+.4f}{'*' * c['C68.geo']['stars']} (Rate_Geo)"},
            {"prose": "Table 11: Overlap_S insignificantly positive for S_HM and S_TM",
             "as printed": f"S_HM {c['C95.s_hm']['value']:.3f} (t {c['C95.s_hm']['t']:.2f}); S_TM "
                           f"{c['C95.s_tm']['value']:.3f} (t {c['C95.s_tm']['t']:.2f})"},
        ]
    ).set_index("prose")  # fmt: skip


def table12_checks(results: Results) -> pd.DataFrame:
    """Item 15 and Table 12's arithmetic: shares, differences, counts; this run's lowest decile."""
    c = published_claims()
    rows = [
        {"check": "T-1 money shares sum", "paper": sum(c[f"C101.d{d}"]["value"] for d in range(1, 11))},
        {"check": "T money shares sum", "paper": sum(c[f"C103.d{d}"]["value"] for d in range(1, 11))},
        {
            "check": f"T return: decile 1 - decile 10 (printed {c['C102.diff']['value']:.2f})",
            "paper": c["C102.d1"]["value"] - c["C102.d10"]["value"],
        },
        {"check": "observations, total", "paper": sum(c[f"C107.d{d}"]["value"] for d in range(1, 11))},
        {"check": "mean holders in the lowest decile", "paper": c["C106.d1"]["value"]},
    ]
    frame = pd.DataFrame(rows).set_index("check")
    if results.table12 is not None:
        t = results.table12
        frame["this run"] = [t.loc["T-1 fund money share (%)"].sum(), t.loc["T fund money share (%)"].sum(),
                             results.table12_tests.loc["T annual return (%)", "difference"],
                             t.loc["Observations"].sum(), t.loc["Mean number of holding funds", 1]]  # fmt: skip
    return frame


def peer_set(results: Results) -> float:
    """Item 14: the share of the panel whose fund type differs from the majority type (how much a
    same-type peer set could matter)."""
    cats = results.parts["chars"]["category"].value_counts(normalize=True)
    return float(1 - cats.max())
