"""Every empirical chapter runs in real mode on its own stand-in exported in the real-data format."""

import pytest

from livingpapers.engine import datafiles
from livingpapers.engine.build import run_chapter


@pytest.mark.integration
@pytest.mark.parametrize("slug", datafiles.empirical_slugs())
def test_chapter_runs_in_real_mode_on_its_exported_standin(project_copy, slug):
    raw = project_copy / "data" / "raw" / slug
    written = datafiles.export_standin(slug, raw, root=project_copy)
    assert written and all(p.parent == raw for p in written)
    outcome = run_chapter(slug, {"data_mode": "real"}, profile="fast", root=project_copy)
    assert outcome.status == "ok" and outcome.data_mode == "real"
    assert outcome.inputs and all(name.startswith("data/") for name in outcome.inputs)
