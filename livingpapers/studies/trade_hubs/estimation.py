"""The paper's estimators: TWFE DID, event study, placebo, 2SLS, PSM-DID, DML, mechanisms,
synergy and heterogeneity with group-difference tests (spec §4 and §8).

Every regression is pyfixest ``feols`` with city and year fixed effects and city-clustered
(CRV1) standard errors; p-values use t(G-1), as the paper's stars imply (spec §4). The generic
estimators (the placebo's TWFE engine, the first-stage diagnostics, DML, the permutation test of
group differences) are :mod:`livingpapers.methods`' with this paper's columns.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
import pyfixest as pf
from scipy import stats

from livingpapers.methods import did
from livingpapers.methods import dml as dml_methods
from livingpapers.methods import iv as iv_methods
from livingpapers.methods.estimation import quiet_fixest
from livingpapers.studies.trade_hubs.data import CONTROLS

X = " + ".join(CONTROLS)
FE = "city + year"
CLUSTER = {"CRV1": "city"}
EVENT_WINDOW = range(-5, 6)


SATURATED_NOTICES = (
    "The SaturatedEventStudyClass is currently in beta",
    r"\s*\d+ variables dropped due to multicollinearity",  # cohort x event-time cells no city reaches
)


@contextmanager
def quiet():
    """pyfixest's routine notices, and the saturated event study's expected ones, kept off the page."""
    with quiet_fixest(*SATURATED_NOTICES):
        yield


def twfe(df: pd.DataFrame, outcome: str, treatment: str, controls: bool = True, vcov=None):
    """Eq. (1): outcome on treatment (+ controls) with city and year FE, clustered by city."""
    rhs = f"{treatment} + {X}" if controls else treatment
    with quiet():
        return pf.feols(f"{outcome} ~ {rhs} | {FE}", df, vcov=vcov or CLUSTER)


def coef(fit, name: str) -> tuple[float, float, float]:
    """(coefficient, SE, p) of one regressor."""
    row = fit.tidy().loc[name]
    return float(row["Estimate"]), float(row["Std. Error"]), float(row["Pr(>|t|)"])


# --- Table 2 -------------------------------------------------------------------------------
def baseline(df: pd.DataFrame) -> list:
    """Table 2: no controls, controls, L1.Hub, L2.Hub."""
    return [
        twfe(df, "regopen", "hub", controls=False),
        twfe(df, "regopen", "hub"),
        twfe(df.dropna(subset=["hub_l1"]), "regopen", "hub_l1"),
        twfe(df.dropna(subset=["hub_l2"]), "regopen", "hub_l2"),
    ]


# --- Figure 2: event study -----------------------------------------------------------------
def event_dummies(df: pd.DataFrame, omit: int = -1) -> tuple[pd.DataFrame, list[str]]:
    """D^k for k in [-5, 5], endpoints binned (spec §8 step 5); never-hubs all zero."""
    k = df["event_time"].clip(EVENT_WINDOW.start, EVENT_WINDOW.stop - 1)
    names = []
    out = df.copy()
    for e in EVENT_WINDOW:
        if e == omit:
            continue
        name = f"ev_m{-e}" if e < 0 else f"ev_p{e}"
        out[name] = (k == e).astype(int)
        names.append(name)
    return out, names


def event_time_of(name: str) -> int:
    return -int(name[4:]) if name.startswith("ev_m") else int(name[4:])


def event_study(df: pd.DataFrame, omit: int = -1) -> tuple[pd.DataFrame, dict]:
    """Eq. (1E): coefficients with 95% CIs by event time and a joint Wald test of the leads."""
    data, names = event_dummies(df, omit)
    with quiet():
        fit = pf.feols(f"regopen ~ {' + '.join(names)} + {X} | {FE}", data, vcov=CLUSTER)
    tidy = fit.tidy().loc[names]
    frame = pd.DataFrame(
        {
            "event_time": [event_time_of(n) for n in names],
            "coef": tidy["Estimate"].to_numpy(),
            "se": tidy["Std. Error"].to_numpy(),
            "p": tidy["Pr(>|t|)"].to_numpy(),
        }
    )
    frame = pd.concat([frame, pd.DataFrame({"event_time": [omit], "coef": [0.0], "se": [0.0], "p": [np.nan]})])
    frame = frame.sort_values("event_time").reset_index(drop=True)
    leads = [n for n in names if event_time_of(n) < 0]
    return frame, wald(fit, leads)


def wald(fit, names: list[str]) -> dict:
    """Joint Wald F test that the named coefficients are zero (cluster-robust vcov, F(q, G-1) with G
    the fit's own number of clusters; a fit without clusters is refused)."""
    clusters = list(getattr(fit, "_G", None) or [])
    if not clusters:
        raise ValueError("wald needs a cluster-robust fit (vcov={'CRV1': ...}): its F(q, G-1) uses the clusters")
    tidy = fit.tidy()
    idx = [list(tidy.index).index(n) for n in names]
    b = tidy["Estimate"].to_numpy()[idx]
    v = np.asarray(fit._vcov)[np.ix_(idx, idx)]
    f = float(b @ np.linalg.solve(v, b) / len(names))
    g = min(int(n) for n in clusters)
    return {"F": f, "q": len(names), "p": float(stats.f.sf(f, len(names), g - 1))}


# --- Figure 3: placebo ----------------------------------------------------------------------
def placebo(df: pd.DataFrame, rng: np.random.Generator, n_draws: int) -> pd.DataFrame:
    """Spec §8 step 6 (``methods.did.placebo``): as many pseudo-hubs as hubs, with the real hub years
    permuted among them; coefficients, SEs and p-values of all draws, the controls included."""
    return did.placebo(df, "regopen", "hub", "city", "year", CONTROLS, cluster="city", n_draws=n_draws, seed=rng).draws


# --- Table 3: 2SLS --------------------------------------------------------------------------
@dataclass
class IVResult:
    """One exactly identified 2SLS: first and second stage with weak-IV statistics (spec §8 step 7)."""

    instrument: str
    first: float
    first_t_cluster: float
    first_t_iid: float
    second: float
    second_se: float
    second_p: float
    n: int
    centered_r2: float
    kp_f: float
    cd_f: float


def iv(df: pd.DataFrame, instrument: str) -> IVResult:
    """2SLS of Regopen on Hub instrumented by Hist_i x Trend_t, controls and city/year FE.

    K-P F (Kleibergen-Paap rk Wald F, clustered by city) and C-D F (Cragg-Donald Wald F) come from
    ``methods.iv.first_stage`` with ivreg2's conventions, the city and year effects counted in K. With
    one instrument C-D F is the squared iid first-stage t, so the iid t is its signed root; K-P F is
    the squared clustered t rescaled by (N - K) / (N - K'), K' = pyfixest's K, which leaves out the
    city effects nested in the clusters. The centered R² is the second stage's R² after partialling
    out the fixed effects (as ivreghdfe prints it).
    """
    with quiet():
        first = pf.feols(f"hub ~ {instrument} + {X} | {FE}", df, vcov=CLUSTER)
        second = pf.feols(f"regopen ~ {X} | {FE} | hub ~ {instrument}", df, vcov=CLUSTER)
    diagnostics = iv_methods.first_stage(df, "hub", instrument, CONTROLS, fe=["city", "year"], cluster="city")
    b1, _, _ = coef(first, instrument)
    t_cl = float(first.tidy().loc[instrument, "t value"])
    t_iid = float(np.sign(b1) * np.sqrt(diagnostics.cragg_donald_f))
    b2, se2, p2 = coef(second, "hub")
    y_within = did.TWFEPanel(df, "regopen", "city", "year").y  # Regopen net of the city and year effects
    resid = np.asarray(second._u_hat).ravel()
    centered = 1 - (resid**2).sum() / (y_within**2).sum()
    return IVResult(
        instrument,
        b1,
        t_cl,
        t_iid,
        b2,
        se2,
        p2,
        int(second._N),
        float(centered),
        diagnostics.kleibergen_paap_f,
        diagnostics.cragg_donald_f,
    )


# --- Table 4: PSM-DID and DML ---------------------------------------------------------------
@dataclass
class PSMResult:
    fit: object
    scores: pd.Series
    kept: pd.Series
    balance: pd.DataFrame
    support: tuple[float, float]


def psm_did(df: pd.DataFrame) -> PSMResult:
    """Spec §8 step 10: pooled logit score on the controls, 1:1 nearest neighbour with replacement,
    two-sided common-support trimming, then TWFE on the retained city-years."""
    import statsmodels.api as sm

    with quiet():
        logit = sm.Logit(df["hub"], sm.add_constant(df[CONTROLS])).fit(disp=0)
    score = pd.Series(logit.predict(sm.add_constant(df[CONTROLS])), index=df.index)
    treated, control = score[df["hub"] == 1], score[df["hub"] == 0]
    lo, hi = max(treated.min(), control.min()), min(treated.max(), control.max())
    kept = score.between(lo, hi)
    sorted_controls = control.sort_values()
    pos = np.clip(np.searchsorted(sorted_controls.to_numpy(), treated.to_numpy()), 1, len(sorted_controls) - 1)
    left, right = sorted_controls.to_numpy()[pos - 1], sorted_controls.to_numpy()[pos]
    nearest = np.where(np.abs(treated.to_numpy() - left) <= np.abs(right - treated.to_numpy()), pos - 1, pos)
    matched = sorted_controls.index[nearest]
    balance = pd.DataFrame(
        {
            "before": [standardized_bias(df.loc[treated.index, c], df.loc[control.index, c]) for c in CONTROLS],
            "after": [standardized_bias(df.loc[treated.index, c], df.loc[matched, c]) for c in CONTROLS],
        },
        index=CONTROLS,
    )
    return PSMResult(twfe(df[kept], "regopen", "hub"), score, kept, balance, (lo, hi))


def standardized_bias(a: pd.Series, b: pd.Series) -> float:
    """100 x mean difference / pooled SD (Rosenbaum-Rubin), as psmatch2's pstest prints."""
    return float(100 * (a.mean() - b.mean()) / np.sqrt((a.var() + b.var()) / 2))


def dml(df: pd.DataFrame, seed: int, n_estimators: int = 60) -> dict:
    """Spec §8 step 11: partially linear DML (``methods.dml``), random forests for both nuisances,
    W = controls + city and year dummies, 5-fold cross-fitting, SEs clustered by city."""
    dummies = pd.get_dummies(df[["city", "year"]].astype(str), drop_first=True).astype(float)
    data = pd.concat([df[[*CONTROLS, "regopen", "hub", "city_id"]], dummies], axis=1)
    learner_y, learner_d = (dml_methods.forest(seed, n_estimators=n_estimators) for _ in range(2))
    with quiet():
        fit = dml_methods.partially_linear(
            data,
            "regopen",
            "hub",
            controls=[*CONTROLS, *dummies.columns],
            cluster="city_id",
            seed=seed,
            learner_y=learner_y,
            learner_d=learner_d,
        )
    return {"coef": fit.coef, "se": fit.se, "p": fit.p, "t": fit.t, "n": fit.n_obs}


# --- Table 5: mechanisms --------------------------------------------------------------------
def standardized_moderators(df: pd.DataFrame) -> pd.DataFrame:
    """z-scores of MA and MI and their interactions with Hub (spec §10 item 15)."""
    out = df.copy()
    for m in ("ma", "mi"):
        out[f"z_{m}"] = (out[m] - out[m].mean()) / out[m].std()
        out[f"hub_x_{m}"] = out["hub"] * out[f"z_{m}"]
    out["ma_x_mi"] = out["z_ma"] * out["z_mi"]
    out["hub_x_ma_x_mi"] = out["hub"] * out["ma_x_mi"]
    return out


def mechanisms(df: pd.DataFrame) -> list:
    """Table 5: Panel A (MA, MI on Hub) and Panel B (four moderation models)."""
    z = standardized_moderators(df)
    both = z.dropna(subset=["ma", "mi"])
    specs = [
        ("ma", "hub", df.dropna(subset=["ma"])),
        ("mi", "hub", df.dropna(subset=["mi"])),
        ("regopen", "hub + hub_x_ma + z_ma", z.dropna(subset=["ma"])),
        ("regopen", "hub + hub_x_mi + z_mi", z.dropna(subset=["mi"])),
        ("regopen", "hub + hub_x_ma + hub_x_mi + z_ma + z_mi", both),
        ("regopen", "hub + hub_x_ma + hub_x_mi + hub_x_ma_x_mi + ma_x_mi + z_ma + z_mi", both),
    ]
    return [twfe(data, y, rhs) for y, rhs, data in specs]


# --- Table 6: synergy -----------------------------------------------------------------------
def synergy(df: pd.DataFrame) -> list:
    """Table 6: FTZ alone, CRE alone, Hub, Hub without double-non cities."""
    return [
        twfe(df, "regopen", "ftz"),
        twfe(df, "regopen", "cre"),
        twfe(df, "regopen", "hub"),
        twfe(df[df["double_non"] == 0], "regopen", "hub"),
    ]


# --- Tables 7-8: heterogeneity --------------------------------------------------------------
HETEROGENEITY = {  # name: (grouping column, value of the first-printed group, permute whole cities?, subsample)
    "central": ("central", 1, True, None),
    "cw_cluster": ("noncluster", 1, True, ("east", 0)),
    "east_cluster": ("noncluster", 1, True, ("east", 1)),
    "manufacturing": ("manu", 1, False, None),
}


def heterogeneity_frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(noncluster=1 - df["cluster"])


def subsample_masks(df: pd.DataFrame) -> dict[str, pd.Series]:
    """The rows of each Table 7-8 subsample, keyed like the paper's columns."""
    return {
        "central": df["central"] == 1,
        "peripheral": df["central"] == 0,
        "cw_noncluster": (df["east"] == 0) & (df["cluster"] == 0),
        "cw_cluster": (df["east"] == 0) & (df["cluster"] == 1),
        "east_noncluster": (df["east"] == 1) & (df["cluster"] == 0),
        "east_cluster": (df["east"] == 1) & (df["cluster"] == 1),
        "manufacturing": df["manu"] == 1,
        "service": df["manu"] == 0,
        "exploration": df["year"] <= 2016,
        "integration": df["year"] >= 2017,
    }


def subsample_fits(df: pd.DataFrame) -> dict[str, object]:
    """The Table 7-8 subsample regressions, keyed like the paper's columns."""
    h = heterogeneity_frame(df)
    return {name: twfe(h[mask], "regopen", "hub") for name, mask in subsample_masks(h).items()}


def stacked_wald(df: pd.DataFrame, group: str, subsample: tuple | None = None) -> dict:
    """Spec §8 step 14b: both groups in one regression with every regressor and both fixed effects
    interacted with the group; cluster by city; test Hub(group 1) = Hub(group 0)."""
    h = heterogeneity_frame(df)
    if subsample:
        h = h[h[subsample[0]] == subsample[1]]
    h = h.dropna(subset=[group]).copy()
    g = h[group].astype(int)
    h["grp"] = g
    rhs = []
    for v in ["hub", *CONTROLS]:
        h[f"{v}_a"], h[f"{v}_b"] = h[v] * g, h[v] * (1 - g)
        rhs += [f"{v}_a", f"{v}_b"]
    with quiet():
        fit = pf.feols(f"regopen ~ {' + '.join(rhs)} | city^grp + year^grp", h, vcov=CLUSTER)
    tidy = fit.tidy()
    names = list(tidy.index)
    ia, ib = names.index("hub_a"), names.index("hub_b")
    v = np.asarray(fit._vcov)
    d = float(tidy.loc["hub_a", "Estimate"] - tidy.loc["hub_b", "Estimate"])
    se = float(np.sqrt(v[ia, ia] + v[ib, ib] - 2 * v[ia, ib]))
    g_count = h["city"].nunique()
    return {"difference": d, "se": se, "p": float(2 * stats.t.sf(abs(d / se), g_count - 1))}


def fisher_permutation(df: pd.DataFrame, name: str, rng: np.random.Generator, n_draws: int) -> dict:
    """Spec §8 step 14a for one of :data:`HETEROGENEITY` (``methods.did.group_difference``): labels
    permuted among the cities (or city-years) of the comparison's own sample."""
    group, first, by_city, subsample = HETEROGENEITY[name]
    h = heterogeneity_frame(df)
    if subsample:
        h = h[h[subsample[0]] == subsample[1]]
    h = h.assign(first_group=(h[group] == first).astype(float).where(h[group].notna()))
    test = did.group_difference(
        h, "regopen", "hub", "city", "year", "first_group", CONTROLS, by_unit=by_city, n_draws=n_draws, seed=rng
    )
    return asdict(test)


def period_difference(fits: dict) -> dict:
    """Table 8 Panel B difference (not printed in the paper): separate periods share no
    observations, so the z-test of two independent estimates applies."""
    b1, s1, _ = coef(fits["exploration"], "hub")
    b0, s0, _ = coef(fits["integration"], "hub")
    z = (b1 - b0) / np.hypot(s1, s0)
    return {"difference": b1 - b0, "se": float(np.hypot(s1, s0)), "p": float(2 * stats.norm.sf(abs(z)))}
