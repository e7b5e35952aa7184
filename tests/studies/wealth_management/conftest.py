"""Fixtures shared by the essay chapter's tests: the two facts files read through their contracts."""

from __future__ import annotations

import pytest

from livingpapers.studies import wealth_management as wm


@pytest.fixture(scope="module")
def inputs():
    return wm.load("none")


@pytest.fixture(scope="module")
def quantities(inputs):
    return inputs.quantities


@pytest.fixture(scope="module")
def facts(inputs):
    return inputs.facts


@pytest.fixture(scope="module")
def values(inputs):
    return inputs.values
