"""The reproducibility report (``_build/report.json``) and the pages made from it.

The JSON is for tools; the Markdown fragments in ``book/generated/`` are included by the
committed pages ``book/reproducibility.md`` and ``book/claims_dashboard.md`` (see
:mod:`livingpapers.engine.dashboard`). Each chapter's ``claims`` entry is
``{"total": n, "by_basis": {basis: {status: n}}, "standin": ..., "design": ...}``. Once the book is
built, ``pages`` gives each page's weight in bytes (``transferred``, ``uncompressed``; see
:mod:`livingpapers.engine.weight`).
"""

from __future__ import annotations

import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from livingpapers.toolkit.render import literal_block, markdown_text, write_if_changed, write_text_atomic

KEY_PACKAGES = (
    "jupyter-book",
    "myst-nb",
    "sphinx",
    "papermill",
    "jupytext",
    "pyfixest",
    "statsmodels",
    "linearmodels",
    "pandas",
    "numpy",
    "scipy",
    "matplotlib",
    "pandera",
)


def git_commit(root: Path) -> str:
    """The commit built, with ``-dirty`` if the work tree has uncommitted changes."""

    def git(*args):
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)

    head = git("rev-parse", "HEAD")
    if head.returncode != 0:
        return "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
    return head.stdout.strip() + ("-dirty" if dirty else "")


def versions() -> dict:
    found = {"python": platform.python_version(), "platform": platform.platform()}
    for name in KEY_PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def make_report(root: Path, registry: dict, outcomes: dict, profile: str) -> dict:
    """The report: commit, versions, profile, and one entry per chapter in registry order."""
    chapters = {}
    for slug in registry:
        entry = dict(outcomes[slug])
        entry.pop("slug")
        chapters[slug] = entry
    return {"commit": git_commit(root), "profile": profile, "versions": versions(), "chapters": chapters}


def report_markdown(report: dict, registry: dict) -> str:
    """The report as Markdown; parameters, file names and errors (which may quote a user's data) are escaped."""
    lines = [
        f"Commit: `{report['commit']}` · profile: `{report['profile']}`",
        "",
        "| Chapter | Status | Cache | Wall time (s) | Data mode | Parameters |",
        "|---|---|---|---|---|---|",
    ]
    for slug, c in report["chapters"].items():
        params = markdown_text(", ".join(f"{k}={v!r}" for k, v in c["parameters"].items()))
        status = "OK" if c["status"] == "ok" else "FAILED"
        lines.append(
            f"| [{registry[slug].title}](chapters/{slug}) | {status} | {c['cache']} | "
            f"{c['wall_seconds']:.1f} | {markdown_text(c['data_mode'])} | {params} |"
        )
    failures = [(s, c["error"]) for s, c in report["chapters"].items() if c.get("error")]
    if failures:
        lines += ["", "Failures:", ""]
        for slug, error in failures:
            lines += [f"{registry[slug].title} (`{slug}`):", "", literal_block(error), ""]
    lines += ["", "Inputs read (SHA-256, first 12 characters):", ""]
    for slug, c in report["chapters"].items():
        files = ", ".join(f"{markdown_text(f)} {h[:12]}" for f, h in c["inputs"].items()) or "none"
        lines.append(f"- `{slug}`: {files}")
    lines += ["", "Versions:", "", "| Package | Version |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in report["versions"].items()]
    return "\n".join(lines) + "\n"


def write_report_json(report: dict, root: Path) -> Path:
    """Write ``_build/report.json`` (again after the book is built, with each page's weight)."""
    return write_text_atomic(json.dumps(report, indent=2, sort_keys=False) + "\n", root / "_build" / "report.json")


def write_report(report: dict, root: Path) -> None:
    """Write ``_build/report.json``, the report fragment and the claims dashboard (fragment and chart)."""
    from livingpapers.engine.dashboard import write_dashboard
    from livingpapers.engine.registry import load_registry

    registry = load_registry(root)
    write_report_json(report, root)
    write_if_changed(report_markdown(report, registry), root / "book" / "generated" / "report_table.md")
    write_dashboard(report, registry, root / "book" / "generated")
