"""The chapter's figures pass the book's checks."""

from __future__ import annotations

import matplotlib.pyplot as plt

from livingpapers.studies.trade_hubs import data, figures
from livingpapers.toolkit.figures import figure_problems


def test_figures_pass_the_book_checks(df):
    drawn = [figures.fig_timeline(data.facts("milestones")), figures.fig_timing_heatmap(df)]
    for d in drawn:
        assert figure_problems(d.fig, d.alt, d.source, d.schematic) == []
        plt.close(d.fig)
