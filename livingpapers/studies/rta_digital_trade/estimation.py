"""The regressions of Tables 3-10: PPML gravity with importer and year fixed effects, and its
robustness checks (each ``*_fits`` function returns the columns of one table; their layout is in
:mod:`.tables`).

Every model follows spec §4 (reconstructed [R]; the paper's equations are lost). PPML is
pyfixest's ``fepois``; OLS with fixed effects is ``feols``; the synthetic-IV 2SLS with two
endogenous regressors (which pyfixest refuses) is linearmodels' ``IV2SLS`` with importer and year
dummies, and its diagnostics (Kleibergen-Paap rk LM, Cragg-Donald Wald F) are computed here.
Standard errors are heteroskedasticity-robust, as the paper's table note says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyfixest as pf
from linearmodels.iv import IV2SLS
from scipy import stats

from livingpapers.methods.estimation import quiet_fixest
from livingpapers.studies.rta_digital_trade.data import CHINA, CONTROLS, YEARS

FE = "iso3 + year"
STOCK_YOGO_10 = 7.03  # 2 endogenous regressors, 2 instruments, 10% maximal IV size
STOCK_YOGO_15 = 4.58


def _formula(y: str, regressors: list[str], controls: bool) -> str:
    return f"{y} ~ {' + '.join(regressors + (CONTROLS if controls else []))} | {FE}"


def ppml(data: pd.DataFrame, regressors: list[str], controls: bool = True, y: str = "exports_usd"):
    """PPML with importer and year FE and robust SE (eq. 1); separated observations are dropped, as ppmlhdfe does."""
    with quiet_fixest():
        return pf.fepois(_formula(y, regressors, controls), data=data, vcov="hetero")


def ols_fe(data: pd.DataFrame, regressors: list[str], controls: bool = True, y: str = "lnexports"):
    """OLS with importer and year FE and robust SE (Table 4 cols 3-4, Table 10)."""
    with quiet_fixest():
        return pf.feols(_formula(y, regressors, controls), data=data.dropna(subset=[y]), vcov="hetero")


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
    grid["post"] = (grid["year"] > 2015).astype(float)
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


def _partial_out(frame: pd.DataFrame, columns: list[str], exog: list[str]) -> np.ndarray:
    """Residuals of ``columns`` on the exogenous controls and importer and year dummies (FWL)."""
    W = pd.get_dummies(frame[["iso3", "year"]].astype(str), drop_first=True, dtype=float)
    W = np.column_stack([np.ones(len(frame)), W.to_numpy(), frame[exog].to_numpy(float)])
    Y = frame[columns].to_numpy(float)
    beta, *_ = np.linalg.lstsq(W, Y, rcond=None)
    return Y - W @ beta, W.shape[1]


def cragg_donald_f(X: np.ndarray, Z: np.ndarray, n_exog: int) -> float:
    """Cragg-Donald Wald F: minimum eigenvalue of the concentration matrix divided by the number of instruments.

    X (n x L endogenous) and Z (n x K excluded instruments) are already partialled of the
    exogenous regressors (``n_exog`` columns, used for the degrees of freedom, as ivreg2 does).
    """
    n, K = Z.shape
    P = Z @ np.linalg.solve(Z.T @ Z, Z.T @ X)
    sigma = (X - P).T @ (X - P) / (n - K - n_exog)
    root = np.linalg.inv(np.linalg.cholesky(sigma)).T
    concentration = root.T @ (X.T @ P) @ root
    return float(np.linalg.eigvalsh(concentration).min() / K)


def kleibergen_paap_lm(X: np.ndarray, Z: np.ndarray) -> tuple[float, int, float]:
    """Kleibergen-Paap (2006) rk LM statistic for H0: rank(Pi) = L - 1 (under-identification), robust.

    X (n x L) and Z (n x K) partialled of exogenous regressors. The LM form evaluates the
    covariance of vec(Z'X) under the null that the smallest canonical direction carries no
    signal; with L = 1 it is the heteroskedasticity-robust score test of the excluded
    instruments. Returns (statistic, degrees of freedom K - L + 1, p-value).
    """
    n, K = Z.shape
    L = X.shape[1]
    Pi = np.linalg.solve(Z.T @ Z, Z.T @ X)
    F = np.linalg.cholesky(Z.T @ Z / n).T
    G = np.linalg.cholesky(np.linalg.inv(X.T @ X / n)).T
    theta = F @ Pi @ G.T
    U, _, Vt = np.linalg.svd(theta)
    V = Vt.T
    u2, v2 = U[:, L - 1 :], V[:, L - 1 :]  # the smallest-singular-value directions (K-L+1 x ... )
    a_perp, b_perp = u2, v2[:, :1]
    lam = a_perp.T @ theta @ b_perp  # (K-L+1) x 1
    # Score covariance under the null: x-residuals replaced by the partialled X itself (LM form).
    xb = X @ G.T @ b_perp  # n x 1
    zf = Z @ np.linalg.inv(F) @ a_perp  # n x (K-L+1), so that lam = zf' xb / n
    scores = zf * xb
    omega = scores.T @ scores / n
    stat = float((n * lam.T @ np.linalg.solve(omega, lam)).item())
    dof = K - L + 1
    return stat, dof, float(stats.chi2.sf(stat, dof))


@dataclass
class IVResult:
    first_stages: list
    second_stage: object
    kp_lm: tuple[float, int, float]
    cd_f: float
    dyadic_coef: pd.Series


def synthetic_iv(panel: pd.DataFrame, instruments: pd.DataFrame, dyadic_coef: pd.Series) -> IVResult:
    """Table 7: first stages (OLS with FE) and the 2SLS second stage on ln exports, with diagnostics."""
    data = panel.merge(instruments, on=["iso3", "year"]).dropna(subset=["lnexports"]).reset_index(drop=True)
    firsts = [ols_fe(data, ["rtadepth_iv", "other_iv"], True, y) for y in CORE]
    dummies = pd.get_dummies(data[["iso3", "year"]].astype(str), drop_first=True, dtype=float)
    exog = pd.concat([pd.DataFrame({"const": 1.0}, index=data.index), data[CONTROLS], dummies], axis=1)
    second = IV2SLS(data["lnexports"], exog, data[CORE], data[["rtadepth_iv", "other_iv"]]).fit(cov_type="robust")
    resid, n_exog = _partial_out(data, CORE + ["rtadepth_iv", "other_iv"], CONTROLS)
    X, Z = resid[:, :2], resid[:, 2:]
    return IVResult(firsts, second, kleibergen_paap_lm(X, Z), cragg_donald_f(X, Z, n_exog), dyadic_coef)


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
