"""The CBDC chapter's tables: the calibration with its provenance, the equilibria, the comparative
statics, the regime map, the model checks, the cited facts and the bargaining comparison.

Each ``table_*`` function returns a :class:`~livingpapers.toolkit.tables.PaperTable` for ``ch.table``.
"""

from __future__ import annotations

import re

import pandas as pd

from livingpapers.toolkit.tables import PaperTable, TableText, from_frame, model_table

from .analysis import Results
from .beyond import protocol_numbers, verdict
from .checks import ClaimCheck
from .model import Calibration
from .notes import alphas_provenance, regime_phrase

MATH_LABELS = {  # the analysis frames' plain labels, typeset for readers
    "R^e": "$R^e$",
    "i_e": "$i_e$",
    "e (m at R^e=1)": "$e$ ($m$ at $R^e$ = 1)",
    "d": "$d$",
    "e+d": "$e+d$",
    "y1": "$y_1$",
    "y2": "$y_2$",
    "y3": "$y_3$",
    "Y^DM": "$Y^{DM}$",
    "S": "$\\mathcal{S}$",
    "λ(e)": "$\\lambda(e)$",
    "λ(d)": "$\\lambda(d)$",
    "λ(e+d)": "$\\lambda(e+d)$",
    "T": "$T$",
    "de/dR^e": "$de/dR^e$",
    "dd/dR^e": "$dd/dR^e$",
    "d(e+d)/dR^e": "$d(e+d)/dR^e$",
    "dY^DM/dR^e": "$dY^{DM}/dR^e$",
    "dS/dR^e": "$d\\mathcal{S}/dR^e$",
    "R̄^e": "$\\bar R^e$",
    "β": "$\\beta$",
    "η": "$\\eta$",
}
PLAIN_MATH = re.compile(r"R̄\^e|R\^[ed]|\by[123]\b")  # plain-text math inside sentences (check results)


def typeset(text: str) -> str:
    """Plain-text math in a sentence (R^e, R̄^e, R^d, y1) as $...$ for the page."""
    return PLAIN_MATH.sub(lambda m: "$" + {"R̄^e": "\\bar R^e"}.get(m[0], m[0].replace("y", "y_")) + "$", str(text))


def math_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame with its column and row labels (and index name) typeset where they are math."""
    out = frame.rename(columns=lambda c: MATH_LABELS.get(c, typeset(c)), index=lambda r: MATH_LABELS.get(r, typeset(r)))
    out.index.name = MATH_LABELS.get(frame.index.name, frame.index.name)
    return out.map(lambda v: typeset(v) if isinstance(v, str) else v)


def calibration_table(cal: Calibration, R_intro: float, grid_points: int, theta_alt: float) -> pd.DataFrame:
    """Every parameter with its value, meaning and provenance."""
    article = "article (Chiu et al. 2023 shares, §2 and §2.1.2)"
    chosen = "chosen for illustration (the article has no calibration)"
    rows = [
        (
            "α1, α2, α3",
            f"{cal.alpha_1:g}, {cal.alpha_2:g}, {cal.alpha_3:g}",
            "meeting probabilities of payment types 1-3",
            article,
        ),
        ("β", f"{cal.beta:g}", "discount factor (one period = one year)", chosen),
        ("μ", f"{cal.mu:g}", "gross inflation on the anchored price path", chosen),
        ("$R^d$", f"{cal.R_d:g}", f"gross real return on private money, in (1, 1/β) = (1, {1 / cal.beta:.4f})", chosen),
        ("u(y)", f"η = {cal.eta:g}, b = {cal.b:g}", "u = ((y+b)^(1-η) - b^(1-η))/(1-η); y* = 1 - b", chosen),
        ("U(x)", "log x", "CM utility; x* = 1", chosen),
        (
            "$R^e$ (introduction)",
            f"{R_intro:g}",
            f"gross nominal CBDC rate of the introduction scenario, in [1, μ/β) = [1, {cal.R_e_max:.4f})",
            chosen,
        ),
        ("$R^e$ grid", f"{grid_points} points", "evenly spaced on [1, μ/β)", chosen),
        (
            "θ (beyond the paper)",
            f"{theta_alt:g}",
            "buyer's surplus share under proportional bargaining (paper: θ = 1)",
            chosen,
        ),
    ]
    return pd.DataFrame(rows, columns=["Parameter", "Value", "Meaning", "Provenance"]).set_index("Parameter")


def checks_frame(checks: list[ClaimCheck]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Claim": c.claim,
                "Test": typeset(c.test),
                "Result": typeset(c.shown),
                "Holds": verdict(c),
                "Regime": c.regime,
            }
            for c in checks
        ]
    ).set_index("Claim")


def table_1(results: Results) -> PaperTable:
    p = results.params
    return from_frame(
        calibration_table(results.cal, p["r_e_intro"], p["grid_points"], p["theta_alt"]),
        "Table 1. Parameters of this run and where they come from",
        notes=f"{alphas_provenance(results)} One period is one year. The default values are "
        f"the study spec's illustrative choice (spec §8). {regime_phrase(results)}",
        stub_name="Parameter",
    )


def table_2(results: Results) -> PaperTable:
    values = results.equilibria
    return model_table(
        math_labels(values.set_index("R^e").rename(index=lambda r: f"{r:.4f}")),
        "Table 2. Equilibrium at selected CBDC rates ($R^e$ = 1: no CBDC)",
        notes="Model solution under the illustrative calibration; the no-CBDC row reports cash m in the "
        "public-money column. Rows above the regime boundary have a slack type-3 constraint "
        "(λ(e+d) = 0, y3 = y*). Not published numbers: the paper prints none.",
        stub_name="$R^e$",
        decimals=4,
    )


def table_3(results: Results) -> PaperTable:
    return model_table(
        math_labels(results.derivatives.map(lambda v: f"{v:.3e}" if abs(v) < 1e-3 else f"{v:.6f}")),
        f"Table 3. Comparative statics at $R^e$ = {results.params['r_e_intro']:g}: implicit-function theorem vs "
        "finite differences",
        notes="Analytical derivatives of (8)-(9) (spec §4.9) against central differences of the solver with step 1e-5.",
        stub_name="Derivative",
    )


def table_4(results: Results) -> PaperTable:
    return model_table(
        math_labels(results.regime_map.set_index("β")),
        "Table 4. Regime boundary, μ = 1.02, $R^d$ = 1.01",
        notes="Other parameters as in this run (b, alphas).",
        stub_name="$\\beta$",
    )


TEXT = {  # the words of the tables whose title and notes do not depend on the run
    "5": TableText(
        "Table 5. Every claim checked in the solved model",
        "Illustrative calibration. 'Holds' = the claim is true in the regime the paper assumes; 'not computed' = "
        "that regime does not occur at this run's parameters. T3-all, FN11 and L5-map are the paper's statements "
        "read literally; C22-C29 are derived by the study spec.",
        "Claim",
    ),
    "6": TableText(
        "Table 6. Facts the paper cites, against public sources",
        "Confidence: high = official text reached; medium = consistent secondary reports; low = not "
        "verified by this build (never counted as a check).",
        "Id",
    ),
    "7": TableText(
        "Table 7. Which checks hold under each bargaining protocol",
        "θ = 1: buyer take-it-or-leave-it offer (the paper). θ < 1: proportional bargaining. "
        "Model checks only (single calibration); 'not computed' as in Table 5.",
        "Claim",
    ),
}
FACT_COLUMNS = ["claim", "fact", "paper_value", "public_value", "confidence", "source"]


def table_5(results: Results) -> PaperTable:
    return TEXT["5"].of(checks_frame(results.model_checks), model=True)


def table_6(results: Results) -> PaperTable:
    return TEXT["6"].of(results.inputs.cited_facts.set_index("id")[FACT_COLUMNS])


def table_7(results: Results) -> PaperTable:
    return TEXT["7"].of(math_labels(results.protocol_checks), model=True)


def table_8(results: Results) -> PaperTable:
    return model_table(
        math_labels(protocol_numbers(results.protocols)),
        "Table 8. Key numbers under each protocol",
        notes=f"Introduction scenario $R^e$ = {results.params['r_e_intro']:g} against no CBDC.",
        stub_name="Quantity",
    )
