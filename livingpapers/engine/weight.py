"""Page weight: what a reader's browser downloads to show each page of the built site, from a cold cache.

A page's weight is its HTML and every file it loads (scripts, stylesheets, preloaded fonts and
scripts, images, lazy ones too), each file counted once, as a web host sends them: text (HTML,
JavaScript, CSS, SVG, JSON) gzip-compressed, everything else as stored. A page that loads MathJax
also counts the web fonts every formula needs (MathJax loads others only for bold, script and
similar styles). This is a static estimate made without a browser: what scripts fetch later (MathJax's
other fonts and components) is not seen, so it undercounts pages with many formulas; the browser
test (``tests/integration/test_browser.py``) measures real requests against the same limit. The
build writes each page's weight to ``report.json`` and fails if a page is heavier than
:data:`MAX_PAGE_BYTES`, naming its heaviest files.
"""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_PAGE_BYTES = 1_500_000
COMPRESSED = (".html", ".js", ".css", ".svg", ".json", ".txt", ".map")
MATHJAX_FONTS = ("MathJax_Zero.woff", "MathJax_Main-Regular.woff", "MathJax_Math-Italic.woff")
MATHJAX_FONT_DIR = Path("output", "chtml", "fonts", "woff-v2")
SKIPPED_FOLDERS = ("_static", "_images", "_sources", "_downloads")


@dataclass
class PageWeight:
    """Bytes a page transfers (compressed as served) and stores (uncompressed), with its files' transfers."""

    transferred: int = 0
    uncompressed: int = 0
    files: dict[str, int] = field(default_factory=dict)  # path in the site -> bytes transferred

    def heaviest(self, n: int = 3) -> list[tuple[str, int]]:
        return sorted(self.files.items(), key=lambda item: -item[1])[:n]


class _Loads(HTMLParser):
    """The URLs a page makes the browser fetch on load."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and {"stylesheet", "preload", "icon"} & set(rel) and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag == "img" and attrs.get("src"):
            self.urls.append(attrs["src"])


@functools.cache
def _sizes(path: Path) -> tuple[int, int]:
    """(transferred, uncompressed) bytes of one file."""
    data = path.read_bytes()
    sent = len(gzip.compress(data, compresslevel=6, mtime=0)) if path.suffix in COMPRESSED else len(data)
    return sent, len(data)


def loaded_files(page: Path, site: Path) -> list[Path]:
    """The page and the files of this site it loads (other hosts' URLs and data: URLs are not files here)."""
    parser = _Loads()
    parser.feed(page.read_text(encoding="utf-8"))
    files = {page.resolve()}
    for url in parser.urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = (page.parent / unquote(parts.path)).resolve()
        if path.is_file() and path.is_relative_to(site.resolve()):
            files.add(path)
    mathjax = [p for p in files if p.parent.name == "mathjax" and p.suffix == ".js"]
    for script in mathjax:
        files |= {p for p in (script.parent / MATHJAX_FONT_DIR / name for name in MATHJAX_FONTS) if p.is_file()}
    return sorted(files)


def page_weight(page: Path, site: Path) -> PageWeight:
    weight = PageWeight()
    for path in loaded_files(page, site):
        sent, stored = _sizes(path)
        weight.transferred += sent
        weight.uncompressed += stored
        weight.files[path.relative_to(site.resolve()).as_posix()] = sent
    return weight


def site_pages(site: Path) -> list[Path]:
    """Every HTML page of the built site (not the copies of assets under ``_static`` and the like)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in SKIPPED_FOLDERS)


def page_weights(site: Path) -> dict[str, PageWeight]:
    """Each page's weight, by its path in the site."""
    _sizes.cache_clear()  # files change between builds
    return {page.relative_to(site).as_posix(): page_weight(page, site) for page in site_pages(site)}


def weight_problems(weights: dict[str, PageWeight], limit: int = MAX_PAGE_BYTES) -> list[str]:
    """One line per page heavier than ``limit``, naming its heaviest files."""
    return [
        f"{page} transfers {w.transferred / 1e6:.2f} MB (limit {limit / 1e6:.1f} MB); heaviest: "
        + ", ".join(f"{name} {size / 1e3:.0f} kB" for name, size in w.heaviest())
        for page, w in weights.items()
        if w.transferred > limit
    ]


def weights_for_report(weights: dict[str, PageWeight]) -> dict[str, dict[str, int]]:
    """``{page: {"transferred": bytes, "uncompressed": bytes}}`` for ``report.json``."""
    return {page: {"transferred": w.transferred, "uncompressed": w.uncompressed} for page, w in weights.items()}
