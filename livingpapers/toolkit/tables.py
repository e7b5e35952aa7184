"""Paper-style tables: regression tables and descriptive statistics.

The Chinese journals print a coefficient with stars at 10%/5%/1% and, below it, either the
t-value or the standard error in parentheses; then fixed-effect rows, N and adjusted R² (pseudo-R²
for Poisson fits). :class:`RegressionTable` builds exactly that from pyfixest, statsmodels or
linearmodels fits and from the results of :mod:`livingpapers.methods`. Every table is a
:class:`PaperTable`: shown as HTML in the chapter and saved as CSV and LaTeX by
:meth:`livingpapers.toolkit.chapter.ChapterRun.table`.

What a reader sees holds no raw internals: :func:`from_frame` formats each column with one
number of decimals (integers with thousands separators), p-values as ``<0.001``, empty cells
for missing values, tuples and dicts as readable text, ``snake_case`` names as words, and
drops a default 0-based index. Text between ``$...$`` is typeset as math on the page (MathJax),
kept as math in LaTeX and written without the dollars in CSV.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from livingpapers.toolkit.claims import star_string, stars
from livingpapers.toolkit.render import STANDIN_MARK

STAR_NOTE = "* p < 0.10, ** p < 0.05, *** p < 0.01."
MAX_DECIMALS = 3
MATH = re.compile(r"\$(?!\s)([^$]*?[^\s$])\$(?!\d)")  # pandoc's rule: no space inside the dollars
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
P_VALUE_COLUMNS = {"p", "p-value", "p value", "p_value", "pvalue"}
STANDIN_NOTE = "Computed from simulated stand-in data: it demonstrates the method and is not evidence."
MODEL_MARK = "[R]"
MODEL_NOTE = "Computed from the model, solved numerically by this chapter: not numbers printed in the paper."


def html_text(text) -> str:
    """Escaped text whose ``$...$`` parts become inline math for MathJax (as Sphinx writes it)."""
    parts = re.split(MATH, str(text))
    return "".join(
        html.escape(part)
        if i % 2 == 0
        else f'<span class="math notranslate nohighlight">\\({html.escape(part)}\\)</span>'
        for i, part in enumerate(parts)
    )


def plain_text(text) -> str:
    """Text without the ``$`` of inline math (for CSV)."""
    return MATH.sub(r"\1", str(text))


def latex_text(text) -> str:
    """LaTeX-escaped text that keeps ``$...$`` math as math."""
    parts = re.split(MATH, str(text))
    return "".join(latex_escape(part) if i % 2 == 0 else f"${part}$" for i, part in enumerate(parts))


def latex_escape(text) -> str:
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


@dataclass
class PaperTable:
    """A finished table: string cells in the paper's layout, a title and notes.

    ``from_data`` says the table is computed from the chapter's dataset (so, in a stand-in
    run, from simulated data); ``standin`` is set by :meth:`ChapterRun.table` and marks the
    caption and both exports. ``mark`` (with ``mark_note``) marks a table of reconstructed or
    computed results the same way, for instance ``[R]`` on a theory chapter's model solution
    (:func:`model_table`). A table whose index is a default 0-based range has no stub column.
    """

    title: str
    frame: pd.DataFrame
    notes: str = ""
    stub_name: str = ""
    from_data: bool = False
    standin: bool = False
    mark: str = ""
    mark_note: str = ""

    @classmethod
    def from_rows(cls, rows: list[dict], stub: str, title: str, notes: str = "", from_data: bool = False) -> PaperTable:
        """A table with one row per record of ``rows``, keyed by its ``stub`` field (see :func:`from_frame`)."""
        return from_frame(pd.DataFrame(rows).set_index(stub), title, notes, stub_name=stub, from_data=from_data)

    @property
    def has_stub(self) -> bool:
        return not isinstance(self.frame.index, pd.RangeIndex)

    def _rows(self) -> list[tuple[str, list]]:
        return [(str(label), list(values)) for label, values in self.frame.iterrows()]

    def _header(self) -> list[str]:
        return ([self.stub_name] if self.has_stub else []) + [str(c) for c in self.frame.columns]

    def to_html(self) -> str:
        head = "".join(f"<th>{html_text(c)}</th>" for c in self._header())
        rows = []
        for label, values in self._rows():
            stub = f"<th>{html_text(label)}</th>" if self.has_stub else ""
            cells = "".join(f"<td>{html_text(v)}</td>" for v in values)
            rows.append(f"<tr>{stub}{cells}</tr>")
        notes = " ".join(n for n in (STANDIN_NOTE if self.standin else "", self.mark_note, self.notes) if n)
        notes_html = f'<p class="lp-table-notes">{html_text(notes)}</p>' if notes else ""
        mark = f'<span class="lp-standin-mark">{STANDIN_MARK}</span>' if self.standin else ""
        mark += f'<span class="lp-standin-mark">{html.escape(self.mark)}</span> ' if self.mark else ""
        return (
            f'<div class="lp-paper-table"><p class="lp-table-title">{mark}<b>{html_text(self.title)}</b></p>'
            f'<table class="lp-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f"{notes_html}</div>"
        )

    def to_csv(self) -> str:
        """The cells as shown; a stand-in table starts with a ``#`` line saying so (``read_csv(comment="#")``)."""
        frame = self.frame.map(plain_text).rename(columns=plain_text)
        if self.has_stub:
            frame = frame.rename(index=plain_text).rename_axis(plain_text(self.stub_name))
        body = frame.to_csv(index=self.has_stub, lineterminator="\n")
        if self.mark:
            body = f"# {self.mark} {plain_text(self.title)}: {self.mark_note}\n{body}"
        return f"# {STANDIN_MARK} {plain_text(self.title)}: {STANDIN_NOTE}\n{body}" if self.standin else body

    def to_latex(self) -> str:
        """A booktabs tabular (UTF-8; compile Chinese labels with xelatex and ctex)."""
        header = self._header()
        lines = [
            f"% {STANDIN_MARK + ' ' if self.standin else ''}{self.mark + ' ' if self.mark else ''}"
            f"{latex_escape(self.title)}",
            r"\begin{tabular}{" + ("l" if self.has_stub else "") + "c" * len(self.frame.columns) + "}",
            r"\toprule",
            " & ".join(latex_text(c) for c in header) + r" \\",
            r"\midrule",
        ]
        lines += [
            " & ".join(([latex_text(label)] if self.has_stub else []) + [latex_text(v) for v in values]) + r" \\"
            for label, values in self._rows()
        ]
        lines.append(r"\bottomrule")
        if self.standin:
            lines.append(rf"\multicolumn{{{len(header)}}}{{l}}{{\footnotesize {STANDIN_MARK} {STANDIN_NOTE}}} \\")
        if self.mark:
            note = latex_escape(f"{self.mark} {self.mark_note}")
            lines.append(rf"\multicolumn{{{len(header)}}}{{l}}{{\footnotesize {note}}} \\")
        lines.append(r"\end{tabular}")
        if self.notes:
            lines.append(f"% Notes: {latex_escape(self.notes)}")
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


def is_missing(x) -> bool:
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, (float, np.floating)) and math.isnan(x))


def format_number(x, decimals: int = 3) -> str:
    if is_missing(x):
        return ""
    if isinstance(x, (bool, np.bool_)):
        return "Yes" if x else "No"
    if isinstance(x, (int, np.integer, float, np.floating)):
        # thousands separators from five digits on (2015 stays a year, 12,345 is grouped)
        places = 0 if isinstance(x, (int, np.integer)) else decimals
        return f"{x:,.{places}f}" if abs(x) >= 10_000 else f"{x:.{places}f}"
    return str(x)


def format_p(p) -> str:
    """A p-value as printed: three decimals, and ``<0.001`` rather than ``0.000``."""
    if is_missing(p):
        return ""
    return "<0.001" if float(p) < 0.0005 else f"{float(p):.3f}"


def decimals_needed(values, cap: int = MAX_DECIMALS) -> int:
    """The fewest decimals (at most ``cap``) that show every value in ``values`` without rounding it."""
    numbers = [v for v in values if isinstance(v, (int, float, np.number)) and not is_missing(v)]
    finite = [float(v) for v in numbers if math.isfinite(float(v))]
    for decimals in range(cap + 1):
        if all(abs(round(v, decimals) - v) < 1e-9 * max(1.0, abs(v)) for v in finite):
            return decimals
    return cap


def readable_label(name) -> str:
    """A column or row name for readers: tuple levels joined, ``snake_case`` as words."""
    if isinstance(name, tuple):
        return " · ".join(readable_label(part) for part in name if str(part).strip())
    text = str(name)
    if SNAKE_CASE.fullmatch(text):
        text = text.replace("_", " ")
        return text[0].upper() + text[1:]
    return text


def format_cell(x, decimals: int) -> str:
    """One cell as text: numbers with the column's decimals, containers spelled out."""
    if isinstance(x, dict):
        return "; ".join(f"{readable_label(k)}: {format_cell(v, decimals_needed([v]))}" for k, v in x.items())
    if isinstance(x, (tuple, list, set, np.ndarray)):
        return ", ".join(format_cell(v, decimals_needed([v])) for v in x)
    return format_number(x, decimals)


def format_column(column: pd.Series, decimals: int | None = None) -> pd.Series:
    """A column as text with one number of decimals for all its numbers (see module docstring)."""
    if readable_label(column.name).strip().lower() in P_VALUE_COLUMNS:
        return column.map(lambda x: format_p(x) if isinstance(x, (int, float, np.number)) else format_cell(x, 3))
    numbers = [x for x in column if isinstance(x, (float, np.floating)) and not is_missing(x)]
    places = decimals if decimals is not None else decimals_needed(numbers)
    return column.map(lambda x: format_cell(x, places))


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
        return PaperTable(self.title, frame, notes, from_data=True)

    def estimates(self) -> pd.DataFrame:
        """The numbers behind the table, one row per coefficient and column: coef, se, t, p, stars, N."""
        names = self.column_names or [f"({i + 1})" for i in range(len(self.fits))]
        rows = [
            {
                "column": name,
                "variable": var,
                "label": plain_text(self.labels.get(var, var)),
                "coef": c.loc[var, "coef"],
                "se": c.loc[var, "se"],
                "t": c.loc[var, "t"],
                "p": c.loc[var, "p"],
                "stars": stars(c.loc[var, "p"]),
                "N": s["N"],
            }
            for name, c, s in zip(names, self._coefs, self._stats)
            for var in self._variables()
            if var in c.index
        ]
        return pd.DataFrame(rows, columns=["column", "variable", "label", "coef", "se", "t", "p", "stars", "N"])


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
    return PaperTable(title, frame, notes, stub_name="Variable", from_data=True)


def from_frame(
    frame: pd.DataFrame,
    title: str,
    notes: str = "",
    stub_name: str = "",
    decimals: int | None = None,
    from_data: bool = False,
) -> PaperTable:
    """Wrap a laid-out frame (a published table as printed, or computed results) for readers.

    Numbers are formatted per column (``decimals`` for all, or the fewest that show every value
    of the column, at most three); see the module docstring for the rest. ``from_data`` marks a
    table computed from the chapter's dataset (stand-in or real).
    """
    shown = pd.DataFrame({i: format_column(frame.iloc[:, i].rename(c), decimals) for i, c in enumerate(frame.columns)})
    shown.columns = [readable_label(c) for c in frame.columns]
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0:
        shown.index = [readable_label(label) for label in frame.index]
    return PaperTable(title, shown, notes, readable_label(stub_name or frame.index.name or ""), from_data=from_data)


def model_table(frame: pd.DataFrame, title: str, notes: str = "", stub_name: str = "", decimals: int | None = None):
    """:func:`from_frame` for results computed from a paper's model (a theory chapter's numerical solution):
    marked ``[R]`` in the caption, the CSV and the LaTeX export, with :data:`MODEL_NOTE`."""
    table = from_frame(frame, title, notes, stub_name, decimals)
    table.mark, table.mark_note = MODEL_MARK, MODEL_NOTE
    return table


@dataclass(frozen=True)
class TableText:
    """The fixed words of a table (title, notes, stub name), kept apart from the frame it lays out.

    A study keeps its tables' words in one mapping and builds each table with :meth:`of`, instead of
    repeating a ``from_frame(frame, title, notes=..., stub_name=...)`` call per table.
    """

    title: str
    notes: str = ""
    stub_name: str = ""

    def of(self, frame: pd.DataFrame, model: bool = False, decimals: int | None = None) -> PaperTable:
        """``frame`` laid out with these words; ``model=True`` marks it as a model result (:func:`model_table`)."""
        build = model_table if model else from_frame
        return build(frame, self.title, self.notes, self.stub_name, decimals)


def claims_design_table(
    design: pd.DataFrame,
    holds_when: dict[str, str],
    notes: str,
    stub_name: str = "Claim",
    published: dict[str, str] | None = None,
) -> PaperTable:
    """The per-claim design diagnosis (``methods.design``) as readers see it, marked as simulated.

    One row per claim of ``design`` (its index): when the claim holds (``holds_when``), optionally
    the published value, its power and false-positive rate (two decimals), the bias of its estimate
    (signed, three decimals) and its 95 % coverage; empty where the claim has no single estimate.
    """
    columns = {"claim holds when": [holds_when[c] for c in design.index]}
    if published is not None:
        columns["published"] = [published[c] for c in design.index]
    columns |= {
        "power (planted effects)": design["p_holds_design"].map("{:.2f}".format),
        "false positives (no effect)": design["p_holds_null"].map("{:.2f}".format),
        "bias": design["bias"].map(lambda x: "" if pd.isna(x) else f"{x:+.3f}"),
        "95 % coverage": design["coverage"].map(lambda x: "" if pd.isna(x) else f"{x:.2f}"),
    }
    draws = int(design["draws"].iloc[0])
    return from_frame(
        pd.DataFrame(columns, index=design.index),
        f"Design diagnosis of the headline claims ({draws:,} draws with the planted effects, {draws:,} without)",
        notes,
        stub_name=stub_name,
        from_data=True,
    )
