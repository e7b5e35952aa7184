"""Figures of the chapter (English text only), each returned as a :class:`livingpapers.toolkit.figures.Drawn`."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from livingpapers.toolkit.figures import PALETTE, STANDIN_HATCH, Drawn, new_figure

LABEL_WIDTH = 34  # characters per line of an agreement's name on the depth chart
TEXT_PT = 9.0  # the smallest text on the page (figures are drawn at most 7.8 in wide, so shown at full size)
SOURCE_MARGIN = 36  # characters kept free on a source line for "Source: " and the chapter's stand-in mark


def fit_source(draw: Callable[..., Drawn]) -> Callable[..., Drawn]:
    """Wrap a figure's source line to the figure's width (leaving room for "Source: " and the stand-in mark
    the chapter adds), so the saved image is no wider than the figure and shows its text at full size."""

    @functools.wraps(draw)
    def drawn(*args, **kwargs) -> Drawn:
        figure = draw(*args, **kwargs)
        characters = int(figure.fig.get_figwidth() * 72 / (0.55 * TEXT_PT))  # 9 pt characters across the figure
        figure.source = textwrap.fill(figure.source, characters - SOURCE_MARGIN)
        lines = figure.source.count("\n") + 1  # room below the axes for the source line(s)
        bottom = figure.fig.subplotpars.bottom + lines * 1.4 * TEXT_PT / 72 / figure.fig.get_figheight()
        figure.fig.subplots_adjust(bottom=bottom)
        return figure

    return drawn


@fit_source
def depth_chart(table2: pd.DataFrame) -> Drawn:
    """Table 2 as a chart: overall depth of China's agreements (in-force order) and the benchmark templates.

    ``table2`` has label, depth, published (bool), china (bool) and published_depth. Published values are
    solid bars; stand-in codings are hatched and labelled as such. The figure is 7.8 in wide, so its
    9 pt text shows at 9 pt in the page column; long names wrap, and the legend sits in the empty
    upper right, beside the shallow early agreements.
    """
    fig, ax = new_figure(
        "Depth of digital-trade rules:\nChina's agreements vs benchmark templates",
        "Depth index (0-1, level-by-level mean of score/3)",
        "Agreement",
    )
    labels = [textwrap.fill(label, LABEL_WIDTH) for label in table2["label"]]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig.set_size_inches(7.8, 1.6 + 0.19 * lines + 0.08 * len(labels))
    y = np.arange(len(table2))[::-1]
    colors = [PALETTE[0] if c else PALETTE[1] for c in table2["china"]]
    bars = ax.barh(y, table2["depth"], color=colors, edgecolor="white")
    for bar, published in zip(bars, table2["published"]):
        if not published:
            bar.set_hatch(STANDIN_HATCH)
            bar.set_alpha(0.55)
    for yy, (value, published) in zip(y, zip(table2["depth"], table2["published"])):
        ax.text(value + 0.01, yy, f"{value:.3f}" + ("" if published else " (stand-in)"), va="center", fontsize=TEXT_PT)
    ax.set_yticks(y, labels, fontsize=TEXT_PT)
    ax.set_ylim(-0.7, len(table2) - 0.3)
    ax.set_xlim(0, 1.15)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.legend(
        handles=[
            Patch(color=PALETTE[0], label="China's agreements"),
            Patch(color=PALETTE[1], label="Benchmark templates"),
            Patch(facecolor="white", edgecolor="grey", hatch=STANDIN_HATCH, label="stand-in coding (not published)"),
        ],
        loc="upper right",
        fontsize=TEXT_PT,
    )
    fig.tight_layout()  # the wrapped names inside the 7.8 in, so the page shows the text at its size
    printed = table2[table2["published"]]
    alt = (
        "Horizontal bar chart of the digital-rule depth of China's agreements in order of entry into force and of "
        f"{len(table2) - int(table2['china'].sum())} benchmark templates. Solid bars are the {len(printed)} values the "
        "paper prints ("
        + ", ".join(f"{row.name} {row.published_depth:.3f}" for row in printed.itertuples())
        + "); hatched bars are stand-in codings."
    )
    return Drawn(
        fig, alt, "the paper (six published depths, §3.2); all other bars are stand-in codings of this chapter"
    )


@fit_source
def monte_carlo_chart(draws: pd.DataFrame) -> Drawn:
    """Sampling distributions of PPML and OLS-on-logs estimates of the two semi-elasticities, with the truth."""
    fig, axes = new_figure(
        "Monte Carlo on the stand-in: PPML vs OLS on log exports (simulated)", nrows=1, ncols=2, figsize=(7.8, 3.9)
    )
    for ax, (variable, label) in zip(axes, (("rtadepth", "RTAdepth"), ("other", "OtherRTAdep"))):
        sub = draws[draws["variable"] == variable]
        bins = np.linspace(sub["estimate"].min(), sub["estimate"].max(), 25)
        for color, (name, group) in zip(PALETTE, sub.groupby("estimator")):
            ax.hist(group["estimate"], bins=bins, alpha=0.6, color=color, label=name)
        ax.axvline(sub["truth"].iloc[0], color="black", linestyle="--", label="truth")
        ax.set_xlabel(f"Estimated coefficient on {label}")
        ax.set_ylabel("Number of draws")
        ax.legend(fontsize=TEXT_PT)
    fig.tight_layout()
    means = draws.groupby(["variable", "estimator"])["estimate"].mean()
    truth = draws.groupby("variable")["truth"].first()
    alt = (
        f"Two histograms of {draws['draw'].nunique()} Monte Carlo estimates on simulated flows, with the true "
        "semi-elasticities as dashed lines. Mean estimates: "
        + "; ".join(
            f"{label} (truth {truth[v]:g}): "
            + ", ".join(f"{name} {means[(v, name)]:.3f}" for name in sorted(draws["estimator"].unique()))
            for v, label in (("rtadepth", "RTAdepth"), ("other", "OtherRTAdep"))
        )
        + "."
    )
    return Drawn(fig, alt, "simulated flows on the stand-in covariates; this chapter's Monte Carlo")
