"""The CBDC model: primitives, the solver against the spec's check values, comparative statics, validation."""

from __future__ import annotations

import numpy as np
import pytest

from livingpapers.studies.cbdc.model import (
    Bargaining,
    Calibration,
    CalibrationError,
    Preferences,
    bargaining_of,
    derivatives,
    inflation_sweep,
    rate_grid,
    regime_threshold,
    run_model,
    solve,
    sweep,
)

BASE = Calibration()

# Spec section 9: R_e, e, d, e+d, Y_DM, S, lambda(e), lambda(d), lambda(e+d)
CHECK_VALUES = [
    (1.000, 0.1816, 0.7304, 0.9120, 0.7826, 0.3129, 0.5317, 0.0817, 0.0233),
    (1.010, 0.2211, 0.7056, 0.9267, 0.7894, 0.3146, 0.4581, 0.0911, 0.0192),
    (1.020, 0.2671, 0.6774, 0.9446, 0.7979, 0.3162, 0.3908, 0.1022, 0.0143),
    (1.030, 0.3196, 0.6464, 0.9660, 0.8086, 0.3175, 0.3299, 0.1152, 0.0087),
    (1.040, 0.3780, 0.6131, 0.9911, 0.8216, 0.3185, 0.2753, 0.1300, 0.0022),
    (1.050, 0.4847, 0.6022, 1.0869, 0.8359, 0.3208, 0.1984, 0.1351, 0.0),
    (1.060, 0.6568, 0.6022, 1.2590, 0.8548, 0.3237, 0.1108, 0.1351, 0.0),
    (1.070, 0.9066, 0.6022, 1.5088, 0.8823, 0.3255, 0.0248, 0.1351, 0.0),
]


# --- primitives -----------------------------------------------------------------------------------
def test_primitives_by_hand():
    prefs = Preferences(0.25, 1e-4)
    assert prefs.y_star == pytest.approx(0.9999)
    assert prefs.u(0.0) == 0.0
    assert prefs.u1(prefs.y_star) == pytest.approx(1.0)
    # u'(0.2671) = 0.2672^-0.25 = 1.39078; lambda = 0.39078
    assert bargaining_of(BASE).premium(0.2671) == pytest.approx(0.2672**-0.25 - 1, abs=1e-12)
    assert bargaining_of(BASE).premium(1.2) == 0.0
    assert BASE.i_m == pytest.approx(0.072917, abs=1e-6)
    assert BASE.i_d == pytest.approx(0.036484, abs=1e-6)
    assert BASE.i_e(1.02) == pytest.approx(1.03 / (0.96 * 1.02) - 1)


def test_proportional_bargaining_payment_and_premium():
    bar = Bargaining(Preferences(0.25, 1e-4), theta=0.5)
    y = 0.4
    L = bar.payment(y)
    assert pytest.approx(0.5 * bar.prefs.u(y) + 0.5 * y) == L
    assert bar.quantity(L) == pytest.approx(y, abs=1e-12)
    assert bar.premium(L) == pytest.approx(bar.prefs.u1(y) / (0.5 * bar.prefs.u1(y) + 0.5) - 1, abs=1e-12)
    assert bar.satiation > bar.prefs.y_star  # sellers share the surplus, so satiation needs more money


# --- the solver against the spec's check values -----------------------------------------------------
@pytest.mark.parametrize("row", CHECK_VALUES, ids=[f"Re={r[0]}" for r in CHECK_VALUES])
def test_check_values(row):
    R_e, e, d, total, Y, S, le, ld, lt = row
    eq = solve(BASE, R_e)
    got = (eq.public, eq.private, eq.total, eq.output_dm, eq.surplus_dm, eq.lam_public, eq.lam_private, eq.lam_total)
    assert got == pytest.approx((e, d, total, Y, S, le, ld, lt), abs=1e-4)


def test_regime_threshold_and_transfers():
    threshold = regime_threshold(BASE)
    assert threshold == pytest.approx(1.04318, abs=1e-5)
    at = solve(BASE, threshold)
    assert at.total == pytest.approx(1 - BASE.b, abs=1e-9)
    assert [solve(BASE, r).transfer for r in (1.0, 1.02, 1.04)] == pytest.approx([0.00545, 0.00262, -0.00363], abs=1e-5)


def test_regime_map_matches_spec():
    spec = {"mu": 1.02, "R_d": 1.01}
    assert regime_threshold(BASE.with_(eta=0.2, **spec)) == pytest.approx(1.041, abs=1e-3)
    assert regime_threshold(BASE.with_(eta=0.3, **spec)) == pytest.approx(1.015, abs=1e-3)
    assert regime_threshold(BASE.with_(eta=0.4, **spec)) == 1.0
    assert regime_threshold(BASE.with_(beta=0.97, eta=0.3, **spec)) == 1.0


def test_continuity_at_re_one():
    base, near = solve(BASE, 1.0), solve(BASE, 1.0 + 1e-10)
    assert abs(near.public - base.public) < 1e-8 and abs(near.private - base.private) < 1e-8


@pytest.mark.parametrize("R_e", [1.01, 1.02, 1.035, 1.05, 1.07])
def test_cbdc_equals_cash_at_deflated_inflation(R_e):
    cbdc, cash = solve(BASE, R_e), solve(BASE.with_(mu=BASE.mu / R_e), 1.0)
    assert (cbdc.public, cbdc.private, cbdc.surplus_dm) == pytest.approx(
        (cash.public, cash.private, cash.surplus_dm), abs=1e-12
    )


def test_no_cbdc_over_inflation_matches_spec():
    frame = inflation_sweep(BASE, [1.00, 1.01, 1.02, 1.03, 1.04, 1.05])
    expected = [
        (0.3196, 0.6464),
        (0.2662, 0.6780),
        (0.2203, 0.7061),
        (0.1816, 0.7304),
        (0.1495, 0.7510),
        (0.1231, 0.7681),
    ]
    assert frame[["cash", "private"]].to_numpy() == pytest.approx(np.array(expected), abs=1e-4)


@pytest.mark.parametrize("theta,R_e", [(1.0, 1.02), (1.0, 1.06), (0.5, 1.02)])
def test_analytical_derivatives_match_finite_differences(theta, R_e):
    cal, h = BASE.with_(theta=theta), 1e-5
    analytic = derivatives(cal, R_e)
    up, down = solve(cal, R_e + h), solve(cal, R_e - h)
    for attr in ("public", "private", "output_dm", "surplus_dm"):
        assert getattr(analytic, attr) == pytest.approx((getattr(up, attr) - getattr(down, attr)) / (2 * h), abs=1e-6)
    if theta == 1.0 and R_e == 1.02:
        assert (analytic.public, analytic.private) == pytest.approx((4.9275, -2.9687), abs=1e-4)
    if R_e == 1.06:  # slack type 3: private money no longer moves
        assert analytic.private == 0.0


def test_alpha3_zero_benchmark():
    bench = BASE.with_(alpha_3=0.0)
    frame = sweep(bench, [1.0, 1.02, 1.04, 1.06])
    assert frame["private"].to_numpy() == pytest.approx([0.6022] * 4, abs=1e-4)
    assert np.ptp(frame["private"]) < 1e-12
    assert frame["public"].to_numpy() == pytest.approx([0.1307, 0.2131, 0.3636, 0.6568], abs=1e-4)


def test_lemma3_cash_dominated_and_corner():
    assert solve(BASE, 1.02).cash_condition_gap > 0
    # without type-2 and type-3 meetings private money has no use: a corner at d = 0
    corner = solve(BASE.with_(alpha_2=0.0, alpha_3=0.0), 1.02)
    assert corner.private == 0.0 and corner.public > 0


# --- one test per invalid parameter, each named in one error ------------------------------------------
@pytest.mark.parametrize(
    "changes,R_e,fragment",
    [
        ({"R_d": 1.0}, 1.0, "R_d = 1.0 must lie in (1, 1/beta)"),
        ({"R_d": 1.05}, 1.0, "R_d = 1.05 must lie in (1, 1/beta)"),
        ({}, 0.99, "R_e = 0.99 must lie in [1, mu/beta)"),
        ({}, 1.08, "R_e = 1.08 must lie in [1, mu/beta)"),
        ({"alpha_1": 0.2}, 1.0, "must be at most 1"),
        ({"alpha_2": -0.1}, 1.0, "must be non-negative: alpha_2 = -0.1"),
        ({"mu": 0.95}, 1.0, "mu = 0.95 must exceed beta"),
        ({"beta": 1.0}, 1.0, "beta = 1.0 must lie in (0, 1)"),
        ({"eta": 1.0}, 1.0, "eta = 1.0 must be positive"),
        ({"b": 0.0}, 1.0, "b = 0.0 must be positive"),
        ({"theta": 0.0}, 1.0, "theta = 0.0 must lie in (0, 1]"),
    ],
)
def test_invalid_parameter(changes, R_e, fragment):
    with pytest.raises(CalibrationError) as err:
        solve(BASE.with_(**changes), R_e)
    assert fragment in str(err.value)


def test_one_error_lists_every_violation():
    with pytest.raises(CalibrationError) as err:
        solve(BASE.with_(R_d=1.2, alpha_1=0.5, mu=0.9), 1.2)
    message = str(err.value)
    for fragment in ("R_d = 1.2", "R_e = 1.2", "at most 1", "mu = 0.9"):
        assert fragment in message


# --- the baseline run ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def run():
    return run_model(BASE, 40, 1.02)


def test_sweep_and_grid(run):
    grid = rate_grid(BASE, 40, (1.02,))
    assert grid[0] == 1.0 and grid[-1] < BASE.R_e_max and 1.02 in grid
    assert run.frame["private_pct"].iloc[0] == pytest.approx(0.0)
    assert run.seconds < 5
