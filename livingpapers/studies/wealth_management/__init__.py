"""Wu Xiaoqiu (2023), 高度重视资本市场资产供给端的制度改革: an essay chapter.

The essay is an edited speech. It has no data, no model and no empirical design, so this
module computes no estimates. It (1) loads and checks the two facts files (the essay's own
numbers, and curated public facts with source and confidence), (2) does the arithmetic the
essay's numbers allow, (3) records the few number claims that public facts can check, (4)
draws the illustrations the spec proposes (Figures E1-E6), and (5) writes the essay's
verbal dividend-floor proposal (分红下限) as an explicit, *hypothetical* rule so that its
consequences can be read off for assumed parameters (the essay gives none).
"""

from __future__ import annotations

import math
import re
from datetime import date

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pandera.pandas as pa
from matplotlib.patches import FancyBboxPatch

from livingpapers.toolkit import figures
from livingpapers.toolkit.contracts import TableContract, check_frame
from livingpapers.toolkit.facts import load_facts, provenance_columns

SLUG = "wealth_management"
ESSAY_SOURCE = "Wu (2023), International Monetary Review, author's statement"
HYPOTHETICAL = "hypothetical, not in the essay"
TIERS = ("supply", "demand", "trading")
TIER_COLOURS = {
    "supply": figures.PALETTE[0],
    "demand": figures.PALETTE[2],
    "trading": figures.PALETTE[1],
    "context": figures.PALETTE[3],
}
UNVERIFIED_GREY = "#a5a5a5"
FLOOR_KS = (0.1, 0.2, 0.3)
PAYOUT_RATES = (0.02, 0.05, 0.10)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------- facts and their contracts


def _iso_date_or_empty(value: str) -> bool:
    """True for '' or a real calendar date written YYYY-MM-DD (so '2023-02-30' fails)."""
    if value == "":
        return True
    if not ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _number_or_empty(value: str) -> bool:
    if value == "":
        return True
    try:
        float(value)
    except ValueError:
        return False
    return True


DATE_CHECK = pa.Check(_iso_date_or_empty, element_wise=True, name="iso_date_or_empty")
NUMBER_CHECK = pa.Check(_number_or_empty, element_wise=True, name="number_or_empty")
NONEMPTY = pa.Check.str_length(min_value=1)


def _events_have_dates(frame: pd.DataFrame) -> pd.Series:
    """An event row must carry its date; rules and some statistics may not."""
    return (frame["kind"] != "event") | (frame["date"] != "")


def _verified_matches_confidence(frame: pd.DataFrame) -> pd.Series:
    """verified is 'true' exactly when the confidence is high or medium (the book's policy)."""
    return (frame["verified"] == "true") == frame["confidence"].isin(("high", "medium"))


QUANTITIES = TableContract(
    name="essay_quantities",
    filename="wealth_management_essay_quantities.csv",
    schema=pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(r"^Q\d+[ab]?$")),
            "line": pa.Column(int, pa.Check.in_range(98, 150), coerce=True),
            "kind": pa.Column(str, pa.Check.isin(("number", "date", "qualitative"))),
            "chinese": pa.Column(str, NONEMPTY),
            "english": pa.Column(str, NONEMPTY),
            "value": pa.Column(str, NUMBER_CHECK),
            "value_high": pa.Column(str, NUMBER_CHECK),
            "unit": pa.Column(str),
            "essay_note": pa.Column(str),
            **provenance_columns(),
            "note": pa.Column(str),
        },
        strict=True,
    ),
    keys=("id",),
    description="The essay's quantitative and dated statements (Q1-Q12), verbatim, with line numbers.",
)

PUBLIC_FACTS = TableContract(
    name="public_facts",
    filename="wealth_management_public_facts.csv",
    schema=pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(r"^F\d{2}$")),
            "kind": pa.Column(str, pa.Check.isin(("event", "rule", "statistic"))),
            "label": pa.Column(str, NONEMPTY),
            "fact": pa.Column(str, NONEMPTY),
            "date": pa.Column(str, DATE_CHECK),
            "date_effective": pa.Column(str, DATE_CHECK),
            "value": pa.Column(str, NUMBER_CHECK),
            "unit": pa.Column(str),
            "tier": pa.Column(str, pa.Check.isin((*TIERS, "context"))),
            "essay_link": pa.Column(str, NONEMPTY),
            **provenance_columns(),
            "url": pa.Column(str, pa.Check.str_startswith("http")),
            "verified": pa.Column(str, pa.Check.isin(("true", "false"))),
            "note": pa.Column(str),
        },
        checks=[
            pa.Check(_events_have_dates, name="events_have_dates"),
            pa.Check(_verified_matches_confidence, name="verified_matches_confidence"),
        ],
        strict=True,
    ),
    keys=("id",),
    description="Curated public facts (spec §2) with source, URL, confidence and verification flag.",
)


def load_checked(contract: TableContract) -> pd.DataFrame:
    """Read a facts file with the shared loader, then hold it to its contract."""
    return check_frame(load_facts(contract.filename.removesuffix(".csv")), contract)


def essay_values(quantities: pd.DataFrame) -> dict[str, float]:
    """The essay's numbers by statement id (Q1 -> 65.0, ...); qualitative rows are left out."""
    numeric = quantities[quantities["value"] != ""]
    return {row.id: float(row.value) for row in numeric.itertuples()}


def fact(facts: pd.DataFrame, fact_id: str) -> pd.Series:
    """One curated fact by id (KeyError names the id if it is missing)."""
    match = facts[facts["id"] == fact_id]
    if match.empty:
        raise KeyError(f"no fact {fact_id!r} in {PUBLIC_FACTS.filename}")
    return match.iloc[0]


# --------------------------------------------------------------------------- the dividend floor (hypothetical)


def dividend_floor(financing_raised: float, k: float) -> float:
    """Minimum cumulative cash dividends before holders may reduce: k x (IPO + follow-on financing).

    The essay (line 142) asks for a floor "linked to the financing raised" but gives no k;
    any k used here is an assumption of this chapter.
    """
    if financing_raised < 0:
        raise ValueError(f"financing raised must be non-negative, got {financing_raised}")
    if not 0 < k <= 1:
        raise ValueError(f"k must be in (0, 1], got {k}")
    return k * financing_raised


def reduction_permitted(
    cumulative_dividends: float, financing_raised: float, k: float, leverage_ok: bool = True
) -> bool:
    """The essay's gate (lines 142-144): dividends have reached the floor *and* leverage is appropriate."""
    if cumulative_dividends < 0:
        raise ValueError(f"cumulative dividends must be non-negative, got {cumulative_dividends}")
    return bool(leverage_ok) and cumulative_dividends >= dividend_floor(financing_raised, k)


def years_to_floor(financing_raised: float, k: float, annual_dividend: float) -> int:
    """Whole years of a constant annual cash dividend needed to reach the floor.

    Rounded to 9 decimals before the ceiling so that 4.5 / 0.45 counts as 10 years, not 11.
    """
    if annual_dividend <= 0:
        raise ValueError(f"annual dividend must be positive, got {annual_dividend}")
    return math.ceil(round(dividend_floor(financing_raised, k) / annual_dividend, 9))


def floor_sweep(financing_raised: float, ks=FLOOR_KS, payout_rates=PAYOUT_RATES) -> pd.DataFrame:
    """Years to reach the floor for each k and each assumed annual dividend (as a share of financing)."""
    rows = []
    for k in ks:
        for rate in payout_rates:
            annual = rate * financing_raised
            rows.append(
                {
                    "k": k,
                    "payout_rate": rate,
                    "floor": dividend_floor(financing_raised, k),
                    "annual_dividend": annual,
                    "years": years_to_floor(financing_raised, k, annual),
                }
            )
    return pd.DataFrame(rows)


def sweep_table(sweep: pd.DataFrame, lockup_years: float) -> pd.DataFrame:
    """The sweep laid out k x payout rate, each cell 'years (binds / does not bind after the lock-up)'."""

    def cell(years: int) -> str:
        return f"{years} ({'binds after' if years > lockup_years else 'within'} the {lockup_years:g}-year lock-up)"

    table = sweep.assign(cell=sweep["years"].map(cell)).pivot(index="k", columns="payout_rate", values="cell")
    table.index = [f"k = {k:g} (floor {k * 100:g}% of financing)" for k in table.index]
    table.columns = [f"annual dividend = {r:.0%} of financing" for r in table.columns]
    return table


# --------------------------------------------------------------------------- arithmetic on the essay's numbers


def arithmetic_checks(values: dict[str, float], facts: pd.DataFrame) -> pd.DataFrame:
    """What the essay's numbers imply, computed openly; none of it is printed in the essay."""
    stamp_old, stamp_new = 0.1, float(fact(facts, "F08")["value"])
    financing = values["Q8a"] + values["Q8b"]
    rows = [
        ("Q1", "Non-real-estate share of household wealth", "100 - 65", f"{100 - values['Q1']:g}%"),
        ("Q8", "Total financing in the example (IPO + follow-on)", "10 亿 + 5 亿", f"{financing:g} 亿 yuan (1.5 bn)"),
        (
            "Q4, Q5",
            "Annual deficit relative to the stock of basic assets",
            "1.5 / 160",
            f"{values['Q5'] / values['Q4']:.2%} (an upper bound, since 160 is a lower bound)",
        ),
        ("Q6, Q7", "Lock-ups in months", "3 x 12; 1 x 12", f"{values['Q6'] * 12:g} and {values['Q7'] * 12:g} months"),
        (
            "Q9",
            "Speech date implied by footnote 3",
            "27 Aug - 3 days",
            "24 Aug 2023 (25 Aug if the speech day counts as day 1)",
        ),
        ("Q2", "Years from the speech to the 2035 target", "2035 - 2023", f"{values['Q2'] - 2023:g} years"),
        (
            "F08",
            "Stamp duty per 100,000 yuan of taxable trade value",
            "100,000 x 0.1% vs 0.05%",
            f"{100_000 * stamp_old / 100:g} -> {100_000 * stamp_new / 100:g} yuan",
        ),
    ]
    return pd.DataFrame(rows, columns=["Inputs", "Quantity", "Computation", "Result"]).set_index("Inputs")


# --------------------------------------------------------------------------- claims that curated facts can check

NOT_CHECKABLE = {
    "E1": "No official series with this definition: the essay names no source, year or wealth concept. "
    "The PBoC 2019 urban survey (F18: housing 59.1% of gross assets) measures something else.",
    "E10": "Anecdote about unnamed institutions; no public record of client-asset losses by institution.",
    "E23": "The 'funding deficit' is undefined (which flows, which three years), so no public figure "
    "corresponds to it; this chapter does not reconstruct it.",
}


def record_fact_checks(ledger, values: dict[str, float], facts: pd.DataFrame) -> None:
    """Record E16, E25 and E34 against curated facts (basis 'facts')."""
    bonds, equities = float(fact(facts, "F16")["value"]), float(fact(facts, "F17")["value"])
    needed = values["Q4"] - bonds
    ledger.record_check(
        "E16",
        bonds + equities > values["Q4"],
        f"bonds {bonds:g} (Jun 2023, medium) + A-shares {equities:g} (end-2022, low) = "
        f"{bonds + equities:.1f} > {values['Q4']:g}; holds for any A-share value above {needed:.1f}",
        basis="facts",
    )
    controller, pre_ipo = float(fact(facts, "F12")["value"]), float(fact(facts, "F13")["value"])
    ledger.record_check(
        "E25",
        controller == values["Q6"] * 12 and pre_ipo == values["Q7"] * 12,
        f"listing rules {controller:g} months; Company Law {pre_ipo:g} months (both medium)",
        basis="facts",
    )
    stamp = fact(facts, "F08")
    fees = fact(facts, "F07")
    ledger.record_check(
        "E34",
        date.fromisoformat(stamp["date"]).day == values["Q9"],
        f"stamp-duty halving announced {stamp['date']} (medium); exchange handling fees cut "
        f"announced {fees['date']}, effective {fees['date_effective']}",
        basis="facts",
    )


UNCHECKABLE_VIEW = "the author's view, given without evidence; no public fact corresponds to it"


def record_unchecked(ledger) -> None:
    """Give the ledger the reason for every claim no public fact can check."""
    for claim in ledger.claims:
        if claim.kind == "normative" or claim.id in ledger.results:
            continue
        ledger.record_not_computed(claim.id, NOT_CHECKABLE.get(claim.id, UNCHECKABLE_VIEW))


def checkability_table(claims, results: dict) -> pd.DataFrame:
    """Spec §8 step 8: every claim with its type and whether a curated public fact can check it."""
    rows = []
    for claim in claims:
        if claim.kind == "normative":
            verdict, why = "not testable", "a recommendation or value judgement"
        elif claim.id in results and results[claim.id].status != "not computed":
            verdict, why = ("yes" if results[claim.id].status == "confirmed" else "no"), results[claim.id].shown
        else:
            verdict, why = "not checkable", NOT_CHECKABLE.get(claim.id, UNCHECKABLE_VIEW)
        rows.append(
            {
                "Claim": claim.id,
                "Type": claim.kind,
                "Where": claim.location,
                "Matches curated public fact?": verdict,
                "Why / what was compared": why,
            }
        )
    return pd.DataFrame(rows).set_index("Claim")


# --------------------------------------------------------------------------- figures


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


def fig_wealth_composition(values: dict[str, float]):
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
    ax.legend(loc="upper right", fontsize=8)
    return fig


def fig_wealth_chain():
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
        "Filled boxes: 'the most important are investment demand and asset supply' (line 114).\n"
        "Outlined boxes: the service layer that serves the efficiency of demand and supply.",
        ha="center",
        va="center",
        fontsize=8.5,
    )
    return fig


PRIORITY_EXAMPLES = {
    "supply": "share-reduction rules, dividend floor, IPO pace,\nrisk boundaries of registration, no IPO for loss-makers",
    "demand": "institutions' competence and credit,\npublic-fund incentive design",
    "trading": "commissions, stamp duty,\n'100+1', longer hours, T+0",
}


def fig_priority_ladder():
    """Figure E3: the essay's reform ordering (E21) with its own examples for each tier."""
    fig, ax = _canvas("E3. Reform priority in the essay (schematic, line 142)")
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
    ax.text(0.97, 0.05, "most important (top) to least important (bottom)", ha="right", fontsize=8.5)
    return fig


def fig_lockup_and_floor(values: dict[str, float], facts: pd.DataFrame):
    """Figure E4: lock-ups in months after the IPO, the essay's extra dividend gate, and hypothetical floors."""
    figures.apply_style()
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10.5, 4.4), gridspec_kw={"width_ratios": [1.7, 1]})
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
            fontsize=8.5,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    ax.set_yticks(range(len(holders)), [h[0] for h in holders])
    ax.set_xlim(0, horizon)
    ax.set_ylim(-0.6, 2.2)
    ax.set_title("When may pre-IPO holders reduce?")
    ax.set_xlabel("Months after the IPO (month 0)")
    ax.set_ylabel("Holder group")
    ax.legend(loc="upper right", fontsize=7.5)
    financing = values["Q8a"] + values["Q8b"]
    bx.bar([0], [values["Q8a"]], color=figures.PALETTE[0], label="IPO 10 (essay)")
    bx.bar([0], [values["Q8b"]], bottom=[values["Q8a"]], color=figures.PALETTE[5], label="follow-on 5 (essay)")
    floors = [dividend_floor(financing, k) for k in FLOOR_KS]
    bx.bar(
        range(1, 4),
        floors,
        color="white",
        edgecolor=UNVERIFIED_GREY,
        hatch=figures.STANDIN_HATCH,
        label="floor = k x 15 (hypothetical)",
    )
    for i, f in enumerate(floors, start=1):
        bx.text(i, f + 0.3, f"{f:g}", ha="center", fontsize=8.5)
    bx.set_xticks(range(4), ["financing\nraised", *[f"k={k:g}" for k in FLOOR_KS]])
    bx.set_title(f"Example financing (essay) and\nfloors ({HYPOTHETICAL})")
    bx.set_xlabel("Amount")
    bx.set_ylabel("100 million yuan (yi)")
    bx.set_ylim(0, financing * 1.6)
    bx.legend(loc="upper right", fontsize=7.5)
    fig.subplots_adjust(left=0.14, bottom=0.2, wspace=0.3, top=0.82)
    return fig


def fig_magnitudes(values: dict[str, float], facts: pd.DataFrame):
    """Figure E5: the essay's lower bound for stocks + bonds, curated totals, and the annual deficit."""
    figures.apply_style()
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10.5, 4.4), gridspec_kw={"width_ratios": [1.4, 1]})
    fig.suptitle("E5. Size of the basic asset stock and of the annual 'funding deficit'", fontweight="bold")
    bound = values["Q4"]
    bonds, equities = fact(facts, "F16"), fact(facts, "F17")
    ax.bar([0], [bound], color=figures.PALETTE[0], label="essay: 'should exceed' 160 (lower bound)")
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
    ax.set_xticks([0, 1], ["Essay (line 136)", "Curated public totals"])
    ax.set_title("Stocks + bonds")
    ax.set_xlabel("Source")
    ax.set_ylabel("Trillion yuan")
    ax.set_ylim(0, 300)
    ax.legend(loc="upper left", fontsize=7.5)
    deficit = values["Q5"]
    bx.bar([0], [deficit], color=figures.PALETTE[1], label="essay: about 1.5 per year (undefined measure)")
    bx.text(
        0,
        deficit * 1.04,
        f"{deficit / bound:.2%} of 160 per year\n(at most, since 160 is a lower bound)",
        ha="center",
        va="bottom",
        fontsize=8.5,
    )
    bx.set_xticks([0], ["Essay (line 142)"])
    bx.set_xlim(-0.8, 0.8)
    bx.set_ylim(0, deficit * 1.6)
    bx.set_title("Annual 'funding deficit' (not decomposed)")
    bx.set_xlabel("Source")
    bx.set_ylabel("Trillion yuan per year")
    bx.legend(loc="upper right", fontsize=7.5)
    fig.subplots_adjust(wspace=0.3, top=0.85)
    return fig


def _label_offsets(n: int) -> list[float]:
    """Alternate labels above and below a row so that same-day events do not overlap."""
    steps = (0.3, -0.3, 0.68, -0.68)
    return [steps[i % len(steps)] for i in range(n)]


def fig_policy_timeline(facts: pd.DataFrame, year: int = 2023):
    """Figure E6: the year's dated events by the tier of Figure E3; low-confidence events grey and marked."""
    events = facts[
        (facts["kind"] == "event") & facts["tier"].isin(TIERS) & facts["date"].str.startswith(str(year))
    ].copy()
    events["when"] = pd.to_datetime(events["date"])
    fig, ax = figures.new_figure(
        f"E6. {year} policy timeline by the essay's reform tier",
        f"Date ({year}, announcement)",
        "Tier in the essay's ordering",
        figsize=(10.5, 4.6),
    )
    speech_start, speech_end = pd.Timestamp(f"{year}-08-24"), pd.Timestamp(f"{year}-08-25")
    ax.axvspan(speech_start, speech_end + pd.Timedelta(days=1), color="#dddddd", zorder=0)
    ax.text(speech_start, 3.05, "speech ~24-25 Aug (inferred, footnote 3)", ha="right", va="center", fontsize=8)
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
                fontsize=7.5,
                color=colour,
                arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.6},
            )
    ax.set_yticks(range(len(TIERS)), [f"{t}\n(priority {TIERS.index(t) + 1})" for t in TIERS[::-1]])
    fig.subplots_adjust(left=0.12)
    ax.set_ylim(-1.0, 3.25)
    ax.set_xlim(pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year}-10-01"))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
    return fig


def fig_floor_sweep(financing_raised: float, lockup_years: float):
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
    ax.text(0.5, lockup_years + 0.4, f"controller lock-up ({lockup_years:g} years)", ha="right", fontsize=8.5)
    for k in FLOOR_KS:
        ax.axvline(k, color=UNVERIFIED_GREY, linewidth=0.6)
    ax.legend(loc="upper left", fontsize=8)
    return fig
