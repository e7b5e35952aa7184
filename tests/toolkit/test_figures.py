"""Figures: Chinese labels render, sizes fitted to the page, palette PNGs."""

import io
import warnings

import matplotlib.pyplot as plt
import pytest
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
