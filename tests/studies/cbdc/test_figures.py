"""The CBDC chapter's figures pass the book's checks."""

from __future__ import annotations

import matplotlib.pyplot as plt

from livingpapers.studies.cbdc import figures as fg
from livingpapers.studies.cbdc.model import (
    Calibration,
    keister_sanches_benchmark,
    no_cbdc_over_inflation,
    sensitivity_map,
)
from livingpapers.toolkit.figures import figure_problems

BASE = Calibration()


def test_figures_pass_the_book_checks(run):
    smap = sensitivity_map(BASE, 1.02, etas=(0.25, 0.5), mus=(1.0, 1.03), rds=(1.005,))
    drawn = [
        fg.fig_timeline(BASE.alphas),
        fg.fig_mechanism(),
        fg.fig_holdings(run),
        fg.fig_premia(run),
        fg.fig_consumption(run),
        fg.fig_welfare_transfers(run),
        fg.fig_sensitivity(smap, 1.02),
        fg.fig_benchmark(run, keister_sanches_benchmark(BASE, 10)),
        fg.fig_inflation(no_cbdc_over_inflation(BASE, points=5)),
    ]
    for d in drawn:
        assert figure_problems(d.fig, d.alt, d.source, d.schematic) == []
        plt.close(d.fig)
