"""Build history and the What changed page.

Each build keeps a snapshot under ``_build/history/<UTC time>-<commit>/``: ``report.json``,
``inputs.json`` (every dependency of every chapter with its SHA-256: notebook source, package
code, data files, requirements) and ``ledgers/<slug>.csv`` (a copy of each successful chapter's
``claims_ledger.csv``). The What changed page compares the new snapshot with the previous one:
the claims whose basis, status or value moved, and the inputs whose hashes changed.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from livingpapers.toolkit.render import write_if_changed

COMPARED = ("basis", "status", "this_run")


def history_dir(root: Path) -> Path:
    return root / "_build" / "history"


def snapshot_name(commit: str, when: datetime) -> str:
    """``20260101T120000Z-<first 12 characters of the commit>[-dirty]`` (sorts by time)."""
    short = commit.split("-")[0][:12] + ("-dirty" if commit.endswith("-dirty") else "")
    return f"{when.astimezone(UTC):%Y%m%dT%H%M%SZ}-{short}"


def snapshots(root: Path) -> list[Path]:
    """Finished snapshots, oldest first (a snapshot being written starts with a dot)."""
    folder = history_dir(root)
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")) if folder.is_dir() else []


def save_snapshot(
    report: dict, inputs: dict[str, dict[str, str]], ledgers: dict[str, Path], root: Path, when: datetime | None = None
) -> Path:
    """Write one snapshot (in a hidden folder, renamed when complete) and return its path."""
    name = snapshot_name(report.get("commit", "unknown"), when or datetime.now(UTC))
    folder = history_dir(root)
    target, n = folder / name, 1
    while target.exists():
        n += 1
        target = folder / f"{name}-{n}"
    staging = folder / f".{target.name}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "ledgers").mkdir(parents=True)
    (staging / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (staging / "inputs.json").write_text(json.dumps(inputs, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for slug, ledger in ledgers.items():
        if ledger.is_file():
            shutil.copyfile(ledger, staging / "ledgers" / f"{slug}.csv")
    staging.rename(target)
    return target


def _ledgers(snapshot: Path) -> dict[str, pd.DataFrame]:
    return {
        p.stem: pd.read_csv(p, dtype=str, keep_default_na=False).set_index("id")
        for p in sorted((snapshot / "ledgers").glob("*.csv"))
    }


def claim_changes(before: Path, after: Path) -> list[dict]:
    """Claims whose basis, status or value (this run's) differ between two snapshots."""
    old, new = _ledgers(before), _ledgers(after)
    changes = []
    for slug in new.keys() & old.keys():
        a, b = old[slug], new[slug]
        for claim_id in b.index.union(a.index, sort=False):
            if claim_id not in a.index or claim_id not in b.index:
                what = "added" if claim_id not in a.index else "removed"
                changes.append({"chapter": slug, "claim": claim_id, "field": what, "before": "", "after": ""})
                continue
            for column in COMPARED:
                if a.at[claim_id, column] != b.at[claim_id, column]:
                    changes.append(
                        {
                            "chapter": slug,
                            "claim": claim_id,
                            "field": column,
                            "before": a.at[claim_id, column],
                            "after": b.at[claim_id, column],
                        }
                    )
    return sorted(changes, key=lambda c: (c["chapter"], c["claim"]))


def input_changes(before: Path, after: Path) -> list[dict]:
    """Dependencies (source, code, data, requirements) whose hashes differ, per chapter."""
    old = json.loads((before / "inputs.json").read_text(encoding="utf-8"))
    new = json.loads((after / "inputs.json").read_text(encoding="utf-8"))
    changes = []
    for slug in sorted(new.keys() | old.keys()):
        a, b = old.get(slug, {}), new.get(slug, {})
        for label in sorted(a.keys() | b.keys()):
            if a.get(label) != b.get(label):
                what = "added" if label not in a else "removed" if label not in b else "changed"
                changes.append({"chapter": slug, "input": label, "change": what})
    return changes


def _cell(text: str) -> str:
    """Markdown table cell text: no pipes or line breaks, no markup."""
    return str(text).replace("|", "/").replace("\n", " ").replace("`", "'") or "—"


def what_changed_markdown(before: Path | None, after: Path) -> str:
    """The What changed fragment: moved claims and changed inputs since the previous build."""
    if before is None:
        return f"This is the first build kept in `_build/history/` (`{after.name}`): nothing to compare yet.\n"
    lines = [f"Build `{after.name}` compared with the previous build `{before.name}`.", "", "## Claims that moved", ""]
    claims = claim_changes(before, after)
    if claims:
        lines += ["| Chapter | Claim | What | Before | After |", "|---|---|---|---|---|"]
        lines += [
            f"| {c['chapter']} | {c['claim']} | {c['field']} | {_cell(c['before'])} | {_cell(c['after'])} |"
            for c in claims
        ]
    else:
        lines.append("No claim changed basis, status or value.")
    old, new = set(_ledgers(before)), set(_ledgers(after))
    if old ^ new:
        lines += ["", "Chapters with a ledger in only one of the two builds (a failed or new chapter): "]
        lines.append(", ".join(f"`{s}`" for s in sorted(old ^ new)) + ".")
    lines += ["", "## Inputs whose hashes changed", ""]
    inputs = input_changes(before, after)
    if inputs:
        lines += ["| Chapter | Input | Change |", "|---|---|---|"]
        lines += [f"| {c['chapter']} | `{_cell(c['input'])}` | {c['change']} |" for c in inputs]
    else:
        lines.append("No input changed.")
    return "\n".join(lines) + "\n"


def record_history(report: dict, inputs: dict[str, dict[str, str]], ledgers: dict[str, Path], root: Path) -> Path:
    """Save this build's snapshot and write ``book/generated/what_changed.md``; return the snapshot."""
    previous = snapshots(root)
    snapshot = save_snapshot(report, inputs, ledgers, root)
    write_if_changed(
        what_changed_markdown(previous[-1] if previous else None, snapshot),
        root / "book" / "generated" / "what_changed.md",
    )
    return snapshot
