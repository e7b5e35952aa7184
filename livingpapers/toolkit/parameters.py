"""A chapter's entry in ``chapters.yml`` and the check of the parameters it is run with.

``chapters.yml`` is the one place where a chapter's parameter defaults, its ``fast`` profile,
its alternative parameter sets and its data modes are written. Both the engine (before a
kernel starts) and :func:`livingpapers.toolkit.chapter.open_chapter` (inside the kernel, and in
JupyterLab) validate parameters here, so a bad value is refused the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from livingpapers.toolkit.paths import project_root

DATA_MODES = ("standin", "real", "none")  # "none": the chapter has no dataset (an essay, a model)
PROFILES = ("full", "fast")


class ParameterError(ValueError):
    """A chapter was given parameters it does not accept; lists every problem at once."""


@dataclass(frozen=True)
class Chapter:
    """One registered chapter: where its source and study package are, what it reads and accepts."""

    slug: str
    title: str
    notebook: Path
    inputs: tuple[str, ...]
    data_modes: tuple[str, ...]
    parameters: dict = field(hash=False)
    fast: dict = field(hash=False)
    alternatives: tuple = field(default=(), hash=False)

    @property
    def module(self) -> Path:
        """The study package, relative to the checkout: always ``livingpapers/studies/<slug>``."""
        return Path("livingpapers") / "studies" / self.slug

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


def read_registry_file(root: Path | None = None) -> dict:
    """The parsed ``chapters.yml``."""
    root = root or project_root()
    return yaml.safe_load((root / "chapters.yml").read_text(encoding="utf-8"))


def chapter_from_entry(entry: dict) -> Chapter:
    """A :class:`Chapter` from one entry of ``chapters.yml``."""
    return Chapter(
        slug=entry["slug"],
        title=entry["title"],
        notebook=Path(entry["notebook"]),
        inputs=tuple(entry.get("inputs", [])),
        data_modes=tuple(entry.get("data_modes", ["standin"])),
        parameters=dict(entry.get("parameters", {})),
        fast=dict(entry.get("fast") or {}),
        alternatives=tuple(dict(a) for a in entry.get("alternatives") or ()),
    )


def chapter_spec(slug: str, root: Path | None = None) -> Chapter:
    """The registered chapter ``slug`` (a ``KeyError`` names the registered ones)."""
    for entry in read_registry_file(root)["chapters"]:
        if entry["slug"] == slug:
            return chapter_from_entry(entry)
    raise KeyError(f"no chapter {slug!r} in chapters.yml")
