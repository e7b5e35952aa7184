"""Computed evidence for the chapter's prose and its notes on the paper: every sentence that states a
direction, a regime or a comparison is chosen here from this run's results, so that it stays true when a
reader reruns the chapter at other parameters (``-p eta 0.4``, ``-p mu 1.02``, ...).

Each function takes the :class:`~livingpapers.studies.cbdc.analysis.Results` and returns one sentence
(or a short phrase) for ``myst_nb.glue``. ``{glue:text}`` inserts plain text, so the sentences write
Rᵉ rather than ``$R^e$``.
"""

from __future__ import annotations

from livingpapers.toolkit.claims import Claim, load_claims

from .model import solve

TOL = 1e-12  # as in checks.py: changes smaller than this count as none


def article_shares() -> Claim:
    """C1 of data/published/cbdc.yml: the payment-type shares the article takes from Chiu et al."""
    return next(c for c in load_claims("cbdc") if c.id == "C1")


def meeting_shares(claim: Claim) -> str:
    """The article's payment-type shares (C1), read from data/published: '11/27/62%'."""
    return "/".join(f"{v:g}" for v in claim.published_values) + "%"


def run_alphas(results) -> str:
    """This run's meeting probabilities, 'α = (0.11, 0.27, 0.62)'."""
    return "α = (" + ", ".join(f"{a:g}" for a in results.cal.alphas) + ")"


def alphas_provenance(results, claim: Claim | None = None) -> str:
    """Whether this run's alphas are the article's shares (C1) or a reader's choice."""
    claim = claim or article_shares()
    article = tuple(v / 100 for v in claim.published_values)
    same = all(abs(a - b) < 1e-12 for a, b in zip(results.cal.alphas, article))
    if same:
        return f"Only the meeting probabilities {run_alphas(results)} come from the article."
    return (
        f"This run uses the meeting probabilities {run_alphas(results)}; the article's shares are "
        f"{meeting_shares(claim)}. No other parameter comes from the article."
    )


def regime_phrase(results) -> str:
    """Where the type-3 constraint binds at this run's parameters."""
    threshold = results.run.threshold
    if threshold is None:
        return "At this run's values all three constraints bind over the whole admissible range of Rᵉ."
    if threshold == 1.0:
        return (
            "At this run's values the type-3 constraint is slack already without CBDC, so the regime the paper "
            "assumes (all constraints binding) does not occur."
        )
    return (
        f"At this run's values all three constraints bind up to the regime boundary R̄ᵉ = {threshold:.4f}, and "
        "the type-3 constraint is slack above it."
    )


def type2_sentence(results) -> str:
    """What this run finds for type-2 consumption (C23, FN11)."""
    run = results.run
    d2 = run.intro.y2 - run.base.y2
    at = f"at Rᵉ = {run.R_intro:g}"
    if run.threshold == 1.0:
        return (
            "In this run the type-3 constraint is slack already without CBDC, so there is no crowding-out and "
            f"type-2 consumption does not move (Δy2 = {d2:+.4f} {at}); C23, FN11 and T3-all are not computed here."
        )
    if d2 < -TOL:
        return (
            f"In this run type-2 consumption falls by {100 * -d2 / run.base.y2:.1f}% {at}: crowding-out raises the "
            "type-2 liquidity premium, so type-2 trades shrink. Footnote 11 says the mechanism 'also applies to "
            "the other two payment types'; that holds for type 1 and fails for type 2, and Theorem 3 read "
            "literally ('liquidity constraints relax') fails for the same reason (T3-all)."
        )
    return f"In this run type-2 consumption does not fall (Δy2 = {d2:+.4f} {at})."


def corner_sentence(results) -> str:
    """Whether the solver hit a corner (zero public or private money) anywhere on this run's grid."""
    frame = results.run.frame
    corners = frame[(frame["R_e"] > 1) & ((frame["public"] <= 0) | (frame["private"] <= 0))]
    if corners.empty:
        return f"None occurs on this run's grid of {len(frame)} CBDC rates."
    return (
        f"{len(corners)} of the {len(frame)} CBDC rates on this run's grid give a corner (zero holdings of one "
        f"money), from Rᵉ = {corners['R_e'].min():.4f}."
    )


def slack_share_sentence(results) -> str:
    """How much of the sensitivity map has the type-3 constraint slack already without CBDC."""
    smap = results.smap
    slack = smap[smap["slack_without_cbdc"]]
    if slack.empty:
        return f"It happens nowhere in this run's sensitivity map ({len(smap)} calibrations)."
    return (
        f"It happens in {len(slack)} of the {len(smap)} calibrations of this run's sensitivity map "
        f"({100 * len(slack) / len(smap):.0f}%), all with η ≥ {slack['eta'].min():g}."
    )


def equivalence_sentence(results) -> str:
    """C27 made concrete: the cash economy at inflation mu / R^e against the CBDC economy at (mu, R^e)."""
    cal = results.cal
    rate = cal.mu  # mu / R^e = 1: the row mu = 1.00 of the no-CBDC sweep
    cbdc, cash = solve(cal, rate), solve(cal.with_(mu=1.0), 1.0)
    gap = max(abs(cbdc.public - cash.public), abs(cbdc.private - cash.private))
    verdict = "equals" if gap < 1e-10 else "differs from"
    return (
        f"The economy without CBDC at μ = 1.00 {verdict} the CBDC economy at this run's μ = {cal.mu:g} with "
        f"Rᵉ = {rate:g} (largest gap in holdings {gap:.1e}), which illustrates the equivalence (C27)."
    )


def welfare_sentence(results) -> str:
    """Where DM surplus goes along this run's sweep, and whether it ever drops below no CBDC on the map."""
    summary, welfare = results.welfare, results.welfare_map
    top = summary.argmax_rate >= summary.top_rate - 1e-12
    if summary.falls_on is None and top:
        path = (
            "Under this run's calibration, welfare keeps rising in Rᵉ up to the admissible bound, so the "
            "welfare-maximizing CBDC pays a real return of 1/β: the Friedman rule for public money, with the "
            "interest financed by a lump-sum tax."
        )
    elif top:
        path = (
            f"Under this run's calibration, welfare dips on [{summary.falls_on[0]:.4f}, {summary.falls_on[1]:.4f}] "
            "but is highest at the admissible bound, a real CBDC return of 1/β (the Friedman rule for public "
            "money, financed by a lump-sum tax)."
        )
    else:
        path = (
            f"Under this run's calibration, welfare peaks inside the admissible range, at Rᵉ = "
            f"{summary.argmax_rate:.4f}, not at the Friedman rule."
        )
    below = int((welfare["below_no_cbdc"] > 0).sum())
    below_text = (
        "In no calibration of this run's map does it fall below the no-CBDC level."
        if below == 0
        else f"In {below} of the {len(welfare)} calibrations of the map it falls below the no-CBDC level somewhere."
    )
    falls = int(welfare["falls_from"].notna().sum())
    dip = (
        f"Where crowding-out is strong, DM surplus falls over a range of CBDC rates in {falls} of the "
        f"{len(welfare)} calibrations of the map, because the type-2 losses outweigh the type-1 and type-3 gains."
        if falls
        else f"DM surplus never falls as Rᵉ rises in the {len(welfare)} calibrations of the map."
    )
    return f"{path} {dip} {below_text}"


def protocol_sentence(results) -> str:
    """How proportional bargaining (theta_alt) changes levels and the regime boundary in this run."""
    runs = results.protocols
    if len(runs) < 2:
        return "This run's θ is the paper's protocol (θ = 1), so there is nothing to compare."
    paper, alt = runs[1.0], next(r for t, r in runs.items() if t != 1.0)
    theta = next(t for t in runs if t != 1.0)

    def pct(run, attr):
        return 100 * (getattr(run.intro, attr) / getattr(run.base, attr) - 1)

    level = "less" if alt.base.public < paper.base.public else "more"
    response = "larger" if abs(pct(alt, "public")) > abs(pct(paper, "public")) else "smaller"
    top_paper, top_alt = paper.threshold_or_top, alt.threshold_or_top
    wider = "a wider" if top_alt > top_paper + 1e-9 else ("a narrower" if top_alt < top_paper - 1e-9 else "the same")
    return (
        f"At this run's values (θ = {theta:g}), buyers hold {level} public money without CBDC "
        f"({alt.base.public:.4f} against {paper.base.public:.4f}); the response of public money to CBDC is "
        f"{response} in percentage terms ({pct(alt, 'public'):+.1f}% against {pct(paper, 'public'):+.1f}%), and "
        f"the type-3 constraint binds over {wider} range of Rᵉ."
    )


def transfer_path_sentence(results) -> str:
    """Whether the transfer T falls monotonically in R^e under proportional bargaining (C29)."""
    alt = next((r for t, r in results.protocols.items() if t != 1.0), None)
    if alt is None:
        return ""
    transfer = alt.frame["transfer"].to_numpy()
    rises_first = len(transfer) > 1 and transfer[1] > transfer[0] + TOL
    if rises_first:
        return (
            "Under proportional bargaining in this run the transfer first rises: near Rᵉ = 1 the growing base "
            "e in (μ/Rᵉ − 1)e outweighs the shrinking spread, so C29 fails for this protocol."
        )
    return "Under proportional bargaining in this run the transfer falls from Rᵉ = 1 on, as under the paper's protocol."


def protocol_signs_sentence(results) -> str:
    """Which checks change verdict between the two protocols (Table 7)."""
    table = results.protocol_checks
    differ = [claim for claim, row in table.iterrows() if row.nunique() > 1]
    if table.shape[1] < 2:
        return ""
    if not differ:
        return "In this run every check has the same verdict under both protocols."
    return (
        "In this run the checks whose entry in Table 7 differs between the protocols (another verdict, or computed "
        "under one protocol only because the regimes differ) are " + ", ".join(map(str, differ)) + "."
    )
