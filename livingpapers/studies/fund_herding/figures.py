"""Figure 1 (dispersion and top-100 concentration with the four episodes shaded), Figure 2 (the
mechanism diagram, redrawn), and two figures beyond the paper (the transition matrix as a heat
map; the key coefficients under each robustness variant)."""

from __future__ import annotations

import matplotlib.patches as patches
import numpy as np
import pandas as pd

from livingpapers.studies.fund_herding.data import episodes
from livingpapers.toolkit.figures import PALETTE, Drawn, new_figure

# The paper's own figure captions, as printed (spacing included), shown as each title's first line.
PAPER_CAPTIONS = {1: "图 1 我国基金经历的四次“抱团”", 2: "图 2 “抱团”影响基金业绩和净值暴跌风险的机理"}
STANDIN_SOURCE = "seeded stand-in (simulated; not evidence); layout after Su, He and Zhang (2023), Figure 1"


def figure1(concentration: pd.DataFrame, simulated: bool) -> Drawn:
    """Dispersion m/n (solid, left axis) and top-100 share (dashed, right axis) by year end."""
    fig, ax = new_figure(
        f"{PAPER_CAPTIONS[1]}\nFigure 1. The four herding episodes of Chinese funds", "Year end", "Dispersion m/n (%)"
    )
    years = concentration.index.to_numpy()
    shades = ["#dbe5f1", "#f8e1d3", "#e2efda", "#fff2cc"]
    for k, (_, ep) in enumerate(episodes().iterrows()):
        ax.axvspan(ep["start"] - 0.5, ep["end"] + 0.5, color=shades[k % 4], alpha=0.6, lw=0, zorder=0)
        ax.text((ep["start"] + ep["end"]) / 2, 0.98 - 0.07 * (k % 2), ep["theme_en"], transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=9)  # fmt: skip
    ax.plot(years, concentration["m/n (%)"], color=PALETTE[0], lw=2, label="Dispersion m/n (left)")
    right = ax.twinx()
    right.plot(
        years, concentration["top-100 share (%)"], color=PALETTE[1], lw=2, ls="--", label="Top-100 share (right)"
    )
    right.set_ylabel("Top-100 share of fund equity money (%)")
    right.set_xlabel("Year end")
    right.spines["right"].set_visible(True)
    right.grid(False)
    lines = ax.get_lines() + right.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], loc="lower left", fontsize=9)
    ax.set_xticks(years[::2])
    last = concentration.iloc[-1]
    alt = (
        f"Line chart by year end {years[0]}-{years[-1]}: the share of held stocks needed to reach half of fund equity "
        f"money (m/n, solid) and the share of the 100 most-held stocks (dashed), with the four herding episodes "
        f"shaded. In the last year m/n is {last['m/n (%)']:.1f}% and the top-100 share {last['top-100 share (%)']:.1f}%."
    )
    source = (
        STANDIN_SOURCE if simulated else "the reader's holdings data; layout after Su, He and Zhang (2023), Figure 1"
    )
    return Drawn(fig, alt, source)


MECHANISM = [
    ("High-selectivity funds find undervalued 'alternative' stocks", 0),
    ("The stocks rise; portfolios are disclosed (June, December)", 0),
    ("Other funds and investors imitate", 0),
    ("Positive feedback: inflows → higher prices → better NAV → more inflows\n(herding forms and deepens)", 1),
    ("Low-selectivity funds join and gain: high timing ability when new money arrives", 1),
    ("Prices detach from fundamentals: high and volatile", 2),
    ("Short-term evaluation pressure: exits, negative feedback", 2),
    ("Herded stocks crash, and so do the NAVs of herding funds", 2),
]


def figure2() -> Drawn:
    """The paper's mechanism diagram (Figure 2) as a flow chart, redrawn from its description."""
    fig, ax = new_figure(
        f"{PAPER_CAPTIONS[2]}\nFigure 2. How herding affects fund performance and NAV crash risk", figsize=(7.0, 6.2)
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    colours = ["#dbe5f1", "#e2efda", "#f8e1d3"]
    n = len(MECHANISM)
    height = 0.082
    ys = np.linspace(0.93, 0.07, n)
    for k, ((text, stage), y) in enumerate(zip(MECHANISM, ys)):
        box = patches.FancyBboxPatch((0.08, y - height / 2), 0.84, height, boxstyle="round,pad=0.01",
                                     fc=colours[stage], ec="#555555")  # fmt: skip
        ax.add_patch(box)
        ax.text(0.5, y, text, ha="center", va="center", fontsize=9)
        if k < n - 1:
            ax.annotate("", xy=(0.5, ys[k + 1] + height / 2 + 0.004), xytext=(0.5, y - height / 2 - 0.004),
                        arrowprops={"arrowstyle": "->", "color": "#333333"})  # fmt: skip
    for label, y in (("formation", 0.85), ("performance gains", 0.57), ("crash risk", 0.2)):
        ax.text(0.02, y, label, rotation=90, ha="center", va="center", fontsize=9, color="#333333")
    alt = ("Flow chart of eight boxes from top to bottom: skilled funds find undervalued stocks; the stocks rise and "
           "are disclosed; others imitate; inflows push prices and NAVs up in a positive feedback loop; weaker funds "
           "join and show timing ability; prices detach from fundamentals; evaluation pressure triggers exits; herded "
           "stocks and herding funds' NAVs crash.")  # fmt: skip
    return Drawn(fig, alt, "redrawn from the description of Figure 2 in Su, He and Zhang (2023), §4.4", schematic=True)


def transition_heatmap(matrix: pd.DataFrame, published: pd.DataFrame, simulated: bool) -> Drawn:
    """This run's row-normalised Table 4 beside the paper's, row-normalised (beyond the paper)."""
    fig, axes = new_figure("Transition between Overlap_S deciles, T to T+1", nrows=1, ncols=2, figsize=(7.8, 3.9))
    norm = published.div(published.sum(axis=1), axis=0)
    for ax, (title, m) in zip(axes, (("This run" + (" (stand-in)" if simulated else ""), matrix),
                                     ("Paper, rows rescaled to 1", norm))):  # fmt: skip
        im = ax.imshow(m.to_numpy(), cmap="Blues", vmin=0, vmax=0.45)
        ax.set_title(title, fontsize=10)
        ax.set_xticks(range(10), range(1, 11))
        ax.set_yticks(range(10), range(1, 11))
        ax.set_xlabel("Decile at T+1")
        ax.set_ylabel("Decile at T")
    fig.colorbar(im, ax=axes, shrink=0.8, label="Share of funds")
    alt = (f"Two heat maps of 10 by 10 transition shares between Overlap_S deciles. Diagonal of this run: "
           f"{matrix.iloc[0, 0]:.2f} (decile 1) and {matrix.iloc[9, 9]:.2f} (decile 10); the paper's, rescaled: "
           f"{norm.iloc[0, 0]:.2f} and {norm.iloc[9, 9]:.2f}.")  # fmt: skip
    return Drawn(fig, alt, "this run; Su, He and Zhang (2023), Table 4 (rows rescaled to sum to 1)")


SHORT_VARIANTS = {"as published (iid SE, year FE)": "As published", "fund-clustered SE": "Fund-clustered SE",
                  "fund and year FE (clustered)": "Fund and year FE", "winsorised at 0.5% instead of trimmed": "Winsorised",
                  "raw overlap (per pooled SD), year FE": "Raw overlap", "both overlaps jointly": "Both overlaps"}  # fmt: skip
NAMES = {"rate_ave": "Rate_Ave", "alfa_capm": "Alfa_CAPM", "ncskew": "Ncskew", "duvol": "Duvol",
         "overlap_s": "Overlap_S", "overlap_i": "Overlap_I"}  # fmt: skip


def robustness_plot(robust: pd.DataFrame, simulated: bool) -> Drawn:
    """Key coefficients with 95% intervals under each robustness variant (beyond the paper)."""
    combos = robust[["outcome", "key"]].drop_duplicates().to_numpy()
    ncols = int(np.ceil(len(combos) / 2))
    fig, axes = new_figure("Key coefficients under alternative specifications (beyond the paper)",
                           nrows=2, ncols=ncols, figsize=(7.8, 7.0), sharey=True)  # fmt: skip
    variants = robust["variant"].unique()
    y = np.arange(len(variants))
    for ax, (outcome, key) in zip(axes.flat, combos):
        g = robust[(robust["outcome"] == outcome) & (robust["key"] == key)].set_index("variant").reindex(variants)
        ax.errorbar(g["coef"], y, xerr=1.96 * g["se"], fmt="o", color=PALETTE[0], capsize=2)
        ax.axvline(0, color="#888888", lw=0.8)
        ax.set_title(f"{NAMES.get(outcome, outcome)} on {NAMES.get(key, key)}", fontsize=10)
        ax.tick_params(axis="x", labelsize=9)
        ax.locator_params(axis="x", nbins=3)
    for row in axes:
        row[0].set_yticks(y, [SHORT_VARIANTS.get(v, v) for v in variants], fontsize=9)
        for k, ax in enumerate(row):
            ax.set_xlabel("Coefficient")
            ax.set_ylabel("Specification" if k == 0 else " ")
    fig.subplots_adjust(left=0.2, right=0.98, top=0.88, bottom=0.1, hspace=0.45, wspace=0.12)
    alt = ("Dot plots of the key coefficient with 95% intervals for six outcome-regressor pairs under six "
           "specifications: as published, fund-clustered SE, fund fixed effects, winsorising, raw overlap and both "
           "overlaps jointly.")  # fmt: skip
    source = "this run (stand-in: simulated, not evidence)" if simulated else "this run on the reader's data"
    return Drawn(fig, alt, source)
