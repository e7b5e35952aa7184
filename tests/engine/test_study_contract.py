"""Every study package honours the contract in livingpapers/studies/README.md."""

import importlib
import inspect
import re

import pytest

from livingpapers.engine.registry import load_registry
from livingpapers.toolkit.contracts import TableContract
from support import REPO

REGISTRY = load_registry()
EMPIRICAL = [slug for slug, c in REGISTRY.items() if "real" in c.data_modes]


def study(slug: str, module: str = ""):
    return importlib.import_module(f"livingpapers.studies.{slug}" + (f".{module}" if module else ""))


def parameter_names(function) -> list[str]:
    return list(inspect.signature(function).parameters)


@pytest.mark.parametrize("slug", list(REGISTRY))
def test_entry_points(slug):
    assert parameter_names(study(slug).load)[:2] == ["data_mode", "seed"]
    assert parameter_names(study(slug, "analysis").run)[:2] == ["inputs", "params"]
    assert len(parameter_names(study(slug, "ledger").record_all)) == 2  # (ledger, results)
    study(slug, "tables")


@pytest.mark.parametrize("slug", EMPIRICAL)
def test_empirical_study_has_contract_reader_and_standin(slug):
    data, standin = study(slug, "data"), study(slug, "standin")
    assert data.CONTRACTS and all(isinstance(c, TableContract) for c in data.CONTRACTS)
    assert callable(data.read_real) and callable(data.real_tables)
    assert parameter_names(standin.simulate)[:1] == ["seed"]
    assert standin.PLANTED, f"{slug}: the stand-in's planted effects are not listed"


@pytest.mark.parametrize("slug", list(REGISTRY))
def test_notebook_builds_no_ledger_inline(slug):
    source = (REPO / REGISTRY[slug].notebook).read_text(encoding="utf-8")
    inline = re.findall(r"\.record_(?:estimate|number|check|not_computed|inconsistent|design)\(", source)
    assert not inline, f"{slug}: the notebook records claims itself; move them to ledger.record_all"
