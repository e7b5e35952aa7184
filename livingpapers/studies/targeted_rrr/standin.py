"""The seeded stand-in: 74 banks, 2011-2018, unbalanced as the paper's usable samples imply.

Shape (fixed, not random): 4 state-owned banks observed 2011-2017 and 11 joint-stock banks with
six-year spells give 20 + 44 = 64 usable difference-GMM observations (a spell of T consecutive
years yields T - 2); the 59 city/rural banks have spells of 4-7 years (15 x 2 + 29 x 3 + 10 x 4 +
5 x 5 = 182), and six of them also report one isolated year after a gap, which difference GMM
cannot use. So the usable samples are exactly 246 / 64 / 182 (claim C1) for every seed.

Dynamics: the log small/micro balance follows the paper's eq. (11) with the Table 4 coefficients
for each bank group and Table 1's control coefficients (the only ones printed). Total assets
follow an exogenous growth path, so slr = balance / assets is implied by the balance equation,
not planted: its coefficients are estimands of this design, computed on a stand-in ten times
larger (:func:`pseudo_truth` in ``analysis``). The overnight rate is a daily series with an
illustrative drop on each event's effective date (spec §9 scale; no SHIBOR value could be
verified). ``PLANTED`` lists every planted value beside the published claim it was taken from.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from livingpapers.studies.targeted_rrr import data as D
from livingpapers.toolkit.claims import load_claims


@dataclass(frozen=True)
class Planted:
    """One planted value of the stand-in and where it comes from."""

    parameter: str
    group: str
    value: float
    source: str  # claim id it was taken from, or "independent"


def published(claim_id: str) -> float:
    """A published value from data/published/targeted_rrr.yml (never retyped)."""
    return _published_values()[claim_id]


@functools.cache
def _published_values() -> dict[str, float]:
    return {c.id: c.value for c in load_claims(D.SLUG)}


@functools.cache
def planted_parameters() -> tuple[Planted, ...]:
    """The stand-in's true parameters for the balance equation (11), by bank group."""
    rows = []
    for group, col in (("large", "large"), ("smb", "smb")):
        for name, cid in (("rho", "C21"), ("TR", "C24"), ("Fin", "C22"), ("FinTR", "C23")):
            rows.append(Planted(name, group, published(f"{cid}.{col}"), f"{cid}.{col}"))
        for name, cid in (("SIZE", "C4"), ("NNI", "C5"), ("NPL", "C6"), ("ROA", "C7"), ("M2", "C8"), ("CPI", "C9")):
            rows.append(Planted(name, group, published(f"{cid}.{col}"), f"{cid}.{col} (Table 1)"))
    return tuple(rows)


# illustrative overnight-rate drops on effective dates, percentage points (independent; spec §9 scale)
RATE_DROPS = {1: 0.15, 2: 0.10, 3: 0.15, 4: 0.03, 5: 0.05, 6: 0.05, 7: 0.08, 8: 0.12, 9: 0.10}
RATE_LEVEL, RATE_NOISE = 2.5, 0.01
# levels (independent, spec §9): mean log balance (RMB 100 m) and log assets in 2011, fin by group
LEVELS = {
    "state_owned": {"lnsloan": 9.4, "size": 12.0, "fin": 4.35, "npl": 1.2, "nni": 0.22, "roa": 0.012},
    "joint_stock": {"lnsloan": 8.0, "size": 10.6, "fin": 4.30, "npl": 1.3, "nni": 0.20, "roa": 0.010},
    "city_rural": {"lnsloan": 6.4, "size": 7.6, "fin": 3.40, "npl": 1.6, "nni": 0.10, "roa": 0.009},
}
FIN_TREND = {"state_owned": 0.09, "joint_stock": 0.10, "city_rural": 0.10}  # a year, log points
SIGMA = {"large": 0.08, "smb": 0.10}  # s.d. of the balance equation's shock
SIGMA_U = 0.15  # s.d. of the bank effect around its group level
BURN_IN = 5


def spells() -> list[tuple[str, int, int, int | None]]:
    """(bank type, first year, last year, isolated extra year or None), in bank order; fixed by design."""
    out = [("state_owned", 2011, 2017, None)] * 4
    out += [("joint_stock", 2013, 2018, None)] * 7 + [("joint_stock", 2011, 2016, None)] * 2
    out += [("joint_stock", 2012, 2017, None)] * 2
    smb = [(7, 2011)] * 5 + [(6, 2013)] * 10 + [(5, 2014)] * 15 + [(5, 2012)] * 14 + [(4, 2015)] * 8 + [(4, 2014)] * 7
    for k, (length, first) in enumerate(smb):
        extra = first + length + 1 if k in (40, 41, 42, 44, 45, 46) and first + length + 1 <= D.LAST_YEAR else None
        out.append(("city_rural", first, first + length - 1, extra))
    return out


def simulate_rates(rng: np.random.Generator) -> pd.DataFrame:
    """A daily overnight rate: a level with small noise and an illustrative drop on each event's effective date."""
    days = pd.date_range("2013-12-01", "2018-12-31", freq="D")
    level = np.full(len(days), RATE_LEVEL)
    for ev in D.events("extended").itertuples():
        level[days.date >= ev.date] -= RATE_DROPS[ev.event]
    rate = level + rng.normal(0, RATE_NOISE, len(days))
    return pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "rate": np.round(rate, 4)})


@functools.cache
def _group_params(group: str) -> dict[str, float]:
    return {p.parameter: p.value for p in planted_parameters() if p.group == group}


def simulate(
    seed: int, scale: int = 1, null: bool = False, rates: pd.DataFrame | None = None, tr: pd.Series | None = None
) -> D.Inputs:
    """The stand-in inputs (``scale`` copies of the bank list; ``null`` sets TR, Fin and Fin x TR effects to 0;
    ``rates`` reuses an overnight-rate series, so that a Monte Carlo keeps the policy index fixed, and ``tr``
    passes that series' index TR when it is already computed)."""
    rng = np.random.default_rng(seed)
    rates = simulate_rates(rng) if rates is None else rates
    tr = D.annual_index(D.event_shocks(D.events(), rates)) if tr is None else tr
    mac = D.macro().set_index("year")
    years = np.arange(D.FIRST_YEAR - BURN_IN, D.LAST_YEAR + 1)
    first_obs = years.clip(D.FIRST_YEAR, D.LAST_YEAR)
    common = {
        "years": years,
        "tr": tr.reindex(first_obs).to_numpy() * (years >= D.FIRST_YEAR),
        "cpi": mac["CPI"].reindex(first_obs).to_numpy(),
        "m2": mac["M2"].reindex(first_obs).to_numpy(),
    }
    banks, blocks, ids = [], [], []
    for copy in range(scale):
        for k, (btype, first, last, extra) in enumerate(spells()):
            bank_id = f"B{copy:02d}{k + 1:03d}" if scale > 1 else f"B{k + 1:03d}"
            banks.append(
                {"bank_id": bank_id, "name": f"Stand-in {btype.replace('_', '/')} bank {k + 1}", "bank_type": btype}
            )
            keep = ((years >= first) & (years <= last)) | (years == extra)
            blocks.append({c: v[keep] for c, v in _bank_path(rng, btype, common, null).items()})
            ids.append(np.repeat(bank_id, keep.sum()))
    panel = pd.DataFrame(
        {"bank_id": np.concatenate(ids)} | {c: np.concatenate([b[c] for b in blocks]) for c in blocks[0]}
    )
    panel = panel.round(6)
    return D.Inputs(pd.DataFrame(banks), panel, rates, simulated=True)


def _bank_path(rng, btype, common, null) -> dict[str, np.ndarray]:
    """One bank's variables over the burn-in and sample years."""
    group = "large" if btype in D.LARGE_TYPES else "smb"
    b = dict(_group_params(group))
    if null:
        b.update(TR=0.0, Fin=0.0, FinTR=0.0)
    lv, years, trv = LEVELS[btype], common["years"], common["tr"]
    n = len(years)
    size = lv["size"] + rng.normal(0, 0.4) + np.cumsum(rng.normal(0.10, 0.03, n)) - 0.10 * BURN_IN
    fin = lv["fin"] + rng.normal(0, 0.15) + FIN_TREND[btype] * (years - D.FIRST_YEAR) + rng.normal(0, 0.05, n)
    npl = np.clip(lv["npl"] + rng.normal(0, 0.3) + rng.normal(0, 0.25, n), 0.2, None)
    nni = np.clip(lv["nni"] + rng.normal(0, 0.04) + rng.normal(0, 0.03, n), 0.0, 0.6)
    roa = lv["roa"] + rng.normal(0, 0.0015) + rng.normal(0, 0.001, n)

    def lagged(x):
        return np.r_[x[0], x[:-1]]

    exog = (
        b["TR"] * trv + b["Fin"] * fin + b["FinTR"] * trv * fin + b["M2"] * common["m2"] + b["CPI"] * common["cpi"]
        + b["SIZE"] * lagged(size) + b["NNI"] * lagged(nni) + b["NPL"] * lagged(npl) + b["ROA"] * lagged(roa)
    )  # fmt: skip
    # bank effect: sets the long-run level of the log balance near its group's level
    alpha = (1 - b["rho"]) * (lv["lnsloan"] + rng.normal(0, SIGMA_U)) - exog[BURN_IN:].mean()
    shocks = rng.normal(0, SIGMA[group], n)
    y = np.empty(n)
    y[0] = (alpha + exog[0]) / (1 - b["rho"])
    for t in range(1, n):
        y[t] = alpha + b["rho"] * y[t - 1] + exog[t] + shocks[t]
    assets, sloan = np.exp(size), np.exp(y)
    # loans/assets fixed per bank so that the pre-2014 share of loans matches footnote 9 (claim C33)
    pre = (years >= D.FIRST_YEAR) & (years < D.FIRST_POLICY_YEAR)
    target = published(f"C33.{group}") / 100 * np.exp(rng.normal(0, 0.05))
    loans = assets * np.clip(sloan[pre].mean() / (target * assets[pre].mean()), 0.3, 0.9)
    return {
        "year": years.astype(int), "sloan": np.minimum(sloan, 0.95 * loans), "total_assets": assets, "total_loans": loans,
        "roa": roa, "npl": npl, "nni": nni, "fin": fin, "dfiic": 0.6 * fin + rng.normal(0, 0.05, n),
        "news_index": 3.0 + 0.2 * (years - D.FIRST_YEAR),
    }  # fmt: skip


def planted_table() -> pd.DataFrame:
    """The planted values with the published claim each was taken from (for the chapter's table)."""
    rows = [{"Parameter": p.parameter, "Bank group": "Large banks" if p.group == "large" else "Small and medium banks",
             "Planted value": p.value, "Taken from": p.source} for p in planted_parameters()]  # fmt: skip
    rows += [
        {"Parameter": f"Overnight-rate drop, event {k}", "Bank group": "All", "Planted value": v, "Taken from": "independent (spec §9 scale)"}
        for k, v in RATE_DROPS.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)


PLANTED = planted_parameters
