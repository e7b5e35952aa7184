"""Every computation of the financial-opening chapter, in one call: :func:`run`.

Estimation follows the paper's equations (spec §4): eq. (1) with the fixed-effect ladder of
Table 1 and three clusterings; eq. (2), the event study the paper describes but omits; the
robustness battery of §4.3 with the 500-draw placebo (vectorised with
:class:`livingpapers.methods.absorb.AbsorbedDesign`); the splits of Tables 2-3 with their
between-group differences computed three ways; the excess-loan mediation of Table 4 (eq. 3);
and the dyad panel of Table 5 (eq. 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from threadpoolctl import threadpool_limits

from livingpapers.methods.absorb import AbsorbedDesign, AbsorbedFit, fit, singleton_rows
from livingpapers.methods.simulation import randomization_pvalue
from livingpapers.studies.financial_opening import data as d
from livingpapers.studies.financial_opening.data import CONTROLS, Inputs
from livingpapers.toolkit.tables import coefficients

FE_LADDER = [["firm", "year"], ["firm", "year"], ["firm", "year", "industry"], ["firm", "year", "industry", "city"]]
FE4 = FE_LADDER[3]
CLUSTERINGS = {"firm": "firm", "city": "city", "two-way": "firm+city"}
BASE = ["post", "post_prehhi", *CONTROLS]
DYAD_FE = ["down_id", "stkcd", "year", "industry", "city"]
EVENT_KS = [k for k in range(d.EVENT_MIN, d.EVENT_MAX + 1) if k != -1]
GROUPS = {
    "custmer": "customer HHI",
    "top5": "top-5 customer share",
    "inhhi": "industry competition",
    "soe_group": "SOE",
}
GROUP_LEVEL = {"custmer": "stkcd", "top5": "stkcd", "inhhi": "ind_year", "soe_group": "stkcd"}


def ols(frame: pd.DataFrame, dv: str, regressors: list[str], fixed_effects=FE4, vcov=None) -> AbsorbedFit:
    """OLS with absorbed fixed effects and city-clustered SE (the paper's default after Table 1).

    Uses :func:`livingpapers.methods.absorb.fit`, exact for the nested industry and city effects
    on which pyfixest's alternating projections converge slowly (same coefficients, tested).
    """
    return fit(frame, dv, regressors, fixed_effects, vcov or {"city": "city"})


def estimate(result: AbsorbedFit, variable: str = "post_prehhi") -> dict:
    row = coefficients(result).loc[variable]
    return {"coef": float(row["coef"]), "se": float(row["se"]), "p": float(row["p"]), "N": int(result.nobs)}


@dataclass
class Results:
    """What the chapter shows; ``data_basis`` is "standin" or "real"."""

    data_basis: str
    params: dict
    panel: pd.DataFrame
    dyads: pd.DataFrame
    table1: dict = field(default_factory=dict)
    event: dict = field(default_factory=dict)
    robustness: pd.DataFrame | None = None
    placebo: dict = field(default_factory=dict)
    splits: dict = field(default_factory=dict)
    differences: pd.DataFrame | None = None
    table4: dict = field(default_factory=dict)
    mediation: dict = field(default_factory=dict)
    table5: dict = field(default_factory=dict)
    effect_size: dict = field(default_factory=dict)
    beyond: dict = field(default_factory=dict)
    truth: object = None


# --- Table 1 --------------------------------------------------------------------------------
def table1(panel: pd.DataFrame) -> dict:
    """Eq. (1): 2 panels x 4 fixed-effect ladders, each with firm, city and two-way SEs."""
    out = {}
    for name, dv in (("A", "trade_c"), ("B", "trade_c_cost")):
        for col, fe in enumerate(FE_LADDER, start=1):
            rhs = BASE if col > 1 else BASE[:2]
            result = ols(panel, dv, rhs, fe, CLUSTERINGS)
            ses = {label: estimate(result.using(label)) for label in CLUSTERINGS}
            out[(name, col)] = {"fit": result.using("city"), "ses": ses, "adj_r2": result.rsquared_adj}
    return out


# --- event study ----------------------------------------------------------------------------
def event_study(panel: pd.DataFrame) -> dict:
    """Eq. (2): relative-time dummies x prehhi (k = -1 omitted, end-points binned), col-(4) FE,
    city-clustered SE, and the joint Wald test of the four leads."""
    df = panel.copy()
    names = []
    for k in EVENT_KS:
        name = f"ev_m{-k}" if k < 0 else f"ev_p{k}"
        df[name] = (df["rel_time"] == k) * df["prehhi"]
        names.append(name)
    result = ols(df, "trade_c", [*names, *CONTROLS])
    coefs = coefficients(result).loc[names].assign(k=EVENT_KS)
    leads = [n for n, k in zip(names, EVENT_KS) if k < 0]
    b = coefs.loc[leads, "coef"].to_numpy()
    vcov = result.cov.loc[leads, leads].to_numpy()
    wald = float(b @ np.linalg.solve(vcov, b)) / len(leads)
    g = panel["city"].nunique()
    return {"coefs": coefs, "F": wald, "p": float(stats.f.sf(wald, len(leads), g - 1)), "df": (len(leads), g - 1)}


# --- robustness ------------------------------------------------------------------------------
def robustness(panel: pd.DataFrame) -> pd.DataFrame:
    """Spec §8.6 (a)-(i): beta3 with city SE under each change to eq. (1), col. (4)."""
    df = panel.copy()
    years = sorted(df["year"].unique())[1:]
    for y in years:
        df[f"soe2001_{y}"] = df["soe_share2001"] * (df["year"] == y)
        df[f"open18_{y}"] = df["open18"] * (df["year"] == y)
        df[f"tariff_{y}"] = df["tariff2001"] * (df["year"] == y)
    by_year = {k: [f"{k}_{y}" for y in years] for k in ("soe2001", "open18", "tariff")}
    df["lir_prehhi"] = df["lir"] * df["prehhi"]
    df["pre1_prehhi"] = df["pre_1"] * df["prehhi"]
    pre_mean = d.pre_period_mean(df, "trade_c")
    df["pre1_trade_c_post"] = df["stkcd"].map(pre_mean) * df["post"]
    specs = [
        ("(a) DV: AR / total assets", "ar_assets", BASE, FE4),
        ("(a) DV: ln(1 + AR)", "ln_ar", BASE, FE4),
        ("(a) DV: (AR - AP) / total assets", "net_ar_assets", BASE, FE4),
        ("(a) DV: (AR - AP) / revenue", "net_ar_rev", BASE, FE4),
        ("(a) DV: (AR - AP) / cost", "net_ar_cost", BASE, FE4),
        ("(c) + SOE share 2001 x year", "trade_c", [*BASE, *by_year["soe2001"]], FE4),
        ("(c) + 18 open cities x year", "trade_c", [*BASE, *by_year["open18"]], FE4),
        ("(c) + tariff 2001 x year", "trade_c", [*BASE, *by_year["tariff"]], FE4),
        ("(c) + LIR x prehhi", "trade_c", [*BASE, "lir_prehhi"], FE4),
        ("(d) + city controls", "trade_c", [*BASE, *d.CITY_CONTROLS], FE4),
        ("(e) + governance controls", "trade_c", [*BASE, *d.GOVERNANCE], FE4),
        ("(f) industry x year fixed effects", "trade_c", BASE, ["firm", "ind2_year", "city"]),
        ("(g) + pre_1 x prehhi (anticipation)", "trade_c", [*BASE, "pre1_prehhi"], FE4),
        ("(i) + pre-opening trade credit x post", "trade_c", [*BASE, "pre1_trade_c_post"], FE4),
    ]
    rows = [{"test": label, **estimate(ols(df, dv, rhs, fe))} for label, dv, rhs, fe in specs]
    rows += _alternative_intensities(df)
    rows.append({"test": "(h) two-period DID (firm means before and after)", **_two_period(df)})
    return pd.DataFrame(rows)


def _alternative_intensities(df: pd.DataFrame) -> list[dict]:
    """(b): high_hhi, hhi_2000, pre1_hhi, market_finance (sign flips) and prehhi_20 in place of prehhi."""
    rows = []
    for label, column in (
        ("(b) high_hhi (above-median prehhi)", "high_hhi"),
        ("(b) hhi_2000", "hhi_2000"),
        ("(b) pre1_hhi", "pre1_hhi"),
        ("(b) market_finance (higher = less repressed)", "market_finance_pre"),
        ("(b) prehhi_20 (within 20 km)", "prehhi_20"),
    ):
        frame = df.assign(post_alt=df["post"] * df[column])
        rows.append({"test": label, **estimate(ols(frame, "trade_c", ["post", "post_alt", *CONTROLS]), "post_alt")})
    return rows


def _two_period(df: pd.DataFrame) -> dict:
    """Collapse each firm to its means before and after its city's opening; firm and period FE."""
    two = df.groupby(["stkcd", "post"]).agg(
        trade_c=("trade_c", "mean"), prehhi=("prehhi", "first"), city=("city", "first")
    )
    two = two.reset_index()
    two = two[two.groupby("stkcd")["post"].transform("nunique") == 2]
    two["post_prehhi"] = two["post"] * two["prehhi"]
    return estimate(ols(two, "trade_c", ["post_prehhi"], ["stkcd", "post"]))


# --- placebo ---------------------------------------------------------------------------------
def design_for(
    frame: pd.DataFrame, fixed_effects: list[str], cluster: str = "city"
) -> tuple[pd.DataFrame, AbsorbedDesign]:
    """The frame without singletons (as pyfixest drops them) and its absorbed design."""
    kept = frame[~singleton_rows(frame, fixed_effects)].reset_index(drop=True)
    return kept, AbsorbedDesign(kept, fixed_effects, cluster)


def placebo_years(rng: np.random.Generator, city_years: pd.Series, n_draws: int) -> np.ndarray:
    """Opening years permuted across cities, ``n_draws`` times (cities x draws); each year keeps
    its number of newly opened cities (§4.3 item 6)."""
    values = city_years.to_numpy()
    return np.stack([rng.permutation(values) for _ in range(n_draws)], axis=1)


def placebo_draws(frame: pd.DataFrame, pseudo: np.ndarray, cities: pd.Index) -> np.ndarray:
    """(rows x 2 x draws): pseudo post and pseudo post x prehhi for each draw."""
    position = cities.get_indexer(frame["city"])
    post = (frame["year"].to_numpy()[:, None] >= pseudo[position]).astype(float)
    return np.stack([post, post * frame["prehhi"].to_numpy()[:, None]], axis=1)


def placebo(panel: pd.DataFrame, n_draws: int, seed: int) -> dict:
    """Vectorised placebo: beta3 for ``n_draws`` random reassignments of the opening years."""
    frame, design = design_for(panel, ["firm", "year", "industry", "city"])
    city_years = frame.groupby("city")["treat_year"].first()
    pseudo = placebo_years(np.random.default_rng([seed, 500]), city_years, n_draws)
    draws = placebo_draws(frame, pseudo, city_years.index)
    out = design.fit_draws(frame["trade_c"].to_numpy(), draws, frame[CONTROLS].to_numpy(), keep=1)
    observed = design.fit_draws(
        frame["trade_c"].to_numpy(),
        frame[["post", "post_prehhi"]].to_numpy()[:, :, None],
        frame[CONTROLS].to_numpy(),
        1,
    ).iloc[0]
    return {
        "draws": out,
        "observed": float(observed["coef"]),
        "p_value": randomization_pvalue(observed["coef"], out["coef"]),
        "share_significant": float((out["p"] < 0.05).mean()),
    }


# --- heterogeneity (Tables 2-3) ---------------------------------------------------------------
def splits(panel: pd.DataFrame) -> dict:
    """Eq. (1) col. (4) on each group of Tables 2-3 (city SE)."""
    out = {}
    for group in GROUPS:
        for value in (1.0, 0.0):
            sub = panel[panel[group] == value]
            result = ols(sub, "trade_c", BASE)
            out[(group, int(value))] = {**estimate(result), "adj_r2": result.rsquared_adj}
    return out


def group_differences(panel: pd.DataFrame, split: dict, n_permutations: int, seed: int) -> pd.DataFrame:
    """Between-group differences by the three routes of spec §8.7."""
    rows = []
    for i, group in enumerate(GROUPS):
        b1, b0 = split[(group, 1)], split[(group, 0)]
        simple = b1["coef"] - b0["coef"]
        z = simple / np.hypot(b1["se"], b0["se"])
        sub = panel[panel[group].notna()].copy()
        pooled = _pooled_difference(sub, group)
        stacked = _stacked_difference(sub, group)
        perm = _permutation_difference(sub, group, n_permutations, [seed, 700 + i])
        rows.append(
            {
                "group": GROUPS[group],
                "simple difference": simple,
                "naive z": z,
                "naive p": 2 * stats.norm.sf(abs(z)),
                "interacted (SUR-type) p": stacked["p"],
                "pooled triple interaction": pooled["coef"],
                "pooled SE": pooled["se"],
                "pooled p": pooled["p"],
                "permutation p": perm,
            }
        )
    return pd.DataFrame(rows)


def _with_group_terms(sub: pd.DataFrame, group: str) -> pd.DataFrame:
    return sub.assign(
        g=sub[group],
        post_g=sub["post"] * sub[group],
        post_prehhi_g=sub["post_prehhi"] * sub[group],
    )


def _pooled_difference(sub: pd.DataFrame, group: str) -> dict:
    """Route 1: one regression with post x prehhi x D and post x D (common slopes on the controls)."""
    frame = _with_group_terms(sub, group)
    main = [] if GROUP_LEVEL[group] == "stkcd" else ["g"]
    return estimate(ols(frame, "trade_c", [*BASE, "post_g", "post_prehhi_g", *main]), "post_prehhi_g")


def _stacked_difference(sub: pd.DataFrame, group: str) -> dict:
    """Route 2: the fully interacted model (every slope and fixed effect by group), whose
    post x prehhi x D coefficient equals the difference of the split estimates; city-clustered
    covariance across the groups (the Stata ``suest`` analogue)."""
    frame = _with_group_terms(sub, group)
    for c in CONTROLS:
        frame[f"{c}_g"] = frame[c] * frame["g"]
    fes = []
    for fe in FE4:
        frame[f"{fe}_by_g"] = frame[fe].astype(str) + "|" + frame["g"].astype(str)
        fes.append(f"{fe}_by_g")
    regressors = [*BASE, "post_g", "post_prehhi_g", *(f"{c}_g" for c in CONTROLS)]
    return estimate(ols(frame, "trade_c", regressors, fes), "post_prehhi_g")


def _permutation_difference(sub: pd.DataFrame, group: str, n_draws: int, seed) -> float:
    """Route 3: Fisher permutation p-value of the pooled triple interaction, relabelling the
    groups at the level they are defined (firms, or industry-years for Inhhi)."""
    frame = sub.assign(ind_year=sub["ind2_year"])
    frame, design = design_for(frame, ["firm", "year", "industry", "city"])
    level = GROUP_LEVEL[group]
    labels = frame.groupby(level)[group].first()
    rng = np.random.default_rng(seed)
    shuffled = np.stack([rng.permutation(labels.to_numpy()) for _ in range(n_draws)], axis=1)
    observed = labels.to_numpy()[:, None]
    controls = frame[["post", *CONTROLS]].to_numpy()
    outcome = frame["trade_c"].to_numpy()
    position = labels.index.get_indexer(frame[level])
    fits = [
        design.fit_draws(outcome, _group_draws(frame, g[position], level), controls, keep=1)
        for g in (observed, shuffled)
    ]
    return randomization_pvalue(fits[0]["coef"].iloc[0], fits[1]["coef"])


def _group_draws(frame: pd.DataFrame, g: np.ndarray, level: str) -> np.ndarray:
    """(rows x m x draws): post x D, post x prehhi x D and, for a time-varying D, D itself."""
    cols = [frame["post"].to_numpy()[:, None] * g, frame["post_prehhi"].to_numpy()[:, None] * g]
    if level != "stkcd":
        cols.append(g.astype(float))
    return np.stack(cols, axis=1)


# --- Table 4: excess loans -------------------------------------------------------------------
def excess_loans(panel: pd.DataFrame) -> pd.DataFrame:
    """Eq. (3): loan ratios on lagged controls with firm and year FE; residuals = Sloanr, Lloanr."""
    df = panel.copy()
    lagged = df.groupby("stkcd")[CONTROLS].shift(1)
    consecutive = df.groupby("stkcd")["year"].shift(1) == df["year"] - 1
    for c in CONTROLS:
        df[f"{c}_l1"] = lagged[c].where(consecutive)
    sample = df.dropna(subset=["lt_ratio", "st_ratio", *(f"{c}_l1" for c in CONTROLS)])
    sample, design = design_for(sample, ["firm", "year"])
    x = design.residualize(sample[[f"{c}_l1" for c in CONTROLS]].to_numpy())
    for loan, name in (("lt_ratio", "lloanr"), ("st_ratio", "sloanr")):
        y = design.residualize(sample[loan].to_numpy())
        sample[name] = y - x @ np.linalg.lstsq(x, y, rcond=None)[0]
    return sample


def table4(panel: pd.DataFrame) -> dict:
    """Table 4: step 1 on the full sample, steps 2-3 and the triple interaction on eq. (3)'s sample."""
    sample = excess_loans(panel)
    sample["post_lloanr"] = sample["post"] * sample["lloanr"]
    sample["prehhi_lloanr"] = sample["prehhi"] * sample["lloanr"]
    sample["post_prehhi_lloanr"] = sample["post_prehhi"] * sample["lloanr"]
    fits = {
        1: ols(panel, "trade_c", BASE),
        2: ols(sample, "sloanr", BASE),
        3: ols(sample, "lloanr", BASE),
        4: ols(sample, "trade_c", [*BASE, "lloanr"]),
        5: ols(sample, "trade_c", [*BASE, "lloanr", "post_lloanr", "prehhi_lloanr", "post_prehhi_lloanr"]),
        "1 on the common sample": ols(sample, "trade_c", BASE),
    }
    return {"fits": fits, "sample": sample}


def sobel(a: float, se_a: float, b: float, se_b: float) -> dict:
    """Sobel (first-order delta) test of the indirect effect a x b."""
    se = float(np.sqrt(a**2 * se_b**2 + b**2 * se_a**2))
    z = a * b / se
    return {"indirect": a * b, "se": se, "z": z, "p": float(2 * stats.norm.sf(abs(z)))}


def wild_bootstrap_indirect(sample: pd.DataFrame, n_draws: int, seed: int) -> dict:
    """Wild cluster bootstrap (Rademacher weights by city) of a x b on the common sample: the
    Lloanr equation and the Trade_C equation are re-drawn with the same city weights."""
    frame, design = design_for(sample, ["firm", "year", "industry", "city"])
    x_a = frame[["post_prehhi", "post", *CONTROLS]].to_numpy()
    x_b = frame[["lloanr", "post_prehhi", "post", *CONTROLS]].to_numpy()
    rng = np.random.default_rng([seed, 900])
    cities = pd.factorize(frame["city"])[0]
    weights = rng.choice([-1.0, 1.0], size=(cities.max() + 1, n_draws))[cities]
    draws = {}
    for name, y, x in (("a", frame["lloanr"], x_a), ("b", frame["trade_c"], x_b)):
        y = y.to_numpy()
        xr, yr = design.residualize(x), design.residualize(y)
        resid = yr - xr @ np.linalg.lstsq(xr, yr, rcond=None)[0]
        star = y[:, None] + (weights - 1) * resid[:, None]
        draws[name] = design.fit_outcomes(star, x, keep=(0,))[0]["coef"].to_numpy()
    product = draws["a"] * draws["b"]
    low, high = np.quantile(product, [0.025, 0.975])
    return {"draws": product, "ci": (float(low), float(high)), "share_below_zero": float((product < 0).mean())}


# --- Table 5: dyads ---------------------------------------------------------------------------
def table5(dyads: pd.DataFrame) -> dict:
    """Eq. (4) with industry_policy or Dsa; upstream, downstream, year, industry and city FE."""
    fits = {}
    for col, (dv, moderator) in enumerate(
        [
            ("trade_c_rev", "industry_policy"),
            ("trade_c_cost", "industry_policy"),
            ("trade_c_rev", "dsa"),
            ("trade_c_cost", "dsa"),
        ],
        start=1,
    ):
        frame = dyads.assign(
            m=dyads[moderator],
            post_m=dyads["post"] * dyads[moderator],
            prehhi_m=dyads["prehhi"] * dyads[moderator],
            post_prehhi_m=dyads["post_prehhi"] * dyads[moderator],
        )
        regressors = ["post", "post_prehhi", "post_prehhi_m", "post_m", "prehhi_m", *CONTROLS]
        fits[col] = {"fit": ols(frame, dv, regressors, DYAD_FE), "moderator": moderator}
    return fits


# --- effect size ------------------------------------------------------------------------------
def effect_size(beta3: float, panel: pd.DataFrame) -> dict:
    """Spec §8 step 3: |beta3| x SD(prehhi), in points and relative to mean Trade_C."""
    sd_firm_years = float(panel["prehhi"].std())
    sd_cities = float(panel.groupby("city")["prehhi"].first().std())
    mean_tc = float(panel["trade_c"].mean())
    return {
        "beta3": beta3,
        "sd_prehhi": sd_firm_years,
        "sd_prehhi_cities": sd_cities,
        "mean_trade_c": mean_tc,
        "points": abs(beta3) * sd_firm_years * 100,
        "relative": abs(beta3) * sd_firm_years / mean_tc * 100,
        "relative_city_sd": abs(beta3) * sd_cities / mean_tc * 100,
    }


def run(inputs: Inputs, params: dict) -> Results:
    """All of the chapter's computations for one set of parameters, on one BLAS thread: the matrices are
    tall and thin, and the book builds two chapters at once on two cores, so more threads only contend."""
    with threadpool_limits(limits=1, user_api="blas"):
        return _run(inputs, params)


def _run(inputs: Inputs, params: dict) -> Results:
    seed = int(params.get("seed", 0))
    panel = d.add_groups(d.build_panel(inputs, post_lag=int(params.get("post_lag", 0))))
    dyads = d.build_dyads(inputs, panel)
    res = Results(inputs.mode, dict(params), panel, dyads, truth=inputs.truth)
    res.table1 = table1(panel)
    res.event = event_study(panel)
    res.robustness = robustness(panel)
    res.placebo = placebo(panel, int(params.get("n_placebo", 500)), seed)
    res.splits = splits(panel)
    res.differences = group_differences(panel, res.splits, int(params.get("n_permutations", 200)), seed)
    res.table4 = table4(panel)
    f = res.table4["fits"]
    a, b = estimate(f[3]), estimate(f[4], "lloanr")
    res.mediation = {
        "sobel": sobel(a["coef"], a["se"], b["coef"], b["se"]),
        "bootstrap": wild_bootstrap_indirect(res.table4["sample"], int(params.get("n_bootstrap", 999)), seed),
        "total_common": estimate(f["1 on the common sample"]),
    }
    res.table5 = table5(dyads)
    res.effect_size = effect_size(res.table1[("A", 4)]["ses"]["city"]["coef"], panel)
    return res
