"""Small, shared output helpers: atomic file writes, links to saved files, HTML and Markdown snippets.

Anything that reaches a page from data, parameters, facts or error messages goes through
:func:`html.escape` (HTML outputs), :func:`markdown_text` (Markdown text and table cells) or
:func:`literal_block` (multi-line messages), so a value such as ``<script>``, a MyST role or a
directive fence is shown as text and never executed.
"""

from __future__ import annotations

import html
import os
import re
import string
import tempfile
from pathlib import Path

import pandas as pd

from livingpapers.toolkit.paths import building, project_root

DATA_MODE_LABELS = {
    "standin": "stand-in (simulated data, not the authors')",
    "real": "the authors' data (real)",
    "none": "none (the paper's own numbers and public facts)",
}
STANDIN_MARK = "[stand-in]"

MARKDOWN_SPECIALS = frozenset(string.punctuation)  # CommonMark: any ASCII punctuation may be backslash-escaped


def markdown_text(value) -> str:
    """Any value as inert one-line Markdown text (for prose and table cells).

    Every ASCII punctuation character is backslash-escaped, so no role (``{download}`...` ``),
    substitution, math, link, HTML tag or table separator can form; line breaks become spaces.
    """
    return "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in " ".join(str(value).split()))


def fence_for(text: str, minimum: int = 3) -> str:
    """A backtick fence longer than any run of backticks in ``text`` (so ``text`` cannot close it)."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    return "`" * max(minimum, longest + 1)


def literal_block(text: str) -> str:
    """``text`` as a fenced literal block: shown verbatim, never parsed as Markdown or MyST."""
    fence = fence_for(text)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def _umask() -> int:
    """The process's umask (read without changing it where /proc allows)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes_atomic(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` through a temporary file, so readers never see half a file.

    The file gets the permissions any new file would (``0666`` less the umask), not ``0600``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp creates 0600; published files get the user's umask
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


def write_if_changed(data: bytes | str, path: Path) -> bool:
    """Write ``data`` (text as UTF-8) atomically unless ``path`` already holds exactly it; True if written.

    For generated sources of the book: Sphinx re-renders a page whose source or included fragment
    has a newer modification time, so rewriting an unchanged fragment would re-render it for nothing.
    """
    data = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == data:
        return False
    write_bytes_atomic(data, path)
    return True


def write_csv_atomic(frame: pd.DataFrame, path: Path, index: bool = False) -> Path:
    return write_text_atomic(frame.to_csv(index=index, lineterminator="\n"), path)


def output_link(slug: str, filename: str) -> str:
    """A link to a saved output that works where the page is read.

    In the built book the executed chapter sits at ``book/chapters/<slug>.html`` and the
    outputs are copied to ``_static/outputs/<slug>/``; in JupyterLab the notebook sits in
    ``notebooks/`` and its scratch outputs in ``_build/interactive/<slug>/``.
    """
    if building():
        return f"../../_static/outputs/{slug}/{filename}"
    return f"../_build/interactive/{slug}/{filename}"


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
