"""Consumer finance: every figure passes the book's checks, and stand-in figures say they are simulated."""

from __future__ import annotations

import matplotlib.pyplot as plt

from livingpapers.studies.consumer_finance import analysis, data, figures
from livingpapers.toolkit.figures import figure_problems


def test_every_figure_is_publishable(numbers, banks):
    drawn = [
        figures.fig_nim_roa(data.nim_roa_facts()),
        figures.fig_table1(analysis.table1_numbers()),
        figures.fig_policy_timeline(),
        figures.fig_loan_structure(banks.loan_structure, True),
        figures.fig_card_consumer(banks.card_consumer_loans, True),
        figures.fig_market_shares(numbers),
        figures.fig_consumer_credit(numbers),
        figures.fig_forecast_sensitivity(numbers),
    ]
    try:
        for d in drawn:
            assert figure_problems(d.fig, d.alt, d.source, d.schematic) == []
    finally:
        for d in drawn:
            plt.close(d.fig)


def test_standin_figures_say_simulated(banks):
    d = figures.fig_card_consumer(banks.card_consumer_loans, True)
    labels = [t.get_text() for t in d.fig.axes[0].get_legend().get_texts()]
    plt.close(d.fig)
    assert any("simulated" in label for label in labels)
    d = figures.fig_loan_structure(banks.loan_structure, True)
    assert "simulated" in d.fig.axes[0].get_legend().get_title().get_text()
    plt.close(d.fig)
