"""Shared fixtures: a throwaway copy of the project to build in."""

from __future__ import annotations

from pathlib import Path

import pytest

from livingpapers.engine.bench import copy_project
from support import REPO


@pytest.fixture
def project_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the book sources under tmp_path, made the project root for this test."""
    root = copy_project(REPO, tmp_path / "project")
    monkeypatch.setenv("LIVINGPAPERS_ROOT", str(root))
    return root


@pytest.fixture(scope="session")
def standin_inputs():
    """``get(slug, seed)``: a study's stand-in inputs, simulated once per test session and seed."""
    import importlib

    simulated: dict = {}

    def get(slug: str, seed: int):
        if (slug, seed) not in simulated:
            simulated[slug, seed] = importlib.import_module(f"livingpapers.studies.{slug}").load("standin", seed)
        return simulated[slug, seed]

    return get
