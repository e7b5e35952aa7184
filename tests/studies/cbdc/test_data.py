"""What the CBDC chapter reads: the cited facts, through ``load("none")`` only."""

from __future__ import annotations

import pytest

from livingpapers.studies import cbdc
from livingpapers.studies.cbdc import data


def test_load_reads_the_cited_facts_and_only_in_mode_none():
    inputs = cbdc.load("none")
    assert inputs.cited_facts.equals(data.cited_facts())
    with pytest.raises(ValueError, match="no data mode 'real'"):
        cbdc.load("real", 7)
