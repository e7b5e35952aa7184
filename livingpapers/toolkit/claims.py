"""The claims ledger: each paper's published numbers beside this run's, with a status.

Published claims live in ``data/published/<slug>.yml``. Each claim has an ``id``, a
``kind`` and a ``statement``, plus what its kind needs:

- ``estimate``: a regression coefficient, ``value`` with ``t`` or ``se`` as printed and
  ``stars`` (0-3, the papers' 10%/5%/1% levels). Reproduced when this run has the same
  sign and the same significance level; the difference is also shown in published
  standard errors.
- ``number``: a published number, ``value`` (optionally ``relation`` one of ``=``, ``>``,
  ``<``, ``>=``, ``<=`` and a ``tolerance``). With ``=`` and no tolerance the number is
  reproduced when this run rounds to it at the printed precision.
- ``qualitative``: a sign, ordering or trend; this run records a boolean check.
- ``normative``: a recommendation or value judgement; never testable, always shown.

A result recorded with a :class:`Basis` marked ``by_construction`` (a stand-in calibrated or
pinned to the published number) is shown as "by construction", never as "reproduced".

Optional fields: ``table``, ``column``, ``variable``, ``location`` (page or line), ``note``.
A chapter records results with :meth:`Ledger.record_*` and shows the ledger with
:meth:`Ledger.render`, which also saves it as CSV and attaches a machine-readable summary
(output metadata) that the build collects into the reproducibility report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from livingpapers.toolkit.paths import published_dir

KINDS = ("estimate", "number", "qualitative", "normative")
RELATIONS = ("=", ">", "<", ">=", "<=")
REPRODUCED, DIFFERING, NOT_COMPUTED, NOT_TESTABLE = "reproduced", "differing", "not computed", "not testable"
BY_CONSTRUCTION = "by construction"
SUMMARY_KEY = "livingpapers_claims"  # output metadata key the build reads
STAR_LEVELS = (0.10, 0.05, 0.01)


class ClaimsFileError(ValueError):
    """A published-claims file is malformed; lists every problem at once."""


@dataclass(frozen=True)
class Claim:
    id: str
    kind: str
    statement: str
    value: float | None = None
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


@dataclass(frozen=True)
class Basis:
    """What a result rests on, and whether the data were built to satisfy the claim.

    A claim that holds on a stand-in calibrated or pinned to it is met *by construction*:
    the ledger shows that status instead of "reproduced", and the dashboard counts it apart.
    """

    label: str
    by_construction: bool = False

    def __str__(self) -> str:
        return self.label


@dataclass
class Result:
    """What this run found for one claim."""

    status: str
    shown: str
    detail: str = ""
    basis: str = ""


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


def load_claims(slug: str, directory: Path | None = None) -> list[Claim]:
    """Read and check ``data/published/<slug>.yml``."""
    path = (directory or published_dir()) / f"{slug}.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = raw.get("claims", []) if isinstance(raw, dict) else []
    claims, problems, seen = [], [], set()
    allowed = set(Claim.__dataclass_fields__)
    for i, entry in enumerate(entries):
        where = f"{path.name} claim #{i + 1} ({entry.get('id', '?')})"
        unknown = set(entry) - allowed
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
            continue
        problems += _claim_problems(entry, where, seen)
        seen.add(entry.get("id"))
        if not problems:
            claims.append(Claim(**{k: v for k, v in entry.items() if v is not None}))
    if problems:
        raise ClaimsFileError("problems in the published-claims file:\n- " + "\n- ".join(problems))
    return claims


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
    if kind in ("estimate", "number") and not isinstance(entry.get("value"), (int, float)):
        problems.append(f"{where}: a {kind} claim needs a numeric 'value'")
    if kind == "estimate" and entry.get("stars") not in (0, 1, 2, 3):
        problems.append(f"{where}: an estimate claim needs 'stars' between 0 and 3")
    if entry.get("relation", "=") not in RELATIONS:
        problems.append(f"{where}: relation {entry.get('relation')!r} is not one of {' '.join(RELATIONS)}")
    return problems


def compare_estimate(claim: Claim, coef: float, se: float, p: float) -> Result:
    """Same sign and same significance level as published; distance in published SEs."""
    this_stars = stars(p)
    same_sign = math.copysign(1, coef) == math.copysign(1, claim.value)
    same_level = this_stars == claim.stars
    pub_se = claim.published_se
    gap = f"; Δ = {(coef - claim.value) / pub_se:+.1f} published SE" if pub_se else ""
    detail = f"sign {'same' if same_sign else 'differs'}, stars {'same' if same_level else 'differ'}{gap}"
    shown = f"{coef:.3f}{star_string(this_stars)} ({se:.3f})"
    return Result(REPRODUCED if same_sign and same_level else DIFFERING, shown, detail)


def compare_number(claim: Claim, value: float) -> Result:
    """Check a computed number against the published one under the claim's relation."""
    rel = claim.relation
    if rel == "=":
        if claim.tolerance is not None:
            ok = abs(value - claim.value) <= claim.tolerance
            detail = f"|Δ| = {abs(value - claim.value):.4g} (tolerance {claim.tolerance:g})"
        else:
            places = decimals_of(claim.value)
            ok = round(value, places) == round(claim.value, places)
            detail = f"rounds to {round(value, places):.{places}f} at the printed precision"
    else:
        ok = {
            ">": value > claim.value,
            "<": value < claim.value,
            ">=": value >= claim.value,
            "<=": value <= claim.value,
        }[rel]
        detail = f"{value:.4g} {rel} {claim.value:g} is {'true' if ok else 'false'}"
    return Result(REPRODUCED if ok else DIFFERING, f"{value:.4g}{claim.unit}", detail)


def compare_check(passed: bool, shown: str) -> Result:
    return Result(REPRODUCED if passed else DIFFERING, shown, "check holds" if passed else "check fails")


def published_text(claim: Claim) -> str:
    """How the paper printed the claim, for the 'Published' column."""
    if claim.kind == "estimate":
        inner = f"t = {claim.t:.2f}" if claim.t is not None else f"{claim.se:.3f}" if claim.se is not None else ""
        return f"{claim.value:.3f}{star_string(claim.stars)}" + (f" ({inner})" if inner else "")
    if claim.kind == "number":
        rel = "" if claim.relation == "=" else f"{claim.relation} "
        return f"{rel}{claim.value:g}{claim.unit}"
    return claim.statement if claim.kind == "normative" else "stated"


@dataclass
class Ledger:
    """Collects this run's results for one chapter's published claims."""

    slug: str
    data_mode: str = "standin"
    claims: list[Claim] = field(default_factory=list)
    results: dict[str, Result] = field(default_factory=dict)

    @classmethod
    def for_chapter(cls, slug: str, data_mode: str = "standin") -> Ledger:
        return cls(slug, data_mode, load_claims(slug))

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"no claim {claim_id!r} in data/published/{self.slug}.yml")

    def _store(self, claim_id: str, expected_kinds: tuple, result: Result, basis: str | Basis) -> Result:
        claim = self.claim(claim_id)
        if claim.kind not in expected_kinds:
            raise TypeError(f"claim {claim_id} is a {claim.kind} claim, not {'/'.join(expected_kinds)}")
        if isinstance(basis, Basis) and basis.by_construction and result.status == REPRODUCED:
            result.status = BY_CONSTRUCTION
            result.detail = f"{result.detail}; the data were built to satisfy it"
        result.basis = str(basis) or self.data_mode
        self.results[claim_id] = result
        return result

    def record_estimate(self, claim_id: str, coef: float, se: float, p: float, basis: str | Basis = "") -> Result:
        """Record a coefficient with its SE and p-value."""
        return self._store(claim_id, ("estimate",), compare_estimate(self.claim(claim_id), coef, se, p), basis)

    def record_number(self, claim_id: str, value: float, basis: str | Basis = "arithmetic") -> Result:
        """Record a number computed in this run (arithmetic on the paper's own numbers by default)."""
        return self._store(claim_id, ("number",), compare_number(self.claim(claim_id), float(value)), basis)

    def record_check(self, claim_id: str, passed: bool, shown: str, basis: str | Basis = "") -> Result:
        """Record a boolean check of any claim, with what was computed (``shown``)."""
        return self._store(claim_id, ("qualitative", "number", "estimate"), compare_check(bool(passed), shown), basis)

    def record_not_computed(self, claim_id: str, reason: str) -> Result:
        """Say why this run cannot check a claim (shown in the ledger's detail column)."""
        self.claim(claim_id)
        self.results[claim_id] = Result(NOT_COMPUTED, "—", reason, "")
        return self.results[claim_id]

    def status_of(self, claim: Claim) -> Result:
        if claim.kind == "normative":
            return Result(NOT_TESTABLE, "—", "a recommendation; no data can test it", "")
        return self.results.get(claim.id, Result(NOT_COMPUTED, "—", "not computed in this run", ""))

    def frame(self) -> pd.DataFrame:
        """The ledger as a table: one row per published claim."""
        rows = []
        for c in self.claims:
            r = self.status_of(c)
            where = ", ".join(x for x in (c.table, c.column, c.variable) if x) or c.location
            rows.append(
                {
                    "Claim": c.id,
                    "Where": where,
                    "Statement": c.statement,
                    "Published": published_text(c),
                    "This run": r.shown,
                    "Status": r.status,
                    "Basis": r.basis,
                    "Detail": r.detail,
                }
            )
        return pd.DataFrame(rows)

    def summary(self) -> dict:
        """Counts for the report and the dashboard."""
        statuses = [self.status_of(c).status for c in self.claims]
        return {
            "total": len(statuses),
            "reproduced": statuses.count(REPRODUCED),
            "by_construction": statuses.count(BY_CONSTRUCTION),
            "differing": statuses.count(DIFFERING),
            "not_computed": statuses.count(NOT_COMPUTED),
            "not_testable": statuses.count(NOT_TESTABLE),
            "data_mode": self.data_mode,
        }

    def render(self, outputs: Path | None = None):
        """Show the ledger (HTML with legend), save it as CSV, and emit the summary for the build."""
        from IPython.display import display

        from livingpapers.toolkit.render import ledger_html, write_csv_atomic

        frame = self.frame()
        if outputs is not None:
            write_csv_atomic(frame, outputs / "claims_ledger.csv")
        display(
            {
                "text/html": ledger_html(frame, self.data_mode, "claims_ledger.csv" if outputs else None, self.slug),
                "text/plain": frame.to_string(index=False),
            },
            raw=True,
            metadata={SUMMARY_KEY: self.summary()},
        )
        return frame
