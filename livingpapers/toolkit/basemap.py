"""An offline base map: Natural Earth 1:110m country outlines, drawn behind a chapter's map figures.

The outlines are Natural Earth's ``admin 0 countries`` at 1:110m (public domain), as shipped
inside the pinned ``pyogrio`` wheel (``pyogrio/tests/fixtures/naturalearth_lowres``, the file
GeoPandas used to ship as ``naturalearth_lowres``); ``pyshp`` reads the shapefile. Nothing is
downloaded at build or read time. Coordinates are plain longitude and latitude (an
equirectangular map), which is how the chapters place capitals.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import shapefile
from matplotlib.collections import PolyCollection

SOURCE = "Natural Earth 1:110m base map"
LAND = "#f2efe9"
LAND_HIGHLIGHT = "#e3dccf"
BORDER = "#b9b3a8"


def countries_shapefile() -> Path:
    """Path of the Natural Earth low-resolution countries shapefile shipped with pyogrio."""
    return Path(
        str(resources.files("pyogrio") / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp")
    )


@cache
def country_rings() -> tuple[tuple[str, tuple[np.ndarray, ...]], ...]:
    """Every country's ISO3 code (``-99`` where Natural Earth has none) and its outline rings (lon, lat)."""
    reader = shapefile.Reader(str(countries_shapefile()))
    iso = [field[0] for field in reader.fields[1:]].index("iso_a3")
    out = []
    for shape_record in reader.iterShapeRecords():
        points = np.asarray(shape_record.shape.points, dtype=float)
        starts = list(shape_record.shape.parts) + [len(points)]
        rings = tuple(points[a:b] for a, b in zip(starts, starts[1:]))
        out.append((str(shape_record.record[iso]), rings))
    return tuple(out)


def draw_base_map(ax, highlight=(), zorder: float = 0) -> None:
    """Country outlines on ``ax`` (land filled, borders thin), the ``highlight`` ISO3 codes a shade darker."""
    highlight = set(highlight)
    rings, colours = [], []
    for code, parts in country_rings():
        rings += parts
        colours += [LAND_HIGHLIGHT if code in highlight else LAND] * len(parts)
    ax.add_collection(
        PolyCollection(rings, facecolors=colours, edgecolors=BORDER, linewidths=0.4, zorder=zorder, closed=True)
    )
    ax.set_facecolor("#ffffff")
