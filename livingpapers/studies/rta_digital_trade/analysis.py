"""Every computation the RTA digital-trade chapter shows, in one call: :func:`run`.

From the inputs: the estimation panels, the rebuilt Table 2, the synthetic instruments, the
regressions of Tables 3-10, the evidence for the notes and the two analyses beyond the paper.
The chapter's cells lay out what :class:`Results` holds (``tables``, ``figures``, ``notes``)
and record it (``ledger``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from livingpapers.studies.rta_digital_trade import beyond, data, standin
from livingpapers.studies.rta_digital_trade import estimation as est
from livingpapers.studies.rta_digital_trade.data import Inputs, Panels


@dataclass
class Results:
    """Everything the chapter computed, for the tables, figures, ledger and notes."""

    inputs: Inputs
    countries: pd.DataFrame
    panels: Panels
    table2: pd.DataFrame  # one row per Chinese or benchmark agreement
    instruments: pd.DataFrame
    dyadic_coef: pd.Series
    fits: dict[str, list] = field(default_factory=dict)  # the columns of Tables 3-10, keyed "t3" ... "t10"
    lag_names: dict[str, str] = field(default_factory=dict)
    iv: est.IVResult | None = None
    se_clustering: pd.DataFrame | None = None  # Table 3 col (4)'s SEs, robust (the paper's) and by pair
    vif: dict = field(default_factory=dict)
    n_monte_carlo: int = 0
    mc_draws: pd.DataFrame | None = None
    mc_diagnosis: pd.DataFrame | None = None
    claims_design: pd.DataFrame | None = None  # per-claim power and false-positive rate (stand-in only)
    counterfactual: pd.DataFrame | None = None

    @property
    def simulated(self) -> bool:
        return self.inputs.simulated

    @property
    def panel(self) -> pd.DataFrame:
        return self.panels.aggregate

    def panel_facts(self) -> dict:
        """The construction checks the chapter prints: sizes, weights, the Dis/NDis identity, zeros."""
        panel = self.panel
        return {
            "importers": panel["iso3"].nunique(),
            "first_year": panel["year"].min(),
            "last_year": panel["year"].max(),
            "rows": len(panel),
            "weights_ok": np.allclose(self.panels.depths.weights.groupby("i")["weight"].sum(), 1.0),
            "identity_gap": float((panel["other"] - (0.2 * panel["dis"] + 0.8 * panel["ndis"])).abs().max()),
            "treated": int((panel.groupby("iso3")["rtadepth"].max() > 0).sum()),
            "zero_share": (panel["exports_usd"] == 0).mean(),
        }


def run(inputs: Inputs, params: dict) -> Results:
    """All estimates of the chapter, in the order the chapter shows them."""
    seed = int(params["seed"])
    r = _construct(inputs)
    panel, sectors = r.panels.aggregate, r.panels.sectors
    r.fits["t3"] = est.baseline_fits(panel)
    r.se_clustering = est.se_by_clustering(panel, est.CORE)
    r.fits["t4"] = est.index_fits(panel)
    r.fits["t5"] = est.window_fits(panel)
    r.fits["t6"], r.lag_names = est.lag_fits(panel)
    r.iv = est.synthetic_iv(panel, r.instruments, r.dyadic_coef)
    r.fits["t7"] = [*r.iv.first_stages, r.iv.second_stage]
    r.fits["t8"] = est.heterogeneity_fits(panel)
    r.fits["t9"] = est.sector_fits(sectors)
    r.fits["t10"] = est.mechanism_fits(panel)
    r.vif = est.depth_vif(panel)
    r.n_monte_carlo = params["n_monte_carlo"]
    r.mc_draws, r.mc_diagnosis = beyond.run_monte_carlo(panel, r.n_monte_carlo, seed)
    if inputs.simulated:
        r.claims_design = beyond.diagnose_headlines(inputs, r.panels, params["n_design"], seed + 2)
    r.counterfactual = beyond.counterfactual(
        r.fits["t3"][3], panel, counterfactual_targets(r.table2), np.random.default_rng([seed, 11])
    )
    return r


def _construct(inputs: Inputs) -> Results:
    """The panels, the rebuilt Table 2 and the synthetic instruments (eq. 3 [R])."""
    c = data.countries()
    panels = data.assemble(inputs, c)
    gravity = est.ivgravity(c, standin.distances(c))
    z = inputs.importers.assign(
        lngdppc=np.log(inputs.importers["gdppc_usd"]), lnexrate=np.log(inputs.importers["exrate_lcu_per_usd"])
    )[["iso3", "year", "lngdppc", "lnexrate"]]
    z = z[z["iso3"] != data.CHINA]
    coef = est.dyadic_first_step(panels.depths.pair_depths, gravity, z)
    instruments = est.synthetic_instruments(coef, panels.depths.pair_depths, gravity, z, panels.depths.weights)
    return Results(inputs, c, panels, table2_frame(inputs.agreement_depths), instruments, coef)


def table2_frame(agreement_depths: pd.DataFrame) -> pd.DataFrame:
    """China's counted agreements in order of entry into force, then the five benchmark templates."""
    facts = data.agreements()
    first = facts.groupby("agreement_id").agg(
        name=("name_en", "first"),
        name_zh=("name_zh", "first"),
        signed=("signed", "min"),
        in_force=("in_force", "min"),
        china=("china_party", "max"),
        counted=("counted_by_paper", "max"),
        ecommerce=("ecommerce_chapter", "max"),
    )
    chinese = first[(first["china"] == 1) & (first["counted"] == 1)].sort_values(
        ["in_force", "signed"], na_position="last"
    )
    ids = chinese.index.tolist() + list(data.BENCHMARKS)
    frame = first.loc[ids].join(agreement_depths.set_index("agreement_id"), how="left")
    published = data.published_depths()
    frame["published_depth"] = published.reindex(frame.index)
    frame["published"] = frame["published_depth"].notna()
    frame["label"] = [f"{row.name} ({int(row.signed.year)})" for row in frame.itertuples()]
    return frame


def counterfactual_targets(table2: pd.DataFrame) -> dict[str, float]:
    """The two template depths of the counterfactual: CPTPP's published depth and DEPA's coding."""
    cptpp = float(data.published_depths()["CPTPP"])
    return {
        f"CPTPP (published {cptpp:.3f})": cptpp,
        f"DEPA (stand-in {table2.loc['DEPA', 'depth']:.3f})": float(table2.loc["DEPA", "depth"]),
    }
