"""The hypothetical dividend-floor rule (beyond the essay), checked by hand."""

import pytest

from livingpapers.studies.wealth_management import beyond, tables


def test_floor_is_k_times_financing():
    assert beyond.dividend_floor(15, 0.2) == pytest.approx(3.0)
    assert beyond.dividend_floor(15, 0.1) == pytest.approx(1.5)
    assert beyond.dividend_floor(0, 0.3) == 0


def test_reduction_needs_floor_and_leverage():
    assert beyond.reduction_permitted(3.0, 15, 0.2)  # exactly at the floor
    assert not beyond.reduction_permitted(2.99, 15, 0.2)  # just below
    assert not beyond.reduction_permitted(10.0, 15, 0.2, leverage_ok=False)  # 负债合适 fails


@pytest.mark.parametrize(
    "k, rate, years",
    [
        (0.1, 0.02, 5),
        (0.1, 0.05, 2),
        (0.1, 0.10, 1),
        (0.2, 0.02, 10),
        (0.2, 0.05, 4),
        (0.2, 0.10, 2),
        (0.3, 0.02, 15),
        (0.3, 0.05, 6),
        (0.3, 0.10, 3),
    ],
)
def test_years_to_floor_is_ceiling_of_k_over_rate(k, rate, years):
    assert beyond.years_to_floor(15, k, rate * 15) == years


def test_years_to_floor_is_not_fooled_by_float_noise():
    # 0.3 * 15 / 0.45 is 10.000000000000002 in floating point; the answer is 10 years, not 11.
    assert beyond.years_to_floor(15, 0.3, 0.45) == 10
    assert beyond.years_to_floor(15, 0.3, 0.44) == 11


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: beyond.dividend_floor(-1, 0.2), "financing raised must be non-negative"),
        (lambda: beyond.dividend_floor(15, 0), "k must be in (0, 1]"),
        (lambda: beyond.dividend_floor(15, 1.5), "k must be in (0, 1]"),
        (lambda: beyond.years_to_floor(15, 0.2, 0), "annual dividend must be positive"),
        (lambda: beyond.reduction_permitted(-1, 15, 0.2), "cumulative dividends must be non-negative"),
    ],
)
def test_floor_rejects_bad_inputs(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("]", r"\]")):
        call()


def test_sweep_grid_and_lockup_labels():
    sweep = beyond.floor_sweep(15)
    assert len(sweep) == len(beyond.FLOOR_KS) * len(beyond.PAYOUT_RATES)
    assert sweep.set_index(["k", "payout_rate"]).loc[(0.3, 0.02), "years"] == 15
    table = tables.sweep_table(sweep, lockup_years=3)
    assert table.shape == (3, 3)
    assert table.iloc[2, 2].startswith("3 (within")  # k=0.3, 10% payout: 3 years, inside the lock-up
    assert table.iloc[0, 0].startswith("5 (binds after")  # k=0.1, 2% payout: 5 years
