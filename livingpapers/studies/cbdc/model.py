"""Jia (2023) as a computable model: a Lagos-Wright economy with cash, cash-like CBDC and private money.

The paper proves signs only. This module solves its steady state numerically so that every
lemma and theorem can be checked at chosen parameter values:

- :class:`Calibration` holds the primitives (discount factor, inflation, the real return on
  private money, DM utility curvature, the meeting probabilities and the bargaining power);
  :func:`calibration_problems` lists every violated bound at once and
  :func:`check_calibration` raises one :class:`CalibrationError` naming them all.
- :func:`solve` finds the equilibrium of the money-demand conditions (8)-(9) (equivalently
  (2)-(3) at ``R_e = 1``) with nested bracketed Brent root finding, which copes with the kink
  of the liquidity premium at satiation (lambda(L) = max(u'(L) - 1, 0) has a corner at y*).
- :func:`regime_threshold` finds the CBDC rate above which the type-3 constraint is slack,
  :func:`sweep` solves along a grid of CBDC rates and :func:`derivatives` gives the
  implicit-function comparative statics of spec section 4.9.
- :func:`run_model` solves the baseline once (no CBDC, the introduction scenario, the regime
  boundary and the sweep); :func:`keister_sanches_benchmark`, :func:`no_cbdc_over_inflation` and
  :func:`sensitivity_map` solve the comparison economies the chapter draws.

Notation follows the paper: ``e`` real CBDC balances (cash ``m`` when there is no CBDC),
``d`` real private money, ``R_e`` the gross *nominal* CBDC rate, ``R_d`` the gross *real*
return on private money (it enters the CM budget as the price 1/R_d; spec section 10, item 4).
Terms of trade come from a :class:`Bargaining` protocol: the paper's buyer take-it-or-leave-it
offer is ``theta = 1``; ``theta < 1`` is Kalai proportional bargaining (beyond the paper).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import asdict, dataclass, replace

import numpy as np
import pandas as pd
from scipy.optimize import brentq

XTOL = 1e-14  # absolute tolerance of every Brent solve; the inner solve must be tighter than 1e-12
RTOL = 4 * np.finfo(float).eps
CM_SURPLUS = 2 * (np.log(1.0) - 1.0)  # U(x) = log x, so x* = 1 for buyers and sellers (Lemmas 1-2): 2[U(x*) - x*]


class CalibrationError(ValueError):
    """Parameters outside the bounds under which a stationary monetary equilibrium exists."""


@dataclass(frozen=True)
class Calibration:
    """The model's primitives. Defaults: the article's alphas and the spec's illustrative values.

    The article has no calibration. Only ``alpha_1..3`` (the payment-type shares it quotes from
    Chiu et al. 2023) come from the paper; everything else is chosen for illustration.
    """

    beta: float = 0.96
    mu: float = 1.03
    R_d: float = 1.005
    eta: float = 0.25
    b: float = 1e-4
    alpha_1: float = 0.11
    alpha_2: float = 0.27
    alpha_3: float = 0.62
    theta: float = 1.0  # buyer's share of the DM surplus; 1 = take-it-or-leave-it offer (the paper)

    @property
    def alphas(self) -> tuple[float, float, float]:
        return (self.alpha_1, self.alpha_2, self.alpha_3)

    @property
    def i_m(self) -> float:
        """Holding cost of cash, mu/beta - 1 (left side of (2) and (5))."""
        return self.mu / self.beta - 1

    @property
    def i_d(self) -> float:
        """Holding cost of private money, 1/(beta R_d) - 1 (left side of (3), (7), (9))."""
        return 1 / (self.beta * self.R_d) - 1

    def i_e(self, R_e: float) -> float:
        """Holding cost of CBDC paying gross nominal rate R_e, mu/(beta R_e) - 1 (left side of (6), (8))."""
        return self.mu / (self.beta * R_e) - 1

    @property
    def R_e_max(self) -> float:
        """The supremum mu/beta of admissible CBDC rates (the Friedman rule for public money)."""
        return self.mu / self.beta

    def with_(self, **changes) -> Calibration:
        return replace(self, **changes)


def calibration_problems(cal: Calibration, R_e: float | None = None) -> list[str]:
    """Every bound the parameters violate (empty when the equilibrium exists).

    The paper states only mu > beta, R_d > 1 and R_e > 1. Without R_d < 1/beta and
    R_e < mu/beta money demand is unbounded (spec section 10, item 6). R_e = 1 is admitted:
    it is the economy without CBDC.
    """
    problems = []
    if not 0 < cal.beta < 1:
        problems.append(f"beta = {cal.beta} must lie in (0, 1)")
    if not cal.mu > cal.beta:
        problems.append(f"mu = {cal.mu} must exceed beta = {cal.beta}")
    if not 1 < cal.R_d < 1 / cal.beta:
        problems.append(f"R_d = {cal.R_d} must lie in (1, 1/beta) = (1, {1 / cal.beta:.6g})")
    if R_e is not None and not 1 <= R_e < cal.mu / cal.beta:
        problems.append(f"R_e = {R_e} must lie in [1, mu/beta) = [1, {cal.mu / cal.beta:.6g})")
    negative = [f"alpha_{i + 1} = {a}" for i, a in enumerate(cal.alphas) if a < 0]
    if negative:
        problems.append("meeting probabilities must be non-negative: " + ", ".join(negative))
    if sum(cal.alphas) > 1 + 1e-12:
        problems.append(f"alpha_1 + alpha_2 + alpha_3 = {sum(cal.alphas):.6g} must be at most 1")
    if not (cal.eta > 0 and cal.eta != 1):
        problems.append(f"eta = {cal.eta} must be positive and different from 1")
    if not cal.b > 0:
        problems.append(f"b = {cal.b} must be positive (it keeps u'(0) finite for the bracketed solver)")
    if not 0 < cal.theta <= 1:
        problems.append(f"theta = {cal.theta} must lie in (0, 1]")
    return problems


def check_calibration(cal: Calibration, R_e: float | None = None) -> None:
    """Raise one :class:`CalibrationError` listing every violated bound."""
    problems = calibration_problems(cal, R_e)
    if problems:
        raise CalibrationError("parameters outside the model's bounds:\n- " + "\n- ".join(problems))


# --------------------------------------------------------------------------- preferences and bargaining


@dataclass(frozen=True)
class Preferences:
    """DM utility u(y) = ((y + b)^(1-eta) - b^(1-eta)) / (1 - eta): u(0) = 0, u'(y) = (y + b)^(-eta), u''' > 0."""

    eta: float
    b: float

    @property
    def y_star(self) -> float:
        """Efficient DM quantity, u'(y*) = 1."""
        return 1 - self.b

    def u(self, y):
        return ((y + self.b) ** (1 - self.eta) - self.b ** (1 - self.eta)) / (1 - self.eta)

    def u1(self, y):
        return (y + self.b) ** (-self.eta)

    def u2(self, y):
        return -self.eta * (y + self.b) ** (-self.eta - 1)


@dataclass(frozen=True)
class Bargaining:
    """DM terms of trade when the buyer gets a share ``theta`` of the match surplus (Kalai).

    The buyer pays z(y) = (1 - theta) u(y) + theta y for y; ``theta = 1`` is the paper's
    take-it-or-leave-it offer, z(y) = y, which gives (1): y(L) = p(L) = min(y*, L).
    With liquidity L the buyer buys y(L) = z^{-1}(min(L, z(y*))). The liquidity premium is the
    marginal value of one more unit of liquidity, lambda(L) = u'(y)/z'(y) - 1 when L < z(y*),
    zero otherwise; for theta = 1 it is (4), max(u'(L) - 1, 0).
    """

    prefs: Preferences
    theta: float = 1.0

    @property
    def tioli(self) -> bool:
        return self.theta == 1.0

    def payment(self, y):
        """z(y): the payment a seller needs for y under this protocol."""
        return y if self.tioli else (1 - self.theta) * self.prefs.u(y) + self.theta * y

    def payment_slope(self, y):
        return 1.0 if self.tioli else (1 - self.theta) * self.prefs.u1(y) + self.theta

    @property
    def satiation(self) -> float:
        """L* = z(y*): liquidity at and above which the constraint is slack."""
        return float(self.payment(self.prefs.y_star))

    def quantity(self, L: float) -> float:
        """DM quantity y(L) bought with liquidity L."""
        if self.satiation <= L:
            return self.prefs.y_star
        if self.tioli:
            return L
        return brentq(lambda y: self.payment(y) - L, 0.0, self.prefs.y_star, xtol=XTOL, rtol=RTOL)

    def quantity_slope(self, L: float) -> float:
        """y'(L): 1/z'(y) while the constraint binds, 0 once it is slack."""
        return 0.0 if self.satiation <= L else 1 / self.payment_slope(self.quantity(L))

    def premium(self, L: float) -> float:
        """Liquidity premium lambda(L) >= 0 (eq. 4 for the paper's protocol)."""
        if self.satiation <= L:
            return 0.0
        y = self.quantity(L)
        return max(self.prefs.u1(y) / self.payment_slope(y) - 1, 0.0)

    def premium_slope(self, L: float) -> float:
        """lambda'(L) = theta u''(y) / z'(y)^3 while binding (u''(L) for theta = 1), 0 when slack."""
        if self.satiation <= L:
            return 0.0
        y = self.quantity(L)
        return self.theta * self.prefs.u2(y) / self.payment_slope(y) ** 3


def bargaining_of(cal: Calibration) -> Bargaining:
    return Bargaining(Preferences(cal.eta, cal.b), cal.theta)


# --------------------------------------------------------------------------- equilibrium


@dataclass(frozen=True)
class Equilibrium:
    """A stationary equilibrium: holdings, premia, DM quantities, surplus, welfare and transfer.

    ``public`` is the public money held: CBDC e when R_e > 1, cash m when R_e = 1 (at R_e = 1
    cash and CBDC are perfect substitutes and only their sum is determined).
    """

    R_e: float
    public: float
    private: float
    lam_public: float
    lam_private: float
    lam_total: float
    y1: float
    y2: float
    y3: float
    output_dm: float
    surplus_dm: float
    buyer_surplus_dm: float
    welfare: float
    transfer: float
    binds_1: bool
    binds_2: bool
    binds_3: bool
    cash_condition_gap: float  # i_m minus the right side of (5); > 0 means cash is not held (Lemma 3)

    @property
    def total(self) -> float:
        return self.public + self.private

    def as_row(self) -> dict:
        row = asdict(self)
        row["total"] = self.total
        return row


def private_money(bar: Bargaining, cal: Calibration, public: float) -> float:
    """Inner solve: d with alpha_2 lambda(d) + alpha_3 lambda(public + d) = i_d (eq. 9), given public money.

    The left side falls in d and is zero at the satiation level, so the root is unique and
    bracketed by [0, L*]; if the left side is already below i_d at d = 0 the buyer holds none.
    """
    a1, a2, a3 = cal.alphas
    i_d = cal.i_d

    def excess(d: float) -> float:
        return a2 * bar.premium(d) + a3 * bar.premium(public + d) - i_d

    if excess(0.0) <= 0:
        return 0.0
    return brentq(excess, 0.0, bar.satiation, xtol=XTOL, rtol=RTOL)


def public_money(bar: Bargaining, cal: Calibration, i_public: float) -> tuple[float, float]:
    """Outer solve: public money p with alpha_1 lambda(p) + alpha_3 lambda(p + d(p)) = i_public (eq. 8).

    d(p) from :func:`private_money`. p + d(p) rises with p, so the left side falls in p.
    """
    a1, a2, a3 = cal.alphas

    def excess(p: float) -> float:
        return a1 * bar.premium(p) + a3 * bar.premium(p + private_money(bar, cal, p)) - i_public

    if excess(0.0) <= 0:
        return 0.0, private_money(bar, cal, 0.0)
    upper = bar.satiation
    public = brentq(excess, 0.0, upper, xtol=XTOL, rtol=RTOL)
    return public, private_money(bar, cal, public)


def solve(cal: Calibration, R_e: float = 1.0) -> Equilibrium:
    """The equilibrium with a CBDC paying gross nominal rate ``R_e``; ``R_e = 1`` is the economy without CBDC.

    With R_e > 1 cash is dominated (Lemma 3), so m = 0 and (8)-(9) determine (e, d). With
    R_e = 1 the same system with i_e = i_m is (2)-(3), which determines (m, d).
    """
    check_calibration(cal, R_e)
    bar = bargaining_of(cal)
    public, private = public_money(bar, cal, cal.i_e(R_e))
    return describe(cal, bar, R_e, public, private)


def describe(cal: Calibration, bar: Bargaining, R_e: float, public: float, private: float) -> Equilibrium:
    """Everything the chapter reports about an equilibrium with the given holdings."""
    a1, a2, a3 = cal.alphas
    prefs = bar.prefs
    holdings = (public, private, public + private)
    ys = [bar.quantity(L) for L in holdings]
    lams = [bar.premium(L) for L in holdings]
    surplus = sum(a * (prefs.u(y) - y) for a, y in zip(cal.alphas, ys))
    buyer = sum(a * (prefs.u(y) - bar.payment(y)) for a, y in zip(cal.alphas, ys))
    transfer = (cal.mu / R_e - 1) * public  # spec's corrected government budget, section 4.7
    rhs_cash = a1 * lams[0] + a3 * lams[2]
    return Equilibrium(
        R_e=R_e,
        public=public,
        private=private,
        lam_public=lams[0],
        lam_private=lams[1],
        lam_total=lams[2],
        y1=ys[0],
        y2=ys[1],
        y3=ys[2],
        output_dm=sum(a * y for a, y in zip(cal.alphas, ys)),
        surplus_dm=surplus,
        buyer_surplus_dm=buyer,
        welfare=surplus + CM_SURPLUS,
        transfer=transfer,
        binds_1=public < bar.satiation,
        binds_2=private < bar.satiation,
        binds_3=public + private < bar.satiation,
        cash_condition_gap=cal.i_m - rhs_cash,
    )


# --------------------------------------------------------------------------- regime, sweep, comparative statics


def regime_threshold(cal: Calibration) -> float | None:
    """The CBDC rate R̄_e at which e + d reaches satiation; above it the type-3 constraint is slack.

    Returns 1.0 when the type-3 constraint is already slack without CBDC (the paper's mechanism
    is then inactive) and None when it binds on the whole admissible range [1, mu/beta).
    """
    bar = bargaining_of(cal)
    L_star = bar.satiation

    def gap(R_e: float) -> float:
        public, private = public_money(bar, cal, cal.i_e(R_e))
        return public + private - L_star

    if gap(1.0) >= 0:
        return 1.0
    top = cal.R_e_max * (1 - 1e-10)
    if gap(top) < 0:
        return None
    return brentq(gap, 1.0, top, xtol=1e-12, rtol=RTOL)


def admissible_rates(cal: Calibration, rates, minimum: int = 3) -> tuple[float, ...]:
    """The CBDC rates of ``rates`` that the calibration admits (R^e < mu/beta).

    The spec's check rows are fixed rates (1.00 to 1.07); a lower mu/beta cuts some of them off.
    When fewer than ``minimum`` rates above 1 remain, evenly spaced admissible rates take their place,
    so every table and check follows the calibration instead of failing on a fixed rate.
    """
    kept = tuple(float(r) for r in rates if r < cal.R_e_max)
    if sum(r > 1 for r in kept) >= minimum:
        return kept
    spaced = {round(float(r), 4) for r in np.linspace(1.0, cal.R_e_max, minimum + 2)[1:-1]}
    return tuple(sorted(set(kept) | spaced))


def rate_grid(cal: Calibration, points: int, extra: tuple[float, ...] = ()) -> np.ndarray:
    """``points`` CBDC rates evenly spaced on [1, mu/beta), plus any ``extra`` rates, sorted."""
    grid = np.linspace(1.0, cal.R_e_max, points, endpoint=False)
    return np.unique(np.concatenate([grid, np.asarray(extra, dtype=float)]))


def sweep(cal: Calibration, rates) -> pd.DataFrame:
    """One row per CBDC rate: the equilibrium and its percentage changes against no CBDC."""
    frame = pd.DataFrame([solve(cal, float(r)).as_row() for r in rates])
    base = solve(cal, 1.0)
    for column, reference in (
        ("public", base.public),
        ("private", base.private),
        ("total", base.total),
        ("output_dm", base.output_dm),
        ("surplus_dm", base.surplus_dm),
    ):
        frame[f"{column}_pct"] = 100 * (frame[column] / reference - 1)
    return frame


@dataclass(frozen=True)
class Derivatives:
    """Derivatives with respect to R_e from the implicit-function theorem (spec section 4.9)."""

    public: float
    private: float
    total: float
    output_dm: float
    surplus_dm: float


def derivatives(cal: Calibration, R_e: float) -> Derivatives:
    """Analytical comparative statics of (8)-(9) at ``R_e``.

    With A = -lambda'(e), B = -lambda'(d), C = -lambda'(e + d) (A = -u''(e) etc. for the
    paper's protocol) and Delta = a1 a2 A B + a1 a3 A C + a2 a3 B C:
    de/di_e = -(a2 B + a3 C)/Delta, dd/di_e = a3 C/Delta, and di_e/dR_e = -mu/(beta R_e^2).
    In the slack type-3 regime C = 0, so dd/di_e = 0 and de/di_e = -1/(a1 A).
    """
    eq = solve(cal, R_e)
    bar = bargaining_of(cal)
    a1, a2, a3 = cal.alphas
    A, B, C = (-bar.premium_slope(L) for L in (eq.public, eq.private, eq.total))
    delta = a1 * a2 * A * B + a1 * a3 * A * C + a2 * a3 * B * C
    di = -cal.mu / (cal.beta * R_e**2)
    de = -(a2 * B + a3 * C) / delta * di
    dd = a3 * C / delta * di
    slopes = [bar.quantity_slope(L) for L in (eq.public, eq.private, eq.total)]
    dys = [s * dL for s, dL in zip(slopes, (de, dd, de + dd))]
    prefs = bar.prefs
    ys = (eq.y1, eq.y2, eq.y3)
    return Derivatives(
        public=de,
        private=dd,
        total=de + dd,
        output_dm=sum(a * dy for a, dy in zip(cal.alphas, dys)),
        surplus_dm=sum(a * (prefs.u1(y) - 1) * dy for a, y, dy in zip(cal.alphas, ys, dys)),
    )


def inflation_sweep(cal: Calibration, inflation_rates) -> pd.DataFrame:
    """The economy without CBDC at each gross inflation rate mu (Assumption 1 / claim C9)."""
    rows = []
    for mu in inflation_rates:
        eq = solve(cal.with_(mu=float(mu)), 1.0)
        rows.append(
            {
                "mu": float(mu),
                "cash": eq.public,
                "private": eq.private,
                "total": eq.total,
                "lam_cash": eq.lam_public,
                "output_dm": eq.output_dm,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- runs of the solver the chapter shows

INFLATION_RATES = (1.00, 1.01, 1.02, 1.03, 1.04, 1.05)
BENCHMARK_RATES = (1.00, 1.02, 1.04, 1.06)
SENSITIVITY_ETAS = (0.2, 0.25, 0.3, 0.4, 0.5)
SENSITIVITY_MUS = (1.00, 1.01, 1.02, 1.03, 1.05)
SENSITIVITY_RDS = (1.001, 1.005, 1.01)


@dataclass
class ModelRun:
    """The baseline solved once: no-CBDC and introduction equilibria, the regime boundary and the sweep."""

    cal: Calibration
    R_intro: float
    base: Equilibrium
    intro: Equilibrium
    threshold: float | None
    frame: pd.DataFrame
    seconds: float

    @property
    def threshold_or_top(self) -> float:
        """The regime boundary, or the top of the admissible range when type 3 binds throughout."""
        return self.cal.R_e_max if self.threshold is None else self.threshold

    def regime_at(self, R_e: float) -> str:
        return "all constraints bind" if R_e < self.threshold_or_top else "type-3 constraint slack"


def run_model(cal: Calibration, grid_points: int, R_intro: float) -> ModelRun:
    """Solve the baseline: no CBDC, the introduction scenario, the threshold and the R_e sweep."""
    start = time.perf_counter()
    base, intro = solve(cal, 1.0), solve(cal, R_intro)
    threshold = regime_threshold(cal)
    extra = (R_intro,) + ((threshold,) if threshold not in (None, 1.0) else ())
    frame = sweep(cal, rate_grid(cal, grid_points, extra))
    return ModelRun(cal, R_intro, base, intro, threshold, frame, time.perf_counter() - start)


def keister_sanches_benchmark(cal: Calibration, grid_points: int) -> pd.DataFrame:
    """The alpha_3 = 0 economy (no type-3 meetings): CBDC cannot reach private money (claim C24)."""
    bench = cal.with_(alpha_3=0.0)
    return sweep(bench, rate_grid(bench, grid_points, admissible_rates(bench, BENCHMARK_RATES)))


def no_cbdc_over_inflation(cal: Calibration, points: int = 41) -> pd.DataFrame:
    """Cash and private money without CBDC as inflation rises (Assumption 1 / C9)."""
    rates = np.unique(np.concatenate([np.linspace(1.0, 1.06, points), INFLATION_RATES]))
    return inflation_sweep(cal, rates)


def sensitivity_map(
    cal: Calibration, R_intro: float, etas=SENSITIVITY_ETAS, mus=SENSITIVITY_MUS, rds=SENSITIVITY_RDS
) -> pd.DataFrame:
    """Regime boundary and crowding-out at ``R_intro`` over curvature, inflation and R_d.

    ``threshold`` is 1.0 when the type-3 constraint is slack already without CBDC and NaN
    when it binds over the whole admissible range. ``d_change_pct`` compares private money at
    ``R_intro`` with no CBDC (NaN when ``R_intro`` is not admissible, R_intro >= mu/beta).
    """
    rows = []
    for eta, mu, rd in itertools.product(etas, mus, rds):
        c = cal.with_(eta=eta, mu=mu, R_d=rd)
        threshold = regime_threshold(c)
        base = solve(c, 1.0)
        change = np.nan
        if R_intro < c.R_e_max:
            change = 100 * (solve(c, R_intro).private / base.private - 1)
        rows.append(
            {
                "eta": eta,
                "mu": mu,
                "R_d": rd,
                "threshold": np.nan if threshold is None else threshold,
                "slack_without_cbdc": threshold == 1.0,
                "d_change_pct": change,
            }
        )
    return pd.DataFrame(rows)
