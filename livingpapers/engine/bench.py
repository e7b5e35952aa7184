"""``make bench``: timings as medians of several runs.

The build: a cold build (no executed chapters, no HTML), a no-op rebuild (nothing changed),
and rebuilds after editing one chapter's source, its study package (only that chapter
re-executes) and the engine (nothing re-executes), all on a throwaway copy of the project and
its package, built in a fresh process, so the real checkout stays untouched.

Studies: a study package may have a ``bench`` module with ``benchmarks() -> list[Benchmark]``,
each a fast implementation against a straightforward baseline on the same inputs; the
runner reports both medians and their ratio (a ratio measured in one run is robust to a
busy machine).
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from livingpapers.toolkit.paths import project_root

COPIED = ("chapters.yml", "_config.yml", "requirements.txt", "book", "notebooks", "data")
IGNORED_NAMES = ("chapters", "outputs", "generated", "_build", "raw", ".*")


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def study_benchmarks(runs: int = 3) -> list[dict]:
    """Run every study's benchmarks; print and return medians and ratios."""
    from livingpapers.engine.registry import load_registry

    results = []
    for slug in load_registry():
        try:
            module = importlib.import_module(f"livingpapers.studies.{slug}.bench")
        except ModuleNotFoundError:
            continue
        for bench in module.benchmarks():
            fast, slow = median_seconds(bench.candidate, runs), median_seconds(bench.baseline, runs)
            results.append(
                {
                    "study": slug,
                    "benchmark": bench.name,
                    "candidate_s": fast,
                    "baseline_s": slow,
                    "ratio": slow / fast if fast else float("inf"),
                }
            )
            print(
                f"  {slug}: {bench.name}: {fast:.2f} s vs baseline {slow:.2f} s "
                f"(x{slow / fast:.1f}){' - ' + bench.note if bench.note else ''}",
                flush=True,
            )
    return results


def copy_project(src: Path, dst: Path, with_package: bool = False) -> Path:
    """A copy of the book sources (not the build products, not users' raw data).

    With ``with_package`` the ``livingpapers`` package is copied too, so a build run with the
    copy first on ``PYTHONPATH`` (see :func:`timed_build`) imports, and hashes, the copy.
    """
    dst.mkdir(parents=True, exist_ok=True)
    names = (*COPIED, "livingpapers") if with_package else COPIED
    for name in names:
        path = src / name
        if path.is_dir():
            shutil.copytree(path, dst / name, ignore=shutil.ignore_patterns(*IGNORED_NAMES, "__pycache__"))
        elif path.is_file():
            shutil.copy2(path, dst / name)
    return dst


def timed_build(root: Path, profile: str) -> tuple[float, dict]:
    """Build the copy at ``root`` in a fresh process that imports the copy's package; (seconds, report)."""
    env = dict(os.environ, PYTHONPATH=str(root), LIVINGPAPERS_ROOT=str(root))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "livingpapers", "build", "--profile", profile],
        cwd=root,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    return seconds, json.loads((root / "_build" / "report.json").read_text(encoding="utf-8"))


def append_comment(path: Path, run: int, comment: str = "# bench edit {run}") -> None:
    """Append a comment line to a file, as an author's edit would."""
    path.write_text(path.read_text(encoding="utf-8") + "\n" + comment.format(run=run) + "\n", encoding="utf-8")


def touch_chapter(root: Path, notebook: str, run: int) -> None:
    """Change one chapter's source text (a comment line), as an author's edit would."""
    append_comment(root / notebook, run, "<!-- bench edit {run} -->")


def edits(first) -> dict[str, Callable[[Path, int], None]]:
    """The rebuild scenarios: what is edited in the copy before each timed rebuild."""
    return {
        f"rebuild after editing {first.slug}'s source": lambda root, run: touch_chapter(root, str(first.notebook), run),
        f"rebuild after editing {first.slug}'s study package": lambda root, run: append_comment(
            root / first.module / "__init__.py", run
        ),
        "rebuild after editing the engine": lambda root, run: append_comment(
            root / "livingpapers" / "engine" / "cli.py", run
        ),
    }


def run_benchmarks(runs: int = 3, profile: str = "full") -> dict:
    """Print and return the medians (seconds) of each scenario over ``runs`` runs, and what re-executed."""
    from livingpapers.engine.registry import load_registry

    src = project_root()
    first = next(iter(load_registry(src).values()))
    scenarios = edits(first)
    times: dict[str, list[float]] = {"cold build": [], "no-op rebuild": [], **{name: [] for name in scenarios}}
    reexecuted: dict[str, list[list[str]]] = {name: [] for name in scenarios}
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="lp-bench-") as tmp:
            root = copy_project(src, Path(tmp), with_package=True)
            times["cold build"].append(timed_build(root, profile)[0])
            times["no-op rebuild"].append(timed_build(root, profile)[0])
            for name, edit in scenarios.items():
                edit(root, run)
                seconds, report = timed_build(root, profile)
                times[name].append(seconds)
                reexecuted[name].append(sorted(s for s, c in report["chapters"].items() if c["cache"] == "miss"))
        print(f"run {run + 1}/{runs}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()), flush=True)
    medians = {k: statistics.median(v) for k, v in times.items()}
    print(f"\nMedians over {runs} runs ({profile} profile):")
    for name, value in medians.items():
        print(f"  {name:<52} {value:7.1f} s")
    print("\nChapters re-executed, per run:")
    for name, runs_seen in reexecuted.items():
        print(f"  {name}: {runs_seen}")
    print(f"\nStudy benchmarks (medians over {runs} runs):")
    study_benchmarks(runs)
    return medians
