"""The seeded stand-in panel: 219 real cities x 2009-2022 with documented true effects.

The authors' city data (CEInet, CSMAR, yearbooks, IRIEC) cannot be redistributed, so the
chapter runs by default on a simulation with the real schema, the real city names and the
real policy timing from the curated facts. Descriptive moments are matched to the paper's
Table 1 (mean, SD, min, max and missingness, spec §9). The treatment effects are set in the
open in :data:`TRUE`; :data:`PLANTED` says, for each, whether it was taken from a published
claim (the controls, Table 2; the hub's effects on market access and integration, Table 5A; the
Hub x MA moderation, Table 5B) or chosen independently.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

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
    treatment_timing,
)
from livingpapers.toolkit.contracts import check_frame

# Table 1 targets: (mean, sd, min, max) as printed (spec §5).
TABLE1 = {
    "regopen": (0.672, 1.514, 0.000, 17.176),
    "ma": (0.010, 0.019, -0.165, 0.179),
    "mi": (16.749, 2.382, 11.000, 24.637),
    "gov": (0.211, 0.139, 0.013, 2.712),
    "ind": (0.424, 0.103, 0.096, 0.837),
    "fai": (1.008, 0.021, 0.789, 1.273),
    "fin": (1.036, 0.166, 0.138, 6.803),
    "sci": (-0.022, 0.314, -0.097, 14.313),
}
# Missingness (spec §9): MA 7 city-years, MI 12 whole cities (1 city-year lacks both),
# digital trade 88 city-years, 17 city-years with no industry classification.
MISSING = {"ma": 7, "mi_cities": 12, "digtrade": 88, "service_ratio": 17}


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

    def table(self) -> pd.DataFrame:
        rows = [
            (f"hub effect, {k} year(s) after the hub year" + ("+" if k == len(self.ramp) - 1 else ""), v)
            for k, v in enumerate(self.ramp)
        ]
        rows += [
            (name.replace("_", " "), value) for name, value in asdict(self).items() if name not in ("ramp", "controls")
        ]
        rows += [(f"control coefficient: {k}", v) for k, v in self.controls.items()]
        return pd.DataFrame(rows, columns=["parameter", "value"])


TRUE = TrueParameters()

# Each planted effect: its value and the published claim it was taken from (possibly rounded), or "independent".
PLANTED: dict[str, tuple[object, str]] = {
    "ramp": (TRUE.ramp, "independent"),
    "central_multiplier": (TRUE.central_multiplier, "independent"),
    "peripheral_multiplier": (TRUE.peripheral_multiplier, "independent"),
    "cw_cluster_multiplier": (TRUE.cw_cluster_multiplier, "independent"),
    "manufacturing_multiplier": (TRUE.manufacturing_multiplier, "independent"),
    "ftz_only": (TRUE.ftz_only, "independent"),
    "cre_only": (TRUE.cre_only, "independent"),
    "hub_x_ma": (TRUE.hub_x_ma, "C58.hub_x_ma"),
    "hub_x_mi": (TRUE.hub_x_mi, "independent"),
    "hub_on_ma": (TRUE.hub_on_ma, "C54"),
    "hub_on_mi": (TRUE.hub_on_mi, "C55"),  # 0.453 printed, planted rounded to 0.45
    "hub_in_province_on_digtrade": (TRUE.hub_in_province_on_digtrade, "independent"),
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


def _ramp(event_time: np.ndarray) -> np.ndarray:
    ramp = np.asarray(TRUE.ramp)
    k = np.clip(np.nan_to_num(event_time, nan=-1), -1, len(ramp) - 1).astype(int)
    return np.where(k >= 0, ramp[np.maximum(k, 0)], 0.0)


def _zscore(x: np.ndarray) -> np.ndarray:
    return (x - np.nanmean(x)) / np.nanstd(x)


def _set_missing(rng, values: np.ndarray, n: int, allowed: np.ndarray | None = None) -> np.ndarray:
    idx = np.flatnonzero(np.ones(values.size, bool) if allowed is None else allowed)
    out = values.astype(float).copy()
    out[rng.choice(idx, n, replace=False)] = np.nan
    return out


def generate(rng: np.random.Generator, timing: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One stand-in draw: the panel (contract columns) and the true effects per city-year.

    ``truth.tau`` is the hub effect relative to no policy at all. Before becoming a hub most
    hub cities already had one of the two policies, whose effect stops at the hub year (it is
    replaced by the hub effect), so the effect of *becoming* a hub, the change a DID sees, is
    ``truth.hub_vs_first_policy`` = tau minus the effect of the policy that came first.

    ``timing`` holds the curated treatment years; the design (cities, timing, groups) is
    fixed, everything else is drawn from ``rng``.
    """
    cities = np.sort(city_list()["city"].to_numpy())  # the order of assemble()
    n_city, n_year = len(cities), len(YEARS)
    skeleton = pd.DataFrame({"city": np.repeat(cities, n_year), "year": np.tile(YEARS, n_city)})
    ratio = _service_ratio(rng, n_city, n_year)
    controls = _controls(rng, n_city, n_year)
    ind = fit_moments((ratio / (1 + ratio) + rng.normal(0, 0.05, ratio.shape)).ravel(), *TABLE1["ind"])
    panel = skeleton.assign(service_ratio=ratio.ravel(), ind=ind, **{k: v.ravel() for k, v in controls.items()})
    design = assemble(panel.assign(regopen=0.0, impdep=0.0, expdep=0.0, digtrade=0.0, ma=0.0, mi=0.0), timing)
    hub = design["hub"].to_numpy()

    ma = (
        fit_moments(
            _city_effect(rng, n_city, 0.3).repeat(n_year) + _ar1(rng, n_city, n_year, 0.3, df=3).ravel(), *TABLE1["ma"]
        )
        + TRUE.hub_on_ma * hub
    )
    mi_shape = _city_effect(rng, n_city, 1.0).repeat(n_year) + 0.8 * _ar1(rng, n_city, n_year, 0.5).ravel()
    mi = np.clip(fit_moments(mi_shape, *TABLE1["mi"]) + TRUE.hub_on_mi * hub, TABLE1["mi"][2], TABLE1["mi"][3])

    multiplier = np.where(design["central"] == 1, TRUE.central_multiplier, TRUE.peripheral_multiplier)
    multiplier = multiplier * np.where(
        (design["east"] == 0) & (design["cluster"] == 1), TRUE.cw_cluster_multiplier, 1.0
    )
    multiplier = multiplier * np.where(design["service_ratio"] < 1, TRUE.manufacturing_multiplier, 1.0)
    tau = hub * (
        multiplier * _ramp(design["event_time"].to_numpy()) + TRUE.hub_x_ma * _zscore(ma) + TRUE.hub_x_mi * _zscore(mi)
    )
    single = (
        TRUE.ftz_only * design["ftz"] * (1 - design["cre"]) + TRUE.cre_only * design["cre"] * (1 - design["ftz"])
    ).to_numpy()
    control_part = sum(TRUE.controls[c] * panel[c].to_numpy() for c in CONTROLS)

    regopen = (
        _outcome_without_policy(rng, design, n_city, n_year, tau + single + control_part) + tau + single + control_part
    )
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
        digtrade=_set_missing(rng, _digital_trade(rng, design), MISSING["digtrade"]),
        ma=np.where(ma_missing, np.nan, ma),
        mi=np.where(mi_missing, np.nan, mi),
        service_ratio=_set_missing(rng, ratio.ravel(), MISSING["service_ratio"]),
    )
    earlier = np.where(
        design["ftz_year"] < design["cre_year"],
        TRUE.ftz_only,
        np.where(design["cre_year"] < design["ftz_year"], TRUE.cre_only, 0.0),
    )
    truth = design[["city", "year", "hub", "event_time"]].assign(
        tau=tau, single_policy=single, hub_vs_first_policy=hub * (tau - earlier)
    )
    return panel[
        ["city", "year", "regopen", "impdep", "expdep", "digtrade", "ma", "mi", *CONTROLS, "service_ratio"]
    ], truth


def _outcome_without_policy(rng, design: pd.DataFrame, n_city: int, n_year: int, policy: np.ndarray) -> np.ndarray:
    """Trade dependence without the policies: log-normal city levels (coastal higher) and
    multiplicative AR(1) shocks, so it is positive and right-skewed. There is no common
    trend: a trend proportional to the city level would break parallel trends in levels.

    The spread of the city levels (exponent ``gamma``) and one scale factor are solved so
    that, with the policy effects added, the outcome has Table 1's mean and SD; the extremes
    are pinned to the printed minimum and maximum (the caller clips to that range).
    """
    east = design.groupby("city", sort=False)["east"].first().to_numpy()
    log_level = (rng.normal(0, 1, n_city) + 0.6 * east)[:, None]
    shocks = TRUE.within_sd * _ar1(rng, n_city, n_year, TRUE.ar1)
    mean, sd, lo, hi = TABLE1["regopen"]

    def scaled(gamma: float) -> np.ndarray:
        shape = np.exp(gamma * log_level + shocks).ravel()
        return np.maximum(shape * (mean - policy.mean()) / shape.mean() + policy, lo) - policy

    gamma = optimize.brentq(lambda g: (scaled(g) + policy).std(ddof=1) - sd, 0.05, 3.0)
    out = scaled(gamma)
    out[np.argmax(out + policy)] = hi - policy[np.argmax(out + policy)]
    out[np.argmin(out + policy)] = lo - policy[np.argmin(out + policy)]
    return out


def _digital_trade(rng, design: pd.DataFrame) -> np.ndarray:
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
        + TRUE.hub_in_province_on_digtrade * hub_in_province
    )
    return np.maximum(value.to_numpy(), 0.0)


def simulate(seed: int) -> Inputs:
    """The chapter's stand-in: one draw from the chapter's stream ``[seed, 1]`` on the curated timing,
    checked against the same contract as a user's panel, with its true effects."""
    timing = treatment_timing()
    panel, truth = generate(np.random.default_rng([seed, 1]), timing)
    return Inputs(check_frame(panel, PANEL), timing, simulated=True, truth=truth)
