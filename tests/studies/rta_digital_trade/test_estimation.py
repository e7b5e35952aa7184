"""IV diagnostics against statsmodels with one endogenous regressor."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from livingpapers.studies.rta_digital_trade import estimation as est


def test_iv_diagnostics_match_single_endogenous_case():
    rng = np.random.default_rng(3)
    n = 400
    Z = rng.normal(size=(n, 2))
    x = Z @ np.array([0.3, 0.1]) + rng.normal(size=n) * (1 + 0.5 * np.abs(Z[:, 0]))
    Zc, xc = Z - Z.mean(0), (x - x.mean())[:, None]
    ols = sm.OLS(x, sm.add_constant(Z)).fit()
    assert est.cragg_donald_f(xc, Zc, n_exog=1) == pytest.approx(ols.fvalue, rel=1e-8)
    # robust LM (score) test of the excluded instruments: (sum z x)' (sum x^2 z z')^-1 (sum z x)
    s = Zc.T @ xc
    lm = (s.T @ np.linalg.solve((Zc * xc**2).T @ Zc, s)).item()
    stat, dof, p = est.kleibergen_paap_lm(xc, Zc)
    assert stat == pytest.approx(lm, rel=1e-8) and dof == 2 and 0 < p < 0.05
