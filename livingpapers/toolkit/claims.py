"""The claims ledger: each paper's published numbers beside this run's, with an honest status.

Published claims live in ``data/published/<slug>.yml`` (the only place a published number is
written). Each claim has an ``id``, a ``kind`` and a ``statement``, plus what its kind needs:

- ``estimate``: a regression coefficient, ``value`` with ``t`` or ``se`` as printed and
  ``stars`` (0-3, the papers' 10 %/5 %/1 % levels);
- ``number``: a published number, ``value`` (or several, a ``values:`` list of numbers or of
  ``{value, label}`` mappings), optionally ``relation`` (``=``, ``>``, ``<``, ``>=``, ``<=``)
  and ``tolerance``; with ``=`` and no tolerance a number holds when this run rounds to it at
  the printed precision;
- ``qualitative``: a sign, ordering or trend; this run records a boolean check;
- ``normative``: a recommendation or value judgement; always ``not testable``.

Every recorded result rests on exactly one **basis** (:data:`BASES`):

- ``paper``, ``facts``, ``model``, ``real`` are evidence: the status is ``confirmed``,
  ``contradicted``, ``not computed`` or ``not testable`` (and, on ``paper`` only,
  ``inconsistent in paper``). A real-data estimate is confirmed only with the same sign, the
  same significance level and a difference within :data:`REAL_TOLERANCE_SE` published
  standard errors (:func:`real_rule`).
- ``standin`` (simulated data) is a demonstration: the published number is never confirmed
  or contradicted; the status is ``recovered`` / ``not recovered`` (:func:`standin_rule`),
  with the planted value (:class:`Planted`) and whether it was planted from the paper.

A chapter records results with the ``Ledger.record_*`` methods, adds the per-claim design
diagnosis with :meth:`Ledger.record_design`, and shows the ledger with :meth:`Ledger.render`,
which saves the CSV and attaches the summary (output metadata) that the build collects into
``report.json`` and the Claims dashboard.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from livingpapers.toolkit.paths import published_dir

KINDS = ("estimate", "number", "qualitative", "normative")
RELATIONS = ("=", ">", "<", ">=", "<=")
SUMMARY_KEY = "livingpapers_claims"  # output metadata key the build reads
STAR_LEVELS = (0.10, 0.05, 0.01)

BASES = ("paper", "facts", "model", "standin", "real")
EVIDENCE_BASES = ("paper", "facts", "model", "real")
CONFIRMED, CONTRADICTED, INCONSISTENT = "confirmed", "contradicted", "inconsistent in paper"
NOT_COMPUTED, NOT_TESTABLE = "not computed", "not testable"
RECOVERED, NOT_RECOVERED = "recovered", "not recovered"
EVIDENCE_STATUSES = (CONFIRMED, CONTRADICTED, INCONSISTENT, NOT_COMPUTED, NOT_TESTABLE)
STANDIN_STATUSES = (RECOVERED, NOT_RECOVERED, NOT_COMPUTED)
STATUSES = {
    "paper": EVIDENCE_STATUSES,
    "facts": (CONFIRMED, CONTRADICTED, NOT_COMPUTED, NOT_TESTABLE),
    "model": (CONFIRMED, CONTRADICTED, NOT_COMPUTED, NOT_TESTABLE),
    "real": (CONFIRMED, CONTRADICTED, NOT_COMPUTED, NOT_TESTABLE),
    "standin": STANDIN_STATUSES,
}
Z_95 = 1.96  # the stand-in rule's 95 % interval: coef ± 1.96·se
REAL_TOLERANCE_SE = 2.0  # the real-mode rule: within 2 published standard errors
PLANTED_GROUPS = ("from the paper", "independent", "not stated")

RULES_LEGEND = (
    "Each claim rests on one basis. Evidence: <b>paper</b> (arithmetic or consistency on the paper's own "
    "numbers), <b>facts</b> (curated public facts with a source), <b>model</b> (the numerical solution of the "
    'paper\'s model), <b>real</b> (real data, <code>data_mode="real"</code>); there a claim is <b>confirmed</b> '
    "or <b>contradicted</b> by this run, <b>inconsistent in paper</b> when it conflicts with the paper's own "
    "numbers (see the chapter's Notes), <b>not computed</b> (the reason is given) or <b>not testable</b> "
    "(a recommendation). A real-data estimate is confirmed only with the same sign, the same significance level "
    "(stars at 10/5/1 %) and a difference within 2 published standard errors (sign and stars only where the "
    "paper prints no standard error); otherwise it is contradicted. "
    "Demonstration: <b>standin</b> (simulated data) never confirms or contradicts a published number. It is "
    "<b>recovered</b> when the planted value lies inside this run's 95 % interval (estimate ± 1.96 SE) or, for "
    "a number or qualitative claim, when the claim holds in this run; otherwise <b>not recovered</b>. "
    "<i>Planted</i> gives the value built into the stand-in and whether it was taken from the paper (set at or "
    "near the published number, or designed so the claim holds): recovering such a value shows that the method "
    "works, not that the paper is right. <i>Power</i> and <i>false positives</i> are the shares of simulated "
    "draws in which the claim holds with the planted effects and with every planted effect set to zero."
)


class ClaimsFileError(ValueError):
    """A published-claims file is malformed; lists every problem at once."""


@dataclass(frozen=True)
class Claim:
    id: str
    kind: str
    statement: str
    value: float | None = None
    values: tuple[float, ...] = ()
    labels: tuple[str, ...] = ()
    se: float | None = None
    t: float | None = None
    stars: int | None = None
    relation: str = "="
    tolerance: float | None = None
    unit: str = ""
    table: str = ""
    column: str = ""
    variable: str = ""
    location: str = ""
    note: str = ""

    @property
    def published_se(self) -> float | None:
        """The published standard error, derived from the t-value where only t is printed."""
        if self.se is not None:
            return self.se
        if self.t not in (None, 0) and self.value is not None:
            return abs(self.value / self.t)
        return None

    @property
    def published_values(self) -> tuple[float, ...]:
        """Every published value of the claim (one, or the ``values:`` list)."""
        if self.values:
            return self.values
        return () if self.value is None else (self.value,)


@dataclass(frozen=True)
class Planted:
    """What the stand-in planted for a claim, and whether it was taken from the paper.

    ``value`` is the planted number (``None`` for a qualitative design, e.g. a partition);
    ``from_paper`` is true when the value was set at or near the published number, or the
    stand-in was designed so that the claim holds.
    """

    value: float | Sequence[float] | None
    from_paper: bool

    def text(self) -> str:
        if self.value is None:
            return "designed to hold" if self.from_paper else "not planted"
        return " · ".join(f"{v:.4g}" for v in np.atleast_1d(np.asarray(self.value, dtype=float)))


@dataclass
class Result:
    """What this run found for one claim."""

    status: str
    shown: str
    detail: str = ""
    basis: str = ""
    planted: Planted | None = None


@dataclass(frozen=True)
class Design:
    """A claim's design diagnosis: how often it holds with the planted effects and without them."""

    p_holds_design: float
    p_holds_null: float
    bias: float | None = None
    coverage: float | None = None
    draws: int | None = None


def stars(p: float) -> int:
    """Number of stars at the papers' 10%/5%/1% levels (not pyfixest's 5%/1%/0.1%)."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return 0
    return sum(p < level for level in STAR_LEVELS)


def star_string(n: int) -> str:
    return "*" * int(n or 0)


def decimals_of(x: float) -> int:
    """Decimal places a published number was printed with (0.651 -> 3, 17 -> 0)."""
    text = repr(float(x)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


# ----------------------------------------------------------------------------- the published file


def _published_file(slug: str, directory: Path | None) -> tuple[Path, dict]:
    """The path of ``data/published/<slug>.yml`` (or of ``directory``) and its parsed content (``{}`` if empty)."""
    path = (directory or published_dir()) / f"{slug}.yml"
    return path, yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def load_claims(slug: str, directory: Path | None = None) -> list[Claim]:
    """Read and check ``data/published/<slug>.yml``; every problem is listed in one error."""
    path, raw = _published_file(slug, directory)
    entries = raw.get("claims", []) if isinstance(raw, dict) else []
    claims, problems, seen = [], [], set()
    allowed = set(Claim.__dataclass_fields__) - {"labels"}
    for i, entry in enumerate(entries):
        where = f"{path.name} claim #{i + 1} ({entry.get('id', '?')})"
        unknown = set(entry) - allowed
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
            continue
        entry_problems = _claim_problems(entry, where, seen)
        seen.add(entry.get("id"))
        problems += entry_problems
        if not problems:
            claims.append(_claim_from_entry(entry))
    if problems:
        raise ClaimsFileError("problems in the published-claims file:\n- " + "\n- ".join(problems))
    return claims


def load_printed(slug: str, directory: Path | None = None) -> dict:
    """The ``printed:`` section of ``data/published/<slug>.yml``: numbers, dates and counts the paper prints
    that no claim carries as its value, each ``{value, location}``; returns ``{name: value}``.

    A chapter reads them (prose, checks) instead of retyping them; a missing section is an empty dict.
    """
    path, raw = _published_file(slug, directory)
    section = raw.get("printed") or {}
    missing = [name for name, entry in section.items() if not isinstance(entry, dict) or "value" not in entry]
    if missing:
        raise ClaimsFileError(f"{path.name}: printed entries without a value: {', '.join(missing)}")
    return {name: entry["value"] for name, entry in section.items()}


def load_printed_table(slug: str, section: str, directory: Path | None = None) -> pd.DataFrame:
    """A list section of ``data/published/<slug>.yml`` (a printed table, the text's numbers) as a frame of text.

    Each entry is one row, a mapping of column to cell; a cell an entry leaves out is ``""``. Cells are
    strings, as :func:`livingpapers.toolkit.facts.load_facts` reads a CSV, so a study converts the columns it
    computes with and holds the frame to its own contract.
    """
    path, raw = _published_file(slug, directory)
    entries = raw.get(section)
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise ClaimsFileError(f"{path.name}: {section!r} must be a non-empty list of mappings (one per row)")
    columns = list(dict.fromkeys(key for entry in entries for key in entry))
    rows = [{c: "" if entry.get(c) is None else str(entry[c]) for c in columns} for entry in entries]
    return pd.DataFrame(rows, columns=columns)


def _claim_from_entry(entry: dict) -> Claim:
    fields = {k: v for k, v in entry.items() if v is not None}
    if "values" in fields:
        items = [v if isinstance(v, dict) else {"value": v} for v in fields["values"]]
        fields["values"] = tuple(float(v["value"]) for v in items)
        fields["labels"] = tuple(str(v.get("label", "")) for v in items)
    return Claim(**fields)


def _values_problems(entry: dict, where: str) -> list[str]:
    values = entry["values"]
    if entry.get("kind") != "number":
        return [f"{where}: 'values' is only for number claims"]
    if "value" in entry:
        return [f"{where}: give either 'value' or 'values', not both"]
    if not isinstance(values, list) or len(values) < 2:
        return [f"{where}: 'values' must list at least two published values"]
    numbers = [v.get("value") if isinstance(v, dict) else v for v in values]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers):
        return [f"{where}: every item of 'values' needs a number (or a mapping with a numeric 'value')"]
    return []


def _claim_problems(entry: dict, where: str, seen: set) -> list[str]:
    problems = []
    for required in ("id", "kind", "statement"):
        if not entry.get(required):
            problems.append(f"{where}: missing {required!r}")
    if entry.get("id") in seen:
        problems.append(f"{where}: duplicate id")
    kind = entry.get("kind")
    if kind not in KINDS:
        problems.append(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if "values" in entry:
        problems += _values_problems(entry, where)
    elif kind in ("estimate", "number") and not isinstance(entry.get("value"), (int, float)):
        problems.append(f"{where}: a {kind} claim needs a numeric 'value'")
    if kind == "estimate" and entry.get("stars") not in (0, 1, 2, 3):
        problems.append(f"{where}: an estimate claim needs 'stars' between 0 and 3")
    if entry.get("relation", "=") not in RELATIONS:
        problems.append(f"{where}: relation {entry.get('relation')!r} is not one of {' '.join(RELATIONS)}")
    return problems


# ----------------------------------------------------------------------------- the rules


@dataclass(frozen=True)
class Verdict:
    """Whether a computed result matches a claim, before the basis turns it into a status."""

    holds: bool
    shown: str
    detail: str


def estimate_text(coef: float, se: float, p: float) -> str:
    return f"{coef:.3f}{star_string(stars(p))} ({se:.3f})"


def holds_rule(claim: Claim, coef: float, se: float, p: float) -> Verdict:
    """The published finding holds in this run: same sign and same significance level."""
    same_sign = math.copysign(1, coef) == math.copysign(1, claim.value)
    same_level = stars(p) == claim.stars
    detail = f"sign {'same' if same_sign else 'differs'}, stars {'same' if same_level else 'differ'}"
    return Verdict(same_sign and same_level, estimate_text(coef, se, p), detail)


def real_rule(claim: Claim, coef: float, se: float, p: float) -> Verdict:
    """Confirmed only with the same sign, the same stars and within 2 published SEs of the published value.

    Where the paper prints no standard error (nor t), or one that rounds to zero, the tolerance
    cannot be applied: the rule then rests on sign and stars, and the detail says so.
    """
    verdict = holds_rule(claim, coef, se, p)
    if not claim.published_se:
        return Verdict(verdict.holds, verdict.shown, f"{verdict.detail}; no usable published SE, so no 2-SE tolerance")
    gap = (coef - claim.value) / claim.published_se
    close = abs(gap) <= REAL_TOLERANCE_SE
    detail = f"{verdict.detail}, Δ = {gap:+.1f} published SE ({'within' if close else 'beyond'} {REAL_TOLERANCE_SE:g})"
    return Verdict(verdict.holds and close, verdict.shown, detail)


def standin_rule(claim: Claim, coef: float, se: float, p: float, planted: Planted | None) -> Verdict:
    """Recovered when the planted truth lies inside coef ± 1.96·se.

    Without a planted number (a qualitative design, or a planted value the chapter did not
    state) the estimate is judged like a qualitative claim: does the finding hold in this run.
    """
    if planted is None or planted.value is None or np.ndim(planted.value) > 0:
        verdict = holds_rule(claim, coef, se, p)
        return Verdict(verdict.holds, verdict.shown, f"no planted number: the finding holds? {verdict.detail}")
    low, high = coef - Z_95 * se, coef + Z_95 * se
    inside = low <= float(planted.value) <= high
    detail = (
        f"planted {float(planted.value):.4g} {'inside' if inside else 'outside'} 95 % interval [{low:.3f}, {high:.3f}]"
    )
    return Verdict(inside, estimate_text(coef, se, p), detail)


def _number_holds(claim: Claim, target: float, value: float) -> tuple[bool, str]:
    rel = claim.relation
    if rel != "=":
        ok = {">": value > target, "<": value < target, ">=": value >= target, "<=": value <= target}[rel]
        return ok, f"{value:.4g} {rel} {target:g} is {'true' if ok else 'false'}"
    if claim.tolerance is not None:
        gap = abs(value - target)
        return gap <= claim.tolerance, f"|Δ| = {gap:.4g} (tolerance {claim.tolerance:g})"
    places = decimals_of(target)
    return round(value, places) == round(target, places), f"rounds to {round(value, places):.{places}f}"


def number_rule(claim: Claim, value: float | Sequence[float]) -> Verdict:
    """Each computed number against its published value, under the claim's relation; all must hold."""
    targets = claim.published_values
    got = tuple(float(v) for v in np.atleast_1d(np.asarray(value, dtype=float)))
    if len(got) != len(targets):
        raise ValueError(f"claim {claim.id} has {len(targets)} published value(s); {len(got)} recorded")
    checks = [_number_holds(claim, t, v) for t, v in zip(targets, got)]
    shown = " · ".join(f"{v:.4g}{claim.unit}" for v in got)
    return Verdict(all(ok for ok, _ in checks), shown, "; ".join(text for _, text in checks))


def status_for(basis: str, holds: bool) -> str:
    """The status word of a verdict on a basis: stand-in results are recovered, never confirmed."""
    if basis == "standin":
        return RECOVERED if holds else NOT_RECOVERED
    return CONFIRMED if holds else CONTRADICTED


def published_text(claim: Claim) -> str:
    """How the paper printed the claim, for the 'Published' column."""
    if claim.kind == "estimate":
        inner = f" (t = {claim.t:.2f})" if claim.t is not None else f" ({claim.se:.3f})" if claim.se is not None else ""
        return f"{claim.value:.3f}{star_string(claim.stars)}{inner}"
    if claim.kind == "number":
        rel = "" if claim.relation == "=" else f"{claim.relation} "
        labels = claim.labels or ("",) * len(claim.published_values)
        return " · ".join(
            f"{rel}{v:g}{claim.unit}" + (f" ({label})" if label else "")
            for v, label in zip(claim.published_values, labels)
        )
    return claim.statement if claim.kind == "normative" else "stated"


# ----------------------------------------------------------------------------- the ledger


@dataclass
class Ledger:
    """Collects this run's results for one chapter's published claims."""

    slug: str
    data_mode: str = "standin"
    claims: list[Claim] = field(default_factory=list)
    results: dict[str, Result] = field(default_factory=dict)
    designs: dict[str, Design] = field(default_factory=dict)

    @classmethod
    def for_chapter(cls, slug: str, data_mode: str | None = None) -> Ledger:
        """The ledger of a registered chapter; ``data_mode`` defaults to the chapter's default in ``chapters.yml``."""
        if data_mode is None:
            from livingpapers.toolkit.parameters import chapter_spec

            data_mode = chapter_spec(slug).parameters.get("data_mode", "standin")
        return cls(slug, data_mode, load_claims(slug))

    @property
    def data_basis(self) -> str:
        """The basis of this run's data-based claims: ``standin`` or ``real`` (``paper`` without data)."""
        return self.data_mode if self.data_mode in ("standin", "real") else "paper"

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"no claim {claim_id!r} in data/published/{self.slug}.yml")

    @staticmethod
    def _basis(basis: str, planted: Planted | None) -> tuple[str, Planted | None]:
        """Check the basis is one of :data:`BASES`; a planted value belongs to stand-in claims only."""
        if basis not in BASES:
            raise ValueError(f"basis {basis!r} is not one of {', '.join(BASES)}")
        return basis, (planted if basis == "standin" else None)

    def _claim_of_kind(self, claim_id: str, kinds: tuple[str, ...]) -> Claim:
        claim = self.claim(claim_id)
        if claim.kind not in kinds:
            raise TypeError(f"claim {claim_id} is a {claim.kind} claim, not {'/'.join(kinds)}")
        return claim

    def _store(self, claim_id: str, basis: str, planted: Planted | None, verdict: Verdict) -> Result:
        result = Result(status_for(basis, verdict.holds), verdict.shown, verdict.detail, basis, planted)
        self.results[claim_id] = result
        return result

    def record_estimate(
        self, claim_id: str, coef: float, se: float, p: float, basis: str, planted: Planted | None = None
    ) -> Result:
        """A coefficient with its SE and p-value: the real rule on evidence, the stand-in rule on ``standin``."""
        basis, planted = self._basis(basis, planted)
        claim = self._claim_of_kind(claim_id, ("estimate",))
        if not all(math.isfinite(float(x)) for x in (coef, se, p)):
            return self.record_not_computed(claim_id, f"this run's estimate is not finite ({coef}, {se}, {p})", basis)
        if basis == "standin":
            verdict = standin_rule(claim, float(coef), float(se), float(p), planted)
        else:
            verdict = real_rule(claim, float(coef), float(se), float(p))
        return self._store(claim_id, basis, planted, verdict)

    def record_number(
        self, claim_id: str, value: float | Sequence[float], basis: str, planted: Planted | None = None
    ) -> Result:
        """A number (or one per published value) computed in this run, compared under the claim's relation."""
        basis, planted = self._basis(basis, planted)
        verdict = number_rule(self._claim_of_kind(claim_id, ("number",)), value)
        return self._store(claim_id, basis, planted, verdict)

    def record_check(
        self, claim_id: str, passed: bool, shown: str, basis: str, planted: Planted | None = None
    ) -> Result:
        """A boolean check of any claim, with what was computed (``shown``)."""
        basis, planted = self._basis(basis, planted)
        self._claim_of_kind(claim_id, ("qualitative", "number", "estimate"))
        detail = "the claim holds in this run" if passed else "the claim does not hold in this run"
        return self._store(claim_id, basis, planted, Verdict(bool(passed), shown, detail))

    def record_inconsistent(self, claim_id: str, shown: str, note: str) -> Result:
        """The claim conflicts with the paper's own numbers (basis ``paper``); ``note`` names the Notes item."""
        self.claim(claim_id)
        self.results[claim_id] = Result(INCONSISTENT, shown, note, "paper")
        return self.results[claim_id]

    def record_not_computed(self, claim_id: str, reason: str, basis: str | None = None) -> Result:
        """Say why this run cannot check a claim; the basis defaults to this run's data basis."""
        self.claim(claim_id)
        basis = basis if basis in BASES else self.data_basis
        self.results[claim_id] = Result(NOT_COMPUTED, "—", reason, basis)
        return self.results[claim_id]

    def record_not_testable(self, claim_id: str, reason: str, basis: str) -> Result:
        """Say why no computation can test a claim (e.g. a description of the authors' own procedure)."""
        self.claim(claim_id)
        if basis == "standin" or basis not in BASES:
            raise ValueError(f"claim {claim_id}: 'not testable' needs an evidence basis, not {basis!r}")
        self.results[claim_id] = Result(NOT_TESTABLE, "—", reason, basis)
        return self.results[claim_id]

    def record_design(
        self,
        claim_id: str,
        p_holds_design: float,
        p_holds_null: float,
        bias: float | None = None,
        coverage: float | None = None,
        draws: int | None = None,
    ) -> Design:
        """The claim's design diagnosis (see :func:`livingpapers.methods.design.diagnose_claims`)."""
        self.claim(claim_id)
        for name, share in (("p_holds_design", p_holds_design), ("p_holds_null", p_holds_null), ("coverage", coverage)):
            if _float_or_none(share) is not None and not 0 <= share <= 1:  # NaN: no interval (qualitative claim)
                raise ValueError(f"claim {claim_id}: {name} must be a share between 0 and 1, got {share}")
        design = Design(
            float(p_holds_design), float(p_holds_null), _float_or_none(bias), _float_or_none(coverage), draws
        )
        self.designs[claim_id] = design
        return design

    def record_designs(self, diagnosis: pd.DataFrame) -> None:
        """Record every row of a :func:`~livingpapers.methods.design.diagnose_claims` table (index: claim id)."""
        for claim_id, row in diagnosis.iterrows():
            self.record_design(
                str(claim_id),
                row["p_holds_design"],
                row["p_holds_null"],
                row["bias"],
                row["coverage"],
                int(row["draws"]),
            )

    def status_of(self, claim: Claim) -> Result:
        if claim.kind == "normative":
            return Result(NOT_TESTABLE, "—", "a recommendation or value judgement; no data can test it", "paper")
        return self.results.get(claim.id, Result(NOT_COMPUTED, "—", "not computed in this run", self.data_basis))

    def frame(self) -> pd.DataFrame:
        """The ledger as a table, one row per published claim (the CSV's columns)."""
        return pd.DataFrame([self._row(c) for c in self.claims], columns=LEDGER_COLUMNS)

    def _row(self, claim: Claim) -> dict:
        result = self.status_of(claim)
        design = self.designs.get(claim.id)
        planted = result.planted
        return {
            "id": claim.id,
            "kind": claim.kind,
            "basis": result.basis,
            "status": result.status,
            "published": published_text(claim),
            "this_run": result.shown,
            "planted": planted.text() if planted else "",
            "planted_from_paper": "" if planted is None else ("yes" if planted.from_paper else "no"),
            "p_holds_design": design.p_holds_design if design else None,
            "p_holds_null": design.p_holds_null if design else None,
            "bias": design.bias if design else None,
            "coverage": design.coverage if design else None,
            "draws": design.draws if design else None,
            "location": claim.location,
            "table": claim.table,
            "where": ", ".join(x for x in (claim.table, claim.column, claim.variable) if x) or claim.location,
            "statement": claim.statement,
            "detail": result.detail,
        }

    def summary(self) -> dict:
        """Counts by basis and status, the stand-in's planted origins, and the design diagnosis."""
        return summarize_frame(self.frame())

    def render(self, outputs: Path | None = None):
        """Show the ledger (HTML with legend and filters), save it as CSV, and emit the summary for the build."""
        from IPython.display import display

        from livingpapers.toolkit.ledger_view import ledger_html
        from livingpapers.toolkit.render import write_csv_atomic

        frame = self.frame()
        if outputs is not None:
            write_csv_atomic(frame, outputs / "claims_ledger.csv")
        display(
            {
                "text/html": ledger_html(frame, self.data_mode, "claims_ledger.csv" if outputs else None, self.slug),
                "text/plain": frame[["id", "basis", "status", "published", "this_run"]].to_string(index=False),
            },
            raw=True,
            metadata={SUMMARY_KEY: self.summary()},
        )
        return frame


LEDGER_COLUMNS = [
    "id",
    "kind",
    "basis",
    "status",
    "published",
    "this_run",
    "planted",
    "planted_from_paper",
    "p_holds_design",
    "p_holds_null",
    "bias",
    "coverage",
    "draws",
    "location",
    "table",
    "where",
    "statement",
    "detail",
]


def _float_or_none(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def planted_group(from_paper: str) -> str:
    """The ledger's ``planted_from_paper`` cell ("yes", "no", "") as a dashboard group."""
    return {"yes": "from the paper", "no": "independent"}.get(from_paper, "not stated")


def summarize_frame(frame: pd.DataFrame) -> dict:
    """The summary of a ledger frame (also used on a saved ``claims_ledger.csv``).

    ``{"total": n, "by_basis": {basis: {status: n}}, "standin": {planted group: {status: n}},
    "design": {"claims": k, "median_p_holds_design": x, "median_p_holds_null": y}}``; no count
    mixes bases.
    """
    by_basis: dict[str, dict[str, int]] = {}
    for basis in BASES:
        counts = Counter(frame.loc[frame["basis"] == basis, "status"])
        if counts:
            by_basis[basis] = {s: counts[s] for s in STATUSES[basis] if counts[s]}
    standin = frame[frame["basis"] == "standin"]
    groups = Counter(zip(standin["planted_from_paper"].fillna("").map(planted_group), standin["status"]))
    planted = {g: {s: groups[(g, s)] for s in STANDIN_STATUSES if groups[(g, s)]} for g in PLANTED_GROUPS}
    designed = frame.dropna(subset=["p_holds_design", "p_holds_null"])
    design = {
        "claims": len(designed),
        "median_p_holds_design": _median(designed["p_holds_design"]),
        "median_p_holds_null": _median(designed["p_holds_null"]),
    }
    return {"total": len(frame), "by_basis": by_basis, "standin": planted, "design": design}


def _median(values) -> float | None:
    values = [float(v) for v in values]
    return round(statistics.median(values), 4) if values else None


def empty_summary() -> dict:
    """The summary of a chapter with no ledger (a failed chapter)."""
    return summarize_frame(pd.DataFrame(columns=LEDGER_COLUMNS))
