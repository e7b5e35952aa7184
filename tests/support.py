"""Paths shared by the tests (importable because ``tests/`` is on pytest's ``pythonpath``)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
