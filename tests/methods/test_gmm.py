"""Dynamic-panel GMM against published output for the Arellano-Bond (1991) employment panel.

References (see tests/data/README.md): Stata [XT] xtabond, Example 2 (one-step, vce(robust): the
coefficients and robust SEs of Arellano and Bond 1991, Table 4, column a1) and Example 4 (two-step
with Windmeijer-corrected SEs); Roodman (2009, Stata Journal 9(1), §3.3) for the AR tests and the
Hansen J of the one-step model. The model: n on L(1/2).n, L(0/1).w, L(0/2).k, L(0/2).ys,
yr1980-yr1984 and a trend; GMM instruments L(2/.).n; 611 observations, 140 firms, 41 instruments.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from livingpapers.methods.gmm import GMMSpecificationError, dynamic_panel_gmm, panel_lag

DATA = Path(__file__).resolve().parents[1] / "data" / "emplUK.csv"
NAMES = ["L1.n", "L2.n", "w", "L1.w", "k", "L1.k", "L2.k", "ys", "L1.ys", "L2.ys"]
# Stata xtabond Example 2 (one-step, robust) = Arellano and Bond (1991), Table 4, column a1
ONE_STEP = {
    "coef": [0.6862261, -0.0853582, -0.6078208, 0.3926237, 0.3568456, -0.0580012, -0.0199475, 0.6085073, -0.7111651, 0.1057969],
    "se": [0.1445943, 0.0560155, 0.1782055, 0.1679931, 0.0590203, 0.0731797, 0.0327126, 0.1725313, 0.2317163, 0.1412021],
}  # fmt: skip
# Stata xtabond Example 4 (two-step, Windmeijer-corrected robust SEs)
TWO_STEP = {
    "coef": [0.6287089, -0.0651882, -0.5257597, 0.3112899, 0.2783619, 0.0140994, -0.0402484, 0.5919243, -0.5659863, 0.1005433],
    "se": [0.1934138, 0.0450501, 0.1546107, 0.2030006, 0.0728019, 0.0924575, 0.0432745, 0.1730916, 0.2611008, 0.1610987],
}  # fmt: skip
# Roodman (2009) §3.3, one-step robust difference GMM of the same model
AR1_Z, AR2_Z, AR2_P, HANSEN, HANSEN_DF, HANSEN_P = -3.60, -0.52, 0.606, 31.38, 25, 0.177
EXOG = ["w", "L1.w", "k", "L1.k", "L2.k", "ys", "L1.ys", "L2.ys", *[f"yr{y}" for y in range(1980, 1985)], "trend"]


def abdata() -> pd.DataFrame:
    d = pd.read_csv(DATA)
    d = d.assign(n=np.log(d.emp), w=np.log(d.wage), k=np.log(d.capital), ys=np.log(d.output), trend=d.year * 1.0)
    for v, lags in (("w", 1), ("k", 2), ("ys", 2)):
        for lag in range(1, lags + 1):
            d[f"L{lag}.{v}"] = panel_lag(d, v, "firm", "year", lag)
    for year in range(1980, 1985):
        d[f"yr{year}"] = (d.year == year).astype(float)
    return d


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return abdata()


@pytest.fixture(scope="module")
def one_step(data):
    return dynamic_panel_gmm(data, "n", EXOG, "firm", "year", lags=2, twostep=False)


@pytest.fixture(scope="module")
def two_step(data):
    return dynamic_panel_gmm(data, "n", EXOG, "firm", "year", lags=2, twostep=True)


def test_sample_and_instrument_counts(one_step):
    assert (one_step.nobs, one_step.n_groups, one_step.n_instruments) == (611, 140, 41)


@pytest.mark.parametrize("fit, published", [("one_step", ONE_STEP), ("two_step", TWO_STEP)])
def test_coefficients_and_ses_match_stata(fit, published, request):
    res = request.getfixturevalue(fit)
    np.testing.assert_allclose(res.params[NAMES], published["coef"], atol=1e-5)
    np.testing.assert_allclose(res.bse[NAMES], published["se"], atol=1e-5)


def test_ar_and_hansen_match_roodman(one_step):
    assert one_step.ar[1][0] == pytest.approx(AR1_Z, abs=0.005)
    assert one_step.ar[2][0] == pytest.approx(AR2_Z, abs=0.005)
    assert one_step.ar[2][1] == pytest.approx(AR2_P, abs=0.0005)
    J, df, p = one_step.hansen
    assert (round(J, 2), df, round(p, 3)) == (HANSEN, HANSEN_DF, HANSEN_P)


def test_unsorted_and_renamed_data_give_the_same_fit(data, two_step):
    shuffled = data.sample(frac=1.0, random_state=3).rename(columns={"firm": "company", "year": "yr", "n": "emp_log"})
    res = dynamic_panel_gmm(shuffled, "emp_log", EXOG, "company", "yr", lags=2)
    np.testing.assert_allclose(res.params.to_numpy(), two_step.params.to_numpy(), atol=1e-10)


def test_a_gap_breaks_the_lag_chain(data):
    # drop 1980 for firm 1: its 1981 and 1982 equations lose their lags, so two fewer observations
    # survive, and no lag is ever taken across the gap
    gap = data[~((data.firm == 1) & (data.year == 1980))].copy()
    for v in ("w", "k", "ys"):
        for lag in (1, 2):
            gap[f"L{lag}.{v}"] = panel_lag(gap, v, "firm", "year", lag)
    full = dynamic_panel_gmm(data, "n", EXOG, "firm", "year", lags=2)
    res = dynamic_panel_gmm(gap.dropna(subset=EXOG), "n", EXOG, "firm", "year", lags=2)
    assert res.nobs < full.nobs
    assert panel_lag(gap, "n", "firm", "year").loc[gap[(gap.firm == 1) & (gap.year == 1981)].index].isna().all()


def test_collapsed_instruments_count_one_column_per_lag(data):
    res = dynamic_panel_gmm(data, "n", EXOG, "firm", "year", lags=2, gmm={"n": (2, 3)}, collapse=True)
    assert res.n_instruments == 2 + len(EXOG)


def test_errors_name_the_problem(data):
    with pytest.raises(GMMSpecificationError, match="columns not found: nope"):
        dynamic_panel_gmm(data, "n", ["nope"], "firm", "year")
    with pytest.raises(GMMSpecificationError, match="share a"):
        dynamic_panel_gmm(pd.concat([data, data.head(1)]), "n", EXOG, "firm", "year", lags=2)
    with pytest.raises(GMMSpecificationError, match="not identified"):
        dynamic_panel_gmm(data, "n", EXOG, "firm", "year", lags=2, gmm={"n": (2, 2)}, collapse=True)


def test_panel_lag_follows_units_and_gaps_in_any_row_order_and_refuses_repeated_rows():
    data = pd.DataFrame({"unit": ["b", "a", "a", "b", "a"], "t": [2001, 2003, 2001, 2000, 2002], "x": [5, 3, 1, 4, 2]})
    lagged = panel_lag(data, "x", "unit", "t")
    assert lagged.tolist()[0] == 4.0 and lagged.tolist()[1] == 2.0 and lagged.tolist()[4] == 1.0
    assert lagged.iloc[[2, 3]].isna().all()  # first year of each unit
    assert panel_lag(data, "x", "unit", "t", lag=-1).tolist()[2] == 2.0  # a lead
    with pytest.raises(ValueError, match="repeat"):
        panel_lag(pd.concat([data, data.iloc[[0]]]), "x", "unit", "t")
