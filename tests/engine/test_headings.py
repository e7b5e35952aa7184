"""Headings are not numbered by hand: Sphinx numbers sections, so "## 1. Data" would render "6.1. 1. Data"."""

from __future__ import annotations

import re

import pytest

from support import REPO, _parser

# "1. Data", "2) Data", "(3) Data", "4: Data", "2.1 Data", "III. Data": a number, then a delimiter
HAND_NUMBER = re.compile(r"^\s*(\(?\d+(\.\d+)*[.):]|\d+(\.\d+)+|[IVX]+\.)(\s|$)")
CODE_DIRECTIVES = ("{code-cell}", "{code}", "{code-block}", "{literalinclude}")
SOURCES = sorted([*REPO.glob("notebooks/*.md"), *REPO.glob("book/*.md")])


def headings(markdown: str) -> list[str]:
    """Text of every heading MyST makes of ``markdown``, inside directives too (code cells excluded)."""
    found, tokens = [], _parser().parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            found.append(tokens[i + 1].content)
        elif (
            token.type in ("fence", "colon_fence")
            and token.info.startswith("{")
            and not token.info.startswith(CODE_DIRECTIVES)
        ):
            found += headings(token.content)
    return found


def hand_numbered(markdown: str) -> list[str]:
    return [h for h in headings(markdown) if HAND_NUMBER.match(h)]


@pytest.mark.parametrize(
    "heading", ["## 1. Data", "### 2) Results", "## (3) Mechanisms", "## 2.1 Sample", "#### 4: Notes", "## IV. Why"]
)
def test_a_hand_numbered_heading_is_found(heading):
    assert hand_numbered(f"{heading}\n\nText.\n") == [heading.lstrip("# ")]


@pytest.mark.parametrize(
    "heading", ["## Data", "## 2008 crisis", "## Table 1. Results", "## 1990s trade", "## Figure 3"]
)
def test_an_unnumbered_heading_passes(heading):
    assert hand_numbered(f"{heading}\n") == []


def test_comments_in_code_cells_are_not_headings_but_headings_in_directives_are():
    cell = "```{code-cell} ipython3\n# 1. load the data\nx = 1\n```\n"
    assert hand_numbered(cell) == []
    assert hand_numbered(cell + "\n:::{note}\n## 2. Inside a note\n:::\n") == ["2. Inside a note"]
    assert hand_numbered(cell + "\n```{admonition} Why\n### 3) Inside\n```\n") == ["3) Inside"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_heading_is_numbered_by_hand(source):
    numbered = hand_numbered(source.read_text(encoding="utf-8"))
    assert not numbered, f"{source.relative_to(REPO)}: Sphinx numbers sections; drop the hand numbers of {numbered}"
