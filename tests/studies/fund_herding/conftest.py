"""One stand-in and one analysis run shared by the fund-herding tests (both take a while)."""

import pytest

from livingpapers.studies.fund_herding import analysis

SEED = 20231


@pytest.fixture(scope="session")
def inputs(standin_inputs):
    return standin_inputs("fund_herding", SEED)


@pytest.fixture(scope="session")
def results(inputs):
    return analysis.run(inputs, {"n_placebo": 20, "n_monte_carlo": 4, "seed": SEED})
