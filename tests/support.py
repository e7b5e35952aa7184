"""Paths and a tiny project shared by the tests (importable because ``tests/`` is on pytest's ``pythonpath``)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
# Hostile strings a user's data, a parameter or an error message may carry to a page.
SCRIPT = "<script>alert(1)</script>"
ROLE = "{download}`../../../../etc/passwd`"
FENCE = "```{error}\nboom\n```"
COLON = ":::{note}\nboom\n:::"
HOSTILE = [SCRIPT, ROLE, FENCE, COLON, "$x^2$ {{ title }} [a](javascript:alert(1)) | ~~~ ``` `` `"]
ALL = " ".join(HOSTILE)
EXTENSIONS = {"dollarmath", "amsmath", "colon_fence", "deflist", "html_image", "linkify", "substitution"}
ACTIVE = {"html_inline", "html_block", "myst_role", "math_inline", "math_block", "substitution_inline", "link_open"}
ACTIVE |= {"substitution_block", "myst_target", "myst_line_comment", "amsmath", "image", "colon_fence"}


def _parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=EXTENSIONS), RendererHTML)


def myst_html(markdown: str) -> str:
    """Markdown rendered by MyST's parser (no Sphinx): enough to see what would become markup."""
    return _parser().render(markdown)


def tokens(markdown: str):
    """Every token MyST makes of ``markdown``, descending into directive bodies as MyST does."""
    for token in _parser().parse(markdown):
        yield token
        yield from token.children or []
        if token.type == "fence" and token.info.startswith("{"):
            yield from tokens(token.content)


def active_parts(markdown: str, allowed_directives: tuple[str, ...] = (), allowed_links: str = "\0") -> list[str]:
    """Tokens that would execute or render as markup (roles, HTML, math, links, directives).

    The page's own directives and links (``allowed_links``: an href prefix) are not counted.
    """
    found = [
        t.type
        for t in tokens(markdown)
        if t.type in ACTIVE and not (t.type == "link_open" and str(t.attrGet("href")).startswith(allowed_links))
    ]
    found += [
        t.info
        for t in tokens(markdown)
        if t.type == "fence" and t.info.startswith("{") and t.info.split()[0] not in allowed_directives
    ]
    return found


NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def code_cell(source: str, tags: list[str] | None = None) -> str:
    options = f":tags: [{', '.join(tags)}]\n\n" if tags else ""
    return f"```{{code-cell}} ipython3\n{options}{textwrap.dedent(source).strip()}\n```\n"


def tiny_project(dst: Path, chapters: dict[str, str]) -> Path:
    """A project with the real book pages but trivial chapters: ``{slug: code of the chapter's cell}``.

    Slugs must name real study packages (the registry checks them); each chapter opens as a
    real one does (``open_chapter``), then runs the given code, so a build takes seconds.
    """
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "requirements.txt"):
        shutil.copy2(REPO / name, dst / name)
    shutil.copytree(REPO / "book", dst / "book", ignore=shutil.ignore_patterns("chapters", "outputs", "generated"))
    shutil.copytree(REPO / "data" / "public", dst / "data" / "public")  # read by the Methods page
    (dst / "book" / "intro.md").write_text("# A tiny book\n\nChapters for the engine's tests.\n", encoding="utf-8")
    registry = yaml.safe_load((REPO / "chapters.yml").read_text(encoding="utf-8"))
    entries = []
    for slug, code in chapters.items():
        entries.append(
            {
                "slug": slug,
                "title": f"Tiny {slug}",
                "notebook": f"notebooks/{slug}.md",
                "inputs": [f"data/published/{slug}.yml"],
                "data_modes": ["standin", "real"],
                "parameters": {"data_mode": "standin", "seed": 1, "n_draws": 10},
                "bounds": {"n_draws": {"min": 1, "max": 1000, "unit": "draw", "seconds_per_unit": 0.5}},
                "fast": {},
            }
        )
        (dst / "data" / "published").mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "data" / "published" / f"{slug}.yml", dst / "data" / "published" / f"{slug}.yml")
        (dst / "notebooks").mkdir(exist_ok=True)
        opening = f'from livingpapers.toolkit.chapter import open_chapter\nch = open_chapter("{slug}", data_mode=data_mode, seed=seed, n_draws=n_draws)'
        (dst / "notebooks" / f"{slug}.md").write_text(
            NOTEBOOK_HEADER
            + f"\n# Tiny {slug}\n\n"
            + code_cell('data_mode = "standin"\nseed = 1\nn_draws = 10', ["parameters"])
            + "\n"
            + code_cell(opening)
            + "\n"
            + code_cell(code)
            + "\n",
            encoding="utf-8",
        )
    registry["chapters"] = entries
    (dst / "chapters.yml").write_text(yaml.safe_dump(registry, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dst


def refused(read, directory: Path) -> list[str]:
    """The problems ``read(directory)`` reports in its one ``DataContractError``; no file under ``directory`` changed."""
    import pytest

    from livingpapers.toolkit.contracts import DataContractError

    before = {p: p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}
    with pytest.raises(DataContractError) as err:
        read(directory)
    assert {p: p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()} == before
    assert str(err.value).count("\n- ") == len(err.value.problems)
    return err.value.problems
