"""The essay chapter's figures pass the book's checks; unverified facts are drawn grey."""

import matplotlib.pyplot as plt

from livingpapers.studies.wealth_management import figures
from livingpapers.toolkit.figures import figure_problems


def test_every_figure_passes_the_book_checks(values, facts):
    built = [
        (figures.fig_wealth_composition(values), False),
        (figures.fig_wealth_chain(), True),
        (figures.fig_priority_ladder(), True),
        (figures.fig_lockup_and_floor(values, facts), False),
        (figures.fig_magnitudes(values, facts), False),
        (figures.fig_policy_timeline(facts), False),
        (figures.fig_floor_sweep(15, 3), False),
    ]
    for drawn, schematic in built:
        assert drawn.schematic == schematic
        assert figure_problems(drawn.fig, "alt text long enough for the check", "source", schematic) == []
        assert figure_problems(drawn.fig, drawn.alt, drawn.source, drawn.schematic) == []
        plt.close(drawn.fig)


def test_timeline_greys_out_unverified_events(facts):
    fake = facts.copy()
    row = fake["id"] == "F06"
    fake.loc[row, ["confidence", "verified"]] = ["low", "false"]
    fig = figures.fig_policy_timeline(fake).fig
    labels = [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)
    assert any(text.startswith("Fund fee caps (unverified)") for text in labels)
    assert not any("(unverified)" in text for text in labels if not text.startswith("Fund fee caps"))
