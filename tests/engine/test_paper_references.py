"""No reader-facing text cites the papers by line number of the seed text files.

Readers have the journal articles, not the transcriptions (``seeds/*.txt``) the chapters were built from, so
a reference such as "line 1495" leads nowhere. The papers are cited by section, table, figure, equation,
footnote and page (``§2.2 Data``, ``§3.3 Sample and data, Table 1``); ``tools/paper_locations.py`` maps the old
line numbers to these. Checked: the notebooks, the published-claims YAML, the curated facts CSVs (their
sources and the paper's place of each number), the book's hand-written pages and every study module (strings,
docstrings and comments alike).
"""

import re

import pytest

from support import REPO

LINE_REFERENCE = re.compile(r"\blines? \d+", re.IGNORECASE)

# (path, exact text) pairs where "line N" means something other than a line of a paper. None so far.
ALLOWED: set[tuple[str, str]] = set()


def _sources() -> list:
    files = [
        *sorted((REPO / "notebooks").glob("*.md")),
        *sorted((REPO / "data" / "published").glob("*.yml")),
        *sorted((REPO / "data" / "facts").glob("*.csv")),
        *sorted((REPO / "book").glob("*.md")),
        *sorted((REPO / "livingpapers" / "studies").rglob("*.py")),
    ]
    return [path for path in files if "__pycache__" not in path.parts]


def test_sources_are_found():
    names = {path.relative_to(REPO).as_posix() for path in _sources()}
    assert "data/published/trade_hubs.yml" in names
    assert "notebooks/cbdc.md" in names
    assert "livingpapers/studies/wealth_management/figures.py" in names
    assert "book/intro.md" in names
    assert "data/facts/wealth_management_public_facts.csv" in names


def test_facts_give_the_papers_place_not_a_line_column():
    for path in sorted((REPO / "data" / "facts").glob("*.csv")):
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert not {"line", "seed_line"} & set(header), f"{path.name}: use a 'location' column (section, table)"


@pytest.mark.parametrize("path", _sources(), ids=lambda path: path.relative_to(REPO).as_posix())
def test_no_line_number_references_to_the_papers(path):
    relative = path.relative_to(REPO).as_posix()
    found = [
        f"{relative}:{number}: {line.strip()[:100]}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in LINE_REFERENCE.finditer(line)
        if (relative, match.group(0)) not in ALLOWED
    ]
    assert not found, "cite the paper by section/table/figure/equation (tools/paper_locations.py):\n" + "\n".join(found)


def test_the_pattern_catches_the_old_forms():
    for text in ("(line 1495)", "lines 118-129", "Line 224 says", "lines 1377 and 1394", "Lines 431-441"):
        assert LINE_REFERENCE.search(text), text
    for text in ("§2.2 Data", "§3.3 Sample and data, Table 1", "a dashed line", "line width 2"):
        assert not LINE_REFERENCE.search(text), text
