"""The Claims dashboard: evidence and stand-in demonstration, counted apart, with a chart.

Made from ``report.json`` (each chapter's ``claims`` summary, see
:func:`livingpapers.toolkit.claims.summarize_frame`). Two parts, and no count mixes bases:

- **Evidence**: claims resting on the paper's own numbers, curated facts, the paper's model or
  real data, one row per chapter and basis, by status;
- **Demonstration on stand-in data**: stand-in claims recovered or not, split by whether the
  planted value was taken from the paper, with the median power and false-positive rate of the
  chapter's diagnosed (headline) claims.

The chart (``book/generated/claims_chart.svg``) draws both per chapter; it is made at build time
with a fixed SVG hash salt and no date, so the same counts give the same file.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from livingpapers.toolkit.claims import BASES, EVIDENCE_BASES, PLANTED_GROUPS, STANDIN_STATUSES, STATUSES
from livingpapers.toolkit.figures import MIN_DISPLAYED_PT
from livingpapers.toolkit.ledger_view import STATUS_COLOURS

EVIDENCE_STATUSES = STATUSES["paper"]
DEMO_SEGMENTS = (
    ("recovered", "from the paper", "recovered, planted from the paper", "#0969da"),
    ("recovered", "independent", "recovered, planted independently", "#54aeff"),
    ("recovered", "not stated", "recovered, origin not stated", "#b6e3ff"),
    ("not recovered", None, "not recovered", STATUS_COLOURS["not recovered"]),
    ("not computed", None, "not computed", STATUS_COLOURS["not computed"]),
)
CHART_NAME = "claims_chart.svg"
CHART_WIDTH_IN = 7.9  # the page column (760 px): shown at its natural size
CHART_PT = MIN_DISPLAYED_PT  # the smallest text a figure may show


def _claims(chapter: dict) -> dict:
    return chapter.get("claims") or {}


def _demo_count(claims: dict, status: str, group: str | None) -> int:
    planted = claims.get("standin", {})
    groups = [group] if group else PLANTED_GROUPS
    return sum(planted.get(g, {}).get(status, 0) for g in groups)


def _share(x) -> str:
    return "—" if x is None else f"{x:.0%}"


def evidence_table(report: dict, registry: dict) -> list[str]:
    """One row per chapter and evidence basis, then one total row per basis."""
    header = "| Chapter | Basis | Claims | " + " | ".join(s.capitalize() for s in EVIDENCE_STATUSES) + " |"
    lines = [header, "|" + "---|" * (3 + len(EVIDENCE_STATUSES))]
    totals = {basis: dict.fromkeys(EVIDENCE_STATUSES, 0) for basis in EVIDENCE_BASES}
    for slug, chapter in report["chapters"].items():
        for basis in EVIDENCE_BASES:
            counts = _claims(chapter).get("by_basis", {}).get(basis)
            if not counts:
                continue
            row = [counts.get(s, 0) for s in EVIDENCE_STATUSES]
            for status, n in zip(EVIDENCE_STATUSES, row):
                totals[basis][status] += n
            lines.append(
                f"| [{registry[slug].title}](chapters/{slug}) | {basis} | {sum(row)} | "
                + " | ".join(map(str, row))
                + " |"
            )
    for basis, counts in totals.items():
        if sum(counts.values()):
            row = [counts[s] for s in EVIDENCE_STATUSES]
            lines.append(
                f"| **All chapters** | **{basis}** | **{sum(row)}** | " + " | ".join(f"**{n}**" for n in row) + " |"
            )
    return lines


def demonstration_table(report: dict, registry: dict) -> list[str]:
    """One row per chapter and planted origin: stand-in claims recovered, not recovered, not computed."""
    lines = ["| Chapter | Planted | Claims | Recovered | Not recovered | Not computed |", "|---|---|---|---|---|---|"]
    for slug, chapter in report["chapters"].items():
        for group, counts in _claims(chapter).get("standin", {}).items():
            if counts:
                row = [counts.get(s, 0) for s in STANDIN_STATUSES]
                lines.append(
                    f"| [{registry[slug].title}](chapters/{slug}) | {group} | {sum(row)} | "
                    + " | ".join(map(str, row))
                    + " |"
                )
    return lines


def design_table(report: dict, registry: dict) -> list[str]:
    """One row per chapter with stand-in claims: how many headline claims were diagnosed, median power and false positives."""
    lines = [
        "| Chapter | Headline claims diagnosed | Median power | Median false-positive rate |",
        "|---|---|---|---|",
    ]
    for slug, chapter in report["chapters"].items():
        claims = _claims(chapter)
        if claims.get("by_basis", {}).get("standin"):
            design = claims.get("design", {})
            lines.append(
                f"| [{registry[slug].title}](chapters/{slug}) | {design.get('claims', 0)} | "
                f"{_share(design.get('median_p_holds_design'))} | {_share(design.get('median_p_holds_null'))} |"
            )
    return lines


def chart_alt(report: dict) -> str:
    """Alt text for the chart: what it shows and the totals per basis."""
    totals = {}
    for chapter in report["chapters"].values():
        for basis, counts in _claims(chapter).get("by_basis", {}).items():
            totals[basis] = totals.get(basis, 0) + sum(counts.values())
    listed = ", ".join(f"{basis} {totals[basis]}" for basis in BASES if basis in totals) or "none"
    return (
        "Two horizontal bar charts. Top, evidence: one bar per chapter and basis (paper, facts, model, real), "
        "split by status. Bottom, demonstration on stand-in data: one bar per chapter, split into recovered "
        "(planted from the paper, planted independently, origin not stated), not recovered and not computed. "
        f"Claims per basis over all chapters: {listed}. The tables give every count."
    )


def _bars(ax, labels: list[str], segments: list[tuple[str, str, list[int]]], title: str) -> None:
    positions = list(range(len(labels)))[::-1]
    left = [0] * len(labels)
    for name, colour, counts in segments:
        ax.barh(positions, counts, left=left, color=colour, label=name, height=0.7)
        left = [a + b for a, b in zip(left, counts)]
    ax.set_yticks(positions, labels, fontsize=CHART_PT)
    ax.tick_params(axis="x", labelsize=CHART_PT)
    ax.set_title(title, fontsize=CHART_PT + 1, loc="left")
    ax.set_xlabel("claims", fontsize=CHART_PT)
    ax.set_xlim(0, 1.6 * max(left, default=0) or 1)  # room on the right for the legend
    ax.legend(fontsize=CHART_PT, loc="best", framealpha=0.9)
    if not labels:
        ax.text(0.5, 0.5, "none in this build", ha="center", va="center", transform=ax.transAxes)


def _short(title: str, width: int = 34) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def chart_figure(report: dict, registry: dict) -> Figure:
    """The two panels, one above the other, as wide as the page column and readable at it (9 pt text)."""
    evidence_rows = [
        (slug, basis, counts)
        for slug, chapter in report["chapters"].items()
        for basis, counts in _claims(chapter).get("by_basis", {}).items()
        if basis in EVIDENCE_BASES
    ]
    demo_rows = [
        (slug, _claims(chapter))
        for slug, chapter in report["chapters"].items()
        if _claims(chapter).get("by_basis", {}).get("standin")
    ]
    height = 2.4 + 0.3 * (max(len(evidence_rows), 2) + max(len(demo_rows), 2))
    fig = Figure(figsize=(CHART_WIDTH_IN, height), layout="constrained")
    ev_ax, demo_ax = fig.subplots(2, 1, height_ratios=[max(len(evidence_rows), 2), max(len(demo_rows), 2)])
    _bars(
        ev_ax,
        [f"{_short(registry[slug].title)} ({basis})" for slug, basis, _ in evidence_rows],
        [(s, STATUS_COLOURS[s], [c.get(s, 0) for _, _, c in evidence_rows]) for s in EVIDENCE_STATUSES],
        "Evidence: paper, facts, model and real-data claims",
    )
    _bars(
        demo_ax,
        [_short(registry[slug].title) for slug, _ in demo_rows],
        [(name, colour, [_demo_count(c, s, g) for _, c in demo_rows]) for s, g, name, colour in DEMO_SEGMENTS],
        "Demonstration on stand-in data",
    )
    fig.suptitle(
        "Claims by basis and status, per chapter\n(source: this build's claims ledgers)", fontsize=CHART_PT + 2
    )
    return fig


def chart_svg(report: dict, registry: dict) -> bytes:
    """The chart as SVG bytes (deterministic)."""
    fig = chart_figure(report, registry)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "livingpapers", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def dashboard_markdown(report: dict, registry: dict, chart: str = f"generated/{CHART_NAME}") -> str:
    """The dashboard fragment: the chart, then the evidence and demonstration tables."""
    alt = chart_alt(report).replace('"', "'")
    lines = [
        f"```{{image}} {chart}",
        f":alt: {alt}",
        ":width: 100%",
        "```",
        "",
        "## Evidence",
        "",
        "Claims checked against the paper's own numbers (*paper*), curated public facts (*facts*), the "
        "numerical solution of the paper's model (*model*) or real data (*real*), one row per chapter and basis.",
        "",
        *evidence_table(report, registry),
        "",
        "## Demonstration on stand-in data",
        "",
        "Claims computed on simulated stand-in data: never evidence about the paper. *Recovered* means the "
        "method found what was planted; *planted from the paper* means the planted value was set at or near "
        "the published number, or the stand-in was designed so the claim holds. Power and false-positive "
        "rate are medians over the chapter's diagnosed headline claims: the shares of simulated draws in which a "
        "claim holds with the planted effects, and with every planted effect set to zero.",
        "",
        *demonstration_table(report, registry),
        "",
        *design_table(report, registry),
    ]
    return "\n".join(lines) + "\n"


def write_dashboard(report: dict, registry: dict, generated: Path) -> None:
    """Write the dashboard fragment and its chart into ``book/generated/``."""
    from livingpapers.toolkit.render import write_if_changed

    write_if_changed(chart_svg(report, registry), generated / CHART_NAME)
    write_if_changed(dashboard_markdown(report, registry), generated / "dashboard_table.md")
