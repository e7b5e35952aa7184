"""The seeded stand-in panel: 219 real cities x 2009-2022 with planted effects taken from the paper.

The authors' city data (CEInet, CSMAR, yearbooks, IRIEC) cannot be redistributed, so the
chapter runs by default on a simulation with the real schema, the real city names and the
real policy timing from the curated facts. Descriptive moments are matched to the paper's
Table 1 (mean, SD, min, max and missingness, spec §9), read from ``data/published``. The
treatment effects are set in the open in :data:`TRUE`; :data:`PLANTED` names, for each, the
published claim it was taken from: a number set at (or rounded from) the printed estimate (the
controls, Table 2; the hub's effects on market access and integration, Table 5A; Hub x MA,
Table 5B), or a shape chosen so that a qualitative claim holds (the exposure ramp, Figure 2;
the group multipliers, Tables 7-8; the single-policy effects, Table 6). Recovering them shows
that the method works, not that the paper is right. :data:`NULL` is the same design with every
planted effect set to zero (the design diagnosis' null).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import optimize

from livingpapers.studies.trade_hubs.data import (
    CONTROLS,
    FIRST_YEAR,
    PANEL,
    YEARS,
    Inputs,
    assemble,
    city_list,
    published,
    treatment_timing,
)
from livingpapers.toolkit.contracts import check_frame

# The Table 1 claim of each simulated variable (its .sd, .min, .max and .n claims follow).
TABLE1_CLAIMS = {
    "regopen": "C1",
    "ma": "C3",
    "mi": "C4",
    "gov": "C5",
    "ind": "C6",
    "fai": "C7",
    "fin": "C8",
    "sci": "C9",
}


def published_targets() -> tuple[dict[str, tuple[float, float, float, float]], dict[str, int]]:
    """The Table 1 moments (mean, SD, min, max) and the missing counts the stand-in is built to match.

    Both are read from ``data/published/trade_hubs.yml`` (spec §9): MA lacks N - N(MA) city-years;
    MI lacks (N - N(MI)) / 14 whole cities; digital trade lacks N - N(Table 4 col 3) city-years; the
    industry split leaves N - N(manufacturing) - N(service) city-years unclassified (Table 8).
    """
    value = {cid: c.value for cid, c in published().items()}
    moments = {var: tuple(value[cid + s] for s in ("", ".sd", ".min", ".max")) for var, cid in TABLE1_CLAIMS.items()}
    n = int(value["C1.n"])
    missing = {
        "ma": n - int(value["C3.n"]),
        "mi_cities": (n - int(value["C4.n"])) // len(YEARS),
        "digtrade": n - int(value["C49.n"]),
        "service_ratio": n - int(value["C81.n"]) - int(value["C82.n"]),
    }
    return moments, missing


TABLE1, MISSING = published_targets()


@dataclass(frozen=True)
class TrueParameters:
    """The stand-in's data-generating process, shown in the chapter beside the estimates."""

    ramp: tuple[float, ...] = (0.3, 0.4, 0.5, 0.9, 1.1, 1.3)  # hub effect by years since hub year, 0..5+
    central_multiplier: float = 0.5  # central cities (municipalities, capitals)
    peripheral_multiplier: float = 1.6  # all other cities
    cw_cluster_multiplier: float = 0.2  # extra factor for central/western city-cluster cities
    manufacturing_multiplier: float = 1.3  # city-years with tertiary/secondary < 1
    ftz_only: float = 0.25  # FTZ without CR Express
    cre_only: float = 0.10  # CR Express without FTZ
    hub_x_ma: float = 0.12  # hub effect per SD of market access
    hub_x_mi: float = 0.40  # hub effect per SD of market integration
    hub_on_ma: float = 0.007  # hub raises market access (Table 5A)
    hub_on_mi: float = 0.45  # hub raises market integration (Table 5A)
    hub_in_province_on_digtrade: float = 0.15  # any hub in the province raises its keyword frequency
    controls: dict = field(default_factory=lambda: {"gov": 0.14, "ind": 0.02, "fai": 0.03, "fin": 0.02, "sci": -0.01})
    within_sd: float = 0.85  # SD of the multiplicative (log) shocks to trade dependence
    ar1: float = 0.6  # serial correlation of the outcome's shocks

    def without_effects(self) -> TrueParameters:
        """The same design with every planted effect set to zero (the null of the design diagnosis)."""
        return replace(
            self,
            ramp=tuple(0.0 for _ in self.ramp),
            ftz_only=0.0,
            cre_only=0.0,
            hub_x_ma=0.0,
            hub_x_mi=0.0,
            hub_on_ma=0.0,
            hub_on_mi=0.0,
            hub_in_province_on_digtrade=0.0,
            controls=dict.fromkeys(self.controls, 0.0),
        )


TRUE = TrueParameters()
NULL = TRUE.without_effects()

# Each planted effect: its value and the published claim it was taken from. For an estimate claim
# the value is the printed number (rounded to two decimals for the controls and Hub -> MI); for a
# qualitative claim the shape was chosen so that the claim holds in expectation.
PLANTED: dict[str, tuple[object, str]] = {
    "ramp": (TRUE.ramp, "C91"),  # insignificant at k = 0-2, significant from k = 3 on, rising (Figure 2)
    "central_multiplier": (TRUE.central_multiplier, "C78"),  # peripheral > central (Table 7 A)
    "peripheral_multiplier": (TRUE.peripheral_multiplier, "C78"),
    "cw_cluster_multiplier": (TRUE.cw_cluster_multiplier, "C79"),  # insignificant in central/western clusters
    "manufacturing_multiplier": (TRUE.manufacturing_multiplier, "C86"),  # manufacturing > service (Table 8 A)
    "ftz_only": (TRUE.ftz_only, "C67"),  # either policy alone below the hub (Table 6)
    "cre_only": (TRUE.cre_only, "C67"),
    "hub_x_ma": (TRUE.hub_x_ma, "C58.hub_x_ma"),
    "hub_x_mi": (TRUE.hub_x_mi, "C61"),  # Hub x MI positive (Table 5 B)
    "hub_on_ma": (TRUE.hub_on_ma, "C54"),
    "hub_on_mi": (TRUE.hub_on_mi, "C55"),  # 0.453 printed, planted rounded to 0.45
    "hub_in_province_on_digtrade": (TRUE.hub_in_province_on_digtrade, "C53"),  # Table 4 col 3 positive
    # the control coefficients are Table 2 col 2's, rounded to two decimals
    **{
        f"control_{name}": (TRUE.controls[name], cid)
        for name, cid in zip(CONTROLS, ("C14", "C15", "C16", "C17", "C18"))
    },
}


def fit_moments(values: np.ndarray, mean: float, sd: float, lo: float, hi: float, rounds: int = 30) -> np.ndarray:
    """Rescale a shape to a printed mean, SD, minimum and maximum.

    Alternates an affine map to the mean and SD with clipping to [lo, hi] and pinning the
    smallest and largest value to lo and hi, until the four moments hold (to rounding for
    the shapes used here). NaNs are left in place.
    """
    x = np.asarray(values, dtype=float).copy()
    ok = ~np.isnan(x)
    v = x[ok]
    for _ in range(rounds):
        v = mean + (v - v.mean()) * sd / v.std(ddof=1)
        v = np.clip(v, lo, hi)
        v[np.argmin(v)], v[np.argmax(v)] = lo, hi
    x[ok] = v
    return x


def _city_effect(rng, n_city: int, sd: float) -> np.ndarray:
    return rng.normal(0, sd, n_city)


def _ar1(rng, n_city: int, n_year: int, rho: float, df: float | None = None) -> np.ndarray:
    """Serially correlated shocks (city x year), Student-t innovations when ``df`` is set."""
    draw = rng.standard_t(df, (n_city, n_year)) if df else rng.standard_normal((n_city, n_year))
    out = np.empty_like(draw)
    out[:, 0] = draw[:, 0]
    for t in range(1, n_year):
        out[:, t] = rho * out[:, t - 1] + np.sqrt(1 - rho**2) * draw[:, t]
    return out


def _controls(rng, n_city: int, n_year: int) -> dict[str, np.ndarray]:
    """Five controls with persistent city levels and the heavy tails Table 1 implies."""
    out = {}
    shapes = {
        "gov": lambda: np.exp(_city_effect(rng, n_city, 0.45)[:, None] + 0.15 * _ar1(rng, n_city, n_year, 0.7)),
        "fai": lambda: 0.3 * _city_effect(rng, n_city, 1)[:, None] + _ar1(rng, n_city, n_year, 0.2, df=3),
        "fin": lambda: _ar1(rng, n_city, n_year, 0.1, df=2.5),
        "sci": lambda: np.exp(_city_effect(rng, n_city, 0.8)[:, None] + 0.9 * _ar1(rng, n_city, n_year, 0.5)),
    }
    for name, shape in shapes.items():
        out[name] = fit_moments(shape().ravel(), *TABLE1[name]).reshape(n_city, n_year)
    return out


def _service_ratio(rng, n_city: int, n_year: int) -> np.ndarray:
    """Tertiary / secondary value added: city level near 1, drifting upward (service-led later)."""
    years = np.arange(n_year)
    log_r = rng.normal(-0.035, 0.32, n_city)[:, None] + 0.025 * (years - 6) + 0.06 * _ar1(rng, n_city, n_year, 0.8)
    return np.exp(log_r)


def _ramp(event_time: np.ndarray, true: TrueParameters) -> np.ndarray:
    ramp = np.asarray(true.ramp)
    k = np.clip(np.nan_to_num(event_time, nan=-1), -1, len(ramp) - 1).astype(int)
    return np.where(k >= 0, ramp[np.maximum(k, 0)], 0.0)


def _zscore(x: np.ndarray) -> np.ndarray:
    return (x - np.nanmean(x)) / np.nanstd(x)


def _set_missing(rng, values: np.ndarray, n: int, allowed: np.ndarray | None = None) -> np.ndarray:
    idx = np.flatnonzero(np.ones(values.size, bool) if allowed is None else allowed)
    out = values.astype(float).copy()
    out[rng.choice(idx, n, replace=False)] = np.nan
    return out


def market_access(rng, n_city: int, n_year: int, hub: np.ndarray, true: TrueParameters) -> np.ndarray:
    """Market access: heavy-tailed city-year shocks at Table 1's moments, plus the planted hub effect."""
    shape = _city_effect(rng, n_city, 0.3).repeat(n_year) + _ar1(rng, n_city, n_year, 0.3, df=3).ravel()
    return fit_moments(shape, *TABLE1["ma"]) + true.hub_on_ma * hub


def market_integration(rng, n_city: int, n_year: int, hub: np.ndarray, true: TrueParameters) -> np.ndarray:
    """Market integration: persistent city levels at Table 1's moments, plus the planted hub effect, in its range."""
    shape = _city_effect(rng, n_city, 1.0).repeat(n_year) + 0.8 * _ar1(rng, n_city, n_year, 0.5).ravel()
    return np.clip(fit_moments(shape, *TABLE1["mi"]) + true.hub_on_mi * hub, TABLE1["mi"][2], TABLE1["mi"][3])


def policy_design(timing: pd.DataFrame) -> pd.DataFrame:
    """What every stand-in draw on ``timing`` shares: the city-year skeleton (sorted cities x years) with
    its treatment coding, event time and groups (the analysis panel of an empty panel)."""
    cities = np.sort(city_list()["city"].to_numpy())  # the order of assemble()
    skeleton = pd.DataFrame({"city": np.repeat(cities, len(YEARS)), "year": np.tile(YEARS, len(cities))})
    empty = dict.fromkeys(["regopen", "impdep", "expdep", "digtrade", "ma", "mi", *CONTROLS, "service_ratio"], 0.0)
    return assemble(skeleton.assign(**empty), timing)


def generate(
    rng: np.random.Generator, timing: pd.DataFrame, true: TrueParameters = TRUE, design: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One stand-in draw: the panel (contract columns) and the true effects per city-year.

    ``truth.tau`` is the hub effect relative to no policy at all. Before becoming a hub most
    hub cities already had one of the two policies, whose effect stops at the hub year (it is
    replaced by the hub effect), so the effect of *becoming* a hub, the change a DID sees, is
    ``truth.hub_vs_first_policy`` = tau minus the effect of the policy that came first.

    ``timing`` holds the curated treatment years; the design (cities, timing, groups) is
    fixed, everything else is drawn from ``rng``. ``true`` holds the planted effects (:data:`NULL`
    for none); the same ``rng`` state gives the same shocks whatever the effects. ``design`` is
    :func:`policy_design` of ``timing``, computed here unless given (a Monte Carlo computes it once).
    """
    design = policy_design(timing) if design is None else design
    n_city, n_year = design["city"].nunique(), len(YEARS)
    skeleton = design[["city", "year"]]
    ratio = _service_ratio(rng, n_city, n_year)
    controls = _controls(rng, n_city, n_year)
    ind = fit_moments((ratio / (1 + ratio) + rng.normal(0, 0.05, ratio.shape)).ravel(), *TABLE1["ind"])
    panel = skeleton.assign(service_ratio=ratio.ravel(), ind=ind, **{k: v.ravel() for k, v in controls.items()})
    hub = design["hub"].to_numpy()

    ma = market_access(rng, n_city, n_year, hub, true)
    mi = market_integration(rng, n_city, n_year, hub, true)

    multiplier = np.where(design["central"] == 1, true.central_multiplier, true.peripheral_multiplier)
    multiplier = multiplier * np.where(
        (design["east"] == 0) & (design["cluster"] == 1), true.cw_cluster_multiplier, 1.0
    )
    multiplier = multiplier * np.where(ratio.ravel() < 1, true.manufacturing_multiplier, 1.0)
    tau = hub * (
        multiplier * _ramp(design["event_time"].to_numpy(), true)
        + true.hub_x_ma * _zscore(ma)
        + true.hub_x_mi * _zscore(mi)
    )
    single = (
        true.ftz_only * design["ftz"] * (1 - design["cre"]) + true.cre_only * design["cre"] * (1 - design["ftz"])
    ).to_numpy()
    control_part = sum(true.controls[c] * panel[c].to_numpy() for c in CONTROLS)

    policy = tau + single + control_part
    regopen = _outcome_without_policy(rng, design, n_city, n_year, policy, true) + policy
    regopen = np.clip(regopen, TABLE1["regopen"][2], TABLE1["regopen"][3])  # the printed range
    import_share = np.clip(rng.beta(4, 6, n_city).repeat(n_year) + rng.normal(0, 0.03, n_city * n_year), 0.05, 0.95)

    mi_missing_cities = rng.choice(
        np.flatnonzero(design.groupby("city", sort=False)["ever_hub"].first().to_numpy() == 0),
        MISSING["mi_cities"],
        replace=False,
    )
    mi_missing = np.isin(np.arange(n_city).repeat(n_year), mi_missing_cities)
    ma_missing = np.zeros(n_city * n_year, bool)
    ma_missing[rng.choice(np.flatnonzero(mi_missing), 1)] = True
    ma_missing[rng.choice(np.flatnonzero(~mi_missing), MISSING["ma"] - 1, replace=False)] = True

    panel = panel.assign(
        regopen=regopen,
        impdep=import_share * regopen,
        expdep=(1 - import_share) * regopen,
        digtrade=_set_missing(rng, _digital_trade(rng, design, true), MISSING["digtrade"]),
        ma=np.where(ma_missing, np.nan, ma),
        mi=np.where(mi_missing, np.nan, mi),
        service_ratio=_set_missing(rng, ratio.ravel(), MISSING["service_ratio"]),
    )
    earlier = np.where(
        design["ftz_year"] < design["cre_year"],
        true.ftz_only,
        np.where(design["cre_year"] < design["ftz_year"], true.cre_only, 0.0),
    )
    truth = design[["city", "year", "hub", "event_time"]].assign(
        tau=tau, single_policy=single, hub_vs_first_policy=hub * (tau - earlier)
    )
    return panel[
        ["city", "year", "regopen", "impdep", "expdep", "digtrade", "ma", "mi", *CONTROLS, "service_ratio"]
    ], truth


def _outcome_without_policy(
    rng, design: pd.DataFrame, n_city: int, n_year: int, policy: np.ndarray, true: TrueParameters
) -> np.ndarray:
    """Trade dependence without the policies: log-normal city levels (coastal higher) and
    multiplicative AR(1) shocks, so it is positive and right-skewed. There is no common
    trend: a trend proportional to the city level would break parallel trends in levels.

    The spread of the city levels (exponent ``gamma``) and one scale factor are solved so
    that, with the policy effects added, the outcome has Table 1's mean and SD; the extremes
    are pinned to the printed minimum and maximum (the caller clips to that range).
    """
    east = design.groupby("city", sort=False)["east"].first().to_numpy()
    log_level = (rng.normal(0, 1, n_city) + 0.6 * east)[:, None]
    shocks = true.within_sd * _ar1(rng, n_city, n_year, true.ar1)
    mean, sd, lo, hi = TABLE1["regopen"]

    def scaled(gamma: float) -> np.ndarray:
        shape = np.exp(gamma * log_level + shocks).ravel()
        return np.maximum(shape * (mean - policy.mean()) / shape.mean() + policy, lo) - policy

    gamma = optimize.brentq(lambda g: (scaled(g) + policy).std(ddof=1) - sd, 0.05, 3.0)
    out = scaled(gamma)
    out[np.argmax(out + policy)] = hi - policy[np.argmax(out + policy)]
    out[np.argmin(out + policy)] = lo - policy[np.argmin(out + policy)]
    return out


def _digital_trade(rng, design: pd.DataFrame, true: TrueParameters) -> np.ndarray:
    """Province-year keyword frequency (the same value for every city of a province)."""
    years = design["year"] - FIRST_YEAR
    provinces = design["province"].unique()
    level = dict(zip(provinces, rng.normal(0.5, 0.25, len(provinces))))
    hub_in_province = design.groupby(["province", "year"])["hub"].transform("max")
    keys = design["province"] + design["year"].astype(str)
    shock = dict(zip(keys.unique(), rng.normal(0, 0.15, keys.nunique())))
    value = (
        design["province"].map(level)
        + 0.04 * years
        + keys.map(shock)
        + true.hub_in_province_on_digtrade * hub_in_province
    )
    return np.maximum(value.to_numpy(), 0.0)


def simulate(seed: int) -> Inputs:
    """The chapter's stand-in: one draw from the chapter's stream ``[seed, 1]`` on the curated timing,
    checked against the same contract as a user's panel, with its true effects."""
    timing = treatment_timing()
    panel, truth = generate(np.random.default_rng([seed, 1]), timing)
    return Inputs(check_frame(panel, PANEL), timing, simulated=True, truth=truth)
