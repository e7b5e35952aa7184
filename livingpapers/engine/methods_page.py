"""The generated parts of the book's Methods page (``book/methods.md``).

- ``book/generated/methods_api.md``: the API reference of :mod:`livingpapers.methods`, made from the
  signatures and docstrings of its public functions and classes, so it cannot drift from the code;
- ``book/generated/methods_example.md``: a worked example on real public data (Callaway and
  Sant'Anna on the ``mpdta`` county panel in ``data/public/did``), its code shown and its
  numbers printed by running that code during the build, never typed.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import pkgutil
from pathlib import Path

import pandas as pd

import livingpapers.methods
from livingpapers.toolkit.render import write_if_changed

EXAMPLE = """\
import pandas as pd
from livingpapers.methods import did

mpdta = pd.read_csv("data/public/did/mpdta.csv")  # 500 US counties, 2003-2007 (R package did)
cs = did.callaway_santanna(mpdta, y="lemp", unit="countyreal", time="year", cohort="first.treat")
print(cs.att_gt[["cohort", "time", "att", "se"]].round(4).to_string(index=False))
print("Pre-trend test:", {k: round(v, 4) for k, v in cs.pretest().items()})
for kind in ("simple", "group", "dynamic", "calendar"):
    overall = cs.aggregate(kind)
    print(f"{kind:>8} ATT {overall.att:+.4f} (SE {overall.se:.4f})")

mpdta["D"] = ((mpdta["first.treat"] > 0) & (mpdta["year"] >= mpdta["first.treat"])).astype(int)
twfe = did.twfe(mpdta, y="lemp", treat="D", unit="countyreal", time="year")
print(f"    TWFE     {twfe.coef:+.4f} (SE {twfe.se:.4f}, clustered by county)")
"""


def method_modules() -> list[str]:
    """Every public module of :mod:`livingpapers.methods` (names without a leading underscore), sorted.

    Read from the package itself, so a new module appears on the Methods page without a list to update.
    """
    found = pkgutil.iter_modules(livingpapers.methods.__path__)
    return sorted(info.name for info in found if not info.name.startswith("_") and not info.ispkg)


def public_members(module) -> list[tuple[str, object]]:
    """Functions and classes defined in ``module`` whose names do not start with an underscore."""
    return [
        (name, obj)
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == module.__name__
    ]


def describe(name: str, obj) -> str:
    """One entry: the signature as code and the docstring as text."""
    try:
        signature = f"{name}{inspect.signature(obj)}"
    except (TypeError, ValueError):
        signature = name
    kind = "class" if inspect.isclass(obj) else "def"
    doc = inspect.getdoc(obj) or "(no docstring)"
    return f"#### `{name}`\n\n```python\n{kind} {signature}\n```\n\n{doc}\n"


def api_markdown() -> str:
    parts = []
    for short in method_modules():
        module = importlib.import_module(f"livingpapers.methods.{short}")
        parts.append(f"### `livingpapers.methods.{short}`\n\n{inspect.getdoc(module) or ''}\n")
        parts.extend(describe(name, obj) for name, obj in public_members(module))
    return "\n".join(parts)


def example_markdown(root: Path) -> str:
    """The example's code and, below it, what it prints when run from the project root."""
    output = io.StringIO()
    namespace = {"pd": pd}
    with contextlib.redirect_stdout(output), contextlib.chdir(root):
        exec(compile(EXAMPLE, "methods-example", "exec"), namespace)
    return f"```python\n{EXAMPLE}```\n\nOutput of this build:\n\n```text\n{output.getvalue()}```\n"


def write_methods_page(root: Path) -> None:
    generated = root / "book" / "generated"
    write_if_changed(api_markdown(), generated / "methods_api.md")
    write_if_changed(example_markdown(root), generated / "methods_example.md")
