"""JupyterLab settings for reading chapters: ``python -m livingpapers.engine.lab_settings PREFIX``.

``make lab`` and Binder (``binder/postBuild``) write these overrides into the environment at
``PREFIX`` so that a chapter's Jupytext source ``notebooks/<slug>.md`` opens as a notebook (and
MyST renders through jupyterlab-myst) rather than in the text editor.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    }
}


def write_overrides(prefix: Path) -> Path:
    path = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(OVERRIDES, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_overrides(Path(sys.argv[1] if len(sys.argv) > 1 else sys.prefix)))
