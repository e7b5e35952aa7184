"""From the input tables to the estimation panel (the same code in both data modes).

- :func:`depth_panel`: RTAdepth (China-i), RTA, OtherRTAdep, IOtherRTAdep, Dis/NDis for every
  importer-year, from agreement depths, the agreement calendar and the 2002-2008 weights.
- :func:`trade_cost`: the inverse-gravity trade-cost index of eq. (5).
- :func:`assemble`: the aggregate panel (Tables 3-8, 10) and the sector panel (Table 9).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from livingpapers.studies.rta_digital_trade import depth as dp
from livingpapers.studies.rta_digital_trade.data import CHINA, YEARS, Inputs

TRADABLE_SHARE = 0.8  # s, 王俊等 (2022) as the paper cites
ELASTICITY = 8.0  # sigma


def trade_cost(exports, imports, gdp_home, gdp_partner, s: float = TRADABLE_SHARE, sigma: float = ELASTICITY):
    """Eq. (5) [R]: tau = 1 - (EXP_ci * EXP_ic / (s^2 GDP_c GDP_i)) ^ (1 / (2 (sigma - 1))).

    The 钱学锋和梁琦 (2008) inverse-gravity form with s = 0.8 and sigma = 8 (exponent 1/14).
    tau lies in [0, 1); a zero flow in either direction gives tau = 1 (no trade, maximal cost).
    """
    ratio = (
        np.asarray(exports, float)
        * np.asarray(imports, float)
        / (s**2 * np.asarray(gdp_home, float) * np.asarray(gdp_partner, float))
    )
    if (ratio < 0).any():
        raise ValueError("trade flows and GDP must not be negative")
    return 1.0 - ratio ** (1.0 / (2.0 * (sigma - 1.0)))


def novy_trade_cost(exports, imports, gdp_home, gdp_partner, s: float = TRADABLE_SHARE, sigma: float = ELASTICITY):
    """Novy's (2013) tariff-equivalent variant with x_ii = s GDP_i: tau_N = tau / (1 - tau)."""
    tau = trade_cost(exports, imports, gdp_home, gdp_partner, s, sigma)
    with np.errstate(divide="ignore"):
        return tau / (1.0 - tau)


@dataclass
class DepthPanel:
    """Importer-year depth variables and the pair-year depths they come from."""

    importer_years: pd.DataFrame  # iso3, year, rtadepth, irtadepth, rta, other, iother, dis, ndis
    pair_depths: pd.DataFrame
    weights: pd.DataFrame


def depth_panel(
    agreement_depths: pd.DataFrame,
    parties: pd.DataFrame,
    presample_trade: pd.DataFrame,
    importers: list[str],
    years: range = YEARS,
) -> DepthPanel:
    """RTAdepth_cit (max over China-i agreements in force) and OtherRTAdep_cit (eq. 2) for every importer-year."""
    pairs = dp.membership_pairs(parties)
    pair_depths = dp.pair_year_depths(pairs, agreement_depths, years)
    china = pair_depths[pair_depths["j"] == CHINA][["i", "year", "depth", "flat"]]
    grid = pd.MultiIndex.from_product([importers, list(years)], names=["iso3", "year"]).to_frame(index=False)
    out = grid.merge(
        china.rename(columns={"i": "iso3", "depth": "rtadepth", "flat": "irtadepth"}), how="left", on=["iso3", "year"]
    ).fillna({"rtadepth": 0.0, "irtadepth": 0.0})
    out["rta"] = (out["rtadepth"] > 0).astype(int)
    weights = dp.presample_weights(presample_trade, exclude=CHINA)
    extended = dp.extended_index(weights, pair_depths, importers, years, exclude=CHINA)
    return DepthPanel(out.merge(extended, on=["iso3", "year"]), pair_depths, weights)


LABELS = {
    "rtadepth": "RTAdepth",
    "other": "OtherRTAdep",
    "irtadepth": "IRTAdepth",
    "iother": "IOtherRTAdep",
    "dis": "DisOtherRTAdep",
    "ndis": "NDisOtherRTAdep",
    "edu": "EDU",
    "dif": "DIF",
    "htc": "HTC",
    "lngdp": "lnGDP",
    "rq": "RQ",
    "rta": "RTA",
}
CONTROLS = ["edu", "dif", "htc", "lngdp", "rq", "rta"]


def _controls(importers: pd.DataFrame) -> pd.DataFrame:
    """EDU, DIF, RQ as absolute gaps to China (counts in millions), HTC, lnGDP; plus mediators and IV inputs."""
    home = importers[importers["iso3"] == CHINA].set_index("year")
    partner = importers[importers["iso3"] != CHINA].copy()
    h = home.loc[partner["year"]]
    return pd.DataFrame(
        {
            "iso3": partner["iso3"].to_numpy(),
            "year": partner["year"].to_numpy(),
            "edu": np.abs(h["enrol_tertiary_m"].to_numpy() - partner["enrol_tertiary_m"].to_numpy()),
            "dif": np.abs(h["broadband_subs_m"].to_numpy() - partner["broadband_subs_m"].to_numpy()),
            "htc": partner["htc_pct"].to_numpy(),
            "lngdp": np.log(partner["gdp_usd"].to_numpy()),
            "rq": np.abs(h["rq"].to_numpy() - partner["rq"].to_numpy()),
            "ict": partner["ict_tracker"].to_numpy(),
            "gdp_partner": partner["gdp_usd"].to_numpy(),
            "gdp_china": h["gdp_usd"].to_numpy(),
            "lngdppc": np.log(partner["gdppc_usd"].to_numpy()),
            "lnexrate": np.log(partner["exrate_lcu_per_usd"].to_numpy()),
        }
    )


@dataclass
class Panels:
    aggregate: pd.DataFrame  # one row per importer-year
    sectors: pd.DataFrame  # one row per importer-year-sector
    depths: DepthPanel


def assemble(inputs: Inputs, countries: pd.DataFrame) -> Panels:
    """The estimation panels: exports (aggregate and by sector), depth variables, controls, tau, ICT."""
    importers = countries["iso3"].tolist()
    depths = depth_panel(inputs.agreement_depths, inputs.agreement_parties, inputs.presample_trade, importers)
    base = depths.importer_years.merge(_controls(inputs.importers), on=["iso3", "year"], how="left")
    base = base.merge(countries[["iso3", "name", "high_income_fy2017"]], on="iso3")
    sectors = inputs.exports.merge(base, on=["iso3", "year"], how="inner")
    totals = inputs.exports.groupby(["iso3", "year"], as_index=False)[["exports_usd", "imports_usd"]].sum()
    aggregate = base.merge(totals, on=["iso3", "year"], how="inner")
    aggregate["tau"] = trade_cost(
        aggregate["exports_usd"], aggregate["imports_usd"], aggregate["gdp_china"], aggregate["gdp_partner"]
    )
    aggregate["lnexports"] = np.log(aggregate["exports_usd"].where(aggregate["exports_usd"] > 0))
    return Panels(
        aggregate.sort_values(["iso3", "year"]).reset_index(drop=True),
        sectors.sort_values(["sector", "iso3", "year"]).reset_index(drop=True),
        depths,
    )
