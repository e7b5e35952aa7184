"""The claims ledger as HTML: legend, filters by status, basis and table, and the rows.

The filters are a few lines of self-contained JavaScript (no network, no library): each row
carries its status, basis and table as ``data-`` attributes and the script hides the rows that
do not match the selected values. Every piece of claim text or data is escaped (``$...$`` in it is
typeset by MathJax, as in the toolkit's tables); the script is
a constant and never reads or writes HTML. Without JavaScript the filters stay hidden and the
whole table shows.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from livingpapers.toolkit.claims import RULES_LEGEND
from livingpapers.toolkit.render import downloads_html
from livingpapers.toolkit.tables import html_text

STATUS_COLOURS = {
    "confirmed": "#1a7f37",
    "contradicted": "#b35900",
    "inconsistent in paper": "#8250df",
    "recovered": "#0969da",
    "not recovered": "#9a6700",
    "not computed": "#6e7781",
    "not testable": "#afb8c1",
}
FILTERS = (("status", "Status"), ("basis", "Basis"), ("table", "Table"))
NO_TABLE = "no table"
STANDIN_CAVEAT = (
    "<b>This run uses stand-in (simulated) data</b> for every claim with basis <i>standin</i>: its status says "
    "whether the method recovers what was planted in data built with known effects. That is a demonstration, "
    "never evidence. "
)
FILTER_SCRIPT = """<script>
(function () {
  document.querySelectorAll("div.lp-ledger:not([data-lp-ready])").forEach(function (box) {
    box.setAttribute("data-lp-ready", "1");
    var selects = box.querySelectorAll("select[data-filter]");
    var rows = box.querySelectorAll("tbody tr");
    var count = box.querySelector(".lp-shown");
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = Array.prototype.every.call(selects, function (s) {
          return !s.value || row.getAttribute("data-" + s.getAttribute("data-filter")) === s.value;
        });
        row.style.display = keep ? "" : "none";
        if (keep) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " claims shown";
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    box.querySelector(".lp-filters").hidden = false;
    apply();
  });
})();
</script>"""


def _text(value) -> str:
    """A cell's text, escaped, its ``$...$`` parts typeset as math (as in the toolkit's tables); missing as a dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return "—"
    return html_text(value)


def _share(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):.0%}"


def _filter_value(row: pd.Series, key: str) -> str:
    value = row.get(key)
    return NO_TABLE if key == "table" and (value is None or pd.isna(value) or value == "") else str(value)


def _select(frame: pd.DataFrame, key: str, label: str) -> str:
    values = sorted({_filter_value(row, key) for _, row in frame.iterrows()})
    options = '<option value="">all</option>' + "".join(
        f'<option value="{html.escape(v, quote=True)}">{html.escape(v)}</option>' for v in values
    )
    return f'<label>{label} <select data-filter="{key}">{options}</select></label>'


def _columns(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(header, column) pairs shown; planted and design columns only where the ledger has them."""
    columns = [("Claim", "id"), ("Where", "where"), ("Statement", "statement"), ("Published", "published")]
    columns.append(("This run", "this_run"))
    if (frame["basis"] == "standin").any():
        columns.append(("Planted (from the paper?)", "planted"))
    if frame["p_holds_design"].notna().any():
        columns.append(("Power / false positives", "p_holds_design"))
    return [*columns, ("Status · basis", "status"), ("Detail", "detail")]


def _cell(row: pd.Series, column: str) -> str:
    if column == "status":
        colour = STATUS_COLOURS.get(row["status"], "#000")
        return f'<span style="color:{colour};font-weight:600">{_text(row["status"])}</span> · {_text(row["basis"])}'
    if column == "planted":
        if not row["planted_from_paper"]:
            return _text(row["planted"]) if row["planted"] else "—"
        origin = "from the paper" if row["planted_from_paper"] == "yes" else "independent"
        return f"{_text(row['planted'])} ({origin})"
    if column == "p_holds_design":
        return f"{_share(row['p_holds_design'])} / {_share(row['p_holds_null'])}"
    return _text(row[column])


def ledger_html(frame: pd.DataFrame, data_mode: str, csv_name: str | None, slug: str | None = None) -> str:
    """The ledger frame (:meth:`Ledger.frame`) as HTML with legend, filters and a download link."""
    columns = _columns(frame)
    head = "".join(f"<th>{html.escape(header)}</th>" for header, _ in columns)
    body = []
    for _, row in frame.iterrows():
        attributes = " ".join(f'data-{key}="{html.escape(_filter_value(row, key), quote=True)}"' for key, _ in FILTERS)
        cells = "".join(f"<td>{_cell(row, column)}</td>" for _, column in columns)
        body.append(f"<tr {attributes}>{cells}</tr>")
    caveat = STANDIN_CAVEAT if data_mode == "standin" else ""
    filters = "".join(_select(frame, key, label) for key, label in FILTERS)
    link = downloads_html(slug, [csv_name]) if (csv_name and slug) else ""
    return (
        f'<div class="lp-ledger"><p class="lp-legend">{caveat}{RULES_LEGEND}</p>'
        f'<div class="lp-filters" hidden>{filters} <span class="lp-shown" aria-live="polite"></span></div>'
        f'<table class="lp-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        f"{link}</div>{FILTER_SCRIPT}"
    )
