"""PPML against the published fixest gravity example; Novy's trade costs by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from livingpapers.methods import gravity
from livingpapers.methods.checks import MethodInputError

FE = ["Origin", "Destination", "Product", "Year"]
# Bergé and McDermott, "Fast Fixed-Effects Estimation: Short Introduction" (fixest vignette
# fixest_walkthrough, section 1 "Simple example using trade data"):
# fepois(Euros ~ log(dist_km) | Origin + Destination + Product + Year, trade), 38,325 observations.
PUBLISHED_COEF = -1.52787
PUBLISHED_SE = {"Origin": 0.115678, ("Origin", "Destination"): 0.130734, "Product": 0.098294}
PUBLISHED_SQUARED_COR = 0.612021
PUBLISHED_ADJ_PSEUDO_R2 = 0.764032  # fixest subtracts k/LL0 (here ~1e-12) from McFadden's pseudo-R2
PRINTED = 0.5e-5  # deterministic estimator, same small-sample convention (pyfixest mirrors fixest)


@pytest.fixture(scope="module")
def published_fit(trade):
    return gravity.ppml(trade, "Euros", "log_dist", fe=FE, vcov="Origin")


def test_ppml_reproduces_the_published_coefficient_and_fit(published_fit):
    assert published_fit.n_obs == 38325
    assert published_fit.coef("log_dist") == pytest.approx(PUBLISHED_COEF, abs=PRINTED)
    assert published_fit.se("log_dist") == pytest.approx(PUBLISHED_SE["Origin"], abs=0.5e-6)
    assert published_fit.squared_corr == pytest.approx(PUBLISHED_SQUARED_COR, abs=0.5e-6)
    assert published_fit.pseudo_r2 == pytest.approx(PUBLISHED_ADJ_PSEUDO_R2, abs=0.5e-6)


@pytest.mark.parametrize("vcov", [("Origin", "Destination"), "Product"])
def test_ppml_clustered_errors_match_published(trade, vcov, shuffle):
    data = shuffle(trade).rename(columns={"Euros": "trade flow (EUR)", "Origin": "exporter"})
    cluster = tuple("exporter" if c == "Origin" else c for c in vcov) if isinstance(vcov, tuple) else vcov
    fit = gravity.ppml(
        data, "trade flow (EUR)", ["log_dist"], fe=["exporter", "Destination", "Product", "Year"], vcov=cluster
    )
    assert fit.se("log_dist") == pytest.approx(PUBLISHED_SE[vcov], abs=0.5e-6)
    assert fit.coef("log_dist") == pytest.approx(PUBLISHED_COEF, abs=PRINTED)
    assert "clustered by" in fit.vcov


def test_ppml_interacted_fixed_effects_and_bad_input(trade):
    small = trade[trade["Product"] <= 3]
    fit = gravity.ppml(small, "Euros", "log_dist", fe=[("Origin", "Year"), ("Destination", "Year")], vcov="hetero")
    assert fit.coef("log_dist") < 0
    with pytest.raises(MethodInputError, match="negative"):
        gravity.ppml(small.assign(Euros=-small["Euros"]), "Euros", "log_dist", fe=["Origin"])
    with pytest.raises(MethodInputError, match="fixed effects and clusters"):
        gravity.ppml(small, "Euros", "log_dist", fe=["Exporter"])
    with pytest.raises(MethodInputError, match="one or two cluster"):
        gravity.ppml(small, "Euros", "log_dist", fe=["Origin"], vcov=["Origin", "Destination", "Year"])


def test_novy_tau_by_hand():
    data = pd.DataFrame(
        {"x_ij": [1.0, 4.0, 0.0], "x_ji": [1.0, 1.0, 2.0], "x_ii": [np.e**14, 16.0, 1.0], "x_jj": [1.0] * 3}
    )
    tau = gravity.novy_tau(data, "x_ij", "x_ji", "x_ii", "x_jj", sigma=8.0)
    assert tau.iloc[0] == pytest.approx(np.e - 1)  # (e^14)^(1/14) - 1
    assert tau.iloc[1] == pytest.approx(4 ** (1 / 14) - 1)
    assert np.isinf(tau.iloc[2])  # no trade: infinite cost
    # the inverse-gravity index 1 - (x_ij x_ji / (x_ii x_jj))^(1/14) equals tau / (1 + tau)
    index = 1 - (data["x_ij"] * data["x_ji"] / (data["x_ii"] * data["x_jj"])) ** (1 / 14)
    assert (tau / (1 + tau)).iloc[:2].to_numpy() == pytest.approx(index.iloc[:2].to_numpy())
    with pytest.raises(MethodInputError, match="sigma must exceed 1"):
        gravity.novy_tau(data, "x_ij", "x_ji", "x_ii", "x_jj", sigma=1.0)
    with pytest.raises(MethodInputError, match="negative"):
        gravity.novy_tau(data.assign(x_ij=-1.0), "x_ij", "x_ji", "x_ii", "x_jj")


def test_ppml_predicts_on_the_users_columns_and_names_its_fixed_effects(trade):
    small = trade[trade["Product"] <= 3].rename(columns={"Euros": "flow (EUR)", "Origin": "exporter"})
    fit = gravity.ppml(small, "flow (EUR)", "log_dist", fe=["exporter", "Destination", "Year"], vcov="hetero")
    assert fit.fixed_effects == ["exporter", "Destination", "Year"]
    assert fit.n_obs == len(small)  # nothing separated here, so fitted values align with the rows
    fitted = np.asarray(fit.fit._Y_hat_response).ravel()
    shuffled = small.sample(frac=1, random_state=0)
    predicted = pd.Series(fit.predict(shuffled), index=shuffled.index).reindex(small.index).to_numpy()
    # pyfixest recovers the fixed effects for predictions iteratively (lsqr), to about 1e-4
    np.testing.assert_allclose(predicted, fitted, rtol=1e-3)
    assert predicted.sum() == pytest.approx(small["flow (EUR)"].sum(), rel=1e-3)  # Poisson FOC: totals match
    interacted = gravity.ppml(small, "flow (EUR)", "log_dist", fe=[("exporter", "Year")], vcov="hetero")
    assert interacted.fixed_effects == ["exporter^Year"]
