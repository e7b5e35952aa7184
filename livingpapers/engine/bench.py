"""``make bench``: timings as medians of several runs.

The build: a cold build (no executed chapters, no HTML), a no-op rebuild (nothing changed),
and a rebuild after touching one chapter's source (only that chapter re-executes), all on a
throwaway copy of the project so the real checkout stays untouched.

Studies: a study package may have a ``bench`` module with ``benchmarks() -> list[Benchmark]``,
each a fast implementation against a straightforward baseline on the same inputs; the
runner reports both medians and their ratio (a ratio measured in one run is robust to a
busy machine).
"""

from __future__ import annotations

import importlib
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from livingpapers.engine.build import build
from livingpapers.toolkit.paths import project_root

COPIED = ("chapters.yml", "_config.yml", "requirements.txt", "book", "notebooks", "data")
IGNORED = shutil.ignore_patterns("chapters", "outputs", "generated", "_build", "raw")


@dataclass
class Benchmark:
    """A fast implementation and the straightforward baseline it replaces, on the same inputs."""

    name: str
    candidate: Callable[[], object]
    baseline: Callable[[], object]
    note: str = ""


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


def copy_project(src: Path, dst: Path) -> Path:
    """A copy of the book sources (not the build products, not users' raw data)."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        path = src / name
        if path.is_dir():
            shutil.copytree(path, dst / name, ignore=IGNORED)
        elif path.is_file():
            shutil.copy2(path, dst / name)
    return dst


def timed_build(root: Path, profile: str) -> tuple[float, dict]:
    start = time.perf_counter()
    report = build(profile=profile, root=root)
    return time.perf_counter() - start, report


def touch_chapter(root: Path, notebook: str, run: int) -> None:
    """Change one chapter's source text (a comment line), as an author's edit would."""
    path = root / notebook
    path.write_text(path.read_text(encoding="utf-8") + f"\n<!-- bench edit {run} -->\n", encoding="utf-8")


def run_benchmarks(runs: int = 3, profile: str = "full") -> dict:
    """Print and return the medians (seconds) of each scenario over ``runs`` runs."""
    from livingpapers.engine.registry import load_registry

    src = project_root()
    first = next(iter(load_registry(src).values()))
    times = {"cold build": [], "no-op rebuild": [], "rebuild after touching one chapter": []}
    reexecuted = []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="lp-bench-") as tmp:
            root = copy_project(src, Path(tmp))
            times["cold build"].append(timed_build(root, profile)[0])
            times["no-op rebuild"].append(timed_build(root, profile)[0])
            touch_chapter(root, str(first.notebook), run)
            seconds, report = timed_build(root, profile)
            times["rebuild after touching one chapter"].append(seconds)
            reexecuted.append(sorted(s for s, c in report["chapters"].items() if c["cache"] == "miss"))
        print(f"run {run + 1}/{runs}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()), flush=True)
    medians = {k: statistics.median(v) for k, v in times.items()}
    print(f"\nMedians over {runs} runs ({profile} profile):")
    for name, value in medians.items():
        print(f"  {name:<38} {value:7.1f} s")
    print(f"  chapters re-executed after touching {first.slug!r}: {reexecuted}")
    print(f"\nStudy benchmarks (medians over {runs} runs):")
    study_benchmarks(runs)
    return medians
