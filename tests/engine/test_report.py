"""The failed-chapter page, the reproducibility report and the dashboard: hostile text stays text."""

from __future__ import annotations

import pytest

from livingpapers.engine.build import failure_notebook
from livingpapers.engine.dashboard import dashboard_markdown
from livingpapers.engine.registry import load_registry
from livingpapers.engine.report import report_markdown
from support import ALL, HOSTILE, active_parts, tokens

REGISTRY = load_registry()
SLUG = "consumer_finance"


def hostile_report(error: str) -> dict:
    entry = {
        "status": "failed",
        "cache": "miss",
        "wall_seconds": 1.0,
        "data_mode": ALL,
        "parameters": {"data_mode": "real", "label": ALL},
        "inputs": {f"data/raw/{SLUG}/{HOSTILE[0]}.csv": "0" * 64},
        "claims": {"total": 1},
        "error": error,
    }
    return {"commit": "abc", "profile": "fast", "versions": {"python": "3.11"}, "chapters": {SLUG: entry}}


@pytest.mark.parametrize("error", [*HOSTILE, ALL, "\n".join(HOSTILE), "````\n" + ALL])
def test_the_failure_page_shows_the_error_verbatim_and_inert(error):
    (cell,) = failure_notebook(REGISTRY[SLUG], error, {}).cells
    assert active_parts(cell.source, allowed_directives=("{error}",)) == []
    literal = [t for t in tokens(cell.source) if t.type == "fence" and t.info == "text"]
    assert len(literal) == 1 and literal[0].content == error.rstrip() + "\n"


@pytest.mark.parametrize("error", [ALL, "\n".join(HOSTILE)])
def test_the_report_escapes_errors_parameters_data_modes_and_file_names(error):
    page = report_markdown(hostile_report(error), REGISTRY)
    assert active_parts(page, allowed_links="chapters/") == []
    literal = [t for t in tokens(page) if t.type == "fence" and t.info == "text"]
    assert [t.content for t in literal] == [error.rstrip() + "\n"]
    table = next(t for t in tokens(page) if t.type == "inline" and "label" in t.content)
    assert "script" in table.content, "the value is shown, escaped"


def test_the_dashboard_escapes_the_data_mode():
    page = dashboard_markdown(hostile_report("x"), REGISTRY)
    assert active_parts(page, allowed_links="chapters/", allowed_directives=("{image}",)) == []
