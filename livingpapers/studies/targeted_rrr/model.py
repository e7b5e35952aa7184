"""The two-period bank credit-allocation model of §2 of the paper (after Kopecky and VanHoose 2012).

A bank lends to small/micro firms (S) and other firms (L) in two periods, funding loans with
deposits under a reserve requirement. Its period-2 reserve ratio is low (tau_l) if its period-1
small/micro share reaches h, high (tau_h) otherwise (eq. 3). Digital transformation a lowers the
management-cost coefficients gamma_i(a) = (1 - delta_i a + phi_i) gamma_i (eq. 1) and the screening
cost c_i(a) = c_i0 (1 - kappa_i a).

The paper prints no solution ("available on request", footnote 7) and no parameter values. This
module solves the model in closed form under the net-return convention of the study spec (loan
rates r_i are net, w_i is the net payoff per unit in default), verifies the closed form against a
brute-force constrained optimiser, and computes the objects of Figures 2-3 and of results R1-R5.
All calibrations here are illustrative (the spec's demonstration values), not estimates.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from scipy import optimize


class ModelParameterError(ValueError):
    """Model parameters violate the model's bounds; the message lists every violation."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid model parameters:\n- " + "\n- ".join(problems))


@dataclass(frozen=True)
class Market:
    """Rates, repayment probabilities and the targeted-RRR rule (common to every bank)."""

    r_S: float = 0.06  # net small/micro loan rate
    r_L: float = 0.05  # net other-loan rate
    w_S: float = -0.5  # net payoff per unit of a defaulted small/micro loan (omega_S - 1)
    w_L: float = -0.5
    P_S: float = 0.90  # initial repayment probability
    P_L: float = 0.97
    r_D: float = 0.02  # deposit rate
    tau_h: float = 0.20  # high reserve ratio (and tau_1, which the paper leaves unspecified)
    tau_l: float = 0.15  # low reserve ratio for qualifying banks
    h: float = 0.30  # qualifying small/micro share of loans (2014-2017 rule: 30 %)
    beta: float = 0.95

    @property
    def tau_1(self) -> float:
        return self.tau_h


@dataclass(frozen=True)
class Bank:
    """Effective cost coefficients of one bank at its digitalization level (the figures' axes)."""

    gamma_S: float  # gamma_S(a): small/micro management-cost coefficient
    c_S: float  # c_S(a): small/micro screening-cost coefficient
    gamma_L: float = 1.0
    c_L: float = 2.0


@dataclass(frozen=True)
class Digital:
    """How digital transformation a moves a bank's cost coefficients (eq. 1 and c_i(a))."""

    gamma_S: float
    c_S0: float
    delta_S: float
    phi_S: float
    kappa_S: float
    gamma_L: float = 1.0
    c_L0: float = 2.0
    delta_L: float = 0.2
    phi_L: float = 0.1
    kappa_L: float = 0.1

    def bank(self, a: float) -> Bank:
        return Bank(
            gamma_S=(1 - self.delta_S * a + self.phi_S) * self.gamma_S,
            c_S=self.c_S0 * (1 - self.kappa_S * a),
            gamma_L=(1 - self.delta_L * a + self.phi_L) * self.gamma_L,
            c_L=self.c_L0 * (1 - self.kappa_L * a),
        )


def market_problems(m: Market) -> list[str]:
    """Every violated bound of the market parameters."""
    p = []
    if not m.r_D > 0:
        p.append(f"r_D = {m.r_D} must be > 0 (otherwise the reserve constraint need not bind)")
    if not 0 <= m.tau_l < m.tau_h < 1:
        p.append(f"reserve ratios must satisfy 0 <= tau_l < tau_h < 1 (got tau_l = {m.tau_l}, tau_h = {m.tau_h})")
    if not 0 < m.h < 1:
        p.append(f"h = {m.h} must lie in (0, 1)")
    if not 0 < m.beta <= 1:
        p.append(f"beta = {m.beta} must lie in (0, 1]")
    for i in ("S", "L"):
        P, r, w = getattr(m, f"P_{i}"), getattr(m, f"r_{i}"), getattr(m, f"w_{i}")
        if not 0 < P < 1:
            p.append(f"P_{i} = {P} must lie in (0, 1)")
        if not w < r:
            p.append(f"w_{i} = {w} must be below r_{i} = {r} (repayment must beat default)")
    return p


def bank_problems(b: Bank) -> list[str]:
    return [f"{k} = {v} must be > 0" for k, v in vars(b).items() if not v > 0]


def digital_problems(d: Digital, a: float) -> list[str]:
    """Bounds of the digitalization mapping at level a, and the paper's orderings."""
    p = [f"{k} = {getattr(d, k)} must be > 0" for k in ("gamma_S", "gamma_L", "c_S0", "c_L0") if not getattr(d, k) > 0]
    p += [
        f"{k} = {getattr(d, k)} must be >= 0"
        for k in ("delta_S", "delta_L", "phi_S", "phi_L", "kappa_S", "kappa_L")
        if not getattr(d, k) >= 0
    ]
    if not d.delta_S >= d.delta_L:
        p.append(f"delta_S = {d.delta_S} must be >= delta_L = {d.delta_L} (digitalization helps small loans more)")
    if not d.c_S0 * d.kappa_S >= d.c_L0 * d.kappa_L:
        p.append("dc_S/da must be <= dc_L/da, i.e. c_S0 kappa_S >= c_L0 kappa_L")
    if not a >= 0:
        p.append(f"a = {a} must be >= 0")
    for i in ("S", "L"):
        if not 1 - getattr(d, f"delta_{i}") * a + getattr(d, f"phi_{i}") > 0:
            p.append(f"1 - delta_{i} a + phi_{i} must be > 0 at a = {a}")
        if not 1 - getattr(d, f"kappa_{i}") * a > 0:
            p.append(f"1 - kappa_{i} a must be > 0 at a = {a}")
    return p


def validate(market: Market, bank: Bank | None = None, digital: Digital | None = None, a: float = 0.0) -> None:
    """Raise one :class:`ModelParameterError` listing every violated bound."""
    problems = market_problems(market)
    if bank is not None:
        problems += bank_problems(bank)
    if digital is not None:
        problems += digital_problems(digital, a)
    if problems:
        raise ModelParameterError(problems)


# --- closed form ----------------------------------------------------------------------------
def screening(market: Market, c, i: str):
    """Optimal screening intensity q_i* = (r_i - w_i)/c_i, capped so that p_i <= 1."""
    r, w, P = getattr(market, f"r_{i}"), getattr(market, f"w_{i}"), getattr(market, f"P_{i}")
    return np.clip((r - w) / np.asarray(c, dtype=float), 0.0, 1.0 - P)


def gross_margin(market: Market, c, i: str):
    """Expected return per unit of loans net of screening cost, before funding cost."""
    r, w, P = getattr(market, f"r_{i}"), getattr(market, f"w_{i}"), getattr(market, f"P_{i}")
    q = screening(market, c, i)
    return r * (P + q) + w * (1 - P - q) - 0.5 * np.asarray(c, dtype=float) * q**2


def margin(market: Market, c, i: str, tau):
    """m_i(tau), the paper's footnote-8 object r~_i: gross margin minus r_D/(1 - tau)."""
    return gross_margin(market, c, i) - market.r_D / (1 - np.asarray(tau, dtype=float))


@dataclass
class Allocation:
    """The solved model at one bank (arrays when the bank's coefficients are arrays)."""

    S1U: np.ndarray
    L1U: np.ndarray
    rho1U: np.ndarray
    region: np.ndarray  # 1, 2, 3 = Regions I, II, III
    S1W: np.ndarray
    L1W: np.ndarray
    rho1W: np.ndarray
    S2U: np.ndarray
    S2W: np.ndarray
    rho2U: np.ndarray
    rho2W: np.ndarray
    compliance_cost: np.ndarray
    gain: np.ndarray
    value_W: np.ndarray  # two-period value with the policy
    value_comply: np.ndarray  # two-period value if the bank meets the requirement (pi_A)


def loans(market: Market, bank: Bank, tau):
    """Unconstrained optimum for a given reserve ratio: S*, L* = max(0, m_i/gamma_i)."""
    S = np.maximum(0.0, margin(market, bank.c_S, "S", tau) / np.asarray(bank.gamma_S, dtype=float))
    L = np.maximum(0.0, margin(market, bank.c_L, "L", tau) / np.asarray(bank.gamma_L, dtype=float))
    S, L = np.broadcast_arrays(S, L)
    return S.copy(), L.copy()


def share(S, L):
    total = S + L
    return np.divide(S, total, out=np.full(np.shape(total), np.nan, dtype=float), where=total > 0)


def profit(market: Market, bank: Bank, S, L, tau):
    """One period's expected profit with optimal screening and the reserve constraint binding."""
    mS, mL = margin(market, bank.c_S, "S", tau), margin(market, bank.c_L, "L", tau)
    return mS * S + mL * L - 0.5 * bank.gamma_S * S**2 - 0.5 * bank.gamma_L * L**2


def comply(market: Market, bank: Bank):
    """Period-1 optimum subject to S/(S + L) >= h, binding: S = h T*, L = (1 - h) T*."""
    h, tau = market.h, market.tau_1
    mS, mL = margin(market, bank.c_S, "S", tau), margin(market, bank.c_L, "L", tau)
    T = np.maximum(0.0, (h * mS + (1 - h) * mL) / (bank.gamma_S * h**2 + bank.gamma_L * (1 - h) ** 2))
    return h * T, (1 - h) * T


def solve(market: Market, bank: Bank) -> Allocation:
    """The closed-form solution of problem (6) with and without the targeted RRR rule (3)."""
    S1U, L1U = loans(market, bank, market.tau_1)
    rho1U = share(S1U, L1U)
    SC, LC = comply(market, bank)
    stay = profit(market, bank, S1U, L1U, market.tau_1)
    comp = profit(market, bank, SC, LC, market.tau_1)
    V_h = profit(market, bank, *loans(market, bank, market.tau_h), market.tau_h)
    V_l = profit(market, bank, *loans(market, bank, market.tau_l), market.tau_l)
    cost, gain = stay - comp, market.beta * (V_l - V_h)
    region = np.where(rho1U >= market.h, 3, np.where(cost <= gain, 2, 1))
    in2 = region == 2
    S1W, L1W = np.where(in2, SC, S1U), np.where(in2, LC, L1U)
    S2h, L2h = loans(market, bank, market.tau_h)
    S2l, L2l = loans(market, bank, market.tau_l)
    qualifies = region >= 2
    S2W, L2W = np.where(qualifies, S2l, S2h), np.where(qualifies, L2l, L2h)
    value_comply = np.where(region == 3, stay, comp) + market.beta * V_l
    value_W = np.where(region == 1, stay + market.beta * V_h, value_comply)
    return Allocation(
        S1U, L1U, rho1U, region, S1W, L1W, share(S1W, L1W), S2h, S2W, share(S2h, L2h), share(S2W, L2W),
        cost, gain, value_W, value_comply,
    )  # fmt: skip


# --- closed-form derivatives (R2-R4) ----------------------------------------------------------
def dS2_dtau(market: Market, bank: Bank, tau):
    """R2: dS2*/dtau2 = -r_D / [(1 - tau)^2 gamma_S(a)] (interior solution)."""
    return -market.r_D / ((1 - tau) ** 2 * bank.gamma_S)


def drho2_dtau(market: Market, bank: Bank, tau):
    """R3: drho/dtau = [r_D/(1 - tau)^2] (m_S - m_L) / [gamma_S gamma_L (S* + L*)^2]."""
    mS, mL = margin(market, bank.c_S, "S", tau), margin(market, bank.c_L, "L", tau)
    S, L = loans(market, bank, tau)
    return market.r_D / (1 - tau) ** 2 * (mS - mL) / (bank.gamma_S * bank.gamma_L * (S + L) ** 2)


def d2S2_dtau_da(market: Market, digital: Digital, a: float, tau):
    """R4: d2S2*/dtau2 da = -r_D delta_S gamma_S / [(1 - tau)^2 gamma_S(a)^2]."""
    gSa = digital.bank(a).gamma_S
    return -market.r_D * digital.delta_S * digital.gamma_S / ((1 - tau) ** 2 * gSa**2)


def management_threshold(digital: Digital) -> dict[str, float]:
    """R5: gamma_S(a) > gamma_S exactly when a < phi_S/delta_S (the paper prints (1 + phi_S)/delta_S)."""
    return {"correct": digital.phi_S / digital.delta_S, "printed": (1 + digital.phi_S) / digital.delta_S}


# --- brute-force check of the closed form ---------------------------------------------------
def brute_force_value(market: Market, bank: Bank) -> float:
    """Maximise E(pi_1) + beta E(pi_2) over (D_t, S_t, L_t, q_it) numerically, both branches of rule (3).

    Branch 'stay' takes tau_2 = tau_h with period 1 unconstrained (a lower bound everywhere);
    branch 'comply' imposes S_1/(S_1 + L_1) >= h and gets tau_2 = tau_l. The larger is the value.
    """

    SCALE = 1e4  # profits are of order 1e-3: rescale so the optimiser's tolerances bite

    def period(x, tau):
        D, S, L, qS, qL = x
        pS, pL = market.P_S + qS, market.P_L + qL
        ret_S = market.r_S * pS + market.w_S * (1 - pS) - 0.5 * bank.c_S * qS**2
        ret_L = market.r_L * pL + market.w_L * (1 - pL) - 0.5 * bank.c_L * qL**2
        return S * ret_S + L * ret_L - D * market.r_D - 0.5 * bank.gamma_S * S**2 - 0.5 * bank.gamma_L * L**2

    def best(tau2, with_share: bool) -> float:
        def neg(x):
            return -SCALE * (period(x[:5], market.tau_1) + market.beta * period(x[5:], tau2))

        cons = [
            {"type": "ineq", "fun": lambda x: x[0] * (1 - market.tau_1) - x[1] - x[2]},
            {"type": "ineq", "fun": lambda x: x[5] * (1 - tau2) - x[6] - x[7]},
        ]
        if with_share:
            cons.append({"type": "ineq", "fun": lambda x: (1 - market.h) * x[1] - market.h * x[2]})
        qb = [(0, 1 - market.P_S), (0, 1 - market.P_L)]
        bounds = [(0, None)] * 3 + qb + [(0, None)] * 3 + qb
        x0 = np.array([0.02, 0.005, 0.01, 0.0, 0.0] * 2)
        res = optimize.minimize(neg, x0, method="SLSQP", bounds=bounds, constraints=cons,
                                options={"ftol": 1e-15, "maxiter": 1000})  # fmt: skip
        return -neg(feasible(res.x, tau2, with_share)) / SCALE

    def feasible(x, tau2, with_share):
        """Project the optimiser's point onto the constraints (SLSQP tolerates tiny violations)."""
        x = x.copy()
        for start, tau in ((0, market.tau_1), (5, tau2)):
            x[start + 1 : start + 3] = np.maximum(x[start + 1 : start + 3], 0.0)
            if with_share and start == 0:
                x[2] = min(x[2], x[1] * (1 - market.h) / market.h)
            x[start] = max(x[start], (x[start + 1] + x[start + 2]) / (1 - tau))
        return x

    return max(best(market.tau_h, False), best(market.tau_l, True))


# --- Figures 2-3 grid, digital paths ----------------------------------------------------------
@dataclass
class Grid:
    gamma_S: np.ndarray  # 1-D axis values
    c_S: np.ndarray
    alloc: Allocation  # arrays of shape (len(c_S), len(gamma_S))

    def region_shares(self) -> dict[str, float]:
        r = self.alloc.region
        return {name: float((r == k).mean()) for k, name in ((1, "I"), (2, "II"), (3, "III"))}


def solve_grid(
    market: Market, points: int, gamma_range=(0.5, 6.0), c_range=(1.0, 6.0), bank: Bank | None = None
) -> Grid:
    """Solve the model on the (gamma_S(a), c_S(a)) plane of Figures 2-3, other coefficients fixed."""
    base = bank or Bank(1.0, 1.0)
    g = np.linspace(*gamma_range, points)
    c = np.linspace(*c_range, points)
    G, C = np.meshgrid(g, c)
    return Grid(g, c, solve(market, replace(base, gamma_S=G, c_S=C)))


@dataclass(frozen=True)
class BankType:
    """An illustrative bank type: its market (rates) and how digitalization moves its costs."""

    name: str
    market: Market
    digital: Digital
    target_share: float  # rho_1^U at a = 0 the base gamma_S is solved for
    notes: str = ""
    extra: dict = field(default_factory=dict)


def calibrate_gamma(market: Market, digital: Digital, target_share: float) -> Digital:
    """Choose the base gamma_S so that the no-policy period-1 share at a = 0 equals ``target_share``."""

    def gap(gS):
        alloc = solve(market, replace(digital, gamma_S=gS).bank(0.0))
        return float(alloc.rho1U) - target_share

    return replace(digital, gamma_S=optimize.brentq(gap, 1e-3, 1e3, xtol=1e-12))


def digital_path(bank_type: BankType, a_values) -> dict[str, np.ndarray]:
    """Along a in a_values: the bank's coefficients, region, shares and the R2-R4 derivatives."""
    m, d = bank_type.market, bank_type.digital
    rows = {k: [] for k in ("a", "gamma_S", "c_S", "region", "rho1U", "rho1W", "S2W", "dS2_dtau", "drho2_dtau",
                            "d2S2_dtau_da", "value_comply")}  # fmt: skip
    for a in a_values:
        b = d.bank(a)
        alloc = solve(m, b)
        tau2 = m.tau_l if alloc.region >= 2 else m.tau_h
        for k, v in (("a", a), ("gamma_S", b.gamma_S), ("c_S", b.c_S), ("region", alloc.region),
                     ("rho1U", alloc.rho1U), ("rho1W", alloc.rho1W), ("S2W", alloc.S2W),
                     ("dS2_dtau", dS2_dtau(m, b, tau2)), ("drho2_dtau", drho2_dtau(m, b, tau2)),
                     ("d2S2_dtau_da", d2S2_dtau_da(m, d, a, tau2)), ("value_comply", alloc.value_comply)):  # fmt: skip
            rows[k].append(float(v))
    return {k: np.array(v) for k, v in rows.items()}


def bank_types(rates: dict[str, float], market: Market | None = None) -> list[BankType]:
    """The two illustrative bank types of the chapter, with loan rates from the paper's footnote 10.

    ``rates`` holds the footnote's percentages (read from ``data/published``): ``icbc_sme``,
    ``icbc_all`` (large bank: r_S < r_L) and ``ningbo_sme``, ``ningbo_corp`` (SMB: r_S > r_L).
    Digitalization parameters are the spec's illustrative values: the large bank gains more
    (delta_S = 0.8, kappa_S = 0.5, phi_S = 0.1) than the SMB (0.3, 0.1, 0.4). Each bank's base
    gamma_S is solved so that its no-policy share at a = 0 matches footnote 9 (16 % and 43 %).
    """
    base = market or Market()
    large_m = replace(base, r_S=rates["icbc_sme"] / 100, r_L=rates["icbc_all"] / 100)
    smb_m = replace(base, r_S=rates["ningbo_sme"] / 100, r_L=rates["ningbo_corp"] / 100)
    large_d = Digital(gamma_S=1.0, c_S0=2.0, delta_S=0.8, phi_S=0.1, kappa_S=0.5, delta_L=0.2, phi_L=0.1, kappa_L=0.1)
    smb_d = Digital(gamma_S=1.0, c_S0=1.0, delta_S=0.3, phi_S=0.4, kappa_S=0.1, delta_L=0.1, phi_L=0.4, kappa_L=0.05)
    return [
        BankType("Large bank (ICBC-like rates)", large_m, calibrate_gamma(large_m, large_d, rates["large_share"]),
                 rates["large_share"]),
        BankType("Small or medium bank (Ningbo-like rates)", smb_m, calibrate_gamma(smb_m, smb_d, rates["smb_share"]),
                 rates["smb_share"]),
    ]  # fmt: skip
