"""Interrupted and concurrent builds on a tiny project: nothing broken is left, the next build is good.

One scenario, in order: a good build; two concurrent ``run`` of one chapter (the second is
refused, naming the first's pid); SIGTERM to that ``run``; SIGTERM to a parallel ``build``;
SIGKILL to a ``run`` (its staging stays until the next start); then a good build of the book
from the cache. The chapters are trivial but hold while a file exists, so each signal arrives
while kernels are executing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from support import tiny_project

pytestmark = pytest.mark.integration
HOLDING = """
import os, pathlib, time
root = pathlib.Path(os.environ["LIVINGPAPERS_ROOT"])
(ch.outputs / "partial.csv").write_text("half-written")
(root / f"started-{ch.slug}").write_text(str(os.getpid()))
deadline = time.time() + 120
while (root / "hold").exists() and time.time() < deadline:
    time.sleep(0.1)
"""
SLUGS = ("consumer_finance", "trade_hubs")


def start(root: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "LIVINGPAPERS_ROOT": str(root)}
    command = [sys.executable, "-m", "livingpapers", *args]
    return subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def wait_for(predicate, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while not predicate():
        assert time.time() < deadline, "timed out"
        time.sleep(0.1)


def started(root: Path, *slugs: str):
    return lambda: all((root / f"started-{s}").exists() for s in slugs)


def processes_of(root: Path) -> list[psutil.Process]:
    """Live processes started for this project (workers and kernels inherit LIVINGPAPERS_ROOT)."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.pid != os.getpid() and process.environ().get("LIVINGPAPERS_ROOT") == str(root):
                found.append(process)
        except psutil.Error:
            continue
    return found


def snapshot(root: Path) -> dict:
    """The published notebooks and outputs, byte for byte."""
    files = {}
    for folder in (root / "book" / "chapters", root / "book" / "_static" / "outputs"):
        files |= {str(p.relative_to(root)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    return files


def staging(root: Path) -> list[Path]:
    places = (root / "book" / "chapters", root / "book" / "_static" / "outputs")
    return [p for folder in places for p in folder.iterdir() if p.name.startswith(".")]


def interrupt(process: subprocess.Popen, root: Path) -> None:
    """SIGTERM: one line, exit 143, no process or staging left."""
    process.send_signal(signal.SIGTERM)
    code, out, err = finish(process, timeout=60)
    assert code == 128 + signal.SIGTERM, err
    assert [line for line in err.splitlines() if line.strip()][-1].startswith("interrupted (SIGTERM)")
    assert "Traceback" not in err, err
    wait_for(lambda: not processes_of(root), timeout=15)
    assert staging(root) == []


def test_interrupted_and_concurrent_runs_leave_the_last_good_book(tmp_path):
    root = tiny_project(tmp_path / "tiny", dict.fromkeys(SLUGS, HOLDING))
    code, _, err = finish(start(root, "build", "--profile", "fast", "--no-book", "--jobs", "1"))
    assert code == 0, err
    good = snapshot(root)
    (root / "hold").write_text("")
    for slug in SLUGS:
        (root / f"started-{slug}").unlink()

    # Two runs of one chapter: the second is refused while the first executes.
    first = start(root, "run", "consumer_finance", "-p", "seed", "7")
    wait_for(started(root, "consumer_finance"))
    code, _, err = finish(start(root, "run", "consumer_finance"))
    assert code == 1 and f"another build is running (pid {first.pid})" in err and len(err.strip().splitlines()) == 1

    # SIGTERM to the run: the last good notebook and outputs stay, together.
    interrupt(first, root)
    assert snapshot(root) == good

    # SIGTERM to a parallel build: workers and kernels stop, nothing is rewritten afterwards.
    (root / "started-consumer_finance").unlink()
    build = start(root, "build", "--profile", "fast", "--no-book", "--jobs", "2", "--force")
    wait_for(started(root, *SLUGS))
    interrupt(build, root)
    time.sleep(2)
    assert snapshot(root) == good

    # SIGKILL cannot be handled: the staging stays, and the next start removes it.
    (root / "started-consumer_finance").unlink()
    killed = start(root, "run", "consumer_finance")
    wait_for(started(root, "consumer_finance"))
    children = psutil.Process(killed.pid).children(recursive=True)
    killed.kill()
    killed.wait()
    for child in children:
        child.kill()
    assert staging(root), "a killed run leaves its staging"

    (root / "hold").unlink()
    code, out, err = finish(start(root, "build", "--profile", "fast"))
    assert code == 0, err
    assert "2 chapters ok (2 from cache)" in out
    assert staging(root) == [] and snapshot(root) == good
    assert (root / "_build" / "html" / "book" / "chapters" / "consumer_finance.html").is_file()
