"""Integration: build the whole book (fast profile) on a copy of the project and read the HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from livingpapers.engine.bench import copy_project, touch_chapter
from livingpapers.engine.build import BuildError, build, run_chapter
from livingpapers.engine.registry import load_registry
from livingpapers.engine.weight import MAX_PAGE_BYTES
from support import REPO

pytestmark = pytest.mark.integration
SLUGS = list(load_registry(REPO))


def html(root: Path, page: str) -> str:
    return (root / "_build" / "html" / page).read_text(encoding="utf-8")


def test_every_chapter_page_exists_without_errors(built):
    root, report = built
    assert Path(report["index"]).is_file()
    for slug in SLUGS:
        page = html(root, f"book/chapters/{slug}.html")
        assert "Traceback" not in page
        assert 'class="output traceback' not in page and "output_error" not in page
        assert "injected-parameters" not in page
        assert "Data: " in page


def test_no_chapter_prints_a_warning(built):
    """Library warnings belong in a narrow filter (livingpapers.methods.estimation), not in the reader's page."""
    import nbformat

    root, _ = built
    for slug in SLUGS:
        nb = nbformat.read(root / "book" / "chapters" / f"{slug}.ipynb", as_version=4)
        printed = [
            o["text"][:200]
            for c in nb.cells
            for o in c.get("outputs", [])
            if o.get("output_type") == "stream" and o.get("name") == "stderr" and "Warning" in o["text"]
        ]
        assert not printed, f"{slug} prints warnings: {printed}"


def test_report_lists_every_chapter_ok(built):
    root, _ = built
    report = json.loads((root / "_build" / "report.json").read_text())
    assert set(report["chapters"]) == set(SLUGS)
    for slug, entry in report["chapters"].items():
        assert entry["status"] == "ok" and entry["cache"] == "miss"
        assert entry["data_mode"] in ("standin", "real", "none")
        assert f"data/published/{slug}.yml" in entry["inputs"]
        assert entry["claims"]["total"] > 0
    page = html(root, "book/reproducibility.html")
    assert page.count(">OK<") == len(SLUGS) and "FAILED" not in page


def test_dashboard_counts_evidence_and_demonstration_apart(built):
    root, report = built
    page = html(root, "book/claims_dashboard.html")
    evidence, demonstration = page.split('id="demonstration-on-stand-in-data"')
    assert 'id="evidence"' in evidence and '<img alt="Two horizontal bar charts.' in evidence
    assert (root / "_build" / "html" / "_images" / "claims_chart.svg").is_file()
    for slug in SLUGS:
        assert f"chapters/{slug}.html" in page
        claims = report["chapters"][slug]["claims"]
        assert not {"confirmed", "contradicted"} & set(claims["by_basis"].get("standin", {}))
        for basis, counts in claims["by_basis"].items():
            if basis != "standin":
                assert f"<td><p>{basis}</p></td>\n<td><p>{sum(counts.values())}</p></td>" in evidence
        for group, counts in claims["standin"].items():
            if counts:
                assert f"<td><p>{group}</p></td>\n<td><p>{sum(counts.values())}</p></td>" in demonstration
        ledger = (root / "book" / "_static" / "outputs" / slug / "claims_ledger.csv").read_text(encoding="utf-8")
        assert ledger.startswith("id,kind,basis,status,published,this_run,planted,planted_from_paper,p_holds_design,")


def test_each_build_is_kept_and_what_changed_compares_with_the_previous(built):
    root, _ = built
    kept = sorted((root / "_build" / "history").iterdir())
    assert len(kept) == 1 and {p.stem for p in (kept[0] / "ledgers").iterdir()} == set(SLUGS)
    assert "first build kept" in html(root, "book/what_changed.html")


def test_tables_are_saved_as_csv_and_latex(built):
    root, _ = built
    outputs = root / "book" / "_static" / "outputs"
    for slug in SLUGS:
        files = {p.suffix for p in (outputs / slug).iterdir()}
        assert {".csv", ".png"} <= files
    assert any((outputs / s).glob("*.tex") for s in SLUGS)
    assert (root / "_build" / "html" / "_static" / "outputs" / SLUGS[0] / "claims_ledger.csv").is_file()


def test_a_noop_rebuild_executes_nothing_and_renders_no_chapter_page_again(built):
    root, _ = built
    site = root / "_build" / "html"
    pages = {p: p.stat().st_mtime_ns for p in site.rglob("*.html") if "_static" not in p.parts}
    again = build(profile="fast", root=root)
    assert all(c["cache"] == "hit" for c in again["chapters"].values())
    rendered = sorted(p.relative_to(site).as_posix() for p, mtime in pages.items() if p.stat().st_mtime_ns != mtime)
    assert not [p for p in rendered if p.startswith("book/chapters/")], f"rendered again: {rendered}"
    print("pages rendered again by a no-op rebuild:", rendered)


def test_every_page_weighs_at_most_the_limit_in_the_report(built):
    root, _ = built
    report = json.loads((root / "_build" / "report.json").read_text())
    assert {f"book/chapters/{slug}.html" for slug in SLUGS} <= set(report["pages"])
    heavy = {page: w for page, w in report["pages"].items() if w["transferred"] > MAX_PAGE_BYTES}
    assert not heavy and all(w["uncompressed"] > 0 and w["transferred"] > 0 for w in report["pages"].values())


def test_noop_rebuild_uses_the_cache_and_touching_one_chapter_reruns_only_it(built):
    root, _ = built
    again = build(profile="fast", root=root, book=False)
    assert all(c["cache"] == "hit" for c in again["chapters"].values())
    chapter = load_registry(root)[SLUGS[0]]
    touch_chapter(root, str(chapter.notebook), 0)
    touched = build(profile="fast", root=root, book=False)
    assert [s for s, c in touched["chapters"].items() if c["cache"] == "miss"] == [SLUGS[0]]
    changed = (root / "book" / "generated" / "what_changed.md").read_text(encoding="utf-8")
    assert f"| {SLUGS[0]} | `source:{chapter.notebook}` | changed |" in changed


def test_two_executions_give_identical_tables(built):
    root, _ = built
    for slug in SLUGS:
        outputs = root / "book" / "_static" / "outputs" / slug
        first = {p.name: p.read_bytes() for p in outputs.iterdir() if p.suffix in (".csv", ".tex")}
        run_chapter(slug, profile="fast", root=root)
        second = {p.name: p.read_bytes() for p in outputs.iterdir() if p.suffix in (".csv", ".tex")}
        assert first == second, f"{slug}: tables differ between two executions"


def test_a_failing_cell_names_chapter_cell_and_error(tmp_path, monkeypatch):
    root = copy_project(REPO, tmp_path / "broken")
    monkeypatch.setenv("LIVINGPAPERS_ROOT", str(root))
    chapter = load_registry(root)[SLUGS[-1]]
    source = root / chapter.notebook
    source.write_text(
        source.read_text(encoding="utf-8") + '\n```{code-cell} ipython3\nraise ValueError("deliberate failure")\n```\n',
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as err:
        build(profile="fast", root=root, keep_going=True)
    message = str(err.value)
    assert f"chapter {chapter.slug!r} failed in cell" in message
    assert "ValueError: deliberate failure" in message and "Traceback" not in message
    page = html(root, f"book/chapters/{chapter.slug}.html")
    assert "failed to execute" in page and "deliberate failure" in page and "Traceback" not in page
    report = json.loads((root / "_build" / "report.json").read_text())
    assert report["chapters"][chapter.slug]["status"] == "failed"
    assert report["chapters"][SLUGS[0]]["status"] == "ok"
    assert not any((root / "book" / "chapters").glob(".*")), "no half-written files may be left"


def test_a_failed_run_keeps_the_last_good_chapter(built, monkeypatch):
    root, _ = built
    monkeypatch.setenv("LIVINGPAPERS_ROOT", str(root))
    slug = SLUGS[0]
    executed = root / "book" / "chapters" / f"{slug}.ipynb"
    outputs = root / "book" / "_static" / "outputs" / slug
    before = (executed.read_bytes(), sorted(p.name for p in outputs.iterdir()))
    with pytest.raises(BuildError, match="DataContractError"):
        run_chapter(slug, {"data_mode": "real"}, profile="fast", root=root)
    assert (executed.read_bytes(), sorted(p.name for p in outputs.iterdir())) == before


def test_a_removed_chapter_leaves_the_site_at_the_next_build(built, monkeypatch):
    """Last in this file: it removes a chapter from the shared build (no later test of the session uses it)."""
    root, _ = built
    monkeypatch.setenv("LIVINGPAPERS_ROOT", str(root))
    registry_file = root / "chapters.yml"
    registry = yaml.safe_load(registry_file.read_text(encoding="utf-8"))
    gone = registry["chapters"].pop()["slug"]
    registry_file.write_text(yaml.safe_dump(registry, sort_keys=False, allow_unicode=True), encoding="utf-8")
    intro = root / "book" / "intro.md"  # its author also drops the chapter from the introduction's list
    lines = intro.read_text(encoding="utf-8").splitlines(keepends=True)
    intro.write_text("".join(line for line in lines if f"(chapters/{gone})" not in line), encoding="utf-8")
    report = build(profile="fast", root=root)
    site = root / "_build" / "html"
    assert gone not in report["chapters"] and f"book/chapters/{gone}.html" not in report["pages"]
    leftovers = [*site.rglob(f"*{gone}*"), *(root / "book").rglob(f"*{gone}*")]
    assert not leftovers, f"left behind: {leftovers}"
    for slug in report["chapters"]:
        assert f"chapters/{gone}.html" not in html(root, f"book/chapters/{slug}.html"), f"{slug} links to it"
