"""Every claim of ``data/published/targeted_rrr.yml`` recorded with one basis (CLAIMS_API, issue 12).

- ``paper``: arithmetic on the paper's own numbers (C1.sum, C27-C30, C31.banks), and the claims
  the paper's own numbers contradict (``record_inconsistent``, linked to the Notes item);
- ``facts``: the curated event list (C32);
- ``model``: the solved two-period model (C35-C39);
- ``standin`` / ``real``: the bank-panel estimates (C1-C26, C33, C40, C41), with the planted value
  and whether it was taken from the paper; the design diagnosis of the headline claims.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as st

from livingpapers.studies.targeted_rrr.analysis import DIAGNOSED, SAMPLES, Results, finding_holds, truth
from livingpapers.studies.targeted_rrr.data import SLUG, facts
from livingpapers.studies.targeted_rrr.tables import DIAGNOSTICS, ROWS
from livingpapers.toolkit.claims import Ledger, Planted, load_printed, stars

FROM_PAPER = {
    "table1": True,
    "table2": False,
    "table3": False,
    "table4": True,
}  # the balance equation's coefficients are the paper's; the share equations' are implied
DESIGNED = Planted(None, from_paper=True)  # the stand-in was built so that the claim holds
NOT_PLANTED = Planted(None, from_paper=False)


def record_all(ledger: Ledger, results: Results) -> None:
    claims = {c.id: c for c in ledger.claims}
    _record_estimates(ledger, claims, results)
    _record_paper(ledger, claims)
    _record_model_and_facts(ledger, results)
    _record_qualitative(ledger, claims, results)
    if results.diagnosis is not None:
        ledger.record_designs(results.diagnosis)


def _record_estimates(ledger, claims, results):
    basis = results.data_basis
    for table, rows in ROWS.items():
        for var, _label, cid in rows:
            for s in SAMPLES:
                res = results.fits[table, s]
                planted = Planted(truth(results, table, s, var), FROM_PAPER[table])
                ledger.record_estimate(
                    f"{cid}.{s}", res.params[var], res.bse[var], res.pvalues[var], basis=basis, planted=planted
                )
        d = DIAGNOSTICS[table]
        for s in SAMPLES:
            res = results.fits[table, s]
            for key, value in (("ar1", res.ar[1][1]), ("ar2", res.ar[2][1]), ("hansen", res.hansen[2])):
                pub = claims[f"{d}.{key}.{s}"].value
                same_side = (value > 0.10) == (pub > 0.10)
                shown = f"p = {value:.3f} ({'same' if same_side else 'other'} side of 0.10 as published)"
                ledger.record_check(f"{d}.{key}.{s}", same_side, shown, basis=basis, planted=NOT_PLANTED)
    for s in SAMPLES:
        n = results.fits["table1", s].nobs
        ledger.record_check(f"C1.{s}", n == claims[f"C1.{s}"].value, f"{n} usable observations in every table",
                            basis=basis, planted=Planted(claims[f"C1.{s}"].value, from_paper=True))  # fmt: skip


def _record_paper(ledger, claims):
    v = {k: c.value for k, c in claims.items() if c.value is not None}
    ledger.record_number("C1.sum", v["C1.large"] + v["C1.smb"], basis="paper")
    ar2 = [v[f"{d}.ar2.{s}"] for d in DIAGNOSTICS.values() for s in SAMPLES]
    hj = [v[f"{d}.hansen.{s}"] for d in DIAGNOSTICS.values() for s in SAMPLES]
    ledger.record_check("C27", min(ar2) > 0.10 and min(hj) > 0.10,
                        f"smallest printed AR(2) p = {min(ar2):.3f}, smallest Hansen p = {min(hj):.3f} (both above 0.10)",
                        basis="paper")  # fmt: skip
    mismatches = star_mismatches(claims)
    ledger.record_check("C28", set(mismatches) <= {"C8.full", "C8.smb"} and len(mismatches) <= 1,
                        f"stars differ from normal p-values in {len(mismatches)} cell(s): {', '.join(mismatches) or 'none'}",
                        basis="paper")  # fmt: skip
    ledger.record_number("C29.t3.full", -v["C19.full"] / v["C18.full"], basis="paper")
    ledger.record_number("C29.t3.large", -v["C19.large"] / v["C18.large"], basis="paper")
    ledger.record_number("C29.t3.smb", -v["C19.smb"] / v["C18.smb"], basis="paper")
    ledger.record_number("C29.t4.large", -v["C24.large"] / v["C23.large"], basis="paper")
    ledger.record_number("C29.mean_fin.slr", (v["C13.large"] - v["C19.large"]) / v["C18.large"], basis="paper")
    ledger.record_number("C29.mean_fin.lnsloan", (v["C3.large"] - v["C24.large"]) / v["C23.large"], basis="paper")
    for s in SAMPLES:
        ledger.record_number(f"C30.{s}", v[f"C3.{s}"] / (1 - v[f"C2.{s}"]), basis="paper")
    ledger.record_number("C31.banks", v["C31.state"] + v["C31.joint"] + v["C31.cityrural"], basis="paper")
    for key in ("state", "joint", "cityrural", "first_year", "last_year", "state_last_year"):
        ledger.record_not_computed(
            f"C31.{key}",
            "the bank list is not published; the paper's statement is used to build the stand-in",
            basis="paper",
        )
    icbc, ningbo = v["C34.icbc_sme"] < v["C34.icbc_all"], v["C34.ningbo_sme"] > v["C34.ningbo_corp"]
    ledger.record_check(
        "C37.rates",
        icbc and ningbo,
        f"printed rates: ICBC small/micro {v['C34.icbc_sme']:g} % vs all loans {v['C34.icbc_all']:g} % (rS < rL: {icbc}); "
        f"Ningbo small/micro {v['C34.ningbo_sme']:g} % vs corporate {v['C34.ningbo_corp']:g} % (rS > rL: {ningbo})",
        basis="paper",
    )
    for key in ("icbc_sme", "icbc_all", "ningbo_sme", "ningbo_corp"):
        ledger.record_not_computed(
            f"C34.{key}",
            "the 2020 annual reports of ICBC and Bank of Ningbo are not curated here; the rates calibrate the model's bank types",
            basis="facts",
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


def _record_model_and_facts(ledger, results):
    for cid, (passed, shown) in results.model.checks.items():
        if cid == "C39":  # the printed threshold (1 + phi_S)/delta_S conflicts with the paper's own algebra
            ledger.record_inconsistent(cid, shown, note="Notes item 15")
        else:
            ledger.record_check(cid, passed, shown, basis="model")
    printed = pd.Timestamp(load_printed(SLUG)["first_targeted_cut"])
    first = results.shocks.sort_values("date").iloc[0]
    pre = results.tr[results.tr.index < printed.year]
    confidence = facts("events").set_index("event").loc[str(first["event"]), "confidence"]
    shown = (
        f"first event in the default set: {first['date']} ({confidence} confidence; paper: "
        f"{printed.date()}); TR {pre.index.min()}-{pre.index.max()} = {', '.join(f'{v:g}' for v in pre.unique())}"
    )
    ledger.record_check("C32", pd.Timestamp(first["date"]) == printed and bool((pre == 0).all()), shown,
                        basis="facts")  # fmt: skip


def _record_qualitative(ledger, claims, results):
    basis = results.data_basis
    f = results.fits

    def h(table, s, var, cid):
        r = f[table, s]
        return finding_holds(r.pvalues[var], r.params[var], claims[cid].value, claims[cid].stars)

    def check(cid, passed, shown, planted=DESIGNED):
        ledger.record_check(cid, bool(passed), shown, basis=basis, planted=planted)

    c11 = h("table1", "large", "TR", "C3.large") and h("table1", "smb", "TR", "C3.smb")
    ratio = f["table1", "large"].params["TR"] / f["table1", "smb"].params["TR"]
    check(
        "C11",
        c11 and ratio > 1,
        f"TR on the balance: large {f['table1', 'large'].params['TR']:.3f} (p {f['table1', 'large'].pvalues['TR']:.3f}), SMB {f['table1', 'smb'].params['TR']:.3f} (p {f['table1', 'smb'].pvalues['TR']:.3f}); ratio {ratio:.1f}",
    )
    c15 = h("table2", "large", "TR", "C13.large") and f["table2", "smb"].pvalues["TR"] >= 0.10
    check(
        "C15",
        c15,
        f"TR on the share: large p {f['table2', 'large'].pvalues['TR']:.3f}, SMB p {f['table2', 'smb'].pvalues['TR']:.3f}",
        NOT_PLANTED,
    )
    c26 = (h("table3", "large", "FinTR", "C18.large") and h("table4", "large", "FinTR", "C23.large")
           and f["table3", "smb"].pvalues["FinTR"] >= 0.10 and f["table4", "smb"].pvalues["FinTR"] >= 0.10)  # fmt: skip
    check(
        "C26",
        c26,
        "Fin×TR p-values: large "
        + ", ".join(f"{f[t, 'large'].pvalues['FinTR']:.3f}" for t in ("table3", "table4"))
        + "; SMB "
        + ", ".join(f"{f[t, 'smb'].pvalues['FinTR']:.3f}" for t in ("table3", "table4")),
    )
    check(
        "C41",
        c11 and c15 and c26,
        f"H1-a {'holds' if c11 else 'fails'}, H1-b {'holds' if c15 else 'fails'}, H2 {'holds' if c26 else 'fails'} in this run",
    )
    pre = results.panel[results.panel["year"] < 2014].groupby("large")["slr_loans"].mean()
    for key, large in (("large", True), ("smb", False)):
        value = 100 * pre[large]
        c = claims[f"C33.{key}"]
        ok = value > c.value if c.relation == ">" else abs(value - c.value) < 1.0
        check(f"C33.{key}", ok, f"pre-2014 mean small/micro share of loans {value:.1f} %", Planted(c.value, True))
    rob = results.robustness
    agree = []
    for table, s, var in (("table1", "large", "TR"), ("table1", "smb", "TR"), ("table4", "large", "FinTR")):
        gmm = f[table, s].params[var]
        agree.append(np.sign(rob["lsdv"][table, s].params[var]) == np.sign(gmm))
        if table in ("table1", "table4"):
            agree.append(np.sign(rob["system"][table, s].params[var]) == np.sign(gmm))
    check("C40", all(agree), f"LSDV and system GMM have the difference-GMM sign in {sum(agree)} of {len(agree)} comparisons", NOT_PLANTED)  # fmt: skip


def diagnosis_table(results: Results, claims) -> pd.DataFrame:
    """Per diagnosed claim: power, false-positive rate, bias, spread and coverage (the ledger's numbers, for display)."""
    d, draws = results.diagnosis, results.draws
    planted = draws[draws["planted"]].groupby("claim")["estimate"]
    rows = {}
    for cid in DIAGNOSED:
        c = claims[cid]
        rows[cid] = {
            "Claim": c.statement, "Published": f"{c.value:.3f}", "Planted (design estimand)": truth(results, *DIAGNOSED[cid]),
            "P(holds), planted": d.loc[cid, "p_holds_design"], "P(holds), no effect": d.loc[cid, "p_holds_null"],
            "Bias": d.loc[cid, "bias"], "SD of estimates": planted.std()[cid], "Coverage 95 %": d.loc[cid, "coverage"],
            "P(estimate > 1)": (planted.apply(lambda e: np.mean(e > 1))[cid]) if cid == "C12.large" else np.nan,
            "Draws": int(d.loc[cid, "draws"]),
        }  # fmt: skip
    return pd.DataFrame(rows).T
