"""The paper's estimators as this study calls the methods: the event-study Wald test, the IV
diagnostics (K-P F against the squared clustered t), the placebo and the permutation tests."""

from __future__ import annotations

import numpy as np
import pyfixest as pf
import pytest
from scipy import stats

from livingpapers.methods import did
from livingpapers.studies.trade_hubs import data, estimation


def test_wald_uses_the_fits_own_clusters_and_refuses_a_fit_without(df):
    cities = df["city"].unique()[:80]
    subset, names = estimation.event_dummies(df[df["city"].isin(cities)])
    leads = [n for n in names if estimation.event_time_of(n) < 0]
    with estimation.quiet():
        clustered = pf.feols(f"regopen ~ {' + '.join(names)} | city + year", subset, vcov={"CRV1": "city"})
        iid = pf.feols(f"regopen ~ {' + '.join(names)} | city + year", subset, vcov="iid")
    out = estimation.wald(clustered, leads)
    assert out["p"] == pytest.approx(stats.f.sf(out["F"], len(leads), 80 - 1), rel=1e-12)  # G = 80, not 219
    with pytest.raises(ValueError, match="cluster-robust fit"):
        estimation.wald(iid, leads)


@pytest.mark.parametrize("instrument", ["iv_post", "iv_treaty"])
def test_kp_f_is_the_squared_clustered_t_under_ivreg2s_scaling(df, instrument):
    """One instrument, one endogenous regressor: the cluster-robust K-P Wald F is the squared clustered
    first-stage t, both scaled (N-K)/(N-1) (G-1)/G; ivreg2 counts the 219 city effects in K (K = 238),
    pyfixest leaves them out as nested in the city clusters (K = 20). C-D F is the squared iid t."""
    result = estimation.iv(df, instrument)
    n, k_ivreg2, k_pyfixest = len(df), 219 + 14 - 1 + len(data.CONTROLS) + 1, 1 + len(data.CONTROLS) + 14
    assert result.kp_f == pytest.approx(result.first_t_cluster**2 * (n - k_ivreg2) / (n - k_pyfixest), rel=1e-10)
    with estimation.quiet():
        iid = pf.feols(f"hub ~ {instrument} + {estimation.X} | city + year", df, vcov="iid")
    assert result.first_t_iid == pytest.approx(float(iid.tidy().loc[instrument, "t value"]), rel=1e-10)
    assert result.cd_f == pytest.approx(result.first_t_iid**2, rel=1e-12)


def test_placebo_draws_are_the_papers_regression_on_pseudo_hubs(df):
    """Each draw is ``regopen ~ pseudo-hub + controls | city + year`` clustered by city (pyfixest), with
    as many pseudo-hubs as hubs and the real hub years."""
    draws = estimation.placebo(df, np.random.default_rng(7), 2)
    pseudo = did.placebo_treatments(df, "hub", "city", "year", 2, np.random.default_rng(7))
    last_year = (df["year"] == df["year"].max()).to_numpy()
    assert pseudo[last_year].sum(axis=0).tolist() == [df.loc[last_year, "hub"].sum()] * 2
    for r in range(2):
        with estimation.quiet():
            fit = pf.feols(
                f"regopen ~ pseudo + {estimation.X} | city + year",
                df.assign(pseudo=pseudo[:, r]),
                vcov={"CRV1": "city"},
            )
        assert draws.loc[r, "coef"] == pytest.approx(fit.coef()["pseudo"], rel=1e-9)
        assert draws.loc[r, "se"] == pytest.approx(fit.se()["pseudo"], rel=1e-8)


def test_subsample_permutation_permutes_within_the_comparisons_sample(df):
    """cw_cluster compares central-western cities only: the observed difference is the two subsample
    TWFE coefficients, and every draw relabels central-western cities only."""
    out = estimation.fisher_permutation(df, "cw_cluster", np.random.default_rng(1), 15)
    fits = estimation.subsample_fits(df)
    expected = estimation.coef(fits["cw_noncluster"], "hub")[0] - estimation.coef(fits["cw_cluster"], "hub")[0]
    assert out["difference"] == pytest.approx(expected, rel=1e-8)
    assert len(out["draws"]) == 15 and np.isfinite(out["draws"]).all()
