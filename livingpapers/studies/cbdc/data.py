"""What the CBDC chapter reads: the facts the paper cites (claims C1-C3), curated with source and confidence.

The paper is a theory paper with no dataset, so there is no ``data/raw`` contract here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from livingpapers.toolkit.facts import load_facts

FACTS = "cbdc_cited_facts"


def cited_facts() -> pd.DataFrame:
    return load_facts(FACTS)


@dataclass
class Inputs:
    """What the chapter reads besides its parameters: the curated facts behind claims C1-C3."""

    cited_facts: pd.DataFrame
