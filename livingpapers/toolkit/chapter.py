"""Opening a chapter: parameters checked, figure style set, outputs folder ready, ledger loaded.

A chapter's second code cell is::

    from livingpapers.toolkit.chapter import open_chapter
    ch = open_chapter("consumer_finance", data_mode=data_mode, seed=seed)

and from then on ``ch.table(...)``, ``ch.figure(...)`` and ``ch.ledger`` do the shared work.
"""

from __future__ import annotations

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
from livingpapers.toolkit.render import (
    DATA_MODE_LABELS,
    STANDIN_MARK,
    downloads_html,
    output_link,
    write_bytes_atomic,
    write_csv_atomic,
    write_text_atomic,
)
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
                f'<p class="admonition-title">Data: {html.escape(DATA_MODE_LABELS[self.data_mode])}</p>'
                f"<p>{note}</p><p>Parameters of this run: <code>{html.escape(params)}</code></p></div>"
            )
        )

    def is_standin(self, from_data: bool) -> bool:
        """Whether a result is computed from this run's simulated stand-in data."""
        return from_data and self.data_mode == "standin"

    def table(self, table: PaperTable | RegressionTable, name: str, standin: bool | None = None) -> PaperTable:
        """Show a table as HTML and save it as ``<name>.csv`` and ``<name>.tex``.

        A regression table also gets ``<name>_estimates.csv``: one row per coefficient with
        coef, se, t, p and stars as numbers, and the run's data mode (``standin``, ``real``). A table computed from the stand-in (regression
        tables and descriptive statistics, or ``standin=True``) is marked stand-in in its
        caption and in both exports.
        """
        files = [f"{name}.csv", f"{name}.tex"]
        if isinstance(table, RegressionTable):
            estimates = table.estimates()
            estimates.insert(0, "data", self.data_mode)
            write_csv_atomic(estimates, self.outputs / f"{name}_estimates.csv")
            files.append(f"{name}_estimates.csv")
            table = table.to_paper_table()
        table.standin = self.is_standin(table.from_data) if standin is None else standin
        write_text_atomic(table.to_csv(), self.outputs / files[0])
        write_text_atomic(table.to_latex(), self.outputs / files[1])
        self.saved += files
        display(HTML(table.to_html() + downloads_html(self.slug, files)))
        return table

    def figure(
        self,
        fig,
        name: str,
        alt: str,
        source: str,
        schematic: bool = False,
        standin: bool | None = None,
        detailed: bool = False,
    ) -> None:
        """Check, save as ``<name>.png`` and show a figure with its alt text.

        Raises :class:`~livingpapers.toolkit.figures.FigureError` if the figure lacks a title,
        axis labels (unless ``schematic``), a source line or alt text, or if any text would be
        shown under 9 pt (:func:`~livingpapers.toolkit.figures.readability_problem`). The page links to the
        saved PNG (one copy of each figure in the site, none inline); a click enlarges it. A
        figure drawn from the stand-in (any non-schematic figure of a stand-in run, unless
        ``standin=False``) says so in its source line and caption. A ``detailed`` figure (a map, an
        arc diagram: many fine lines) is saved coarser and with fewer colours, to keep pages light.
        """
        problems = figures.figure_problems(fig, alt, source, schematic)
        if problems:
            plt.close(fig)
            raise figures.FigureError(f"figure {name!r}: " + "; ".join(problems))
        marked = self.is_standin(not schematic) if standin is None else standin
        figures.add_source(fig, f"{source} · {STANDIN_MARK} simulated data" if marked else source)
        buffer = io.BytesIO()
        density, colours = (
            (figures.DETAILED_PIXELS_PER_CSS_PX, figures.DETAILED_PALETTE_COLOURS)
            if detailed
            else (figures.PIXELS_PER_CSS_PX, figures.PALETTE_COLOURS)
        )
        dpi = figures.save_dpi(fig, density)
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, bbox_inches="tight", pad_inches=0.15)
        plt.close(fig)
        png, (width_px, height_px) = figures.compress_png(buffer.getvalue(), colours)
        write_bytes_atomic(png, self.outputs / f"{name}.png")
        self.saved.append(f"{name}.png")
        css_width, css_height = (round(px * figures.CSS_PX_PER_INCH / dpi) for px in (width_px, height_px))
        link = html.escape(output_link(self.slug, f"{name}.png"), quote=True)
        mark = (
            f'<figcaption><span class="lp-standin-mark">{STANDIN_MARK}</span> Drawn from simulated data.</figcaption>'
        )
        display(
            HTML(
                f'<figure class="lp-figure"><a class="lp-enlarge" href="{link}" title="Open the full-size image">'
                f'<img src="{link}" width="{css_width}" height="{css_height}" loading="lazy" '
                f'alt="{html.escape(alt, quote=True)}"/></a>{mark if marked else ""}'
                f"{downloads_html(self.slug, [f'{name}.png'])}</figure>"
            )
        )

    def show(self, drawn: figures.Drawn, name: str, standin: bool | None = None) -> None:
        """Show a figure a study module drew (:class:`~livingpapers.toolkit.figures.Drawn`)."""
        self.figure(
            drawn.fig,
            name,
            alt=drawn.alt,
            source=drawn.source,
            schematic=drawn.schematic,
            standin=standin,
            detailed=drawn.detailed,
        )

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
