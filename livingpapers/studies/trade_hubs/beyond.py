"""Beyond the paper: heterogeneity-robust staggered-DID estimators, the joint synergy test, a wild
cluster bootstrap for the 23 central cities, an estimator Monte Carlo and the per-claim design
diagnosis (spec §8 step 16, §10 items 25-26; issue 12).

With staggered adoption (2015-2021) and effects that grow with exposure, the static TWFE
coefficient is a weighted average of 2x2 comparisons, some of which use already-treated cities as
controls (Goodman-Bacon 2021). The estimators of :mod:`livingpapers.methods.did` avoid them:
Sun and Abraham (2021) with the paper's controls, Gardner's did2s with the controls, and Callaway
and Sant'Anna (2021) without controls, with never-treated or not-yet-treated cities as controls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyfixest as pf
from scipy import stats
from tqdm import tqdm  # on stderr: shown in the terminal, dropped from the HTML

from livingpapers.methods import did
from livingpapers.methods.absorb import AbsorbedDesign, PreparedRegressors
from livingpapers.methods.design import diagnose_claims_batched
from livingpapers.methods.simulation import diagnose, streams
from livingpapers.studies.trade_hubs import standin
from livingpapers.studies.trade_hubs.data import CONTROLS, published
from livingpapers.studies.trade_hubs.estimation import X, coef, quiet, standardized_moderators, subsample_masks, twfe
from livingpapers.toolkit.claims import STAR_LEVELS, Claim

PANEL = {"y": "regopen", "unit": "city", "time": "year"}
CALLAWAY_SANTANNA = (
    ("Callaway-Sant'Anna, never treated", "never"),
    ("Callaway-Sant'Anna, not yet treated", "notyet"),
)


def joint_synergy(df: pd.DataFrame):
    """FTZ, CRE and Hub (= FTZ x CRE timing) jointly; Hub is the super-additive part."""
    return twfe(df, "regopen", "ftz + cre + hub")


def wild_bootstrap_central(df: pd.DataFrame, reps: int, seed: int) -> dict:
    """Wild cluster bootstrap (WCR, Rademacher, null imposed) p-value for Hub among the 23 central
    cities, where cluster-robust t-tests over-reject."""
    central = df[df["central"] == 1]
    with quiet():
        fit = pf.feols(f"regopen ~ hub + {X} | city_id + year", central, vcov={"CRV1": "city_id"})
        boot = fit.wildboottest(reps=reps, param="hub", seed=seed)
    b, se, p = coef(fit, "hub")
    return {
        "coef": b,
        "se": se,
        "p_crv": p,
        "p_wild": float(boot["Pr(>|t|)"]),
        "clusters": central["city"].nunique(),
        "reps": reps,
    }


# --- robust estimators and the Goodman-Bacon decomposition -------------------------------------
def callaway_santanna(df: pd.DataFrame, control_group: str) -> did.Aggregate:
    """Callaway-Sant'Anna without controls, aggregated over post-treatment cells with cohort-size
    weights (``did::aggte(type = "simple")``; the SE includes the estimation of the weights)."""
    cs = did.callaway_santanna(df, **PANEL, cohort="hub_year", control_group=control_group)
    return cs.aggregate("simple")


def robust_estimates(df: pd.DataFrame, truth: pd.DataFrame | None) -> pd.DataFrame:
    """TWFE beside Sun-Abraham, did2s and Callaway-Sant'Anna on this run's data, each saying whether
    it includes the paper's controls (with the truth on the stand-in)."""
    paper = did.twfe(df, treat="hub", controls=CONTROLS, cluster="city", **PANEL)
    sun_abraham = did.sun_abraham(df, cohort="hub_year", controls=CONTROLS, cluster="city", **PANEL)
    two_stage = did.did2s(df, treat="hub", controls=CONTROLS, cluster="city", **PANEL)
    rows = [
        ("TWFE (paper's estimator)", paper.coef, paper.se, "Yes"),
        ("Sun-Abraham (interaction-weighted)", sun_abraham.att, sun_abraham.se, "Yes"),
        ("did2s (Gardner's two-stage)", two_stage.coef, two_stage.se, "Yes"),
    ]
    for label, control_group in CALLAWAY_SANTANNA:
        overall = callaway_santanna(df, control_group)
        rows.append((label, overall.att, overall.se, "No"))
    out = pd.DataFrame(rows, columns=["Estimator", "estimate", "SE", "includes the controls"]).set_index("Estimator")
    out.insert(2, "t", out["estimate"] / out["SE"])
    if truth is not None:
        out["true ATT of becoming a hub"] = truth.loc[truth["hub"] == 1, "hub_vs_first_policy"].mean()
    return out.round(3)


def forbidden_weight(decomposition: pd.DataFrame) -> float:
    """Share of the TWFE weight on comparisons that use already-treated cities as controls."""
    return float(decomposition.loc[decomposition["comparison"].str.startswith("later vs earlier"), "weight"].sum())


# --- design diagnosis --------------------------------------------------------------------------
def true_event_path(truth: pd.DataFrame) -> pd.DataFrame:
    """Mean true effect of becoming a hub by event time 0-5 (stand-in only), for Fig. 2."""
    t = truth[(truth["hub"] == 1) & (truth["event_time"] <= 5)]
    return t.groupby("event_time")["hub_vs_first_policy"].mean().rename("tau").reset_index()


def design_diagnosis(timing: pd.DataFrame, n_draws: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bias, RMSE, 95% coverage and power of TWFE and Callaway-Sant'Anna over ``n_draws`` fresh
    stand-in draws, keeping the real adoption timing and the documented effects.

    Draw ``i`` is the whole stand-in drawn from the ``i``-th stream of ``seed``
    (``methods.simulation.streams``); its truth is the mean over treated city-years of the effect of
    becoming a hub (relative to the policy the city already had), the ATT the robust estimators
    target. The draws are simulated one by one and estimated together: the paper's TWFE by
    ``methods.did.twfe_draws`` and both Callaway-Sant'Anna variants by
    ``methods.did.callaway_santanna_draws``, one batched pass each (the same numbers as estimating
    every draw on its own). Sun-Abraham and did2s go through pyfixest's full estimation and are
    compared on the chapter's own draw instead.
    """
    outcome, controls, truth = [], [], []
    design = standin.policy_design(timing)  # the same cities, years and timing in every draw
    for rng in tqdm(streams(seed, n_draws), desc="Monte Carlo", unit="draw", mininterval=1.0):
        panel, effects = standin.generate(rng, timing, design=design)
        outcome.append(panel["regopen"].to_numpy())
        controls.append(panel[CONTROLS].to_numpy())
        truth.append(effects.loc[effects["hub"] == 1, "hub_vs_first_policy"].mean())
    n_units, n_periods = design["city"].nunique(), design["year"].nunique()
    shape = (n_draws, n_units, n_periods)
    y = np.stack(outcome).reshape(shape)
    estimates = {
        "TWFE (paper)": did.twfe_draws(
            y, design["hub"].to_numpy().reshape(shape[1:]), np.stack(controls).reshape(*shape, len(CONTROLS))
        )
    }
    cohort = design.groupby("city", sort=False)["hub_year"].first().to_numpy()
    periods = np.sort(design["year"].unique())
    for label, control_group in CALLAWAY_SANTANNA:
        cs = did.callaway_santanna_draws(y, cohort, periods, control_group)
        estimates[label] = cs.rename(columns={"att": "coef"})
    rows = [
        {"draw": i, "estimator": label, "estimate": frame["coef"].iloc[i], "se": frame["se"].iloc[i], "truth": truth[i]}
        for i in range(n_draws)
        for label, frame in estimates.items()
    ]
    draws = pd.DataFrame(rows)
    return draws, diagnose(draws, truth="truth")


# --- per-claim design diagnosis (issue 12) -------------------------------------------------------
# The headline claims: the main finding of each of Tables 2-8. The rule says when the claim holds in
# a draw; "as published" means the same sign and at least the published significance level.
HEADLINES = {
    "C13": "Table 2 col 2: Hub > 0 at 1 % (as published)",
    "C37": "Table 3: 2SLS (Silk Road) Hub > 0 at 1 %",
    "C47": "Table 4 col 1: Hub raises import dependence, 5 %",
    "C54": "Table 5 A: Hub raises market access, 1 %",
    "C55": "Table 5 A: Hub raises market integration, 5 %",
    "C57.hub_x_mi": "Table 5 B col 4: Hub x MI > 0, 5 %",
    "C67": "Table 6: FTZ alone and CRE alone below Hub",
    "C71": "Table 7 A: Hub > 0 in peripheral cities, 1 %",
    "C78": "Table 7 A: both > 0 at 10 %, peripheral larger, one-sided z p < 0.05",
    "C81": "Table 8 A: Hub > 0 in manufacturing-led city-years, 10 %",
    "C86": "Table 8 A: both > 0 at 10 %, manufacturing larger, one-sided z p < 0.10",
    "C87": "Table 8 B: insignificant 2009-2016, > 0 at 10 % in 2017-2022",
}
FE = ["city", "year"]
DESIGN_SUBSAMPLES = ("peripheral", "central", "manufacturing", "service", "exploration", "integration")


def true_effects(df: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    """The planted effects the chapter's estimates target, on this stand-in draw.

    ``att``: the mean over treated city-years of the effect of becoming a hub (relative to the
    policy the city had first, what a DID compares); ``imports``: the same for import dependence
    (each city's import share of that effect); and the same ATT within each Table 7-8 subsample.
    """
    merged = df[["city", "year", "hub", "regopen", "impdep"]].merge(truth, on=["city", "year"], suffixes=("", "_t"))
    treated = (merged["hub"] == 1).to_numpy()
    effect = merged["hub_vs_first_policy"].to_numpy()
    share = (merged["impdep"] / merged["regopen"].where(merged["regopen"] > 0)).to_numpy()
    share = np.where(np.isnan(share), np.nanmean(share), share)
    masks = subsample_masks(df.merge(truth[["city", "year"]], on=["city", "year"]))
    return {
        "att": float(effect[treated].mean()),
        "imports": float((share * effect)[treated].mean()),
        **{name: float(effect[treated & rows.to_numpy()].mean()) for name, rows in masks.items()},
    }


def finding_holds(claim: Claim, coef_: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Per draw, whether the published finding holds: the same sign and at least the printed
    significance (for an estimate printed without stars: insignificant at 10 %)."""
    p = np.asarray(p, float)
    if not claim.stars:
        return p >= 0.10
    significance = sum((p < level).astype(int) for level in STAR_LEVELS)
    return (np.sign(coef_) == np.sign(claim.value)) & (significance >= claim.stars)


def _one_sided_z(a: tuple, b: tuple) -> np.ndarray:
    """p-values of H0: b <= a against b > a, from two independent estimates (coef, se, ...) per draw."""
    return stats.norm.sf((b[0] - a[0]) / np.hypot(a[1], b[1]))


@dataclass
class Regression:
    """One of the chapter's regressions, its rows and regressors fixed, fitted to many re-drawn outcomes."""

    rows: np.ndarray  # boolean mask on the chapter's panel
    prepared: PreparedRegressors  # the regressor of interest first, then the others, net of the fixed effects

    @classmethod
    def of(cls, df: pd.DataFrame, rows: np.ndarray, regressors: list[str]) -> Regression:
        sub = df[rows]
        return cls(rows, AbsorbedDesign(sub, FE, "city").prepare(sub[regressors].to_numpy(float), keep=(0,)))

    @property
    def design(self) -> AbsorbedDesign:
        return self.prepared.design

    def fit(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(coef, se, p) of the first regressor for each column of ``y`` (panel rows x draws), city and
        year effects absorbed, SEs clustered by city."""
        fit = self.prepared.fit(y[self.rows])[0]
        return fit["coef"].to_numpy(), fit["se"].to_numpy(), fit["p"].to_numpy()


class ClaimsDesign:
    """The design diagnosis of the headline claims on the chapter's stand-in.

    The design is the chapter's draw: its cities, adoption timing, controls, moderators, groups and
    missing cells stay fixed. Each draw re-draws the outcomes' randomness (:meth:`outcomes`): trade
    dependence (new city levels and AR(1) shocks, rescaled to Table 1's moments as the stand-in
    does), market access and market integration. With the planted effects the outcomes carry the
    chapter's true effects (``truth``); without them (:data:`standin.NULL`) every planted effect is
    zero. All draws are then estimated together (:meth:`evaluate`): the regressors of each regression
    are net of the fixed effects once (:class:`~livingpapers.methods.absorb.AbsorbedDesign`), and the
    outcomes of every draw are one matrix. The paper's group differences use Fisher permutations,
    too costly per draw; here the one-sided z-test of the two subsample estimates stands in for them.
    """

    def __init__(self, df: pd.DataFrame, truth: pd.DataFrame):
        df = standardized_moderators(df.sort_values(["city", "year"]).reset_index(drop=True))
        truth = truth.sort_values(["city", "year"]).reset_index(drop=True)
        if not (df["city"].equals(truth["city"]) and df["year"].equals(truth["year"])):
            raise ValueError("the truth does not cover the panel's city-years")
        self.df, self.n_city, self.n_year = df, df["city"].nunique(), df["year"].nunique()
        self.hub = df["hub"].to_numpy(float)
        share = (df["impdep"] / df["regopen"].where(df["regopen"] > 0)).to_numpy()
        self.share = np.where(np.isnan(share), np.nanmean(share), share)
        control_part = sum(standin.TRUE.controls[c] * df[c].to_numpy() for c in CONTROLS)
        self.policy = (truth["tau"] + truth["single_policy"]).to_numpy() + control_part
        self.claims = published()
        self.truths = true_effects(df, truth)
        everything = np.ones(len(df), bool)
        masks = subsample_masks(df)
        groups = {name: masks[name].to_numpy() for name in DESIGN_SUBSAMPLES}
        with_mi = df["mi"].notna().to_numpy()
        self.fits = {
            "hub": Regression.of(df, everything, ["hub", *CONTROLS]),
            "ftz": Regression.of(df, everything, ["ftz", *CONTROLS]),
            "cre": Regression.of(df, everything, ["cre", *CONTROLS]),
            "ma": Regression.of(df, df["ma"].notna().to_numpy(), ["hub", *CONTROLS]),
            "mi": Regression.of(df, with_mi, ["hub", *CONTROLS]),
            "hub_x_mi": Regression.of(df, with_mi, ["hub_x_mi", "hub", "z_mi", *CONTROLS]),
            **{name: Regression.of(df, rows, ["hub", *CONTROLS]) for name, rows in groups.items()},
        }
        self.iv = self._iv_parts(df, "iv_silk")

    def _iv_parts(self, df: pd.DataFrame, instrument: str) -> dict:
        """The just-identified 2SLS pieces that do not change between draws (instrument and Hub,
        net of the fixed effects and controls)."""
        design = self.fits["hub"].design
        w = design.residualize(df[CONTROLS].to_numpy(float))
        q = np.linalg.qr(w)[0]
        zd = design.residualize(df[[instrument, "hub"]].to_numpy(float))
        zd = zd - q @ (q.T @ zd)
        g, k = design.n_clusters, 1 + len(CONTROLS) + design.k_fixed_effects
        return {
            "z": zd[:, 0],
            "d": zd[:, 1],
            "q": q,
            "clusters": np.eye(design.n_clusters)[pd.factorize(df["city"])[0]],  # city membership (rows x cities)
            "scale": g / (g - 1) * (len(df) - 1) / (len(df) - k),
            "df": g - 1,
        }

    def fit_iv(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """2SLS of each column of y on Hub instrumented by Silk Road x trend, controls and city/year
        FE, CRV1 by city: (coef, se, p) per column."""
        iv = self.iv
        yt = self.fits["hub"].design.residualize(np.asarray(y, float).reshape(len(self.df), -1))
        yt = yt - iv["q"] @ (iv["q"].T @ yt)
        zd = iv["z"] @ iv["d"]
        b = iv["z"] @ yt / zd
        scores = iv["clusters"].T @ (iv["z"][:, None] * (yt - iv["d"][:, None] * b))
        se = np.sqrt(iv["scale"] * (scores**2).sum(axis=0)) / abs(zd)
        return b, se, 2 * stats.t.sf(np.abs(b / se), iv["df"])

    def outcomes(self, rng: np.random.Generator, planted: bool) -> dict[str, np.ndarray]:
        """One draw of the outcomes: trade dependence, import dependence, market access and integration."""
        true = standin.TRUE if planted else standin.NULL
        policy = self.policy if planted else np.zeros(len(self.df))
        lo, hi = standin.TABLE1["regopen"][2:]
        base = standin._outcome_without_policy(rng, self.df, self.n_city, self.n_year, policy, true)
        regopen = np.clip(base + policy, lo, hi)
        return {
            "regopen": regopen,
            "impdep": self.share * regopen,
            "ma": standin.market_access(rng, self.n_city, self.n_year, self.hub, true),
            "mi": standin.market_integration(rng, self.n_city, self.n_year, self.hub, true),
        }

    def evaluate(self, y: dict[str, np.ndarray], planted: bool) -> dict[str, tuple]:
        """Each headline claim over all draws at once (``y``: each outcome as draws x panel rows):
        (holds, estimate, se, truth) per draw (see ``methods.design.diagnose_claims_batched``)."""
        y = {name: values.T for name, values in y.items()}  # panel rows x draws
        scale = 1.0 if planted else 0.0
        t = {k: v * scale for k, v in self.truths.items()}
        est = {name: fit.fit(y["regopen"]) for name, fit in self.fits.items() if name not in ("ma", "mi")}
        est["impdep"] = self.fits["hub"].fit(y["impdep"])
        est["ma"], est["mi"] = self.fits["ma"].fit(y["ma"]), self.fits["mi"].fit(y["mi"])
        est["iv"] = self.fit_iv(y["regopen"])
        true = standin.TRUE if planted else standin.NULL
        out = {}
        for claim, key, truth in (
            ("C13", "hub", t["att"]),
            ("C37", "iv", t["att"]),
            ("C47", "impdep", t["imports"]),
            ("C54", "ma", true.hub_on_ma),
            ("C55", "mi", true.hub_on_mi),
            ("C57.hub_x_mi", "hub_x_mi", true.hub_x_mi),
            ("C71", "peripheral", t["peripheral"]),
            ("C81", "manufacturing", t["manufacturing"]),
        ):
            b, se, p = est[key]
            out[claim] = (finding_holds(self.claims[claim], b, p), b, se, truth)
        out["C67"] = ((est["ftz"][0] < est["hub"][0]) & (est["cre"][0] < est["hub"][0]), None, None, None)
        out["C78"] = (self._larger(est["central"], est["peripheral"], 0.05), None, None, None)
        out["C86"] = (self._larger(est["service"], est["manufacturing"], 0.10), None, None, None)
        explore, integrate = est["exploration"], est["integration"]
        out["C87"] = ((explore[2] >= 0.10) & (integrate[0] > 0) & (integrate[2] < 0.10), None, None, None)
        return out

    @staticmethod
    def _larger(small: tuple, large: tuple, level: float) -> np.ndarray:
        """Both positive at 10 %, the second larger, and the one-sided z-test of the difference below ``level``."""
        both = (small[0] > 0) & (small[2] < 0.10) & (large[0] > 0) & (large[2] < 0.10)
        return both & (large[0] > small[0]) & (_one_sided_z(small, large) < level)


def diagnose_headlines(df: pd.DataFrame, truth: pd.DataFrame, n_draws: int, seed: int) -> pd.DataFrame:
    """Power, false-positive rate, bias and coverage of each headline claim over ``n_draws`` draws of
    each kind (``methods.design.diagnose_claims_batched``: every draw's outcomes simulated, then all
    estimated in one batched pass)."""
    design = ClaimsDesign(df, truth)
    frame = diagnose_claims_batched(design.outcomes, design.evaluate, n_draws, seed)
    return frame.loc[list(HEADLINES)]


# --- sentences the chapter's prose takes from this run -------------------------------------------
WEAK_POWER = 0.8  # a headline claim that holds in fewer design draws than this is called weakly powered
NOTABLE_FALSE_POSITIVES = 0.10  # one that holds in more no-effect draws than this says little
FEW_DRAWS = 100  # fewer Monte Carlo draws than this are illustrative only


def design_sentence(design: pd.DataFrame) -> str:
    """Which headline claims the design diagnosis finds weakly powered, and which hold often without any effect."""
    weak = design.index[design["p_holds_design"] < WEAK_POWER]
    loose = design.index[design["p_holds_null"] > NOTABLE_FALSE_POSITIVES]

    def listed(ids, column: str) -> str:
        return ", ".join(f"{cid} ({design.loc[cid, column]:.2f})" for cid in ids)

    parts = [
        f"Power is below {WEAK_POWER:.1f} for {listed(weak, 'p_holds_design')}"
        if len(weak)
        else f"Every headline claim has power of at least {WEAK_POWER:.1f}",
        f"the claims that hold in more than {NOTABLE_FALSE_POSITIVES:.0%} of the draws without any effect, and so "
        f"say little about the paper, are {listed(loose, 'p_holds_null')}"
        if len(loose)
        else f"no claim holds in more than {NOTABLE_FALSE_POSITIVES:.0%} of the draws without any effect",
    ]
    return "; ".join(parts) + "."


def monte_carlo_sentences(diagnosis: pd.DataFrame, forbidden: float) -> dict[str, str]:
    """The Monte Carlo's reading from this run: the forbidden comparisons' weight, the spread of the
    estimates across draws, and whether the draws are enough to read the shares."""
    n_draws = int(diagnosis["draws"].iloc[0])
    spread = diagnosis["SD of estimates"]
    return {
        "mc_forbidden": f"comparisons with already-treated controls carry {forbidden:.1%} of the TWFE weight",
        "mc_spread": f"the estimates' standard deviation across draws is {spread.min():.3f} to {spread.max():.3f}",
        "mc_draws": f"these lines follow this run's {n_draws:,} draws"
        + (", too few for the shares and biases to be more than illustrative" if n_draws < FEW_DRAWS else ""),
    }
