"""The seeded stand-in: Chinese active equity funds 2006-2020 at the paper's scale.

What is simulated, in order (spec §9):

1. **Calendar and market.** About 242 trading days a year (Spring Festival and National Day weeks
   closed); daily market returns whose compounded annual return equals the CSI 300 price return of
   the curated facts; a risk-free rate of 2-3% a year.
2. **Stocks.** A listed universe growing to about 3,300 stocks in 325 Shenwan-style level-3
   industries (Zipf sizes) with log-normal float caps; in each year the stocks funds can hold are
   exactly as many as the paper's schedule (2,794 at end-2020, Table 12's 25,478 over 2006-2019).
3. **Funds.** Entry and exit so that the regression panel has the spec's funds per year (8,622
   fund-years after a 0.3% trim), plus index-like and near-empty funds the filters drop. Each fund
   has a latent herding propensity that persists (AR(1), ρ = 0.87) or is reset (p = 0.375), the
   values fitted to the row-normalised Table 4.
4. **Holdings** at every 30 June and 31 December: a share h of each portfolio follows the
   "consensus" portfolio of the current episode (financials, consumption, technology, core assets;
   curated facts), the rest are idiosyncratic picks; weights are capped at 10% of NAV (double-ten
   rule) and scaled by the equity position.
5. **Returns** with the paper's effects planted (:data:`PLANTED`): selectivity α, timing γ and
   crash weeks depend on last year's measured Overlap_S and Overlap_I; the herding coefficients of
   α and γ are solved so that the regressions' true (noiseless) coefficients match the paper.
6. **Stocks' weekly returns** with momentum into herding, reversal after it and crash weeks for
   heavily held stocks (Table 12).

Everything is a demonstration of the method: the planted values are listed with the claim they
were taken from, and the ledger says whether the chapter's estimators recover them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from livingpapers.studies.fund_herding.data import (
    CATEGORIES,
    Inputs,
    csi300_returns,
    episodes,
    published,
    published_claims,
)

FIRST_YEAR, LAST_YEAR = 2006, 2020
YEARS = list(range(FIRST_YEAR, LAST_YEAR + 1))
# Funds in the regression panel per dependent-variable year (spec §9.1; sums to 8,622).
PANEL_FUNDS = {2007: 180, 2008: 230, 2009: 290, 2010: 350, 2011: 410, 2012: 460, 2013: 500, 2014: 540,
               2015: 600, 2016: 700, 2017: 820, 2018: 950, 2019: 1120, 2020: 1472}  # fmt: skip
# Stocks held by funds at each year end (spec §9.1; 2006-2019 sum to Table 12's 25,478; 2020 is Table 5's).
HELD_STOCKS = {2006: 950, 2007: 1050, 2008: 1150, 2009: 1300, 2010: 1500, 2011: 1700, 2012: 1800, 2013: 1850,
               2014: 1950, 2015: 2200, 2016: 2400, 2017: 2550, 2018: 2500, 2019: 2578, 2020: 2794}  # fmt: skip
N_INDUSTRIES = 325
TRIM_SHARE = 0.003  # share of fund-years the trimming step removes (the paper: at most 1%)
EXTRA_FOR_TRIM = 26  # fund-years added so that 8,648 - 26 trimmed = 8,622
EXIT_RATE = 0.04
N_NEW_LATE = 150  # funds launched in 2019 and 2020 (never in the panel: too young)
N_INDEX_LIKE, N_NEAR_EMPTY = 12, 6  # funds the 3-300 holdings filter drops
INDEX_LIKE_STOCKS = 350

# Calibrated (with HERD_CONCENTRATION) to Table 2's Overlap moments, Table 3's correlations of Overlap_S
# with Overlap_I and HHI, Table 2's LogSize and the top-100 path; see tests/studies/fund_herding/test_standin.py.
H_MEAN, H_SD = 0.8, 0.3  # herd share h of a portfolio: Beta with this mean and SD
N_HOLD_MEDIAN, N_HOLD_SPREAD = 50, 0.55  # number of holdings: log-normal, truncated to 3-300
IDIO_CAP_EXPONENT = 0.4  # idiosyncratic picks ∝ float cap to this power (tunes Table 12's holder counts)
RETENTION = 0.4  # share of a fund's positions kept from one disclosure date to the next
CONC_ON_HERDING = 1.2  # loading of a fund's concentration (fewer holdings) on its herding propensity
INDUSTRY_TILT, INDUSTRY_TILT_CORR = 0.7, 0.0  # spread of funds' pull to popular industries; corr. with herding
SIZE_SPREAD, SIZE_NOISE = 0.3, 0.2  # log launch size: loading on the latent size score, and noise
HERD_OFFSET = 40.0  # Zipf-Mandelbrot offset of the herd portfolio's weights by rank
HERD_PICK_EXPONENT = 2.0  # new herd picks are drawn ∝ H to this power (higher: funds crowd into the same stocks)
FAVOURITE_SHARE = (0.2, 0.8)  # range of the share of idiosyncratic picks in a fund's three favourite industries
# Latent herding persistence: spec §9.2 fits rho 0.87, reset 0.375 to the row-normalised Table 4 for the latent
# propensity; measured overlap adds noise, so the stand-in uses more persistence to match the measured matrix.
RHO, RESET = 0.93, 0.25
MARKET_VOL = {2006: 1.95, 2007: 2.86, 2008: 3.64, 2009: 2.60, 2010: 2.08, 2011: 1.69, 2012: 1.69, 2013: 1.82, 2014: 1.56,
              2015: 3.25, 2016: 1.95, 2017: 0.91, 2018: 1.69, 2019: 1.69, 2020: 1.95}  # fmt: skip
# Mean CAPM alpha by year, % per day (independent; 2007 high so that the base year matches Table 6's constants).
YEAR_ALPHA = {2006: 0.117, 2007: 0.177, 2008: 0.012, 2009: 0.072, 2010: 0.087, 2011: -0.003, 2012: 0.012, 2013: 0.117, 2014: 0.012, 2015: 0.132, 2016: 0.027, 2017: 0.027, 2018: -0.003, 2019: 0.072, 2020: 0.117}  # fmt: skip
THEME_INDUSTRIES = {
    1: ["Banks", "Insurance", "Securities brokers", "Real estate development"],
    2: ["Food and beverages", "Household appliances", "General retail", "Chemical pharmaceuticals"],
    3: ["Electronic components", "Computer applications", "Media", "Communication equipment"],
    4: ["Liquor", "Pharma R&D outsourcing (CXO)", "New-energy batteries", "Large-cap leaders"],
}
CONTROLS = ["sex", "degree", "servetime", "experience", "hhi", "hold", "flow", "size", "turnover", "age"]


@dataclass(frozen=True)
class PlantedValue:
    """One planted parameter: its value, the published claim it was taken from (or 'independent')."""

    value: float
    claim: str
    note: str = ""


# The structural parameters of the stand-in. Herding coefficients of α and γ are *solved* each run
# so that the noiseless regressions of Tables 6-9 and 11 reproduce the published coefficients
# listed here; the ledger compares each estimate with that noiseless (planted) coefficient.
PLANTED = {
    "alpha_on_overlap": PlantedValue(
        float("nan"),
        "C58-C63, C67-C86, C95-C96",
        "selectivity α loads on Overlap_S, Overlap_I and their tercile interactions, "
        "solved by least squares to match Alfa_CAPM in Tables 6-9 and S_TM in Table 11",
    ),
    "timing_on_overlap": PlantedValue(
        float("nan"), "C95.t_tm, C96.t_tm", "timing γ (up-market beta) on Overlap_S and Overlap_I, solved to match T_TM"
    ),
    "alpha_hhi": PlantedValue(float("nan"), "C64.hhi.3", "α per unit of lagged HHI, % per day"),
    "alpha_age": PlantedValue(float("nan"), "C64.age.3"),
    "alpha_experience": PlantedValue(float("nan"), "C64.experience.3"),
    "alpha_servetime": PlantedValue(float("nan"), "C64.servetime.3"),
    "alpha_size": PlantedValue(float("nan"), "C64.size.3"),
    "alpha_sex": PlantedValue(float("nan"), "C64.sex.3"),
    "alpha_hold": PlantedValue(float("nan"), "C64.hold.3"),
    "crash_base_prob": PlantedValue(0.15, "independent", "probability of a crash week in a fund-year at S = I = 0"),
    "crash_on_stock_overlap": PlantedValue(-0.05, "C88", "log-odds slope of the crash-week probability on Overlap_S"),
    "crash_on_industry_overlap": PlantedValue(
        0.70, "C90", "log-odds slope on Overlap_I (industry herding drives crashes)"
    ),
    "crash_on_hold": PlantedValue(8.0, "C92.hold.1", "log-odds slope on the lagged equity position"),
    "stock_momentum": PlantedValue(
        0.85, "C100", "log-return premium (× percentile⁴) of stocks in the year they are herded"
    ),
    "stock_reversal": PlantedValue(-0.62, "C102", "log-return reversal (× last year's percentile⁴) of herded stocks"),
    "stock_crash": PlantedValue(
        0.22, "C104", "crash-week probability of last year's most-held stocks (least-held: 0.02)"
    ),
    "herding_persistence": PlantedValue(
        RHO, "C40-C49", "AR(1) coefficient of the latent propensity (row-normalised Table 4)"
    ),
    "herding_reset": PlantedValue(RESET, "C40-C49", "yearly probability of a strategy reset"),
}


@dataclass
class ReturnModel:
    """How the stand-in's fund returns arise, kept so the design diagnosis can re-draw them.

    ``alive`` lists the fund-years; ``planted_alpha``, ``planted_gamma`` and ``crash_p`` carry
    every planted effect on selectivity α (herding and control effects), timing γ and the
    crash-week probability (Overlap_S, Overlap_I and Hold), aligned with ``alive``. The random
    parts (:class:`ReturnNoise`) are drawn anew by ``redraw.MeasureModel``.
    """

    alive: pd.DataFrame
    market: pd.DataFrame
    days: dict
    year_alpha: np.ndarray
    planted_alpha: np.ndarray
    planted_gamma: np.ndarray
    crash_p: np.ndarray
    beta: np.ndarray  # each fund-year's market beta (Hold × a fund-year scale): a characteristic, kept fixed


@dataclass
class Truth:
    """What the stand-in planted, for the ledger: noiseless outcomes and the solved coefficients."""

    noiseless: pd.DataFrame  # fund_id, year, and the outcomes without idiosyncratic noise
    alpha_coefficients: pd.Series
    timing_coefficients: pd.Series
    crash: dict
    returns: ReturnModel | None = None


# --- calendar and market -------------------------------------------------------------------
def trading_days(year: int) -> pd.DatetimeIndex:
    """Weekdays less a Spring Festival week (early February) and the National Day week (1-7 October)."""
    days = pd.bdate_range(f"{year}-01-01", f"{year}-12-31")
    closed = ((days.month == 10) & (days.day <= 7)) | ((days.month == 2) & (days.day >= 3) & (days.day <= 9))
    return days[~closed]


def simulate_market(rng: np.random.Generator) -> pd.DataFrame:
    """Daily market and risk-free returns (percent); each year compounds to the CSI 300 fact."""
    annual = csi300_returns()
    frames = []
    for year in YEARS:
        days = trading_days(year)
        log_r = rng.normal(0.0, MARKET_VOL[year] / 100, len(days))
        log_r += (np.log1p(annual[year] / 100) - log_r.sum()) / len(days)
        rf = np.full(len(days), (2.0 + 1.0 * rng.random()) / 100 / 250 * 100)
        frames.append(pd.DataFrame({"date": days, "market_ret": np.expm1(log_r) * 100, "rf": rf}))
    return pd.concat(frames, ignore_index=True)


# --- stocks --------------------------------------------------------------------------------
def industry_names() -> list[str]:
    named = [name for theme in THEME_INDUSTRIES.values() for name in theme]
    return named + [f"SW-L3 industry {k:03d}" for k in range(len(named) + 1, N_INDUSTRIES + 1)]


def simulate_stocks(rng: np.random.Generator) -> pd.DataFrame:
    """Listed stocks by year end with industry, float cap and whether funds may hold them."""
    n_listed = {y: int(HELD_STOCKS[y] * 1.3) for y in YEARS}
    n_total = max(n_listed.values())
    listing_order = np.arange(n_total)
    names = industry_names()
    zipf = 1.0 / np.arange(1, N_INDUSTRIES + 1) ** 0.55
    rng.shuffle(zipf[16:])  # theme industries keep mid-to-large sizes; the rest in random order
    industry = rng.choice(N_INDUSTRIES, size=n_total, p=zipf / zipf.sum())
    liquor = names.index("Liquor")
    industry[rng.choice(n_total // 3, 18, replace=False)] = liquor  # a few old, large liquor makers
    log_cap = rng.normal(22.3, 1.25, n_total) - 0.25 * listing_order / n_total
    log_cap[industry == liquor] += 1.6
    visibility = log_cap + rng.normal(0, 1.5, n_total)
    rows = []
    for year in YEARS:
        listed = listing_order < n_listed[year]
        growth = rng.normal(0.04 * (year - FIRST_YEAR), 0.05, n_total)
        eligible = np.zeros(n_total, bool)
        idx = np.flatnonzero(listed)
        eligible[idx[np.argsort(-visibility[idx])[: HELD_STOCKS[year]]]] = True
        rows.append(
            pd.DataFrame(
                {
                    "stock_id": [f"S{k:05d}" for k in idx],
                    "year": year,
                    "industry": [names[i] for i in industry[idx]],
                    "float_cap": np.exp(log_cap[idx] + growth[idx]),
                    "eligible": eligible[idx],
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


# --- funds ---------------------------------------------------------------------------------
def fund_lifetimes(rng: np.random.Generator) -> pd.DataFrame:
    """Inception and last year of each fund so that the regression panel has PANEL_FUNDS per year.

    A fund enters the panel of year t if it was alive in t - 1 with a full year behind it (so that
    its flow in t - 1 is defined) and survives t; others exit or are too young.
    """
    panel = dict(PANEL_FUNDS)
    extra = rng.multinomial(EXTRA_FOR_TRIM, np.array(list(panel.values())) / sum(panel.values()))
    panel = {y: n + e for (y, n), e in zip(panel.items(), extra)}
    need = {y: int(np.ceil(n / (1 - EXIT_RATE))) for y, n in panel.items()}  # old funds needed in y - 1
    funds = []  # [inception_year, last_year]
    old = list(range(need[FIRST_YEAR + 1]))
    funds += [[FIRST_YEAR - int(rng.integers(1, 5)), LAST_YEAR] for _ in old]
    young: list[int] = []
    for year in YEARS:
        if year > FIRST_YEAR:
            survivors = list(rng.choice(old, size=panel[year], replace=False))
            for f in set(old) - set(survivors):
                funds[f][1] = year - 1
            old = survivors + young
        n_new = need[year + 2] - panel[year + 1] if year + 2 in need else N_NEW_LATE
        young = list(range(len(funds), len(funds) + n_new))
        funds += [[year, LAST_YEAR] for _ in young]
    frame = pd.DataFrame(funds, columns=["inception_year", "last_year"])
    frame["inception_date"] = [
        (pd.Timestamp(f"{y}-01-01") + pd.Timedelta(days=int(d))).strftime("%Y-%m-%d")
        for y, d in zip(frame["inception_year"], rng.integers(0, 300, len(frame)))
    ]
    frame["fund_id"] = [f"F{k:05d}" for k in range(len(frame))]
    frame["category"] = rng.choice(CATEGORIES, size=len(frame), p=[0.35, 0.55, 0.10])
    frame["kind"] = "active"
    return frame


def filtered_funds(rng: np.random.Generator, start: int) -> pd.DataFrame:
    """Index-like (>300 stocks) and near-empty (<3 stocks) funds: in the data, dropped by filter (1)."""
    n = N_INDEX_LIKE + N_NEAR_EMPTY
    first = rng.integers(2006, 2018, n)
    frame = pd.DataFrame({"inception_year": first - 1, "last_year": np.minimum(first + 3, LAST_YEAR)})
    frame["inception_date"] = [f"{y}-03-01" for y in frame["inception_year"]]
    frame["fund_id"] = [f"F{k:05d}" for k in range(start, start + n)]
    frame["category"] = "ordinary equity"
    frame["kind"] = ["index-like"] * N_INDEX_LIKE + ["near-empty"] * N_NEAR_EMPTY
    return frame


def latent_herding(rng: np.random.Generator, funds: pd.DataFrame) -> pd.DataFrame:
    """Fund-years alive, with the persistent latent herding propensity z and correlated latents."""
    rows = []
    for f, fund in funds.iterrows():
        years = np.arange(max(fund["inception_year"], FIRST_YEAR), fund["last_year"] + 1)
        z = np.empty(len(years))
        z[0] = rng.normal()
        for k in range(1, len(years)):
            z[k] = rng.normal() if rng.random() < RESET else RHO * z[k - 1] + np.sqrt(1 - RHO**2) * rng.normal()
        rows.append(pd.DataFrame({"fund": f, "year": years, "z": z}))
    panel = pd.concat(rows, ignore_index=True)
    fund_effect = rng.normal(size=(len(funds), 3))
    n = len(panel)
    # latent scores: concentration (fewer holdings, higher HHI), equity position, size
    panel["conc"] = 0.8 * fund_effect[panel["fund"], 0] + 0.6 * rng.normal(size=n) + CONC_ON_HERDING * panel["z"]
    panel["hold_latent"] = 0.7 * fund_effect[panel["fund"], 1] + 0.7 * rng.normal(size=n) + 0.12 * panel["z"]
    panel["size_latent"] = 0.8 * fund_effect[panel["fund"], 2] + 0.45 * rng.normal(size=n) + 0.25 * panel["z"]
    return panel


def beta_by_moments(mean: float, sd: float) -> tuple[float, float]:
    common = mean * (1 - mean) / sd**2 - 1
    return mean * common, (1 - mean) * common


# --- holdings ------------------------------------------------------------------------------
def theme_intensity(when: float) -> dict[int, float]:
    """How strongly each episode's industries are herded at a (fractional) year: rise, peak, unwind."""
    out = {}
    for _, ep in episodes().iterrows():
        start, end = ep["start"], ep["end"] + 1.0
        peak = start + 0.7 * (end - start)
        if when <= start - 0.5 or when >= end + 0.5:
            level = 0.0
        elif when <= peak:
            level = (when - start + 0.5) / (peak - start + 0.5)
        else:
            level = max(0.0, 1 - (when - peak) / (end + 0.5 - peak))
        out[int(ep["episode"])] = level
    return out


def consensus_portfolio(stocks_year: pd.DataFrame, when: float, concentration: float, noise: np.ndarray) -> np.ndarray:
    """The herd portfolio H: Zipf-Mandelbrot weights over stocks ranked by cap and theme intensity."""
    names = stocks_year["industry"].to_numpy()
    score = 3.0 * np.log(stocks_year["float_cap"].to_numpy()) + noise
    for episode, level in theme_intensity(when).items():
        score += 1.0 * level * np.isin(names, THEME_INDUSTRIES[episode])
    rank = np.empty(len(score))
    rank[np.argsort(-score)] = np.arange(1, len(score) + 1)
    weights = (rank + HERD_OFFSET) ** (-concentration)
    return weights / weights.sum()


def sample_positions(rng: np.random.Generator, probs: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For fund i, ``counts[i]`` draws of stocks with probabilities ``probs`` (with replacement;
    repeated draws collapse into one position). Returns (fund row, stock column) pairs."""
    rows = np.repeat(np.arange(len(counts)), counts)
    cols = np.searchsorted(np.cumsum(probs), rng.random(len(rows)) * probs.sum())
    return rows, np.minimum(cols, len(probs) - 1)


def sample_in_favourites(rng, probs, industry, favourites, counts):
    """For fund i, ``counts[i]`` stocks drawn ∝ ``probs`` within one of its favourite industries each."""
    rows = np.repeat(np.arange(len(counts)), counts)
    order = np.argsort(industry, kind="stable")
    cum = np.concatenate([[0.0], np.cumsum(probs[order])])
    n_ind = favourites.max() + 1 if industry.size == 0 else max(industry.max(), favourites.max()) + 1
    starts = np.searchsorted(industry[order], np.arange(n_ind + 1))
    pick = favourites[rows, rng.integers(0, favourites.shape[1], len(rows))]
    lo, hi = cum[starts[pick]], cum[starts[pick + 1]]
    empty = hi <= lo
    pos = np.searchsorted(cum, lo + rng.random(len(rows)) * (hi - lo), side="right") - 1
    cols = order[np.clip(pos, 0, len(order) - 1)]
    return rows[~empty], cols[~empty]


def portfolios(
    rng: np.random.Generator,
    herd: np.ndarray,
    caps: np.ndarray,
    h: np.ndarray,
    n_hold: np.ndarray,
    hold: np.ndarray,
    kept: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    industry: np.ndarray,
    favourites: np.ndarray,
    favourite_share: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Positions at one date as (fund row, stock column, is-herd, NAV weight) arrays.

    A share RETENTION of last date's positions (``kept``) stays; new herd picks are drawn ∝ H^1.2 and new
    idiosyncratic picks ∝ cap^IDIO_CAP_EXPONENT, a share of them within the fund's favourite industries
    (``favourites``: funds × 3 industry codes; ``industry``: each stock's industry code). Within the herd part weights follow H^0.7; within the
    idiosyncratic part they are Gamma(0.7) draws; the parts get shares h and 1 - h of equity.
    Weights are capped at 10% of NAV (double-ten rule) by water-filling.
    """
    n_funds, n_stocks = len(h), len(herd)
    n_herd = np.clip(np.round(h * n_hold), 0, n_hold).astype(int)
    n_idio = n_hold - n_herd
    parts = []
    if kept is not None:
        stay = rng.random(len(kept[0])) < RETENTION
        parts.append((kept[0][stay], kept[1][stay], kept[2][stay]))
        have = np.bincount(kept[0][stay], minlength=n_funds)
        have_herd = np.bincount(kept[0][stay], weights=kept[2][stay], minlength=n_funds).astype(int)
        n_idio = np.maximum(n_idio - (have - have_herd), 0)
        n_herd = np.maximum(n_herd - have_herd, 0)
    r, c = sample_positions(rng, herd**HERD_PICK_EXPONENT, n_herd)
    parts.append((r, c, np.ones(len(r), bool)))
    n_fav = rng.binomial(n_idio, favourite_share)
    r, c = sample_positions(rng, caps**IDIO_CAP_EXPONENT, n_idio - n_fav)
    parts.append((r, c, np.zeros(len(r), bool)))
    r, c = sample_in_favourites(rng, caps**IDIO_CAP_EXPONENT, industry, favourites, n_fav)
    parts.append((r, c, np.zeros(len(r), bool)))
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    is_herd = np.concatenate([p[2] for p in parts]).astype(bool)
    _, first = np.unique(rows * n_stocks + cols, return_index=True)
    rows, cols, is_herd = rows[first], cols[first], is_herd[first]
    raw = np.where(is_herd, herd[cols] ** 0.9 * rng.gamma(4.0, size=len(rows)), rng.gamma(1.2, size=len(rows)))
    herd_total = np.bincount(rows, weights=raw * is_herd, minlength=n_funds)
    idio_total = np.bincount(rows, weights=raw * ~is_herd, minlength=n_funds)
    share = np.where(herd_total > 0, np.where(idio_total > 0, h, 1.0), 0.0)
    w = np.where(is_herd, share[rows] * raw / np.maximum(herd_total[rows], 1e-300),
                 (1 - share[rows]) * raw / np.maximum(idio_total[rows], 1e-300))  # fmt: skip
    cap = np.minimum(0.10 / hold, 1.0)[rows]
    for _ in range(5):  # water-fill the 10%-of-NAV cap
        w = np.minimum(w, cap)
        w /= np.bincount(rows, weights=w, minlength=n_funds)[rows]
    w = np.minimum(w, cap) * hold[rows]
    held = w > 0  # a fund whose herd share h rounds to 1 gives its idiosyncratic picks no weight: not held
    return rows[held], cols[held], is_herd[held], w[held]


def simulate_holdings(rng, stocks: pd.DataFrame, alive: pd.DataFrame) -> pd.DataFrame:
    """Long holdings table (fund, date, stock, NAV weight) for every 30 June and 31 December."""
    a, b = beta_by_moments(H_MEAN, H_SD)
    frames = []
    kept_ids = None  # last date's positions as (fund_id, stock_id, is_herd)
    names = industry_names()
    n_funds = alive["fund"].max() + 1
    fund_favourite_share = rng.uniform(*FAVOURITE_SHARE, n_funds)
    # industry-herding propensity: correlated with, but not the same as, stock herding
    z_fund = alive.groupby("fund")["z"].mean().reindex(range(n_funds)).fillna(0).to_numpy()
    rho = INDUSTRY_TILT_CORR
    industry_tilt = np.exp(INDUSTRY_TILT * (rho * z_fund + np.sqrt(1 - rho**2) * rng.normal(size=n_funds)))
    fund_gumbel = rng.gumbel(size=(n_funds, N_INDUSTRIES))
    for year in YEARS:
        st = stocks[(stocks["year"] == year) & stocks["eligible"]].reset_index(drop=True)
        caps = st["float_cap"].to_numpy()
        noise = rng.normal(0, 0.6, len(st))
        fy = alive[alive["year"] == year]
        for month, when in ((6, year + 0.5), (12, year + 1.0)):
            present = fy[(fy["inception_year"] < year) | (month == 12)].reset_index(drop=True)
            herd = consensus_portfolio(st, when - 0.5, HERD_CONCENTRATION[year], noise)
            h = stats.beta.ppf(stats.norm.cdf(present["z"].to_numpy()), a, b)
            n_hold = np.clip(
                np.round(np.exp(np.log(N_HOLD_MEDIAN) + N_HOLD_SPREAD * present["n_latent"].to_numpy())), 3, 300
            )
            n_hold = np.where(present["kind"] == "near-empty", 2, n_hold).astype(int)
            hold = present["hold"].to_numpy()
            kept = None
            if kept_ids is not None:
                f_pos = pd.Index(present["fund_id"]).get_indexer(kept_ids[0])
                s_pos = pd.Index(st["stock_id"]).get_indexer(kept_ids[1])
                ok = (f_pos >= 0) & (s_pos >= 0)
                kept = (f_pos[ok], s_pos[ok], kept_ids[2][ok])
            industry = pd.Index(names).get_indexer(st["industry"])
            popular = np.log(np.bincount(industry, weights=herd, minlength=N_INDUSTRIES) + 1e-4)
            fund_rows = present["fund"].to_numpy()
            keys = industry_tilt[fund_rows, None] * popular[None, :] + fund_gumbel[fund_rows]
            favourites = np.argpartition(-keys, 3, axis=1)[:, :3]
            share = fund_favourite_share[present["fund"].to_numpy()]
            rows, cols, is_herd, w = portfolios(rng, herd, caps, h, n_hold, hold, kept, industry, favourites, share)
            rows, cols, is_herd, w = filtered_fund_positions(rows, cols, is_herd, w, present, caps, hold)
            if month == 12:
                rows, cols, is_herd, w = cover_every_stock(rng, rows, cols, is_herd, w, len(st), hold)
            fund_ids, stock_ids = present["fund_id"].to_numpy()[rows], st["stock_id"].to_numpy()[cols]
            kept_ids = (fund_ids, stock_ids, is_herd)
            frames.append(pd.DataFrame({"fund_id": fund_ids, "report_date": f"{year}-{month:02d}-{30 if month == 6 else 31}",
                                        "stock_id": stock_ids, "weight": w}))  # fmt: skip
    return categorical(pd.concat(frames, ignore_index=True), ["fund_id", "report_date", "stock_id"])


def filtered_fund_positions(rows, cols, is_herd, w, present: pd.DataFrame, caps: np.ndarray, hold: np.ndarray):
    """Index-like funds hold the INDEX_LIKE_STOCKS largest stocks at cap weights, near-empty funds at most
    two stocks: filter (1) drops both."""
    near_empty = np.isin(rows, np.flatnonzero(present["kind"].to_numpy() == "near-empty"))
    rank_in_fund = pd.Series(rows).groupby(rows).cumcount().to_numpy()
    keep_rows = ~(near_empty & (rank_in_fund >= 2))
    rows, cols, is_herd, w = rows[keep_rows], cols[keep_rows], is_herd[keep_rows], w[keep_rows]
    index_rows = np.flatnonzero(present["kind"].to_numpy() == "index-like")
    if len(index_rows) == 0:
        return rows, cols, is_herd, w
    keep = ~np.isin(rows, index_rows)
    top = np.argsort(-caps)[:INDEX_LIKE_STOCKS]
    weights = caps[top] / caps[top].sum()
    new_rows = np.repeat(index_rows, len(top))
    new_cols = np.tile(top, len(index_rows))
    new_w = np.minimum(np.tile(weights, len(index_rows)), 0.1) * hold[new_rows]
    return (np.concatenate([rows[keep], new_rows]), np.concatenate([cols[keep], new_cols]),
            np.concatenate([is_herd[keep], np.zeros(len(new_rows), bool)]), np.concatenate([w[keep], new_w]))  # fmt: skip


def cover_every_stock(rng, rows, cols, is_herd, w, n_stocks: int, hold: np.ndarray):
    """Give each stock no fund holds a small position in a random fund, so that the number of
    stocks held at the year end equals the schedule."""
    unheld = np.setdiff1d(np.arange(n_stocks), cols)
    if len(unheld) == 0:
        return rows, cols, is_herd, w
    counts = np.bincount(rows, minlength=len(hold))
    holders = rng.choice(np.flatnonzero((counts >= 3) & (counts < 290)), size=len(unheld))
    return (np.concatenate([rows, holders]), np.concatenate([cols, unheld]),
            np.concatenate([is_herd, np.zeros(len(unheld), bool)]), np.concatenate([w, 0.002 * hold[holders]]))  # fmt: skip


# Concentration of the herd portfolio by year (tuned offline: the top-100 share falls to its 2016 low, then rises
# to its 2020 high, as in Figure 1; its level stays above the published one, see the tests).
HERD_CONCENTRATION = {2006: 0.85, 2007: 0.95, 2008: 0.9, 2009: 1.0, 2010: 0.7, 2011: 0.75, 2012: 0.85,
                      2013: 0.5, 2014: 0.45, 2015: 0.3, 2016: 0.04, 2017: 0.3, 2018: 0.45, 2019: 0.69,
                      2020: 1.0}  # fmt: skip


def fund_years(rng: np.random.Generator) -> pd.DataFrame:
    """Every fund-year alive (active and filter-dropped funds) with its latent characteristics."""
    funds = fund_lifetimes(rng)
    funds = pd.concat([funds, filtered_funds(rng, len(funds))], ignore_index=True)
    alive = latent_herding(rng, funds).join(funds, on="fund")
    std = lambda s: (s - s.mean()) / s.std()  # noqa: E731
    a, b = beta_by_moments(0.80, 0.17)
    alive["hold"] = np.clip(stats.beta.ppf(stats.norm.cdf(std(alive["hold_latent"])), a, b), 0.04, 0.95)
    alive["n_latent"] = std(-alive["conc"])
    return alive


# --- managers, flows, trading ---------------------------------------------------------------
def managers_and_flows(rng: np.random.Generator, alive: pd.DataFrame) -> pd.DataFrame:
    """Manager (sex, PhD, experience, tenure with changes), net flow and turnover of each fund-year."""
    alive = alive.sort_values(["fund", "year"]).reset_index(drop=True)
    n = len(alive)
    first = alive.groupby("fund")["year"].transform("min") == alive["year"]
    change = first | (rng.random(n) < 0.15)
    spell = change.cumsum()
    manager = pd.DataFrame({"male": rng.random(n) < 0.856, "phd": rng.random(n) < 0.124,
                            "exp0": np.exp(rng.normal(2.15, 0.38, n)), "ten0": rng.uniform(0.02, 1.0, n)})  # fmt: skip
    by_spell = manager.groupby(spell).transform("first")
    years_in = alive.groupby(spell).cumcount().to_numpy()
    alive["manager_male"] = by_spell["male"].astype(int).to_numpy()
    alive["manager_phd"] = by_spell["phd"].astype(int).to_numpy()
    alive["experience_years"] = by_spell["exp0"].to_numpy() + years_in
    alive["tenure_years"] = by_spell["ten0"].to_numpy() + years_in
    latent = rng.multivariate_normal(np.zeros(2), [[1.0, 0.45], [0.45, 1.0]], size=n)
    size_tilt = (alive["size_latent"] - alive["size_latent"].mean()) / alive["size_latent"].std()
    alive["flow_rate"] = np.minimum(-0.95 + 0.82 * np.exp(0.8 * (latent[:, 0] + 0.1 * size_tilt) / np.sqrt(1.01)), 4.0)
    alive["turnover_rate"] = np.exp(np.log(2.41) + 0.877 * (0.95 * latent[:, 1] - 0.3 * size_tilt) / np.sqrt(0.99))
    return alive


# --- fund returns with the planted effects --------------------------------------------------
@dataclass
class ReturnNoise:
    """The random parts of fund returns, drawn once so that both passes share them."""

    idio: dict[int, np.ndarray]  # year -> (fund-years of that year × days) daily shocks, percent
    crash_u: dict[int, np.ndarray]  # uniform draws deciding crash and rally weeks
    jump_size: dict[int, np.ndarray]
    jump_week: dict[int, np.ndarray]
    skill: np.ndarray  # persistent fund skill, % per day
    alpha_shock: np.ndarray  # fund-year alpha shocks, % per day (aligned with ``alive``)
    timing_shock: np.ndarray
    beta_scale: np.ndarray


# The random parts of returns (all independent): a fund's daily idiosyncratic volatility (%), its persistent
# skill and fund-year shocks to alpha (% per day) and to timing γ, and the fund-year scale of its market beta.
DAILY_VOL = (0.35, 0.75)
SKILL_SD, ALPHA_SHOCK_SD, TIMING_SHOCK_SD = 0.015, 0.02, 0.03
BETA_SCALE = (0.85, 1.0)


def draw_noise(rng: np.random.Generator, alive: pd.DataFrame, days: dict[int, pd.DatetimeIndex]) -> ReturnNoise:
    idio, crash_u, size, week = {}, {}, {}, {}
    vol = rng.uniform(*DAILY_VOL, alive["fund"].max() + 1)
    for year in days:
        fy = alive.index[alive["year"] == year]
        idio[year] = rng.normal(size=(len(fy), len(days[year]))) * vol[alive.loc[fy, "fund"].to_numpy()][:, None]
        crash_u[year] = rng.random((len(fy), 2))
        size[year] = rng.uniform(*JUMP_SIZE, (len(fy), 2))
        week[year] = rng.integers(0, len(days[year]) - 3, (len(fy), 2))
    n = len(alive)
    return ReturnNoise(
        idio, crash_u, size, week,
        skill=rng.normal(0, SKILL_SD, alive["fund"].max() + 1),
        alpha_shock=rng.normal(0, ALPHA_SHOCK_SD, n),
        timing_shock=rng.normal(0, TIMING_SHOCK_SD, n),
        beta_scale=rng.uniform(*BETA_SCALE, n),
    )  # fmt: skip


def crash_probability(s: np.ndarray, i: np.ndarray, hold: np.ndarray) -> np.ndarray:
    """Probability of a crash week in a fund-year given lagged Overlap_S, Overlap_I and Hold."""
    base = np.log(PLANTED["crash_base_prob"].value / (1 - PLANTED["crash_base_prob"].value))
    logit = (base + PLANTED["crash_on_stock_overlap"].value * s + PLANTED["crash_on_industry_overlap"].value * i
             + PLANTED["crash_on_hold"].value * (hold - 0.78))  # fmt: skip
    return 1 / (1 + np.exp(-logit))


def fund_returns(
    alive: pd.DataFrame,
    market: pd.DataFrame,
    days: dict[int, pd.DatetimeIndex],
    noise: ReturnNoise,
    alpha: np.ndarray,
    gamma: np.ndarray,
    crash_p: np.ndarray,
    with_noise: bool = True,
) -> dict[int, np.ndarray]:
    """Daily returns (percent) of every fund-year: rf + α + β x + γ x⁺ + ε, with crash and rally weeks.

    ``alpha``, ``gamma`` and ``crash_p`` are aligned with ``alive``. Days before inception are NaN.
    """  # fmt: skip
    out = {}
    mk = market.assign(year=market["date"].dt.year)
    for year in days:
        fy = np.flatnonzero(alive["year"].to_numpy() == year)
        m = mk[mk["year"] == year]
        x = (m["market_ret"] - m["rf"]).to_numpy()
        beta = alive["hold"].to_numpy()[fy] * noise.beta_scale[fy]
        r = (
            m["rf"].to_numpy()[None, :]
            + alpha[fy, None]
            + beta[:, None] * x[None, :]
            + gamma[fy, None] * np.maximum(x, 0)[None, :]
        )
        if not with_noise:  # the expected effect of crash and rally weeks, spread over the year
            mean_jump = np.mean(JUMP_SIZE) / r.shape[1]
            r = r + ((RALLY_PROBABILITY - crash_p[fy]) * mean_jump)[:, None]
        if with_noise:
            r = r + noise.idio[year]
            u, size, week = noise.crash_u[year], noise.jump_size[year], noise.jump_week[year]
            crash = u[:, 0] < crash_p[fy]
            rally = u[:, 1] < RALLY_PROBABILITY
            for flag, sign, col in ((crash, -1.0, 0), (rally, 1.0, 1)):
                rows = np.flatnonzero(flag)
                for k in range(3):
                    r[rows, week[rows, col] + k] += sign * size[rows, col] / 3
        inception = pd.to_datetime(alive["inception_date"].to_numpy()[fy])
        r[np.asarray(days[year])[None, :] < inception.to_numpy()[:, None]] = np.nan
        out[year] = r
    return out


JUMP_SIZE = (3.0, 6.0)  # size of a crash or rally week in fund NAV, percent (independent)
RALLY_PROBABILITY = 0.15  # probability of a rally week in a fund-year (independent; gives Ncskew its left tail)


# --- the herding effects, solved from the paper's coefficients --------------------------------
GROUPINGS = {"ability": "growth", "style": "hhi", "size": "size"}
GROUP_LABELS = {
    "ability": ("weak ability", "middle ability", "strong ability"),
    "style": ("conservative style", "moderate style", "aggressive style"),
    "size": ("small size", "medium size", "large size"),
}


def terciles_by_year(panel: pd.DataFrame, column: str) -> pd.Series:
    """0, 1, 2 for the bottom, middle and top third of ``column`` within each year."""
    pct = panel.groupby("year")[column].rank(pct=True, method="first")
    return np.minimum((pct * 3).apply(np.ceil) - 1, 2).astype(int)


def herding_basis(panel: pd.DataFrame) -> pd.DataFrame:
    """Overlap_S, Overlap_I and their interactions with the first two terciles of each grouping."""
    out = {"S": panel["overlap_s"], "I": panel["overlap_i"]}
    for grouping, column in GROUPINGS.items():
        tercile = terciles_by_year(panel, column)
        for k in (0, 2):
            out[f"S:{grouping}{k}"] = panel["overlap_s"] * (tercile == k)
            out[f"I:{grouping}{k}"] = panel["overlap_i"] * (tercile == k)
    return pd.DataFrame(out, index=panel.index)


ALPHA_TARGETS = (  # (claim id, outcome, key, grouping or None, tercile)
    [("C60", "alfa", "overlap_s", None, None), ("C63", "alfa", "overlap_i", None, None),
     ("C95.s_tm", "s_tm", "overlap_s", None, None), ("C96.s_tm", "s_tm", "overlap_i", None, None)]
    + [(f"C{first + 2 * g + (key == 'overlap_i')}.alfa", "alfa", key, grouping, tercile)
       for grouping, first, order in (("ability", 67, (0, 1, 2)), ("style", 74, (0, 1, 2)), ("size", 81, (2, 1, 0)))
       for g, tercile in enumerate(order) for key in ("overlap_s", "overlap_i")]
)  # fmt: skip


def solve_effects(panel: pd.DataFrame, base: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Herding coefficients of timing γ (exactly) and selectivity α (least squares) such that the
    noiseless regressions reproduce T_TM (C95, C96) and Alfa_CAPM / S_TM (Tables 6-9, 11).

    ``base`` holds, per panel row, the noiseless outcomes without herding effects (columns
    ``alfa_sys``, ``s_tm_sys``) and the CAPM loading ``c`` of the timing term in the alpha of that year.
    """
    from livingpapers.studies.fund_herding.regress import key_coefficients

    controls = CONTROLS
    basis = herding_basis(panel)
    data = pd.concat([panel, basis, base], axis=1)
    # timing: two targets, two coefficients
    proj = np.array([key_coefficients(data, ["S", "I"], key, controls) for key in ("overlap_s", "overlap_i")])
    gamma = np.linalg.solve(proj, [published("C95.t_tm"), published("C96.t_tm")])
    gamma = pd.Series(gamma, ["S", "I"])
    data["alfa_sys"] = data["alfa_sys"] + data["c"] * (gamma["S"] * data["S"] + gamma["I"] * data["I"])
    rows, targets = [], []
    for claim, outcome, key, grouping, tercile in ALPHA_TARGETS:
        sub = data if grouping is None else data[terciles_by_year(data, GROUPINGS[grouping]) == tercile]
        cols = list(basis.columns) + [f"{outcome}_sys"]
        b = key_coefficients(sub, cols, key, controls)
        rows.append(b[:-1])
        targets.append(published(claim) - b[-1])
    theta = np.linalg.lstsq(np.array(rows), np.array(targets), rcond=None)[0]
    return pd.Series(theta, basis.columns), gamma


# --- assembling the files -----------------------------------------------------------------
def capm_timing_loading(market: pd.DataFrame) -> pd.Series:
    """c_t: the CAPM alpha that one unit of up-market beta γ adds in year t (mean x⁺ − β* mean x)."""
    mk = market.assign(year=market["date"].dt.year, x=market["market_ret"] - market["rf"])
    out = {}
    for year, m in mk.groupby("year"):
        x, xp = m["x"].to_numpy(), np.maximum(m["x"].to_numpy(), 0)
        beta = np.cov(xp, x)[0, 1] / x.var(ddof=1)
        out[year] = xp.mean() - beta * x.mean()
    return pd.Series(out)


def nav_and_tna(alive: pd.DataFrame, returns: dict[int, np.ndarray], tna0: np.ndarray) -> pd.DataFrame:
    """Year-end adjusted NAV and net assets: TNA_t = TNA_t-1 × (NAV growth + flow), flows as drawn."""
    growth = np.empty(len(alive))
    for year, r in returns.items():
        fy = np.flatnonzero(alive["year"].to_numpy() == year)
        growth[fy] = np.exp(np.nansum(np.log1p(r / 100.0), axis=1))
    frame = alive[["fund", "year"]].assign(growth=growth, flow=alive["flow_rate"].to_numpy())
    frame = frame.sort_values(["fund", "year"])
    nav = frame.groupby("fund")["growth"].cumprod()
    multiplier = np.maximum(frame["growth"] + frame["flow"], 0.3)
    launched = (alive.loc[frame.index, "inception_year"] == frame["year"]).to_numpy()
    multiplier = multiplier.where(~launched, 1.0)  # tna0 is the launch year's end; older funds start from it
    start = frame.groupby("fund").cumcount() == 0
    initial = pd.Series(np.where(start, tna0[frame.index], np.nan), index=frame.index).groupby(frame["fund"]).ffill()
    tna = initial * multiplier.groupby(frame["fund"]).cumprod()
    return pd.DataFrame({"nav_adj": nav, "tna": tna}).reindex(alive.index)


def fund_table(alive: pd.DataFrame, navtna: pd.DataFrame, holdings: pd.DataFrame, tna0: np.ndarray) -> pd.DataFrame:
    """funds.csv: fund-year characteristics in the vendor format (with end-2005 rows for older funds)."""
    table = _fund_table(alive, navtna, holdings)
    first = (alive["year"] == FIRST_YEAR) & (alive["inception_year"] < FIRST_YEAR)
    before = table[first.to_numpy()].copy()
    before["year"] = FIRST_YEAR - 1
    before["tna"] = tna0[first.to_numpy()]
    before["nav_adj"] = 1.0
    before["stock_value"] = alive.loc[first, "hold"].to_numpy() * before["tna"]
    before["buy_amount"] = before["sell_amount"] = alive.loc[first, "turnover_rate"].to_numpy() * before["tna"]
    before["experience_years"] = np.maximum(before["experience_years"] - 1, 0.1)
    before["tenure_years"] = np.maximum(before["tenure_years"] - 1, 0.05)
    return pd.concat([before, table], ignore_index=True)


def _fund_table(alive: pd.DataFrame, navtna: pd.DataFrame, holdings: pd.DataFrame) -> pd.DataFrame:
    from livingpapers.studies.fund_herding.measures import year_of

    codes, dates = pd.factorize(holdings["report_date"])
    december = np.array([str(d).endswith("12-31") for d in dates])[codes]
    dec = holdings[december]
    equity = dec.groupby(["fund_id", year_of(dec["report_date"])], observed=True)["weight"].sum()
    share = equity.reindex(pd.MultiIndex.from_arrays([alive["fund_id"], alive["year"]])).to_numpy()
    share = np.where(np.isfinite(share), share, alive["hold"].to_numpy())
    tna = navtna["tna"].to_numpy()
    trade = alive["turnover_rate"].to_numpy() * tna
    flow_money = alive["flow_rate"].to_numpy() * tna / 2
    return pd.DataFrame(
        {
            "fund_id": alive["fund_id"].to_numpy(),
            "year": alive["year"].to_numpy(),
            "category": alive["category"].to_numpy(),
            "inception_date": alive["inception_date"].to_numpy(),
            "tna": tna,
            "nav_adj": navtna["nav_adj"].to_numpy(),
            "stock_value": share * tna,
            "buy_amount": trade + np.maximum(flow_money, 0),
            "sell_amount": trade + np.maximum(-flow_money, 0),
            "manager_male": alive["manager_male"].to_numpy(),
            "manager_phd": alive["manager_phd"].to_numpy(),
            "experience_years": alive["experience_years"].to_numpy(),
            "tenure_years": alive["tenure_years"].to_numpy(),
        }
    )


def daily_table(alive: pd.DataFrame, returns: dict[int, np.ndarray], days: dict[int, pd.DatetimeIndex]) -> pd.DataFrame:
    """fund_daily.csv as a long table with categorical fund ids and date strings."""
    fund_ids = pd.Index(alive["fund_id"].unique())
    all_days = [d.strftime("%Y-%m-%d") for y in YEARS for d in days[y]]
    date_codes, offset, parts = pd.Index(all_days), 0, []
    for year in YEARS:
        fy = np.flatnonzero(alive["year"].to_numpy() == year)
        r = returns[year]
        f_idx, d_idx = np.nonzero(np.isfinite(r))
        parts.append((fund_ids.get_indexer(alive["fund_id"].to_numpy()[fy])[f_idx], d_idx + offset, r[f_idx, d_idx]))
        offset += len(days[year])
    f_codes, d_codes, values = (np.concatenate([p[k] for p in parts]) for k in range(3))
    return pd.DataFrame(
        {
            "fund_id": pd.Categorical.from_codes(f_codes, categories=fund_ids),
            "date": pd.Categorical.from_codes(d_codes, categories=date_codes),
            "ret": values,
        }
    )


def measures_by_year(alive, returns, market, days) -> pd.DataFrame:
    """The return-based fund-year measures straight from the simulated matrices (no long table)."""
    from livingpapers.studies.fund_herding import measures

    mk = market.assign(date=market["date"].dt.strftime("%Y-%m-%d"))
    mweekly = measures.market_weekly(mk)
    mk = mk.set_index("date")
    frames = []
    for year in days:
        fy = np.flatnonzero(alive["year"].to_numpy() == year)
        dates = np.array([d.strftime("%Y-%m-%d") for d in days[year]])
        m = mk.loc[dates]
        out = measures.fund_year_measures(returns[year], m["market_ret"].to_numpy(), m["rf"].to_numpy(), dates, mweekly)
        frames.append(out.assign(fund_id=alive["fund_id"].to_numpy()[fy], year=year))
    return pd.concat(frames, ignore_index=True)


def simulate(seed: int) -> Inputs:
    """The stand-in inputs (same schema as the real files) with the planted truth attached."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):  # small matrices: threads only contend
        return _simulate(seed)


def _simulate(seed: int) -> Inputs:
    from livingpapers.studies.fund_herding import measures

    rng = np.random.default_rng(seed)
    market = simulate_market(rng)
    days = {y: trading_days(y) for y in YEARS}
    stocks = simulate_stocks(rng)
    alive = managers_and_flows(rng, fund_years(rng))
    holdings = simulate_holdings(rng, stocks, alive)
    holding_vars, _ = measures.holdings_measures(holdings, stocks)
    noise = draw_noise(rng, alive, days)
    size_z = (alive["size_latent"] - alive["size_latent"].mean()) / alive["size_latent"].std()
    tna0 = np.exp(20.3 + SIZE_SPREAD * size_z.to_numpy() + rng.normal(0, SIZE_NOISE, len(alive)))
    key = pd.MultiIndex.from_arrays([alive["fund_id"], alive["year"]])
    c_year = capm_timing_loading(market)

    def one_pass(alpha, gamma, crash_p):
        returns = fund_returns(alive, market, days, noise, alpha, gamma, crash_p)
        navtna = nav_and_tna(alive, returns, tna0)
        funds = fund_table(alive, navtna, holdings, tna0)
        panel, log = measures.build_panel(holding_vars, measures_by_year(alive, returns, market, days),
                                          measures.characteristics(funds), trim_share=TRIM_SHARE)  # fmt: skip
        return returns, funds, panel, log

    def align(panel_values: pd.Series) -> np.ndarray:
        return panel_values.reindex(key).fillna(0.0).to_numpy()

    base_alpha = np.array([YEAR_ALPHA[y] for y in alive["year"]]) + noise.skill[alive["fund"]] + noise.alpha_shock
    _, _, panel1, _ = one_pass(base_alpha, noise.timing_shock, np.full(len(alive), PLANTED["crash_base_prob"].value))
    p1 = panel1.set_index(["fund_id", "year"])
    controls_effect = sum(
        planted_value(f"alpha_{c}") * p1[c] for c in ("hhi", "age", "experience", "servetime", "size", "sex", "hold")
    )
    systematic = pd.DataFrame(
        {"alfa_sys": p1.index.get_level_values("year").map(YEAR_ALPHA).to_numpy() + controls_effect}
    )
    systematic.index = p1.index
    systematic["s_tm_sys"] = systematic["alfa_sys"]
    systematic["c"] = p1.index.get_level_values("year").map(c_year).to_numpy()
    p1_crash = crash_probability(p1["overlap_s"], p1["overlap_i"], p1["hold"]).to_numpy()
    jumps = (RALLY_PROBABILITY - p1_crash) * np.mean(JUMP_SIZE) / 242
    systematic["alfa_sys"] += jumps
    systematic["s_tm_sys"] += jumps
    theta, gamma_coef = solve_effects(panel1, systematic.reset_index(drop=True))
    basis = herding_basis(panel1).set_index(p1.index)
    alpha_herd = basis @ theta
    gamma_herd = gamma_coef["S"] * p1["overlap_s"] + gamma_coef["I"] * p1["overlap_i"]
    alpha = base_alpha + align(controls_effect + alpha_herd)
    gamma = noise.timing_shock + align(gamma_herd)
    crash_p = crash_probability(
        align(p1["overlap_s"]),
        align(p1["overlap_i"]),
        np.where(np.isfinite(align(p1["hold"])) & (align(p1["hold"]) > 0), align(p1["hold"]), 0.78),
    )
    returns, funds, panel, log = one_pass(alpha, gamma, crash_p)
    # noiseless outcomes: the systematic part of returns only (no skill, shocks or jumps)
    sys_alpha = np.array([YEAR_ALPHA[y] for y in alive["year"]]) + align(controls_effect + alpha_herd)
    clean = fund_returns(alive, market, days, noise, sys_alpha, align(gamma_herd), crash_p, with_noise=False)
    noiseless = measures_by_year(alive, clean, market, days).drop(
        columns=["ncskew", "duvol", "days", "weeks", "growth"]
    )
    year_alpha = np.array([YEAR_ALPHA[y] for y in alive["year"]])
    beta = alive["hold"].to_numpy() * noise.beta_scale
    model = ReturnModel(
        alive, market, days, year_alpha, align(controls_effect + alpha_herd), align(gamma_herd), crash_p, beta
    )
    truth = Truth(noiseless, theta, gamma_coef, {"probability": pd.Series(crash_p, index=key)}, model)
    return Inputs(
        holdings=categorical(holdings, ["fund_id", "report_date", "stock_id"]),
        stocks=stocks.drop(columns="eligible"),
        fund_daily=daily_table(alive, returns, days),
        market_daily=market.assign(date=market["date"].dt.strftime("%Y-%m-%d")),
        funds=funds,
        stock_weekly=simulate_stock_weekly(rng, market, stocks, holdings),
        simulated=True,
        truth=truth,
        log={"panel": log},
    )


def categorical(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].astype("category") for c in columns})


def planted_value(name: str) -> float:
    """A planted parameter's value: read from data/published when it was taken from a claim."""
    entry = PLANTED[name]
    return published(entry.claim) if np.isnan(entry.value) and entry.claim in published_claims() else entry.value


# --- stocks' weekly returns (Table 12) -------------------------------------------------------
STOCK_WEEKLY_VOL = 0.055  # idiosyncratic weekly volatility of a stock (log), independent


def holder_percentiles(holdings: pd.DataFrame, stocks: pd.DataFrame) -> pd.DataFrame:
    """Each listed stock's number of holding funds at each year end and its percentile among held stocks."""
    from livingpapers.studies.fund_herding.measures import year_of

    codes, dates = pd.factorize(holdings["report_date"])
    dec = holdings[np.array([str(d).endswith("12-31") for d in dates])[codes]]
    counts = dec.groupby([year_of(dec["report_date"]), dec["stock_id"].astype(str)]).size()
    counts.index.names = ["year", "stock_id"]
    out = stocks[["stock_id", "year"]].merge(
        counts.rename("holders").reset_index(), on=["year", "stock_id"], how="left"
    )
    out["holders"] = out["holders"].fillna(0)
    out["pct"] = out.groupby("year")["holders"].rank(pct=True).where(out["holders"] > 0, 0.0)
    return out


def simulate_stock_weekly(rng: np.random.Generator, market: pd.DataFrame, stocks: pd.DataFrame,
                          holdings: pd.DataFrame) -> pd.DataFrame:  # fmt: skip
    """Weekly stock returns (decimal): market beta, momentum into herding, reversal after it, and
    crash weeks for last year's most-held stocks, rally weeks for the least held."""
    from livingpapers.studies.fund_herding.measures import market_weekly, week_index

    pct = holder_percentiles(holdings, stocks).set_index(["stock_id", "year"])["pct"]
    mk = market.assign(date=market["date"].dt.strftime("%Y-%m-%d"))
    mweekly = market_weekly(mk)
    week_end = mk.groupby(week_index(mk["date"].to_numpy()))["date"].max()
    momentum = PLANTED["stock_momentum"].value
    reversal = PLANTED["stock_reversal"].value
    crash_top = PLANTED["stock_crash"].value
    frames = []
    for year in YEARS:
        listed = stocks.loc[stocks["year"] == year, "stock_id"].to_numpy()
        weeks = np.array([w for w in week_end.index if week_end[w][:4] == str(year)])
        m = np.log1p(mweekly.reindex(weeks).to_numpy())
        now = pct.reindex(pd.MultiIndex.from_product([listed, [year]])).fillna(0).to_numpy()
        before = pct.reindex(pd.MultiIndex.from_product([listed, [year - 1]])).fillna(0).to_numpy()
        drift = (-0.38 + momentum * now**4 + reversal * before**4 + rng.normal(0, 0.25, len(listed))) / len(weeks)
        beta = rng.uniform(0.8, 1.2, len(listed))
        logr = drift[:, None] + beta[:, None] * m[None, :] + rng.normal(0, STOCK_WEEKLY_VOL, (len(listed), len(weeks)))
        crashes = rng.poisson(0.02 + (crash_top - 0.02) * before)
        rallies = rng.poisson(2.0 - 1.2 * before)
        for counts, sign in ((crashes, -1.0), (rallies, 1.0)):
            rows = np.repeat(np.arange(len(listed)), counts)
            logr[rows, rng.integers(0, len(weeks), len(rows))] += sign * rng.uniform(0.12, 0.25, len(rows))
        f_idx, w_idx = np.meshgrid(np.arange(len(listed)), np.arange(len(weeks)), indexing="ij")
        frames.append(pd.DataFrame({"stock_id": listed[f_idx.ravel()], "week_end": week_end[weeks].to_numpy()[w_idx.ravel()],
                                    "ret": np.expm1(logr).ravel()}))  # fmt: skip
    return categorical(pd.concat(frames, ignore_index=True), ["stock_id", "week_end"])


PLANTED_LABELS = {
    "alpha_on_overlap": "Selectivity α on Overlap_S, Overlap_I and their tercile interactions",
    "timing_on_overlap": "Timing γ on Overlap_S and Overlap_I",
    "alpha_hhi": "α per unit of lagged HHI (% a day)",
    "alpha_age": "α per unit of lagged Age",
    "alpha_experience": "α per unit of lagged Experience",
    "alpha_servetime": "α per unit of lagged Servetime",
    "alpha_size": "α per unit of lagged Size",
    "alpha_sex": "α of a male manager",
    "alpha_hold": "α per unit of lagged Hold",
    "crash_base_prob": "Probability of a crash week at average herding",
    "crash_on_stock_overlap": "Crash-week log-odds on Overlap_S",
    "crash_on_industry_overlap": "Crash-week log-odds on Overlap_I",
    "crash_on_hold": "Crash-week log-odds on Hold",
    "stock_momentum": "Stocks: return premium in the year they are herded",
    "stock_reversal": "Stocks: reversal the year after",
    "stock_crash": "Stocks: crash-week probability of the most held",
    "herding_persistence": "Persistence of the latent herding propensity",
    "herding_reset": "Yearly probability of a strategy reset",
}


def planted_table(truth: Truth | None = None) -> pd.DataFrame:
    """The planted parameters: each value beside the published number it was taken from (or 'independent')."""
    claims = published_claims()
    rows = []
    for name, entry in PLANTED.items():
        value = planted_value(name)
        tokens = entry.claim.replace(",", " ").split()
        ids = [c for c in tokens if c in claims]
        groups = [next(c for c in claims if c.startswith(f"{t}.")) for t in tokens if t not in claims
                  and any(c.startswith(f"{t}.") for c in claims)]  # fmt: skip
        shown = " · ".join(f"{published(c):g}" for c in ids) or "a pattern of several numbers (see note)"
        if entry.claim == "independent":
            how, shown = "independent", "independent"
        elif np.isnan(value):  # coefficients solved to match one or many published values
            how = "solved each run so that the noiseless regressions give the published values"
        elif np.isnan(entry.value):
            how = "set to the published value"
        else:
            how = "set here so that the published finding holds"
        located = [f"{claims[c]['location']} ({c})" for c in ids] + [
            f"{claims[c]['location']} ({c.split('.')[0]})" for c in groups
        ]
        source = "; ".join(located) or f"claims {entry.claim}"
        rows.append({"Parameter": PLANTED_LABELS[name], "Planted value": "solved each run" if np.isnan(value) else f"{value:g}",
                     "Published value": shown, "Taken from": "independent" if entry.claim == "independent" else source,
                     "How": how, "Note": entry.note})  # fmt: skip
    return pd.DataFrame(rows).set_index("Parameter")


# Table 2 moments (label, claim) and Table 3 correlations (Overlap_S or Overlap_I with another, claim) the
# stand-in was calibrated to; tests/studies/fund_herding/test_standin.py checks each for seed 20231.
MOMENT_TARGETS = [("Overlap_Stock", "C5.mean"), ("Overlap_Stock", "C5.sd"), ("Overlap_Stock", "C5.median"),
                  ("Overlap_Industry", "C6.mean"), ("Overlap_Industry", "C6.median"), ("Rate_Ave", "C9.mean"),
                  ("Rate_Geo", "C10.sd"), ("HHI", "C14.mean"), ("LogSize", "C18.mean"), ("LogSize", "C18.sd")]  # fmt: skip
CORRELATION_TARGETS = [("Overlap_S", "Overlap_I", "C25.overlap_i"), ("Overlap_S", "HHI", "C25.hhi"),
                       ("Overlap_I", "HHI", "C26.hhi")]  # fmt: skip
STAT_COLUMNS = {"mean": "Mean", "sd": "SD", "median": "Median"}


def moments_table(results) -> pd.DataFrame:
    """This run's calibrated moments beside the published ones and the chapter's tolerance (data/published)."""
    claims = published_claims()
    rows = []
    for label, cid in MOMENT_TARGETS:
        stat = cid.split(".")[1]
        rows.append(
            (f"{label}: {STAT_COLUMNS[stat].lower()} (Table 2)", results.table2.loc[label, STAT_COLUMNS[stat]], cid)
        )
    for first, other, cid in CORRELATION_TARGETS:
        rows.append((f"corr({first}, {other}) (Table 3)", results.table3_pearson.loc[other, first], cid))
    frame = pd.DataFrame(
        [{"Moment": m, "This run": v, "Published": published(c), "Tolerance": claims[c]["tolerance"],
          "Within": "yes" if abs(v - published(c)) <= claims[c]["tolerance"] else "no"} for m, v, c in rows]
    ).set_index("Moment")  # fmt: skip
    top = results.concentration["top-100 share (%)"]
    if 2016 in top.index:
        rise = top.iloc[-1] - top.loc[2016]
        frame.loc["Top-100 share: rise from end-2016 (pp, §1)"] = [rise, published("C55"), np.nan,
                                                                   "yes" if rise > published("C55") else "no"]  # fmt: skip
    level, target = top.iloc[-1], published("C53.top100")
    frame.loc["Top-100 share at the last year end (%, Table 5)"] = [level, target, claims["C53.top100"]["tolerance"],
                                                                    "yes" if abs(level - target) <= claims["C53.top100"]["tolerance"] else "no"]  # fmt: skip
    return frame
