"""The two-period bank model: check values, closed form vs brute force, comparative statics, bad parameters."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from livingpapers.studies.targeted_rrr import model as M

MARKET = M.Market()


def test_margin_check_value():
    # c_S = 2: q* = (0.06 + 0.5)/2 = 0.28 capped at 1 - P_S = 0.1, so p = 1 and the margin is
    # 0.06 - 0.5 * 2 * 0.01 - 0.02/0.8 = 0.025 by hand
    assert float(M.margin(MARKET, 2.0, "S", 0.20)) == pytest.approx(0.025, abs=1e-12)
    S, L = M.loans(MARKET, M.Bank(1.0, 2.0), 0.20)
    assert float(S) == pytest.approx(0.025) and float(L) == pytest.approx(0.0241)


def test_region_shares_of_the_spec_calibration():
    shares = M.solve_grid(MARKET, 60).region_shares()
    assert shares == pytest.approx({"I": 0.3675, "II": 0.4108, "III": 0.2217}, abs=5e-4)


@pytest.mark.parametrize("gS, cS", [(0.6, 1.2), (2.5, 3.0), (5.0, 5.0)])
def test_closed_form_matches_brute_force(gS, cS):
    bank = M.Bank(gS, cS)
    closed = float(M.solve(MARKET, bank).value_W)
    assert M.brute_force_value(MARKET, bank) == pytest.approx(closed, rel=1e-5)


def test_comparative_statics_match_finite_differences():
    d = M.Digital(gamma_S=1.5, c_S0=2.0, delta_S=0.8, phi_S=0.1, kappa_S=0.5)
    a, tau, h = 0.4, 0.15, 1e-6
    bank = d.bank(a)
    S = lambda t, b: float(M.loans(MARKET, b, t)[0])  # noqa: E731
    rho = lambda t, b: float(M.share(*M.loans(MARKET, b, t)))  # noqa: E731
    assert float(M.dS2_dtau(MARKET, bank, tau)) == pytest.approx(
        (S(tau + h, bank) - S(tau - h, bank)) / (2 * h), rel=1e-6
    )
    assert float(M.drho2_dtau(MARKET, bank, tau)) == pytest.approx(
        (rho(tau + h, bank) - rho(tau - h, bank)) / (2 * h), rel=1e-5
    )
    up, dn = d.bank(a + 1e-4), d.bank(a - 1e-4)
    cross = (float(M.dS2_dtau(MARKET, up, tau)) - float(M.dS2_dtau(MARKET, dn, tau))) / 2e-4
    assert float(M.d2S2_dtau_da(MARKET, d, a, tau)) == pytest.approx(cross, rel=1e-6)


def test_r1_and_r2_hold_on_the_grid():
    a = M.solve_grid(MARKET, 30).alloc
    two = a.region == 2
    assert np.all(a.S1W[two] > a.S1U[two]) and np.all(a.L1W[two] < a.L1U[two])
    assert np.allclose(a.S2W[a.region == 1], a.S2U[a.region == 1])
    assert np.all(a.S2W[a.region >= 2] > a.S2U[a.region >= 2])


def test_threshold_of_r5():
    d = M.Digital(gamma_S=1.0, c_S0=1.0, delta_S=0.3, phi_S=0.4, kappa_S=0.1)
    th = M.management_threshold(d)
    assert th["correct"] == pytest.approx(0.4 / 0.3) and th["printed"] == pytest.approx(1.4 / 0.3)
    assert d.bank(th["correct"] - 0.01).gamma_S > d.gamma_S > d.bank(th["correct"] + 0.01).gamma_S


def test_every_invalid_parameter_is_listed_at_once():
    bad = replace(MARKET, r_D=0.0, tau_l=0.3, h=1.2, beta=0.0, P_S=1.5, w_L=0.2)
    with pytest.raises(M.ModelParameterError) as err:
        M.validate(
            bad,
            M.Bank(-1.0, 0.0),
            M.Digital(gamma_S=1, c_S0=1, delta_S=0.1, phi_S=-0.1, kappa_S=2.0, delta_L=0.2),
            a=1.0,
        )
    text = str(err.value)
    for fragment in ("r_D = 0.0 must be > 0", "0 <= tau_l < tau_h < 1", "h = 1.2 must lie in (0, 1)", "beta = 0.0",
                     "P_S = 1.5", "w_L = 0.2 must be below r_L", "gamma_S = -1.0 must be > 0", "c_S = 0.0 must be > 0",
                     "phi_S = -0.1 must be >= 0", "delta_S = 0.1 must be >= delta_L = 0.2", "1 - kappa_S a must be > 0"):  # fmt: skip
        assert fragment in text, fragment
    assert len(err.value.problems) >= 11
