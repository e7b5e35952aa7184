"""Figures of the Belt and Road trade-network chapter; each returns a :class:`Drawn`.

Countries sit at their capitals on an offline Natural Earth base map
(:mod:`livingpapers.toolkit.basemap`). Each map and arc diagram is one figure per year, at most
the page's width, so that country codes and legends stay readable (at least 9 pt as displayed).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon

from livingpapers.toolkit import basemap, figures
from livingpapers.toolkit.figures import MIN_DISPLAYED_PT, PALETTE, Drawn

from . import data, paper
from . import network as nw
from .analysis import TOP_K, YearResult, pair_table

SOURCE_STANDIN = "stand-in trade, seed {seed}"
SOURCE_REAL = "your UN Comtrade extract"
MAP_SIZE = (7.8, 5.8)  # inches: the page column is 760 px = 7.9 in, so the figure is never shrunk
LABEL_PT = MIN_DISPLAYED_PT
FAMILY_COLOURS = {"cn": PALETTE[2], "ru": PALETTE[0], "sa": PALETTE[1], "cee": PALETTE[4], "tr": PALETTE[3]}
UNMATCHED = ["#7f7f7f", "#b0b0b0", "#404040", "#d9d9d9"]
TIER_STYLE = {1: (3.2, "#08306b"), 2: (2.0, "#2171b5"), 3: (1.0, "#6baed6"), 4: (0.5, "#c6dbef")}
# The paper's own figure captions, as printed (spacing included), shown as each title's first line.
PAPER_CAPTIONS = {
    1: "图 1 网络中门户节点识别示意图",
    2: "图2 “一带一路”贸易网络格局演化",
    3: "图 3 “一带一路”贸易网络主干结构演化",
    4: "图 4 “一带一路”贸易网络组团结构演化",
    5: "图5 “一带一路”贸易组团关系演进",
    6: "图 6 “一带一路”贸易网络拓扑结构演化",
}


def source(data_mode: str, seed: int) -> str:
    return SOURCE_STANDIN.format(seed=seed) if data_mode == "standin" else SOURCE_REAL


def _label(data_mode: str) -> str:
    return " (stand-in)" if data_mode == "standin" else ""


def _coords(codes) -> tuple[np.ndarray, np.ndarray]:
    c = data.countries().loc[list(codes)]
    return c["lon"].to_numpy(), c["lat"].to_numpy()


def _map_figure(title: str, highlight, figsize=MAP_SIZE):
    """One map: the Natural Earth base map (the study's countries a shade darker), axes in degrees."""
    fig, ax = figures.new_figure(title, "Longitude (°E)", "Latitude (°N)", figsize=figsize)
    basemap.draw_base_map(ax, highlight)
    ax.set_xlim(10, 130)
    ax.set_ylim(-12, 62)
    ax.set_aspect("equal")
    ax.grid(False)
    return fig, ax


def _segments(lon: np.ndarray, lat: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Line segments from node ``a`` to node ``b`` in map coordinates."""
    return np.stack([np.c_[lon[a], lat[a]], np.c_[lon[b], lat[b]]], axis=1)


def _annotate(ax, labels, lon, lat) -> None:
    for text, x, y in zip(labels, lon, lat):
        ax.annotate(text, (x, y), fontsize=LABEL_PT, xytext=(3, 3), textcoords="offset points", zorder=4)


def map_drawn(fig, year: int, description: str, data_mode: str, seed: int) -> Drawn:
    """A finished map: alt text "A map of <year> <description>", the data source and the base map's."""
    return Drawn(fig, f"A map of {year} {description}", f"{source(data_mode, seed)}; {basemap.SOURCE}", detailed=True)


def _node_sizes(T: np.ndarray, scale: float) -> np.ndarray:
    return 6 + scale * np.sqrt(T / T.max())


def community_colour(r: YearResult, community: int) -> str:
    """Same colour for the same bloc family (China, Russia, South Asia-ME, CEE, Turkey) in every year."""
    bloc = r.bloc_id.get(community)
    return FAMILY_COLOURS[paper.FAMILY[r.year][bloc]] if bloc else UNMATCHED[community % len(UNMATCHED)]


# --- Figure 1: schematic ------------------------------------------------------------------------------
def schematic_graph() -> tuple[np.ndarray, np.ndarray]:
    """A toy modular network: three 5-node cliques joined by a few bridges (adjacency, labels)."""
    labels = np.repeat([0, 1, 2], 5)
    A = (labels[:, None] == labels[None, :]).astype(float)
    np.fill_diagonal(A, 0)
    for i, j in ((0, 5), (0, 10), (1, 6), (5, 11), (9, 14)):
        A[i, j] = A[j, i] = 1
    return A, labels


def fig_schematic() -> Drawn:
    A, labels = schematic_graph()
    G = nw.gateway_coefficient(A, labels, A.sum(axis=1))
    angles = np.linspace(0, 2 * np.pi, 6)[:-1]
    centres = np.array([[0, 1.8], [-1.9, -1.0], [1.9, -1.0]])
    pos = np.vstack([centres[m] + 0.8 * np.c_[np.cos(angles), np.sin(angles)] for m in range(3)])
    fig, ax = figures.new_figure(f"{PAPER_CAPTIONS[1]}\nFigure 1. How a gateway node is identified (schematic)")
    i, j = np.nonzero(np.triu(A))
    bridge = labels[i] != labels[j]
    ax.add_collection(
        LineCollection(
            np.stack([pos[i], pos[j]], axis=1),
            colors=np.where(bridge, "#c55a11", "#bbbbbb"),
            linewidths=np.where(bridge, 2.0, 0.8),
            zorder=1,
        )
    )
    points = ax.scatter(
        pos[:, 0],
        pos[:, 1],
        c=G,
        cmap="viridis",
        s=520,
        edgecolors=[PALETTE[m] for m in labels],
        linewidths=2.5,
        zorder=2,
    )
    for k, (x, y) in enumerate(pos):
        ax.annotate(f"{G[k]:.2f}", (x, y), ha="center", va="center", fontsize=LABEL_PT, color="white", zorder=3)
    fig.colorbar(points, ax=ax, label="gateway coefficient G")
    ax.set_axis_off()
    ax.set_aspect("equal")
    return Drawn(
        fig,
        "Three five-node modules joined by five bridge links; nodes carry their gateway coefficient, which "
        "is highest for the nodes whose links reach other modules.",
        "this chapter's toy network (the paper's Figure 1 is a conceptual drawing)",
        schematic=True,
    )


# --- Figure 2: flow maps ------------------------------------------------------------------------------
def fig_flow_map(net: nw.TradeYear, data_mode: str, seed: int) -> Drawn:
    """Figure 2 for one year: countries sized by trade, pairs drawn in four natural-breaks tiers."""
    fig, ax = _map_figure(
        f"{PAPER_CAPTIONS[2]}\nFigure 2. BRI trade network pattern, {net.year}{_label(data_mode)}", net.codes
    )
    lon, lat = _coords(net.codes)
    pairs = pair_table(net)
    position = {c: i for i, c in enumerate(net.codes)}
    for tier, (width, colour) in sorted(TIER_STYLE.items(), reverse=True):
        sel = pairs[pairs["tier"] == tier]
        segments = _segments(lon, lat, sel["a"].map(position).to_numpy(), sel["b"].map(position).to_numpy())
        ax.add_collection(LineCollection(segments, linewidths=width, colors=colour, alpha=0.8, zorder=1))
    T = net.node_totals
    ax.scatter(lon, lat, s=_node_sizes(T, 260), color="#c55a11", edgecolors="white", linewidths=0.4, zorder=2)
    top = np.argsort(-T)[:5]
    _annotate(ax, np.array(net.codes)[top], lon[top], lat[top])
    handles = [Line2D([], [], color=c, lw=w, label=f"tier {t}") for t, (w, c) in TIER_STYLE.items()]
    ax.legend(handles=handles, loc="lower left", fontsize=LABEL_PT)
    what = (
        "with countries at their capitals, sized by trade with the other BRI countries, joined by their bilateral "
        "flows in the four largest of five natural-breaks tiers; the five largest traders are labelled."
    )
    return map_drawn(fig, net.year, what, data_mode, seed)


# --- Figure 3: backbone maps --------------------------------------------------------------------------
def fig_backbone_map(r: YearResult, data_mode: str, seed: int) -> Drawn:
    """Figure 3 for one year: each country's three largest export flows; labels give backbone degrees."""
    fig, ax = _map_figure(f"{PAPER_CAPTIONS[3]}\nFigure 3. Top{TOP_K} backbone, {r.year}{_label(data_mode)}", r.codes)
    lon, lat = _coords(r.codes)
    i, j = np.nonzero(r.top3)
    weight = r.net.X[i, j]
    ax.add_collection(
        LineCollection(
            _segments(lon, lat, i, j),
            linewidths=0.4 + 2.5 * np.sqrt(weight / weight.max()),
            colors="#2e75b6",
            alpha=0.6,
            zorder=1,
        )
    )
    ax.scatter(lon, lat, s=8 + 6 * r.degree, color="#c55a11", edgecolors="white", linewidths=0.4, zorder=2)
    top = np.argsort(-r.degree, kind="stable")[:4]
    _annotate(ax, [f"{r.codes[k]} {r.degree[k]}" for k in top], lon[top], lat[top])
    what = (
        "with each country's three largest export flows; node size grows with the number of backbone partners, "
        "and the labels give the four best-connected countries and their link counts."
    )
    return map_drawn(fig, r.year, what, data_mode, seed)


# --- Figure 4: community maps -------------------------------------------------------------------------
def fig_community_map(r: YearResult, data_mode: str, seed: int) -> Drawn:
    """Figure 4 for one year: countries coloured by Leiden bloc, the legend naming the matched paper bloc."""
    fig, ax = _map_figure(
        f"{PAPER_CAPTIONS[4]}\nFigure 4. Trade blocs, {r.year}{_label(data_mode)}", r.codes, figsize=(7.8, 7.2)
    )
    lon, lat = _coords(r.codes)
    i, j = np.nonzero(np.triu(r.backbone))
    ax.add_collection(LineCollection(_segments(lon, lat, i, j), linewidths=0.4, colors="#999999", zorder=1))
    colours = [community_colour(r, int(c)) for c in r.partition.labels]
    ax.scatter(lon, lat, s=_node_sizes(r.net.node_totals, 200), c=colours, edgecolors="white", linewidths=0.4, zorder=2)
    handles = [
        Patch(color=community_colour(r, c), label=f"{r.bloc_label(c)} ({len(r.members(c))})")
        for c in range(int(r.partition.labels.max()) + 1)
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize=LABEL_PT, ncol=2)
    what = (
        "with countries coloured by Leiden trade bloc (on the Top3 backbone, grey links), each bloc named after "
        "the paper's bloc that shares most of its named members; the legend gives bloc sizes."
    )
    return map_drawn(fig, r.year, what, data_mode, seed)


# --- Figure 5: alluvial diagram ----------------------------------------------------------------------
def _stack(groups: list[tuple[str, int, str]], gap: float) -> dict[str, tuple[float, float]]:
    """Vertical extent (bottom, top) of each group stacked from the top."""
    extent, top = {}, 0.0
    for key, size, _ in groups:
        extent[key] = (top - size, top)
        top -= size + gap
    return extent


def _band(ax, x0, x1, y0, y1, height, colour) -> None:
    """A smooth band of constant height from (x0, bottom y0) to (x1, bottom y1)."""
    t = np.linspace(0, 1, 40)
    s = 3 * t**2 - 2 * t**3
    x = x0 + (x1 - x0) * t
    lower = y0 + (y1 - y0) * s
    ax.add_patch(
        Polygon(
            np.r_[np.c_[x, lower], np.c_[x[::-1], lower[::-1] + height]],
            closed=True,
            facecolor=colour,
            alpha=0.45,
            edgecolor="none",
        )
    )


def alluvial_columns(results: dict[int, YearResult]) -> dict[int, dict[str, str]]:
    """Bloc label of every country in every year ("missing" before it existed)."""
    columns = {}
    everyone = data.countries().index
    for year, r in results.items():
        lookup = {c: f"{year}:{r.bloc_label(int(lab))}" for c, lab in zip(r.codes, r.partition.labels)}
        columns[year] = {c: lookup.get(c, f"{year}:missing") for c in everyone}
    return columns


def fig_alluvial(results: dict[int, YearResult], data_mode: str, seed: int) -> Drawn:
    columns = alluvial_columns(results)
    years = sorted(columns)
    colour_of = {}
    for year, r in results.items():
        for c in range(int(r.partition.labels.max()) + 1):
            colour_of[f"{year}:{r.bloc_label(c)}"] = community_colour(r, c)
    fig, ax = figures.new_figure(
        f"{PAPER_CAPTIONS[5]}\nFigure 5. Bloc membership 2000 → 2010 → 2021{_label(data_mode)}",
        "Year",
        "Countries (stacked by bloc)",
        figsize=(7.8, 7.0),
    )
    gap, width = 2.0, 0.08
    extents = {}
    for x, year in enumerate(years):
        keys = sorted(set(columns[year].values()), key=lambda k: (k.endswith("missing"), k))
        groups = [(k, sum(1 for v in columns[year].values() if v == k), colour_of.get(k, "#dddddd")) for k in keys]
        extents[year] = _stack(groups, gap)
        for key, _, colour in groups:
            bottom, top = extents[year][key]
            ax.add_patch(plt.Rectangle((x - width / 2, bottom), width, top - bottom, color=colour))
            ax.annotate(
                f"{key.split(':', 1)[1]} ({int(top - bottom)})",
                (x + (width if x < 2 else -width), (bottom + top) / 2),
                ha="left" if x < 2 else "right",
                va="center",
                fontsize=LABEL_PT,
            )
    for x, (y0, y1) in enumerate(zip(years, years[1:])):
        out_offset = {k: extents[y0][k][1] for k in extents[y0]}
        in_offset = {k: extents[y1][k][1] for k in extents[y1]}
        flows: dict[tuple[str, str], int] = {}
        for country, source_key in columns[y0].items():
            flows[(source_key, columns[y1][country])] = flows.get((source_key, columns[y1][country]), 0) + 1
        for (a, b), n in sorted(flows.items()):
            out_offset[a] -= n
            in_offset[b] -= n
            _band(ax, x + width / 2, x + 1 - width / 2, out_offset[a], in_offset[b], n, colour_of.get(a, "#dddddd"))
    ax.set_xlim(-0.3, 2.3)
    ax.set_ylim(min(min(b for b, _ in e.values()) for e in extents.values()) - 1, 1)
    ax.set_xticks(range(3), [str(y) for y in years])
    ax.set_yticks([])
    ax.grid(False)
    return Drawn(
        fig,
        "An alluvial diagram with three columns of stacked trade blocs for 2000, 2010 and 2021; bands show "
        "how many countries move from each bloc to the next year's blocs, with Montenegro and Timor-Leste "
        "as missing in 2000.",
        source(data_mode, seed) + "; band height = number of countries",
        detailed=True,
    )


# --- Figure 6: arc diagrams ----------------------------------------------------------------------------
def arc_order(r: YearResult) -> list[int]:
    """Nodes grouped by bloc (paper ID order), then by decreasing trade."""
    T = r.net.node_totals

    def key(i):
        return r.bloc_id.get(int(r.partition.labels[i])) or 9, int(r.partition.labels[i]), -T[i]

    return sorted(range(r.net.n), key=key)


def fig_arc_diagram(r: YearResult, data_mode: str, seed: int, n_pairs: int = 150) -> Drawn:
    """Figure 6 for one year: countries on a line grouped by bloc, arcs for the largest pairs.

    Country codes alternate between two rows of tick labels so that 65 codes fit the page width at 9 pt.
    """
    fig, ax = figures.new_figure(
        f"{PAPER_CAPTIONS[6]}\nFigure 6. Arc diagram of the BRI trade network, {r.year}{_label(data_mode)}",
        "Countries, grouped by trade bloc (gateways in bold, outlined)",
        "Arc height ∝ distance on the axis",
        figsize=(7.8, 5.8),
    )
    order = arc_order(r)
    x = np.empty(r.net.n)
    x[order] = np.arange(r.net.n)
    labels = r.partition.labels
    W = r.net.W
    i, j = np.triu_indices(r.net.n, 1)
    top = np.argsort(-W[i, j])[:n_pairs]
    i, j = i[top], j[top]
    w = W[i, j] / W[i, j].max()
    theta = np.linspace(0, np.pi, 30)
    for a, b, wt in zip(i, j, w):
        centre, radius = (x[a] + x[b]) / 2, abs(x[a] - x[b]) / 2
        colour = community_colour(r, int(labels[a])) if labels[a] == labels[b] else "#999999"
        ax.plot(centre + radius * np.cos(theta), radius * np.sin(theta), color=colour, lw=0.3 + 3 * wt, alpha=0.6)
    gateways = {k for nodes in r.gateways.values() for k in nodes}
    ax.scatter(
        x,
        np.zeros_like(x),
        s=_node_sizes(r.net.node_totals, 120),
        c=[community_colour(r, int(c)) for c in labels],
        edgecolors=["black" if k in gateways else "white" for k in range(r.net.n)],
        linewidths=1.2,
        zorder=3,
    )
    ax.set_xticks(np.arange(r.net.n), [r.codes[k] for k in order], rotation=90, fontsize=LABEL_PT)
    for position, (tick, k) in enumerate(zip(ax.xaxis.get_major_ticks(), order)):
        tick.set_pad(2 + (LABEL_PT * 2.6 if position % 2 else 0))
        tick.label1.set_fontweight("bold" if k in gateways else "normal")
    ax.set_xlim(-1, r.net.n)
    ax.set_yticks([])
    ax.grid(False)
    fig.subplots_adjust(bottom=0.3)
    return Drawn(
        fig,
        f"An arc diagram of {r.year}: countries on a line grouped by bloc, sized by trade, with arcs for the "
        f"{n_pairs} largest bilateral flows (coloured within a bloc, grey between blocs); gateways are outlined "
        "in black.",
        source(data_mode, seed) + f"; the {n_pairs} largest pairs",
        detailed=True,
    )


# --- beyond the paper ---------------------------------------------------------------------------------
def fig_gateway_vs_participation(r: YearResult, data_mode: str, seed: int) -> Drawn:
    """Gateway coefficient G against participation coefficient P for one year, gateways labelled."""
    fig, ax = figures.new_figure(
        f"Gateway against participation coefficient, {r.year}{_label(data_mode)}",
        "Participation coefficient P",
        "Gateway coefficient G",
        figsize=(7.0, 5.0),
    )
    gateways = sorted({k for nodes in r.gateways.values() for k in nodes})
    ax.scatter(r.participation, r.gateway, c=[community_colour(r, int(c)) for c in r.partition.labels], s=22)
    ax.plot([0, 1], [0, 1], color="#999999", lw=0.8, ls="--")
    _annotate(ax, [r.codes[k] for k in gateways], r.participation[gateways], r.gateway[gateways])
    return Drawn(
        fig,
        f"A scatter plot of each country's gateway coefficient against its participation coefficient in {r.year}; "
        "G is at least P for every node, and the labelled gateways sit highest within their bloc colours.",
        source(data_mode, seed) + "; not in the paper",
        detailed=True,
    )


def fig_strength_distribution(networks: dict[int, nw.TradeYear], data_mode: str, seed: int) -> Drawn:
    fig, ax = figures.new_figure(
        f"Strength distribution of the BRI trade network{_label(data_mode)}",
        "Node strength T_i (bn USD, log scale)",
        "Share of countries with at least T (log scale)",
    )
    for year, net in networks.items():
        T = np.sort(net.node_totals / 1e9)[::-1]
        ax.loglog(T, np.arange(1, len(T) + 1) / len(T), marker="o", ms=3, lw=1, label=str(year))
    ax.legend()
    return Drawn(
        fig,
        "Complementary cumulative distributions of country trade totals on log-log axes for the three "
        "years; the curves shift right and the top grows apart from the rest.",
        source(data_mode, seed) + "; not in the paper",
    )


def fig_gateway_stability(frequency, data_mode: str, seed: int) -> Drawn:
    """Heat map: share of (seed, resolution) runs in which each country is a gateway."""
    fig, ax = figures.new_figure(
        f"How often each country is a gateway across Leiden runs{_label(data_mode)}",
        "Year",
        "Country",
        figsize=(6.0, 9.0),
    )
    image = ax.imshow(frequency.to_numpy(), aspect="auto", cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(frequency.shape[1]), frequency.columns)
    ax.set_yticks(range(frequency.shape[0]), frequency.index, fontsize=LABEL_PT)
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="share of runs as a top-3 gateway")
    return Drawn(
        fig,
        "A heat map of the share of Leiden runs, over seeds and resolutions, in which each frequently "
        "selected country is among its bloc's top three gateways, by year.",
        source(data_mode, seed) + "; not in the paper",
    )
