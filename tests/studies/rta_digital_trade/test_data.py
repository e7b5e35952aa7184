"""The data contract (export, read back, README, bad input) and the panel's trade cost."""

from __future__ import annotations

import pandas as pd
import pytest

from livingpapers.methods import gravity
from livingpapers.studies import rta_digital_trade as rta
from livingpapers.studies.rta_digital_trade import data
from livingpapers.toolkit.contracts import DataContractError, write_tables
from support import refused

SEED = 20240


def test_trade_cost_by_hand():
    # ratio = 1e9 * 1e9 / (0.64 * 1e13 * 1e12) = 1.5625e-7; tau = 1 - ratio ** (1/14)
    assert data.trade_cost(1e9, 1e9, 1e13, 1e12) == pytest.approx(1 - 1.5625e-7 ** (1 / 14))
    assert data.trade_cost(0.0, 5e8, 1e13, 1e12) == pytest.approx(1.0)
    tau = data.trade_cost([1e9, 2e9], [1e9, 1e8], [1e13, 1e13], [1e12, 3e12])
    novy = gravity.novy_tau(  # the same index as Novy's tariff equivalent with x_ii = s GDP: tau_N / (1 + tau_N)
        pd.DataFrame({"x": [1e9, 2e9], "m": [1e9, 1e8], "h": [0.8e13, 0.8e13], "p": [0.8e12, 2.4e12]}),
        "x",
        "m",
        "h",
        "p",
    )
    assert tau == pytest.approx((novy / (1 + novy)).to_numpy())


def test_unknown_data_mode_is_refused():
    with pytest.raises(ValueError, match="no data mode 'none'"):
        rta.load("none", SEED)


# --- bad input: every case in one message -----------------------------------------------------
def broken(inputs: data.Inputs, **frames) -> data.Inputs:
    fields = {
        k: getattr(inputs, k)
        for k in ("exports", "importers", "agreement_depths", "agreement_parties", "presample_trade")
    }
    fields.update(frames)
    return data.Inputs(**fields, simulated=True)


@pytest.mark.parametrize(
    "case, message",
    [
        ("negative", "value must not be negative"),
        ("duplicate", "rows share a key (iso3, year, sector)"),
        ("unknown_iso", "ISO3 code is not one of the 133 importers"),
        ("depth", "depth must lie in [0, 1]"),
    ],
)
def test_bad_inputs_give_clear_errors(inputs, case, message):
    exports, depths = inputs.exports.copy(), inputs.agreement_depths.copy()
    if case == "negative":
        exports.loc[0, "exports_usd"] = -5.0
    elif case == "duplicate":
        exports = pd.concat([exports, exports.iloc[[3]]], ignore_index=True)
    elif case == "unknown_iso":
        exports.loc[0, "iso3"] = "XXX"
    else:
        depths.loc[0, "depth"] = 1.3
    with pytest.raises(DataContractError) as err:
        data.check_inputs(broken(inputs, exports=exports, agreement_depths=depths))
    assert message in str(err.value)


def test_all_problems_in_one_error(inputs):
    exports = inputs.exports.copy()
    exports.loc[0, "exports_usd"] = -1.0
    depths = inputs.agreement_depths.copy()
    depths.loc[0, "g2"] = -0.1
    with pytest.raises(DataContractError) as err:
        data.check_inputs(broken(inputs, exports=exports, agreement_depths=depths))
    assert len(err.value.problems) >= 2


def test_real_mode_reports_missing_files(tmp_path):
    with pytest.raises(DataContractError, match="file not found"):
        data.read_real(tmp_path)


# --- study-specific contract gaps (issue 10), on the stand-in exported as files ----------------------
def _exported(inputs, directory, **edits):
    """The stand-in written as ``data/raw`` files, then each file ``name`` edited by ``edits[name]``."""
    write_tables(data.real_tables(inputs), data.CONTRACTS, directory)
    for name, edit in edits.items():
        path = directory / f"{name}.csv"
        edit(pd.read_csv(path, dtype=str, keep_default_na=False)).to_csv(path, index=False)
    return directory


def _set(column, value, rows=(0,)):
    def edit(frame):
        frame.loc[list(rows), column] = value
        return frame

    return edit


CHINA_NEEDED = "EDU, DIF and RQ are gaps to China's values and the trade cost uses China's GDP"


@pytest.mark.parametrize(
    "edits, expected",
    [
        (
            {"importers": lambda t: t[t["iso3"] != "CHN"]},
            ["importers.csv: China's own rows (iso3 = 'CHN') are missing for all 15 years; " + CHINA_NEEDED],
        ),
        (
            {"importers": lambda t: t[(t["iso3"] != "CHN") | ~t["year"].isin(["2015", "2016"])]},
            ["importers.csv: China's own rows (iso3 = 'CHN') are missing for 2015, 2016; " + CHINA_NEEDED],
        ),
        (
            {"agreement_parties": lambda t: t[t["party"] != "CHN"]},
            ["agreement_parties.csv: no rows with party = 'CHN' (China's own agreements give RTAdepth)"],
        ),
        (
            {"agreement_depths": lambda t: t[~t["agreement_id"].isin(["CN_KOR", "CN_AUS"])]},
            [
                "agreement_depths.csv: column 'agreement_id' covers 2639 of the 2641 agreements of "
                "agreement_parties.csv; missing 2: 'CN_KOR', 'CN_AUS' (an agreement without a depth would silently "
                "count as no agreement)"
            ],
        ),
        (
            {"importers": lambda t: t.assign(htc_pct="")},
            ["importers.csv: column 'htc_pct' must not be blank; 2010 row(s) are blank: the column is empty"],
        ),
        (
            {"agreement_parties": lambda t: _set("start", "2015.5", (1,))(_set("end", "2016.5", (0, 2))(t))},
            [
                "agreement_parties.csv: column 'start' fails coerce_dtype('int64') (it must hold whole numbers) "
                "in 1 row(s) at file line(s) [3]; values '2015.5'",
                "agreement_parties.csv: column 'end' fails a whole year in 2 row(s) at file line(s) [2, 4]; "
                "values '2016.5'",
            ],
        ),
        (  # it used to report ok, with inf in the descriptives
            {"exports": _set("exports_usd", "inf", (0, 1)), "importers": _set("gdp_usd", "-inf")},
            [
                "exports.csv: column 'exports_usd' holds infinite values in 2 row(s) at file line(s) [2, 3]: 'inf'",
                "importers.csv: column 'gdp_usd' holds infinite values in 1 row(s) at file line(s) [2]: '-inf'",
            ],
        ),
    ],
    ids=["no-china-rows", "china-years", "no-china-agreements", "depths", "blank-column", "whole-years", "inf"],
)
def test_contract_gaps_are_refused_in_one_message(tmp_path, inputs, edits, expected):
    problems = refused(data.read_real, _exported(inputs, tmp_path, **edits))
    assert problems == [f"{tmp_path}/{line}" for line in expected]
