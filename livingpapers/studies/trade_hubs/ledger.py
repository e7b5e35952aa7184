"""Record every published claim of the trade-hubs paper against this run's results."""

from __future__ import annotations

import numpy as np
import pandas as pd

from livingpapers.studies.trade_hubs.analysis import Results
from livingpapers.studies.trade_hubs.data import CONTROLS
from livingpapers.studies.trade_hubs.estimation import coef
from livingpapers.toolkit.claims import Ledger

STOCK_YOGO_10 = 16.38
CONTEXT_REASON = "policy-background number quoted from outside statistics; this build has no public series to check it"


def _sig_pos(fit, var: str, level: float = 0.10) -> bool:
    b, _, p = coef(fit, var)
    return b > 0 and p < level


def record_table1(ledger: Ledger, df: pd.DataFrame, basis: str) -> None:
    for cid, var in (
        ("C1", "regopen"),
        ("C2", "hub"),
        ("C3", "ma"),
        ("C4", "mi"),
        ("C5", "gov"),
        ("C6", "ind"),
        ("C7", "fai"),
        ("C8", "fin"),
        ("C9", "sci"),
    ):
        s = df[var].dropna()
        for suffix, value in (("", s.mean()), (".n", len(s)), (".sd", s.std()), (".min", s.min()), (".max", s.max())):
            ledger.record_number(cid + suffix, value, basis=basis)
    ledger.record_number("C10", len(df), basis=basis)


def record_fit(ledger: Ledger, cid: str, fit, var: str) -> None:
    """An estimate claim plus its ``.n`` and ``.r2`` claims (where the paper prints them)."""
    ledger.record_estimate(cid, *coef(fit, var))
    ledger.record_number(f"{cid}.n", fit._N, basis=ledger.data_mode)
    ledger.record_number(f"{cid}.r2", fit._adj_r2, basis=ledger.data_mode)


def record_all(ledger: Ledger, r: Results) -> None:
    """Record every claim of data/published/trade_hubs.yml."""
    mode = ledger.data_mode
    record_table1(ledger, r.df, mode)
    b1, b2, b3, b4 = r.baseline
    ledger.record_estimate("C11", *coef(b1, "hub"))
    ledger.record_number("C12", b1._N, basis=mode)
    ledger.record_number("C12.r2", b1._adj_r2, basis=mode)
    ledger.record_estimate("C13", *coef(b2, "hub"))
    for fit, ids, n_id in (
        (b2, ("C14", "C15", "C16", "C17", "C18"), "C19"),
        (b3, ("C21", "C22", "C23", "C24", "C25"), "C26"),
        (b4, ("C28", "C29", "C30", "C31", "C32"), "C33"),
    ):
        for cid, var in zip(ids, CONTROLS):
            ledger.record_estimate(cid, *coef(fit, var))
        ledger.record_number(n_id, fit._N, basis=mode)
        ledger.record_number(f"{n_id}.r2", fit._adj_r2, basis=mode)
    ledger.record_estimate("C20", *coef(b3, "hub_l1"))
    ledger.record_estimate("C27", *coef(b4, "hub_l2"))
    rising = [coef(f, v)[0] for f, v in ((b2, "hub"), (b3, "hub_l1"), (b4, "hub_l2"))]
    ledger.record_check(
        "C34",
        all(_sig_pos(f, v, 0.01) for f, v in ((b2, "hub"), (b3, "hub_l1"), (b4, "hub_l2")))
        and rising[0] < rising[1] < rising[2],
        " < ".join(f"{x:.3f}" for x in rising),
    )
    ledger.record_number("C35", ledger.claim("C10").value - 2 * 219, basis="arithmetic")  # two lags lose 2 of 14 years
    _record_iv(ledger, r)
    _record_table4(ledger, r)
    _record_mechanisms(ledger, r)
    _record_synergy(ledger, r)
    _record_heterogeneity(ledger, r)
    _record_figures(ledger, r)
    for cid in ("C97", "C97.b", "C98", "C98.b", "C99"):
        ledger.record_not_computed(cid, CONTEXT_REASON)
    ledger.record_number("C100", ledger.claim("C2").value * ledger.claim("C10").value, basis="arithmetic on Table 1")
    ledger.record_number("C101", int(r.df[["ma", "mi"]].notna().all(axis=1).sum()), basis=mode)
    ledger.record_check(
        "H1", _sig_pos(b2, "hub", 0.01), f"Hub = {coef(b2, 'hub')[0]:.3f}, p = {coef(b2, 'hub')[2]:.4f}"
    )
    m = r.mechanisms
    h2 = _sig_pos(m[0], "hub") and _sig_pos(m[1], "hub") and _sig_pos(m[4], "hub_x_ma") and _sig_pos(m[4], "hub_x_mi")
    ledger.record_check(
        "H2",
        h2,
        "Hub on MA and MI, Hub x MA and Hub x MI (col 5): "
        + ", ".join(
            f"{coef(f, v)[0]:.3f} (p {coef(f, v)[2]:.3f})"
            for f, v in ((m[0], "hub"), (m[1], "hub"), (m[4], "hub_x_ma"), (m[4], "hub_x_mi"))
        ),
    )


def _record_iv(ledger: Ledger, r: Results) -> None:
    ols = coef(r.baseline[1], "hub")[0]
    for res, (first, second, stats_id) in zip(
        r.iv, (("C36", "C37", "C38"), ("C39", "C40", "C41"), ("C42", "C43", "C44"))
    ):
        ledger.record_estimate(
            first, res.first, abs(res.first / res.first_t_cluster), 2 * (1 - _t_cdf(abs(res.first_t_cluster)))
        )
        ledger.record_estimate(second, res.second, res.second_se, res.second_p)
        ledger.record_number(stats_id, res.n, basis=ledger.data_mode)
        ledger.record_number(f"{stats_id}.r2", res.centered_r2, basis=ledger.data_mode)
        ledger.record_number(f"{stats_id}.kp", res.kp_f, basis=ledger.data_mode)
        ledger.record_number(f"{stats_id}.cd", res.cd_f, basis=ledger.data_mode)
    ok = all(
        x.first > 0 and abs(x.first_t_cluster) > 1.65 and x.second > ols and x.second_p < 0.1 and x.kp_f > STOCK_YOGO_10
        for x in r.iv
    )
    ledger.record_check(
        "C45",
        ok,
        "; ".join(
            f"{x.instrument}: 1st {x.first:.3f} (t {x.first_t_cluster:.2f}), 2nd {x.second:.3f}, K-P F {x.kp_f:.1f}"
            for x in r.iv
        ),
    )
    ledger.record_number("C46", 15.03**2, basis="arithmetic on Table 3")


def _t_cdf(t: float) -> float:
    from scipy import stats

    return float(stats.t.cdf(t, 218))


def _record_table4(ledger: Ledger, r: Results) -> None:
    fits = r.robustness
    for cid, key, var in (
        ("C47", "impdep", "hub"),
        ("C48", "expdep", "hub"),
        ("C49", "digtrade", "hub"),
        ("C50", "hub1", "hub1"),
        ("C51", "psm", "hub"),
    ):
        record_fit(ledger, cid, fits[key], var)
    ledger.record_estimate("C52", r.dml["coef"], r.dml["se"], r.dml["p"])
    ledger.record_number("C52.n", r.dml["n"], basis=ledger.data_mode)
    coefs = [
        coef(fits[k], v)
        for k, v in (("impdep", "hub"), ("expdep", "hub"), ("digtrade", "hub"), ("hub1", "hub1"), ("psm", "hub"))
    ]
    coefs.append((r.dml["coef"], r.dml["se"], r.dml["p"]))
    ledger.record_check(
        "C53", all(b > 0 and p < 0.1 for b, _, p in coefs), ", ".join(f"{b:.3f} (p {p:.3f})" for b, _, p in coefs)
    )


def _record_mechanisms(ledger: Ledger, r: Results) -> None:
    m = r.mechanisms
    record_fit(ledger, "C54", m[0], "hub")
    record_fit(ledger, "C55", m[1], "hub")
    extra = {
        "C56": ("hub_x_ma", "z_ma"),
        "C57": ("hub_x_mi", "z_mi"),
        "C58": ("hub_x_ma", "hub_x_mi", "z_ma", "z_mi"),
        "C59": ("hub_x_ma", "hub_x_mi", "hub_x_ma_x_mi", "ma_x_mi", "z_ma", "z_mi"),
    }
    for fit, (cid, names) in zip(m[2:], extra.items()):
        record_fit(ledger, cid, fit, "hub")
        for v in names:
            ledger.record_estimate(f"{cid}.{v}", *coef(fit, v))
    ledger.record_check(
        "C60",
        _sig_pos(m[0], "hub") and _sig_pos(m[1], "hub"),
        f"MA {coef(m[0], 'hub')[0]:.4f} (p {coef(m[0], 'hub')[2]:.3f}), MI {coef(m[1], 'hub')[0]:.3f} "
        f"(p {coef(m[1], 'hub')[2]:.3f})",
    )
    inter = [
        (f, v)
        for f, vs in zip(m[2:], (("hub_x_ma",), ("hub_x_mi",), ("hub_x_ma", "hub_x_mi"), ("hub_x_ma", "hub_x_mi")))
        for v in vs
    ]
    ledger.record_check(
        "C61",
        all(_sig_pos(f, "hub", 0.01) for f in m[2:]) and all(_sig_pos(f, v) for f, v in inter),
        "Hub p: "
        + ", ".join(f"{coef(f, 'hub')[2]:.3f}" for f in m[2:])
        + "; interactions p: "
        + ", ".join(f"{coef(f, v)[2]:.3f}" for f, v in inter),
    )
    mains = [(m[5], v) for v in ("z_ma", "z_mi", "ma_x_mi", "hub_x_ma_x_mi")]
    ledger.record_check(
        "C62",
        all(coef(f, v)[2] >= 0.1 for f, v in mains),
        "col 6 p: " + ", ".join(f"{v} {coef(f, v)[2]:.3f}" for f, v in mains),
    )


def _record_synergy(ledger: Ledger, r: Results) -> None:
    s = r.synergy
    for cid, fit, var in (("C63", s[0], "ftz"), ("C64", s[1], "cre"), ("C65", s[2], "hub"), ("C66", s[3], "hub")):
        record_fit(ledger, cid, fit, var)
    hub, ftz, cre = coef(s[2], "hub")[0], coef(s[0], "ftz")[0], coef(s[1], "cre")[0]
    ledger.record_check("C67", ftz < hub and cre < hub, f"FTZ {ftz:.3f}, CRE {cre:.3f}, Hub {hub:.3f}")
    ledger.record_check(
        "C68", _sig_pos(s[3], "hub", 0.05), f"{coef(s[3], 'hub')[0]:.3f} (p {coef(s[3], 'hub')[2]:.3f})"
    )
    ledger.record_number("C69", r.summary["ftz_or_cre_cities"], basis="curated facts (city-level coding)")
    ledger.record_check(
        "C95", ftz < hub and cre < hub, f"Hub {hub:.3f} vs FTZ {ftz:.3f} and CRE {cre:.3f} (separate regressions)"
    )


def _record_heterogeneity(ledger: Ledger, r: Results) -> None:
    f = r.subsamples
    for cid, key in (
        ("C70", "central"),
        ("C71", "peripheral"),
        ("C73", "cw_noncluster"),
        ("C74", "cw_cluster"),
        ("C75", "east_noncluster"),
        ("C76", "east_cluster"),
        ("C81", "manufacturing"),
        ("C82", "service"),
        ("C84", "exploration"),
        ("C85", "integration"),
    ):
        record_fit(ledger, cid, f[key], "hub")
    for cid, test in (("C72", "central"), ("C77", "east_cluster"), ("C83", "manufacturing")):
        ledger.record_number(cid, r.tests[test]["difference"], basis=ledger.data_mode)
        ledger.record_number(f"{cid}.p", r.tests[test]["p_one_sided"], basis=f"{ledger.data_mode}, Fisher permutation")
    c, p = coef(f["central"], "hub"), coef(f["peripheral"], "hub")
    ledger.record_check(
        "C78",
        c[0] > 0 and c[2] < 0.1 and p[0] > c[0] and p[2] < 0.1 and r.tests["central"]["p_one_sided"] < 0.05,
        f"central {c[0]:.3f} (p {c[2]:.3f}), peripheral {p[0]:.3f} (p {p[2]:.3f}), "
        f"permutation p {r.tests['central']['p_one_sided']:.3f}",
    )
    pattern = (
        _sig_pos(f["cw_noncluster"], "hub")
        and coef(f["cw_cluster"], "hub")[2] >= 0.1
        and _sig_pos(f["east_noncluster"], "hub")
        and _sig_pos(f["east_cluster"], "hub")
    )
    ledger.record_check(
        "C79",
        pattern,
        ", ".join(
            f"{k} p {coef(f[k], 'hub')[2]:.3f}"
            for k in ("cw_noncluster", "cw_cluster", "east_noncluster", "east_cluster")
        ),
    )
    ledger.record_number("C80", int(r.df.groupby("city")["central"].first().sum()), basis="curated facts")
    m, s = coef(f["manufacturing"], "hub"), coef(f["service"], "hub")
    ledger.record_check(
        "C86",
        _sig_pos(f["manufacturing"], "hub")
        and _sig_pos(f["service"], "hub")
        and m[0] > s[0]
        and r.tests["manufacturing"]["p_one_sided"] < 0.1,
        f"manufacturing {m[0]:.3f} (p {m[2]:.3f}), service {s[0]:.3f} (p {s[2]:.3f}), "
        f"permutation p {r.tests['manufacturing']['p_one_sided']:.3f}",
    )
    e, i = coef(f["exploration"], "hub"), coef(f["integration"], "hub")
    ledger.record_check(
        "C87",
        e[2] >= 0.1 and i[0] > 0 and i[2] < 0.1,
        f"exploration p {e[2]:.3f}, integration {i[0]:.3f} (p {i[2]:.3f})",
    )
    ledger.record_number("C88", f["exploration"]._N, basis=ledger.data_mode)
    peripheral_larger = p[0] > c[0] and m[0] > s[0]
    ledger.record_check(
        "C96",
        peripheral_larger and pattern and e[2] >= 0.1 and i[2] < 0.1,
        f"peripheral > central: {p[0] > c[0]}; manufacturing > service: {m[0] > s[0]}; location pattern: "
        f"{pattern}; only integration significant: {e[2] >= 0.1 and i[2] < 0.1}",
    )


def _record_figures(ledger: Ledger, r: Results) -> None:
    ev = r.event.set_index("event_time")
    ledger.record_check(
        "C89", list(ev.index) == list(range(-5, 6)), f"event times {ev.index.min()} to {ev.index.max()}"
    )
    pre = ev.loc[[-5, -4, -3, -2], "p"]
    ledger.record_check(
        "C90",
        bool((pre >= 0.1).all()),
        "lead p-values " + ", ".join(f"{x:.2f}" for x in pre) + f"; joint Wald p {r.pretrend['p']:.3f}",
    )
    early, late = ev.loc[[0, 1, 2]], ev.loc[[3, 4, 5]]
    ledger.record_check(
        "C91",
        bool((early["p"] >= 0.1).all() and (late["p"] < 0.1).all() and (late["coef"] > 0).all()),
        "p at k=0..5: " + ", ".join(f"{x:.2f}" for x in ev.loc[0:5, "p"]),
    )
    post = ev.loc[0:5, "coef"].to_numpy()
    ledger.record_check(
        "C92",
        bool(np.all(np.diff(post[2:]) > 0) and post[-1] > post[0]),
        "k=0..5: " + ", ".join(f"{x:.2f}" for x in post),
    )
    pl = r.placebo["coef"]
    ledger.record_check(
        "C93", abs(pl.mean()) < 0.05 and len(pl) == 1000, f"{len(pl)} draws, mean {pl.mean():.3f}, SD {pl.std():.3f}"
    )
    ledger.record_check("C94", r.placebo_p < 0.01, f"randomization p = {r.placebo_p:.4f}")
