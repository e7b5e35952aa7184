"""The paper's estimators as the analysis runs them: permutation tests, additivity, random streams."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from livingpapers.studies.trade_hubs import analysis, estimation
from livingpapers.toolkit.chapter import ChapterRun
from livingpapers.toolkit.claims import Ledger


def test_permutation_test_reports_the_observed_difference(df):
    out = estimation.fisher_permutation(df, "central", np.random.default_rng(1), 20)
    fits = estimation.subsample_fits(df)
    expected = estimation.coef(fits["central"], "hub")[0] - estimation.coef(fits["peripheral"], "hub")[0]
    assert out["difference"] == pytest.approx(expected, rel=1e-8)
    assert 0 <= out["p_one_sided"] <= 1 and len(out["draws"]) == 20


def test_additivity_of_import_and_export_dependence(df):
    imp = estimation.coef(estimation.twfe(df, "impdep", "hub"), "hub")[0]
    exp_ = estimation.coef(estimation.twfe(df, "expdep", "hub"), "hub")[0]
    total = estimation.coef(estimation.twfe(df, "regopen", "hub"), "hub")[0]
    assert imp + exp_ == pytest.approx(total, rel=1e-8)


def test_random_streams_are_the_chapters():
    chapter = ChapterRun("trade_hubs", {"seed": 20260}, Path("."), Ledger.for_chapter("trade_hubs", "standin"))
    for offset in (1, 2, 10, 13):
        assert analysis.rng({"seed": 20260}, offset).random(3).tolist() == chapter.rng(offset).random(3).tolist()
