"""The executed notebook as readers get it: the book page and the ``.ipynb`` download.

After papermill, and before the notebook is written to ``book/chapters/<slug>.ipynb``, the
build (:func:`livingpapers.engine.build.execute_chapter`) calls :func:`prepare_for_readers`:

- every code cell is folded (tag ``hide-input``) unless its source chose otherwise
  (``show-input``, or any other hide/remove tag): readers see prose, tables and figures, and
  researchers open the code with one click;
- a first cell (shown only in the download, not on the page) says how to run the notebook:
  it imports the project's package, so it runs inside a copy of the project;
- no trace of the build machine remains: papermill's temporary input and output paths are
  dropped, the project's absolute path is removed from outputs, and progress bars (tqdm writes
  them to stderr, for the terminal) are deleted.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

FOLDING_TAGS = {"hide-input", "hide-cell", "remove-input", "remove-cell", "show-input"}
BUILD_METADATA = ("input_path", "output_path", "environment_variables")
PROGRESS_BAR = re.compile(r"\r|\d+%\|")
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex")
RUN_NOTE = """\
**How to run this notebook.** This is the executed copy of the chapter *{title}* of the
Living Papers collection, from which the book page was built. It imports the project's
`livingpapers` package, so it runs only inside a copy of the project; opened on its own, its
first code cell stops with `ModuleNotFoundError: No module named 'livingpapers'`.

1. Get the project{where}, then run `make lab` (it installs the pinned environment into `.venv`
   and opens JupyterLab).
2. Open `{source}`, the chapter's source (a Jupytext notebook; this `.ipynb` is a build product),
   and run all cells. The first code cell holds the parameters.
3. Or, from a terminal: `python -m livingpapers run {slug} -p seed 7` (other parameters with `-p`).

By default the chapter runs on a seeded stand-in (simulated data) or on no data at all; its banner
says which. Tables and figures are written to `book/_static/outputs/{slug}/`.
"""


def repository_url(root: Path) -> str:
    """``repository.url`` from ``_config.yml`` (empty if unset)."""
    try:
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    except OSError:
        return ""
    return str((config.get("repository") or {}).get("url") or "").strip()


def fold_code(nb) -> None:
    """Tag every code cell ``hide-input`` unless its source set how it is shown."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.setdefault("tags", [])
        if not FOLDING_TAGS.intersection(tags):
            tags.append("hide-input")


def run_note_cell(nb, slug: str, title: str, source: str, url: str):
    from nbformat.v4 import new_markdown_cell

    where = f" (`git clone {url}`)" if url else ""
    cell = new_markdown_cell(RUN_NOTE.format(title=title, slug=slug, source=source, where=where))
    cell.metadata["tags"] = ["remove-cell"]
    cell.id = "livingpapers-how-to-run"
    return cell


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def scrub_outputs(nb, root: Path) -> None:
    """Drop progress bars; remove the project's absolute path from every text output."""
    prefixes = [f"{root.resolve()}/", str(root.resolve())]

    def scrub(text: str) -> str:
        for prefix in prefixes:
            text = text.replace(prefix, "")
        return text

    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                text = _text(output.get("text", ""))
                if output.get("name") == "stderr" and (PROGRESS_BAR.search(text) or not text.strip()):
                    continue
                output["text"] = scrub(text)
            for mime in TEXT_MIMES:
                if mime in output.get("data", {}):
                    output["data"][mime] = scrub(_text(output["data"][mime]))
            kept.append(output)
        cell["outputs"] = kept


def prepare_for_readers(nb, slug: str, title: str, source: str, root: Path) -> None:
    """Fold code, add the how-to-run note and remove build traces (in place)."""
    fold_code(nb)
    scrub_outputs(nb, root)
    papermill = nb.metadata.get("papermill", {})
    for key in BUILD_METADATA:
        papermill.pop(key, None)
    if not nb.cells or nb.cells[0].get("id") != "livingpapers-how-to-run":
        nb.cells.insert(0, run_note_cell(nb, slug, title, source, repository_url(root)))
