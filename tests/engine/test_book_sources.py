"""The book's hand-kept sources parse: a broken bibliography fails here, not deep in jupyter-book."""

from pybtex.database import parse_file

from support import REPO


def test_references_bib_parses_with_unique_keys():
    bibliography = parse_file(str(REPO / "book" / "references.bib"), bib_format="bibtex")
    assert len(bibliography.entries) > 20
    text = (REPO / "book" / "references.bib").read_text(encoding="utf-8")
    assert text.count("\n@") + text.startswith("@") == len(bibliography.entries), "an entry was swallowed"
