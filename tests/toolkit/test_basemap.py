"""The offline base map: Natural Earth 1:110m outlines read from the pinned package, no network."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from livingpapers.toolkit import basemap


def test_outlines_cover_the_study_countries_with_valid_coordinates():
    rings = dict(basemap.country_rings())
    assert len(basemap.country_rings()) > 170
    for code in ("CHN", "RUS", "IND", "TUR", "EGY", "POL"):
        assert code in rings
    lon, lat = np.vstack([ring for _, parts in basemap.country_rings() for ring in parts]).T
    assert np.abs(lon).max() <= 180 + 1e-9 and np.abs(lat).max() <= 90 + 1e-9
    # China's outline contains Beijing's longitude and latitude within its bounding box
    china = np.vstack(rings["CHN"])
    assert china[:, 0].min() < 116.4 < china[:, 0].max() and china[:, 1].min() < 39.9 < china[:, 1].max()


def test_draw_base_map_shades_the_highlighted_countries():
    fig, ax = plt.subplots()
    basemap.draw_base_map(ax, highlight={"CHN"})
    (collection,) = ax.collections
    colours = {tuple(np.round(c, 3)) for c in collection.get_facecolors()}
    assert len(colours) == 2  # land and the highlighted country
    plt.close(fig)
