"""Figures of the chapter (English text only), each returned as a :class:`livingpapers.toolkit.figures.Drawn`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from livingpapers.toolkit.figures import PALETTE, STANDIN_HATCH, Drawn, new_figure


def depth_chart(table2: pd.DataFrame) -> Drawn:
    """Table 2 as a chart: overall depth of China's agreements (in-force order) and the benchmark templates.

    ``table2`` has label, depth, published (bool), china (bool). Published values are solid bars;
    stand-in codings are hatched and labelled as such.
    """
    fig, ax = new_figure(
        "Depth of digital-trade rules: China's agreements vs benchmark templates",
        "Depth index (0-1, level-by-level mean of score/3)",
        "Agreement",
    )
    fig.set_size_inches(7.5, 7.5)
    y = np.arange(len(table2))[::-1]
    colors = [PALETTE[0] if c else PALETTE[1] for c in table2["china"]]
    bars = ax.barh(y, table2["depth"], color=colors, edgecolor="white")
    for bar, published in zip(bars, table2["published"]):
        if not published:
            bar.set_hatch(STANDIN_HATCH)
            bar.set_alpha(0.55)
    for yy, (value, published) in zip(y, zip(table2["depth"], table2["published"])):
        ax.text(value + 0.01, yy, f"{value:.3f}" + ("" if published else " (stand-in)"), va="center", fontsize=7)
    ax.set_yticks(y, table2["label"], fontsize=7)
    ax.set_xlim(0, 1)
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=PALETTE[0], label="China's agreements"),
            Patch(color=PALETTE[1], label="Benchmark templates"),
            Patch(facecolor="white", edgecolor="grey", hatch=STANDIN_HATCH, label="stand-in coding (not published)"),
        ],
        loc="lower right",
        fontsize=7,
    )
    alt = (
        "Horizontal bar chart of the digital-rule depth of China's agreements in order of entry into force and of five "
        "benchmark templates. Solid bars are the six values the paper prints (ASEAN framework 0.023, Korea 0.384, "
        "Australia 0.363, RCEP 0.623, CPTPP 0.672, USMCA 0.803); hatched bars are stand-in codings."
    )
    return Drawn(
        fig, alt, "the paper (six published depths, §3.2); all other bars are stand-in codings of this chapter"
    )


def monte_carlo_chart(draws: pd.DataFrame) -> Drawn:
    """Sampling distributions of PPML and OLS-on-logs estimates of the two semi-elasticities, with the truth."""
    fig, axes = new_figure(
        "Monte Carlo on the stand-in: PPML vs OLS on log exports (simulated)", nrows=1, ncols=2, figsize=(8, 3.6)
    )
    for ax, (variable, label) in zip(axes, (("rtadepth", "RTAdepth"), ("other", "OtherRTAdep"))):
        sub = draws[draws["variable"] == variable]
        bins = np.linspace(sub["estimate"].min(), sub["estimate"].max(), 25)
        for color, (name, group) in zip(PALETTE, sub.groupby("estimator")):
            ax.hist(group["estimate"], bins=bins, alpha=0.6, color=color, label=name)
        ax.axvline(sub["truth"].iloc[0], color="black", linestyle="--", label="truth")
        ax.set_xlabel(f"Estimated coefficient on {label}")
        ax.set_ylabel("Number of draws")
        ax.legend(fontsize=7)
    alt = (
        "Two histograms of Monte Carlo estimates on simulated flows: PPML estimates centre on the true "
        "semi-elasticities (dashed lines) while OLS on log exports is shifted, under heteroskedastic errors and zeros."
    )
    return Drawn(fig, alt, "simulated flows on the stand-in covariates; this chapter's Monte Carlo")
