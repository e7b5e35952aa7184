"""Where things live. The project root can be moved (tests build a copy of the book)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def project_root() -> Path:
    """The project root: ``$LIVINGPAPERS_ROOT`` if set, else the checkout holding the package."""
    env = os.environ.get("LIVINGPAPERS_ROOT")
    return Path(env).resolve() if env else PACKAGE_DIR.parent


def data_dir() -> Path:
    return project_root() / "data"


def facts_dir() -> Path:
    return data_dir() / "facts"


def published_dir() -> Path:
    return data_dir() / "published"


def raw_dir(slug: str) -> Path:
    """Where a user puts the authors' data for one chapter (never written by the code)."""
    return data_dir() / "raw" / slug


def chapters_dir() -> Path:
    """Executed notebooks land here (build products, never committed)."""
    return project_root() / "book" / "chapters"


def outputs_dir(slug: str) -> Path:
    """Where a chapter's tables and figures are saved.

    Only the build writes the published outputs: it points ``$LIVINGPAPERS_OUTPUT_DIR`` at a
    staging folder and moves it into place only when the chapter succeeded, so a failed run
    never leaves half-written outputs. Interactively (JupyterLab) the files go to a scratch
    folder, :func:`interactive_outputs_dir`, so a reader's run with other parameters never
    replaces what the book serves.
    """
    env = os.environ.get("LIVINGPAPERS_OUTPUT_DIR")
    return Path(env) if env else interactive_outputs_dir(slug)


def building() -> bool:
    """True inside a chapter executed by the build (``python -m livingpapers build`` or ``run``)."""
    return bool(os.environ.get("LIVINGPAPERS_OUTPUT_DIR"))


def interactive_outputs_dir(slug: str) -> Path:
    """Scratch outputs of a chapter run in JupyterLab: ``_build/interactive/<slug>/``."""
    return build_dir() / "interactive" / slug


def build_dir() -> Path:
    return project_root() / "_build"
