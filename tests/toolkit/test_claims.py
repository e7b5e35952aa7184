"""Claims: every status rule on every basis, the real-mode tolerance, multi-valued claims, the summary."""

import pandas as pd
import pytest

from livingpapers.toolkit.claims import (
    BASES,
    STATUSES,
    Claim,
    ClaimsFileError,
    Ledger,
    Planted,
    decimals_of,
    load_claims,
    number_rule,
    stars,
    summarize_frame,
)
from livingpapers.toolkit.ledger_view import ledger_html


def estimate(value=0.651, t=2.80, stars=3, cid="C1"):
    # published SE = 0.651 / 2.80 = 0.2325
    return Claim(id=cid, kind="estimate", statement="Hub", value=value, t=t, stars=stars)


def ledger_of(*claims, data_mode="standin"):
    return Ledger("x", data_mode, list(claims))


def test_stars_levels():
    assert [stars(p) for p in (0.5, 0.0999, 0.0499, 0.0099, float("nan"))] == [0, 1, 2, 3, 0]


# ------------------------------------------------------------------ real-mode rule for estimates


def test_real_estimate_confirmed_with_same_sign_stars_and_within_two_published_se():
    result = ledger_of(estimate(), data_mode="real").record_estimate("C1", 0.70, 0.2, 0.001, basis="real")
    assert result.status == "confirmed" and result.basis == "real"
    # (0.70 - 0.651) / 0.2325 = +0.2
    assert "Δ = +0.2 published SE (within 2)" in result.detail
    assert result.shown == "0.700*** (0.200)"


@pytest.mark.parametrize(
    "coef,p,why",
    [(-0.70, 0.001, "sign differs"), (0.70, 0.03, "stars differ"), (0.651 + 2.01 * 0.2325, 0.001, "beyond 2")],
)
def test_real_estimate_contradicted(coef, p, why):
    result = ledger_of(estimate()).record_estimate("C1", coef, 0.2, p, basis="real")
    assert result.status == "contradicted" and why in result.detail


def test_real_tolerance_boundary_uses_the_published_se():
    ledger = ledger_of(Claim(id="C1", kind="estimate", statement="s", value=0.5, se=0.1, stars=3), data_mode="real")
    assert ledger.record_estimate("C1", 0.699, 0.05, 0.001, basis="real").status == "confirmed"
    assert ledger.record_estimate("C1", 0.701, 0.05, 0.001, basis="real").status == "contradicted"
    assert ledger.record_estimate("C1", 0.301, 0.05, 0.001, basis="real").status == "confirmed"


# ------------------------------------------------------------------ stand-in rule


def test_real_estimate_without_a_published_se_rests_on_sign_and_stars():
    claim = Claim(id="C19", kind="estimate", statement="gap", value=-0.0664, stars=3)
    ledger = ledger_of(claim, data_mode="real")
    result = ledger.record_estimate("C19", -0.5, 0.1, 0.001, basis="real")
    assert result.status == "confirmed" and "no usable published SE, so no 2-SE tolerance" in result.detail
    assert ledger.record_estimate("C19", -0.5, 0.1, 0.2, basis="real").status == "contradicted"
    assert ledger.frame().iloc[0]["published"] == "-0.066***"


def test_real_estimate_whose_published_se_rounds_to_zero_rests_on_sign_and_stars():
    claim = Claim(id="C7", kind="estimate", statement="tiny", value=0.004, se=0.0, stars=3)
    result = ledger_of(claim, data_mode="real").record_estimate("C7", 0.006, 0.001, 0.0001, basis="real")
    assert result.status == "confirmed" and "no usable published SE" in result.detail


def test_standin_estimate_recovered_when_the_planted_value_is_inside_the_95_interval():
    ledger = ledger_of(estimate())
    result = ledger.record_estimate("C1", 0.30, 0.10, 0.01, basis="standin", planted=Planted(0.45, from_paper=True))
    assert result.status == "recovered" and "inside 95 % interval [0.104, 0.496]" in result.detail
    result = ledger.record_estimate("C1", 0.20, 0.10, 0.05, basis="standin", planted=Planted(0.45, from_paper=True))
    assert result.status == "not recovered"


def test_a_standin_estimate_is_never_confirmed_even_when_it_matches_the_paper():
    ledger = ledger_of(estimate())
    result = ledger.record_estimate("C1", 0.651, 0.2325, 0.001, basis="standin", planted=Planted(0.651, True))
    assert result.status == "recovered"
    row = ledger.frame().iloc[0]
    assert (row["planted"], row["planted_from_paper"], row["basis"]) == ("0.651", "yes", "standin")


def test_standin_estimate_without_a_planted_number_is_judged_as_a_finding():
    ledger = ledger_of(estimate())
    assert ledger.record_estimate("C1", 0.7, 0.2, 0.001, basis="standin").status == "recovered"
    assert ledger.record_estimate("C1", 0.7, 0.2, 0.2, basis="standin").status == "not recovered"
    assert ledger.frame().iloc[0]["planted_from_paper"] == ""


@pytest.mark.parametrize("basis,passed,status", [("standin", True, "recovered"), ("standin", False, "not recovered")])
def test_standin_checks(basis, passed, status):
    ledger = ledger_of(Claim(id="Q", kind="qualitative", statement="retail > corporate"))
    result = ledger.record_check("Q", passed, "6 of 6", basis=basis, planted=Planted(None, from_paper=False))
    assert result.status == status
    assert ledger.frame().iloc[0]["planted"] == "not planted"


def test_planted_is_dropped_on_evidence_bases():
    ledger = ledger_of(estimate(), data_mode="real")
    ledger.record_estimate("C1", 0.7, 0.2, 0.001, basis="real", planted=Planted(0.45, True))
    assert ledger.frame().iloc[0][["planted", "planted_from_paper"]].tolist() == ["", ""]


def test_a_non_finite_estimate_is_not_computed():
    result = ledger_of(estimate()).record_estimate("C1", float("nan"), 0.1, 0.5, basis="standin")
    assert result.status == "not computed" and result.basis == "standin"


# ------------------------------------------------------------------ evidence bases


@pytest.mark.parametrize("basis", ["paper", "facts", "model", "real"])
def test_numbers_and_checks_on_evidence_bases(basis):
    ledger = ledger_of(
        Claim(id="N", kind="number", statement="CAGR", value=22.1), Claim(id="Q", kind="qualitative", statement="q")
    )
    assert ledger.record_number("N", 22.149, basis=basis).status == "confirmed"
    assert ledger.record_number("N", 22.151, basis=basis).status == "contradicted"
    assert ledger.record_check("Q", True, "shown", basis=basis).status == "confirmed"
    assert ledger.record_check("Q", False, "shown", basis=basis).status == "contradicted"


def test_number_relations_and_tolerance():
    above = Claim(id="N1", kind="number", statement="> 50%", value=50, relation=">")
    assert number_rule(above, 50.1).holds and not number_rule(above, 50.0).holds
    near = Claim(id="N8", kind="number", statement="≈ 25", value=25, tolerance=0.5)
    assert number_rule(near, 24.86).holds and not number_rule(near, 24.4).holds
    assert decimals_of(22.1) == 1 and decimals_of(17) == 0 and decimals_of(0.651) == 3


def test_inconsistent_in_paper_rests_on_the_paper():
    ledger = ledger_of(Claim(id="C9", kind="number", statement="sum", value=26))
    result = ledger.record_inconsistent("C9", "13 + 6 + 8 = 27", note="Notes item 3")
    assert (result.status, result.basis, result.detail) == ("inconsistent in paper", "paper", "Notes item 3")


def test_not_computed_normative_and_unrecorded_claims():
    claims = [
        Claim(id="A", kind="number", statement="a", value=1.0),
        Claim(id="B", kind="number", statement="b", value=1.0),
        Claim(id="R", kind="normative", statement="banks should"),
    ]
    ledger = ledger_of(*claims, data_mode="real")
    ledger.record_not_computed("A", "the paper's data are proprietary")
    frame = ledger.frame().set_index("id")
    assert frame.loc["A", ["status", "basis", "detail"]].tolist() == [
        "not computed",
        "real",
        "the paper's data are proprietary",
    ]
    assert frame.loc["B", ["status", "basis"]].tolist() == ["not computed", "real"]
    assert frame.loc["R", ["status", "basis"]].tolist() == ["not testable", "paper"]


def test_every_status_recorded_is_allowed_on_its_basis():
    claims = [estimate(cid=f"E{i}") for i in range(5)] + [Claim(id="N", kind="number", statement="n", value=3)]
    ledger = ledger_of(*claims)
    for i, basis in enumerate(BASES):
        ledger.record_estimate(f"E{i}", 0.1, 0.5, 0.9, basis=basis, planted=Planted(0.2, False))
    ledger.record_inconsistent("N", "x", "Notes 1")
    for _, row in ledger.frame().iterrows():
        assert row["status"] in STATUSES[row["basis"]]


# ------------------------------------------------------------------ several published values


def multi(tmp_path):
    (tmp_path / "m.yml").write_text(
        "claims:\n"
        "  - id: C65\n    kind: number\n    unit: '%'\n    statement: India 2000\n"
        "    values: [{value: 27.64, label: China bloc}, {value: 6.21, label: Russia bloc}]\n"
        "  - {id: C68, kind: number, statement: Ukraine, values: [48.93, 42.75]}\n",
        encoding="utf-8",
    )
    return load_claims("m", tmp_path)


def test_a_claim_with_several_published_values(tmp_path):
    c65, c68 = multi(tmp_path)
    assert c65.published_values == (27.64, 6.21) and c65.labels == ("China bloc", "Russia bloc")
    ledger = ledger_of(c65, c68)
    assert ledger.record_number("C65", [27.641, 6.209], basis="facts").status == "confirmed"
    result = ledger.record_number("C68", (48.93, 42.80), basis="facts")
    assert result.status == "contradicted" and result.detail == "rounds to 48.93; rounds to 42.80"
    assert ledger.frame().iloc[0]["published"] == "27.64% (China bloc) · 6.21% (Russia bloc)"
    with pytest.raises(ValueError, match="2 published value"):
        ledger.record_number("C68", 48.93, basis="facts")


@pytest.mark.parametrize(
    "claims, expected",
    [
        (
            "  - {id: A, kind: qualitative, statement: s, values: [1, 2]}\n"
            "  - {id: B, kind: number, statement: s, value: 1, values: [1, 2]}\n"
            "  - {id: C, kind: number, statement: s, values: [1, x]}\n",
            ["only for number claims", "either 'value' or 'values'", "every item of 'values' needs a number"],
        ),
        (
            "  - {id: A, kind: estimate, statement: s, value: 1.0}\n"
            "  - {id: A, kind: number, statement: s, value: 2}\n"
            "  - {id: B, kind: guess, statement: s}\n"
            "  - {id: C, kind: number, statement: s, value: 1, colour: red}\n",
            ["needs 'stars'", "duplicate id", "kind 'guess'", "unknown field(s) colour"],
        ),
    ],
    ids=["malformed values lists", "every problem of a file"],
)
def test_a_malformed_claims_file_lists_every_problem(tmp_path, claims, expected):
    (tmp_path / "bad.yml").write_text("claims:\n" + claims, encoding="utf-8")
    with pytest.raises(ClaimsFileError) as err:
        load_claims("bad", tmp_path)
    message = str(err.value)
    assert all(problem in message for problem in expected), message


def test_recording_the_wrong_kind_or_unknown_id_fails():
    ledger = ledger_of(estimate())
    with pytest.raises(TypeError, match="estimate claim"):
        ledger.record_number("C1", 0.6, basis="paper")
    with pytest.raises(KeyError, match="no claim 'C9'"):
        ledger.record_check("C9", True, "x", basis="paper")


# ------------------------------------------------------------------ design, summary, CSV, HTML


def test_design_columns_and_summary():
    claims = [estimate(cid=f"E{i}") for i in range(3)] + [Claim(id="P", kind="number", statement="p", value=2)]
    ledger = ledger_of(*claims)
    ledger.record_estimate("E0", 0.4, 0.1, 0.001, basis="standin", planted=Planted(0.45, True))
    ledger.record_estimate("E1", 0.0, 0.1, 0.9, basis="standin", planted=Planted(0.45, False))
    ledger.record_number("P", 2, basis="paper")
    ledger.record_design("E0", p_holds_design=0.9, p_holds_null=0.04, bias=0.01, coverage=0.95, draws=200)
    ledger.record_design("E1", p_holds_design=0.5, p_holds_null=0.10, draws=200)
    with pytest.raises(ValueError, match="between 0 and 1"):
        ledger.record_design("E1", p_holds_design=1.5, p_holds_null=0.1)
    frame = ledger.frame()
    required = "id kind basis status published this_run planted planted_from_paper p_holds_design p_holds_null location"
    assert set(required.split()) <= set(frame.columns)
    assert ledger.summary() == {
        "total": 4,
        "by_basis": {"paper": {"confirmed": 1}, "standin": {"recovered": 1, "not recovered": 1, "not computed": 1}},
        "standin": {
            "from the paper": {"recovered": 1},
            "independent": {"not recovered": 1},
            "not stated": {"not computed": 1},
        },
        "design": {"claims": 2, "median_p_holds_design": 0.7, "median_p_holds_null": 0.07},
    }


def test_summary_of_a_saved_csv_equals_the_ledger_summary(tmp_path):
    ledger = ledger_of(estimate(), Claim(id="R", kind="normative", statement="should"))
    ledger.record_estimate("C1", 0.4, 0.1, 0.001, basis="standin", planted=Planted(0.45, True))
    ledger.record_design("C1", 0.8, 0.05)
    ledger.frame().to_csv(tmp_path / "l.csv", index=False)
    assert summarize_frame(pd.read_csv(tmp_path / "l.csv")) == ledger.summary()


def test_ledger_html_escapes_claim_text_and_offers_filters():
    claim = Claim(id="C<1>", kind="qualitative", statement="<script>alert(1)</script>", table='Table "2" & <b>')
    ledger = ledger_of(claim)
    ledger.record_check("C<1>", True, "<img src=x onerror=alert(1)>", basis="standin")
    page = ledger_html(ledger.frame(), "standin", "claims_ledger.csv", "x")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'data-table="Table &quot;2&quot; &amp; &lt;b&gt;"' in page
    for key in ("status", "basis", "table"):
        assert f'<select data-filter="{key}">' in page
    assert page.count("<script>") == 1  # the constant filter script, nothing from the data
    assert "within 2 published standard errors" in page  # the real-mode rule in the legend


# ------------------------------------------------------------------ legacy mapping (phase 1 only)


def test_a_basis_outside_the_five_is_refused():
    ledger = ledger_of(Claim(id="A", kind="number", statement="a total", value=4.2))
    with pytest.raises(ValueError, match="basis 'arithmetic' is not one of paper, facts, model, standin, real"):
        ledger.record_number("A", 4.2, basis="arithmetic")
