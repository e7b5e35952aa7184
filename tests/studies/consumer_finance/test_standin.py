"""Consumer finance: the seeded stand-in satisfies the text's statements, and says where each range comes from."""

from __future__ import annotations

import pandas as pd
import pytest

from livingpapers.studies import consumer_finance as cf
from livingpapers.studies.consumer_finance import analysis, data, standin
from livingpapers.toolkit.claims import load_claims

SEED = 20230


def test_standin_satisfies_the_text(banks):
    assert banks.simulated
    assert analysis.retail_majority(banks.loan_structure)[0]
    assert analysis.totals_above_floor(banks.card_consumer_loans)[0]
    passed, shown = analysis.card_dominance(banks.card_consumer_loans)
    assert passed and "not at PSBC, CZBank" in shown
    shares = banks.loan_structure[data.SHARE_COLUMNS].sum(axis=1)
    assert ((shares - 100).abs() < 0.02).all()


@pytest.mark.parametrize("seed", [0, 1, 7, 20230, 99999])
def test_standin_constraints_hold_for_any_seed(seed):
    banks = standin.simulate(seed).banks
    assert analysis.retail_majority(banks.loan_structure)[0]
    assert analysis.totals_above_floor(banks.card_consumer_loans)[0]
    assert analysis.card_dominance(banks.card_consumer_loans)[0]


def test_standin_is_deterministic():
    a, b = standin.simulate(SEED).banks, standin.simulate(SEED).banks
    pd.testing.assert_frame_equal(a.loan_structure, b.loan_structure)
    pd.testing.assert_frame_equal(a.card_consumer_loans, b.card_consumer_loans)
    c = standin.simulate(SEED + 1).banks
    assert not a.card_consumer_loans.equals(c.card_consumer_loans)


def test_load_dispatches_on_the_data_mode():
    pd.testing.assert_frame_equal(
        cf.load("standin", SEED).banks.loan_structure, standin.simulate(SEED).banks.loan_structure
    )
    with pytest.raises(ValueError, match="no data mode 'none'"):
        cf.load("none", SEED)


def test_planted_ranges_name_their_claim_and_cover_every_bank():
    claim_ids = {c.id for c in load_claims("consumer_finance")}
    assert {p.source for p in standin.PLANTED} == {"C14", "C22", "C23", "independent"} and {
        "C14",
        "C22",
        "C23",
    } <= claim_ids
    for quantity in ("retail share of total loans, %", "card + consumer loans, 亿元", "card / consumer loans ratio"):
        groups = [p.banks for p in standin.PLANTED if p.quantity == quantity]
        covered = [bank for group in groups for bank in group]
        assert sorted(covered) == sorted(standin.STANDIN_RETAIL_SHARE), quantity  # every bank once
    retail = next(p for p in standin.PLANTED if p.source == "C14")
    assert (retail.banks, retail.low, retail.high) == (("PingAn", "PSBC", "CMB"), 52, 62)


@pytest.mark.parametrize("seed", [0, 20230])
def test_drawn_values_lie_in_their_planted_ranges(seed):
    banks = standin.simulate(seed).banks
    loans = banks.loan_structure.set_index("bank")
    balances = banks.card_consumer_loans.set_index("bank")
    drawn = {
        "retail share of total loans, %": loans["retail_share"],
        "discounted-bills share of total loans, %": loans["bills_share"],
        "card + consumer loans, 亿元": balances["card_loans"] + balances["consumer_loans"],
        "card / consumer loans ratio": balances["card_loans"] / balances["consumer_loans"],
    }
    for p in standin.PLANTED:
        values = drawn[p.quantity].loc[list(p.banks)]
        # rounding to 0.01 (shares) and to whole 亿 (balances) can step just outside a bound
        assert values.between(p.low * 0.99 - 0.01, p.high * 1.01 + 0.01).all(), p
