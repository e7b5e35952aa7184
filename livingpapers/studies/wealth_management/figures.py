"""The chapter's figures: the illustrations the spec proposes (E1-E6) and the dividend-floor sweep (B1).

The essay has no figures of its own. Each function returns a
:class:`~livingpapers.toolkit.figures.Drawn` (figure, alt text, source line) for ``ch.show``.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import FancyBboxPatch

from livingpapers.toolkit import figures
from livingpapers.toolkit.figures import Drawn

from .beyond import FLOOR_KS, PAYOUT_RATES, dividend_floor, years_to_floor
from .data import TIERS, fact

ESSAY_SOURCE = "Wu (2023), International Monetary Review, author's statement"

HYPOTHETICAL = "hypothetical, not in the essay"

TIER_COLOURS = {
    "supply": figures.PALETTE[0],
    "demand": figures.PALETTE[2],
    "trading": figures.PALETTE[1],
    "context": figures.PALETTE[3],
}

UNVERIFIED_GREY = "#a5a5a5"


def _box(ax, x, y, w, h, text, colour, emphasis=False):
    """A rounded box with centred text on a 0-1 canvas (schematics)."""
    ax.add_patch(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0.01",
            linewidth=2.5 if emphasis else 1,
            edgecolor=colour,
            facecolor=colour if emphasis else "white",
            alpha=0.9 if emphasis else 1,
        )
    )
    ax.text(
        x + w / 2,
        y + h / 2,
        text,
        ha="center",
        va="center",
        fontsize=9,
        color="white" if emphasis else "black",
        wrap=True,
    )


def _canvas(title: str, figsize=(7.0, 4.2)):
    """A figure with one blank 0-1 axes for a schematic."""
    fig, ax = figures.new_figure(title, figsize=figsize)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    return fig, ax


def fig_wealth_composition(values: dict[str, float]) -> Drawn:
    """Figure E1: the essay's 65% real-estate share as one 100% bar, with the direction it asserts."""
    share = values["Q1"]
    fig, ax = figures.new_figure(
        "E1. Household wealth by asset type (author's statement)", "Share of household-sector wealth (%)", ""
    )
    ax.barh([0], [share], color=figures.PALETTE[3], label=f"Real estate, about {share:g}%")
    ax.barh(
        [0], [100 - share], left=[share], color=figures.PALETTE[0], label=f"Everything else, about {100 - share:g}%"
    )
    ax.set_yticks([0], ["Households\n(no year given)"])
    ax.set_ylabel("Sector")
    fig.subplots_adjust(left=0.2)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.8, 1.4)
    ax.annotate(
        "", xy=(share - 20, 0.65), xytext=(share, 0.65), arrowprops={"arrowstyle": "->", "lw": 2, "color": "black"}
    )
    ax.text(
        share - 21,
        0.65,
        "should decline; shift toward\nfinancial / securitized assets (E2)",
        ha="right",
        va="center",
        fontsize=9,
    )
    ax.legend(loc="upper right", fontsize=9)
    return Drawn(
        fig,
        "One horizontal bar split into real estate, about 65 percent, and everything else, about 35 percent, with an arrow saying the real-estate share should decline.",
        ESSAY_SOURCE + ", §1",
    )


def fig_wealth_chain() -> Drawn:
    """Figure E2: the four components of the wealth-management chain (E5), demand and supply highlighted (E6)."""
    fig, ax = _canvas("E2. The wealth-management chain in the essay (schematic)")
    _box(ax, 0.02, 0.45, 0.27, 0.22, "Demand\n(wealth-management\nneeds)", figures.PALETTE[2], emphasis=True)
    _box(
        ax,
        0.71,
        0.45,
        0.27,
        0.22,
        "Asset supply\n(underlying assets:\ntype, thickness,\nstructure)",
        figures.PALETTE[0],
        emphasis=True,
    )
    _box(ax, 0.36, 0.62, 0.28, 0.18, "Institutions\n(brokers, banks,\ntrusts, funds)", "#555555")
    _box(ax, 0.36, 0.30, 0.28, 0.16, "Transparency-based\nregulation", "#555555")
    for y in (0.70, 0.38):
        ax.annotate("", xy=(0.71, 0.56), xytext=(0.64, y), arrowprops={"arrowstyle": "->", "color": "#555555"})
        ax.annotate("", xy=(0.29, 0.56), xytext=(0.36, y), arrowprops={"arrowstyle": "->", "color": "#555555"})
    ax.text(
        0.5,
        0.15,
        "Filled boxes: 'the most important are investment demand and asset supply' (§2).\n"
        "Outlined boxes: the service layer that serves the efficiency of demand and supply.",
        ha="center",
        va="center",
        fontsize=9,
    )
    return Drawn(
        fig,
        "Schematic of four boxes: demand and asset supply highlighted as most important, institutions and transparency-based regulation drawn between them as a service layer.",
        ESSAY_SOURCE + ", §2",
        schematic=True,
    )


PRIORITY_EXAMPLES = {
    "supply": "share-reduction rules, dividend floor, IPO pace,\nrisk boundaries of registration, no IPO for loss-makers",
    "demand": "institutions' competence and credit,\npublic-fund incentive design",
    "trading": "commissions, stamp duty,\n'100+1', longer hours, T+0",
}


def fig_priority_ladder() -> Drawn:
    """Figure E3: the essay's reform ordering (E21) with its own examples for each tier."""
    fig, ax = _canvas("E3. Reform priority in the essay (schematic, §4)")
    for rank, tier in enumerate(TIERS):
        width = 0.9 - 0.15 * rank
        y = 0.68 - 0.27 * rank
        _box(
            ax,
            0.05,
            y,
            width,
            0.22,
            f"{rank + 1}. {tier.capitalize()} side:\n{PRIORITY_EXAMPLES[tier]}",
            TIER_COLOURS[tier],
            emphasis=rank == 0,
        )
    ax.text(0.97, 0.05, "most important (top) to least important (bottom)", ha="right", fontsize=9)
    return Drawn(
        fig,
        "Three stacked boxes ranking reform priorities: supply side first, demand side second, trading side third, each listing the essay's examples.",
        ESSAY_SOURCE + ", §4",
        schematic=True,
    )


def fig_lockup_and_floor(values: dict[str, float], facts: pd.DataFrame) -> Drawn:
    """Figure E4: lock-ups in months after the IPO, the essay's extra dividend gate, and hypothetical floors."""
    figures.apply_style()
    fig, (ax, bx) = plt.subplots(2, 1, figsize=(7.5, 8.6), gridspec_kw={"height_ratios": [1, 1.2]})
    fig.suptitle("E4. Lock-ups and the proposed dividend floor", fontweight="bold")
    holders = [("Other pre-IPO\nholders", values["Q7"] * 12), ("Controllers /\nactual controllers", values["Q6"] * 12)]
    horizon = 60
    for y, (_name, months) in enumerate(holders):
        ax.barh(y, months, color="#555555", label="lock-up (essay; rules F12, F13)" if y == 0 else None)
        ax.barh(
            y,
            horizon - months,
            left=months,
            color="white",
            edgecolor=figures.PALETTE[0],
            hatch=figures.STANDIN_HATCH,
            label="proposal: reduce only once cumulative dividends\n>= floor and leverage is appropriate"
            if y == 0
            else None,
        )
        ax.text(
            months + 1,
            y,
            f"month {months:g}",
            va="center",
            fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    ax.set_yticks(range(len(holders)), [h[0] for h in holders])
    ax.set_xlim(0, horizon)
    ax.set_ylim(-0.6, 2.2)
    ax.set_title("When may pre-IPO holders reduce?")
    ax.set_xlabel("Months after the IPO (month 0)")
    ax.set_ylabel("Holder group")
    ax.legend(loc="upper right", fontsize=9)
    financing = values["Q8a"] + values["Q8b"]
    bx.bar([0], [values["Q8a"]], color=figures.PALETTE[0], label=f"IPO {values['Q8a']:g} (essay)")
    bx.bar(
        [0],
        [values["Q8b"]],
        bottom=[values["Q8a"]],
        color=figures.PALETTE[5],
        label=f"follow-on {values['Q8b']:g} (essay)",
    )
    floors = [dividend_floor(financing, k) for k in FLOOR_KS]
    bx.bar(
        range(1, 4),
        floors,
        color="white",
        edgecolor=UNVERIFIED_GREY,
        hatch=figures.STANDIN_HATCH,
        label=f"floor = k x {financing:g} (hypothetical)",
    )
    for i, f in enumerate(floors, start=1):
        bx.text(i, f + 0.3, f"{f:g}", ha="center", fontsize=9)
    bx.set_xticks(range(4), ["financing\nraised", *[f"k={k:g}" for k in FLOOR_KS]])
    bx.set_title(f"Example financing (essay) and\nfloors ({HYPOTHETICAL})")
    bx.set_xlabel("Amount")
    bx.set_ylabel("100 million yuan (yi)")
    bx.set_ylim(0, financing * 1.6)
    bx.legend(loc="upper right", fontsize=9)
    fig.subplots_adjust(left=0.24, bottom=0.1, hspace=0.6, top=0.9)
    return Drawn(
        fig,
        f"Top: lock-up bars ending at month {holders[0][1]:g} for other pre-IPO holders and month {holders[1][1]:g} "
        "for controllers, followed by a hatched dividend-gate region. Bottom: the "
        f"{financing:g} yi of example financing and hypothetical floors of {', '.join(f'{f:g}' for f in floors)} yi.",
        ESSAY_SOURCE + ", §4; lock-up rules F12, F13 (curated, medium); floors hypothetical",
    )


def fig_magnitudes(values: dict[str, float], facts: pd.DataFrame) -> Drawn:
    """Figure E5: the essay's lower bound for stocks + bonds, curated totals, and the annual deficit."""
    figures.apply_style()
    fig, (ax, bx) = plt.subplots(2, 1, figsize=(7.5, 9.0), gridspec_kw={"height_ratios": [1.3, 1]})
    fig.suptitle("E5. Size of the basic asset stock and of the annual 'funding deficit'", fontweight="bold")
    bound = values["Q4"]
    bonds, equities = fact(facts, "F16"), fact(facts, "F17")
    ax.bar([0], [bound], color=figures.PALETTE[0], label=f"essay: 'should exceed' {bound:g} (lower bound)")
    ax.annotate("", xy=(0, bound * 1.25), xytext=(0, bound), arrowprops={"arrowstyle": "->", "lw": 2})
    ax.bar(
        [1],
        [float(bonds["value"])],
        color=figures.PALETTE[2],
        label=f"bond custody balance {bonds['date']} ({bonds['confidence']})",
    )
    ax.bar(
        [1],
        [float(equities["value"])],
        bottom=[float(bonds["value"])],
        color=UNVERIFIED_GREY,
        label=f"A-share market value {equities['date']} (unverified, low)",
    )
    ax.set_xticks([0, 1], ["Essay (§3.2)", "Curated public totals"])
    ax.set_title("Stocks + bonds")
    ax.set_xlabel("Source")
    ax.set_ylabel("Trillion yuan")
    ax.set_ylim(0, 300)
    ax.legend(loc="upper left", fontsize=9)
    deficit = values["Q5"]
    bx.bar([0], [deficit], color=figures.PALETTE[1], label=f"essay: about {deficit:g} per year (undefined measure)")
    bx.text(
        0,
        deficit * 1.04,
        f"{deficit / bound:.2%} of {bound:g} per year\n(at most, since {bound:g} is a lower bound)",
        ha="center",
        va="bottom",
        fontsize=9,
    )
    bx.set_xticks([0], ["Essay (§4)"])
    bx.set_xlim(-0.8, 0.8)
    bx.set_ylim(0, deficit * 1.6)
    bx.set_title("Annual 'funding deficit' (not decomposed)")
    bx.set_xlabel("Source")
    bx.set_ylabel("Trillion yuan per year")
    bx.legend(loc="upper right", fontsize=9)
    fig.subplots_adjust(hspace=0.45, top=0.9, bottom=0.1)
    return Drawn(
        fig,
        f"Top: the essay's {bound:g} trillion yuan lower bound beside curated bond custody of {float(bonds['value']):g} "
        "trillion and a grey, unverified A-share value on top. Bottom: the "
        f"{deficit:g} trillion yuan annual deficit, at most {100 * deficit / bound:.2f} percent of {bound:g}.",
        ESSAY_SOURCE + ", §3.2 and §4; facts F16 (medium), F17 (low, unverified)",
    )


def _label_offsets(n: int) -> list[float]:
    """Alternate labels above and below a row so that same-day events do not overlap."""
    steps = (0.3, -0.3, 0.68, -0.68)
    return [steps[i % len(steps)] for i in range(n)]


def fig_policy_timeline(facts: pd.DataFrame, year: int = 2023) -> Drawn:
    """Figure E6: the year's dated events by the tier of Figure E3; low-confidence events grey and marked."""
    events = facts[
        (facts["kind"] == "event") & facts["tier"].isin(TIERS) & facts["date"].str.startswith(str(year))
    ].copy()
    events["when"] = pd.to_datetime(events["date"])
    fig, ax = figures.new_figure(
        f"E6. {year} policy timeline by the essay's reform tier",
        f"Date ({year}, announcement)",
        "Tier in the essay's ordering",
        figsize=(7.9, 5.8),
    )
    speech_start, speech_end = pd.Timestamp(f"{year}-08-24"), pd.Timestamp(f"{year}-08-25")
    ax.axvspan(speech_start, speech_end + pd.Timedelta(days=1), color="#dddddd", zorder=0)
    ax.text(speech_start, 3.05, "speech ~24-25 Aug (inferred, footnote 3)", ha="right", va="center", fontsize=9)
    for tier_rank, tier in enumerate(TIERS):
        y = len(TIERS) - 1 - tier_rank
        rows = events[events["tier"] == tier].sort_values(["when", "id"])
        for offset, row in zip(_label_offsets(len(rows)), rows.itertuples()):
            verified = row.confidence in ("high", "medium")
            colour = TIER_COLOURS[tier] if verified else UNVERIFIED_GREY
            ax.plot(row.when, y, "o", color=colour, markersize=8)
            text = row.label + ("" if verified else " (unverified)")
            ax.annotate(
                f"{text}\n{row.when:%d %b}",
                (row.when, y),
                xytext=(row.when, y + offset),
                ha="right" if row.when.month >= 7 else "left",
                va="center",
                fontsize=9,
                color=colour,
                arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.6},
            )
    ax.set_yticks(range(len(TIERS)), [f"{t}\n(priority {TIERS.index(t) + 1})" for t in TIERS[::-1]])
    fig.subplots_adjust(left=0.2)
    ax.set_ylim(-1.0, 3.25)
    ax.set_xlim(pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year}-10-01"))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
    return Drawn(
        fig,
        "Timeline of 2023 with supply, demand and trading rows: full registration in February, fund fee caps in July, handling-fee cut on 18 August, and stamp duty, IPO pace, reduction rule and margin ratio on 27 August, after the speech of about 24-25 August.",
        "curated public facts F05-F11 (high/medium); speech date inferred from the essay's footnote 3",
    )


def fig_floor_sweep(financing_raised: float, lockup_years: float) -> Drawn:
    """Beyond the paper: years of dividends needed to reach a floor k x financing, for assumed payouts."""
    ks = np.round(np.arange(0.05, 0.5001, 0.01), 2)
    fig, ax = figures.new_figure(
        f"B1. Years to reach a dividend floor ({HYPOTHETICAL})",
        "Floor k (share of financing raised)",
        "Years of constant dividends needed",
    )
    for colour, rate in zip(figures.PALETTE, PAYOUT_RATES):
        years = [years_to_floor(financing_raised, k, rate * financing_raised) for k in ks]
        ax.step(ks, years, where="post", color=colour, label=f"annual dividend = {rate:.0%} of financing")
    ax.axhline(lockup_years, color="black", linestyle="--", linewidth=1)
    ax.text(0.5, lockup_years + 0.4, f"controller lock-up ({lockup_years:g} years)", ha="right", fontsize=9)
    for k in FLOOR_KS:
        ax.axvline(k, color=UNVERIFIED_GREY, linewidth=0.6)
    ax.legend(loc="upper left", fontsize=9)
    return Drawn(
        fig,
        "Step lines of years needed to reach the dividend floor against k for annual dividends of 2, 5 and 10 percent of financing, with a dashed line at the 3-year controller lock-up.",
        "this chapter's hypothetical rule; financing example and lock-up from the essay, §4",
    )
