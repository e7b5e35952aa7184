"""methods.fe_draws against pyfixest, draw by draw: PPML (fepois) and OLS (feols) with two fixed effects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from livingpapers.methods.checks import MethodInputError
from livingpapers.methods.fe_draws import DrawDesign

N_DRAWS = 4


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    """An unbalanced, unsorted importer-year panel with a region that is not nested in importers."""
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"importer": np.repeat(np.arange(40), 9), "year": np.tile(np.arange(2010, 2019), 40)})
    df = df.sample(frac=0.9, random_state=1).reset_index(drop=True)
    df["region"] = (df["importer"] + df["year"]) % 7
    df["depth"] = rng.uniform(0, 1, len(df)) * (df["year"] > 2013)
    df["gdp"] = rng.normal(size=len(df)) + 0.1 * df["importer"]
    return df


@pytest.fixture(scope="module")
def outcomes(panel) -> np.ndarray:
    """Poisson-like outcomes with zeros; importer 0 is zero throughout in every draw (separated)."""
    rng = np.random.default_rng(9)
    effect = rng.normal(size=40)[panel["importer"]]
    mu = np.exp(0.8 * panel["depth"].to_numpy() + 0.5 * panel["gdp"].to_numpy() + effect)[:, None]
    y = rng.poisson(mu * rng.lognormal(-0.5, 1.0, (len(panel), N_DRAWS)))
    y[panel["importer"].to_numpy() == 0] = 0
    return y.astype(float)


def reference(method, panel, y, vcov) -> pd.DataFrame:
    data = panel.assign(y=y)
    spec = vcov if vcov == "hetero" else {"CRV1": vcov}
    fit = method("y ~ depth + gdp | importer + year", data=data, vcov=spec)
    return fit.tidy(), fit._N


def assert_matches(fits, method, panel, y, vcov, draws) -> None:
    """Each draw's coefficients, SEs, p-values and N equal pyfixest's on the same outcome."""
    for d in draws:
        ref, n_obs = reference(method, panel, y[:, d], vcov)
        np.testing.assert_allclose(fits.coef[d], ref["Estimate"], rtol=1e-6)
        np.testing.assert_allclose(fits.se[d], ref["Std. Error"], rtol=1e-5)
        np.testing.assert_allclose(fits.p[d], ref["Pr(>|t|)"], rtol=1e-4, atol=1e-10)
        assert fits.n_obs[d] == n_obs  # PPML: importer 0 separated and dropped; OLS: the zeros left out


@pytest.mark.parametrize("vcov", ["hetero", "importer", "region"])
@pytest.mark.parametrize("estimator", ["ppml", "ols"])
def test_draws_match_pyfixest(panel, outcomes, vcov, estimator):
    y = outcomes if estimator == "ppml" else np.log(np.where(outcomes > 0, outcomes, np.nan))  # OLS on ln y
    fits = getattr(DrawDesign(panel, ["depth", "gdp"], ["importer", "year"], vcov), estimator)(y)
    assert_matches(fits, pf.fepois if estimator == "ppml" else pf.feols, panel, y, vcov, range(N_DRAWS))


def test_a_year_missing_from_one_draw_drops_its_dummy_there_only(panel, outcomes):
    logs = np.log(np.where(outcomes > 0, outcomes, np.nan))
    logs[panel["year"].to_numpy() == 2012, 0] = np.nan
    fits = DrawDesign(panel, ["depth", "gdp"], ["importer", "year"], "importer").ols(logs)
    assert_matches(fits, pf.feols, panel, logs, "importer", (0, 1))


def test_warm_start_changes_iterations_not_estimates(panel, outcomes):
    design = DrawDesign(panel, ["depth", "gdp"], ["importer", "year"], "hetero")
    cold = design.ppml(outcomes)
    warm = design.ppml(outcomes, start=np.log(outcomes.mean(axis=1, keepdims=True) + 1) * np.ones((1, N_DRAWS)))
    np.testing.assert_allclose(warm.coef, cold.coef, rtol=1e-7)


def test_regressor_absorbed_by_the_fixed_effects_is_refused(panel):
    with pytest.raises(MethodInputError, match="collinear"):
        DrawDesign(panel.assign(size=panel["importer"] * 2.0), ["depth", "size"], ["importer", "year"], "hetero")
