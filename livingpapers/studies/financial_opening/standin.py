"""The seeded stand-in: A-share firms 2000-2016 in real prefecture cities, with planted effects.

The authors' CSMAR/Wind, CNRDS and ASIF data cannot be redistributed. The stand-in has their
schema and units (raw amounts in million yuan, ASIF assets in thousand yuan), the curated
opening dates, firm entry (IPO waves), rare relocations, the paper's sample sizes, and effects
planted in the open in :data:`PLANTED`, each beside the published number it was taken from or
marked ``independent``. Estimates on it show whether the method recovers what was planted;
they are never evidence about Chinese firms.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from livingpapers.methods.absorb import singleton_rows
from livingpapers.studies.financial_opening import data as d
from livingpapers.studies.financial_opening.data import FIRST_YEAR, LAST_YEAR, Inputs
from livingpapers.toolkit.claims import load_claims


def published(claim_id: str) -> float:
    """A published value of ``data/published/financial_opening.yml`` (read, never retyped)."""
    return _published_values()[claim_id]


@functools.cache
def _published_values() -> dict[str, float]:
    return {c.id: c.value for c in load_claims(d.SLUG)}


@dataclass(frozen=True)
class Effect:
    """One planted value and where it comes from.

    A value taken from the paper names its claims and is read from ``data/published``: the
    published number (``"value"``), the difference of two (``"difference"``) or their ratio
    (``"ratio"``). A value set here (``fixed``) is either independent or a reading of the paper
    that ``source`` explains.
    """

    source: str
    claims: tuple[str, ...] = ()
    combine: str = "value"
    fixed: float | None = None

    @property
    def value(self) -> float:
        if self.fixed is not None:
            return self.fixed
        v = [published(c) for c in self.claims]
        return {"value": lambda: v[0], "difference": lambda: v[0] - v[1], "ratio": lambda: v[0] / v[1]}[self.combine]()

    @property
    def from_paper(self) -> bool:
        return self.source != "independent"


PLANTED = {
    "beta3_rev": Effect("C4: Table 1 Panel A col. (4), the mean effect of post x prehhi on AR/revenue", ("C4",)),
    "beta3_cost": Effect("C8: Table 1 Panel B col. (4), the mean effect on AR/cost", ("C8",)),
    "post": Effect("independent", fixed=0.004),
    "gap_custmer": Effect(
        "C15 minus C16: Table 2, high minus low customer concentration", ("C15", "C16"), "difference"
    ),
    "gap_inhhi": Effect("C21 minus C22: Table 3, high minus low industry concentration", ("C21", "C22"), "difference"),
    "gap_soe": Effect("C23 minus C24: Table 3, state-owned minus private", ("C23", "C24"), "difference"),
    "a_lloanr": Effect("C29: Table 4 col. (3)", ("C29",)),
    "a_sloanr": Effect("C28: Table 4 col. (2), insignificant, read as zero", fixed=0.0),
    "b_lloanr": Effect("C30.lloanr: Table 4 col. (4)", ("C30.lloanr",)),
    "c_triple": Effect("C31.triple: Table 4 col. (5)", ("C31.triple",)),
    "dyad_base": Effect("independent", fixed=-0.02),
    "dyad_policy": Effect("C34.triple: Table 5 col. (1)", ("C34.triple",)),
    "dyad_dsa": Effect("C36.triple: Table 5 col. (3)", ("C36.triple",)),
    "dyad_cost_ratio": Effect(
        "C35.triple / C34.triple: cost- over revenue-scaled dyad effect", ("C35.triple", "C34.triple"), "ratio"
    ),
}
LABELS = {
    "beta3_rev": "post × prehhi on AR/revenue (mean effect)",
    "beta3_cost": "post × prehhi on AR/cost (mean effect)",
    "post": "post (level shift)",
    "gap_custmer": "gap: high vs low customer concentration",
    "gap_inhhi": "gap: high vs low industry concentration",
    "gap_soe": "gap: state-owned vs private",
    "a_lloanr": "post × prehhi on excess long-term loans (a)",
    "a_sloanr": "post × prehhi on excess short-term loans",
    "b_lloanr": "excess long-term loans on trade credit (b)",
    "c_triple": "post × prehhi × excess long-term loans (c)",
    "dyad_base": "dyads: post × prehhi, no moderator",
    "dyad_policy": "dyads: × unsupported downstream industry",
    "dyad_dsa": "dyads: × constrained downstream firm (Dsa)",
    "dyad_cost_ratio": "dyads: cost- over revenue-scaled effect",
}


def planted_table() -> pd.DataFrame:
    """Each planted value beside the published number(s) it was taken from (read from data/published)."""
    rows = []
    for name, e in PLANTED.items():
        published_values = " · ".join(f"{published(c):g}" for c in e.claims) if e.claims else ""
        origin = "independent" if not e.from_paper else (published_values or "reading of the paper")
        rows.append((LABELS[name], f"{e.value:.4f}", origin, e.source))
    return pd.DataFrame(rows, columns=["Planted quantity", "Planted value", "Published value(s) used", "Source"])


TARGET_N = {  # the paper's sample sizes, read from data/published: Table 1 Panels A and B, Table 4 col. (2), Table 5
    "panel_a": int(published("C1.n")),
    "cost_missing": int(published("C1.n") - published("C5.n")),
    "loans": int(published("C28.n")),
    "dyads": int(published("C35.n")),
    "dyad_rev_missing": int(published("C35.n") - published("C34.n")),
}
EVENT_PATH_SHAPE = (
    "delta_k proportional to min(0.01 + 0.02 k, 0.09) for k >= 0, zero before (spec §9's rising path, steeper)"
)
IPO_COUNTS = [79, 71, 67, 100, 15, 66, 126, 77, 99, 349, 282, 154, 2, 125, 223]  # 2001-2015 A-share IPOs
INDUSTRY_SHARES = {
    "A": 0.02, "B": 0.03, "C0": 0.04, "C1": 0.03, "C2": 0.004, "C3": 0.015, "C4": 0.10, "C5": 0.05, "C6": 0.06,
    "C7": 0.15, "C8": 0.06, "C9": 0.01, "D": 0.04, "E": 0.025, "F": 0.04, "G": 0.07, "H": 0.06, "K": 0.05,
    "L": 0.01, "M": 0.03,
}  # fmt: skip
CONTROL_SLOPES = {
    "tangl": -0.08,
    "cof": -0.05,
    "size": 0.004,
    "intangible": -0.05,
    "roa": -0.06,
    "vbr": 0.01,
    "lev": 0.03,
}
NOISE = {"city_year": 0.022, "firm": 0.065, "rho": 0.5, "loan": 0.03, "dyad": 0.028}


@dataclass
class Truth:
    """What the stand-in planted, kept for the design diagnosis (absent in real mode).

    ``firm`` holds per firm-year the outcome without noise (``signal_*``), the planted effect of
    post x prehhi inside it (``effect_*``) and the ids the noise is drawn by; ``dyad`` the same for
    the dyad panel; ``event_path`` the planted delta_k.
    """

    firm: pd.DataFrame
    dyad: pd.DataFrame
    event_path: pd.Series


def _rows_to_drop(frame: pd.DataFrame, n_drop: int, rng: np.random.Generator, keys=("stkcd", "city", "industry")):
    """Random rows whose removal leaves every firm, city and industry with at least two rows."""
    codes = [pd.factorize(frame[k])[0] for k in keys]
    counts = [np.bincount(c) for c in codes]
    dropped = []
    for i in rng.permutation(len(frame)):
        if len(dropped) == n_drop:
            break
        if all(cnt[c[i]] > 2 for cnt, c in zip(counts, codes)):
            for cnt, c in zip(counts, codes):
                cnt[c[i]] -= 1
            dropped.append(frame.index[i])
    if len(dropped) < n_drop:
        raise RuntimeError(f"could only drop {len(dropped)} of {n_drop} rows without creating singletons")
    return dropped


def _without_singletons(frame: pd.DataFrame, keys=("stkcd", "city", "industry")) -> pd.DataFrame:
    return frame[~singleton_rows(frame, list(keys))]


def _cities(rng: np.random.Generator) -> pd.DataFrame:
    """Cities with a firm-location weight and a branch-concentration level (later openers more concentrated)."""
    c = d.cities()
    early = c["opening_year"] < d.FULL_OPENING_YEAR
    big = c["admin_status"] != "prefecture-level city"
    c["weight"] = np.exp(rng.normal(0, 1.0, len(c))) * np.where(early, 9.0, np.where(big, 3.0, 1.0))
    c["mu_hhi"] = np.where(early, 0.06 + rng.gamma(2.0, 0.06, len(c)), 0.09 + rng.gamma(1.4, 0.23, len(c)))
    c["mu_hhi"] = c["mu_hhi"].clip(0.05, 0.9)
    return c


def _city_year(c: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    years = np.arange(d.BANK_FIRST_YEAR, LAST_YEAR + 1)
    cy = c[["city", "province", "mu_hhi", "weight"]].merge(pd.DataFrame({"year": years}), how="cross")
    n, t = len(cy), cy["year"] - d.BANK_FIRST_YEAR
    cy["bank_hhi"] = (cy["mu_hhi"] - 0.003 * t + rng.normal(0, 0.01, n)).clip(0.02, 0.95)
    level = np.log(cy["weight"])
    cy["gdp_pc"] = np.exp(9.0 + 0.3 * level + 0.11 * t + rng.normal(0, 0.05, n))
    cy["fai"] = np.exp(9.5 + 0.6 * level + 0.15 * t + rng.normal(0, 0.08, n))
    cy["employment"] = np.exp(6.0 + 0.4 * level + 0.02 * t + rng.normal(0, 0.04, n))
    cy["gov_revenue"] = np.exp(8.0 + 0.6 * level + 0.14 * t + rng.normal(0, 0.06, n))
    cy["gov_expenditure"] = cy["gov_revenue"] * np.exp(0.3 + rng.normal(0, 0.05, n))
    province = cy.groupby("province")["mu_hhi"].transform("mean")
    cy["market_finance"] = 7.5 - 10.0 * province + 0.25 * t + rng.normal(0, 0.2, n)
    cy["lir"] = (0.1 + 0.045 * t).clip(upper=1.0)
    return cy.drop(columns=["province", "mu_hhi", "weight"])


RELOCATION_SHARE = 0.04  # firms that move to another city once (so city effects are not nested in firm effects)
RECLASSIFICATION_SHARE = 0.04  # firms that change industry once


def _firms(c: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Firms with entry year, city, industry, ownership and a rare relocation or reclassification."""
    cohorts = [(FIRST_YEAR, 800)] + [(FIRST_YEAR + 1 + i, round(0.75 * n)) for i, n in enumerate(IPO_COUNTS)]
    entry = np.concatenate([np.full(n, y) for y, n in cohorts])
    n = len(entry)
    p_city = (c["weight"] / c["weight"].sum()).to_numpy()
    industries = list(INDUSTRY_SHARES)
    p_ind = np.array(list(INDUSTRY_SHARES.values()))
    p_soe = np.where(entry == FIRST_YEAR, 0.72, np.where(entry <= 2006, 0.5, 0.3))
    codes = rng.choice(np.arange(1, 999999), n, replace=False)
    return pd.DataFrame(
        {
            "stkcd": [f"{x:06d}" for x in codes],
            "entry": entry,
            "city": c["city"].to_numpy()[rng.choice(len(c), n, p=p_city)],
            "industry": rng.choice(industries, n, p=p_ind / p_ind.sum()),
            "soe": (rng.random(n) < p_soe).astype(int),
            "move_year": np.where(rng.random(n) < RELOCATION_SHARE, rng.integers(2003, 2015, n), 9999),
            "move_city": c["city"].to_numpy()[rng.choice(len(c), n, p=p_city)],
            "switch_year": np.where(rng.random(n) < RECLASSIFICATION_SHARE, rng.integers(2003, 2015, n), 9999),
            "switch_industry": rng.choice(industries, n, p=p_ind / p_ind.sum()),
            "discloses": rng.random(n) < 0.5,
            "cost_ratio": rng.normal(0.76, 0.1, n).clip(0.4, 0.97),
        }
    )


def _firm_years(firms: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """All firm-years from entry to 2016, then random 'missing data' drops to the paper's N."""
    fy = firms.loc[firms.index.repeat(LAST_YEAR + 1 - firms["entry"])].copy()
    fy["year"] = fy["entry"] + fy.groupby(level=0).cumcount()
    moved = fy["year"] >= fy["move_year"]
    fy.loc[moved, "city"] = fy.loc[moved, "move_city"]
    switched = fy["year"] >= fy["switch_year"]
    fy.loc[switched, "industry"] = fy.loc[switched, "switch_industry"]
    fy = _without_singletons(fy.reset_index(drop=True))
    fy = fy.drop(index=_rows_to_drop(fy, len(fy) - TARGET_N["panel_a"], rng))
    return fy.sort_values(["stkcd", "year"]).reset_index(drop=True)


def _ar1(groups: np.ndarray, rng: np.random.Generator, sd: float, rho: float) -> np.ndarray:
    """A stationary AR(1) series within each group (rows sorted by group, then time)."""
    e = rng.normal(0, sd, len(groups))
    out = e.copy()
    same = np.r_[False, groups[1:] == groups[:-1]]
    scale = np.sqrt(1 - rho**2)
    for i in np.flatnonzero(same):
        out[i] = rho * out[i - 1] + scale * e[i]
    return out


def _controls(fy: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    firm = fy["stkcd"].to_numpy()
    codes = pd.factorize(firm)[0]
    n_f, n = codes.max() + 1, len(fy)

    def firm_level(draw):
        return draw(n_f)[codes]

    age = fy["year"] - fy["entry"]
    x = pd.DataFrame(index=fy.index)
    x["size"] = firm_level(lambda k: rng.normal(7.3, 1.0, k)) + 0.07 * age + _ar1(codes, rng, 0.12, 0.8)
    x["tangl"] = (firm_level(lambda k: rng.beta(2.5, 6, k)) + rng.normal(0, 0.04, n)).clip(0.01, 0.9)
    x["cof"] = firm_level(lambda k: rng.normal(0.05, 0.04, k)) + rng.normal(0, 0.06, n)
    x["intangible"] = (firm_level(lambda k: rng.beta(1.3, 26, k)) + rng.normal(0, 0.006, n)).clip(0, 0.6)
    x["roa"] = firm_level(lambda k: rng.normal(0.035, 0.03, k)) + rng.normal(0, 0.04, n)
    x["vbr"] = (firm_level(lambda k: rng.lognormal(np.log(0.42), 0.35, k)) * np.exp(rng.normal(0, 0.25, n))).clip(
        0.05, 2.0
    )
    x["lev"] = (firm_level(lambda k: rng.beta(4.5, 5, k)) + rng.normal(0, 0.05, n)).clip(0.03, 0.97)
    return x


def _event_path(fy: pd.DataFrame, multiplier: np.ndarray, target: float) -> pd.Series:
    """delta_k (k = years since opening, up to 15) scaled so that the mean planted effect over the
    treated firm-years equals ``target``."""
    k = np.arange(0, LAST_YEAR - 2001 + 1)
    shape = -np.minimum(0.01 + 0.02 * k, 0.09)
    rel = (fy["year"] - fy["treat_year"]).to_numpy()
    treated = rel >= 0
    raw = shape[rel[treated]] * multiplier[treated]
    return pd.Series(shape * target / raw.mean(), index=k, name="delta_k")


def _heterogeneity(fy: pd.DataFrame) -> np.ndarray:
    """Firm-year effect multipliers (mean one) carrying the planted group gaps of Tables 2-3."""
    base = PLANTED["beta3_rev"].value
    h = np.full(len(fy), base)
    for gap, column in (("gap_custmer", "custmer"), ("gap_inhhi", "inhhi"), ("gap_soe", "soe_group")):
        g = fy[column].to_numpy(float)
        share = np.nanmean(g)
        h = h + PLANTED[gap].value * np.nan_to_num(g - share)
    return h / base


def simulate(seed: int) -> Inputs:
    """The stand-in inputs for ``seed`` (same seed, same data), with the planted truth attached."""
    rng = np.random.default_rng([seed, 14])
    c = _cities(rng)
    city_year = _city_year(c, rng)
    firms = _firms(c, rng)
    fy = _firm_years(firms, rng)
    fy = fy.join(_controls(fy, rng))
    fy = _accounts(fy, rng)
    fy = fy.merge(d.city_intensity(city_year)[["city", "treat_year", "prehhi"]], on="city", how="left")
    fy["post"] = (fy["year"] >= fy["treat_year"]).astype(float)
    fy = d.add_groups(fy.assign(soe_firm=fy.groupby("stkcd")["soe"].transform("first")))
    fy, truth_firm, path = _outcomes(fy, rng)
    fy["prehhi_20"] = (fy.groupby("stkcd")["prehhi"].transform("first") + rng.normal(0, 0.04, len(fy))).clip(0.01, 1)
    industries = _industries(fy, rng)
    dyads, truth_dyad = _dyads(fy, rng)
    firm_year = fy[d.CONTRACTS[0].columns()].copy()
    return Inputs(
        firm_year, city_year.reset_index(drop=True), industries, dyads, "standin", Truth(truth_firm, truth_dyad, path)
    )


def _accounts(fy: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Raw amounts (million yuan) consistent with the controls; customers and governance."""
    n = len(fy)
    ta = np.exp(fy["size"])
    fy["total_assets"] = ta
    fy["fixed_assets"] = fy["tangl"] * ta
    fy["intangible_assets"] = fy["intangible"] * ta
    fy["net_profit"] = fy["roa"] * ta
    fy["cfo"] = fy["cof"] * ta
    fy["total_liabilities"] = fy["lev"] * ta
    fy["market_value"] = (1 - fy["lev"]) * ta / fy["vbr"]
    fy["revenue"] = ta * np.exp(rng.normal(np.log(0.7), 0.45, n))
    codes = pd.factorize(fy["stkcd"])[0]
    hhi = pd.Series(rng.beta(1.5, 8, codes.max() + 1)[codes] + rng.normal(0, 0.03, n), index=fy.index).clip(0.005, 1)
    fy["customer_hhi"] = hhi.where(fy["discloses"])
    fy["top5_share"] = (np.sqrt(hhi) * 1.3 + rng.normal(0, 0.08, n)).clip(0.02, 1).where(fy["discloses"])
    fy["board_size"] = rng.integers(5, 16, n).astype(float)
    fy["indep_share"] = rng.uniform(0.25, 0.5, n)
    fy["top1_share"] = rng.uniform(0.1, 0.75, n)
    fy["duality"] = (rng.random(n) < 0.15).astype(float)
    return fy


def _outcomes(fy: pd.DataFrame, rng: np.random.Generator):
    """Trade credit, loans and their planted effects (spec §9)."""
    n = len(fy)
    codes = pd.factorize(fy["stkcd"])[0]
    pp = (fy["post"] * fy["prehhi"]).to_numpy()
    multiplier = _heterogeneity(fy)
    path = _event_path(fy, multiplier, 1.0)
    rel = (fy["year"] - fy["treat_year"]).to_numpy()
    delta = np.where(rel >= 0, path.reindex(np.clip(rel, 0, None)).to_numpy(), 0.0)
    # excess long-term loans: a x post x prehhi + shock v; Trade_C loads on it with slope b, and on
    # the shock with an extra c x (post x prehhi - mean) (the triple interaction of Table 4 col. 5)
    a, b, c = PLANTED["a_lloanr"].value, PLANTED["b_lloanr"].value, PLANTED["c_triple"].value
    shock = rng.normal(0, NOISE["loan"], n)
    excess = a * pp + shock
    indirect = a * b  # planted mean indirect effect per unit of post x prehhi
    direct_mean = PLANTED["beta3_rev"].value - indirect
    effect = direct_mean * delta * multiplier * fy["prehhi"].to_numpy() * (fy["post"].to_numpy() > 0)
    effect = effect + PLANTED["post"].value * fy["post"].to_numpy()
    alpha = np.exp(rng.normal(np.log(0.165), 0.5, codes.max() + 1))[codes]
    gamma = pd.Series(rng.normal(0, 0.004, LAST_YEAR - FIRST_YEAR + 1).cumsum(), index=range(FIRST_YEAR, LAST_YEAR + 1))
    slopes = sum(v * fy[k].to_numpy() for k, v in CONTROL_SLOPES.items())
    slopes = slopes - slopes.mean()
    signal = alpha + fy["year"].map(gamma).to_numpy() + slopes
    city_year = pd.factorize(fy["city"] + fy["year"].astype(str))[0]
    noise = rng.normal(0, NOISE["city_year"], city_year.max() + 1)[city_year] + _ar1(
        codes, rng, NOISE["firm"], NOISE["rho"]
    )
    loan_part = b * excess + c * (pp - pp.mean()) * shock
    trade_c = np.maximum(signal + effect + loan_part + noise, 0.003)
    cost_scale = PLANTED["beta3_cost"].value / PLANTED["beta3_rev"].value
    cost_ratio = fy["cost_ratio"].to_numpy()
    treatment_part = effect + loan_part
    trade_c_cost = np.maximum((trade_c - treatment_part) / cost_ratio + cost_scale * treatment_part, 0.003)
    fy["ar"] = trade_c * fy["revenue"]
    fy["cost"] = fy["ar"] / trade_c_cost
    fy["ap"] = fy["cost"] * np.exp(rng.normal(np.log(0.15), 0.5, n))
    fy = _loans(fy, excess, rng)
    truth = pd.DataFrame(
        {
            "stkcd": fy["stkcd"],
            "year": fy["year"],
            "signal_rev": signal + loan_part - indirect * pp,
            "effect_rev": effect + indirect * pp,
            "multiplier": multiplier,
            "cost_ratio": cost_ratio,
            "excess_lt": excess,
        }
    )
    return fy, truth, path * direct_mean


def _loans(fy: pd.DataFrame, excess: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Loan ratios from lagged controls, firm and year effects and the planted excess; missing
    loan data where needed for the paper's N = 16,296 in eq. (3)."""
    n = len(fy)
    codes = pd.factorize(fy["stkcd"])[0]
    lag_lev = fy.groupby("stkcd")["lev"].shift(1).fillna(fy["lev"]).to_numpy()
    lag_size = fy.groupby("stkcd")["size"].shift(1).fillna(fy["size"]).to_numpy()
    firm_lt = rng.gamma(4.0, 0.025, codes.max() + 1)[codes]
    firm_st = rng.gamma(2.5, 0.045, codes.max() + 1)[codes]
    lt = (firm_lt + 0.08 * (lag_lev - 0.47) + 0.005 * (lag_size - 7.5) + excess).clip(0, 0.8)
    st = (firm_st + 0.15 * (lag_lev - 0.47) + rng.normal(0, 0.04, n)).clip(0, 0.8)
    fy["lt_loans"] = lt * fy["total_assets"]
    fy["st_loans"] = st * fy["total_assets"]
    has_lag = (fy.groupby("stkcd")["year"].shift(1) == fy["year"] - 1).to_numpy()
    candidates = _without_singletons(fy[has_lag])
    usable = candidates.drop(index=_rows_to_drop(candidates, len(candidates) - TARGET_N["loans"], rng))
    missing = ~fy.index.isin(usable.index) & has_lag
    fy.loc[missing, ["lt_loans", "st_loans"]] = np.nan
    cost_missing = _rows_to_drop(fy, TARGET_N["cost_missing"], rng)
    fy.loc[cost_missing, "cost"] = np.nan
    return fy


def _industries(fy: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    first = fy[fy["year"] <= 2001].groupby("industry")["soe"].mean()
    table = pd.DataFrame({"industry": d.CSRC_INDUSTRIES})
    table["soe_share2001"] = table["industry"].map(first).fillna(0.5).clip(0, 1)
    manufacturing = table["industry"].str.startswith("C") | table["industry"].isin(["A", "B"])
    table["tariff2001"] = np.where(manufacturing, rng.uniform(6, 25, len(table)), rng.uniform(0, 4, len(table)))
    return table


def _dyads(fy: pd.DataFrame, rng: np.random.Generator):
    """Upstream listed firm x downstream ASIF firm x year (<= 2013) with planted moderator effects."""
    panel = fy[fy["year"] <= d.ASIF_LAST_YEAR]
    present = panel.groupby("stkcd")["year"].agg(["min", "max"])
    upstream = present[present["max"] - present["min"] >= 2].sample(n=1400, random_state=rng.integers(1 << 31))
    codes = pd.to_numeric(d.facts("industries")["code"]).to_numpy()
    rows = []
    down = 0
    for stkcd, (first, last) in upstream.iterrows():
        for _ in range(1 + rng.poisson(1.3)):
            start = int(rng.integers(first, last))
            length = 2 + int(rng.geometric(0.35))
            rows += [(stkcd, f"D{down:07d}", y) for y in range(start, min(start + length, last + 1))]
            down += 1
    dy = pd.DataFrame(rows, columns=["stkcd", "down_id", "year"])
    dy = dy.merge(panel[["stkcd", "year", "city", "industry", "post", "prehhi", "treat_year"]], on=["stkcd", "year"])
    firms = dy.groupby("down_id").size().index
    n_down = len(firms)
    attrs = pd.DataFrame(
        {
            "down_industry": rng.choice(codes, n_down),
            "log_assets": rng.normal(np.log(60000), 1.3, n_down),
            "founded": rng.integers(1960, 2006, n_down),
        },
        index=firms,
    )
    dy = dy.join(attrs, on="down_id")
    dy["down_assets"] = np.exp(dy["log_assets"] + 0.05 * (dy["year"] - 2000))
    dy["down_age"] = (dy["year"] - dy["founded"]).clip(lower=0).astype(float)
    keys = ("stkcd", "down_id", "city", "industry")
    dy = _without_singletons(dy, keys)
    dy = dy.drop(index=_rows_to_drop(dy, len(dy) - TARGET_N["dyads"], rng, keys=keys))
    dy = dy.sort_values(["stkcd", "down_id", "year"]).reset_index(drop=True)
    policy = (~dy["down_industry"].isin(d.supported_industries())).to_numpy(float)
    dsa = dy["down_id"].map(d.downstream_constraint(dy)).to_numpy()
    pp = (dy["post"] * dy["prehhi"]).to_numpy()
    effect = pp * (PLANTED["dyad_base"].value + PLANTED["dyad_policy"].value * policy + PLANTED["dyad_dsa"].value * dsa)
    up = pd.factorize(dy["stkcd"])[0]
    dn = pd.factorize(dy["down_id"])[0]
    signal = (
        np.exp(rng.normal(np.log(0.03), 0.9, up.max() + 1))[up]
        + np.exp(rng.normal(np.log(0.02), 0.9, dn.max() + 1))[dn]
        + 0.002 * (dy["year"].to_numpy() - 2000)
    )
    noise = rng.normal(0, NOISE["dyad"], len(dy))
    rev = np.maximum(signal + effect + noise, 0.0)
    ratio = rng.normal(PLANTED["dyad_cost_ratio"].value, 0.05, dn.max() + 1)[dn]
    dy["trade_c_rev"] = rev
    dy["trade_c_cost"] = rev * ratio
    dy.loc[_rows_to_drop(dy, TARGET_N["dyad_rev_missing"], rng, keys=keys), "trade_c_rev"] = np.nan
    truth = pd.DataFrame(
        {"stkcd": dy["stkcd"], "down_id": dy["down_id"], "year": dy["year"], "signal": signal, "effect": effect}
    )
    return dy[d.CONTRACTS[3].columns()], truth
