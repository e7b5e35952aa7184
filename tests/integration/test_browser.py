"""The built book in a real browser (Debian's Chromium driven by Playwright), as a reader meets it.

Every page of a fast build is opened at phone (390 px) and desktop (1400 px) width from a local
server that compresses text as web hosts do, with every request to another host blocked and
recorded. The tests check: no console error and no request leaving the machine on any page; no
page wider than a phone's screen; the menu button opens the navigation at 390 and 800 px and
hides and shows the sidebar at 1400 px; search finds a Chinese and an English term; formulas are
typeset by the site's own MathJax; printed on A4, no table is cut at the right edge; and no page
transfers more than 1.5 MB.

Chromium comes from Debian (``apt-get install chromium``; ``.ci/run`` installs it). Without it
the tests skip, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import functools
import gzip
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM_BINARIES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser")
WIDTHS = {"phone": 390, "tablet": 800, "desktop": 1400}
MAX_PAGE_BYTES = 1_500_000
COMPRESSED_TYPES = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map")
CHAPTER_WITH_MATH = "book/chapters/cbdc.html"
A4_PRINTED_PX = 703  # 210 mm less the print stylesheet's 2 x 12 mm margins, at 96 px per inch
CUT_TABLES = """() => [...document.querySelectorAll('table')]
    .filter(t => t.getBoundingClientRect().right > window.innerWidth + 1 || t.scrollWidth > t.clientWidth + 1)
    .map(t => (t.querySelector('th') || t).textContent.trim().slice(0, 40))"""
EAGER_IMAGES = "() => document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })"  # weigh lazy ones too


def chromium_or_skip() -> str:
    """Path of Chromium and the Playwright client; skip without them, fail in CI."""
    found = next((p for p in map(shutil.which, CHROMIUM_BINARIES) if p), None)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        found = None
    if found is None:
        reason = "Chromium or Playwright is missing: apt-get install chromium; pip install -r requirements.txt"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    return found


class CompressingHandler(SimpleHTTPRequestHandler):
    """A static server that gzips text (as GitHub Pages and most hosts do) and logs nothing."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and path.suffix in COMPRESSED_TYPES and wants_gzip):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built):
    """(base URL, html folder) of the built book served on 127.0.0.1."""
    html = built[0] / "_build" / "html"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CompressingHandler, directory=str(html)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", html
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Reader:
    """A browser tab at one width that blocks and records every request to another host."""

    def __init__(self, browser, base: str, width: int):
        self.base, self.outside, self.errors = base, [], []
        self.context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith((self.base, "data:", "blob:")):
            return route.continue_()
        self.outside.append(url)
        return route.abort()

    def open(self, page: str) -> None:
        self.page.goto(self.base + page, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def close(self):
        self.context.close()


def pages(html: Path) -> list[str]:
    skipped = ("_static", "_sources", "_images")
    return sorted(
        p.relative_to(html).as_posix() for p in html.rglob("*.html") if p.parts[len(html.parts)] not in skipped
    )


@pytest.mark.parametrize("width", [WIDTHS["phone"], WIDTHS["desktop"]])
def test_every_page_opens_without_console_errors_or_outside_requests(browser, site, width):
    base, html = site
    reader = Reader(browser, base, width)
    problems = []
    for page in pages(html):
        reader.errors.clear()
        reader.open(page)
        overflow = reader.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if reader.errors:
            problems.append(f"{page} at {width} px: console errors {reader.errors}")
        if overflow > 1:
            problems.append(f"{page} at {width} px: the page is {overflow} px wider than the window")
    reader.close()
    assert not reader.outside, f"requests left the machine: {sorted(set(reader.outside))}"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [WIDTHS["phone"], WIDTHS["tablet"]])
def test_menu_button_opens_the_navigation_on_narrow_screens(browser, site, width):
    reader = Reader(browser, site[0], width)
    reader.open(CHAPTER_WITH_MATH)
    dialog = reader.page.locator("#pst-primary-sidebar-modal")
    assert not dialog.evaluate("d => d.open")
    reader.page.locator(".primary-toggle:visible").click()
    assert dialog.evaluate("d => d.open")
    chapter_link = dialog.locator("a", has_text="Belt and Road")
    assert chapter_link.is_visible()
    reader.page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    reader.close()


def test_menu_button_hides_and_shows_the_sidebar_on_wide_screens(browser, site):
    reader = Reader(browser, site[0], WIDTHS["desktop"])
    reader.open(CHAPTER_WITH_MATH)
    sidebar = reader.page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    assert reader.page.locator("#pst-header").is_hidden(), "the theme's empty header strip must not show"
    toggle = reader.page.locator(".primary-toggle:visible")
    toggle.click()
    assert sidebar.is_hidden()
    assert not reader.page.locator("#pst-primary-sidebar-modal").evaluate("d => d.open")
    toggle.click()
    assert sidebar.is_visible()
    reader.close()


def test_wide_tables_print_whole(browser, site):
    base, html = site
    reader = Reader(browser, base, A4_PRINTED_PX)
    reader.page.emulate_media(media="print")
    cut = {}
    for page in pages(html):
        reader.open(page)
        tables = reader.page.evaluate(CUT_TABLES)
        if tables:
            cut[page] = tables
    reader.close()
    assert not cut, f"tables cut when printed: {cut}"


@pytest.mark.parametrize("term", ["贸易", "枢纽", "trade"])
def test_search_finds_chinese_and_english_terms(browser, site, term):
    reader = Reader(browser, site[0], WIDTHS["desktop"])
    reader.open(f"search.html?q={term}")
    results = reader.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=20_000)
    assert results.count() > 0
    reader.close()


def test_formulas_are_typeset_by_the_local_mathjax(browser, site):
    reader = Reader(browser, site[0], WIDTHS["desktop"])
    reader.open(CHAPTER_WITH_MATH)
    reader.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    reader.page.evaluate("() => MathJax.startup.promise")
    typeset = reader.page.locator("mjx-container").count()
    raw = reader.page.evaluate(
        "() => [...document.querySelectorAll('.math')].filter(e => !e.querySelector('mjx-container')).length"
    )
    reader.close()
    assert typeset > 0 and raw == 0, f"{typeset} formulas typeset, {raw} left as raw LaTeX"
    assert not reader.outside


def test_no_page_transfers_more_than_one_and_a_half_megabytes(browser, site):
    base, html = site
    reader = Reader(browser, base, WIDTHS["desktop"])
    weights, sizes = {}, []
    reader.page.on("requestfinished", lambda request: sizes.append(request.sizes()))
    for page in pages(html):
        reader.context.clear_cookies()
        sizes.clear()
        reader.open(page)
        reader.page.evaluate(EAGER_IMAGES)
        reader.page.wait_for_load_state("networkidle")
        weights[page] = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
    reader.close()
    for page, size in sorted(weights.items(), key=lambda item: -item[1]):
        print(f"{size / 1e6:6.2f} MB  {page}")
    heavy = {page: size for page, size in weights.items() if size > MAX_PAGE_BYTES}
    assert not heavy, f"pages over {MAX_PAGE_BYTES / 1e6} MB transferred: {heavy}"


def test_without_chromium_the_tests_skip_locally_and_fail_in_ci(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        chromium_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        chromium_or_skip()


MATH_TABLE_PAGE = "book/chapters/lp-math-table-check.html"


def math_table_page(html: Path) -> Path:
    """A copy of the chapter page with math, with a toolkit table holding ``$...$`` everywhere put in its text
    exactly where a cell's output goes (inside the section MyST marks ``mathjax_ignore``)."""
    import re

    import pandas as pd

    from livingpapers.toolkit.tables import from_frame

    frame = pd.DataFrame({r"$\hat\beta_1$ (SE)": ["$0.42^{***}$"]}, index=[r"$R^e \le \mu$"])
    table = from_frame(frame, r"Rates $R^e$ and $R^d$", notes=r"$\theta = 0.5$; US$ 5 is money", stub_name="$x$")
    output = (
        f'<div id="lp-math-check" class="cell_output docutils container"><div class="output text_html">'
        f"{table.to_html()}</div></div>"
    )
    page = (html / CHAPTER_WITH_MATH).read_text(encoding="utf-8")
    page, found = re.subn(
        r'(<section class="tex2jax_ignore mathjax_ignore"[^>]*>)', r"\1" + output.replace("\\", r"\\"), page, count=1
    )
    assert found == 1, "the chapter page's first section is not marked mathjax_ignore any more: update this test"
    path = html / MATH_TABLE_PAGE
    path.write_text(page, encoding="utf-8")
    return path


def test_math_in_a_toolkit_table_is_typeset_by_the_local_mathjax(browser, site):
    base, html = site
    path = math_table_page(html)
    reader = Reader(browser, base, WIDTHS["desktop"])
    try:
        reader.open(MATH_TABLE_PAGE)
        reader.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        reader.page.evaluate("() => MathJax.startup.promise")
        spans = reader.page.evaluate(
            """() => [...document.querySelectorAll('#lp-math-check .lp-paper-table .math')]
                .map(e => [e.closest('th, td, p').tagName, !!e.querySelector('mjx-container'), e.textContent])"""
        )
    finally:
        reader.close()
        path.unlink()
    assert {tag for tag, _, _ in spans} == {"TH", "TD", "P"} and len(spans) == 7, (
        spans
    )  # title (2), stub name, header, row, cell, notes
    assert all(typeset for _, typeset, _ in spans), f"left as raw LaTeX: {[t for _, ok, t in spans if not ok]}"
    assert not reader.outside
