"""``make bench`` entry: the vectorised closed-form model against the brute-force optimiser it replaces."""

from __future__ import annotations

from livingpapers.studies.targeted_rrr import model as M
from livingpapers.toolkit.benchmark import Benchmark

POINTS = 8  # an 8 x 8 corner of the Figures 2-3 grid


def closed_form_grid():
    return M.solve_grid(M.Market(), POINTS).alloc.value_W


def brute_force_grid():
    grid = M.solve_grid(M.Market(), POINTS)
    return [[M.brute_force_value(M.Market(), M.Bank(g, c)) for g in grid.gamma_S] for c in grid.c_S]


def benchmarks() -> list[Benchmark]:
    return [
        Benchmark(
            f"two-period model on a {POINTS}x{POINTS} grid",
            closed_form_grid,
            brute_force_grid,
            note="same values to 1e-5 (tests/studies/targeted_rrr/test_model.py)",
        )
    ]
