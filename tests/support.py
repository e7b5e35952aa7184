"""Paths and a tiny project shared by the tests (importable because ``tests/`` is on pytest's ``pythonpath``)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def code_cell(source: str, tags: list[str] | None = None) -> str:
    options = f":tags: [{', '.join(tags)}]\n\n" if tags else ""
    return f"```{{code-cell}} ipython3\n{options}{textwrap.dedent(source).strip()}\n```\n"


def tiny_project(dst: Path, chapters: dict[str, str]) -> Path:
    """A project with the real book pages but trivial chapters: ``{slug: code of the chapter's cell}``.

    Slugs must name real study packages (the registry checks them); each chapter opens as a
    real one does (``open_chapter``), then runs the given code, so a build takes seconds.
    """
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "requirements.txt"):
        shutil.copy2(REPO / name, dst / name)
    shutil.copytree(REPO / "book", dst / "book", ignore=shutil.ignore_patterns("chapters", "outputs", "generated"))
    (dst / "book" / "intro.md").write_text("# A tiny book\n\nChapters for the engine's tests.\n", encoding="utf-8")
    registry = yaml.safe_load((REPO / "chapters.yml").read_text(encoding="utf-8"))
    entries = []
    for slug, code in chapters.items():
        entries.append(
            {
                "slug": slug,
                "title": f"Tiny {slug}",
                "notebook": f"notebooks/{slug}.md",
                "inputs": [f"data/published/{slug}.yml"],
                "data_modes": ["standin", "real"],
                "parameters": {"data_mode": "standin", "seed": 1, "n_draws": 10},
                "bounds": {"n_draws": {"min": 1, "max": 1000, "unit": "draw", "seconds_per_unit": 0.5}},
                "fast": {},
            }
        )
        (dst / "data" / "published").mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "data" / "published" / f"{slug}.yml", dst / "data" / "published" / f"{slug}.yml")
        (dst / "notebooks").mkdir(exist_ok=True)
        opening = f'from livingpapers.toolkit.chapter import open_chapter\nch = open_chapter("{slug}", data_mode=data_mode, seed=seed, n_draws=n_draws)'
        (dst / "notebooks" / f"{slug}.md").write_text(
            NOTEBOOK_HEADER
            + f"\n# Tiny {slug}\n\n"
            + code_cell('data_mode = "standin"\nseed = 1\nn_draws = 10', ["parameters"])
            + "\n"
            + code_cell(opening)
            + "\n"
            + code_cell(code)
            + "\n",
            encoding="utf-8",
        )
    registry["chapters"] = entries
    (dst / "chapters.yml").write_text(yaml.safe_dump(registry, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dst
