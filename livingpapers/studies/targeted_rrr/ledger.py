"""Every claim of ``data/published/targeted_rrr.yml`` recorded with one basis (CLAIMS_API, issue 12).

- ``paper``: arithmetic on the paper's own numbers (C1.sum, C27-C30, C31.banks);
- ``facts``: the curated event list (C32);
- ``model``: the solved two-period model (C35-C39);
- ``standin`` / ``real``: the bank-panel estimates (C1-C26, C33, C40, C41), with the planted value
  and whether it was taken from the paper.

Until the toolkit's ledger gains the issue-12 API (``Planted``, ``record_design``,
``record_inconsistent``), :class:`_Recorder` maps each call onto the current one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats as st

from livingpapers.studies.targeted_rrr.analysis import HEADLINE, SAMPLES, Results
from livingpapers.studies.targeted_rrr.tables import DIAGNOSTICS, ROWS
from livingpapers.toolkit import claims as claims_api
from livingpapers.toolkit.claims import stars

FROM_PAPER = {
    "table1": True,
    "table2": False,
    "table3": False,
    "table4": True,
}  # balance DGP from the paper; shares implied


@dataclass(frozen=True)
class _Planted:
    value: float | None
    from_paper: bool


Planted = getattr(claims_api, "Planted", _Planted)


class _Recorder:
    """Issue-12 calls on whichever ledger the toolkit provides."""

    def __init__(self, ledger):
        self.ledger = ledger
        self.new_api = hasattr(claims_api, "Planted")

    def estimate(self, cid, coef, se, p, basis, planted=None):
        if self.new_api or basis != "standin":
            kwargs = {"planted": planted} if self.new_api and planted is not None else {}
            return self.ledger.record_estimate(cid, coef, se, p, basis=basis, **kwargs)
        inside = planted is not None and planted.value is not None and abs(coef - planted.value) <= 1.96 * se
        origin = "from the paper" if planted.from_paper else "independent"
        shown = f"{coef:.3f} ({se:.3f}); planted {planted.value:.3f} ({origin}); {'recovered' if inside else 'not recovered'}"
        return self.ledger.record_check(cid, inside, shown, basis="standin")

    def check(self, cid, passed, shown, basis, planted=None):
        kwargs = {"planted": planted} if self.new_api and planted is not None else {}
        return self.ledger.record_check(cid, bool(passed), shown, basis=basis, **kwargs)

    def number(self, cid, value, basis):
        return self.ledger.record_number(cid, value, basis=basis)

    def inconsistent(self, cid, shown, note):
        if hasattr(self.ledger, "record_inconsistent"):
            return self.ledger.record_inconsistent(cid, shown, note=note)
        return self.ledger.record_check(cid, False, f"{shown} (inconsistent in paper: {note})", basis="paper")

    def design(self, cid, **kw):
        if hasattr(self.ledger, "record_design"):
            self.ledger.record_design(cid, **kw)

    def not_computed(self, cid, reason):
        return self.ledger.record_not_computed(cid, reason=reason)


def record_all(ledger, results: Results) -> None:
    rec = _Recorder(ledger)
    claims = {c.id: c for c in ledger.claims}
    _record_estimates(rec, claims, results)
    _record_paper(rec, claims)
    _record_model_and_facts(rec, results)
    _record_qualitative(rec, claims, results)
    if results.diagnosis is not None:
        for cid, row in diagnosis_table(results, claims).iterrows():
            rec.design(cid, p_holds_design=row["P(holds), planted"], p_holds_null=row["P(holds), no effect"],
                       bias=row["Bias"], coverage=row["Coverage 95 %"], draws=int(row["Draws"]))  # fmt: skip


def truth(results: Results, table: str, sample: str, var: str) -> float | None:
    """The planted value of a coefficient: the DGP's where the table's model is the DGP, else the design's estimand."""
    from livingpapers.studies.targeted_rrr import standin as S

    if results.pseudo_truth is None:
        return None
    if table == "table4" and sample != "full":
        dgp = {"L1.lnsloan": "rho", "Fin": "Fin", "FinTR": "FinTR", "TR": "TR", "SIZE": "SIZE", "NNI": "NNI",
               "NPL": "NPL", "ROA": "ROA", "M2": "M2", "CPI": "CPI"}  # fmt: skip
        return next(p.value for p in S.planted_parameters() if p.group == sample and p.parameter == dgp[var])
    return float(results.pseudo_truth[table, sample][var])


def _record_estimates(rec, claims, results):
    basis = results.data_basis
    for table, rows in ROWS.items():
        for var, _label, cid in rows:
            for s in SAMPLES:
                res = results.fits[table, s]
                planted = Planted(truth(results, table, s, var), FROM_PAPER[table]) if basis == "standin" else None
                rec.estimate(f"{cid}.{s}", res.params[var], res.bse[var], res.pvalues[var], basis, planted)
        d = DIAGNOSTICS[table]
        for s in SAMPLES:
            res = results.fits[table, s]
            for key, value in (("ar1", res.ar[1][1]), ("ar2", res.ar[2][1]), ("hansen", res.hansen[2])):
                pub = claims[f"{d}.{key}.{s}"].value
                same_side = (value > 0.10) == (pub > 0.10)
                shown = f"p = {value:.3f} ({'same' if same_side else 'other'} side of 0.10 as published)"
                rec.check(
                    f"{d}.{key}.{s}", same_side, shown, basis, Planted(None, False) if basis == "standin" else None
                )
    for s in SAMPLES:
        n = results.fits["table1", s].nobs
        rec.check(f"C1.{s}", n == claims[f"C1.{s}"].value, f"{n} usable observations in every table", basis,
                  Planted(claims[f"C1.{s}"].value, True) if basis == "standin" else None)  # fmt: skip


def _record_paper(rec, claims):
    v = {k: c.value for k, c in claims.items() if c.value is not None}
    rec.number("C1.sum", v["C1.large"] + v["C1.smb"], "paper")
    ar2 = [v[f"{d}.ar2.{s}"] for d in DIAGNOSTICS.values() for s in SAMPLES]
    hj = [v[f"{d}.hansen.{s}"] for d in DIAGNOSTICS.values() for s in SAMPLES]
    rec.check("C27", min(ar2) >= 0.353 and min(hj) >= 0.189 and min(ar2) > 0.10 and min(hj) > 0.10,
              f"smallest AR(2) p = {min(ar2):.3f}, smallest Hansen p = {min(hj):.3f}", "paper")  # fmt: skip
    mismatches = star_mismatches(claims)
    rec.check("C28", set(mismatches) <= {"C8.full", "C8.smb"} and len(mismatches) <= 1,
              f"stars differ from normal p-values in {len(mismatches)} cell(s): {', '.join(mismatches) or 'none'}", "paper")  # fmt: skip
    rec.number("C29.t3.full", -v["C19.full"] / v["C18.full"], "paper")
    rec.number("C29.t3.large", -v["C19.large"] / v["C18.large"], "paper")
    rec.number("C29.t3.smb", -v["C19.smb"] / v["C18.smb"], "paper")
    rec.number("C29.t4.large", -v["C24.large"] / v["C23.large"], "paper")
    rec.number("C29.mean_fin.slr", (v["C13.large"] - v["C19.large"]) / v["C18.large"], "paper")
    rec.number("C29.mean_fin.lnsloan", (v["C3.large"] - v["C24.large"]) / v["C23.large"], "paper")
    for s in SAMPLES:
        rec.number(f"C30.{s}", v[f"C3.{s}"] / (1 - v[f"C2.{s}"]), "paper")
    rec.number("C31.banks", v["C31.state"] + v["C31.joint"] + v["C31.cityrural"], "paper")
    for key in ("state", "joint", "cityrural", "first_year", "last_year", "state_last_year"):
        rec.not_computed(
            f"C31.{key}", "the bank list is not published; the paper's statement is used to build the stand-in"
        )
    for key in ("icbc_sme", "icbc_all", "ningbo_sme", "ningbo_corp"):
        rec.not_computed(
            f"C34.{key}",
            "the 2020 annual reports of ICBC and Bank of Ningbo are not curated here; the rates calibrate the model's bank types",
        )


def star_mismatches(claims) -> list[str]:
    """Estimate claims whose printed stars differ from the normal p-value of the printed coef/SE."""
    out = []
    for cid, c in claims.items():
        if c.kind == "estimate" and c.se:
            p = 2 * st.norm.sf(abs(c.value / c.se))
            if stars(p) != c.stars:
                out.append(cid)
    return out


def _record_model_and_facts(rec, results):
    for cid, (passed, shown) in results.model.checks.items():
        if cid == "C39":  # the printed threshold (1 + phi_S)/delta_S conflicts with the paper's own algebra
            rec.inconsistent(cid, shown, note="Notes: the management-cost threshold (spec §10 item 15)")
        else:
            rec.check(cid, passed, shown, "model")
    first = results.shocks.sort_values("date").iloc[0]
    pre = results.tr[results.tr.index < 2014]
    rec.check("C32", str(first["date"]) == "2014-06-16" and bool((pre == 0).all()),
              f"first event in the default set: {first['date']} (PBC notice, high confidence); TR 2011-2013 = 0", "facts")  # fmt: skip


def _holds(p: float, coef: float, published_value: float, published_stars: int) -> bool:
    """A published finding holds in a run: same sign and significant at 10 %, or insignificant where the paper's is."""
    if published_stars == 0:
        return p >= 0.10
    return p < 0.10 and np.sign(coef) == np.sign(published_value)


def _record_qualitative(rec, claims, results):
    basis = results.data_basis
    f = results.fits
    pl = Planted(None, True) if basis == "standin" else None

    def h(table, s, var, cid):
        r = f[table, s]
        return _holds(r.pvalues[var], r.params[var], claims[cid].value, claims[cid].stars)

    c11 = h("table1", "large", "TR", "C3.large") and h("table1", "smb", "TR", "C3.smb")
    ratio = f["table1", "large"].params["TR"] / f["table1", "smb"].params["TR"]
    rec.check(
        "C11",
        c11 and ratio > 1,
        f"TR on the balance: large {f['table1', 'large'].params['TR']:.3f} (p {f['table1', 'large'].pvalues['TR']:.3f}), SMB {f['table1', 'smb'].params['TR']:.3f} (p {f['table1', 'smb'].pvalues['TR']:.3f}); ratio {ratio:.1f}",
        basis,
        pl,
    )
    c15 = h("table2", "large", "TR", "C13.large") and f["table2", "smb"].pvalues["TR"] >= 0.10
    rec.check(
        "C15",
        c15,
        f"TR on the share: large p {f['table2', 'large'].pvalues['TR']:.3f}, SMB p {f['table2', 'smb'].pvalues['TR']:.3f}",
        basis,
        Planted(None, False) if basis == "standin" else None,
    )
    c26 = (h("table3", "large", "FinTR", "C18.large") and h("table4", "large", "FinTR", "C23.large")
           and f["table3", "smb"].pvalues["FinTR"] >= 0.10 and f["table4", "smb"].pvalues["FinTR"] >= 0.10)  # fmt: skip
    rec.check(
        "C26",
        c26,
        "Fin×TR p-values: large "
        + ", ".join(f"{f[t, 'large'].pvalues['FinTR']:.3f}" for t in ("table3", "table4"))
        + "; SMB "
        + ", ".join(f"{f[t, 'smb'].pvalues['FinTR']:.3f}" for t in ("table3", "table4")),
        basis,
        pl,
    )
    rec.check(
        "C41",
        c11 and c15 and c26,
        f"H1-a {'holds' if c11 else 'fails'}, H1-b {'holds' if c15 else 'fails'}, H2 {'holds' if c26 else 'fails'} in this run",
        basis,
        pl,
    )
    pre = results.panel[results.panel["year"] < 2014].groupby("large")["slr_loans"].mean()
    for key, large in (("large", True), ("smb", False)):
        value = 100 * pre[large]
        c = claims[f"C33.{key}"]
        ok = value > c.value if c.relation == ">" else abs(value - c.value) < 1.0
        rec.check(
            f"C33.{key}",
            ok,
            f"pre-2014 mean small/micro share of loans {value:.1f} %",
            basis,
            Planted(c.value, True) if basis == "standin" else None,
        )
    rob = results.robustness
    agree = []
    for table, s, var in (("table1", "large", "TR"), ("table1", "smb", "TR"), ("table4", "large", "FinTR")):
        gmm = f[table, s].params[var]
        agree.append(np.sign(rob["lsdv"][table, s].params[var]) == np.sign(gmm))
        if table in ("table1", "table4"):
            agree.append(np.sign(rob["system"][table, s].params[var]) == np.sign(gmm))
    rec.check("C40", all(agree), f"LSDV and system GMM have the difference-GMM sign in {sum(agree)} of {len(agree)} comparisons", basis, Planted(None, False) if basis == "standin" else None)  # fmt: skip


def _share_holding(frame, claim) -> float:
    return float(np.mean([_holds(p, b, claim.value, claim.stars) for p, b in zip(frame["p"], frame["estimate"])]))


def diagnosis_table(results: Results, claims) -> pd.DataFrame:  # noqa: F821
    """Per headline claim: P(the claim holds) with the planted effects and with none, bias and coverage."""
    import pandas as pd

    rows = {}
    d = results.diagnosis
    for cid in [*HEADLINE, "C12.large"]:
        c = claims[cid]
        table, s, var = HEADLINE.get(cid, ("table2", "large", "L1.slr"))
        t = truth(results, table, s, var)
        g = d[d["claim"] == cid]
        plant, null = g[g["design"] == "planted"], g[g["design"] == "null"]
        rows[cid] = {
            "Claim": c.statement, "Published": f"{c.value:.3f}", "Planted (design estimand)": t,
            "P(holds), planted": _share_holding(plant, c), "P(holds), no effect": _share_holding(null, c) if cid != "C12.large" else np.nan,
            "Bias": plant["estimate"].mean() - t, "SD of estimates": plant["estimate"].std(),
            "Coverage 95 %": np.mean(np.abs(plant["estimate"] - t) <= 1.96 * plant["se"]),
            "P(estimate > 1)": np.mean(plant["estimate"] > 1) if cid == "C12.large" else np.nan,
            "Draws": len(plant),
        }  # fmt: skip
    return pd.DataFrame(rows).T
