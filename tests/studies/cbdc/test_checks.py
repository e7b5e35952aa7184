"""Every claim of the paper checked in the solved model, at the baseline calibration."""

from __future__ import annotations

import numpy as np

from livingpapers.studies.cbdc import beyond
from livingpapers.studies.cbdc import checks as ck
from livingpapers.studies.cbdc.model import (
    Calibration,
    admissible_rates,
    keister_sanches_benchmark,
    no_cbdc_over_inflation,
    run_model,
    sensitivity_map,
)

BASE = Calibration()


def test_claim_checks_at_baseline(run):
    inflation = no_cbdc_over_inflation(BASE, points=7)
    bench = keister_sanches_benchmark(BASE, 20)
    smap = sensitivity_map(BASE, 1.02, etas=(0.25, 0.5), mus=(1.03,), rds=(1.005,))
    welfare = beyond.welfare_map(BASE, 20, etas=(0.2, 0.25), mus=(1.0,), rds=(1.001,))
    checks = {c.claim: c for c in ck.check_claims(run, inflation, bench, smap, welfare, ck.slack_example(BASE, smap))}
    held = {k for k, c in checks.items() if c.passed}
    assert {f"C{i}" for i in range(4, 21) if i != 21} | {"C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29"} <= held
    assert not checks["T3-all"].passed and not checks["FN11"].passed and not checks["L5-map"].passed
    assert "flat" in checks["C13"].shown


def test_trend_labels():
    assert ck.trend(np.array([1.0, 2.0, 3.0])) == "rising"
    assert ck.trend(np.array([1.0, 1.0, 1.0])) == "flat"
    assert ck.trend(np.array([1.0, 0.0, 1.0])) == "mixed"


def test_cm_lemmas_are_computed_not_assumed(run):
    checks = {c.claim: c for c in ck.cm_checks(run)}
    assert all(checks[c].passed and checks[c].computed for c in ("C4", "C5", "C6"))
    # the CM problems are solved directly: the buyer's portfolio matches the solver's (8)-(9)
    value, choice = ck.buyer_cm_value(BASE, run.R_intro, 0.5)
    assert abs(choice[0] - 1.0) < 1e-6  # x* = 1 for U = log
    assert np.allclose(choice[1:], (run.intro.public, run.intro.private), atol=1e-4)
    assert abs(ck.buyer_cm_value(BASE, run.R_intro, 1.5)[0] - value - 1.0) < 1e-9  # W rises one for one
    assert np.allclose(ck.seller_cm_choice(BASE, run.R_intro), (1.0, 0.0, 0.0), atol=1e-6)


def test_binding_claims_are_not_computed_where_type_3_is_slack_without_cbdc():
    cal = BASE.with_(eta=0.4)
    slack_run = run_model(cal, 20, 1.02)
    assert slack_run.threshold == 1.0
    checks = {
        c.claim: c
        for c in ck.core_checks(slack_run, no_cbdc_over_inflation(cal, 7), keister_sanches_benchmark(cal, 20))
    }
    assert {c for c, k in checks.items() if not k.computed} == set(ck.BINDING_CLAIMS)
    assert all(k.passed for c, k in checks.items() if k.computed and c in ("C4", "C5", "C6", "C7", "C8", "C10", "C24"))


def test_check_rates_follow_the_calibration():
    cal = BASE.with_(eta=0.3, mu=1.02)  # mu/beta = 1.0625 cuts off the spec's 1.07
    rates = admissible_rates(cal, (1.0, 1.02, 1.04, 1.06, 1.07))
    assert rates == (1.0, 1.02, 1.04, 1.06)
    low = BASE.with_(mu=0.97)  # mu/beta = 1.0104: too few fixed rates, evenly spaced ones instead
    assert all(1 < r < low.R_e_max for r in admissible_rates(low, (1.02, 1.04))) and len(admissible_rates(low, ())) == 3
    assert ck.equivalence_check(cal).passed
