"""The regressions of Tables 3-10: PPML gravity with importer and year fixed effects, and its
robustness checks (each ``*_fits`` function returns the columns of one table; their layout is in
:mod:`.tables`).

Every model follows spec §4 (reconstructed [R]; the paper's equations are lost). PPML is
``methods.gravity.ppml`` (pyfixest's ``fepois``); OLS with fixed effects is pyfixest's ``feols``;
the synthetic-IV 2SLS with two endogenous regressors (which pyfixest refuses) is linearmodels'
``IV2SLS`` with importer and year dummies, and its diagnostics (Kleibergen-Paap rk LM,
Cragg-Donald Wald F) come from ``methods.iv.first_stage``.

Standard errors are clustered by country pair, the gravity literature's norm (flows of one pair are
correlated over time). China is the only exporter, so a pair is an importer: :data:`PAIR` is
``iso3``. The paper's note says "robust" (heteroskedasticity-robust, spec §10.3); ``vcov="hetero"``
gives those, and :func:`se_by_clustering` compares the two.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyfixest as pf
from linearmodels.iv import IV2SLS

from livingpapers.methods import gravity as gravity_methods
from livingpapers.methods import iv as iv_methods
from livingpapers.methods.estimation import quiet_fixest
from livingpapers.studies.rta_digital_trade.data import CHINA, CONTROLS, POST_YEAR, YEARS

FE = ["iso3", "year"]
PAIR = "iso3"  # China-importer pairs: the cluster of every regression
STOCK_YOGO_10 = 7.03  # 2 endogenous regressors, 2 instruments, 10% maximal IV size
STOCK_YOGO_15 = 4.58


def ppml(
    data: pd.DataFrame, regressors: list[str], controls: bool = True, y: str = "exports_usd", vcov: str = PAIR
) -> gravity_methods.PPMLResult:
    """PPML with importer and year FE (eq. 1), SEs clustered by pair unless ``vcov`` says otherwise
    (``"hetero"``: robust); separated observations are dropped, as ppmlhdfe does."""
    return gravity_methods.ppml(data, y, regressors + (CONTROLS if controls else []), fe=FE, vcov=vcov)


def ols_fe(data: pd.DataFrame, regressors: list[str], controls: bool = True, y: str = "lnexports", vcov: str = PAIR):
    """OLS with importer and year FE, SEs clustered by pair unless ``vcov="hetero"`` (Table 4 cols 3-4, Table 10)."""
    formula = f"{y} ~ {' + '.join(regressors + (CONTROLS if controls else []))} | {' + '.join(FE)}"
    with quiet_fixest():
        return pf.feols(formula, data=data.dropna(subset=[y]), vcov=vcov if vcov == "hetero" else {"CRV1": vcov})


def se_by_clustering(data: pd.DataFrame, regressors: list[str]) -> pd.DataFrame:
    """Standard errors of the PPML with controls under the paper's robust vcov and clustered by pair."""
    robust, paired = (ppml(data, regressors, True, vcov=v).table["se"] for v in ("hetero", PAIR))
    return pd.DataFrame({"robust (paper)": robust, "clustered by pair": paired, "ratio": paired / robust})


CORE = ["rtadepth", "other"]


def baseline_fits(panel: pd.DataFrame) -> list:
    """Table 3: RTAdepth alone and with OtherRTAdep, each without and with controls."""
    return [
        ppml(panel, ["rtadepth"], False),
        ppml(panel, ["rtadepth"], True),
        ppml(panel, CORE, False),
        ppml(panel, CORE, True),
    ]


def index_fits(panel: pd.DataFrame) -> list:
    """Table 4: the flat index variables (PPML) and OLS on ln exports."""
    return [
        ppml(panel, ["irtadepth", "iother"], False),
        ppml(panel, ["irtadepth", "iother"], True),
        ols_fe(panel, CORE, False),
        ols_fe(panel, CORE, True),
    ]


def interval_sample(panel: pd.DataFrame, step: int) -> pd.DataFrame:
    """Keep 2009, 2009 + step, ... (Anderson-Yotov style interval sample; spec §10.14)."""
    return panel[(panel["year"] - YEARS.start) % step == 0]


def window_fits(panel: pd.DataFrame) -> list:
    """Table 5: 2014-2023, 2-year and 3-year interval samples, each without and with controls."""
    post = panel[panel["year"] > 2013]
    samples = [
        post,
        post,
        interval_sample(panel, 2),
        interval_sample(panel, 2),
        interval_sample(panel, 3),
        interval_sample(panel, 3),
    ]
    return [ppml(s, CORE, controls) for s, controls in zip(samples, [False, True] * 3)]


def with_lags(panel: pd.DataFrame, lag: int) -> pd.DataFrame:
    """Both core regressors lagged ``lag`` years within importer (the panel's first years are lost)."""
    out = panel.sort_values(["iso3", "year"]).copy()
    for column in CORE:
        out[f"l{lag}_{column}"] = out.groupby("iso3")[column].shift(lag)
    return out.dropna(subset=[f"l{lag}_{c}" for c in CORE])


def lag_fits(panel: pd.DataFrame) -> tuple[list, dict]:
    """Table 6: both core regressors lagged 1-4 years; returns the fits and the lagged names' labels."""
    fits, names = [], {}
    for lag in range(1, 5):
        data = with_lags(panel, lag).rename(columns={f"l{lag}_{c}": f"L{lag}_{c}" for c in CORE})
        fits.append(ppml(data, [f"L{lag}_rtadepth", f"L{lag}_other"], True))
        names.update({f"L{lag}_rtadepth": f"L{lag}.RTAdepth", f"L{lag}_other": f"L{lag}.OtherRTAdep"})
    return fits, names


# ---------------------------------------------------------------------------------------------
# Table 7: synthetic instrument (Bahar & Rapoport 2018) and 2SLS with two endogenous regressors.
# ---------------------------------------------------------------------------------------------
def dyadic_first_step(pair_depths: pd.DataFrame, gravity: pd.DataFrame, importer_z: pd.DataFrame) -> pd.Series:
    """Eq. (3) [R] by OLS on the global dyadic panel: depth_ijt on Post2015, X_ij, Post2015 x X_ij, Z_it.

    ``gravity``: ordered pairs (i, j) with ln_dist and near (capitals < 1,500 km, a stand-in for
    contiguity; common language for third pairs is not curated). ``importer_z``: iso3, year,
    lngdppc, lnexrate. Every ordered pair and year enters, with depth 0 when no agreement is in
    force. Returns the coefficients; fitted values come from :func:`synthetic_instruments`.
    """
    design = _dyadic_design(pair_depths, gravity, importer_z)
    X = np.column_stack([np.ones(len(design)), design[_IV_TERMS].to_numpy()])
    beta, *_ = np.linalg.lstsq(X, design["depth"].to_numpy(), rcond=None)
    return pd.Series(beta, index=["const", *_IV_TERMS])


_IV_TERMS = ["post", "ln_dist", "near", "post_ln_dist", "post_near", "lngdppc", "lnexrate"]


def _dyadic_design(pair_depths, gravity, importer_z) -> pd.DataFrame:
    grid = gravity.merge(pd.DataFrame({"year": list(YEARS)}), how="cross")
    grid = grid.merge(pair_depths[["i", "j", "year", "depth"]], on=["i", "j", "year"], how="left").fillna(
        {"depth": 0.0}
    )
    grid = grid.merge(importer_z.rename(columns={"iso3": "i"}), on=["i", "year"], how="inner")
    grid["post"] = (grid["year"] > POST_YEAR).astype(float)
    grid["post_ln_dist"] = grid["post"] * grid["ln_dist"]
    grid["post_near"] = grid["post"] * grid["near"]
    return grid


def synthetic_instruments(coef: pd.Series, pair_depths, gravity, importer_z, weights: pd.DataFrame) -> pd.DataFrame:
    """RTAdepth_IV (fitted China-i depth) and OtherRTAdep_IV (fitted i-j depths aggregated with M_ij)."""
    design = _dyadic_design(pair_depths, gravity, importer_z)
    design["fitted"] = coef["const"] + design[_IV_TERMS].to_numpy() @ coef[_IV_TERMS].to_numpy()
    own = design[design["j"] == CHINA][["i", "year", "fitted"]].rename(columns={"i": "iso3", "fitted": "rtadepth_iv"})
    third = design[design["j"] != CHINA].merge(weights, on=["i", "j"])
    other = (third["weight"] * third["fitted"]).groupby([third["i"], third["year"]]).sum().rename("other_iv")
    return own.merge(other.reset_index().rename(columns={"i": "iso3"}), on=["iso3", "year"])


@dataclass
class IVResult:
    first_stages: list
    second_stage: object
    diagnostics: iv_methods.FirstStage
    dyadic_coef: pd.Series

    @property
    def kp_lm(self) -> tuple[float, int, float]:
        """Kleibergen-Paap rk LM (under-identification), its degrees of freedom and p-value."""
        d = self.diagnostics
        return d.kleibergen_paap_lm, d.kleibergen_paap_lm_df, d.kleibergen_paap_lm_p

    @property
    def cd_f(self) -> float:
        return self.diagnostics.cragg_donald_f


def synthetic_iv(panel: pd.DataFrame, instruments: pd.DataFrame, dyadic_coef: pd.Series) -> IVResult:
    """Table 7: first stages (OLS with FE) and the 2SLS second stage on ln exports, with diagnostics,
    all clustered by pair."""
    data = panel.merge(instruments, on=["iso3", "year"]).dropna(subset=["lnexports"]).reset_index(drop=True)
    excluded = ["rtadepth_iv", "other_iv"]
    firsts = [ols_fe(data, excluded, True, y) for y in CORE]
    dummies = pd.get_dummies(data[["iso3", "year"]].astype(str), drop_first=True, dtype=float)
    exog = pd.concat([pd.DataFrame({"const": 1.0}, index=data.index), data[CONTROLS], dummies], axis=1)
    second = IV2SLS(data["lnexports"], exog, data[CORE], data[excluded]).fit(cov_type="clustered", clusters=data[PAIR])
    diagnostics = iv_methods.first_stage(data, CORE, excluded, CONTROLS, fe=FE, cluster=PAIR)
    return IVResult(firsts, second, diagnostics, dyadic_coef)


# ---------------------------------------------------------------------------------------------
# Tables 8-10.
# ---------------------------------------------------------------------------------------------
def heterogeneity_fits(panel: pd.DataFrame) -> list:
    """Table 8: high-income and other importers, and the clause split (Dis / NDis)."""
    high, low = panel[panel["high_income_fy2017"] == 1], panel[panel["high_income_fy2017"] == 0]
    return [
        ppml(high, CORE, False),
        ppml(high, CORE, True),
        ppml(low, CORE, False),
        ppml(low, CORE, True),
        ppml(panel, ["rtadepth", "dis", "ndis"], False),
        ppml(panel, ["rtadepth", "dis", "ndis"], True),
    ]


SECTOR_ORDER = ["SH", "SI", "SJ", "SG", "SF", "SK"]  # Table 9's column order


def sector_fits(sectors: pd.DataFrame) -> list:
    """Table 9: one PPML with controls per EBOPS sector."""
    return [ppml(sectors[sectors["sector"] == k], CORE, True) for k in SECTOR_ORDER]


def mechanism_fits(panel: pd.DataFrame) -> list:
    """Table 10: the trade cost of eq. (5) and the ICT Regulatory Tracker on the depth variables."""
    return [
        ols_fe(panel, ["rtadepth"], True, "tau"),
        ols_fe(panel, CORE, True, "tau"),
        ols_fe(panel, ["rtadepth"], True, "ict"),
        ols_fe(panel, CORE, True, "ict"),
    ]


def ivgravity(panel_countries: pd.DataFrame, coordinates) -> pd.DataFrame:
    """Ordered pairs among the importers and China with ln distance and a near-neighbour dummy (< 1,500 km)."""
    dist = coordinates.copy()
    return pd.DataFrame(
        {
            "i": dist["iso3"],
            "j": dist["partner_iso3"],
            "ln_dist": np.log(dist["dist_km"]),
            "near": (dist["dist_km"] < 1500).astype(float),
        }
    )


def depth_vif(panel: pd.DataFrame) -> dict:
    """Correlation of RTAdepth with the RTA dummy and their VIF (spec §10.11)."""
    r = float(np.corrcoef(panel["rtadepth"], panel["rta"])[0, 1])
    return {"corr": r, "vif": 1 / (1 - r**2)}
