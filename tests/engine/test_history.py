"""Build history and the What changed page."""

import json
from datetime import UTC, datetime

from livingpapers.engine.history import (
    claim_changes,
    input_changes,
    record_history,
    save_snapshot,
    snapshot_name,
    snapshots,
    what_changed_markdown,
)

HEADER = "id,kind,basis,status,published,this_run,planted,planted_from_paper,p_holds_design,p_holds_null,location\n"


def ledger(tmp_path, name: str, rows: list[str]):
    path = tmp_path / f"{name}.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def build(tmp_path, root, when, rows, inputs, commit="abc123def4567890"):
    report = {"commit": commit, "chapters": {}}
    return save_snapshot(report, {"demo": inputs}, {"demo": ledger(tmp_path, when.isoformat(), rows)}, root, when)


def test_snapshot_names_sort_by_utc_time_and_name_the_commit():
    when = datetime(2026, 3, 1, 12, 0, 5, tzinfo=UTC)
    assert snapshot_name("abc123def4567890", when) == "20260301T120005Z-abc123def456"
    assert snapshot_name("abc123def4567890-dirty", when) == "20260301T120005Z-abc123def456-dirty"


STANDIN = "package:livingpapers/studies/demo/standin.py"
# two builds an hour apart: C1 moves, C3 appears, the stand-in module changes
LEDGER_ROWS = {
    12: [
        "C1,estimate,standin,recovered,0.45,0.44*** (0.10),0.45,yes,,,p. 3",
        "C2,number,paper,confirmed,26,26,,,,,p. 4",
    ],
    13: [
        "C1,estimate,standin,not recovered,0.45,0.10 (0.10),0.45,yes,,,p. 3",
        "C2,number,paper,confirmed,26,26,,,,,p. 4",
        "C3,number,paper,confirmed,1,1,,,,,p. 5",
    ],
}
INPUTS = {
    hour: {"input:data/published/demo.yml": "aaa", STANDIN: digest} for hour, digest in ((12, "bbb"), (13, "ccc"))
}


def test_what_changed_lists_moved_claims_and_changed_inputs(tmp_path):
    root = tmp_path / "project"
    first, second = (
        build(tmp_path, root, datetime(2026, 3, 1, hour, tzinfo=UTC), LEDGER_ROWS[hour], INPUTS[hour])
        for hour in (12, 13)
    )
    assert snapshots(root) == [first, second]
    assert json.loads((second / "report.json").read_text())["commit"] == "abc123def4567890"
    moved = claim_changes(first, second)
    assert [(c["claim"], c["field"], c["before"], c["after"]) for c in moved] == [
        ("C1", "status", "recovered", "not recovered"),
        ("C1", "this_run", "0.44*** (0.10)", "0.10 (0.10)"),
        ("C3", "added", "", ""),
    ]
    assert input_changes(first, second) == [{"chapter": "demo", "input": STANDIN, "change": "changed"}]
    page = what_changed_markdown(first, second)
    assert "| demo | C1 | status | recovered | not recovered |" in page
    assert "| demo | `package:livingpapers/studies/demo/standin.py` | changed |" in page


def test_the_first_build_says_there_is_nothing_to_compare(tmp_path):
    root = tmp_path / "project"
    snapshot = record_history({"commit": "abc", "chapters": {}}, {}, {}, root)
    page = (root / "book" / "generated" / "what_changed.md").read_text(encoding="utf-8")
    assert "first build" in page and snapshot.name in page
    again = record_history({"commit": "abc", "chapters": {}}, {}, {}, root)
    assert again != snapshot and snapshot.name in (root / "book" / "generated" / "what_changed.md").read_text()
    assert not any(p.name.startswith(".") for p in (root / "_build" / "history").iterdir())
