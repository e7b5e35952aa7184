"""The registry of chapters (``chapters.yml``) and the table of contents generated from it.

One file says which chapters exist, where their sources are, which parameters they take,
which data they read, and which pages stand before and after them in the book. The build,
the cache key, the parameter check and ``_toc.yml`` (written by the build, never by hand)
all follow it, so a chapter cannot be half-registered.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from livingpapers.toolkit.parameters import (
    DATA_MODES,
    PROFILES,
    Chapter,
    ParameterError,
    chapter_from_entry,
    read_registry_file,
    validate_parameters,
)
from livingpapers.toolkit.paths import PACKAGE_DIR, project_root
from livingpapers.toolkit.render import write_if_changed

__all__ = [
    "DATA_MODES",
    "PROFILES",
    "Chapter",
    "ParameterError",
    "RegistryError",
    "load_registry",
    "toc",
    "write_toc",
    "validate_parameters",
]

TOC_HEADER = "# Generated from chapters.yml by `python -m livingpapers build`; do not edit.\n"


class RegistryError(ValueError):
    """The registry is malformed or names files that do not exist."""


def load_registry(root: Path | None = None) -> dict[str, Chapter]:
    """All chapters by slug, in registry order, after checking that their files exist."""
    root = root or project_root()
    chapters: dict[str, Chapter] = {}
    problems = []
    for entry in read_registry_file(root)["chapters"]:
        chapter = chapter_from_entry(entry)
        if chapter.slug in chapters:
            problems.append(f"chapter {chapter.slug!r} is registered twice")
        if not (root / chapter.notebook).is_file():
            problems.append(f"{chapter.slug}: notebook {chapter.notebook} does not exist")
        if not (PACKAGE_DIR.parent / chapter.module).is_dir():
            problems.append(f"{chapter.slug}: study package {chapter.module} does not exist")
        for key in sorted(set(chapter.bounds) - set(chapter.parameters)):
            problems.append(f"{chapter.slug}: bounds given for {key!r}, which is not a parameter")
        for profile in PROFILES:
            try:
                chapter.profile_parameters(profile)
            except ParameterError as err:
                problems.append(f"{chapter.slug}: the {profile} profile: {err}")
        for alternative in chapter.alternatives:
            try:
                chapter.profile_parameters("fast", alternative)
            except ParameterError as err:
                problems.append(f"{chapter.slug}: alternative parameter set {alternative}: {err}")
        chapters[chapter.slug] = chapter
    if problems:
        raise RegistryError("problems in chapters.yml:\n- " + "\n- ".join(problems))
    return chapters


def toc(root: Path | None = None) -> dict:
    """The Jupyter Book table of contents: the book's own pages around the registered chapters."""
    root = root or project_root()
    book = read_registry_file(root)["book"]
    chapters = [{"file": f"book/chapters/{slug}"} for slug in load_registry(root)]

    def part(caption: str, files: list[str], numbered: bool = False) -> dict:
        return {"caption": caption, "numbered": numbered, "chapters": [{"file": f} for f in files]}

    parts = [part(p["caption"], p["pages"]) for p in book.get("before", [])]
    parts.append({"caption": book.get("chapters_caption", "Chapters"), "numbered": True, "chapters": chapters})
    parts += [part(p["caption"], p["pages"]) for p in book.get("after", [])]
    return {"format": "jb-book", "root": book["root"], "parts": parts}


def write_toc(root: Path | None = None) -> Path:
    """Write ``_toc.yml`` from ``chapters.yml`` (only if it changed, so Sphinx does not rebuild for nothing)."""
    root = root or project_root()
    text = TOC_HEADER + yaml.safe_dump(toc(root), sort_keys=False, allow_unicode=True)
    path = root / "_toc.yml"
    write_if_changed(text, path)
    return path
