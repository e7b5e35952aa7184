"""Computed evidence for the chapter's notes on the paper's inconsistencies (spec §10)."""

from __future__ import annotations

import math

import pandas as pd
from scipy import stats

from livingpapers.studies.trade_hubs.analysis import Results
from livingpapers.studies.trade_hubs.data import YEARS, city_list, published
from livingpapers.studies.trade_hubs.estimation import coef
from livingpapers.toolkit.claims import Claim
from livingpapers.toolkit.tables import PaperTable, from_frame


def printed_difference_z(claims: dict[str, Claim], first: str, second: str) -> float:
    """z of the difference of two printed estimates, their SEs recovered from the printed t-values."""
    a, b = claims[first], claims[second]
    return (a.value - b.value) / math.hypot(a.value / a.t, b.value / b.t)


def published_evidence() -> dict[str, str]:
    """The published side of each note, every number read from ``data/published/trade_hubs.yml``."""
    c = published()

    def v(cid: str) -> float:
        return c[cid].value

    z_industry, z_location = printed_difference_z(c, "C81", "C82"), printed_difference_z(c, "C70", "C71")
    classified = v("C81.n") + v("C82.n")
    first_stages = (("C36", "C38.cd"), ("C39", "C41.cd"), ("C42", "C44.cd"))
    return {
        "1": f"Table 1: MA {v('C3.n'):,.0f}, MI {v('C4.n'):,.0f}; Table 5 prints {v('C54.n'):,.0f} under MA and "
        f"{v('C55.n'):,.0f} under MI",
        "2": f"{v('C48'):.3f} ({c['C48'].t:.2f}), N {v('C48.n'):,.0f}, R² {v('C48.r2'):.3f} = Table 2 col 2; "
        f"additivity implies {v('C13'):.3f} - {v('C47'):.3f} = {v('C13') - v('C47'):.3f}",
        "3": f"{v('C81'):.3f} (t {c['C81'].t:.2f}, N {v('C81.n'):,.0f}) vs {v('C71'):.3f} (t {c['C71'].t:.2f}, N "
        f"{v('C71.n'):,.0f}); z of {v('C83'):.3f} from printed SEs = {z_industry:.2f} "
        f"(p {2 * stats.norm.sf(abs(z_industry)):.2f}), printed p {v('C83.p'):.3f}",
        "5": "; ".join(f"{c[t].t:.2f}² = {c[t].t ** 2:.2f} vs C-D F {v(cd):.3f}" for t, cd in first_stages),
        "6": f"π = {v('C36'):.3f} per year of trend is impossible for a 0/1 variable with mean {v('C2'):.3f}",
        "8": f"{v('C77'):.3f} [{v('C77.p'):.2f}] printed under the CW pair equals East {v('C75'):.3f} - "
        f"{v('C76'):.3f}; CW difference {v('C73') - v('C74'):.3f} not printed",
        "9": f"printed p {v('C72.p'):.2f}; z from printed SEs = {z_location:.2f} "
        f"(p {2 * stats.norm.sf(abs(z_location)):.1g})",
        "10": f"{v('C81.n'):,.0f} + {v('C82.n'):,.0f} = {classified:,.0f}: {v('C10') - classified:,.0f} city-years "
        "unclassified, counts not multiples of 14",
        "11": f"{v('C84'):.3f} (t {c['C84'].t:.2f}) rests on about 4-6 treated city-years",
        "17": f"Table 6 col 4: {v('C66.n'):,.0f} = {v('C69'):.0f} × 14 FTZ-or-CRE cities; treated share {v('C2'):.3f}",
        "20": f"N = {v('C51.n'):,.0f} ({v('C10') - v('C51.n'):,.0f} dropped)",
    }


def notes_evidence(r: Results) -> PaperTable:
    """Spec §10: each inconsistency with the published evidence and what this run computes."""
    pub = published_evidence()
    f = r.subsamples
    imp, exp_ = (coef(r.robustness[k], "hub")[0] for k in ("impdep", "expdep"))
    reg = coef(r.baseline[1], "hub")[0]
    cw = coef(f["cw_noncluster"], "hub")[0] - coef(f["cw_cluster"], "hub")[0]
    rows = [
        (
            "1 Table 5 N swapped",
            pub["1"],
            f"MA sample {r.mechanisms[0]._N:,}, MI sample {r.mechanisms[1]._N:,} (Table 1 assignment used)",
        ),
        (
            "2 Export column duplicates the baseline",
            pub["2"],
            f"ImpDep {imp:.3f} + ExpDep {exp_:.3f} = {imp + exp_:.3f} = Regopen {reg:.3f}",
        ),
        (
            "3 Table 8 manufacturing = Table 7 peripheral",
            pub["3"],
            f"this run: manufacturing {coef(f['manufacturing'], 'hub')[0]:.3f}, stacked Wald p {r.tests['manufacturing']['p_wald']:.3f}, "
            f"permutation p {r.tests['manufacturing']['p_one_sided']:.3f}",
        ),
        (
            "5 First-stage t are iid",
            pub["5"],
            "; ".join(f"{x.instrument}: clustered t {x.first_t_cluster:.2f}, iid t {x.first_t_iid:.2f}" for x in r.iv),
        ),
        (
            "6 Trend scale",
            pub["6"],
            "; ".join(
                f"{a.instrument}: {a.first:.3f} with t-2008, {b.first:.3f} with (t-2009)/13"
                for a, b in zip(r.iv, r.iv_unit)
            ),
        ),
        (
            "8 Panel B difference",
            pub["8"],
            f"CW non-cluster - cluster {cw:.3f} (permutation p {r.tests['cw_cluster']['p_one_sided']:.3f}); East "
            f"{r.tests['east_cluster']['difference']:.3f} (p {r.tests['east_cluster']['p_one_sided']:.3f})",
        ),
        (
            "9 Table 7A p-value",
            pub["9"],
            f"permutation p {r.tests['central']['p_one_sided']:.3f}, stacked Wald p {r.tests['central']['p_wald']:.4f}",
        ),
        (
            "10 Table 8A N",
            pub["10"],
            f"{f['manufacturing']._N:,} + {f['service']._N:,} = {f['manufacturing']._N + f['service']._N:,}",
        ),
        (
            "11 Exploration period",
            pub["11"],
            f"treated city-years 2009-2016: {r.summary['exploration_treated']}",
        ),
        (
            "17 Treatment coding",
            pub["17"],
            f"city-level coding: {r.summary['ftz_or_cre_cities']} FTZ-or-CRE cities, {r.summary['treated_city_years']} treated "
            f"city-years (share {r.summary['treated_share']:.3f}); province-level FTZ coding: {r.province_ftz_or_cre} cities",
        ),
        ("20 PSM sample", pub["20"], f"two-sided common support keeps {int(r.psm.kept.sum()):,}"),
        (
            "26 Forbidden comparisons",
            "staggered TWFE with growing effects",
            f"Goodman-Bacon weight on already-treated controls: {r.bacon_forbidden:.3f}",
        ),
    ]
    frame = pd.DataFrame(
        [r_[1:] for r_ in rows], index=[r_[0] for r_ in rows], columns=["Published evidence", "This run"]
    )
    return from_frame(
        frame,
        "Notes on the published tables: evidence",
        "Item numbers follow spec §10.",
        stub_name="Item",
        from_data=True,
    )


# --- numbers the chapter's prose quotes ----------------------------------------------------------
def prose_numbers() -> dict[str, str]:
    """Every published number the chapter's prose quotes, formatted from ``data/published`` (glued
    into the text as ``pub_<name>``), with the counts of the chapter's city rule from the curated facts."""
    c = published()

    def v(cid: str) -> float:
        return c[cid].value

    def se(cid: str) -> float:
        return v(cid) / c[cid].t

    years = len(YEARS)
    cities = city_list()
    status = cities["admin_status"]
    central = cities[status != "prefecture-level city"]
    location_ns = [v(f"C{i}.n") for i in (73, 74, 75, 76)]
    classified = v("C81.n") + v("C82.n")
    first_stages = [v(cid) for cid in ("C36", "C39", "C42")]
    z_industry, z_location = printed_difference_z(c, "C81", "C82"), printed_difference_z(c, "C70", "C71")
    return {
        "claims": f"{len(c)}",
        "cities": f"{v('C10') / years:.0f}",
        "years": f"{years}",
        "n": f"{v('C10'):,.0f}",
        "rule_municipalities": f"{(status == 'municipality').sum()}",
        "rule_capitals": f"{len(central) - (status == 'municipality').sum()}",
        "central_n": f"{v('C70.n'):,.0f}",
        "central_cities": f"{v('C70.n') / years:.0f}",
        "rule_east": f"{(cities['belt'] == 'east').sum()}",
        "rule_central_west": f"{(cities['belt'] != 'east').sum()}",
        "rule_cities": f"{len(cities)}",
        "treated_city_years": f"{v('C2') * v('C10'):.0f}",
        "treated_share": f"{v('C2'):.3f}",
        "ftz_or_cre": f"{v('C69'):.0f}",
        "hub": f"{v('C13'):.3f}",
        "hub_t": f"{c['C13'].t:.2f}",
        "l2_hub": f"{v('C27'):.3f}",
        "first_stage_range": f"{min(first_stages):.3f}-{max(first_stages):.3f}",
        "first_stage_silk": f"{v('C36'):.3f}",
        "psm_n": f"{v('C51.n'):,.0f}",
        "psm_dropped": f"{v('C10') - v('C51.n'):,.0f}",
        "ma_n": f"{v('C3.n'):,.0f}",
        "mi_n": f"{v('C4.n'):,.0f}",
        "t5_ma_n": f"{v('C54.n'):,.0f}",
        "t5_mi_n": f"{v('C55.n'):,.0f}",
        "export": f"{v('C48'):.3f} ({c['C48'].t:.2f})",
        "imports": f"{v('C47'):.3f}",
        "implied_export": f"{v('C13') - v('C47'):.3f}",
        "manufacturing": f"{v('C81'):.3f}",
        "industry_p": f"{v('C83.p'):.3f}",
        "industry_z": f"{z_industry:.2f}",
        "lag_ns": f"{v('C26'):,.0f} and {v('C33'):,.0f}",
        "panel_b_difference": f"{v('C77'):.3f}",
        "cw_difference": f"{v('C73') - v('C74'):.3f}",
        "location_n_sum": f"{sum(location_ns):,.0f}",
        "location_p": f"{v('C72.p'):.2f}",
        "location_z": f"{z_location:.2f}",
        "industry_ns": f"{v('C81.n'):,.0f} + {v('C82.n'):,.0f} = {classified:,.0f}",
        "unclassified": f"{v('C10') - classified:,.0f}",
        "exploration": f"{v('C84'):.3f}",
        "fai_mean": f"{v('C7'):.3f}",
        "fai_sd": f"{v('C7.sd'):.3f}",
        "fin_mean": f"{v('C8'):.3f}",
        "sci_mean": f"{v('C9'):.3f}",
        "ma_sd": f"{v('C3.sd'):.3f}",
        "triple": f"{v('C59.hub_x_ma_x_mi'):.3f}",
        "dml": f"{v('C52'):.3f}",
        "dml_ratio": f"{v('C52') / v('C13'):.2f}",
        "regopen_mean": f"{v('C1'):.3f}",
        "regopen_max": f"{v('C1.max'):.3f}",
        "t_df": f"{v('C10') / years - 1:.0f}",
        "psm_se": f"{se('C51'):.4f}",
        "baseline_se": f"{se('C13'):.4f}",
    }


def first_stage_scale_sentence(r: Results) -> str:
    """Whether the paper's first-stage coefficients are closer to this run's under the years trend or
    under the [0, 1] trend (computed, since it depends on the run)."""
    c = published()
    paper = [c[cid].value for cid in ("C36", "C39", "C42")]
    years, unit = [x.first for x in r.iv], [x.first for x in r.iv_unit]

    def distance(run: list[float]) -> float:  # mean absolute log ratio to the paper's coefficients
        return float(sum(abs(math.log(abs(p / b))) for p, b in zip(paper, run) if b) / len(paper))

    closer = "the [0, 1] trend" if distance(unit) < distance(years) else "the years trend"
    return (
        f"This run's first-stage coefficients are {_span(years)} with the trend in years and {_span(unit)} with "
        f"the trend rescaled to [0, 1]; the paper's ({_span(paper)}) are closer to those under {closer}"
    )


def _span(values: list[float]) -> str:
    return f"{min(values):.3f} to {max(values):.3f}"
