"""Figures: Chinese labels render, sizes fitted to the page, palette PNGs."""

import io
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

from livingpapers.toolkit import figures


def test_chinese_labels_render_without_missing_glyphs():
    figures.apply_style()
    fig, ax = figures.new_figure("贸易枢纽 and openness", "年份 (year)", "开放度")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def test_chinese_mixed_with_math_is_refused():
    fig, ax = figures.new_figure("T", "出口 $R^e$", "y")
    problems = figures.figure_problems(fig, "a long enough alternative text", "source")
    plt.close(fig)
    assert any("mixes Chinese" in p for p in problems)


def test_resolution_gives_two_pixels_per_displayed_pixel_within_bounds():
    small, wide, wider = (plt.figure(figsize=(w, 3)) for w in (4, 13, 16))
    assert figures.save_dpi(small) == 192  # shown at 384 px, saved at 768 px
    assert figures.save_dpi(wide) == 117  # shrunk to the page: 2 x 760 px / 13 in
    assert figures.save_dpi(wider) == figures.MIN_DPI  # 2 x 760 / 16 = 95, raised to the floor
    plt.close("all")


def test_displayed_text_size_accounts_for_shrinking_to_the_page():
    figures.apply_style()
    fig, ax = figures.new_figure("Title", "x", "y", figsize=(7.0, 4.0))
    assert figures.displayed_text_pt(fig) == pytest.approx(10.0)  # 672 px wide: shown at natural size
    fig.set_figwidth(14.0)  # 1344 px wide: shown at 760 px
    assert figures.displayed_text_pt(fig) == pytest.approx(10.0 * 760 / 1344)
    plt.close(fig)


def test_palette_png_is_smaller_and_keeps_its_size():
    fig, ax = figures.new_figure("T", "x", "y")
    ax.plot(range(100), [i**0.5 for i in range(100)])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    plt.close(fig)
    png, size = figures.compress_png(buffer.getvalue())
    assert len(png) < len(buffer.getvalue()) and size == Image.open(buffer).size
    assert Image.open(io.BytesIO(png)).mode == "P"


def test_detailed_figures_are_saved_coarser():
    fig = plt.figure(figsize=(4, 3))
    assert figures.save_dpi(fig, figures.DETAILED_PIXELS_PER_CSS_PX) == 120  # 1.25 x 384 px / 4 in
    plt.close(fig)


def test_small_palette_keeps_thin_coloured_lines_coloured():
    """300 faint grey lines and a few thin blue and orange ones (a busy map): the 64-colour palette must
    still hold a blue and an orange (median cut spends it on greys and loses both)."""
    figures.apply_style()
    fig, ax = figures.new_figure("T", "x", "y")
    rng = np.random.default_rng(0)
    for _ in range(300):
        ax.plot([0, 1], rng.uniform(0, 60, 2), color=str(rng.uniform(0.4, 0.8)), lw=0.5, alpha=0.7)
    for colour in ("#1f4e79", "#c55a11", "#548235"):
        for _ in range(8):
            ax.plot([0, 1], rng.uniform(0, 60, 2), color=colour, lw=0.5, alpha=0.6)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=120)
    plt.close(fig)
    png, _ = figures.compress_png(buffer.getvalue(), figures.DETAILED_PALETTE_COLOURS)
    colours = [rgb for _, rgb in Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=256)]
    assert max(b - r for r, g, b in colours) > 40  # a blue survives
    assert max(r - b for r, g, b in colours) > 60  # an orange survives


def labelled(width_in: float, note_pt: float):
    """A complete figure ``width_in`` wide with one note of ``note_pt`` points."""
    figures.apply_style()
    fig, ax = figures.new_figure("Title", "x", "y", figsize=(width_in, 4.0))
    ax.text(0.5, 0.5, "tiny note", fontsize=note_pt)
    return fig


def test_a_figure_whose_text_shows_under_nine_points_fails_naming_the_text():
    fig = labelled(7.0, 8.0)  # shown at its natural 672 px: the note stays 8 pt
    problems = figures.figure_problems(fig, "a long enough alternative text", "source")
    plt.close(fig)
    assert len(problems) == 1
    assert "'tiny note', is 8 pt in a 7 in wide figure and is shown at 8.0 pt" in problems[0]
    assert "fonts of at least 9.0 pt" in problems[0] and "wide" not in problems[0].split("use ")[1]


def test_a_wide_figure_fails_when_shrinking_makes_its_text_small_and_says_how_narrow_it_may_be():
    fig = labelled(12.0, 10.0)  # 1152 px shrunk to 760 px: 10 pt shows as 6.6 pt
    assert figures.displayed_text_pt(fig) == pytest.approx(10 * 760 / 1152)
    (problem,) = figures.figure_problems(fig, "a long enough alternative text", "source")
    plt.close(fig)
    assert "shown at 6.6 pt" in problem and "at least 13.6 pt at this width" in problem
    assert "a figure at most 8.8 in wide" in problem  # 10/9 x 760 px / 96


@pytest.mark.parametrize("width_in", [6.0, 7.9, 12.0])
def test_a_readable_figure_passes_and_its_source_line_shows_at_nine_points(width_in):
    fig = labelled(width_in, 9.0)
    for text in fig.findobj(Text):
        text.set_fontsize(9.0 / figures.display_scale(fig))  # every text shown at 9 pt exactly
    assert figures.figure_problems(fig, "a long enough alternative text", "source") == []
    figures.add_source(fig, "the paper")
    assert figures.displayed_text_pt(fig) == pytest.approx(9.0)
    plt.close(fig)
