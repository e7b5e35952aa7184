"""One figure style for the book, and the checks every figure must pass.

Every figure has a title, labelled axes (unless it is a schematic), a source line and
alt text; :meth:`livingpapers.toolkit.chapter.ChapterRun.figure` enforces that, saves a PNG and
shows the image with its alt text.

Labels may be Chinese: the style puts Noto Sans CJK (installed with the package lock,
``cvttf-NotoSansCJK-Regular``) behind DejaVu Sans, so Latin text keeps DejaVu and each CJK
character falls back to Noto. Matplotlib's math renderer has no such fallback, so one label
cannot mix Chinese with ``$...$`` math (the check below says so rather than print boxes).

A figure is saved at a resolution fitted to how it is shown: about two image pixels per
CSS pixel of its displayed width (sharp on high-density screens), capped, and shown at its
natural size (never enlarged), shrunk to the page width when wider; a click opens the full
image. :func:`displayed_text_pt` tells how large its smallest text then appears, and a figure
whose text would show under ``MIN_DISPLAYED_PT`` (9 pt) is refused, naming that text.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.text import Text
from PIL import Image

PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5"]
STANDIN_HATCH = "//"

CSS_PX_PER_INCH = 96
PAGE_WIDTH_PX = 760  # the article column of the book at a 1400 px wide window, sidebar open
PIXELS_PER_CSS_PX = 2.0
# A figure dense with fine lines (a map, an arc diagram) is saved coarser and with fewer colours: a
# chapter showing a dozen of them (BRI: four figures for each of three years) must stay under the
# page-weight limit of the engine (1.5 MB transferred per page).
DETAILED_PIXELS_PER_CSS_PX = 1.25
PALETTE_COLOURS = 256
DETAILED_PALETTE_COLOURS = 64  # chosen by maximum coverage, which keeps thin coloured lines coloured
MAX_DPI = 200
MIN_DPI = 110
MIN_DISPLAYED_PT = 9.0
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")

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
    detailed: bool = False  # saved at DETAILED_PIXELS_PER_CSS_PX with DETAILED_PALETTE_COLOURS


class FigureError(ValueError):
    """A figure lacks a title, an axis label, a source line or alt text, or its text is too small to read."""


@cache
def cjk_family() -> str:
    """Register the packaged Noto Sans CJK font with matplotlib; return its family name."""
    font = next(p for p in resources.files("cvttf_NotoSansCJK_Regular").iterdir() if p.name.endswith(".otf"))
    font_manager.fontManager.addfont(str(font))
    return font_manager.FontProperties(fname=str(font)).get_name()


def apply_style() -> None:
    plt.rcParams.update({**STYLE, "font.family": ["DejaVu Sans", cjk_family()]})
    # Noto Sans CJK has no bold face: matplotlib falls back to its regular weight, as intended, but logs a
    # "findfont: Failed to find font weight bold" warning that would otherwise be printed on the page.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def save_dpi(fig, pixels_per_css_px: float = PIXELS_PER_CSS_PX) -> int:
    """Resolution for the saved PNG: ``pixels_per_css_px`` image pixels per displayed CSS pixel, within
    [MIN_DPI, MAX_DPI]."""
    width_in = fig.get_figwidth()
    displayed_px = min(width_in * CSS_PX_PER_INCH, PAGE_WIDTH_PX)
    return int(min(MAX_DPI, max(MIN_DPI, round(pixels_per_css_px * displayed_px / width_in))))


def _texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def smallest_text(fig) -> Text | None:
    """The visible text with the smallest font (the first such, in drawing order), or None without text."""
    return min(_texts(fig), key=lambda t: t.get_fontsize(), default=None)


def smallest_text_pt(fig) -> float:
    """The smallest font size (points, at the figure's own size) of any visible text."""
    text = smallest_text(fig)
    return text.get_fontsize() if text is not None else float("inf")


def display_scale(fig, page_width_px: int = PAGE_WIDTH_PX) -> float:
    """How much the page shrinks the figure: 1 up to the page width, less for a wider figure."""
    return min(1.0, page_width_px / (fig.get_figwidth() * CSS_PX_PER_INCH))


def displayed_text_pt(fig, page_width_px: int = PAGE_WIDTH_PX) -> float:
    """How large the smallest text appears on the page once the figure is shrunk to the page width."""
    return smallest_text_pt(fig) * display_scale(fig, page_width_px)


def readability_problem(fig) -> str | None:
    """Why the figure's smallest text is too small to read on the page (under ``MIN_DISPLAYED_PT``), or None.

    The message names that text, its size, how large it is shown and what would fix it: a larger
    font, or a narrower figure when the font is large enough but the page shrinks the figure.
    """
    shown = displayed_text_pt(fig)
    if shown >= MIN_DISPLAYED_PT:
        return None
    text, width = smallest_text(fig), fig.get_figwidth()
    size = text.get_fontsize()
    label = " ".join(text.get_text().split())
    label = label if len(label) <= 40 else label[:39] + "…"
    fixes = [f"fonts of at least {MIN_DISPLAYED_PT / display_scale(fig):.1f} pt at this width"]
    if size >= MIN_DISPLAYED_PT:
        fixes.append(f"a figure at most {size / MIN_DISPLAYED_PT * PAGE_WIDTH_PX / CSS_PX_PER_INCH:.1f} in wide")
    return (
        f"too small to read: its smallest text, {label!r}, is {size:g} pt in a {width:g} in wide figure and is shown "
        f"at {shown:.1f} pt on the page ({PAGE_WIDTH_PX} px column), under the {MIN_DISPLAYED_PT:g} pt minimum; "
        f"use {' or '.join(fixes)}"
    )


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


def compress_png(png: bytes, colours: int = PALETTE_COLOURS) -> tuple[bytes, tuple[int, int]]:
    """The PNG as a palette image of ``colours`` colours (a third of the size for charts); and its size in pixels.

    A full palette is chosen by median cut; a small one by maximum coverage, since median cut spends a
    small palette on the greys of a busy figure and turns its thin coloured lines grey.
    """
    image = Image.open(io.BytesIO(png)).convert("RGB")
    method = Image.Quantize.MEDIANCUT if colours >= PALETTE_COLOURS else Image.Quantize.MAXCOVERAGE
    palette = image.quantize(colors=colours, method=method, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue(), image.size


def add_source(fig, source: str) -> None:
    """The source line under the figure, as the papers print it (shown at ``MIN_DISPLAYED_PT`` at any width)."""
    size = MIN_DISPLAYED_PT / display_scale(fig)
    fig.text(0.01, 0.005, f"Source: {source}", fontsize=size, color="#555555", ha="left", va="bottom")
    fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, 0.16))


def figure_problems(fig, alt: str, source: str, schematic: bool = False) -> list[str]:
    """What is missing from a figure for it to be published in the book, or what makes it unreadable
    (text shown under ``MIN_DISPLAYED_PT``: see :func:`readability_problem`)."""
    problems = []
    if not alt or len(alt.strip()) < 20:
        problems.append("alt text is missing or shorter than 20 characters")
    if not source:
        problems.append("source line is missing")
    mixed = [t.get_text() for t in _texts(fig) if "$" in t.get_text() and CJK.search(t.get_text())]
    problems += [f"text {m!r} mixes Chinese and $...$ math, which matplotlib renders as boxes" for m in mixed]
    too_small = readability_problem(fig)
    if too_small:
        problems.append(too_small)
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
