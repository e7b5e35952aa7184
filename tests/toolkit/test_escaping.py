"""Hostile strings from data, parameters, facts or errors are inert on every path to a page.

A value such as ``<script>``, a MyST role that would copy a file out of the project, or a
directive fence must appear as text: escaped in HTML outputs, backslash-escaped or in a
literal block in Markdown.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import pandas as pd
import pytest

from livingpapers.toolkit import chapter as chapter_module
from livingpapers.toolkit.claims import Claim, Ledger
from livingpapers.toolkit.figures import new_figure
from livingpapers.toolkit.ledger_view import ledger_html
from livingpapers.toolkit.render import downloads_html, literal_block, markdown_text
from livingpapers.toolkit.tables import PaperTable
from support import ALL, FENCE, HOSTILE, ROLE, SCRIPT, active_parts, myst_html, tokens


def test_the_probe_sees_active_markup():
    """The detector itself finds every hostile string when it is not escaped."""
    for text in HOSTILE[:4]:
        assert active_parts(text), text


@pytest.mark.parametrize("text", [*HOSTILE, ALL])
def test_markdown_text_is_inert_and_keeps_the_characters(text):
    escaped = markdown_text(text)
    assert active_parts(escaped) == [] and "\n" not in escaped
    rendered = myst_html(escaped)
    assert "<script" not in rendered and "<a " not in rendered and "<span" not in rendered


@pytest.mark.parametrize("text", [*HOSTILE, ALL, "\n".join(HOSTILE)])
def test_literal_block_is_inert_and_verbatim(text):
    (token,) = list(tokens(literal_block(text)))
    assert token.type == "fence" and token.info == "text" and token.content == text.rstrip() + "\n"


def test_paper_table_html_escapes_title_cells_labels_and_notes():
    frame = pd.DataFrame({SCRIPT: [ROLE, FENCE]}, index=[SCRIPT, "b"])
    out = PaperTable(SCRIPT, frame, notes=SCRIPT, stub_name=SCRIPT).to_html()
    assert "<script>" not in out and out.count("&lt;script&gt;") == 5  # title, stub, column, row label, notes


def test_ledger_html_escapes_every_cell():
    claim = Claim(id=SCRIPT, kind="qualitative", statement=SCRIPT, table=SCRIPT, location=SCRIPT, note=SCRIPT)
    ledger = Ledger("x", "standin", [claim])
    ledger.record_check(SCRIPT, True, shown=SCRIPT, basis="standin")
    out = ledger_html(ledger.frame(), "standin", "claims_ledger.csv", "x")
    assert SCRIPT not in out and out.count("&lt;script&gt;") >= 4  # id, statement, table, this run


def test_ledger_html_typesets_math_and_escapes_the_rest():
    claim = Claim(id="C1", kind="qualitative", statement="$R^e < \\mu$ holds <b>always</b>", location="p. 3")
    ledger = Ledger("x", "standin", [claim])
    ledger.record_check("C1", True, shown="$x^2$ in US$ 5 <i>", basis="standin")
    out = ledger_html(ledger.frame(), "standin", None)
    assert r'<span class="math notranslate nohighlight">\(R^e &lt; \mu\)</span> holds &lt;b&gt;always' in out
    assert r'<span class="math notranslate nohighlight">\(x^2\)</span> in US$ 5 &lt;i&gt;' in out


def test_download_links_escape_file_names():
    assert "<script>" not in downloads_html("x", [SCRIPT])


@pytest.fixture
def shown(monkeypatch):
    """What a chapter run displays (the HTML of each display call)."""
    captured = []
    monkeypatch.setattr(chapter_module, "display", lambda obj, **kw: captured.append(obj.data))
    return captured


def hostile_run(tmp_path, data_mode="standin") -> chapter_module.ChapterRun:
    claim = Claim(id=SCRIPT, kind="qualitative", statement=ROLE, table=FENCE)
    ledger = Ledger("x", data_mode, [claim])
    ledger.record_check(SCRIPT, True, shown=SCRIPT, basis="standin")
    return chapter_module.ChapterRun("x", {"data_mode": data_mode, "seed": 1, "label": SCRIPT}, tmp_path, ledger)


@pytest.mark.parametrize("data_mode", ["standin", "real", "none"])
def test_the_data_mode_banner_escapes_parameters(tmp_path, shown, data_mode):
    hostile_run(tmp_path, data_mode).banner()
    assert "<script>" not in shown[0] and "&lt;script&gt;" in shown[0]


def test_tables_and_figure_alt_text_are_escaped_in_the_chapter(tmp_path, shown):
    run = hostile_run(tmp_path)
    run.table(PaperTable(SCRIPT, pd.DataFrame({"a": [SCRIPT]}, index=[ROLE])), "t")
    fig, _ = new_figure("Title", "x", "y")
    run.figure(fig, "f", alt=f'{SCRIPT}" onerror="alert(1)', source=SCRIPT)
    assert all("<script>" not in html for html in shown) and 'onerror="' not in shown[1]
    assert "&quot; onerror=&quot;alert(1)" in shown[1]


def test_the_ledger_output_is_escaped(tmp_path, monkeypatch):
    import IPython.display

    captured = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: captured.append(obj))
    hostile_run(tmp_path).render_ledger()
    assert SCRIPT not in captured[0]["text/html"] and "&lt;script&gt;" in captured[0]["text/html"]
