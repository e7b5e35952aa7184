"""The chapter's figures: the opening schedule, the intensity, the event study the paper omits,
the placebo distribution and the bootstrap of the indirect effect."""

from __future__ import annotations

import numpy as np

from livingpapers.studies.financial_opening import data as d
from livingpapers.studies.financial_opening.analysis import Results
from livingpapers.toolkit.claims import load_claims
from livingpapers.toolkit.figures import PALETTE, Drawn, new_figure

PAPER = "Zhang, Chen and Huang (2023)"


def _source(res: Results) -> str:
    data = "seeded stand-in data (simulated)" if res.data_basis == "standin" else "the user's data"
    return f"{PAPER}, eq. (2); this build on {data}"


def opening_schedule() -> Drawn:
    table = d.opening_schedule_summary()
    fig, ax = new_figure("Cities opened to foreign banks' RMB business", "Year of opening", "Cities")
    ax.bar(table.index, table["cities opened"], color=PALETTE[0], label="opened that year")
    ax.plot(table.index, table["cumulative"], color=PALETTE[1], marker="o", label="cumulative")
    ax.set_yscale("log")
    ax.legend()
    alt = (
        "Bar chart of prefecture cities opened per year: 4 in 2001, 5 in 2002, 4 in 2003, 5 in 2004, 7 in 2005 and all "
        f"{int(table.loc[2006, 'cities opened'])} others in 2006, on a log scale, with the cumulative count."
    )
    return Drawn(fig, alt, "curated facts (CBRC announcements, WTO commitments, State Council Decree No. 478)")


def intensity(res: Results) -> Drawn:
    cities = res.panel.groupby("city").agg(prehhi=("prehhi", "first"), year=("treat_year", "first"))
    fig, ax = new_figure("Pre-opening bank concentration (prehhi) by city", "prehhi (branch HHI)", "Cities")
    bins = np.linspace(0, cities["prehhi"].max(), 30)
    for label, mask, color in (
        ("opened 2001-2005", cities["year"] < 2006, PALETTE[0]),
        ("opened 2006", cities["year"] >= 2006, PALETTE[1]),
    ):
        ax.hist(cities.loc[mask, "prehhi"], bins=bins, alpha=0.7, color=color, label=label)
    ax.legend()
    alt = "Histogram of the pre-opening branch Herfindahl index of each city, early-opened cities against those opened in 2006."
    return Drawn(fig, alt, _source(res).replace(", eq. (2)", ""))


def event_study(res: Results) -> Drawn:
    c = res.event["coefs"]
    fig, ax = new_figure(
        "Dynamic effect of opening x prehhi on trade credit (eq. 2)",
        "Years since the city's opening (k)",
        "δ_k (AR / revenue)",
    )
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(-0.5, color="grey", lw=0.8, ls=":")
    ax.errorbar(c["k"], c["coef"], yerr=1.96 * c["se"], fmt="o", color=PALETTE[0], capsize=3, label="estimate, 95% CI")
    ax.plot([-1], [0], "o", mfc="white", color=PALETTE[0], label="k = -1 (reference)")
    if res.truth is not None:
        path = res.truth.event_path.reindex(range(d.EVENT_MAX + 1))
        ax.plot(
            list(range(-5, 0)) + list(path.index), [0] * 5 + list(path), color=PALETTE[1], ls="--", label="planted δ_k"
        )
    ax.legend(loc="lower left")
    ax.set_xticks(range(d.EVENT_MIN, d.EVENT_MAX + 1))
    alt = (
        f"Event-study coefficients for k = -5 to 10 with 95% confidence intervals. Joint test of the leads: "
        f"F = {res.event['F']:.2f}, p = {res.event['p']:.3f}. The paper describes this figure but does not print it."
    )
    return Drawn(fig, alt, _source(res) + "; end-points binned at -5 and +10, city-clustered SE")


def placebo(res: Results) -> Drawn:
    draws = res.placebo["draws"]["coef"]
    published = next(c.value for c in load_claims("financial_opening") if c.id == "C4")
    fig, ax = new_figure("Placebo: opening years reassigned across cities", "β3 (post × prehhi)", "Draws")
    ax.hist(draws, bins=40, color=PALETTE[0], alpha=0.8)
    ax.axvline(res.placebo["observed"], color=PALETTE[1], lw=2, label=f"this run {res.placebo['observed']:.4f}")
    ax.axvline(published, color=PALETTE[2], ls="--", lw=2, label=f"published {published:.4f}")
    ax.legend()
    alt = (
        f"Histogram of {len(draws)} placebo coefficients from random reassignments of the opening years, keeping the "
        f"number of cities opened each year; randomization p = {res.placebo['p_value']:.3f}."
    )
    return Drawn(fig, alt, _source(res).replace("eq. (2)", "§4.3 item 6"))


def bootstrap(res: Results) -> Drawn:
    boot = res.mediation["bootstrap"]
    fig, ax = new_figure("Indirect effect through excess long-term loans (a × b)", "a × b", "Bootstrap draws")
    ax.hist(boot["draws"], bins=40, color=PALETTE[0], alpha=0.8)
    for x in boot["ci"]:
        ax.axvline(x, color=PALETTE[1], ls="--")
    ax.axvline(0, color="black", lw=0.8)
    alt = f"Wild cluster bootstrap distribution of the indirect effect, 95% interval {boot['ci'][0]:.5f} to {boot['ci'][1]:.5f}."
    return Drawn(fig, alt, _source(res).replace("eq. (2)", "Table 4, eq. (3)") + "; Rademacher weights by city")
