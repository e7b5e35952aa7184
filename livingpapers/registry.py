"""The registry of chapters (``chapters.yml``), checked against ``_toc.yml``.

One file says which chapters exist, where their sources are, which parameters they take
and which data they read. The build, the cache key, the parameter check and the table of
contents all follow it, so a chapter cannot be half-registered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from livingpapers.paths import project_root

DATA_MODES = ("standin", "real", "none")  # "none": the chapter has no dataset (an essay)
PROFILES = ("full", "fast")


class RegistryError(ValueError):
    """The registry, the table of contents and the notebooks disagree."""


class ParameterError(ValueError):
    """A chapter was given parameters it does not accept; lists every problem at once."""


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    notebook: Path
    module: Path
    inputs: tuple[str, ...]
    data_modes: tuple[str, ...]
    parameters: dict = field(hash=False)
    fast: dict = field(hash=False)

    def profile_parameters(self, profile: str = "full", overrides: dict | None = None) -> dict:
        """Default parameters, with the profile's and then the caller's overrides, validated."""
        if profile not in PROFILES:
            raise ParameterError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
        params = dict(self.parameters)
        if profile == "fast":
            params.update(self.fast)
        params.update(overrides or {})
        validate_parameters(self, params)
        return params


def validate_parameters(chapter: Chapter, params: dict) -> None:
    """Raise one :class:`ParameterError` naming every unknown key or bad value."""
    problems = []
    for key in sorted(set(params) - set(chapter.parameters)):
        problems.append(f"unknown parameter {key!r} (accepted: {', '.join(sorted(chapter.parameters))})")
    for key, value in params.items():
        default = chapter.parameters.get(key)
        if key in chapter.parameters and default is not None and not _same_kind(value, default):
            problems.append(f"{key}={value!r} should be of type {type(default).__name__}, like the default {default!r}")
    mode = params.get("data_mode")
    if mode is not None and mode not in DATA_MODES:
        problems.append(f"data_mode={mode!r} is not a data mode ({', '.join(DATA_MODES)})")
    elif mode is not None and mode not in chapter.data_modes:
        problems.append(f"data_mode={mode!r} is not offered by this chapter (offered: {', '.join(chapter.data_modes)})")
    seed = params.get("seed")
    if isinstance(seed, int) and not isinstance(seed, bool) and seed < 0:
        problems.append(f"seed={seed} must be a non-negative integer")
    if problems:
        raise ParameterError(f"bad parameters for chapter {chapter.slug!r}:\n- " + "\n- ".join(problems))


def _same_kind(value, default) -> bool:
    """True if ``value`` may stand where ``default`` does (ints are accepted for floats)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def load_registry(root: Path | None = None) -> dict[str, Chapter]:
    """All chapters by slug, in registry order, after checking them against the table of contents."""
    root = root or project_root()
    raw = yaml.safe_load((root / "chapters.yml").read_text(encoding="utf-8"))
    chapters = {}
    for entry in raw["chapters"]:
        chapter = Chapter(
            slug=entry["slug"],
            title=entry["title"],
            notebook=Path(entry["notebook"]),
            module=Path(entry["module"]),
            inputs=tuple(entry.get("inputs", [])),
            data_modes=tuple(entry.get("data_modes", ["standin"])),
            parameters=dict(entry.get("parameters", {})),
            fast=dict(entry.get("fast") or {}),
        )
        if chapter.slug in chapters:
            raise RegistryError(f"chapter {chapter.slug!r} is registered twice in chapters.yml")
        chapters[chapter.slug] = chapter
    check_against_toc(chapters, root)
    return chapters


def toc_chapter_slugs(root: Path) -> list[str]:
    """Slugs of the executed-chapter entries (``book/chapters/<slug>``) in ``_toc.yml``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    slugs = []

    def walk(node):
        if isinstance(node, dict):
            target = node.get("file")
            if isinstance(target, str) and target.startswith("book/chapters/"):
                slugs.append(Path(target).stem)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return slugs


def check_against_toc(chapters: dict[str, Chapter], root: Path) -> None:
    """Every registered chapter is in the table of contents, and nothing else is."""
    in_toc = toc_chapter_slugs(root)
    missing_from_toc = [s for s in chapters if s not in in_toc]
    missing_from_registry = [s for s in in_toc if s not in chapters]
    problems = []
    if missing_from_toc:
        problems.append(f"registered in chapters.yml but not in _toc.yml: {', '.join(missing_from_toc)}")
    if missing_from_registry:
        problems.append(f"in _toc.yml but not registered in chapters.yml: {', '.join(missing_from_registry)}")
    for chapter in chapters.values():
        if not (root / chapter.notebook).is_file():
            problems.append(f"{chapter.slug}: notebook {chapter.notebook} does not exist")
    if problems:
        raise RegistryError("chapter registry and table of contents disagree:\n- " + "\n- ".join(problems))
