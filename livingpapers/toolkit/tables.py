"""Paper-style tables: regression tables and descriptive statistics.

The Chinese journals print a coefficient with stars at 10%/5%/1% and, below it, either the
t-value or the standard error in parentheses; then fixed-effect rows, N and adjusted R² (pseudo-R²
for Poisson fits). :class:`RegressionTable` builds exactly that from pyfixest, statsmodels or
linearmodels fits and from the results of :mod:`livingpapers.methods`. Every table is a
:class:`PaperTable`: shown as HTML in the chapter and saved as CSV and LaTeX by
:meth:`livingpapers.toolkit.chapter.ChapterRun.table`.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from livingpapers.toolkit.claims import star_string, stars

STAR_NOTE = "* p < 0.10, ** p < 0.05, *** p < 0.01."


@dataclass
class PaperTable:
    """A finished table: string cells in the paper's layout, a title and notes."""

    title: str
    frame: pd.DataFrame
    notes: str = ""
    stub_name: str = ""

    def to_html(self) -> str:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in [self.stub_name, *self.frame.columns])
        rows = []
        for label, values in self.frame.iterrows():
            cells = "".join(f"<td>{html.escape(str(v))}</td>" for v in values)
            rows.append(f"<tr><th>{html.escape(str(label))}</th>{cells}</tr>")
        notes = f'<p class="lp-table-notes">{html.escape(self.notes)}</p>' if self.notes else ""
        return (
            f'<div class="lp-paper-table"><p class="lp-table-title"><b>{html.escape(self.title)}</b></p>'
            f'<table class="lp-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f"{notes}</div>"
        )

    def to_csv(self) -> str:
        return self.frame.rename_axis(self.stub_name or "").to_csv(lineterminator="\n")

    def to_latex(self) -> str:
        """A booktabs tabular (UTF-8; compile Chinese labels with xelatex and ctex)."""

        def esc(text) -> str:
            out = str(text)
            for char, repl in (
                ("\\", r"\textbackslash{}"),
                ("&", r"\&"),
                ("%", r"\%"),
                ("_", r"\_"),
                ("#", r"\#"),
                ("$", r"\$"),
                ("{", r"\{"),
                ("}", r"\}"),
            ):
                out = out.replace(char, repl)
            return out.replace("²", r"$^2$")

        ncol = len(self.frame.columns)
        lines = [
            f"% {esc(self.title)}",
            r"\begin{tabular}{l" + "c" * ncol + "}",
            r"\toprule",
            " & ".join([esc(self.stub_name)] + [esc(c) for c in self.frame.columns]) + r" \\",
            r"\midrule",
        ]
        lines += [
            " & ".join([esc(label)] + [esc(v) for v in values]) + r" \\" for label, values in self.frame.iterrows()
        ]
        lines += [r"\bottomrule", r"\end{tabular}"]
        if self.notes:
            lines.append(f"% Notes: {esc(self.notes)}")
        return "\n".join(lines) + "\n"


def coefficients(fit) -> pd.DataFrame:
    """Coefficient, SE, t and p of a fitted model, whatever library fitted it.

    Supports the results of :mod:`livingpapers.methods` that carry a coefficient ``table``
    (``gravity.PPMLResult``), pyfixest (``Feols``/``Fepois``/``Feiv``), statsmodels results and
    linearmodels results; the index is the regressor name.
    """
    if _is_methods_result(fit):
        t = fit.table
        return pd.DataFrame({"coef": t["coef"], "se": t["se"], "t": t["z"], "p": t["p"]})
    if hasattr(fit, "tidy") and hasattr(fit, "_N"):
        t = fit.tidy()
        return pd.DataFrame({"coef": t["Estimate"], "se": t["Std. Error"], "t": t["t value"], "p": t["Pr(>|t|)"]})
    if hasattr(fit, "std_errors"):
        return pd.DataFrame({"coef": fit.params, "se": fit.std_errors, "t": fit.tstats, "p": fit.pvalues})
    if hasattr(fit, "bse"):
        return pd.DataFrame({"coef": fit.params, "se": fit.bse, "t": fit.tvalues, "p": fit.pvalues})
    raise TypeError(f"cannot read coefficients from a {type(fit).__name__}")


def _is_methods_result(fit) -> bool:
    return hasattr(fit, "table") and hasattr(fit, "n_obs")


def fit_statistics(fit) -> dict:
    """N, adjusted R² (linear models), pseudo-R² (Poisson models) and the fixed effects absorbed
    (names), where the fit has them."""
    if _is_methods_result(fit):
        pseudo = getattr(fit, "pseudo_r2", None)
        return {"N": fit.n_obs, "adj_r2": None, "pseudo_r2": pseudo, "fixed_effects": list(fit.fixed_effects)}
    if hasattr(fit, "_N"):
        fixef = [f.strip() for f in (fit._fixef or "").split("+") if f.strip() and f.strip() != "0"]
        pseudo = getattr(fit, "_pseudo_r2", None)
        return {"N": int(fit._N), "adj_r2": getattr(fit, "_adj_r2", None), "pseudo_r2": pseudo, "fixed_effects": fixef}
    adj = getattr(fit, "rsquared_adj", None)
    return {"N": int(fit.nobs), "adj_r2": adj, "pseudo_r2": None, "fixed_effects": []}


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def format_number(x, decimals: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if isinstance(x, (int, np.integer)):
        return f"{int(x):,}"
    if isinstance(x, (float, np.floating)):
        return f"{x:.{decimals}f}"
    return str(x)


@dataclass
class RegressionTable:
    """A regression table in the papers' layout.

    ``fits`` are the columns, in order. ``inference`` is ``"t"`` (t-value in parentheses,
    as most of these papers print) or ``"se"``. ``labels`` maps regressor names to the
    row labels (English with the Chinese name); ``keep`` limits and orders the rows.
    ``fixed_effects`` maps a row label ("City FE") to the fixed-effect variable it stands
    for, read from each fit, or to a list of cells given by hand (for fits that absorb
    effects with dummy variables); ``extra_rows`` adds rows such as first-stage F or
    group-difference p-values above N; ``footer_rows`` adds rows below adjusted R² (for
    example the published values, for comparison).
    """

    fits: list
    title: str
    column_names: list[str] | None = None
    depvars: list[str] | None = None
    labels: dict[str, str] = field(default_factory=dict)
    keep: list[str] | None = None
    inference: str = "t"
    decimals: int = 3
    fixed_effects: dict[str, str | list[str]] = field(default_factory=dict)
    extra_rows: dict[str, list] = field(default_factory=dict)
    footer_rows: dict[str, list] = field(default_factory=dict)
    notes: str = ""

    def __post_init__(self):
        if self.inference not in ("t", "se"):
            raise ValueError("inference must be 't' or 'se'")
        self._coefs = [coefficients(f) for f in self.fits]
        self._stats = [fit_statistics(f) for f in self.fits]

    def estimate(self, column: int, variable: str) -> tuple[float, float, float]:
        """(coef, se, p) of ``variable`` in column ``column`` (0-based), for the claims ledger."""
        row = self._coefs[column].loc[variable]
        return float(row["coef"]), float(row["se"]), float(row["p"])

    def _variables(self) -> list[str]:
        if self.keep is not None:
            return [v for v in self.keep if any(v in c.index for c in self._coefs)]
        seen = []
        for c in self._coefs:
            seen += [v for v in c.index if v not in seen]
        return seen

    def _coefficient_rows(self) -> list[tuple[str, list[str]]]:
        rows = []
        for var in self._variables():
            top, bottom = [], []
            for c in self._coefs:
                if var in c.index:
                    r = c.loc[var]
                    top.append(f"{r['coef']:.{self.decimals}f}{star_string(stars(r['p']))}")
                    inner = r["t"] if self.inference == "t" else r["se"]
                    bottom.append(f"({inner:.{2 if self.inference == 't' else self.decimals}f})")
                else:
                    top.append("")
                    bottom.append("")
            label = self.labels.get(var, var)
            rows += [(label, top), (f"{label} ({'t' if self.inference == 't' else 'SE'})", bottom)]
        return rows

    def _fit_rows(self) -> list[tuple[str, list[str]]]:
        """Adjusted R² for linear models and pseudo-R² for Poisson models: one row each, where any
        column has one (the adjusted-R² row also when no column has either)."""
        has = {key: any(_present(s[key]) for s in self._stats) for key in ("adj_r2", "pseudo_r2")}
        rows = []
        for key, label in (("adj_r2", "Adj. R²"), ("pseudo_r2", "Pseudo R²")):
            if has[key] or (key == "adj_r2" and not has["pseudo_r2"]):
                rows.append((label, [format_number(s[key], self.decimals) for s in self._stats]))
        return rows

    def to_paper_table(self) -> PaperTable:
        n = len(self.fits)
        names = self.column_names or [f"({i + 1})" for i in range(n)]
        rows = []
        if self.depvars:
            rows.append(("Dependent variable", list(self.depvars)))
        rows += self._coefficient_rows()
        for label, fe in self.fixed_effects.items():
            cells = (
                list(fe) if isinstance(fe, list) else ["Yes" if fe in s["fixed_effects"] else "No" for s in self._stats]
            )
            rows.append((label, cells))
        for label, values in self.extra_rows.items():
            rows.append((label, [format_number(v, self.decimals) for v in values]))
        rows.append(("N", [f"{s['N']:,}" for s in self._stats]))
        rows += self._fit_rows()
        for label, values in self.footer_rows.items():
            rows.append((label, [format_number(v, self.decimals) for v in values]))
        frame = pd.DataFrame([values for _, values in rows], index=[label for label, _ in rows], columns=names)
        what = "t-values" if self.inference == "t" else "standard errors"
        notes = f"{what.capitalize()} in parentheses. {STAR_NOTE} {self.notes}".strip()
        return PaperTable(self.title, frame, notes)


def describe(data: pd.DataFrame, labels: dict[str, str], title: str, decimals: int = 3, notes: str = "") -> PaperTable:
    """Descriptive statistics in the papers' layout: N, mean, SD, min, max per variable."""
    rows = {}
    for var, label in labels.items():
        s = pd.to_numeric(data[var], errors="raise").dropna()
        rows[label] = [
            f"{len(s):,}",
            *(format_number(float(x), decimals) for x in (s.mean(), s.std(), s.min(), s.max())),
        ]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["N", "Mean", "SD", "Min", "Max"])
    return PaperTable(title, frame, notes, stub_name="Variable")


def from_frame(frame: pd.DataFrame, title: str, notes: str = "", stub_name: str = "") -> PaperTable:
    """Wrap an already laid-out frame (a published table reproduced as printed)."""
    return PaperTable(title, frame.astype(str), notes, stub_name)
