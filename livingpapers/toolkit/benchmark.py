"""What a study's ``bench.py`` declares for ``make bench``.

A study package's ``bench.benchmarks() -> list[Benchmark]`` pairs a fast implementation with
the straightforward baseline it replaces, on the same inputs; the engine times both and
reports the ratio. It lives in the toolkit because study packages never import the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Benchmark:
    """A fast implementation and the straightforward baseline it replaces, on the same inputs."""

    name: str
    candidate: Callable[[], object]
    baseline: Callable[[], object]
    note: str = ""
