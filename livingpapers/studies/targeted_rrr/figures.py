"""The paper's Figures 2-3 (solved model), the TR index, marginal effects and the digital-transformation paths."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from livingpapers.studies.targeted_rrr.analysis import Results, break_even, marginal_effect
from livingpapers.toolkit.figures import Drawn, new_figure

# The paper's own figure captions, as printed (spacing included), shown as each title's first line.
PAPER_CAPTIONS = {
    2: "图2 没有定向降准政策和有定向降准政策时银行第一期小微贷款投放情况",
    3: "图3 没有定向降准政策和有定向降准政策时银行第二期小微贷款投放情况",
}
MODEL_SOURCE = (
    "model of Zeng et al. (2023, §2) solved in this chapter; illustrative calibration (spec §6), not estimates"
)


def fig_tr(results: Results, stand_in: bool) -> Drawn:
    fig, ax = new_figure("Targeted-RRR policy index TR by year", "Year", "TR (percentage points)")
    v = results.tr_variants
    width = 0.2
    for k, col in enumerate(v.columns):
        ax.bar(v.index + (k - 1.5) * width, v[col], width, label=col)
    ax.legend(fontsize=9)
    src = "overnight rates simulated with illustrative drops (stand-in)" if stand_in else "reader's overnight rates"
    return Drawn(fig, "Bar chart of the annual TR index 2011-2018 under the default construction and three variants; zero before 2014.",
                 f"event dates: data/facts/targeted_rrr_events.csv; {src}")  # fmt: skip


def _region_map(ax, grid, title):
    r = grid.alloc.region
    ax.contourf(grid.gamma_S, grid.c_S, r, levels=[0.5, 1.5, 2.5, 3.5], colors=["#d9d9d9", "#9ecae1", "#3182bd"])
    for k, name in ((1, "I"), (2, "II"), (3, "III")):
        if (r == k).any():
            gy, gx = np.argwhere(r == k).mean(axis=0)
            ax.text(np.interp(gx, range(len(grid.gamma_S)), grid.gamma_S), np.interp(gy, range(len(grid.c_S)), grid.c_S),
                    f"Region {name}", ha="center", fontsize=9, fontweight="bold")  # fmt: skip
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("management cost γ_S(a)")
    ax.set_ylabel("screening cost c_S(a)")


def fig_period(results: Results, period: int, paths=None) -> Drawn:
    """Figure 2 (period 1) or Figure 3 (period 2): S without the policy (a), with it (b), and the regions."""
    g = results.model.grid
    a = g.alloc
    title = (
        f"{PAPER_CAPTIONS[period + 1]}\nFigure {period + 1}: period-{period} small/micro lending\n"
        "without (a) and with (b) the targeted RRR cut"
    )
    fig, grid_axes = new_figure(title, nrows=2, ncols=2, figsize=(7.9, 7.6))
    fig.delaxes(grid_axes[1, 1])
    axes = [grid_axes[0, 0], grid_axes[0, 1], grid_axes[1, 0]]
    U, W = (a.S1U, a.S1W) if period == 1 else (a.S2U, a.S2W)
    vmax = float(np.nanmax(W))
    for ax, Z, t in ((axes[0], U, f"(a) S{period} without the policy"), (axes[1], W, f"(b) S{period} with the policy")):
        im = ax.pcolormesh(g.gamma_S, g.c_S, Z, vmin=0, vmax=vmax, cmap="viridis", shading="auto")
        ax.set_title(t, fontsize=10)
        ax.set_xlabel("management cost γ_S(a)")
        ax.set_ylabel("screening cost c_S(a)")
    fig.subplots_adjust(left=0.1, right=0.86, top=0.84, bottom=0.16, hspace=0.55, wspace=0.4)
    top = axes[1].get_position()
    cax = fig.add_axes((0.89, top.y0, 0.02, top.height), label="<colorbar>")
    fig.colorbar(im, cax=cax, label=f"S{period}")
    _region_map(axes[2], g, "(b) regions: I not qualified,\nII adjusts, III qualifies anyway")
    if paths:
        for name, p in paths.items():
            axes[2].plot(p["gamma_S"], p["c_S"], lw=2, label=f"{name}, a from 0 to 1")
        axes[2].legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.05, 1.0))
    shares = g.region_shares()
    alt = (f"Three panels over management cost (x) and screening cost (y): period-{period} small/micro lending without and with the policy, "
           f"and the regions (I {shares['I']:.0%}, II {shares['II']:.0%}, III {shares['III']:.0%} of the grid).")  # fmt: skip
    return Drawn(fig, alt, MODEL_SOURCE)


def fig_paths(results: Results) -> Drawn:
    fig, axes = new_figure(
        "Digital transformation and the liquidity-release effect (R2-R4)", ncols=2, figsize=(7.9, 4.2)
    )
    for name, p in results.model.paths.items():
        axes[0].plot(p["a"], p["dS2_dtau"], label=name)
        axes[1].plot(p["a"], p["drho2_dtau"], label=name)
    axes[0].set_title("dS2*/dτ2 (R2, R4)", fontsize=10)
    axes[1].set_title("dρ2/dτ2 (R3, R4)", fontsize=10)
    for ax in axes:
        ax.axhline(0, color="grey", lw=0.8)
        ax.set_xlabel("digital transformation a")
        ax.set_ylabel("derivative")
    axes[1].legend(fontsize=9)
    fig.tight_layout()
    return Drawn(
        fig,
        "Two line charts against digital transformation a for a large and a small bank: the response of small/micro lending and of its share to the reserve ratio.",
        MODEL_SOURCE,
    )


def fig_marginal(results: Results, stand_in: bool) -> Drawn:
    fig, axes = new_figure(
        "Marginal effect of TR against digital transformation\n(Tables 3 and 4)", ncols=2, figsize=(7.9, 4.4)
    )
    fin = results.panel["fin"]
    grid = np.linspace(fin.quantile(0.01), fin.quantile(0.99), 60)
    for ax, table, ylab in ((axes[0], "table3", "dslr/dTR"), (axes[1], "table4", "dlnsloan/dTR")):
        for s, label in (("large", "Large banks"), ("smb", "Small and medium banks")):
            me = marginal_effect(results.fits[table, s], grid)
            ax.plot(me["fin"], me["effect"], label=label)
            ax.fill_between(me["fin"], me["lo"], me["hi"], alpha=0.2)
            be, _ = break_even(results.fits[table, s])
            if grid.min() <= be <= grid.max():
                ax.axvline(be, ls=":", lw=1, color=ax.lines[-1].get_color())
        ax.axhline(0, color="grey", lw=0.8)
        ax.set_title(f"{table.replace('table', 'Table ')}: {ylab}", fontsize=10)
        ax.set_xlabel("Fin (log digital-\ntransformation index)")
        ax.set_ylabel(ylab)
    axes[0].legend(fontsize=9)
    fig.tight_layout()
    src = "stand-in data (simulated), not evidence" if stand_in else "reader's data"
    return Drawn(fig, "Two panels: the estimated effect of TR as a function of digital transformation with 95 % delta-method bands; dotted lines mark break-even values.",
                 f"difference GMM in this chapter; {src}")  # fmt: skip


def fig_diagnosis(table) -> Drawn:
    fig, ax = new_figure("Design diagnosis: how often each headline claim holds", "Share of draws", "")
    y = np.arange(len(table))
    ax.barh(y - 0.2, table["P(holds), planted"].astype(float), 0.4, label="planted effects")
    ax.barh(y + 0.2, table["P(holds), no effect"].astype(float).fillna(0), 0.4, label="no effect")
    ax.set_yticks(y, table.index)
    ax.set_ylabel("claim")
    ax.axvline(0.8, ls=":", color="grey")
    ax.legend(fontsize=9)
    plt.tight_layout()
    return Drawn(fig, "Horizontal bars: for each headline claim, the share of simulated panels in which it holds with the planted effects and with no effect.",
                 "Monte Carlo of difference GMM on re-simulated stand-ins")  # fmt: skip
