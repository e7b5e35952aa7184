"""Record every published claim of the trade-hubs paper against this run's results (issue 12 API).

Each claim rests on one basis:

- ``paper``: arithmetic on the paper's own printed numbers (C35, C46, C80, C88, C100), and the
  claims that conflict with them (``inconsistent in paper``, with the Notes item: C48, the
  swapped Table 5 counts, C83.p);
- ``facts``: the curated public facts (the Hub coding behind Table 1's Hub row, C69, C97-C99);
- the run's data basis, ``standin`` or ``real``: every estimate, count and pattern computed from
  the panel. On the stand-in each carries what was planted (:data:`~.standin.PLANTED`, the true
  effects of this draw) and whether it was taken from the paper: every planted effect was (set
  at a printed estimate, or shaped so that a qualitative claim holds), so recovering it shows
  that the method works, not that the paper is right. Adjusted R², first stages, weak-IV
  statistics and p-values are not planted.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from livingpapers.studies.trade_hubs import beyond
from livingpapers.studies.trade_hubs.analysis import Results
from livingpapers.studies.trade_hubs.data import CONTROLS, YEARS
from livingpapers.studies.trade_hubs.estimation import IVResult, coef
from livingpapers.studies.trade_hubs.notes import printed_difference_z
from livingpapers.studies.trade_hubs.standin import PLANTED, TABLE1_CLAIMS
from livingpapers.toolkit.claims import Ledger, Planted

STOCK_YOGO_10 = 16.38  # Stock-Yogo 10 % maximal IV size, one endogenous regressor and one instrument
CONTEXT_REASON = "policy-background number quoted from outside statistics; this build has no public series to check it"
DESIGNED = Planted(None, from_paper=True)  # the stand-in was built so that the claim holds
NOT_PLANTED = Planted(None, from_paper=False)  # nothing was planted for this number (fit, first stage, p-value)
CONTROL_CLAIMS = (  # Table 2 cols 2-4: the control coefficients (planted from col 2)
    ("C14", "C15", "C16", "C17", "C18"),
    ("C21", "C22", "C23", "C24", "C25"),
    ("C28", "C29", "C30", "C31", "C32"),
)
# sample sizes that follow this chapter's coding of the groups (city clusters, double-non cities, industry split)
CODED_GROUP_N = {"C66.n", "C73.n", "C74.n", "C75.n", "C76.n", "C81.n", "C82.n"}
# Table 5 prints the MA and MI sample sizes swapped (Notes item 1): claim -> the moderator it should follow
SWAPPED_N = {"C54.n": "ma", "C55.n": "mi", "C56.n": "ma", "C57.n": "mi"}
SUBSAMPLE_CLAIMS = {
    "C70": "central",
    "C71": "peripheral",
    "C73": "cw_noncluster",
    "C74": "cw_cluster",
    "C75": "east_noncluster",
    "C76": "east_cluster",
    "C81": "manufacturing",
    "C82": "service",
    "C84": "exploration",
    "C85": "integration",
}


def _sig_pos(fit, var: str, level: float = 0.10) -> bool:
    b, _, p = coef(fit, var)
    return b > 0 and p < level


def _value(ledger: Ledger, claim_id: str) -> float:
    return ledger.claim(claim_id).value


class Recorder:
    """The ledger with this run's data basis and planted effects, so each call names only what differs."""

    def __init__(self, ledger: Ledger, r: Results):
        self.ledger, self.r = ledger, r
        self.basis = ledger.data_basis
        self.truth = beyond.true_effects(r.df, r.truth) if r.truth is not None else {}

    def planted_effect(self, key: str) -> Planted:
        """This draw's true average effect ``key`` of :func:`beyond.true_effects` (planted from the paper)."""
        return Planted(self.truth[key], from_paper=True) if self.truth else DESIGNED

    def estimate(self, cid: str, fit, var: str, planted: Planted) -> None:
        self.ledger.record_estimate(cid, *coef(fit, var), basis=self.basis, planted=planted)

    def number(self, cid: str, value: float, planted: Planted) -> None:
        self.ledger.record_number(cid, value, basis=self.basis, planted=planted)

    def check(self, cid: str, passed: bool, shown: str, planted: Planted = DESIGNED) -> None:
        self.ledger.record_check(cid, bool(passed), shown, basis=self.basis, planted=planted)

    def sample_size(self, cid: str, n: int) -> None:
        """A sample size: the stand-in's panel size and missing cells are set from the paper's counts; the
        groupings behind some subsamples are this chapter's coding, not planted."""
        planted = NOT_PLANTED if cid in CODED_GROUP_N else Planted(_value(self.ledger, cid), from_paper=True)
        self.number(cid, n, planted)

    def fit(self, cid: str, fit, var: str, planted: Planted) -> None:
        """An estimate claim plus its ``.n`` and ``.r2`` claims (where the paper prints them)."""
        self.estimate(cid, fit, var, planted)
        if f"{cid}.n" not in SWAPPED_N:
            self.sample_size(f"{cid}.n", fit._N)
        self.number(f"{cid}.r2", fit._adj_r2, NOT_PLANTED)


def record_all(ledger: Ledger, r: Results) -> None:
    """Record every claim of data/published/trade_hubs.yml."""
    rec = Recorder(ledger, r)
    _record_table1(rec)
    _record_table2(rec)
    _record_iv(rec)
    _record_table4(rec)
    _record_mechanisms(rec)
    _record_synergy(rec)
    _record_heterogeneity(rec)
    _record_figures(rec)
    _record_paper_arithmetic(ledger)
    for cid in ("C97", "C97.b", "C98", "C98.b", "C99"):
        ledger.record_not_computed(cid, CONTEXT_REASON, basis="facts")
    rec.sample_size("C101", int(r.df[["ma", "mi"]].notna().all(axis=1).sum()))
    _record_hypotheses(rec)
    if r.claims_design is not None:
        ledger.record_designs(r.claims_design)


def _record_table1(rec: Recorder) -> None:
    """Table 1: the stand-in's moments are set to the printed ones; Hub comes from the curated facts."""
    df = rec.r.df
    for var, cid in {**TABLE1_CLAIMS, "hub": "C2"}.items():
        s = df[var].dropna()
        rec.sample_size(f"{cid}.n", len(s))
        for suffix, value in (("", s.mean()), (".sd", s.std()), (".min", s.min()), (".max", s.max())):
            if var == "hub" and rec.r.simulated:
                rec.ledger.record_number(cid + suffix, value, basis="facts")
            else:
                rec.number(cid + suffix, value, Planted(_value(rec.ledger, cid + suffix), from_paper=True))
    rec.sample_size("C10", len(df))


def _record_table2(rec: Recorder) -> None:
    b1, b2, b3, b4 = rec.r.baseline
    att = rec.planted_effect("att")
    rec.estimate("C11", b1, "hub", att)
    rec.sample_size("C12", b1._N)
    rec.number("C12.r2", b1._adj_r2, NOT_PLANTED)
    rec.estimate("C13", b2, "hub", att)
    rec.estimate("C20", b3, "hub_l1", DESIGNED)
    rec.estimate("C27", b4, "hub_l2", DESIGNED)
    for ids, fit, n_id in zip(CONTROL_CLAIMS, (b2, b3, b4), ("C19", "C26", "C33")):
        for cid, var in zip(ids, CONTROLS):
            rec.estimate(cid, fit, var, Planted(PLANTED[f"control_{var}"][0], from_paper=True))
        rec.sample_size(n_id, fit._N)
        rec.number(f"{n_id}.r2", fit._adj_r2, NOT_PLANTED)
    pairs = ((b2, "hub"), (b3, "hub_l1"), (b4, "hub_l2"))
    rising = [coef(f, v)[0] for f, v in pairs]
    rec.check(
        "C34",
        all(_sig_pos(f, v, 0.01) for f, v in pairs) and rising[0] < rising[1] < rising[2],
        " < ".join(f"{x:.3f}" for x in rising),
    )


def _first_stage(rec: Recorder, res: IVResult) -> tuple[float, float, float]:
    """(coef, clustered SE, p) of the first stage, p from t(G - 1) as the paper's stars imply."""
    dof = rec.r.df["city"].nunique() - 1
    t = res.first_t_cluster
    return res.first, abs(res.first / t), float(2 * stats.t.sf(abs(t), dof))


def _record_iv(rec: Recorder) -> None:
    r, att = rec.r, rec.planted_effect("att")
    for res, (first, second, stats_id) in zip(
        r.iv, (("C36", "C37", "C38"), ("C39", "C40", "C41"), ("C42", "C43", "C44"))
    ):
        rec.ledger.record_estimate(first, *_first_stage(rec, res), basis=rec.basis, planted=NOT_PLANTED)
        rec.ledger.record_estimate(second, res.second, res.second_se, res.second_p, basis=rec.basis, planted=att)
        rec.sample_size(stats_id, res.n)
        for suffix, value in ((".r2", res.centered_r2), (".kp", res.kp_f), (".cd", res.cd_f)):
            rec.number(stats_id + suffix, value, NOT_PLANTED)
    ols = coef(r.baseline[1], "hub")[0]
    ok = all(
        x.first > 0 and abs(x.first_t_cluster) > 1.65 and x.second > ols and x.second_p < 0.1 and x.kp_f > STOCK_YOGO_10
        for x in r.iv
    )
    rec.check(
        "C45",
        ok,
        "; ".join(
            f"{x.instrument}: 1st {x.first:.3f} (t {x.first_t_cluster:.2f}), 2nd {x.second:.3f}, K-P F {x.kp_f:.1f}"
            for x in r.iv
        ),
        NOT_PLANTED,
    )


def _record_table4(rec: Recorder) -> None:
    r, att = rec.r, rec.planted_effect("att")
    fits = r.robustness
    rec.fit("C47", fits["impdep"], "hub", rec.planted_effect("imports"))
    rec.fit("C49", fits["digtrade"], "hub", DESIGNED)
    rec.fit("C50", fits["hub1"], "hub1", NOT_PLANTED)
    rec.estimate("C51", fits["psm"], "hub", att)
    rec.number("C51.n", fits["psm"]._N, NOT_PLANTED)  # the PSM trimming is this run's result
    rec.number("C51.r2", fits["psm"]._adj_r2, NOT_PLANTED)
    rec.ledger.record_estimate("C52", r.dml["coef"], r.dml["se"], r.dml["p"], basis=rec.basis, planted=att)
    rec.sample_size("C52.n", r.dml["n"])
    # C48: the export column repeats Table 2 col 2, and imports + exports = total trade (Notes item 2)
    exports, imports, total = (_value(rec.ledger, c) for c in ("C48", "C47", "C13"))
    rec.ledger.record_inconsistent(
        "C48",
        f"printed {exports:.3f} = Table 2 col 2; OLS additivity gives {total:.3f} - {imports:.3f} = "
        f"{total - imports:.3f}",
        note="Notes item 2",
    )
    rec.sample_size("C48.n", fits["expdep"]._N)
    rec.number("C48.r2", fits["expdep"]._adj_r2, NOT_PLANTED)
    coefs = [
        coef(fits[k], v)
        for k, v in (("impdep", "hub"), ("expdep", "hub"), ("digtrade", "hub"), ("hub1", "hub1"), ("psm", "hub"))
    ]
    coefs.append((r.dml["coef"], r.dml["se"], r.dml["p"]))
    rec.check(
        "C53", all(b > 0 and p < 0.1 for b, _, p in coefs), ", ".join(f"{b:.3f} (p {p:.3f})" for b, _, p in coefs)
    )


def _record_swapped_counts(rec: Recorder) -> None:
    """Table 5's sample sizes follow the other moderator's Table 1 count (Notes item 1)."""
    ledger = rec.ledger
    table1_n = {"ma": _value(ledger, "C3.n"), "mi": _value(ledger, "C4.n")}
    for cid, moderator in SWAPPED_N.items():
        printed = _value(ledger, cid)
        other = "mi" if moderator == "ma" else "ma"
        ledger.record_inconsistent(
            cid,
            f"printed {printed:,.0f} is Table 1's {other.upper()} N; Table 1 gives {moderator.upper()} N = "
            f"{table1_n[moderator]:,.0f} (this run: {rec.r.df[moderator].notna().sum():,})",
            note="Notes item 1",
        )


def _record_mechanisms(rec: Recorder) -> None:
    m = rec.r.mechanisms
    true = PLANTED
    rec.fit("C54", m[0], "hub", Planted(true["hub_on_ma"][0], from_paper=True))
    rec.fit("C55", m[1], "hub", Planted(true["hub_on_mi"][0], from_paper=True))
    moderation = {
        "hub_x_ma": Planted(true["hub_x_ma"][0], from_paper=True),
        "hub_x_mi": Planted(true["hub_x_mi"][0], from_paper=True),
        # no main effect of MA, MI or their product was planted, as the paper finds none (C62)
        **{v: Planted(0.0, from_paper=True) for v in ("z_ma", "z_mi", "ma_x_mi", "hub_x_ma_x_mi")},
    }
    extra = {
        "C56": ("hub_x_ma", "z_ma"),
        "C57": ("hub_x_mi", "z_mi"),
        "C58": ("hub_x_ma", "hub_x_mi", "z_ma", "z_mi"),
        "C59": ("hub_x_ma", "hub_x_mi", "hub_x_ma_x_mi", "ma_x_mi", "z_ma", "z_mi"),
    }
    for fit, (cid, names) in zip(m[2:], extra.items()):
        rec.fit(cid, fit, "hub", DESIGNED)  # Hub at the mean moderators: no single planted number
        for v in names:
            rec.estimate(f"{cid}.{v}", fit, v, moderation[v])
    _record_swapped_counts(rec)
    rec.check(
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
    rec.check(
        "C61",
        all(_sig_pos(f, "hub", 0.01) for f in m[2:]) and all(_sig_pos(f, v) for f, v in inter),
        "Hub p: "
        + ", ".join(f"{coef(f, 'hub')[2]:.3f}" for f in m[2:])
        + "; interactions p: "
        + ", ".join(f"{coef(f, v)[2]:.3f}" for f, v in inter),
    )
    mains = [(m[5], v) for v in ("z_ma", "z_mi", "ma_x_mi", "hub_x_ma_x_mi")]
    rec.check(
        "C62",
        all(coef(f, v)[2] >= 0.1 for f, v in mains),
        "col 6 p: " + ", ".join(f"{v} {coef(f, v)[2]:.3f}" for f, v in mains),
    )


def _record_synergy(rec: Recorder) -> None:
    s, att = rec.r.synergy, rec.planted_effect("att")
    rec.fit("C63", s[0], "ftz", DESIGNED)  # FTZ includes the hubs: no single planted number
    rec.fit("C64", s[1], "cre", DESIGNED)
    rec.fit("C65", s[2], "hub", att)
    rec.fit("C66", s[3], "hub", att)
    hub, ftz, cre = coef(s[2], "hub")[0], coef(s[0], "ftz")[0], coef(s[1], "cre")[0]
    rec.check("C67", ftz < hub and cre < hub, f"FTZ {ftz:.3f}, CRE {cre:.3f}, Hub {hub:.3f}")
    rec.check("C68", _sig_pos(s[3], "hub", 0.05), f"{coef(s[3], 'hub')[0]:.3f} (p {coef(s[3], 'hub')[2]:.3f})")
    rec.ledger.record_number("C69", rec.r.summary["ftz_or_cre_cities"], basis="facts")
    rec.check(
        "C95", ftz < hub and cre < hub, f"Hub {hub:.3f} vs FTZ {ftz:.3f} and CRE {cre:.3f} (separate regressions)"
    )


def _record_heterogeneity(rec: Recorder) -> None:
    r = rec.r
    f = r.subsamples
    for cid, key in SUBSAMPLE_CLAIMS.items():
        rec.fit(cid, f[key], "hub", rec.planted_effect(key))
    for cid, test, (a, b) in (
        ("C72", "central", ("central", "peripheral")),
        ("C77", "east_cluster", ("east_noncluster", "east_cluster")),
        ("C83", "manufacturing", ("manufacturing", "service")),
    ):
        gap = Planted(rec.truth[a] - rec.truth[b], from_paper=True) if rec.truth else DESIGNED
        rec.number(cid, r.tests[test]["difference"], gap)
        if cid != "C83":
            rec.number(f"{cid}.p", r.tests[test]["p_one_sided"], NOT_PLANTED)
    _record_manufacturing_p(rec.ledger)
    c, p = coef(f["central"], "hub"), coef(f["peripheral"], "hub")
    rec.check(
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
    rec.check(
        "C79",
        pattern,
        ", ".join(
            f"{k} p {coef(f[k], 'hub')[2]:.3f}"
            for k in ("cw_noncluster", "cw_cluster", "east_noncluster", "east_cluster")
        ),
    )
    m, s = coef(f["manufacturing"], "hub"), coef(f["service"], "hub")
    rec.check(
        "C86",
        _sig_pos(f["manufacturing"], "hub")
        and _sig_pos(f["service"], "hub")
        and m[0] > s[0]
        and r.tests["manufacturing"]["p_one_sided"] < 0.1,
        f"manufacturing {m[0]:.3f} (p {m[2]:.3f}), service {s[0]:.3f} (p {s[2]:.3f}), "
        f"permutation p {r.tests['manufacturing']['p_one_sided']:.3f}",
    )
    e, i = coef(f["exploration"], "hub"), coef(f["integration"], "hub")
    rec.check(
        "C87",
        e[2] >= 0.1 and i[0] > 0 and i[2] < 0.1,
        f"exploration p {e[2]:.3f}, integration {i[0]:.3f} (p {i[2]:.3f})",
    )
    peripheral_larger = p[0] > c[0] and m[0] > s[0]
    rec.check(
        "C96",
        peripheral_larger and pattern and e[2] >= 0.1 and i[2] < 0.1,
        f"peripheral > central: {p[0] > c[0]}; manufacturing > service: {m[0] > s[0]}; location pattern: "
        f"{pattern}; only integration significant: {e[2] >= 0.1 and i[2] < 0.1}",
    )


def _record_manufacturing_p(ledger: Ledger) -> None:
    """C83.p: the printed p = 0.000 against the z of the printed coefficients and t-values (Notes item 3)."""
    z = printed_difference_z({c.id: c for c in ledger.claims}, "C81", "C82")
    ledger.record_inconsistent(
        "C83.p",
        f"printed p = {_value(ledger, 'C83.p'):.3f}; the printed estimates give z = {z:.2f} "
        f"(one-sided p = {stats.norm.sf(z):.2f})",
        note="Notes item 3",
    )


def _record_figures(rec: Recorder) -> None:
    r = rec.r
    ev = r.event.set_index("event_time")
    rec.check("C89", list(ev.index) == list(range(-5, 6)), f"event times {ev.index.min()} to {ev.index.max()}")
    pre = ev.loc[[-5, -4, -3, -2], "p"]
    rec.check(  # no pre-trend was planted: parallel trends hold by construction
        "C90",
        bool((pre >= 0.1).all()),
        "lead p-values " + ", ".join(f"{x:.2f}" for x in pre) + f"; joint Wald p {r.pretrend['p']:.3f}",
    )
    early, late = ev.loc[[0, 1, 2]], ev.loc[[3, 4, 5]]
    rec.check(
        "C91",
        bool((early["p"] >= 0.1).all() and (late["p"] < 0.1).all() and (late["coef"] > 0).all()),
        "p at k=0..5: " + ", ".join(f"{x:.2f}" for x in ev.loc[0:5, "p"]),
    )
    post = ev.loc[0:5, "coef"].to_numpy()
    rec.check(
        "C92",
        bool(np.all(np.diff(post[2:]) > 0) and post[-1] > post[0]),
        "k=0..5: " + ", ".join(f"{x:.2f}" for x in post),
    )
    pl = r.placebo["coef"]
    rec.check(  # the paper's own number of draws (read from data/published in every profile), centred near 0
        "C93",
        len(pl) == _value(rec.ledger, "C93") and abs(pl.mean()) < 0.05,
        f"{len(pl):,} draws (the paper: {_value(rec.ledger, 'C93'):,.0f}), mean {pl.mean():.3f}, SD {pl.std():.3f}",
        NOT_PLANTED,
    )
    rec.check("C94", r.placebo_p < 0.01, f"randomization p = {r.placebo_p:.4f} over {len(pl):,} draws")


def _record_paper_arithmetic(ledger: Ledger) -> None:
    """Consistency checks on the paper's own printed numbers (basis ``paper``)."""
    n, n_l1, n_l2 = (_value(ledger, c) for c in ("C19", "C26", "C33"))
    per_lag = n - n_l1
    ledger.record_number("C35", n - 2 * per_lag, basis="paper")  # each lag drops one year of every city
    gaps = []
    for first, stats_id in (("C36", "C38"), ("C39", "C41"), ("C42", "C44")):
        t, cd = ledger.claim(first).t, _value(ledger, f"{stats_id}.cd")
        gaps.append((t, cd, abs(t**2 - cd)))
    tolerance = ledger.claim("C46").tolerance
    ledger.record_check(
        "C46",
        all(gap <= tolerance for *_, gap in gaps),
        "; ".join(f"{t:.2f}² = {t**2:.2f} vs C-D F {cd:.3f}" for t, cd, _ in gaps),
        basis="paper",
    )
    years = len(YEARS)
    central, peripheral = _value(ledger, "C70.n"), _value(ledger, "C71.n")
    ledger.record_check(
        "C80",
        central / years == _value(ledger, "C80") and central + peripheral == _value(ledger, "C10"),
        f"{central:,.0f} / {years} = {central / years:g} central cities; {peripheral:,.0f} / {years} = "
        f"{peripheral / years:g}; {central:,.0f} + {peripheral:,.0f} = {central + peripheral:,.0f}",
        basis="paper",
    )
    cities = _value(ledger, "C10") / years
    periods = {"C84.n": sum(year <= 2016 for year in YEARS), "C85.n": sum(year >= 2017 for year in YEARS)}
    ledger.record_check(
        "C88",
        all(_value(ledger, cid) == cities * n_years for cid, n_years in periods.items()),
        "; ".join(f"{_value(ledger, cid):,.0f} = {cities:g} x {n_years}?" for cid, n_years in periods.items()),
        basis="paper",
    )
    ledger.record_number("C100", _value(ledger, "C2") * _value(ledger, "C2.n"), basis="paper")


def _record_hypotheses(rec: Recorder) -> None:
    b2, m = rec.r.baseline[1], rec.r.mechanisms
    rec.check("H1", _sig_pos(b2, "hub", 0.01), f"Hub = {coef(b2, 'hub')[0]:.3f}, p = {coef(b2, 'hub')[2]:.4f}")
    pairs = ((m[0], "hub"), (m[1], "hub"), (m[4], "hub_x_ma"), (m[4], "hub_x_mi"))
    rec.check(
        "H2",
        all(_sig_pos(f, v) for f, v in pairs),
        "Hub on MA and MI, Hub x MA and Hub x MI (col 5): "
        + ", ".join(f"{coef(f, v)[0]:.3f} (p {coef(f, v)[2]:.3f})" for f, v in pairs),
    )
