"""Every chapter runs at each alternative parameter set of chapters.yml (fast profile), and its
ledger keeps the book's rules there too: no stand-in claim is ever confirmed or contradicted."""

import pytest

from livingpapers.engine.build import run_chapter
from livingpapers.engine.registry import load_registry

CASES = [(slug, alt) for slug, c in load_registry().items() for alt in c.alternatives]


def test_every_chapter_with_parameters_lists_an_alternative():
    lacking = [s for s, c in load_registry().items() if set(c.parameters) - {"data_mode"} and not c.alternatives]
    assert not lacking, f"chapters with parameters but no alternative parameter set: {lacking}"


@pytest.mark.integration
@pytest.mark.parametrize(("slug", "alternative"), CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_chapter_runs_at_its_alternative_parameters(project_copy, slug, alternative):
    outcome = run_chapter(slug, alternative, profile="fast", root=project_copy)
    assert outcome.status == "ok"
    assert all(outcome.parameters[k] == v for k, v in alternative.items())
    standin = outcome.claims.get("by_basis", {}).get("standin", {})
    assert not {"confirmed", "contradicted"} & set(standin), f"{slug} {alternative}: {standin}"
