"""Every claim of Jia (2023) checked in the solved model, with the regime it was checked in.

Each qualitative claim is tested twice, as the spec asks (section 8, step 7):

- the discrete comparison of the introduction scenario (``R_e = R_intro``) with no CBDC;
- the sign of first differences along the R_e grid, separately where all constraints bind
  (the paper's stated focus, end of §2.2.3) and where the type-3 constraint is slack.

A check *passes* when the claim holds in the regime the paper assumes. What happens in the
slack regime is always written out in ``shown``, so the ledger says where a claim is weak.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .model import BENCHMARK_RATES, Calibration, ModelRun, Preferences, admissible_rates, bargaining_of, solve

TOL = 1e-12  # first differences smaller than this count as flat (the solver's tolerance is 1e-14)


@dataclass(frozen=True)
class ClaimCheck:
    """One claim checked in the model: what was tested, what came out, and in which regime."""

    claim: str
    test: str
    shown: str
    passed: bool
    regime: str
    computed: bool = True  # False: the regime the claim assumes does not occur at this calibration


def trend(values: np.ndarray, tol: float = TOL) -> str:
    """'rising', 'falling', 'flat' or 'mixed' for a sequence (first differences against ``tol``)."""
    if len(values) < 2:
        return "n/a"
    steps = np.diff(values)
    if (steps > tol).all():
        return "rising"
    if (steps < -tol).all():
        return "falling"
    if (np.abs(steps) <= tol).all():
        return "flat"
    return "mixed"


def segments(run: ModelRun, column: str) -> tuple[str, str]:
    """Trend of ``column`` over R_e > 1 where type 3 binds, and where it is slack.

    The binding segment starts at the first grid point (R_e = 1, the no-CBDC economy) and
    includes the regime boundary; the slack segment starts at the boundary.
    """
    frame = run.frame
    top = run.threshold_or_top
    binding = frame.loc[frame["R_e"] <= top + 1e-15, column].to_numpy()
    slack = frame.loc[frame["R_e"] >= top - 1e-15, column].to_numpy()
    return trend(binding), trend(slack)


def _interval(run: ModelRun) -> str:
    top = run.threshold_or_top
    return f"binding [1, {top:.4f}]", f"slack ({top:.4f}, {run.cal.R_e_max:.4f})"


def ordering(
    run: ModelRun, claim: str, test: str, column: str, sign: int, slack_expected: str | None = None
) -> ClaimCheck:
    """A sign claim: ``column`` moves in direction ``sign`` (+1 up, -1 down) when CBDC is introduced.

    Passes when the introduction comparison moves strictly the right way and the grid moves
    strictly the right way while all constraints bind. ``slack_expected`` (e.g. 'flat') is
    what the model implies beyond the regime boundary; it is reported, not required.
    """
    before, after = getattr(run.base, column), getattr(run.intro, column)
    intro_ok = sign * (after - before) > TOL
    bind, slack = segments(run, column)
    wanted = "rising" if sign > 0 else "falling"
    grid_ok = bind == wanted
    b_label, s_label = _interval(run)
    slack_text = f"; {s_label}: {slack}" if run.threshold not in (None,) else ""
    if slack_expected and run.threshold is not None and slack != slack_expected:
        slack_text += f" (expected {slack_expected})"
    shown = (
        f"no CBDC {before:.4f} → {after:.4f} at R^e={run.R_intro:g} "
        f"({100 * (after / before - 1) if before else float('nan'):+.1f}%); {b_label}: {bind}{slack_text}"
    )
    return ClaimCheck(claim, test, shown, intro_ok and grid_ok, _regime(run))


def _regime(run: ModelRun) -> str:
    return (
        f"intro: {run.regime_at(run.R_intro)}; grid: both regimes"
        if run.threshold
        else f"intro: {run.regime_at(run.R_intro)}; grid: type 3 binds throughout"
    )


# --------------------------------------------------------------------------- structural checks


def offer_by_search(prefs: Preferences, L: float, points: int = 200_001) -> tuple[float, float]:
    """The buyer's take-it-or-leave-it offer (y, p) found by brute force on a fine grid.

    Any p above y only lowers the buyer's payoff u(y) - p, so the search is over y in
    [0, min(L, 2)] with p = y; it checks (1), y = p = min(y*, L), without using it.
    """
    ys = np.linspace(0.0, min(L, 2.0), points)
    best = ys[np.argmax(prefs.u(ys) - ys)]
    return float(best), float(best)


def terms_of_trade_check(run: ModelRun) -> ClaimCheck:
    """Eq. (1) by brute force, and the sellers' DM surplus in the solved equilibrium (zero under TIOLI)."""
    prefs = Preferences(run.cal.eta, run.cal.b)
    levels = (0.05, 0.2, 0.5, 0.9, 1.2, 1.8)
    gaps = []
    for L in levels:
        y, p = offer_by_search(prefs, L)
        gaps.append(max(abs(y - min(prefs.y_star, L)), abs(p - y)))
    step = 2.0 / 200_000
    seller = run.intro.surplus_dm - run.intro.buyer_surplus_dm
    shown = (
        f"brute-force TIOLI offers at L ∈ {levels}: max |y − min(y*, L)| = {max(gaps):.1e} (grid step {step:.0e}); "
        f"sellers' expected DM surplus at R^e={run.R_intro:g}: {seller:.4f}"
    )
    return ClaimCheck(
        "C7", "y = p = min(y*, L), sellers get no DM surplus", shown, max(gaps) <= step and abs(seller) <= TOL, "any L"
    )


def premium_check(cal: Calibration) -> ClaimCheck:
    bar = bargaining_of(cal)
    levels = np.linspace(0, 2, 2001)
    lam = np.array([bar.premium(L) for L in levels])
    positive_iff_short = bool(((lam > 0) == (levels < bar.prefs.y_star)).all())
    shown = f"λ on 2,001 levels of L in [0, 2]: min {lam.min():.3g}, max {lam.max():.3f}; λ > 0 exactly when L < y* = {bar.prefs.y_star:.4f}"
    return ClaimCheck("C8", "λ(L) ≥ 0, > 0 iff L < y*", shown, bool(lam.min() >= 0) and positive_iff_short, "any L")


CM_WEALTH_LEVELS = (0.0, 0.5, 2.0)  # real wealth a buyer or seller brings into the CM
CM_TOL = 1e-6  # the numerical optimiser's tolerance on quantities
CM_STEP = 1e-4  # finite-difference step for the slope of W


def cm_utility(x):
    """CM utility U(x) = log x (spec section 4.1); x* solves U'(x*) = 1."""
    return np.log(x)


def buyer_cm_value(cal: Calibration, R_e: float, wealth: float) -> tuple[float, np.ndarray]:
    """W^B(wealth): the buyer's CM problem solved numerically, jointly over x and the portfolio.

    max over (x, e, d) of U(x) - x + wealth + T - i_e e - i_d d + sum_j alpha_j [u(y(L_j)) - z(y(L_j))],
    with L = e, d, e + d for the three meeting types: the CM budget substituted for h, the cost of
    carrying each money into the next DM and the buyer's expected DM surplus. Nothing of the
    solver's first-order conditions (8)-(9) or Lemmas 1-2 is used.
    """
    from scipy.optimize import minimize

    bar = bargaining_of(cal)
    transfer = (cal.mu / R_e - 1) * solve(cal, R_e).public

    def surplus(L: float) -> float:
        y = bar.quantity(max(L, 0.0))
        return float(bar.prefs.u(y) - bar.payment(y))

    def value(z: np.ndarray) -> float:
        x, e, d = z
        dm = sum(a * surplus(L) for a, L in zip(cal.alphas, (e, d, e + d)))
        return cm_utility(x) - x + wealth + transfer - cal.i_e(R_e) * e - cal.i_d * d + dm

    best = minimize(
        lambda z: -value(z),
        x0=(0.5, 0.3, 0.3),
        bounds=((1e-6, 10), (0, 2), (0, 2)),
        method="L-BFGS-B",
        options={"ftol": 1e-15, "gtol": 1e-10},
    )
    return -best.fun, best.x


def seller_cm_choice(cal: Calibration, R_e: float) -> np.ndarray:
    """The seller's CM problem: U(x) - x minus the cost of any money carried (sellers never buy in the DM)."""
    from scipy.optimize import minimize

    best = minimize(
        lambda z: -(cm_utility(z[0]) - z[0] - cal.i_e(R_e) * z[1] - cal.i_d * z[2]),
        x0=(0.5, 0.3, 0.3),
        bounds=((1e-6, 10), (0, 2), (0, 2)),
        method="L-BFGS-B",
        options={"ftol": 1e-15, "gtol": 1e-10},
    )
    return best.x


def cm_checks(run: ModelRun) -> list[ClaimCheck]:
    """Lemmas 1-2 and the Lagos-Wright properties, computed by solving the CM problems directly.

    At R^e = 1 (no CBDC) and at the introduction rate, for several entering wealth levels: the
    buyer's x (C4) and the seller's x (C5) against x* = argmax U(x) - x, and the buyer's portfolio
    against the solver's (e, d), the same at every wealth, with W^B rising one for one (C6).
    """
    cal = run.cal
    x_star = float(seller_cm_choice(cal.with_(mu=cal.beta * 1.5), 1.0)[0])  # any costly money: the seller holds none
    buyers, sellers, portfolio_gap, slopes, spread = [], [], 0.0, [], 0.0
    for R_e, eq in ((1.0, run.base), (run.R_intro, run.intro)):
        choices = []
        for wealth in CM_WEALTH_LEVELS:
            w0, z = buyer_cm_value(cal, R_e, wealth)
            w1, _ = buyer_cm_value(cal, R_e, wealth + CM_STEP)
            buyers.append(z[0])
            slopes.append((w1 - w0) / CM_STEP)
            choices.append(z[1:])
            portfolio_gap = max(portfolio_gap, abs(z[1] - eq.public), abs(z[2] - eq.private))
        spread = max(spread, float(np.ptp(np.array(choices), axis=0).max()))
        sellers.append(seller_cm_choice(cal, R_e))
    buyer_gap = max(abs(x - x_star) for x in buyers)
    seller_gap = max(abs(z[0] - x_star) for z in sellers)
    seller_money = max(float(z[1:].max()) for z in sellers)
    where = f"R^e = 1 and {run.R_intro:g}, entering wealth {', '.join(f'{w:g}' for w in CM_WEALTH_LEVELS)}"
    slope_gap = max(abs(v - 1) for v in slopes)
    return [
        ClaimCheck(
            "C4",
            "buyers' CM consumption with and without CBDC",
            f"x* = {x_star:.6f} (argmax U(x) − x); buyers' x solved jointly with the portfolio at {where}: "
            f"max |x − x*| = {buyer_gap:.1e}",
            buyer_gap <= CM_TOL,
            "no CBDC and introduction",
        ),
        ClaimCheck(
            "C5",
            "sellers' CM consumption",
            f"sellers' x at R^e = 1 and {run.R_intro:g}: max |x − x*| = {seller_gap:.1e}; money carried {seller_money:.1e}",
            seller_gap <= CM_TOL,
            "no CBDC and introduction",
        ),
        ClaimCheck(
            "C6",
            "portfolio independent of entering holdings; W linear, slope 1",
            f"at {where}: portfolio spread across wealth {spread:.1e}, max gap to the solver's (e, d) "
            f"{portfolio_gap:.1e}; dW/d(wealth) within {slope_gap:.1e} of 1",
            spread <= CM_TOL and portfolio_gap <= 1e-3 and slope_gap <= 1e-6,
            "no CBDC and introduction",
        ),
    ]


# --------------------------------------------------------------------------- the paper's results


def cash_demand_check(inflation: pd.DataFrame) -> ClaimCheck:
    direction = trend(inflation["cash"].to_numpy())
    lo, hi = inflation.iloc[0], inflation.iloc[-1]
    shown = (
        f"no CBDC: m̄ {lo.cash:.4f} at μ={lo.mu:.2f} → {hi.cash:.4f} at μ={hi.mu:.2f} ({direction}); "
        "implied by (2)-(3), so Assumption 1 is a result, not an extra assumption"
    )
    return ClaimCheck(
        "C9",
        "cash demand over inflation (Assumption 1)",
        shown,
        direction == "falling",
        "no CBDC, all constraints bind",
    )


def lemma3_check(run: ModelRun) -> ClaimCheck:
    gaps = run.frame.loc[run.frame["R_e"] > 1, "cash_condition_gap"]
    shown = (
        f"(5) strict: i_m − RHS = {run.intro.cash_condition_gap:.4f} at R^e={run.R_intro:g}, "
        f"min {gaps.min():.2e} over R^e>1 on the grid; ê = {run.intro.public:.4f} > 0"
    )
    return ClaimCheck(
        "C10", "cash dominated when R^e > 1", shown, bool((gaps > 0).all()) and run.intro.public > 0, _regime(run)
    )


def crowding_out_ratio_check(run: ModelRun) -> ClaimCheck:
    rise, fall = run.intro.public - run.base.public, run.base.private - run.intro.private
    grid = run.frame[run.frame["R_e"] > 1]
    ok_grid = bool(((grid["public"] - run.base.public) > (run.base.private - grid["private"])).all())
    shown = (
        f"ê − m̄ = {rise:.4f} > d̄ − d̂ = {fall:.4f} at R^e={run.R_intro:g}; holds at every R^e>1 on the grid: {ok_grid}"
    )
    return ClaimCheck("C15", "public rise exceeds private fall", shown, rise > fall and ok_grid, _regime(run))


def type3_relaxes_check(run: ModelRun) -> ClaimCheck:
    lam = ordering(run, "C18", "", "lam_total", -1, "flat")
    y3 = ordering(run, "C18", "", "y3", +1, "flat")
    shown = f"λ(e+d): {lam.shown}. y3: {y3.shown}"
    return ClaimCheck(
        "C18", "type-3 constraint relaxes (λ(e+d)↓, y3↑ toward y*)", shown, lam.passed and y3.passed, _regime(run)
    )


def theorem4_check(run: ModelRun) -> ClaimCheck:
    y3, Y = ordering(run, "C19", "", "y3", +1), ordering(run, "C19", "", "output_dm", +1)
    shown = f"y3: {y3.shown}. Y^DM: {Y.shown}"
    return ClaimCheck("C19", "type-3 and aggregate DM consumption rise", shown, y3.passed and Y.passed, _regime(run))


def all_types_affected_check(run: ModelRun, benchmark: pd.DataFrame) -> ClaimCheck:
    changes = {k: getattr(run.intro, k) - getattr(run.base, k) for k in ("y1", "y2", "y3")}
    moved = all(abs(v) > TOL for v in changes.values())
    spread = benchmark["private"].max() - benchmark["private"].min()
    shown = (
        f"at R^e={run.R_intro:g}: Δy1 {changes['y1']:+.4f}, Δy2 {changes['y2']:+.4f}, Δy3 {changes['y3']:+.4f}; "
        f"with α3 = 0 private money moves by at most {spread:.1e}"
    )
    return ClaimCheck(
        "C20", "CBDC affects all three payment types via type 3", shown, moved and spread <= TOL, _regime(run)
    )


def literal_theorem3_check(run: ModelRun) -> ClaimCheck:
    """Theorem 3 read literally: every agent's liquidity constraint relaxes (all three premia fall)."""
    deltas = {
        name: getattr(run.intro, col) - getattr(run.base, col)
        for name, col in (("λ(e)", "lam_public"), ("λ(d)", "lam_private"), ("λ(e+d)", "lam_total"))
    }
    shown = ", ".join(f"Δ{k} {v:+.4f}" for k, v in deltas.items()) + " — the type-2 constraint tightens"
    return ClaimCheck(
        "T3-all", "all three liquidity premia fall", shown, all(v < 0 for v in deltas.values()), _regime(run)
    )


def footnote11_check(run: ModelRun) -> ClaimCheck:
    """Footnote 11: the type-3 mechanism (more liquidity, more consumption) also applies to types 1 and 2."""
    d1, d2 = run.intro.y1 - run.base.y1, run.intro.y2 - run.base.y2
    _, slack = segments(run, "y2")
    shown = (
        f"Δy1 {d1:+.4f} ({100 * d1 / run.base.y1:+.1f}%), Δy2 {d2:+.4f} ({100 * d2 / run.base.y2:+.1f}%) at "
        f"R^e={run.R_intro:g}; y2 {segments(run, 'y2')[0]} while type 3 binds, {slack} beyond"
    )
    return ClaimCheck("FN11", "y1 and y2 both rise", shown, d1 > 0 and d2 > 0, _regime(run))


# --------------------------------------------------------------------------- derived claims


def keister_sanches_check(benchmark: pd.DataFrame, cal: Calibration) -> ClaimCheck:
    d = benchmark["private"].to_numpy()
    rates = admissible_rates(cal, BENCHMARK_RATES)
    rows = benchmark.set_index("R_e").loc[list(rates), "public"].round(4).tolist()
    shown = (
        f"α = ({cal.alpha_1:g}, {cal.alpha_2:g}, 0): d = {d[0]:.4f} at every R^e (range {d.max() - d.min():.1e}); "
        f"e = {rows} at R^e = {', '.join(f'{r:g}' for r in rates)}"
    )
    return ClaimCheck(
        "C24", "α3 = 0: CBDC leaves private money unchanged", shown, d.max() - d.min() <= TOL, "no type-3 meetings"
    )


def slack_regime_check(run: ModelRun, slack_cal: Calibration) -> ClaimCheck:
    frame = run.frame[run.frame["R_e"] >= run.threshold_or_top - 1e-15]
    flat_d = trend(frame["private"].to_numpy()) == "flat"
    at_star = bool(np.allclose(frame["y3"], 1 - run.cal.b, atol=1e-12))
    probe = min(run.R_intro, slack_cal.R_e_max * (1 - 1e-9))
    base, after = solve(slack_cal, 1.0), solve(slack_cal, probe)
    equal = abs(after.private - base.private) <= TOL
    shown = (
        f"baseline above R̄^e={run.threshold_or_top:.4f}: d flat at {frame['private'].iloc[0]:.4f}, y3 = y*; "
        f"η={slack_cal.eta}, μ={slack_cal.mu}, R^d={slack_cal.R_d} (slack without CBDC): "
        f"d̂({probe:.4g}) − d̄ = {after.private - base.private:+.1e}"
    )
    return ClaimCheck(
        "C25", "slack type 3: no crowding-out, y3 = y*", shown, flat_d and at_star and equal, "type-3 constraint slack"
    )


def continuity_check(cal: Calibration) -> ClaimCheck:
    base, near = solve(cal, 1.0), solve(cal, 1.0 + 1e-9)
    gap = max(abs(near.public - base.public), abs(near.private - base.private))
    shown = f"|(ê, d̂)(1 + 1e-9) − (m̄, d̄)| = {gap:.1e} (derivatives ≈ 4-5, so about 5e-9 is expected)"
    return ClaimCheck("C26", "CBDC equilibrium → no-CBDC equilibrium as R^e ↓ 1", shown, gap < 1e-7, "R^e = 1")


EQUIVALENCE_RATES = (1.01, 1.02, 1.03, 1.05, 1.07)


def equivalence_check(cal: Calibration, rates=EQUIVALENCE_RATES) -> ClaimCheck:
    rates = tuple(r for r in admissible_rates(cal, rates) if r > 1)
    gaps = []
    for r in rates:
        a, b = solve(cal, r), solve(cal.with_(mu=cal.mu / r), 1.0)
        gaps.append(max(abs(a.public - b.public), abs(a.private - b.private), abs(a.surplus_dm - b.surplus_dm)))
    shown = f"max |CBDC at (μ, R^e) − cash at μ/R^e| over R^e ∈ {rates}: {max(gaps):.1e}"
    return ClaimCheck("C27", "allocations depend on μ/R^e only", shown, max(gaps) < 1e-10, "both regimes")


def surplus_sign_check(run: ModelRun, welfare_map: pd.DataFrame) -> ClaimCheck:
    bind, slack = segments(run, "surplus_dm")
    falling = welfare_map.dropna(subset=["falls_from"])
    example = falling.iloc[0] if len(falling) else None
    text = (
        (
            f"; S falls somewhere in {len(falling)} of {len(welfare_map)} calibrations of the map, e.g. η={example.eta}, "
            f"μ={example.mu}, R^d={example.R_d} on [{example.falls_from:.4f}, {example.falls_to:.4f}]"
        )
        if example is not None
        else f"; S never falls in the {len(welfare_map)} calibrations of the map"
    )
    shown = f"baseline S {bind} while type 3 binds, {slack} beyond" + text
    return ClaimCheck(
        "C28", "sign of the DM-surplus effect is not general", shown, len(falling) > 0, "sensitivity map, both regimes"
    )


def transfer_check(run: ModelRun) -> ClaimCheck:
    frame = run.frame
    direction = trend(frame["transfer"].to_numpy())
    sign_ok = bool(
        ((frame["transfer"] < 0) == (frame["R_e"] > run.cal.mu + 1e-12)).loc[frame["R_e"] != run.cal.mu].all()
    )
    T = frame.set_index("R_e")["transfer"]
    shown = (
        f"T = {run.base.transfer:.5f} at R^e=1, {run.intro.transfer:.5f} at {run.R_intro:g}; {direction} on the grid; "
        f"T < 0 exactly when R^e > μ = {run.cal.mu:g} (min {T.min():.5f})"
    )
    return ClaimCheck(
        "C29",
        "transfer falls with R^e, negative once R^e > μ",
        shown,
        direction == "falling" and sign_ok,
        "both regimes",
    )


def crowding_out_everywhere_check(smap: pd.DataFrame, R_intro: float) -> ClaimCheck:
    valid = smap.dropna(subset=["d_change_pct"])
    none = valid[valid["d_change_pct"].abs() <= 1e-9]
    shown = (
        f"d̂({R_intro:g}) < d̄ in {len(valid) - len(none)} of {len(valid)} calibrations of the sensitivity map; "
        f"no crowding-out at all in {len(none)} (all with type 3 slack without CBDC, e.g. η ≥ "
        f"{none['eta'].min() if len(none) else float('nan'):g})"
    )
    return ClaimCheck("L5-map", "crowding-out in every calibration", shown, len(none) == 0, "sensitivity map")


BINDING_CLAIMS = ("C11", "C12", "C13", "C14", "C15", "C16", "C17", "C18", "C19", "C20", "C22", "C23", "T3-all", "FN11")


def outside_regime(check: ClaimCheck, run: ModelRun) -> ClaimCheck:
    """A claim about the binding regime at a calibration where type 3 is slack already without CBDC: not computed."""
    return replace(
        check,
        passed=False,
        computed=False,
        shown=(
            f"not computed: at η = {run.cal.eta:g}, μ = {run.cal.mu:g}, R^d = {run.cal.R_d:g} the type-3 constraint is "
            "slack already without CBDC, so the regime the claim assumes (all constraints bind) does not occur "
            f"(C25 covers the slack regime). In this run: {check.shown}"
        ),
        regime="type-3 constraint slack throughout",
    )


def core_checks(run: ModelRun, inflation: pd.DataFrame, benchmark: pd.DataFrame) -> list[ClaimCheck]:
    """The checks that need only one calibration (used again for the bargaining comparison).

    Where the type-3 constraint is slack already at R^e = 1, the claims about the binding regime
    (:data:`BINDING_CLAIMS`) are marked not computed rather than read as failed trends.
    """
    checks = _core_checks(run, inflation, benchmark)
    if run.threshold != 1.0:
        return checks
    return [outside_regime(c, run) if c.claim in BINDING_CLAIMS else c for c in checks]


def _core_checks(run: ModelRun, inflation: pd.DataFrame, benchmark: pd.DataFrame) -> list[ClaimCheck]:
    return [
        *cm_checks(run),
        terms_of_trade_check(run),
        premium_check(run.cal),
        cash_demand_check(inflation),
        lemma3_check(run),
        ordering(run, "C11", "public money rises (Theorem 1)", "public", +1, "rising"),
        ordering(run, "C12", "public-money premium falls (Lemma 4)", "lam_public", -1, "falling"),
        ordering(run, "C13", "private money falls (Lemma 5)", "private", -1, "flat"),
        ordering(run, "C14", "total money rises (Theorem 2)", "total", +1, "rising"),
        crowding_out_ratio_check(run),
        ordering(run, "C16", "private-money premium rises", "lam_private", +1, "flat"),
        ordering(run, "C17", "total premium falls", "lam_total", -1, "flat"),
        type3_relaxes_check(run),
        theorem4_check(run),
        all_types_affected_check(run, benchmark),
        ordering(run, "C22", "type-1 consumption rises", "y1", +1, "rising"),
        ordering(run, "C23", "type-2 consumption falls", "y2", -1, "flat"),
        keister_sanches_check(benchmark, run.cal.with_(alpha_3=0.0)),
        continuity_check(run.cal),
        equivalence_check(run.cal),
        transfer_check(run),
        literal_theorem3_check(run),
        footnote11_check(run),
    ]


def check_claims(
    run: ModelRun,
    inflation: pd.DataFrame,
    benchmark: pd.DataFrame,
    smap: pd.DataFrame,
    welfare_map: pd.DataFrame,
    slack_cal: Calibration,
) -> list[ClaimCheck]:
    """All model checks of the ledger: the single-calibration ones plus those over the sensitivity map."""
    return [
        *core_checks(run, inflation, benchmark),
        slack_regime_check(run, slack_cal),
        surplus_sign_check(run, welfare_map),
        crowding_out_everywhere_check(smap, run.R_intro),
    ]


def slack_example(cal: Calibration, smap: pd.DataFrame) -> Calibration:
    """A calibration of the sensitivity map whose type-3 constraint is slack without CBDC (for C25).

    Falls back to the highest curvature of the map if none is slack; C25 then reports what it finds.
    """
    slack = smap[smap["slack_without_cbdc"]]
    row = slack.iloc[0] if len(slack) else smap.sort_values("eta").iloc[-1]
    return cal.with_(eta=float(row.eta), mu=float(row.mu), R_d=float(row.R_d))
