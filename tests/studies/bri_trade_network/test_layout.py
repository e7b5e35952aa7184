"""The chapter's tables and figures: published numbers read from data/published, readable figures."""

from __future__ import annotations

import pytest

from livingpapers.studies.bri_trade_network import figures as fg
from livingpapers.studies.bri_trade_network import notes, paper, tables
from livingpapers.toolkit.figures import displayed_text_pt


def test_descriptives_published_column_is_read_from_the_yaml():
    pub = tables.published_descriptives()
    assert pub["total"] == " / ".join(f"{paper.published(c)[0]:.2f}" for c in ("C6", "C7", "C8"))
    assert pub["largest_share"] == f"{paper.published('C14')[0]:.2f} / — / {paper.published('C15')[0]:.2f}"
    assert pub["links"].startswith("1,659 / 1,882 / 1,829")  # 3N / Top3 link share of Table 1


def test_prose_values_follow_the_published_yaml():
    values = notes.prose_values()
    assert values["top_share_2000"] == f"{paper.published('C14')[0]:.2f}%"
    assert values["tier1_2010"] == str(int(paper.published("C29")[0]))
    assert values["russia_bloc_2010"] == "18" and values["russia_bloc_2021"] == "11"  # C51, C52
    assert values["tie_count_2000"] == "4" and values["tie_value_2000"] == "0.73"  # Table 2, 2000


def test_tables_from_the_run_carry_the_stand_in_flag(inputs, results):
    for table in (tables.descriptives_table(inputs.networks), tables.calibration_table(inputs.networks, results)):
        assert table.from_data
        assert not table.frame.isin(["nan", "None"]).any().any()
    assert not tables.table2_published().from_data


@pytest.mark.parametrize("year", [2000, 2021])
def test_every_figure_is_readable_at_page_width(inputs, results, year):
    drawn = [
        fg.fig_flow_map(inputs.networks[year], "standin", 1),
        fg.fig_backbone_map(results[year], "standin", 1),
        fg.fig_community_map(results[year], "standin", 1),
        fg.fig_arc_diagram(results[year], "standin", 1),
        fg.fig_gateway_vs_participation(results[year], "standin", 1),
        fg.fig_alluvial(results, "standin", 1),
        fg.fig_schematic(),
    ]
    for d in drawn:
        assert displayed_text_pt(d.fig) >= 9, d.fig.texts
        assert d.fig.get_figwidth() <= 7.9
