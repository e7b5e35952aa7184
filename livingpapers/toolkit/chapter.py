"""Opening a chapter: parameters checked, figure style set, outputs folder ready, ledger loaded.

A chapter's second code cell is::

    from livingpapers.toolkit.chapter import open_chapter
    ch = open_chapter("consumer_finance", data_mode=data_mode, seed=seed)

and from then on ``ch.table(...)``, ``ch.figure(...)`` and ``ch.ledger`` do the shared work.
"""

from __future__ import annotations

import base64
import html
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML, display

from livingpapers.toolkit import figures
from livingpapers.toolkit.claims import Ledger
from livingpapers.toolkit.parameters import chapter_spec
from livingpapers.toolkit.paths import outputs_dir
from livingpapers.toolkit.render import downloads_html, write_bytes_atomic, write_text_atomic
from livingpapers.toolkit.tables import PaperTable, RegressionTable

STANDIN_NOTE = (
    "<b>Stand-in data.</b> This run uses a seeded simulated dataset (seed {seed}) with the "
    "real schema and units and documented true effects, not the authors' data. Every result "
    "computed from it demonstrates the method; none of it is evidence about the world."
)
NO_DATA_NOTE = (
    "<b>No dataset.</b> This chapter uses no data of its own: only the paper's own numbers "
    "(labelled as the author's statements) and curated public facts, each with a source and a "
    "confidence level. Nothing in it is simulated."
)
REAL_NOTE = (
    "<b>Real data.</b> This run reads the files in <code>data/raw/{slug}/</code>, checked "
    "against the chapter's data contract."
)


@dataclass
class ChapterRun:
    """One execution of one chapter, with the helpers its cells call."""

    slug: str
    parameters: dict
    outputs: Path
    ledger: Ledger
    saved: list[str] = field(default_factory=list)

    @property
    def data_mode(self) -> str:
        return self.parameters.get("data_mode", "standin")

    @property
    def seed(self) -> int:
        return int(self.parameters.get("seed", 0))

    def rng(self, offset: int = 0) -> np.random.Generator:
        """A generator seeded from the chapter's seed (``offset`` separates independent streams)."""
        return np.random.default_rng([self.seed, offset])

    def banner(self) -> None:
        """The data-mode statement shown at the top of every chapter run."""
        note = {"standin": STANDIN_NOTE, "real": REAL_NOTE, "none": NO_DATA_NOTE}[self.data_mode]
        note = note.format(seed=self.seed, slug=self.slug)
        params = ", ".join(f"{k}={v!r}" for k, v in self.parameters.items())
        display(
            HTML(
                f'<div class="admonition {"warning" if self.data_mode == "standin" else "note"}">'
                f'<p class="admonition-title">Data mode: {html.escape(self.data_mode)}</p>'
                f"<p>{note}</p><p>Parameters of this run: <code>{html.escape(params)}</code></p></div>"
            )
        )

    def table(self, table: PaperTable | RegressionTable, name: str) -> PaperTable:
        """Show a table as HTML and save it as ``<name>.csv`` and ``<name>.tex``."""
        if isinstance(table, RegressionTable):
            table = table.to_paper_table()
        write_text_atomic(table.to_csv(), self.outputs / f"{name}.csv")
        write_text_atomic(table.to_latex(), self.outputs / f"{name}.tex")
        self.saved += [f"{name}.csv", f"{name}.tex"]
        display(HTML(table.to_html() + downloads_html(self.slug, [f"{name}.csv", f"{name}.tex"])))
        return table

    def figure(self, fig, name: str, alt: str, source: str, schematic: bool = False) -> None:
        """Check, save as ``<name>.png`` and show a figure with its alt text.

        Raises :class:`~livingpapers.toolkit.figures.FigureError` if the figure lacks a title,
        axis labels (unless ``schematic``), a source line or alt text.
        """
        problems = figures.figure_problems(fig, alt, source, schematic)
        if problems:
            plt.close(fig)
            raise figures.FigureError(f"figure {name!r}: " + "; ".join(problems))
        figures.add_source(fig, source)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=0.15)
        plt.close(fig)
        png = buffer.getvalue()
        write_bytes_atomic(png, self.outputs / f"{name}.png")
        self.saved.append(f"{name}.png")
        encoded = base64.b64encode(png).decode("ascii")
        display(
            HTML(
                f'<figure class="lp-figure"><img src="data:image/png;base64,{encoded}" '
                f'alt="{html.escape(alt, quote=True)}" style="max-width:100%"/>'
                f"{downloads_html(self.slug, [f'{name}.png'])}</figure>"
            )
        )

    def show(self, drawn: figures.Drawn, name: str) -> None:
        """Show a figure a study module drew (:class:`~livingpapers.toolkit.figures.Drawn`)."""
        self.figure(drawn.fig, name, alt=drawn.alt, source=drawn.source, schematic=drawn.schematic)

    def render_ledger(self):
        """Show the claims ledger and save it as CSV."""
        return self.ledger.render(self.outputs)


def open_chapter(slug: str, **parameters) -> ChapterRun:
    """Start a chapter run: validate parameters, set the figure style, prepare the outputs folder.

    Under the build the outputs folder is the build's staging folder; in JupyterLab it is a
    scratch folder (``_build/interactive/<slug>/``, emptied here), never the published outputs.
    """
    chapter = chapter_spec(slug)
    params = chapter.profile_parameters("full", parameters)
    figures.apply_style()
    out = outputs_dir(slug)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    run = ChapterRun(slug, params, out, Ledger.for_chapter(slug, params.get("data_mode", "standin")))
    run.banner()
    return run
