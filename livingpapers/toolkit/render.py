"""Small, shared output helpers: atomic file writes, links to saved files, HTML snippets."""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

import pandas as pd

from livingpapers.toolkit.paths import project_root


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


def relative_to_root(path: Path) -> str:
    """A path as shown to users: relative to the project root where possible."""
    try:
        return str(Path(path).resolve().relative_to(project_root()))
    except ValueError:
        return str(path)
