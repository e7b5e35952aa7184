"""The batched Monte Carlo and design diagnosis give the estimates of the reference path (pyfixest, one
regression per draw), and their prose follows their numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from livingpapers.methods.simulation import streams
from livingpapers.studies.rta_digital_trade import beyond
from livingpapers.studies.rta_digital_trade.data import trade_cost
from livingpapers.studies.rta_digital_trade.estimation import CORE, ols_fe, ppml
from livingpapers.toolkit.tables import coefficients

N_DRAWS = 2


def test_monte_carlo_draws_match_fepois_and_feols_draw_by_draw(panels):
    panel = panels.aggregate
    draws, _ = beyond.run_monte_carlo(panel, N_DRAWS, seed=3)
    for i, rng in enumerate(streams(3, N_DRAWS)):
        y, _ = beyond.simulate_flows(panel, rng)
        data = panel.assign(exports_usd=y, lnexports=np.log(np.where(y > 0, y, np.nan)))
        for name, fit in (
            ("PPML", ppml(data, beyond.MC_REGRESSORS, False, vcov="hetero")),
            ("OLS on ln exports", ols_fe(data, beyond.MC_REGRESSORS, False, vcov="hetero")),
        ):
            ref = coefficients(fit).loc[CORE]
            ours = draws[(draws["draw"] == i) & (draws["estimator"] == name)].set_index("variable").loc[CORE]
            np.testing.assert_allclose(ours["estimate"], ref["coef"], rtol=1e-6)
            np.testing.assert_allclose(ours["se"], ref["se"], rtol=1e-5)


def test_design_regressions_match_the_per_draw_pyfixest_path(inputs, panels):
    design = beyond.ClaimsDesign(inputs, panels)
    simulated = [design.simulate(rng, planted=True) for rng in streams(5, N_DRAWS)]
    fits = design.estimates(simulated)
    aggregate, sk = panels.aggregate, panels.sectors[panels.sectors["sector"] == "SK"]
    for d, (exports, imports, sk_exports) in enumerate(simulated):
        data = aggregate.assign(exports_usd=exports, lnexports=np.log(np.where(exports > 0, exports, np.nan)))
        data["tau"] = trade_cost(exports, imports, data["gdp_china"], data["gdp_partner"])
        reference = {
            "table3": ppml(data, CORE),
            "table4_ols": ols_fe(data, CORE),
            "table8_other_income": ppml(data[data["high_income_fy2017"] == 0], CORE),
            "table8_clauses": ppml(data, ["rtadepth", "dis", "ndis"]),
            "table9_sk": ppml(sk.assign(exports_usd=sk_exports), CORE),
            "table10_tau": ols_fe(data, CORE, y="tau"),
        }
        for name, fit in reference.items():
            ref = coefficients(fit)
            ours = pd.DataFrame({"coef": fits[name].coef[d], "se": fits[name].se[d], "p": fits[name].p[d]})
            ours.index = fits[name].names
            np.testing.assert_allclose(ours["coef"], ref.loc[ours.index, "coef"], rtol=1e-5, err_msg=name)
            np.testing.assert_allclose(ours["se"], ref.loc[ours.index, "se"], rtol=1e-4, err_msg=name)
            np.testing.assert_allclose(ours["p"], ref.loc[ours.index, "p"], rtol=1e-3, atol=1e-8, err_msg=name)


def diagnosis(ppml_bias: tuple[float, float], ols_rmse: tuple[float, float]) -> pd.DataFrame:
    """A Monte Carlo table with SD 0.3 over 100 draws (Monte Carlo SE 0.03)."""
    rows = {}
    for name, biases, rmses in (("PPML", ppml_bias, (0.3, 0.3)), ("OLS on ln exports", (0.2, 0.2), ols_rmse)):
        for variable, bias, rmse in zip(CORE, biases, rmses):
            rows[f"{name} | {variable}"] = {
                "draws": 100,
                "bias": bias,
                "RMSE": rmse,
                "SD of estimates": 0.3,
                "coverage 95%": 0.9,
            }
    return pd.DataFrame.from_dict(rows, orient="index")


@pytest.mark.parametrize(
    ("ppml_bias", "ols_rmse", "verdict", "better"),
    [
        ((0.01, -0.02), (0.4, 0.4), "PPML centres on the truth for both coefficients", "PPML for RTAdepth and to PPML"),
        ((0.01, -0.09), (0.4, 0.2), "for RTAdepth only", "PPML for RTAdepth and to OLS on logs for OtherRTAdep"),
        ((0.10, -0.09), (0.2, 0.2), "for neither coefficient", "OLS on logs for RTAdepth"),
    ],
)
def test_the_monte_carlo_sentence_follows_the_table(ppml_bias, ols_rmse, verdict, better):
    sentence = beyond.monte_carlo_sentence(diagnosis(ppml_bias, ols_rmse))
    assert verdict in sentence and better in sentence


def test_the_zero_planted_sentence_follows_the_diagnosis():
    frame = pd.DataFrame(
        {"p_holds_design": [0.7, 0.8, 0.75], "p_holds_null": [0.72, 0.9, 0.7]}, index=beyond.ZERO_PLANTED
    )
    assert "in most draws" in beyond.zero_planted_sentence(frame) and "70% to 90%" in beyond.zero_planted_sentence(
        frame
    )
    assert "in only some draws" in beyond.zero_planted_sentence(frame * 0.5)
