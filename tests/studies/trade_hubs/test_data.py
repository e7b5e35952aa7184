"""Treatment coding from the curated facts, the data contract and real-data input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from livingpapers.studies import trade_hubs as th
from livingpapers.studies.trade_hubs import data
from livingpapers.toolkit.contracts import DataContractError
from support import refused

SEED = 20260


# --- treatment coding from the curated facts -------------------------------------------------
def test_treatment_coding_of_known_cities(df):
    hub_year = df.groupby("city")["hub_year"].first()
    assert hub_year["Xiamen"] == 2015 and hub_year["Chongqing"] == 2017 and hub_year["Shanghai"] == 2021
    assert np.isnan(hub_year["Zhuhai"])  # FTZ but no CR Express found
    summary = data.treatment_summary(df)
    assert summary["hub_cities"] == 38 and summary["treated_city_years"] == 171
    assert summary["central_hubs"] == 20 and summary["exploration_treated"] == 4
    assert df.loc[df["city"] == "Xiamen", "hub_l2"].isna().sum() == 2


def test_late_year_rule_and_province_coding():
    late = data.ftz_years(late_rule=True)
    assert late["Shanghai"] == 2014 and late["Guangzhou"] == 2015 and late["Beijing"] == 2021
    assert data.ftz_or_cre_cities("province") > data.ftz_or_cre_cities("city") == 56


def test_facts_have_sources_and_groups():
    assert len(data.city_list()) == 219
    groups = data.city_groups()
    assert groups["central"].sum() == 23 and groups["east"].sum() == 87
    overview = data.facts_overview()
    assert overview["total"].sum() == sum(
        len(data.facts(n)) for n in ["cities", "ftz", "cre", "corridor", "instruments", "clusters", "milestones"]
    )


# --- bad real-data inputs ----------------------------------------------------------------------
def _write(tmp_path, panel: pd.DataFrame, treatment: pd.DataFrame | None = None):
    panel.to_csv(tmp_path / "panel.csv", index=False)
    if treatment is not None:
        treatment.to_csv(tmp_path / "treatment.csv", index=False)
    return tmp_path


def _problems(tmp_path) -> str:
    with pytest.raises(DataContractError) as err:
        data.read_real(tmp_path)
    return str(err.value)


def test_real_mode_reads_a_good_panel(tmp_path, draw):
    inputs = data.read_real(_write(tmp_path, draw[0]))
    assert inputs.truth is None and not inputs.simulated and len(inputs.panel) == 3066


def test_missing_column(tmp_path, draw):
    assert "required column 'regopen' is missing" in _problems(_write(tmp_path, draw[0].drop(columns=["regopen"])))


def test_duplicate_city_year(tmp_path, draw):
    panel = pd.concat([draw[0], draw[0].iloc[[0]]])
    assert "rows share a key (city, year)" in _problems(_write(tmp_path, panel))


def test_unknown_city(tmp_path, draw):
    panel = draw[0].copy()
    panel.loc[0, "city"] = "Atlantis"
    message = _problems(_write(tmp_path, panel))
    assert "column 'city'" in message and "219 sample cities" in message and "Atlantis" in message


def test_non_numeric_outcome(tmp_path, draw):
    panel = draw[0].astype({"regopen": object})
    panel.loc[5, "regopen"] = "n/a"
    message = _problems(_write(tmp_path, panel))
    assert "column 'regopen'" in message and "n/a" in message


def test_treatment_year_outside_the_sample(tmp_path, draw, timing):
    treatment = timing.copy()
    treatment.loc[treatment["city"] == "Chongqing", "cre_year"] = 2030
    message = _problems(_write(tmp_path, draw[0], treatment))
    assert "column 'cre_year'" in message and "inside the sample 2009-2022" in message


# --- study-specific contract gaps (issue 10): one message, every problem once, nothing written ------
def test_a_partial_treatment_file_is_refused_naming_the_missing_cities(tmp_path, draw, timing):
    ten_hubs = timing.dropna(subset=["ftz_year", "cre_year"]).head(10)
    assert ten_hubs["city"].tolist()[:2] == ["Beijing", "Tianjin"]
    problems = refused(data.read_real, _write(tmp_path, draw[0], ten_hubs))
    assert problems == [
        f"{tmp_path / 'treatment.csv'}: column 'city' covers 10 of the 219 cities of panel.csv; missing 209: "
        "'Anqing', 'Anshan', 'Anyang', 'Baishan', 'Baiyin' and 204 more (a city without a row would silently "
        "count as never treated: give it a row, blank if never)"
    ]


def test_an_unbalanced_panel_is_refused_naming_the_steps_that_need_balance(tmp_path, draw):
    panel = draw[0].drop(index=[5, 40, 41])  # Anqing 2014; Anyang 2021 and 2022
    assert refused(data.read_real, _write(tmp_path, panel)) == [
        f"{tmp_path / 'panel.csv'}: the panel is unbalanced: 2 of 219 city value(s) lack some of the 14 year values "
        "(e.g. Anqing lacks 2014; Anyang lacks 2021, 2022); the placebo, the IV, the Fisher permutation tests, "
        "Goodman-Bacon and Callaway-Sant'Anna need every city in every year 2009-2022"
    ]


def test_a_refused_year_is_not_reported_again_as_imbalance(tmp_path, draw):
    panel = draw[0].astype({"year": object})
    panel.loc[0, "year"] = "2015.5"
    assert refused(data.read_real, _write(tmp_path, panel)) == [
        f"{tmp_path / 'panel.csv'}: column 'year' fails coerce_dtype('int64') (it must hold whole numbers) "
        "in 1 row(s) at file line(s) [2]; values '2015.5'"
    ]


def test_treatment_years_must_be_whole_years_in_the_sample(tmp_path, draw, timing):
    treatment = timing.copy()
    treatment.loc[[0, 1], "ftz_year"] = 2015.5  # Beijing, Tianjin
    treatment.loc[2, "cre_year"] = 2030  # Shanghai
    label = tmp_path / "treatment.csv"
    assert refused(data.read_real, _write(tmp_path, draw[0], treatment)) == [
        f"{label}: column 'cre_year' fails treatment year inside the sample 2009-2022 (leave blank if never by 2022) "
        "in 1 row(s) at file line(s) [4]; values '2030.0'",
        f"{label}: column 'ftz_year' fails a whole year in 2 row(s) at file line(s) [2, 3]; values '2015.5'",
    ]


def test_negative_shares_are_refused(tmp_path, draw):
    panel = draw[0].copy()
    panel.loc[[0, 1], "impdep"] = -0.2
    panel.loc[2, "gov"] = -0.01
    label = tmp_path / "panel.csv"
    assert refused(data.read_real, _write(tmp_path, panel)) == [
        f"{label}: column 'gov' fails greater_than_or_equal_to(0) in 1 row(s) at file line(s) [4]; values '-0.01'",
        f"{label}: column 'impdep' fails greater_than_or_equal_to(0) in 2 row(s) at file line(s) [2, 3]; values '-0.2'",
    ]


def test_infinite_values_anywhere_are_refused_once_each(tmp_path, draw, timing):
    """``inf`` used to reach cell 20 (``SVD did not converge``); now each is named once, with no range echo."""
    panel, treatment = draw[0].copy(), timing.copy()
    panel.loc[[3, 4], "regopen"] = np.inf
    panel.loc[0, "gov"] = -np.inf  # also below the gov >= 0 check: reported once, as infinite
    treatment.loc[0, "lsc_year"] = np.inf
    assert refused(data.read_real, _write(tmp_path, panel, treatment)) == [
        f"{tmp_path / 'panel.csv'}: column 'regopen' holds infinite values in 2 row(s) at file line(s) [5, 6]: 'inf'",
        f"{tmp_path / 'panel.csv'}: column 'gov' holds infinite values in 1 row(s) at file line(s) [2]: '-inf'",
        f"{tmp_path / 'treatment.csv'}: column 'lsc_year' holds infinite values in 1 row(s) at file line(s) [2]: 'inf'",
    ]


def test_a_header_only_panel_is_a_clear_error(tmp_path, draw):
    """It used to crash the kernel inside pyfixest's demeaning."""
    _write(tmp_path, draw[0].iloc[:0])
    assert refused(data.read_real, tmp_path) == [
        f"{tmp_path / 'panel.csv'}: has a header but no data rows (expected columns: {', '.join(data.PANEL.columns())})"
    ]


def test_unknown_data_mode_is_refused():
    with pytest.raises(ValueError, match="no data mode 'none'"):
        th.load("none", SEED)
