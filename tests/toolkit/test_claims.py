"""Claims: every status, the comparison rules, and malformed published files."""

import pytest

from livingpapers.toolkit.claims import (
    Claim,
    ClaimsFileError,
    Ledger,
    compare_estimate,
    compare_number,
    decimals_of,
    load_claims,
    stars,
)


def estimate(value=0.651, t=2.80, stars=3):
    return Claim(id="C1", kind="estimate", statement="Hub", value=value, t=t, stars=stars)


def test_stars_levels():
    assert [stars(p) for p in (0.5, 0.0999, 0.0499, 0.0099, float("nan"))] == [0, 1, 2, 3, 0]


def test_estimate_reproduced_when_sign_and_level_agree():
    result = compare_estimate(estimate(), coef=0.70, se=0.2, p=0.001)
    assert result.status == "reproduced"
    # published SE = 0.651 / 2.80 = 0.2325; (0.70 - 0.651) / 0.2325 = +0.2
    assert "+0.2 published SE" in result.detail
    assert result.shown == "0.700*** (0.200)"


@pytest.mark.parametrize("coef,p,why", [(-0.70, 0.001, "sign differs"), (0.70, 0.03, "stars differ")])
def test_estimate_differing(coef, p, why):
    result = compare_estimate(estimate(), coef=coef, se=0.2, p=p)
    assert result.status == "differing" and why in result.detail


def test_number_rounds_at_printed_precision():
    claim = Claim(id="C7", kind="number", statement="CAGR", value=22.1)
    assert compare_number(claim, 22.149).status == "reproduced"
    assert compare_number(claim, 22.151).status == "differing"
    assert decimals_of(22.1) == 1 and decimals_of(17) == 0 and decimals_of(0.651) == 3


def test_number_relations_and_tolerance():
    above = Claim(id="N1", kind="number", statement="> 50%", value=50, relation=">")
    assert compare_number(above, 50.1).status == "reproduced"
    assert compare_number(above, 50.0).status == "differing"
    near = Claim(id="N8", kind="number", statement="≈ 25", value=25, tolerance=0.5)
    assert compare_number(near, 24.86).status == "reproduced"
    assert compare_number(near, 24.4).status == "differing"


def test_ledger_statuses_and_summary():
    claims = [
        estimate(),
        Claim(id="Q", kind="qualitative", statement="retail > corporate"),
        Claim(id="R", kind="normative", statement="banks should"),
        Claim(id="M", kind="number", statement="missing", value=1.0),
    ]
    ledger = Ledger("x", "standin", claims)
    ledger.record_estimate("C1", -0.5, 0.1, 0.001)
    ledger.record_check("Q", True, "6 of 6 banks")
    frame = ledger.frame()
    assert list(frame["Status"]) == ["differing", "reproduced", "not testable", "not computed"]
    assert frame.loc[0, "Basis"] == "standin"
    assert ledger.summary() == {
        "total": 4,
        "reproduced": 1,
        "by_construction": 0,
        "differing": 1,
        "not_computed": 1,
        "not_testable": 1,
        "data_mode": "standin",
    }


def test_recording_the_wrong_kind_or_unknown_id_fails():
    ledger = Ledger("x", "standin", [estimate()])
    with pytest.raises(TypeError, match="estimate claim"):
        ledger.record_number("C1", 0.6)
    with pytest.raises(KeyError, match="no claim 'C9'"):
        ledger.record_check("C9", True, "x")


def test_malformed_claims_file_lists_every_problem(tmp_path):
    (tmp_path / "bad.yml").write_text(
        "claims:\n"
        "  - {id: A, kind: estimate, statement: s, value: 1.0}\n"
        "  - {id: A, kind: number, statement: s, value: 2}\n"
        "  - {id: B, kind: guess, statement: s}\n"
        "  - {id: C, kind: number, statement: s, value: 1, colour: red}\n",
        encoding="utf-8",
    )
    with pytest.raises(ClaimsFileError) as err:
        load_claims("bad", tmp_path)
    message = str(err.value)
    assert "needs 'stars'" in message and "duplicate id" in message
    assert "kind 'guess'" in message and "unknown field(s) colour" in message


def test_a_claim_met_by_construction_is_not_reproduced():
    from livingpapers.toolkit.claims import Basis

    claims = [
        Claim(id="A", kind="number", statement="calibrated total", value=4.2),
        Claim(id="B", kind="number", statement="calibrated, missed", value=4.2),
    ]
    ledger = Ledger("x", "standin", claims)
    ledger.record_number("A", 4.2, basis=Basis("stand-in (calibrated)", by_construction=True))
    ledger.record_number("B", 5.0, basis=Basis("stand-in (calibrated)", by_construction=True))
    frame = ledger.frame()
    assert list(frame["Status"]) == ["by construction", "differing"]
    assert frame.loc[0, "Basis"] == "stand-in (calibrated)"
    assert ledger.summary()["by_construction"] == 1 and ledger.summary()["reproduced"] == 0
