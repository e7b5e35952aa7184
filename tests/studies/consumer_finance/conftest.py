"""Fixtures shared by the consumer-finance tests: the text numbers and the default stand-in."""

from __future__ import annotations

import pytest

from livingpapers.studies.consumer_finance import data, standin

SEED = 20230


@pytest.fixture(scope="module")
def numbers() -> dict:
    return data.text_numbers()


@pytest.fixture(scope="module")
def banks() -> data.BankData:
    return standin.simulate(SEED).banks
