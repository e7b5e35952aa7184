"""The executed notebook as readers get it: code folded, a run note, no build traces."""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from livingpapers.engine.readers import fold_code, prepare_for_readers, scrub_outputs

ROOT = Path("/tmp/builder/project")


def notebook():
    cells = [
        new_markdown_cell("# Title"),
        new_code_cell("data_mode = 'standin'", metadata={"tags": ["parameters"]}),
        new_code_cell("ch = open_chapter('x')"),
        new_code_cell("print(1)", metadata={"tags": ["show-input"]}),
        new_code_cell("slow()", metadata={"tags": ["remove-input"]}),
    ]
    cells[2].outputs = [
        new_output("stream", name="stderr", text="\rDesign diagnosis:  50%|#####     | 2/4 [00:01<00:01]"),
        new_output("stream", name="stderr", text="\n"),
        new_output("stream", name="stderr", text="UserWarning: something real\n"),
        new_output("stream", name="stdout", text=f"saved {ROOT}/book/_static/outputs/x/t.csv\n"),
        new_output("display_data", data={"text/html": f"<p>{ROOT}/data/raw</p>", "text/plain": "x"}),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["papermill"] = {"input_path": f"{ROOT}/.x.tmp/x.source.ipynb", "output_path": "o", "parameters": {}}
    return nb


def test_code_is_folded_unless_the_source_chose_otherwise():
    nb = notebook()
    fold_code(nb)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert tags[1] == ["parameters", "hide-input"] and tags[2] == ["hide-input"]
    assert tags[3] == ["show-input"] and tags[4] == ["remove-input"]
    assert tags[0] == []


def test_progress_bars_and_build_paths_are_removed_but_warnings_kept():
    nb = notebook()
    scrub_outputs(nb, ROOT)
    outputs = nb.cells[2].outputs
    assert [o.get("text") for o in outputs if o.output_type == "stream"] == [
        "UserWarning: something real\n",
        "saved book/_static/outputs/x/t.csv\n",
    ]
    assert outputs[-1]["data"]["text/html"] == "<p>data/raw</p>"


def test_the_download_starts_with_how_to_run_it_and_carries_no_temporary_paths():
    nb = notebook()
    prepare_for_readers(nb, "x", "A chapter", "notebooks/x.md", ROOT)
    prepare_for_readers(nb, "x", "A chapter", "notebooks/x.md", ROOT)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.metadata["tags"] == ["remove-cell"]
    assert "notebooks/x.md" in first.source and "python -m livingpapers run x" in first.source
    assert "ModuleNotFoundError" in first.source and "make lab" in first.source
    assert sum(c.get("id") == first.id for c in nb.cells) == 1
    text = nbformat.writes(nb)
    assert str(ROOT) not in text and "input_path" not in text
