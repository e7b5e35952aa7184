"""The cache key of a chapter: a hash of everything its executed notebook depends on.

A chapter re-executes only when one of these changes:

- its source text (``notebooks/<slug>.md``);
- its parameters (after the profile and the caller's overrides);
- the package's shared source (``livingpapers/*.py``) or its own study module;
- the data files it reads (the registry's ``inputs`` globs, and ``data/raw/<slug>/`` in real mode);
- the pinned requirements (``requirements.txt``).

Other chapters' study modules are not part of the key, so editing one study re-runs one chapter.
File modification times never matter: only contents do.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from livingpapers.paths import PACKAGE_DIR, project_root
from livingpapers.registry import Chapter

KEY_VERSION = "1"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def package_files(chapter: Chapter) -> list[Path]:
    """The shared package modules plus the chapter's own study module (file or package)."""
    shared = sorted(p for p in PACKAGE_DIR.glob("*.py"))
    shared.append(PACKAGE_DIR / "studies" / "__init__.py")
    module = PACKAGE_DIR.parent / chapter.module
    own = sorted(module.rglob("*.py")) if module.is_dir() else [module]
    return [p for p in shared + own if p.is_file()]


def input_files(chapter: Chapter, parameters: dict, root: Path | None = None) -> list[Path]:
    """The data files the chapter reads, for its parameters."""
    root = root or project_root()
    files = set()
    for pattern in chapter.inputs:
        files.update(p for p in root.glob(pattern) if p.is_file())
    if parameters.get("data_mode") == "real":
        raw = root / "data" / "raw" / chapter.slug
        files.update(p for p in raw.rglob("*") if p.is_file())
    return sorted(files)


def dependencies(chapter: Chapter, parameters: dict, root: Path | None = None) -> dict[str, str]:
    """Every dependency as ``{label: sha256}``; labels are paths relative to root or package."""
    root = root or project_root()
    deps = {f"source:{chapter.notebook}": sha256_file(root / chapter.notebook)}
    for path in package_files(chapter):
        deps[f"package:{path.relative_to(PACKAGE_DIR.parent)}"] = sha256_file(path)
    for path in input_files(chapter, parameters, root):
        deps[f"input:{path.relative_to(root)}"] = sha256_file(path)
    requirements = root / "requirements.txt"
    if requirements.is_file():
        deps["requirements:requirements.txt"] = sha256_file(requirements)
    return deps


def cache_key(chapter: Chapter, parameters: dict, root: Path | None = None) -> str:
    """One hash over the parameters and every dependency's content."""
    payload = {"version": KEY_VERSION, "slug": chapter.slug, "parameters": parameters,
               "dependencies": dependencies(chapter, parameters, root)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def inputs_for_report(chapter: Chapter, parameters: dict, root: Path | None = None) -> dict[str, str]:
    """The data files read, with their hashes, for the reproducibility report."""
    root = root or project_root()
    return {str(p.relative_to(root)): sha256_file(p) for p in input_files(chapter, parameters, root)}
