"""The real-data format by example: export a stand-in as ``data/raw/<slug>/`` expects it, and
keep each ``data/raw/<slug>/README.md``'s column tables generated from the data contract.

``python -m livingpapers export-standin SLUG DIR`` writes the chapter's stand-in through its
study package's ``data.real_tables`` and ``data.CONTRACTS`` (see ``livingpapers/studies/README.md``),
so ``python -m livingpapers run SLUG -p data_mode real`` on a copy of those files runs the chapter
on exactly the stand-in. Existing files are never overwritten: nothing a user has is lost.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from livingpapers.engine.registry import RegistryError, load_registry
from livingpapers.toolkit.contracts import contract_markdown, write_tables
from livingpapers.toolkit.paths import project_root

START, END = "<!-- contract:start -->", "<!-- contract:end -->"


class ExportError(RuntimeError):
    """The export was refused (the chapter has no real-data mode, or files would be overwritten)."""


def empirical_slugs(root: Path | None = None) -> list[str]:
    """Chapters that read real data (and so have a data contract and a stand-in)."""
    return [slug for slug, c in load_registry(root).items() if "real" in c.data_modes]


def study_data(slug: str):
    """The study package's ``data`` module (contract, reader, real-format tables)."""
    return importlib.import_module(f"livingpapers.studies.{slug}.data")


def export_standin(slug: str, directory: Path, seed: int | None = None, root: Path | None = None) -> list[Path]:
    """Write the chapter's stand-in (seed: the chapter's default) in the real-data format into ``directory``."""
    registry = load_registry(root)
    if slug not in registry:
        raise RegistryError(f"unknown chapter {slug!r}; registered: {', '.join(registry)}")
    if slug not in empirical_slugs(root):
        raise ExportError(f"chapter {slug!r} reads no data (data modes: {', '.join(registry[slug].data_modes)})")
    data = study_data(slug)
    package = importlib.import_module(f"livingpapers.studies.{slug}")
    seed = registry[slug].parameters["seed"] if seed is None else seed
    directory = Path(directory)
    existing = [c.filename for c in data.CONTRACTS if (directory / c.filename).exists()]
    if existing:
        raise ExportError(f"{directory} already holds {', '.join(existing)}; export into an empty folder")
    return write_tables(data.real_tables(package.load("standin", seed)), data.CONTRACTS, directory)


def readme_path(slug: str, root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "raw" / slug / "README.md"


def readme_block(slug: str) -> str:
    """The generated part of ``data/raw/<slug>/README.md``, markers included."""
    return f"{START}\n{contract_markdown(study_data(slug).CONTRACTS)}{END}"


def current_block(slug: str, root: Path | None = None) -> str | None:
    """The README's generated part as it stands (None without markers)."""
    text = readme_path(slug, root).read_text(encoding="utf-8")
    if START not in text or END not in text:
        return None
    return text[text.index(START) : text.index(END) + len(END)]


def update_readmes(root: Path | None = None) -> list[str]:
    """Rewrite the generated part of every empirical chapter's README; return the slugs changed."""
    changed = []
    for slug in empirical_slugs(root):
        old, new = current_block(slug, root), readme_block(slug)
        if old is None:
            raise ExportError(f"{readme_path(slug, root)} has no {START} ... {END} markers")
        if old != new:
            path = readme_path(slug, root)
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
            changed.append(slug)
    return changed
