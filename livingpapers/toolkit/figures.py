"""One figure style for the book, and the checks every figure must pass.

Every figure has a title, labelled axes (unless it is a schematic), a source line and
alt text; :meth:`livingpapers.toolkit.chapter.ChapterRun.figure` enforces that, saves a PNG and
shows the image with its alt text. Figures use English text only: the build machine has
no CJK font, and a missing glyph would print as a box.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5"]
STANDIN_HATCH = "//"

STYLE = {
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    "svg.hashsalt": "livingpapers",
}


@dataclass
class Drawn:
    """A finished figure travelling with its alt text and source line.

    Study modules return one from each figure function; the chapter shows it with
    :meth:`livingpapers.toolkit.chapter.ChapterRun.show`.
    """

    fig: plt.Figure
    alt: str
    source: str
    schematic: bool = False


class FigureError(ValueError):
    """A figure lacks a title, an axis label, a source line or alt text."""


def apply_style() -> None:
    plt.rcParams.update(STYLE)


def new_figure(title: str, xlabel: str = "", ylabel: str = "", **subplots_kw):
    """A styled figure with its title and labels set.

    With one axes (the default) the title, x and y labels go on it and ``(fig, ax)`` is
    returned. With ``nrows``/``ncols`` the title becomes the figure's suptitle, the labels
    are left to the caller per panel, and ``(fig, axes)`` is returned.
    """
    apply_style()
    fig, axes = plt.subplots(**subplots_kw)
    if hasattr(axes, "__len__"):
        fig.suptitle(title, fontweight="bold")
        return fig, axes
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    return fig, axes


def add_source(fig, source: str) -> None:
    """The source line under the figure, as the papers print it."""
    fig.text(0.01, 0.005, f"Source: {source}", fontsize=8, color="#555555", ha="left", va="bottom")
    fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, 0.16))


def figure_problems(fig, alt: str, source: str, schematic: bool = False) -> list[str]:
    """What is missing from a figure for it to be published in the book."""
    problems = []
    if not alt or len(alt.strip()) < 20:
        problems.append("alt text is missing or shorter than 20 characters")
    if not source:
        problems.append("source line is missing")
    has_title = bool(fig._suptitle and fig._suptitle.get_text()) or any(ax.get_title() for ax in fig.axes)
    if not has_title:
        problems.append("no title (set ax.set_title or fig.suptitle)")
    if not schematic:
        for i, ax in enumerate(a for a in fig.axes if a.axison and a.get_label() != "<colorbar>"):
            if not ax.get_xlabel():
                problems.append(f"axes {i}: x-axis has no label")
            if not ax.get_ylabel():
                problems.append(f"axes {i}: y-axis has no label")
    return problems
