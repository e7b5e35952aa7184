"""The layers stay apart: chapters' code never imports the engine; methods and toolkit know no study."""

import ast
from pathlib import Path

import pytest

from livingpapers.toolkit.paths import PACKAGE_DIR

FORBIDDEN = {
    "toolkit": ("livingpapers.engine", "livingpapers.studies"),
    "methods": ("livingpapers.engine", "livingpapers.studies", "livingpapers.toolkit.chapter"),
    "studies": ("livingpapers.engine",),
}


def package_of(path: Path) -> str:
    """The dotted package a module of ``livingpapers`` belongs to."""
    return ".".join(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts[:-1])


def imported_modules(path: Path, package: str | None = None) -> list[str]:
    """Absolute module names a file imports (relative imports resolved within its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = package if package is not None else package_of(path)
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(x for x in (base, node.module or "") if x)
            names += [module] + [f"{module}.{alias.name}" for alias in node.names]
    return names


@pytest.mark.parametrize("layer", list(FORBIDDEN))
def test_layer_imports_nothing_forbidden(layer):
    offending = []
    for path in sorted((PACKAGE_DIR / layer).rglob("*.py")):
        for name in imported_modules(path):
            if name.startswith(FORBIDDEN[layer]):
                offending.append(f"{path.relative_to(PACKAGE_DIR)} imports {name}")
    assert not offending, "\n".join(offending)


def test_a_study_imports_no_other_study():
    offending = []
    for study in sorted(p for p in (PACKAGE_DIR / "studies").iterdir() if p.is_dir() and p.name != "__pycache__"):
        for path in sorted(study.rglob("*.py")):
            for name in imported_modules(path):
                if name.startswith("livingpapers.studies.") and not name.startswith(
                    f"livingpapers.studies.{study.name}"
                ):
                    offending.append(f"{path.relative_to(PACKAGE_DIR)} imports {name}")
    assert not offending, "\n".join(offending)


def test_the_import_scanner_sees_relative_and_absolute_imports(tmp_path):
    module = tmp_path / "analysis.py"
    module.write_text(
        "import livingpapers.engine.cli\nfrom livingpapers.toolkit import tables\nfrom . import data\n"
        "from ..other import thing\n"
    )
    names = imported_modules(module, package="livingpapers.studies.mine")
    assert "livingpapers.engine.cli" in names
    assert "livingpapers.toolkit.tables" in names
    assert "livingpapers.studies.mine.data" in names
    assert "livingpapers.studies.other.thing" in names
