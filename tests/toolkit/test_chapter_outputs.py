"""ChapterRun: one linked PNG per figure, numeric estimates beside regression tables, stand-in marks."""

import pandas as pd
import pytest
from PIL import Image

from livingpapers.toolkit import chapter as chapter_module
from livingpapers.toolkit import figures
from livingpapers.toolkit.chapter import ChapterRun
from livingpapers.toolkit.render import output_link
from livingpapers.toolkit.tables import RegressionTable


@pytest.fixture
def run(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(chapter_module, "display", lambda obj: shown.append(obj.data))
    monkeypatch.setenv("LIVINGPAPERS_OUTPUT_DIR", str(tmp_path))  # as under the build: links point at the book
    return ChapterRun("x", {"data_mode": "standin", "seed": 1}, tmp_path, ledger=None), shown


def test_a_figure_is_shipped_once_as_a_linked_png_and_marked_stand_in(run):
    ch, shown = run
    fig, ax = figures.new_figure("Effect over time", "Year", "Effect")
    ch.figure(fig, "effect", alt="The effect rises after the reform.", source="Simulated panel")
    html = shown[-1]
    link = output_link("x", "effect.png")
    assert "base64" not in html and f'src="{link}"' in html
    assert f'class="lp-enlarge" href="{link}"' in html
    assert "[stand-in]" in html and 'alt="The effect rises after the reform."' in html
    saved = Image.open(ch.outputs / "effect.png")
    width_css = int(html.split('width="')[1].split('"')[0])
    assert saved.size[0] >= 1.9 * width_css, "about two image pixels per displayed pixel"


def test_a_schematic_is_not_marked_stand_in(run):
    ch, shown = run
    fig, ax = figures.new_figure("How the model works")
    ax.set_axis_off()
    ch.figure(fig, "schema", alt="Boxes and arrows of the mechanism.", source="The paper", schematic=True)
    assert "[stand-in]" not in shown[-1]


def test_a_regression_table_writes_numeric_estimates_beside_the_display_table(run):
    class Fit:
        params, bse = pd.Series({"x": 0.67}), pd.Series({"x": 0.2})
        tvalues, pvalues, nobs, rsquared_adj = params / bse, pd.Series({"x": 0.001}), 3066, 0.3

    ch, shown = run
    ch.table(RegressionTable([Fit()], "Table 3"), "table3")
    estimates = pd.read_csv(ch.outputs / "table3_estimates.csv")
    assert estimates.loc[0, ["data", "variable", "coef", "se", "stars", "N"]].tolist() == [
        "standin",
        "x",
        0.67,
        0.2,
        3,
        3066,
    ]
    assert (ch.outputs / "table3.csv").read_text(encoding="utf-8").startswith("# [stand-in] Table 3")
    assert "table3_estimates.csv" in shown[-1] and "[stand-in]" in shown[-1]
