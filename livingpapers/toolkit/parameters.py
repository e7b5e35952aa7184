"""A chapter's entry in ``chapters.yml`` and the check of the parameters it is run with.

``chapters.yml`` is the one place where a chapter's parameter defaults, its ``fast`` profile,
its alternative parameter sets, its data modes and the bounds of its count and size
parameters are written. A bound says what one unit costs (``seconds_per_unit`` or
``bytes_per_unit``), so a refused value is explained by the time or memory it would need. Both the engine (before a
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
    bounds: dict = field(default_factory=dict, hash=False)

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
    for key, bound in chapter.bounds.items():
        problems += bound_problems(key, params.get(key), bound)
    if problems:
        raise ParameterError(f"bad parameters for chapter {chapter.slug!r}:\n- " + "\n- ".join(problems))


def bound_problems(key: str, value, bound: dict) -> list[str]:
    """A count or size parameter outside its bounds, with the time or memory the value implies."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return []  # a wrong type is reported by the type check
    low, high, unit = bound.get("min"), bound.get("max"), bound.get("unit", "unit")
    if low is not None and value < low:
        return [f"{key}={value!r} is below the minimum of {low} {unit}{'s' if low != 1 else ''}"]
    if high is not None and value > high:
        cost = implied_cost(value, bound)
        return [f"{key}={value!r} is above the maximum {high}{f': {cost}' if cost else ''}"]
    return []


def implied_cost(value: float, bound: dict) -> str:
    """What ``value`` units would cost, from the bound's measured unit costs (time and/or memory)."""
    unit, parts = bound.get("unit", "unit"), []
    if "seconds_per_unit" in bound:
        per = bound["seconds_per_unit"]
        parts.append(f"about {_seconds(value * per)} of computing ({_seconds(per)} per {unit})")
    if "bytes_per_unit" in bound:
        per = bound["bytes_per_unit"]
        parts.append(f"about {_bytes(value * per)} of memory ({_bytes(per)} per {unit})")
    return f"it would need {' and '.join(parts)}" if parts else ""


def _bytes(n: float) -> str:
    for name in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or name == "TiB":
            return f"{n:.0f} {name}" if name == "bytes" else f"{n:.3g} {name}"
        n /= 1024
    raise AssertionError("unreachable")


def _seconds(s: float) -> str:
    for name, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if s >= size:
            return f"{s / size:.3g} {name}"
    return f"{s:.2g} s"


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
        bounds={key: dict(bound) for key, bound in (entry.get("bounds") or {}).items()},
    )


def chapter_spec(slug: str, root: Path | None = None) -> Chapter:
    """The registered chapter ``slug`` (a ``KeyError`` names the registered ones)."""
    for entry in read_registry_file(root)["chapters"]:
        if entry["slug"] == slug:
            return chapter_from_entry(entry)
    raise KeyError(f"no chapter {slug!r} in chapters.yml")
