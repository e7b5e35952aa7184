"""One fast-profile build of a fresh copy of the project, shared by the integration tests."""

from __future__ import annotations

import os

import pytest

from livingpapers.engine.bench import copy_project
from livingpapers.engine.build import build
from support import REPO


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build a copy once per test session; yields (root, report)."""
    root = copy_project(REPO, tmp_path_factory.mktemp("book"))
    previous = os.environ.get("LIVINGPAPERS_ROOT")
    os.environ["LIVINGPAPERS_ROOT"] = str(root)
    try:
        yield root, build(profile="fast", root=root)
    finally:
        if previous is None:
            os.environ.pop("LIVINGPAPERS_ROOT", None)
        else:
            os.environ["LIVINGPAPERS_ROOT"] = previous
