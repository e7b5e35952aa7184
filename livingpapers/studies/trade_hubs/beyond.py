"""Beyond the paper: the joint synergy test, a wild cluster bootstrap for the 23 central cities and
the design diagnosis (spec §8 step 16, §10 items 25-26).

The heterogeneity-robust staggered-DID estimators and the Goodman-Bacon decomposition these build
on are in :mod:`.robust` (generic staggered-DID machinery, to move to ``livingpapers.methods``).
"""

from __future__ import annotations

import pandas as pd
import pyfixest as pf

from livingpapers.studies.trade_hubs import robust, standin
from livingpapers.studies.trade_hubs.estimation import X, coef, quiet, twfe


def joint_synergy(df: pd.DataFrame):
    """FTZ, CRE and Hub (= FTZ x CRE timing) jointly; Hub is the super-additive part."""
    return twfe(df, "regopen", "ftz + cre + hub")


def wild_bootstrap_central(df: pd.DataFrame, reps: int, seed: int) -> dict:
    """Wild cluster bootstrap (WCR, Rademacher, null imposed) p-value for Hub among the 23 central
    cities, where cluster-robust t-tests over-reject."""
    central = df[df["central"] == 1]
    with quiet():
        fit = pf.feols(f"regopen ~ hub + {X} | city_id + year", central, vcov={"CRV1": "city_id"})
        boot = fit.wildboottest(reps=reps, param="hub", seed=seed)
    b, se, p = coef(fit, "hub")
    return {
        "coef": b,
        "se": se,
        "p_crv": p,
        "p_wild": float(boot["Pr(>|t|)"]),
        "clusters": central["city"].nunique(),
        "reps": reps,
    }


def design_diagnosis(timing: pd.DataFrame, n_draws: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bias, RMSE, coverage and power of TWFE and Callaway-Sant'Anna over fresh stand-in draws,
    keeping the real adoption timing and the documented effects."""
    return robust.design_diagnosis(timing, standin.generate, n_draws, seed)
