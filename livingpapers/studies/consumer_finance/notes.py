"""Computed evidence for the notes on the paper: the market-share base, the implied earlier levels,
the capital relief of the draft rule, and the citations against the reference list."""

from __future__ import annotations

import pandas as pd

from livingpapers.toolkit.tables import PaperTable, from_frame

from .analysis import (
    FAR_EXCEEDS_RATIO,
    compound,
    implied_earlier_levels,
    implied_market_tn,
    market_share_residual,
)
from .beyond import forecast_sensitivity, growth_for_target, retail_tilt_offset
from .data import TABLE2, bank_label
from .standin import PLANTED

CITED_IN_TEXT = {  # in-text citation as printed -> reference-list entry it should match
    "Zeldes, 1989": "[8] Zeldes S P, 1989",
    "Jappelli, 1989": "[9] Jappelli T, Pagano M, 1989",
    "李江一等, 2017": "[1] 李江一, 李涵, 2017",
    "伦德尔·卡尔, 2007": "[2] 伦德尔·卡尔德, 2007",
    "阮小莉等, 2017": "[6] 阮小莉, 彭嫦燕, 郭艳蕊, 2017",
    "王巧巧等, 2018": "[7] 王巧巧, 容玲, 傅联英, 2018",
    "李广子等, 2017": "[4] 李广子, 王健, 2017",
}

CITATION_REMARKS = {
    "Jappelli, 1989": "co-author Pagano omitted in the text",
    "伦德尔·卡尔, 2007": "name truncated: the list has 卡尔德 (Lendol Calder)",
    "李广子等, 2017": "'等' for a two-author paper",
}

UNCITED_REFERENCES = {
    "[3] 黄友星, 张珊珊, 赵艳平, 2023": "never cited; on host-country COVID and Chinese FDI location",
    "[5] 南永清, 孙煜, 2020": "never cited in the text",
}


def citation_table() -> PaperTable:
    """In-text citations (§1.2.1-1.2.2) against the reference list."""
    rows = [(cited, entry, CITATION_REMARKS.get(cited, "matches")) for cited, entry in CITED_IN_TEXT.items()]
    rows += [("(not cited)", entry, remark) for entry, remark in UNCITED_REFERENCES.items()]
    frame = pd.DataFrame(rows, columns=["Cited in the text as", "Reference-list entry", "Remark"])
    return from_frame(
        frame.set_index("Cited in the text as"),
        "Citations against the reference list",
        "Compared by hand from the seed text.",
        stub_name="Cited in the text as",
    )


def notes_evidence(n: dict) -> PaperTable:
    """Numbers computed here that bear on the Notes on the paper."""
    market = implied_market_tn(n)
    levels = implied_earlier_levels(n)
    share, credit, fold = (
        n["share_consumer_finance_companies"],
        n["consumer_credit_2021"],
        n["nev_growth_multiple_2021"],
    )
    old, new = n["card_risk_weight_old"], n["card_risk_weight_new"]
    rows = {
        f"Market implied by CFC assets / {share:g}%": f"{market:.1f} tn yuan vs {credit:g} tn narrow consumer credit (2021)",
        f"CFC assets as a share of {credit:g} tn": f"{n['cfc_total_assets'] / 10_000 / credit:.1%} "
        f"(text: about {share:g}%)",
        "Fig. 4 shares not allocated in the text": f"{market_share_residual(n):g}%",
        f"2020 NEV sales implied by '+{fold:g}-fold' (+{fold * 100:.0f}%)": f"{levels['nev_sales_2020'] / 100:.3f} "
        f"million (if read as x{fold:g}: {n['nev_sales_2021'] / fold / 100:.3f} million)",
        f"Capital relief of the draft rule ({old:g}% -> {new:g}%)": f"{1 - new / old:.0%} "
        "less risk-weighted assets on qualifying card exposures",
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["Computed here"])
    return from_frame(frame, "Evidence for the notes", "Arithmetic on the paper's own numbers.", stub_name="Quantity")


def _tn(value_100m_yuan: float) -> str:
    """An amount in 亿元 as trillions of yuan, as the prose writes it ('1 tn')."""
    return f"{value_100m_yuan / 10_000:g} tn"


def prose_numbers(results) -> dict[str, str]:
    """Every number the chapter's prose quotes, as display strings, for ``myst_nb.glue``.

    Each is read from the paper's printed numbers (the text numbers and Tables 1-2), the curated
    series or the stand-in's design, or computed from them, so no number is typed into the prose.
    """
    n, t1, t2 = results.numbers, results.table1, results.table2
    curated = results.nim_roa[~results.nim_roa["basis"].isin(["paper", "derived from paper"])]
    nim = curated[curated["indicator"] == "nim"].set_index("year")["value"]
    roa = curated[curated["indicator"] == "roa"].set_index("year")["value"]
    fall_bp = -n["nim_change_2022_bp"]
    levels = implied_earlier_levels(n)
    stated = 100 - market_share_residual(n)
    banks_share = n["share_credit_cards"] + n["share_bank_consumer_loans"]
    market = implied_market_tn(n)
    forecast = compound(n["consumer_credit_2021"], n["consumer_credit_growth_forecast"] / 100, 5)
    grid = forecast_sensitivity(n)
    steps = grid["balance_2026_tn"].diff().dropna() / grid["growth_pct"].diff().dropna()
    tilt = retail_tilt_offset(t1, fall_bp / 100)
    narrowest = tilt.drop("Mean of six")["spread_pp"].idxmin()
    retail = t1.set_index("bank")["retail_yield"]
    dated_by_year = t2["by_year"]
    latest_year = max(dated_by_year)
    new_residents = [str(i + 1) for i, title in enumerate(TABLE2["policy_zh"]) if "新市民" in title]
    from_paper = sorted({p.source for p in PLANTED if p.from_paper})
    return {
        "nim_2022": f"{n['nim_2022']:.2f}%",
        "nim_fall_bp": f"{fall_bp:g} bp",
        "roa_2022": f"{n['roa_2022']:.2f}%",
        "nim_2021_sum": f"{n['nim_2022']:.2f} + {fall_bp / 100:.2f} = {n['nim_2022'] + fall_bp / 100:.2f}",
        "nim_points": f"{len(curated)}",
        "nim_points_traced": f"{(curated['confidence'] != 'low').sum()}",
        "nim_points_unverified": f"{(curated['confidence'] == 'low').sum()}",
        "nim_2019": f"{nim.get(2019, float('nan')):.2f}%",
        "nim_2018": f"{nim.get(2018, float('nan')):.2f}%",
        "nim_2018_change": f"{(nim.get(2019, float('nan')) - nim.get(2018, float('nan'))) * 100:+.0f} bp",
        "roa_2020": f"{roa.get(2020, float('nan')):.2f}%",
        "roa_2021": f"{roa.get(2021, float('nan')):.2f}%",
        "retail_majority": f"{n['retail_share_threshold']:g}%",
        "card_floor": _tn(n["cmb_pingan_card_plus_consumer_floor"]),
        "far_exceeds": {2.0: "twice"}.get(FAR_EXCEEDS_RATIO, f"{FAR_EXCEEDS_RATIO:g} times"),
        "planted_claims": f"{len(from_paper)}",
        "planted_claim_ids": ", ".join(from_paper[:-1]) + f" and {from_paper[-1]}",
        "nev_growth_pct": f"+{n['nev_growth_multiple_2021'] * 100:.0f}%",
        "nev_ratio": f"{1 + n['nev_growth_multiple_2021']:g}",
        "nev_2020": f"{levels['nev_sales_2020'] / 100:.3f} million",
        "nev_2020_misread": f"{n['nev_sales_2021'] / n['nev_growth_multiple_2021'] / 100:.3f} million",
        "online_growth": f"{n['online_retail_growth_2022']:g}%",
        "physical_growth": f"{n['physical_online_growth_2022']:g}%",
        "other_online_2021": f"{levels['non_physical_online_2021']:.2f} tn yuan",
        "other_online_2022": f"{levels['non_physical_online_2022']:.2f} tn",
        "other_online_change": f"{abs(levels['non_physical_online_growth']):.0%}",
        "other_online_direction": "shrunk" if levels["non_physical_online_growth"] < 0 else "grown",
        "other_online_move": "a fall" if levels["non_physical_online_growth"] < 0 else "a rise",
        "credit_2014": f"{n['consumer_credit_2014']:g} tn yuan",
        "credit_2021": f"{n['consumer_credit_2021']:g} tn",
        "credit_2026": f"{n['consumer_credit_2026_forecast']:g} tn",
        "forecast_growth": f"{n['consumer_credit_growth_forecast']:g}%",
        "cagr_paper": f"{n['consumer_credit_cagr_2014_2021']:g}%",
        "retail_low": f"{retail.min():.2f}% ({bank_label(retail.idxmin())})",
        "retail_high": f"{retail.max():.2f}% ({bank_label(retail.idxmax())})",
        "retail_band": f"{n['retail_yield_low']:g}%-{n['retail_yield_high']:g}%",
        "retail_in_band": "inside"
        if retail.between(n["retail_yield_low"], n["retail_yield_high"]).all()
        else "not all inside",
        "spread_range": f"{t1['spread'].min():.2f} to {t1['spread'].max():.2f}",
        "risk_weight_old": f"{n['card_risk_weight_old']:g}%",
        "risk_weight_new": f"{n['card_risk_weight_new']:g}%",
        "rwa_relief": f"{1 - n['card_risk_weight_new'] / n['card_risk_weight_old']:.0%}",
        "policies": f"{t2['rows']}",
        "policies_latest": f"{dated_by_year[latest_year]}",
        "policies_dated": f"{t2['dated']}",
        "policies_latest_year": f"{latest_year}",
        "new_residents": f"{len(new_residents)}",
        "new_residents_rows": ", ".join(new_residents[:-1]) + f" and {new_residents[-1]}",
        "share_cards": f"{n['share_credit_cards']:g}%",
        "share_bank_loans": f"{n['share_bank_consumer_loans']:g}%",
        "share_platforms": f"{n['share_internet_platforms']:g}%",
        "share_cfc": f"{n['share_consumer_finance_companies']:g}%",
        "shares_stated": f"{stated:g}%",
        "shares_residual": f"{market_share_residual(n):g}%",
        "banks_share": f"{banks_share:g}%",
        "banks_half": "comfortably" if banks_share - 50 > market_share_residual(n) else "not necessarily",
        "flags": f"{sum(c.verdict.startswith('FLAG') for c in results.arithmetic)}",
        "cfc_count": f"{n['consumer_finance_companies']:g}",
        "cfc_assets": f"{n['cfc_total_assets']:,.2f}",
        "cfc_market": f"{market:.1f} tn yuan",
        "cfc_market_ratio": f"{market / n['consumer_credit_2021']:.2f}",
        "cfc_share_of_credit": f"{n['cfc_total_assets'] / 10_000 / n['consumer_credit_2021']:.1%}",
        "final_consumption_floor": f"{n['final_consumption_share_floor']:g}%",
        "us_eu_household": f"{n['us_eu_household_consumption_share']:g}%",
        "forecast_compounded": f"{forecast:.2f} tn",
        "growth_for_target": f"{growth_for_target(n):.2%}",
        "grid_low": f"{grid['growth_pct'].min():g}%",
        "grid_high": f"{grid['growth_pct'].max():g}%",
        "grid_step": f"{steps.min():.1f} to {steps.max():.1f} tn yuan",
        "forecast_slowdown": "a sharp slowdown"
        if n["consumer_credit_growth_forecast"] < n["consumer_credit_cagr_2014_2021"]
        else "no slowdown",
        "mean_spread": f"{tilt.loc['Mean of six', 'spread_pp']:.2f} points",
        "mean_shift": f"{tilt.loc['Mean of six', 'shift_pp']:.0f} points",
        "narrowest_bank": bank_label(narrowest),
        "narrowest_shift": f"{tilt.loc[narrowest, 'shift_pp']:.0f} points",
    }
