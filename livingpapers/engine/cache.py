"""The cache key of a chapter: a hash of everything its executed notebook depends on.

A chapter re-executes only when one of these changes:

- its source (``notebooks/<slug>.md``), read as cells: the Jupytext header that JupyterLab
  rewrites on save does not count;
- its parameters (after the profile and the caller's overrides);
- the layers a chapter imports: ``livingpapers/toolkit/``, ``livingpapers/methods/``, the
  package's ``__init__`` files, and its own study package (``livingpapers/studies/<slug>/``);
- the data files it reads (the registry's ``inputs`` globs, and ``data/raw/<slug>/`` in real mode);
- the pinned requirements (``requirements.txt``).

A cache hit also verifies what it would serve: the executed notebook's stamp records a hash of
the notebook itself (without the stamp) and of every file in the chapter's outputs folder; an
edited, deleted or added file there means the chapter is executed again.

The engine (``livingpapers/engine/``: this module, the build, the report, the command line)
and other chapters' study packages are not part of the key: editing them re-executes nothing,
and editing one study re-executes one chapter. File modification times never matter: only
contents do.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from livingpapers.engine.registry import Chapter
from livingpapers.toolkit.paths import PACKAGE_DIR, project_root

KEY_VERSION = "2"
CHAPTER_LAYERS = ("toolkit", "methods")  # what every chapter imports, besides its own study


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def package_files(chapter: Chapter) -> list[Path]:
    """The toolkit and methods layers, the package ``__init__`` files and the chapter's own study package."""
    shared = [PACKAGE_DIR / "__init__.py", PACKAGE_DIR / "studies" / "__init__.py"]
    for layer in CHAPTER_LAYERS:
        shared += sorted((PACKAGE_DIR / layer).rglob("*.py"))
    own = sorted((PACKAGE_DIR.parent / chapter.module).rglob("*.py"))
    return [p for p in shared + own if p.is_file()]


def source_hash(path: Path) -> str:
    """Hash of a Jupytext source as its cells (type, source, tags), ignoring the file's header.

    JupyterLab rewrites the YAML header (Jupytext and kernel versions) when it saves a
    notebook; that changes nothing a chapter computes, so it must not re-execute it.
    """
    import jupytext

    notebook = jupytext.read(path)
    cells = [[c.cell_type, c.source, sorted(c.metadata.get("tags", []))] for c in notebook.cells]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


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
    deps = {f"source:{chapter.notebook}": source_hash(root / chapter.notebook)}
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
    payload = {
        "version": KEY_VERSION,
        "slug": chapter.slug,
        "parameters": parameters,
        "dependencies": dependencies(chapter, parameters, root),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def tree_digest(folder: Path) -> str | None:
    """One hash over every file under ``folder`` (relative paths and contents); None if it is not a folder."""
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
        digest.update(sha256_file(path).encode() if path.is_file() else b"<not a file>")
        digest.update(b"\0")
    return digest.hexdigest()


def notebook_digest(nb, stamp_key: str = "livingpapers") -> str:
    """Hash of an executed notebook as written to disk, leaving out its own stamp (which holds this hash)."""
    import nbformat

    content = json.loads(nbformat.writes(nb))
    content.get("metadata", {}).pop(stamp_key, None)
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def inputs_for_report(chapter: Chapter, parameters: dict, root: Path | None = None) -> dict[str, str]:
    """The data files read, with their hashes, for the reproducibility report."""
    root = root or project_root()
    return {str(p.relative_to(root)): sha256_file(p) for p in input_files(chapter, parameters, root)}
