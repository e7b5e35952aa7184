"""Small, shared output helpers: atomic file writes, links to saved files, HTML snippets."""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

import pandas as pd

from livingpapers.toolkit.paths import project_root

DATA_MODE_LABELS = {
    "standin": "stand-in (simulated data, not the authors')",
    "real": "the authors' data (real)",
    "none": "none (the paper's own numbers and public facts)",
}
STANDIN_MARK = "[stand-in]"

STATUS_COLOURS = {
    "reproduced": "#1a7f37",
    "by construction": "#57606a",
    "differing": "#b35900",
    "not computed": "#6e7781",
    "not testable": "#6e7781",
}


def write_bytes_atomic(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` through a temporary file, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(text: str, path: Path) -> Path:
    """UTF-8 text with Unix newlines, written atomically."""
    return write_bytes_atomic(text.encode("utf-8"), path)


def write_csv_atomic(frame: pd.DataFrame, path: Path, index: bool = False) -> Path:
    return write_text_atomic(frame.to_csv(index=index, lineterminator="\n"), path)


def output_link(slug: str, filename: str) -> str:
    """A link to a saved output that works where the page is read.

    In the built book the executed chapter sits at ``book/chapters/<slug>.html`` and the
    outputs are copied to ``_static/outputs/<slug>/``; in JupyterLab the notebook sits in
    ``notebooks/`` and the files in ``book/_static/outputs/<slug>/``.
    """
    if os.environ.get("LIVINGPAPERS_OUTPUT_DIR"):
        return f"../../_static/outputs/{slug}/{filename}"
    return f"../book/_static/outputs/{slug}/{filename}"


def downloads_html(slug: str, filenames: list[str]) -> str:
    links = " · ".join(
        f'<a href="{html.escape(output_link(slug, f))}" download>{html.escape(f)}</a>' for f in filenames
    )
    return f'<p class="lp-downloads">Download: {links}</p>' if filenames else ""


def ledger_html(frame: pd.DataFrame, data_mode: str, csv_name: str | None, slug: str | None = None) -> str:
    """The claims ledger as an HTML table with coloured statuses and a legend."""
    cols = ["Claim", "Where", "Statement", "Published", "This run", "Status", "Detail"]
    head = "".join(f"<th>{c}</th>" for c in cols)
    body = []
    for _, row in frame.iterrows():
        cells = []
        for c in cols:
            text = html.escape(str(row[c]))
            if c == "Status":
                basis = f" · {html.escape(row['Basis'])}" if row["Basis"] else ""
                text = f'<span style="color:{STATUS_COLOURS.get(row[c], "#000")};font-weight:600">{text}</span>{basis}'
            cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    caveat = (
        "<b>This run uses stand-in (simulated) data</b> for anything marked <i>standin</i>: "
        "a status there says whether the method recovers the paper's pattern on data built "
        "with known effects. It is a demonstration, never evidence. "
        if data_mode == "standin"
        else ""
    )
    legend = (
        f'<p class="lp-legend">{caveat}<b>reproduced</b>: same sign and significance level '
        "(estimates), equal at the printed precision or within the stated relation (numbers), or the "
        "check holds (qualitative). <b>by construction</b>: it holds because the stand-in was calibrated "
        "or pinned to it, so it shows only that the calibration worked. <b>differing</b>: it does not. <b>not computed</b>: this run has no "
        "number for it. <b>not testable</b>: a recommendation. <i>Basis</i> says what the result rests on: "
        "arithmetic on the paper's own numbers, curated facts, stand-in data or real data.</p>"
    )
    link = downloads_html(slug, [csv_name]) if (csv_name and slug) else ""
    return (
        f'<div class="lp-ledger">{legend}<table class="lp-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{link}</div>"
    )


def relative_to_root(path: Path) -> str:
    """A path as shown to users: relative to the project root where possible."""
    try:
        return str(Path(path).resolve().relative_to(project_root()))
    except ValueError:
        return str(path)
