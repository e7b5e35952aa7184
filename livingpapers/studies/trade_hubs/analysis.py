"""Every computation the trade-hubs chapter shows, in one call: :func:`run`.

The chapter's cells only lay out what :class:`Results` holds (``tables``, ``figures``,
``notes``) and record it (``ledger``). Random streams are the chapter's: ``[seed, offset]``
with offset 1 for the stand-in, 2 for the placebo and 10+ for the permutation tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from livingpapers.methods import did
from livingpapers.methods.simulation import randomization_pvalue
from livingpapers.studies.trade_hubs import beyond, data
from livingpapers.studies.trade_hubs import estimation as est
from livingpapers.studies.trade_hubs.data import Inputs

INSTRUMENTS = ("iv_silk", "iv_post", "iv_treaty")


@dataclass
class Results:
    """Everything the chapter computed, in one place for the tables, figures, ledger and notes."""

    df: pd.DataFrame
    simulated: bool
    summary: dict = field(default_factory=dict)
    truth: pd.DataFrame | None = None  # the stand-in's true effects per city-year (None on real data)
    baseline: list = field(default_factory=list)
    event: pd.DataFrame | None = None
    pretrend: dict = field(default_factory=dict)
    event_k0: pd.DataFrame | None = None  # the event study with the adoption year as reference
    true_path: pd.DataFrame | None = None
    placebo: pd.DataFrame | None = None
    hub_estimate: float = float("nan")
    placebo_p: float = float("nan")
    iv: list[est.IVResult] = field(default_factory=list)
    iv_unit: list[est.IVResult] = field(default_factory=list)  # the same 2SLS with the trend rescaled to [0, 1]
    psm: est.PSMResult | None = None
    robustness: dict = field(default_factory=dict)
    dml: dict = field(default_factory=dict)
    digtrade_by_province: object = None  # Table 4 col 3 with SEs clustered by province
    mechanisms: list = field(default_factory=list)
    synergy: list = field(default_factory=list)
    subsamples: dict = field(default_factory=dict)
    tests: dict = field(default_factory=dict)
    wild: dict = field(default_factory=dict)
    decomposition: pd.DataFrame | None = None
    robust_table: pd.DataFrame | None = None
    joint: object = None
    mc_draws: pd.DataFrame | None = None
    diagnosis: pd.DataFrame | None = None
    claims_design: pd.DataFrame | None = None  # per-claim power and false-positive rate (stand-in only)
    province_ftz_or_cre: int = 0

    @property
    def true_effects(self) -> tuple[float, float] | None:
        """Mean true hub effect over treated city-years, vs no policy and vs the policy each city had first."""
        if self.truth is None:
            return None
        treated = self.truth[self.truth["hub"] == 1]
        return treated["tau"].mean(), treated["hub_vs_first_policy"].mean()

    @property
    def bacon_forbidden(self) -> float:
        return beyond.forbidden_weight(self.decomposition)


def rng(params: dict, offset: int) -> np.random.Generator:
    """The chapter's random stream ``offset`` (the same as ``ChapterRun.rng(offset)``)."""
    return np.random.default_rng([int(params["seed"]), offset])


def placebo_draws() -> int:
    """The paper's own number of placebo draws (claim C93 in ``data/published``), whatever the profile."""
    return int(data.published()["C93"].value)


def run(inputs: Inputs, params: dict) -> Results:
    """All estimates of the chapter, in the order the chapter shows them."""
    seed = int(params["seed"])
    df = data.assemble(inputs.panel, inputs.timing)
    r = Results(df=df, simulated=inputs.simulated, summary=data.treatment_summary(df), truth=inputs.truth)
    r.baseline = est.baseline(df)
    r.event, r.pretrend = est.event_study(df)
    r.event_k0, _ = est.event_study(df, omit=0)
    r.true_path = beyond.true_event_path(inputs.truth) if inputs.truth is not None else None
    r.placebo = est.placebo(df, rng(params, 2), placebo_draws())
    r.hub_estimate = est.coef(r.baseline[1], "hub")[0]
    r.placebo_p = randomization_pvalue(r.hub_estimate, r.placebo["coef"])
    r.iv = [est.iv(df, z) for z in INSTRUMENTS]
    df_unit = data.assemble(inputs.panel, inputs.timing, trend_scale="unit")
    r.iv_unit = [est.iv(df_unit, z) for z in INSTRUMENTS]
    _robustness(r, seed)
    r.mechanisms = est.mechanisms(df)
    r.synergy = est.synergy(df)
    _heterogeneity(r, params)
    r.wild = beyond.wild_bootstrap_central(df, params["n_bootstrap"], seed)
    r.decomposition = did.bacon(df, "regopen", "hub", "city", "year")
    r.province_ftz_or_cre = data.ftz_or_cre_cities(level="province")
    r.robust_table = beyond.robust_estimates(df, inputs.truth)
    r.joint = beyond.joint_synergy(df)
    if inputs.simulated:
        r.mc_draws, r.diagnosis = beyond.design_diagnosis(inputs.timing, params["n_monte_carlo"], seed + 1)
        r.claims_design = beyond.diagnose_headlines(df, inputs.truth, params["n_design"], seed + 2)
    return r


def _robustness(r: Results, seed: int) -> None:
    """Table 4: other outcomes, Hub1, PSM-DID and DML; digital trade clustered by province."""
    df = r.df
    r.psm = est.psm_did(df)
    digtrade = df.dropna(subset=["digtrade"])
    r.robustness = {
        "impdep": est.twfe(df, "impdep", "hub"),
        "expdep": est.twfe(df, "expdep", "hub"),
        "digtrade": est.twfe(digtrade, "digtrade", "hub"),
        "hub1": est.twfe(df, "regopen", "hub1"),
        "psm": r.psm.fit,
    }
    r.dml = est.dml(df, seed)
    r.digtrade_by_province = est.twfe(digtrade, "digtrade", "hub", vcov={"CRV1": "province"})


def _heterogeneity(r: Results, params: dict) -> None:
    """Tables 7-8: subsample fits, Fisher permutation and stacked Wald tests, the period difference."""
    df = r.df
    r.subsamples = est.subsample_fits(df)
    for i, name in enumerate(est.HETEROGENEITY):
        group, _, _, subsample = est.HETEROGENEITY[name]
        perm = est.fisher_permutation(df, name, rng(params, 10 + i), params["n_permutations"])
        r.tests[name] = {**perm, "p_wald": est.stacked_wald(df, group, subsample)["p"]}
    period = est.period_difference(r.subsamples)
    r.tests["period"] = {"difference": period["difference"], "p_wald": period["p"]}
