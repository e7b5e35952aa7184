"""Opening a chapter interactively (as JupyterLab does) never touches the published outputs."""

from __future__ import annotations

from livingpapers.toolkit.chapter import open_chapter
from livingpapers.toolkit.render import output_link
from livingpapers.toolkit.tables import from_frame


def test_an_interactive_run_writes_to_scratch_not_to_the_published_outputs(project_copy, monkeypatch):
    import pandas as pd

    monkeypatch.delenv("LIVINGPAPERS_OUTPUT_DIR", raising=False)
    published = project_copy / "book" / "_static" / "outputs" / "consumer_finance"
    published.mkdir(parents=True)
    (published / "table.csv").write_text("published\n")
    ch = open_chapter("consumer_finance", seed=7)
    ch.table(from_frame(pd.DataFrame({"a": ["1"]}), "A table"), "table")
    scratch = project_copy / "_build" / "interactive" / "consumer_finance"
    assert ch.outputs == scratch and (scratch / "table.csv").read_text() != "published\n"
    assert [p.name for p in published.iterdir()] == ["table.csv"]
    assert (published / "table.csv").read_text() == "published\n"
    assert output_link("consumer_finance", "table.csv") == "../_build/interactive/consumer_finance/table.csv"


def test_under_the_build_outputs_go_to_its_staging_folder(tmp_path, monkeypatch, project_copy):
    monkeypatch.setenv("LIVINGPAPERS_OUTPUT_DIR", str(tmp_path / "staging"))
    assert open_chapter("consumer_finance").outputs == tmp_path / "staging"
    assert output_link("consumer_finance", "t.csv") == "../../_static/outputs/consumer_finance/t.csv"
