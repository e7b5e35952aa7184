"""Figures of the trade-hubs chapter (stand-in values labelled; the paper's figures also carry its Chinese caption)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from scipy import stats

from livingpapers.studies.trade_hubs.data import YEARS
from livingpapers.toolkit.figures import MIN_DISPLAYED_PT, PALETTE, Drawn, new_figure

# The paper's own figure captions, as printed (spacing included), shown as each title's first line.
PAPER_CAPTIONS = {1: "图 1 我国贸易枢纽建设政策演进", 2: "图 2 平行趋势检验结果", 3: "图 3 安慰剂检验结果"}

STAGES = [
    ("Separate exploration", 2008.5, 2013),
    ("Convergence start-up", 2013, 2017),
    ("Deep integration", 2017, 2021),
    ("Network diffusion", 2021, 2024),
]
TRACKS = {"FTZ": 3, "CR Express": 2, "corridor": 1, "policy": 0}
SHORT = "Xiao, Zhu and Feng (2026)"  # the source lines stay one line within the figure's width
WIDTH = 7.4  # inches: with the saved margins within the book's 760 px column, so no figure is shrunk
TEXT_PT = MIN_DISPLAYED_PT  # the smallest text of every figure, readable at page width


def _label_step(n_rows: int, axes_height_in: float) -> int:
    """Label every k-th of ``n_rows`` rows so that labels of TEXT_PT points do not overlap."""
    row_pt = axes_height_in * 72 / max(n_rows, 1)
    return max(1, math.ceil(TEXT_PT * 1.2 / row_pt))


def _data_label(simulated: bool) -> str:
    return "stand-in" if simulated else "user data"


def fig_timeline(milestones: pd.DataFrame) -> Drawn:
    """Fig. 1 redrawn: the paper's four stages with dated FTZ, CR Express and corridor milestones."""
    fig, ax = new_figure(f"{PAPER_CAPTIONS[1]}\nFig. 1  Policy evolution of trade-hub building", "Year", "Track")
    fig.set_size_inches(WIDTH, 6.2)
    for i, (name, start, end) in enumerate(STAGES):
        ax.axvspan(start, end, color=PALETTE[i % len(PALETTE)], alpha=0.08)
        ax.text((start + end) / 2, 3.75, name, ha="center", fontsize=TEXT_PT, style="italic")
    dates = pd.to_datetime(milestones["date"])
    x = dates.dt.year + (dates.dt.dayofyear - 1) / 365
    seen = dict.fromkeys(TRACKS, 0)
    for xi, track, label, conf in zip(x, milestones["track"], milestones["label"], milestones["confidence"]):
        y = TRACKS[track]
        ax.plot(xi, y, "o", color=PALETTE[y], mfc="white" if conf == "low" else PALETTE[y])
        offset = (10, -15, 22, -27)[seen[track] % 4]
        seen[track] += 1
        ax.annotate(label, (xi, y), xytext=(0, offset), textcoords="offset points", fontsize=TEXT_PT, ha="center")
    ax.set_yticks(list(TRACKS.values()), list(TRACKS.keys()))
    ax.set_ylim(-0.7, 4.0)
    ax.set_xlim(2010.5, 2024)
    return Drawn(
        fig,
        "Timeline 2011-2023 with four shaded stages of trade-hub building (separate exploration before 2013, "
        "convergence start-up 2013-2016, deep integration 2017-2020, network diffusion from 2021) and dated "
        "milestones on four tracks: FTZ batches 2013-2023, China-Europe Railway Express milestones from the first "
        "Chongqing train in 2011 to the first Shanghai train in 2021, the land-sea corridor, and national plans. "
        "Hollow markers are dates of low confidence.",
        f"{SHORT}, Fig. 1; dates: data/facts/trade_hubs_milestones.csv",
    )


def fig_timing_heatmap(df: pd.DataFrame) -> Drawn:
    """Treatment timing of every city that ever had an FTZ or CR Express, by year."""
    state = df["ftz"] + 2 * df["cre"]
    wide = df.assign(state=state).pivot(index="city", columns="year", values="state")
    order = df.groupby("city").agg(h=("hub_year", "first"), f=("ftz_year", "first"), c=("cre_year", "first"))
    order = order[(order["f"].notna()) | (order["c"].notna())].sort_values(["h", "f", "c"])
    wide = wide.loc[order.index]
    colors = ["#f2f2f2", PALETTE[1], PALETTE[2], PALETTE[0]]
    fig, ax = new_figure("Treatment timing: FTZ, CR Express and trade hubs", "Year", "City")
    fig.set_size_inches(WIDTH, 11)
    ax.imshow(
        wide.to_numpy(),
        aspect="auto",
        cmap=plt.matplotlib.colors.ListedColormap(colors),
        vmin=-0.5,
        vmax=3.5,
        interpolation="nearest",
    )
    every = _label_step(len(wide), fig.get_figheight() * 0.8)
    ax.set_yticks(range(0, len(wide), every), wide.index[::every], fontsize=TEXT_PT)
    ax.set_xticks(range(len(YEARS)), YEARS, rotation=90, fontsize=TEXT_PT)
    ax.grid(False)
    ax.legend(
        handles=[
            Patch(color=c, label=lab) for c, lab in zip(colors, ["none", "FTZ only", "CR Express only", "hub (both)"])
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.07),
        ncol=4,
        fontsize=TEXT_PT,
    )
    return Drawn(
        fig,
        f"Heat map of {len(wide)} cities (rows) by year 2009-2022 (columns) coloured by policy state: none, FTZ "
        "only, CR Express only, or both (trade hub). Hub cities are sorted by hub year, from Xiamen (2015) to "
        "Shanghai (2021); cities with only one policy follow.",
        "data/facts/trade_hubs_ftz.csv and trade_hubs_cre.csv, city level",
    )


def fig_event_study(frames: dict[str, pd.DataFrame], simulated: bool, truth: pd.DataFrame | None = None) -> Drawn:
    """Fig. 2: event-study coefficients with 95% CIs (one or more estimators)."""
    fig, ax = new_figure(
        f"{PAPER_CAPTIONS[2]}\nFig. 2  Event study (parallel-trends test)",
        "Years relative to hub year",
        "Effect on trade dependence",
    )
    width = 0.12 * (len(frames) - 1)
    for i, (label, frame) in enumerate(frames.items()):
        x = frame["event_time"] + (i * 0.25 - width)
        ax.errorbar(
            x, frame["coef"], yerr=1.96 * frame["se"].fillna(0), fmt="o", ms=4, capsize=2, color=PALETTE[i], label=label
        )
    if truth is not None:
        ax.plot(truth["event_time"], truth["tau"], "k--", lw=1, label="true mean effect (stand-in)")
    ax.axhline(0, color="grey", lw=0.8)
    ax.axvline(-0.5, color="grey", lw=0.8, ls=":")
    ax.legend(fontsize=TEXT_PT)
    return Drawn(
        fig,
        "Event-study coefficients for 5 years before to 5 years after the hub year, with 95% confidence "
        "intervals; the year before the hub year is the reference. Pre-period coefficients are near zero; "
        "post-period coefficients rise with exposure.",
        f"estimates of this run ({_data_label(simulated)}); design: {SHORT}, Fig. 2",
    )


def fig_placebo(placebo: pd.DataFrame, estimate: float, simulated: bool) -> Drawn:
    """Fig. 3: kernel density of placebo coefficients and their p-values, with the real estimate."""
    fig, axes = new_figure(f"{PAPER_CAPTIONS[3]}\nFig. 3  Placebo test: random pseudo-hubs", ncols=2)
    fig.set_size_inches(WIDTH, 4.6)
    fig.subplots_adjust(top=0.78)  # room for the two-line title above the panel titles
    grid = np.linspace(
        min(placebo["coef"].min(), -abs(estimate)) - 0.1, max(placebo["coef"].max(), estimate) + 0.1, 300
    )
    axes[0].plot(grid, stats.gaussian_kde(placebo["coef"])(grid), color=PALETTE[0])
    axes[0].axvline(estimate, ls="--", color=PALETTE[1], label=f"estimate {estimate:.3f}")
    axes[0].set(xlabel="Placebo coefficient", ylabel="Kernel density", title="Density of placebo coefficients")
    axes[0].legend(fontsize=TEXT_PT)
    axes[1].scatter(placebo["coef"], placebo["p"], s=6, alpha=0.5, color=PALETTE[0])
    axes[1].axhline(0.1, ls=":", color="grey")
    axes[1].axvline(estimate, ls="--", color=PALETTE[1])
    axes[1].set(xlabel="Placebo coefficient", ylabel="Clustered p-value", title="p-values of placebo coefficients")
    return Drawn(
        fig,
        f"Left: kernel density of {len(placebo)} placebo coefficients, centred near zero, with a dashed line "
        f"at the estimate {estimate:.3f}. Right: each placebo's clustered p-value against its coefficient, "
        "with a dotted line at p = 0.1.",
        f"placebo draws of this run ({_data_label(simulated)}); design: {SHORT}, Fig. 3",
    )


def fig_psm_overlap(scores: pd.Series, hub: pd.Series, support: tuple[float, float], simulated: bool) -> Drawn:
    """Propensity-score overlap of hub and non-hub city-years, with the common-support band."""
    fig, ax = new_figure("PSM: propensity-score overlap", "Propensity score (pooled logit)", "Density")
    bins = np.linspace(0, scores.max(), 40)
    ax.hist(scores[hub == 0], bins=bins, density=True, alpha=0.5, color=PALETTE[0], label="non-hub city-years")
    ax.hist(scores[hub == 1], bins=bins, density=True, alpha=0.5, color=PALETTE[1], label="hub city-years")
    ax.axvspan(*support, color="grey", alpha=0.1, label="common support")
    ax.legend(fontsize=TEXT_PT)
    return Drawn(
        fig,
        "Overlapping histograms of the propensity score for hub and non-hub city-years with the two-sided "
        "common-support band shaded.",
        f"this chapter's PSM ({_data_label(simulated)})",
    )


def fig_bacon(decomposition: pd.DataFrame, twfe: float, simulated: bool) -> Drawn:
    """Goodman-Bacon decomposition: each 2x2 estimate against its weight."""
    fig, ax = new_figure("Goodman-Bacon decomposition of the TWFE estimate", "Weight", "2x2 DID estimate")
    for i, (name, g) in enumerate(decomposition.groupby("comparison")):
        ax.scatter(g["weight"], g["estimate"], s=18, color=PALETTE[i], label=name)
    ax.axhline(twfe, ls="--", color="grey", label=f"TWFE (no controls) {twfe:.3f}")
    ax.legend(fontsize=TEXT_PT)
    return Drawn(
        fig,
        "Scatter of every 2x2 difference-in-differences comparison by its weight: treated versus never "
        "treated, earlier versus later treated, and later versus already-treated cities; dashed line at the "
        "TWFE estimate, which is their weighted average.",
        f"this chapter's decomposition ({_data_label(simulated)})",
    )


def fig_design(draws: pd.DataFrame) -> Drawn:
    """Design diagnosis: the sampling distribution of each estimator against its truth."""
    fig, ax = new_figure("Design diagnosis: estimates over simulated draws", "Estimate of the hub effect", "Estimator")
    names = list(dict.fromkeys(draws["estimator"]))
    for i, name in enumerate(names):
        est = draws.loc[draws["estimator"] == name, "estimate"]
        ax.scatter(
            est,
            np.full(len(est), i) + np.random.default_rng(i).uniform(-0.15, 0.15, len(est)),
            s=6,
            alpha=0.4,
            color=PALETTE[i],
        )
    ax.axvline(draws["truth"].mean(), color="k", ls="--", label="mean true ATT")
    ax.set_yticks(range(len(names)), names, fontsize=TEXT_PT)
    fig.set_size_inches(WIDTH, 4.2)
    fig.subplots_adjust(left=0.38)  # the estimators' names inside the figure
    ax.legend(fontsize=TEXT_PT)
    return Drawn(
        fig,
        "Dot strips of the estimates from each simulated draw for TWFE and the Callaway-Sant'Anna estimators, "
        "with a dashed line at the mean true effect of becoming a hub.",
        "simulated draws of the stand-in with the real adoption timing",
    )
