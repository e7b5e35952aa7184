"""The claims summary in report.json, the dashboard's two parts and its chart."""

import json
from types import SimpleNamespace

import nbformat

from livingpapers.engine.build import EMPTY_CLAIMS, claims_summary
from livingpapers.engine.dashboard import chart_alt, chart_figure, chart_svg, dashboard_markdown
from livingpapers.toolkit.claims import SUMMARY_KEY, Claim, Ledger, Planted

REGISTRY = {"demo": SimpleNamespace(title="Demo chapter"), "theory": SimpleNamespace(title="Theory chapter")}


def demo_ledger() -> Ledger:
    claims = [Claim(id=f"E{i}", kind="estimate", statement="s", value=0.5, t=3.0, stars=3) for i in range(3)]
    claims += [Claim(id="N", kind="number", statement="n", value=26), Claim(id="R", kind="normative", statement="r")]
    ledger = Ledger("demo", "standin", claims)
    ledger.record_estimate("E0", 0.45, 0.1, 0.001, basis="standin", planted=Planted(0.5, from_paper=True))
    ledger.record_estimate("E1", 0.05, 0.1, 0.6, basis="standin", planted=Planted(0.3, from_paper=False))
    ledger.record_estimate("E2", 0.50, 0.1, 0.001, basis="standin", planted=Planted(0.5, from_paper=False))
    ledger.record_inconsistent("N", "13 + 6 + 8 = 27", note="Notes item 3")
    ledger.record_design("E0", 0.9, 0.05, draws=10)
    ledger.record_design("E1", 0.3, 0.07, draws=10)
    return ledger


def notebook_with(summary: dict):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("ledger.render()")
    cell.outputs = [nbformat.v4.new_output("display_data", {"text/plain": "x"}, metadata={SUMMARY_KEY: summary})]
    nb.cells = [cell]
    return nb


def report_of(**chapters) -> dict:
    return {"chapters": {slug: {"claims": claims} for slug, claims in chapters.items()}}


def test_the_report_carries_counts_by_basis_and_status():
    nb = nbformat.reads(nbformat.writes(notebook_with(demo_ledger().summary())), as_version=4)
    claims = claims_summary(nb)
    json.dumps(claims)  # serialisable as it stands in report.json
    assert claims["total"] == 5
    assert claims["by_basis"] == {
        "paper": {"inconsistent in paper": 1, "not testable": 1},
        "standin": {"recovered": 2, "not recovered": 1},
    }
    assert claims["standin"]["from the paper"] == {"recovered": 1}
    assert claims["standin"]["independent"] == {"recovered": 1, "not recovered": 1}
    assert claims["design"] == {"claims": 2, "median_p_holds_design": 0.6, "median_p_holds_null": 0.06}
    assert sum(n for counts in claims["by_basis"].values() for n in counts.values()) == claims["total"]


def test_a_chapter_without_ledger_reports_an_empty_summary():
    assert claims_summary(nbformat.v4.new_notebook()) == EMPTY_CLAIMS
    assert EMPTY_CLAIMS["total"] == 0 and EMPTY_CLAIMS["by_basis"] == {}


def theory_summary() -> dict:
    ledger = Ledger("theory", "none", [Claim(id=f"T{i}", kind="qualitative", statement="t") for i in range(3)])
    ledger.record_check("T0", True, "holds", basis="model")
    ledger.record_check("T1", False, "fails", basis="model")
    ledger.record_check("T2", True, "cited", basis="facts")
    return ledger.summary()


def test_the_dashboard_keeps_evidence_and_demonstration_apart():
    page = dashboard_markdown(report_of(demo=demo_ledger().summary(), theory=theory_summary()), REGISTRY)
    evidence, demonstration = page.split("## Demonstration on stand-in data")
    assert "## Evidence" in evidence and "standin" not in evidence.split("## Evidence")[1].split("|---")[1]
    assert "| [Demo chapter](chapters/demo) | paper | 2 | 0 | 0 | 1 | 0 | 1 |" in evidence
    assert "| [Theory chapter](chapters/theory) | model | 2 | 1 | 1 | 0 | 0 | 0 |" in evidence
    assert "| **All chapters** | **facts** | **1** | **1** | **0** | **0** | **0** | **0** |" in evidence
    assert "| [Demo chapter](chapters/demo) | from the paper | 1 | 1 | 0 | 0 |" in demonstration
    assert "| [Demo chapter](chapters/demo) | independent | 2 | 1 | 1 | 0 |" in demonstration
    assert "| [Demo chapter](chapters/demo) | 2 | 60% | 6% |" in demonstration
    assert "Theory chapter" not in demonstration  # no stand-in claims
    assert ":alt: Two horizontal bar charts." in page


def test_the_chart_is_deterministic_and_described():
    report = report_of(demo=demo_ledger().summary(), theory=theory_summary())
    first, second = chart_svg(report, REGISTRY), chart_svg(report, REGISTRY)
    assert first == second and first.startswith(b"<?xml")
    assert b"Demonstration on stand-in data" in first
    assert "paper 2, facts 1, model 2, standin 3" in chart_alt(report)


def test_the_chart_is_readable_at_the_page_width():
    from livingpapers.toolkit.figures import MIN_DISPLAYED_PT, displayed_text_pt

    fig = chart_figure(report_of(demo=demo_ledger().summary(), theory=theory_summary()), REGISTRY)
    assert displayed_text_pt(fig) >= MIN_DISPLAYED_PT
