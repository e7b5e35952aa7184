"""Every computation the fund-herding chapter shows, in one call: :func:`run`.

Tables 2-12 and Figure 1 of Su, He and Zhang, in their order: descriptive statistics, the
correlation triangles, the decile transition matrix, the end-2020 allocation, the baseline
regressions (eq. 10-11), heterogeneity by ability, style and size, crash risk, selectivity and
timing, and the stock-level decile sort. In stand-in mode the noiseless (planted) coefficient of
every regression is computed with the same code, for the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from livingpapers.studies.fund_herding import measures
from livingpapers.studies.fund_herding.data import Inputs
from livingpapers.studies.fund_herding.regress import Fit, ols
from livingpapers.studies.fund_herding.standin import GROUP_LABELS, GROUPINGS, terciles_by_year

CONTROLS = measures.CONTROLS
KEYS = ("overlap_s", "overlap_i")
PERFORMANCE = ("rate_ave", "rate_geo", "alfa_capm")
CRASH = ("ncskew", "duvol")
TIMING = ("s_hm", "t_hm", "s_tm", "t_tm")
DEFAULTS = {"trim_share": 0.003, "vcov": "iid", "n_placebo": 200, "n_monte_carlo": 200, "seed": 0}


@dataclass
class Results:
    """What :func:`run` computed; the tables, figures, ledger and notes read from here."""

    panel: pd.DataFrame
    sample_log: pd.DataFrame
    holdings_filter: dict
    data_basis: str
    table2: pd.DataFrame
    table3_pearson: pd.DataFrame
    table3_spearman: pd.DataFrame
    transition_counts: pd.DataFrame
    allocation: dict
    concentration: pd.DataFrame
    fits: dict  # (table, outcome, key[, group]) -> Fit
    table12: pd.DataFrame | None
    table12_tests: pd.DataFrame | None
    planted: dict = field(default_factory=dict)  # same keys as fits -> noiseless coefficients (a Series)
    params: dict = field(default_factory=dict)
    parts: dict = field(default_factory=dict)  # fund-year measures before the panel is built
    robustness: pd.DataFrame | None = None
    placebo: pd.DataFrame | None = None
    diagnosis: pd.DataFrame | None = None
    truth_returns: object = None  # the stand-in's return model (standin.ReturnModel), for the design diagnosis

    @property
    def transition(self) -> pd.DataFrame:
        """Row-normalised transition matrix (funds that exit are not in the denominator)."""
        counts = self.transition_counts
        return counts.div(counts.sum(axis=1), axis=0)


def run(inputs: Inputs, params: dict | None = None) -> Results:
    """All of the chapter's computations on stand-in or real inputs."""
    from threadpoolctl import threadpool_limits

    params = {**DEFAULTS, **(params or {})}
    with threadpool_limits(limits=1, user_api="blas"):
        return _run(inputs, params)


def _run(inputs: Inputs, params: dict) -> Results:
    holding_vars, dropped = measures.holdings_measures(inputs.holdings, inputs.stocks)
    return_vars = measures.return_measures(inputs.fund_daily, inputs.market_daily)
    chars = measures.characteristics(inputs.funds)
    panel, log = measures.build_panel(holding_vars, return_vars, chars, trim_share=params["trim_share"])
    panel = add_groups(panel)
    fits = regressions(panel, params["vcov"])
    planted = planted_coefficients(panel, inputs) if inputs.truth is not None else {}
    allocation, concentration = allocation_tables(inputs, holding_vars)
    t12, t12_tests = stock_sort(inputs) if inputs.stock_weekly is not None else (None, None)
    results = Results(
        panel=panel,
        sample_log=log,
        holdings_filter=dropped,
        data_basis="standin" if inputs.simulated else "real",
        table2=describe(panel),
        table3_pearson=mean_correlation(panel, "pearson"),
        table3_spearman=mean_correlation(panel, "spearman"),
        transition_counts=transition_counts(panel),
        allocation=allocation,
        concentration=concentration,
        fits=fits,
        table12=t12,
        table12_tests=t12_tests,
        planted=planted,
        truth_returns=inputs.truth.returns if inputs.truth is not None else None,
        params=params,
        parts={"holding_vars": holding_vars, "return_vars": return_vars, "chars": chars},
    )
    add_beyond(results)
    return results


def add_beyond(results: Results) -> None:
    """Robustness, placebo and the per-claim design diagnosis (beyond the paper)."""
    from livingpapers.studies.fund_herding import beyond
    from livingpapers.studies.fund_herding.data import published_claims

    params = results.params
    claims = {cid: (c["value"], c["stars"]) for cid, c in published_claims().items() if c["kind"] == "estimate"}
    results.robustness = beyond.robustness(results.panel, results.parts)
    results.placebo = beyond.placebos(results.panel, int(params["n_placebo"]), int(params["seed"]) + 101)
    results.diagnosis = beyond.design_diagnosis(
        results, claims, int(params["n_monte_carlo"]), int(params["seed"]) + 202
    )


# --- descriptives --------------------------------------------------------------------------
TABLE2_ROWS = {
    "overlap_stock": "Overlap_Stock",
    "overlap_industry": "Overlap_Industry",
    "overlap_s": "Overlap_S",
    "overlap_i": "Overlap_I",
    "rate_ave": "Rate_Ave",
    "rate_geo": "Rate_Geo",
    "alfa_capm": "Alfa_CAPM",
    "ncskew": "Ncskew",
    "duvol": "Duvol",
    "hhi": "HHI",
    "hold": "Hold",
    "age": "LogAge",
    "flow": "Flow",
    "size": "LogSize",
    "turnover": "Turnover",
    "sex": "Sex",
    "degree": "Degree",
    "experience": "Experience",
    "servetime": "Servetime",
}
TABLE3_VARS = ["overlap_s", "overlap_i", "hhi", "turnover", "age", "hold", "flow", "size"]
TABLE3_NAMES = ["Overlap_S", "Overlap_I", "HHI", "Turnover", "Age", "Hold", "Flow", "Size"]


def describe(panel: pd.DataFrame) -> pd.DataFrame:
    """Table 2: N, mean, SD, min, median, max of every variable over the regression panel."""
    data = panel[list(TABLE2_ROWS)]
    out = pd.DataFrame(
        {
            "N": data.count(),
            "Mean": data.mean(),
            "SD": data.std(),
            "Min": data.min(),
            "Median": data.median(),
            "Max": data.max(),
        }
    )
    out.index = list(TABLE2_ROWS.values())
    return out


def mean_correlation(panel: pd.DataFrame, method: str) -> pd.DataFrame:
    """Table 3: the correlation matrix of each year, averaged over years (the paper's construction)."""
    mats = [g[TABLE3_VARS].corr(method=method).to_numpy() for _, g in panel.groupby("year")]
    return pd.DataFrame(np.mean(mats, axis=0), index=TABLE3_NAMES, columns=TABLE3_NAMES)


def deciles_by_year(panel: pd.DataFrame, column: str) -> pd.Series:
    """Deciles 1-10 of ``column`` within each year (ties broken by order of appearance)."""
    pct = panel.groupby("year")[column].rank(pct=True, method="first")
    return np.minimum(np.ceil(pct * 10), 10).astype(int)


def transition_counts(panel: pd.DataFrame, column: str = "overlap_s") -> pd.DataFrame:
    """Table 4's counts: funds in decile a at T and decile b at T+1, pooled over consecutive years."""
    d = panel[["fund_id", "year"]].assign(decile=deciles_by_year(panel, column))
    nxt = d.assign(year=d["year"] - 1).rename(columns={"decile": "next"})
    pairs = d.merge(nxt, on=["fund_id", "year"])
    counts = pd.crosstab(pairs["decile"], pairs["next"]).reindex(index=range(1, 11), columns=range(1, 11), fill_value=0)
    counts.index.name, counts.columns.name = "decile at T", "decile at T+1"
    return counts


# --- allocation (Table 5, Figure 1) -------------------------------------------------------
def money_by_stock(inputs: Inputs, holding_vars: pd.DataFrame) -> pd.DataFrame:
    """Fund money (weight × net assets) in each stock at each year end, over the sample funds."""
    h = inputs.holdings
    codes, dates = pd.factorize(h["report_date"])
    h = h[np.array([str(x).endswith("12-31") for x in dates])[codes]]
    year = measures.year_of(h["report_date"])
    sample = set(zip(holding_vars["fund_id"], holding_vars["year"]))
    keep = np.array([(f, y) in sample for f, y in zip(h["fund_id"].astype(str), year)])
    tna = inputs.funds.assign(fund_id=inputs.funds["fund_id"].astype(str)).set_index(["fund_id", "year"])["tna"]
    money = (
        h.loc[keep, "weight"].to_numpy()
        * tna.reindex(pd.MultiIndex.from_arrays([h.loc[keep, "fund_id"].astype(str), year[keep]])).to_numpy()
    )
    frame = pd.DataFrame(
        {"year": year[keep], "stock_id": h.loc[keep, "stock_id"].astype(str).to_numpy(), "money": money}
    )
    return frame.groupby(["year", "stock_id"], as_index=False)["money"].sum()


def allocation_tables(inputs: Inputs, holding_vars: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Table 5 (last year end) and Figure 1's dispersion m/n and top-100 share for every year end."""
    money = money_by_stock(inputs, holding_vars)
    stocks = inputs.stocks.assign(stock_id=inputs.stocks["stock_id"].astype(str))
    rows = []
    for year, g in money.groupby("year"):
        share = np.sort(g["money"].to_numpy())[::-1] / g["money"].sum()
        m = int(np.searchsorted(np.cumsum(share), 0.5) + 1)
        rows.append({"year": year, "stocks held": len(share), "m": m, "m/n (%)": 100 * m / len(share),
                     "top-100 share (%)": 100 * share[:100].sum()})  # fmt: skip
    concentration = pd.DataFrame(rows).set_index("year")
    last = int(money["year"].max())
    g = money[money["year"] == last].sort_values("money", ascending=False)
    listed = stocks[stocks["year"] == last].set_index("stock_id")
    cap = listed["float_cap"]
    top = {n: 100 * g["money"].iloc[:n].sum() / g["money"].sum() for n in range(10, 101, 10)}
    cap_share = {n: 100 * cap.reindex(g["stock_id"].iloc[:n]).sum() / cap.sum() for n in range(10, 101, 10)}
    cap_share["all"] = 100 * cap.reindex(g["stock_id"]).sum() / cap.sum()
    by_industry = (
        g.assign(industry=listed["industry"].reindex(g["stock_id"]).to_numpy())
        .groupby("industry")["money"]
        .sum()
        .sort_values(ascending=False)
    )
    industry_share = {n: 100 * by_industry.iloc[:n].sum() / by_industry.sum() for n in range(1, 11)}
    allocation = {
        "year": last,
        "stocks": len(g),
        "industries": int(by_industry.size),
        "fund_weight": top,
        "float_cap_weight": cap_share,
        "industry_weight": industry_share,
    }
    return allocation, concentration


# --- regressions ---------------------------------------------------------------------------
def add_groups(panel: pd.DataFrame) -> pd.DataFrame:
    """Terciles by year of prior-year NAV growth (ability), HHI (style) and Size (Tables 7-9)."""
    out = panel.copy()
    for grouping, column in GROUPINGS.items():
        out[f"{grouping}_group"] = terciles_by_year(out, column)
    return out


def specifications() -> list[tuple]:
    """Every regression of Tables 6-11: (table, outcome, key, grouping, tercile)."""
    specs = [("Table 6", y, k, None, None) for k in KEYS for y in PERFORMANCE]
    for table, grouping in (("Table 7", "ability"), ("Table 8", "style"), ("Table 9", "size")):
        specs += [(table, y, k, grouping, t) for t in range(3) for k in KEYS for y in PERFORMANCE]
    specs += [("Table 10", y, k, None, None) for k in KEYS for y in CRASH]
    specs += [("Table 11", y, k, None, None) for k in KEYS for y in TIMING]
    return specs


def subsample(panel: pd.DataFrame, grouping: str | None, tercile: int | None) -> pd.DataFrame:
    return panel if grouping is None else panel[panel[f"{grouping}_group"] == tercile]


def regressions(panel: pd.DataFrame, vcov: str = "iid") -> dict:
    """Eq. (10)-(11) for every specification: pooled OLS with year FE and lagged controls."""
    return {
        spec: ols(subsample(panel, spec[3], spec[4]), spec[1], [spec[2], *CONTROLS], vcov=vcov)
        for spec in specifications()
    }


def planted_coefficients(panel: pd.DataFrame, inputs: Inputs) -> dict:
    """The true coefficient of every specification: the same regression on the noiseless outcomes.

    Crash measures have no noiseless counterpart (crash weeks are random by nature); their entry is
    missing and the design diagnosis measures their bias instead.
    """
    noiseless = inputs.truth.noiseless.rename(columns={"alpha": "alfa_capm"})
    rename = {c: f"{c}_true" for c in noiseless.columns if c not in ("fund_id", "year")}
    data = panel.merge(noiseless.rename(columns=rename), on=["fund_id", "year"], how="left")
    out = {}
    for spec in specifications():
        if f"{spec[1]}_true" in data.columns:
            sub = subsample(data, spec[3], spec[4])
            out[spec] = ols(sub, f"{spec[1]}_true", [spec[2], *CONTROLS]).coef
    return out


# --- Table 12: the stock-level decile sort ---------------------------------------------------
def stock_year_measures(stock_weekly: pd.DataFrame, market_daily: pd.DataFrame) -> pd.DataFrame:
    """Annual return (%), NCSKEW and DUVOL of every stock-year from weekly returns."""
    from livingpapers.methods.fund_measures import crash_risk, dimson_design

    mweekly = measures.market_weekly(market_daily.assign(date=market_daily["date"].astype(str)))
    week = measures.week_index(stock_weekly["week_end"].astype(str).to_numpy())
    years = measures.year_of(stock_weekly["week_end"])
    frames = []
    for year in np.unique(years):
        rows = stock_weekly[years == year].assign(week=week[years == year])
        ret, ids, weeks = measures._matrix(rows, "stock_id", "week", "ret")
        weeks = weeks.astype(np.int64)
        design = dimson_design(mweekly.reindex(np.arange(weeks.min() - 2, weeks.max() + 3)).to_numpy())
        crash = crash_risk(ret, design[np.isin(np.arange(weeks.min(), weeks.max() + 1), weeks)])
        annual = np.expm1(np.nansum(np.log1p(ret), axis=1)) * 100
        frames.append(pd.DataFrame({"stock_id": ids, "year": int(year), "annual_return": annual,
                                    "ncskew": crash["ncskew"].to_numpy(), "duvol": crash["duvol"].to_numpy()}))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def stock_sort(inputs: Inputs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Table 12: stocks held at the end of T-1 in deciles of the number of holding funds."""
    h = inputs.holdings
    codes, dates = pd.factorize(h["report_date"])
    dec = h[np.array([str(x).endswith("12-31") for x in dates])[codes]]
    year = measures.year_of(dec["report_date"])
    tna = inputs.funds.assign(fund_id=inputs.funds["fund_id"].astype(str)).set_index(["fund_id", "year"])["tna"]
    money = (
        dec["weight"].to_numpy() * tna.reindex(pd.MultiIndex.from_arrays([dec["fund_id"].astype(str), year])).to_numpy()
    )
    held = (
        pd.DataFrame({"year": year, "stock_id": dec["stock_id"].astype(str).to_numpy(), "money": money})
        .groupby(["year", "stock_id"])
        .agg(holders=("money", "size"), money=("money", "sum"))
        .reset_index()
    )
    sy = stock_year_measures(inputs.stock_weekly, inputs.market_daily)
    sorted_ = held[held["year"] < held["year"].max()].copy()
    sorted_["decile"] = deciles_by_year(sorted_, "holders")
    nxt = held.assign(year=held["year"] - 1)[["year", "stock_id", "money"]].rename(columns={"money": "money_next"})
    sorted_ = sorted_.merge(nxt, on=["year", "stock_id"], how="left").fillna({"money_next": 0.0})
    prev_ret = sy[["stock_id", "year", "annual_return"]].rename(columns={"annual_return": "ret_before"})
    now = sy.assign(year=sy["year"] - 1).rename(columns={"annual_return": "ret_after"})
    sorted_ = sorted_.merge(prev_ret, on=["stock_id", "year"], how="left").merge(
        now, on=["stock_id", "year"], how="left"
    )
    sorted_["share_before"] = 100 * sorted_["money"] / sorted_.groupby("year")["money"].transform("sum")
    sorted_["share_after"] = 100 * sorted_["money_next"] / sorted_.groupby("year")["money_next"].transform("sum")
    by_year = sorted_.groupby(["year", "decile"])[["share_before", "share_after"]].sum().groupby("decile").mean()
    table = pd.DataFrame(
        {
            "T-1 annual return (%)": sorted_.groupby("decile")["ret_before"].mean(),
            "T-1 fund money share (%)": by_year["share_before"],
            "T annual return (%)": sorted_.groupby("decile")["ret_after"].mean(),
            "T fund money share (%)": by_year["share_after"],
            "Ncskew_Stock": sorted_.groupby("decile")["ncskew"].mean(),
            "Duvol_Stock": sorted_.groupby("decile")["duvol"].mean(),
            "Mean number of holding funds": sorted_.groupby("decile")["holders"].mean(),
            "Observations": sorted_.groupby("decile").size(),
        }
    ).T
    tests = []
    for label, column in (("T-1 annual return (%)", "ret_before"), ("T annual return (%)", "ret_after"),
                          ("Ncskew_Stock", "ncskew"), ("Duvol_Stock", "duvol")):  # fmt: skip
        low = sorted_.loc[sorted_["decile"] == 1, column].dropna()
        high = sorted_.loc[sorted_["decile"] == 10, column].dropna()
        t, p = stats.ttest_ind(low, high, equal_var=False)
        tests.append({"row": label, "difference": low.mean() - high.mean(), "t": t, "p": p})
    return table, pd.DataFrame(tests).set_index("row")


def fit_of(results: Results, table: str, outcome: str, key: str, grouping=None, tercile=None) -> Fit:
    return results.fits[(table, outcome, key, grouping, tercile)]


GROUP_NAMES = GROUP_LABELS
