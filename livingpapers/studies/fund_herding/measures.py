"""From the input files to the fund-year panel: the paper's variables, as it defines them.

- Holdings: Overlap_Stock and Overlap_Industry (eq. 1-2, cosine similarity averaged over the other
  funds) at every 30 June and 31 December, averaged within the year; HHI on NAV weights (mean of
  the two dates); the number of holdings for the 3-300 filter.
- Daily returns: Rate_Ave, Rate_Geo (the corrected form), the CAPM alpha, the paper's "HM"
  (quadratic) and "TM" (up-market dummy) selectivity and timing, and the year's NAV growth.
- Weekly returns: NCSKEW and DUVOL from the market model with two leads and lags (eq. 6-9).
- Fund-year files: Hold, Flow, Size, Turnover, Age and the manager's characteristics.
- :func:`build_panel`: dependent variables in year t, every regressor in t - 1, the three filters
  with a log of what each removes, and Overlap_S, Overlap_I z-scored within year.

Every per-fund computation is vectorised (sparse products for the overlaps, batched least squares
for the regressions); see ``bench.py`` for the comparison with one regression per fund-year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from livingpapers.methods.fund_measures import crash_risk, dimson_design, overlap_by_date, performance, timing

OUTCOMES = ["rate_ave", "rate_geo", "alfa_capm", "ncskew", "duvol", "s_hm", "t_hm", "s_tm", "t_tm"]
CONTROLS = ["sex", "degree", "servetime", "experience", "hhi", "hold", "flow", "size", "turnover", "age"]
MIN_DAYS, MIN_WEEKS = 120, 26  # minimum trading days and weeks of a fund-year (the paper states none)


def year_of(dates: pd.Series) -> np.ndarray:
    """The year of 'YYYY-MM-DD' strings (categorical or plain) as integers, computed per distinct value."""
    codes, uniques = pd.factorize(dates)
    years = np.array([int(str(u)[:4]) for u in uniques])
    return years[codes]


# --- holdings ------------------------------------------------------------------------------
def holdings_measures(
    holdings: pd.DataFrame, stocks: pd.DataFrame, min_holdings: int = 3, max_holdings: int = 300
) -> tuple[pd.DataFrame, dict]:
    """Fund-year overlaps, HHI and holdings counts, and the count of fund-dates the filter drops."""
    counts = holdings.groupby(["fund_id", "report_date"], observed=True).size()
    ok = counts[(counts >= min_holdings) & (counts <= max_holdings)]
    dropped = {
        "fund-dates with fewer than 3 stocks": int((counts < min_holdings).sum()),
        "fund-dates with more than 300 stocks": int((counts > max_holdings).sum()),
    }
    keep = pd.MultiIndex.from_frame(holdings[["fund_id", "report_date"]]).isin(ok.index)
    h = holdings.loc[keep, ["fund_id", "report_date", "stock_id", "weight"]].copy()
    h["year"] = year_of(h["report_date"])
    industry = stocks.set_index(["stock_id", "year"])["industry"]
    h["industry"] = industry.reindex(pd.MultiIndex.from_arrays([h["stock_id"], h["year"]])).to_numpy()
    stock = overlap_by_date(h, "fund_id", "stock_id", "weight", "report_date").rename(
        columns={"overlap": "overlap_stock"}
    )
    ind = overlap_by_date(h, "fund_id", "industry", "weight", "report_date").rename(
        columns={"overlap": "overlap_industry"}
    )
    per_date = stock.merge(ind, on=["report_date", "fund_id"])
    w2 = (h["weight"] ** 2).groupby([h["fund_id"], h["report_date"]], observed=True).sum().rename("hhi")
    per_date = per_date.merge(w2.reset_index(), on=["fund_id", "report_date"])
    per_date = per_date.merge(counts.rename("n_holdings").reset_index(), on=["fund_id", "report_date"])
    per_date["year"] = year_of(per_date["report_date"])
    out = (
        per_date.groupby(["fund_id", "year"], observed=True)
        .agg(
            overlap_stock=("overlap_stock", "mean"),
            overlap_industry=("overlap_industry", "mean"),
            hhi=("hhi", "mean"),
            n_holdings=("n_holdings", "mean"),
            dates=("report_date", "size"),
        )
        .reset_index()
    )
    out["fund_id"] = out["fund_id"].astype(str)
    return out, dropped


# --- returns -------------------------------------------------------------------------------
def _matrix(frame: pd.DataFrame, row: str, col: str, value: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A long table as a dense (rows × columns) array with NaN for absent cells."""
    r_codes, r_names = pd.factorize(frame[row], sort=True)
    c_codes, c_names = pd.factorize(frame[col], sort=True)
    out = np.full((len(r_names), len(c_names)), np.nan)
    out[r_codes, c_codes] = frame[value].to_numpy(dtype=float)
    return out, np.asarray(r_names, dtype=str), np.asarray(c_names, dtype=str)


def week_index(dates: np.ndarray) -> np.ndarray:
    """Calendar weeks (ending Friday) numbered consecutively from 1990, for 'YYYY-MM-DD' strings."""
    days = pd.to_datetime(pd.Series(dates)).to_numpy().astype("datetime64[D]").astype(np.int64)
    return (days - 4) // 7  # 1970-01-01 was a Thursday; weeks run Saturday-Friday


def compound_weekly(daily_pct: np.ndarray, weeks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Compound daily percent returns (rows × days) into weekly decimal returns (rows × weeks)."""
    order = np.argsort(weeks, kind="stable")
    weeks = weeks[order]
    uniq, starts = np.unique(weeks, return_index=True)
    logs = np.log1p(np.nan_to_num(daily_pct[:, order], nan=0.0) / 100.0)
    have = np.isfinite(daily_pct[:, order])
    weekly = np.expm1(np.add.reduceat(logs, starts, axis=1))
    weekly[np.add.reduceat(have, starts, axis=1) == 0] = np.nan
    return weekly, uniq


def market_weekly(market_daily: pd.DataFrame) -> pd.Series:
    """Weekly market returns (decimal) indexed by week number."""
    dates = market_daily["date"].astype(str).to_numpy()
    weekly, weeks = compound_weekly(market_daily["market_ret"].to_numpy(float)[None, :], week_index(dates))
    return pd.Series(weekly[0], index=weeks)


def return_measures(fund_daily: pd.DataFrame, market_daily: pd.DataFrame) -> pd.DataFrame:
    """Performance, timing and crash measures of every fund-year (the paper's dependent variables)."""
    market = market_daily.assign(date=market_daily["date"].astype(str)).set_index("date").sort_index()
    mweekly = market_weekly(market.reset_index())
    fd = fund_daily[["fund_id", "date", "ret"]]
    years = year_of(fd["date"])
    frames = []
    for year in np.unique(years):
        rows = fd[years == year]
        ret, funds, dates = _matrix(rows, "fund_id", "date", "ret")
        mk = market.reindex(dates)
        frames.append(fund_year_measures(ret, mk["market_ret"].to_numpy(), mk["rf"].to_numpy(), dates, mweekly)
                      .assign(fund_id=funds, year=int(year)))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def fund_year_measures(
    ret: np.ndarray, market: np.ndarray, rf: np.ndarray, dates: np.ndarray, mweekly: pd.Series
) -> pd.DataFrame:
    """All return-based measures of one year's funds (rows of ``ret``, daily percent returns)."""
    perf = performance(ret, market, rf)
    tm = timing(ret, market, rf)
    weeks = week_index(dates)
    weekly, uniq = compound_weekly(ret, weeks)
    design = dimson_design(mweekly.reindex(np.arange(uniq[0] - 2, uniq[-1] + 3)).to_numpy())
    crash = crash_risk(weekly, design[np.isin(np.arange(uniq[0], uniq[-1] + 1), uniq)])
    growth = np.expm1(np.nansum(np.log1p(ret / 100.0), axis=1)) * 100.0
    return pd.DataFrame(
        {
            "rate_ave": perf["rate_ave"],
            "rate_geo": perf["rate_geo"],
            "alfa_capm": perf["alpha"],
            "s_hm": tm["alpha_quadratic"],
            "t_hm": tm["timing_quadratic"],
            "s_tm": tm["alpha_dummy"],
            "t_tm": tm["timing_dummy"],
            "ncskew": crash["ncskew"],
            "duvol": crash["duvol"],
            "days": perf["days"],
            "weeks": crash["weeks"],
            "growth": growth,
        }
    )


# --- fund characteristics ------------------------------------------------------------------
def characteristics(funds: pd.DataFrame) -> pd.DataFrame:
    """Hold, Flow, Size, Turnover, Age and the manager variables of every fund-year (Table 1)."""
    f = funds.copy()
    f["fund_id"] = f["fund_id"].astype(str)
    f = f.sort_values(["fund_id", "year"])
    prev = f.groupby("fund_id")[["tna", "nav_adj", "year"]].shift(1)
    consecutive = prev["year"] == f["year"] - 1
    f["hold"] = f["stock_value"] / f["tna"]
    f["size"] = np.log(f["tna"])
    f["flow"] = np.where(consecutive, (f["tna"] - prev["tna"] * f["nav_adj"] / prev["nav_adj"]) / prev["tna"], np.nan)
    f["turnover"] = np.minimum(f["buy_amount"], f["sell_amount"]) / f["tna"]
    inception = pd.to_datetime(f["inception_date"].astype(str))
    year_end = pd.to_datetime(f["year"].astype(str) + "-12-31")
    f["age_years"] = (year_end - inception).dt.days / 365.0
    f["age"] = np.log(f["age_years"].where(f["age_years"] > 0))
    f["sex"] = f["manager_male"].astype(float)
    f["degree"] = f["manager_phd"].astype(float)
    f["experience"] = np.log(f["experience_years"])
    f["servetime"] = np.log(f["tenure_years"])
    keep = ["fund_id", "year", "category", "age_years", *CONTROLS[:4], "hold", "flow", "size", "turnover", "age"]
    return f[[c for c in keep if c in f.columns]]


# --- the regression panel ------------------------------------------------------------------
def extremeness(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """How far into either tail a row lies on its most extreme column (percentile distance from 0.5)."""
    pct = frame[columns].rank(pct=True)
    return (pct - 0.5).abs().max(axis=1)


def zscore_by_year(values: pd.Series, year: pd.Series) -> pd.Series:
    grouped = values.groupby(year)
    return (values - grouped.transform("mean")) / grouped.transform("std")


def build_panel(
    holding_vars: pd.DataFrame,
    return_vars: pd.DataFrame,
    chars: pd.DataFrame,
    trim_share: float = 0.003,
    trim_columns: tuple[str, ...] = ("flow", "turnover"),
    min_age: float = 1.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fund-year regression panel: outcomes in t, regressors (overlaps and controls) in t - 1.

    Steps, each logged with the rows it removes: fund-years with returns; a lagged holdings
    report passing the 3-300 filter; age at least ``min_age`` years at the end of t; complete
    regressors; full-year returns (MIN_DAYS, MIN_WEEKS); then trimming the ``trim_share`` most
    extreme rows on ``trim_columns`` (the paper trims, at most 1%). Overlap_S and Overlap_I are
    z-scored within year on the final sample.
    """
    log = []
    out = return_vars.copy()
    log.append(("fund-years with daily returns", len(out)))
    lagged = holding_vars.merge(chars, on=["fund_id", "year"], how="outer")
    lagged = lagged.merge(return_vars[["fund_id", "year", "growth"]], on=["fund_id", "year"], how="left")
    lagged["year"] = lagged["year"] + 1
    lag_cols = [c for c in lagged.columns if c not in ("fund_id", "year")]
    lagged = lagged.rename(columns={c: f"{c}_lag" for c in lag_cols})
    out = out.merge(lagged, on=["fund_id", "year"], how="left")
    age_now = chars[["fund_id", "year", "age_years"]].rename(columns={"age_years": "age_years_now"})
    out = out.merge(age_now, on=["fund_id", "year"], how="left")
    steps = [
        ("with a lagged holdings report of 3-300 stocks", out["overlap_stock_lag"].notna()),
        (f"at least {min_age:g} year old at the end of the year", out["age_years_now"] >= min_age),
        ("with every lagged control", out[[f"{c}_lag" for c in CONTROLS]].notna().all(axis=1)),
        ("with a full year of returns", (out["days"] >= MIN_DAYS) & (out["weeks"] >= MIN_WEEKS)),
    ]
    for label, keep in steps:
        out = out[keep.reindex(out.index, fill_value=False)]
        log.append((label, len(out)))
    n_trim = int(round(trim_share * len(out)))
    if n_trim:
        extreme = extremeness(out, [f"{c}_lag" for c in trim_columns])
        out = out.drop(extreme.sort_values(ascending=False, kind="stable").index[:n_trim])
    log.append((f"after trimming the {trim_share:.1%} most extreme on {', '.join(trim_columns)}", len(out)))
    out = out.rename(columns={f"{c}_lag": c for c in CONTROLS})
    out = out.rename(columns={"overlap_stock_lag": "overlap_stock", "overlap_industry_lag": "overlap_industry"})
    out["overlap_s"] = zscore_by_year(out["overlap_stock"], out["year"])
    out["overlap_i"] = zscore_by_year(out["overlap_industry"], out["year"])
    out = out.sort_values(["year", "fund_id"]).reset_index(drop=True)
    return out, pd.DataFrame(log, columns=["step", "fund-years"])
