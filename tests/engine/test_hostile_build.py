"""A real (tiny) book build: hostile text in a failing chapter's error, in a chapter's outputs and in
hidden folders reaches ``_build/html`` only as inert text.

The project has two trivial chapters, so jupyter-book runs in seconds: one shows tables and a
figure made of hostile strings, the other fails with an error message that quotes them.
"""

from __future__ import annotations

import json

import pytest

from livingpapers.engine.build import BuildError, build
from support import ALL, SCRIPT, tiny_project

SHOWING = f"""
import pandas as pd
from livingpapers.toolkit.figures import new_figure
from livingpapers.toolkit.tables import from_frame
hostile = {ALL!r}
ch.table(from_frame(pd.DataFrame({{hostile: [hostile]}}, index=[hostile]), hostile, notes=hostile), "hostile")
fig, ax = new_figure("A figure", "x", "y")
ch.figure(fig, "figure", alt=hostile, source="test")
ch.render_ledger();
"""
FAILING = f"raise ValueError({ALL!r})"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tiny_project(tmp_path_factory.mktemp("tiny"), {"consumer_finance": SHOWING, "trade_hubs": FAILING})
    hidden = root / "book" / "extra" / ".hidden" / "page.md"
    hidden.parent.mkdir(parents=True)
    hidden.write_text("# Not in the book\n\n{download}`../../../../etc/passwd`\n")
    with pytest.raises(BuildError) as err:
        build(profile="fast", root=root, keep_going=True, jobs=1)
    return root, str(err.value)


def page(root, name: str) -> str:
    return (root / "_build" / "html" / name).read_text(encoding="utf-8")


def test_the_build_names_the_failing_chapter(built):
    root, message = built
    assert "chapter 'trade_hubs' failed in cell" in message and "ValueError" in message
    assert json.loads((root / "_build" / "report.json").read_text())["chapters"]["trade_hubs"]["status"] == "failed"


@pytest.mark.parametrize("name", ["book/chapters/trade_hubs.html", "book/reproducibility.html"])
def test_a_hostile_error_message_is_shown_as_text(built, name):
    html = page(built[0], name)
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{download}`../../../../etc/passwd`" in html.replace("&#x60;", "`").replace("&#96;", "`")
    assert 'class="admonition note"' not in html and html.count('class="admonition error"') <= 1


def test_hostile_tables_figures_and_banners_are_text_in_the_chapter(built):
    html = page(built[0], "book/chapters/consumer_finance.html")
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Data: stand-in" in html  # the banner shows, in words


def test_no_role_copied_a_file_and_hidden_folders_stay_out(built):
    root = built[0]
    files = [p for p in (root / "_build" / "html").rglob("*") if p.is_file()]
    assert not [p for p in files if p.name == "passwd" or ".hidden" in p.parts]
    assert not (root / "_build" / "html" / "_downloads").exists()
