"""Treatment coding from the curated facts, the data contract and real-data input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from livingpapers.studies import trade_hubs as th
from livingpapers.studies.trade_hubs import data
from livingpapers.toolkit.contracts import DataContractError

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


def test_unknown_data_mode_is_refused():
    with pytest.raises(ValueError, match="no data mode 'none'"):
        th.load("none", SEED)
