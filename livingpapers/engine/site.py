"""The book's Sphinx extension: what the reader's site needs beyond Jupyter Book's defaults.

Loaded by ``jupyter-book build`` through ``_config.yml`` (``sphinx.extra_extensions``). It

- serves MathJax 3 from the site itself (copied from the ``django-static-mathjax`` package in the
  lock), so formulas typeset offline and no page requests anything from another host;
- shows the repository and launch buttons only when ``repository.url`` in ``_config.yml`` names a
  public repository (never the placeholder), and points Binder and JupyterHub at the chapter's
  Jupytext source ``notebooks/<slug>.md`` rather than at the executed notebook, a build product;
- removes the theme's second header strip (an empty bar with a second search button, whose hidden
  menu button is the one the theme's mobile script binds: pydata-sphinx-theme #2451) and drops
  sphinx-thebe's scripts when Thebe is off (they declare ``THEBE_JS_URL`` twice on every page);
- drops the theme's 1.5 MB Font Awesome script (kept "so that users can add custom icons", which
  this book does not): the theme's stylesheet already draws every icon from its web fonts; and the
  search index (300 kB) with its tools from every page but the search page (only the theme's
  search-as-you-type, which is off, uses them there);
- loads ``livingpapers.js`` (collapsing the sidebar on wide screens) on every page;
- keeps the incremental build honest: Sphinx writes only what changed into the existing
  ``_build/html``, and at the end of each build this extension removes what no longer belongs
  there (pages, page sources, images and downloads of documents no longer in the book, chapter
  outputs no longer produced), so the site holds exactly what a fresh build would.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import time
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

from livingpapers.toolkit.render import write_if_changed

PLACEHOLDER_REPOSITORIES = ("github.com/livingpapers/collection",)
MATHJAX_DIR = "mathjax"
MATHJAX_SCRIPT = "tex-mml-chtml.js"
REPOSITORY_BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button", "use_source_button")
LAUNCH_KEYS = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "jupyterlite_url")
THEBE_MARKERS = ("THEBE_JS_URL", "sphinx-thebe.js", "thebe@")
MIRRORED_STATIC = "outputs"  # book/_static/outputs: the chapters' saved tables and figures (build products)
SOURCE_SUFFIXES = (".txt", ".md", ".ipynb", ".rst")
ASSET_FOLDERS = ("_static", "_images", "_downloads", "_sources")


def public_repository(url: str | None) -> str | None:
    """The repository URL if it is a real public one (http(s), host and path, not the placeholder)."""
    url = (url or "").strip().rstrip("/")
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.path.count("/") < 2:
        return None
    if any(placeholder in url for placeholder in PLACEHOLDER_REPOSITORIES):
        return None
    return url


def mathjax_source() -> Path:
    """The MathJax 3 ``es5`` folder shipped by the ``django-static-mathjax`` package."""
    return Path(str(resources.files("mathjax"))) / "static" / "mathjax" / "es5"


def configure(app, config) -> None:
    """Buttons follow the repository setting; MathJax is local; the theme's header strip is empty."""
    options = config.html_theme_options
    if public_repository(options.get("repository_url")) is None:
        options["repository_url"] = ""
        for key in REPOSITORY_BUTTONS:
            options[key] = False
        options["launch_buttons"] = {}
    else:
        options["use_repository_button"] = True
    for key in ("navbar_start", "navbar_center", "navbar_end", "navbar_persistent"):
        options[key] = []
    # Without a default the theme logs "Got invalid theme mode" on a reader's first visit.
    config.html_context.setdefault("default_mode", "light")
    config.mathjax_path = f"{MATHJAX_DIR}/{MATHJAX_SCRIPT}"


# Lines dropped from the pydata theme's templates (path inside its theme folder, as the templates name them):
# the 1.5 MB Font Awesome script, kept "so that users can add custom icons" (the stylesheet draws every icon
# from web fonts), and on every page but the search page the search index (300 kB) and its tools, which only
# the theme's search-as-you-type uses (off here); the search page loads its own.
THEME_TRIMS = {
    "static/webpack-macros.html": ("fontawesome.js",),
    "pydata_sphinx_theme/layout.html": ("'_static/searchtools.js'", "'_static/language_data.js'", "'searchindex.js'"),
}


@functools.cache
def trimmed_theme_templates(app, config) -> None:
    """Put first on the template path copies of the theme's templates without the lines in ``THEME_TRIMS``."""
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    templates = Path(app.doctreedir).parent / "livingpapers-templates"
    trims = dict(THEME_TRIMS)
    if config.html_theme_options.get("search_as_you_type"):
        trims.pop("pydata_sphinx_theme/layout.html")
    for name, dropped in trims.items():
        lines = (theme / name.removeprefix("pydata_sphinx_theme/")).read_text(encoding="utf-8").splitlines(True)
        kept = [line for line in lines if not any(marker in line for marker in dropped)]
        if len(lines) - len(kept) != len(dropped):
            raise RuntimeError(f"the theme's {name} changed: expected to drop one line each with {dropped}")
        # rewritten only when it changes: a newer template makes Sphinx re-render every page
        write_if_changed("".join(kept), templates / name)
    config.templates_path = [str(templates), *config.templates_path]


@functools.cache
def notebook_sources(root: Path) -> dict[str, str]:
    """Page name of each executed chapter -> its Jupytext source, from ``chapters.yml``."""
    from livingpapers.engine.registry import load_registry

    return {f"book/chapters/{slug}": c.notebook.as_posix() for slug, c in load_registry(root).items()}


def relaunch_from_source(buttons: list[dict], pagename: str, source: str) -> None:
    """Point launch links at the Jupytext source instead of the executed notebook (a build product)."""
    for group in buttons:
        for button in group.get("buttons", []):
            if "url" in button and group.get("label") == "launch-buttons":
                button["url"] = button["url"].replace(f"{pagename}.ipynb", source)


def without_thebe(scripts: list) -> list:
    """The page's scripts less sphinx-thebe's (whose inline config is declared twice per page)."""

    def is_thebe(script) -> bool:
        text = f"{getattr(script, 'filename', script) or ''} {getattr(script, 'attributes', {}).get('body', '')}"
        return any(marker in text for marker in THEBE_MARKERS)

    return [script for script in scripts if not is_thebe(script)]


def page_context(app, pagename, templatename, context, doctree) -> None:
    if not app.config.html_theme_options.get("launch_buttons", {}).get("thebe"):
        context["script_files"] = without_thebe(context.get("script_files", []))
    source = notebook_sources(Path(app.srcdir)).get(pagename)
    if source:
        relaunch_from_source(context.get("header_buttons", []), pagename, source)


def mark_math_in_outputs(app, doctree, docname) -> None:
    """Load MathJax on pages whose notebook outputs carry inline math (tables typeset by the toolkit)."""
    from docutils import nodes

    if any('class="math' in node.astext() for node in doctree.findall(nodes.raw)):
        app.env.get_domain("math").data["has_equations"][docname] = True


def copy_mathjax(app, exception) -> None:
    """Copy MathJax into ``_static/mathjax`` of the built site (once per MathJax version)."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / MATHJAX_DIR
    if not (target / MATHJAX_SCRIPT).is_file():
        shutil.copytree(mathjax_source(), target, dirs_exist_ok=True)


def navigation(env) -> str:
    """A digest of what every page's navigation shows: the table of contents, page titles and chapter numbers."""
    entries = [
        (doc, env.toctree_includes.get(doc, []), env.titles[doc].astext() if doc in env.titles else "",
         env.toc_secnumbers.get(doc, {}).get(""))
        for doc in sorted(env.all_docs)
    ]  # fmt: skip
    return hashlib.sha256(repr(entries).encode()).hexdigest()


def rewrite_all_when_navigation_changes(app, env) -> list[str]:
    """Every page when the navigation changed (a chapter added, removed, moved or retitled), else none.

    Sphinx rewrites only the pages it read again; the others would keep a sidebar that links to a
    removed page or shows an old title. Runs once section numbers are assigned (Sphinx clears those
    of a page it reads again and numbers them afterwards), so an unchanged book gives the same digest.
    """
    digest, previous = navigation(env), getattr(env, "livingpapers_navigation", None)
    env.livingpapers_navigation = digest
    return sorted(env.all_docs) if previous not in (None, digest) else []


def note_start(app) -> None:
    """Remember when this build started: a page written since then belongs to it."""
    app.livingpapers_started = time.time()


def stale_pages(outdir: Path, docnames: set[str], started: float) -> list[Path]:
    """HTML pages of documents no longer in the book (pages written by this build, such as the index, stay)."""
    pages = (p for p in outdir.rglob("*.html") if p.relative_to(outdir).parts[0] not in ASSET_FOLDERS)
    return [
        p
        for p in pages
        if p.relative_to(outdir).with_suffix("").as_posix() not in docnames and p.stat().st_mtime < started
    ]


def source_docname(relative: Path) -> str:
    """``book/intro.md`` or ``book/intro.md.txt`` -> ``book/intro``."""
    while relative.suffix in SOURCE_SUFFIXES:
        relative = relative.with_suffix("")
    return relative.as_posix()


def stale_files(folder: Path, keep) -> list[Path]:
    """Files under ``folder`` whose path relative to it fails ``keep``."""
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file() and not keep(p.relative_to(folder))]


def static_sources(app) -> list[Path]:
    """The ``outputs`` folders of the project's static paths (what ``_static/outputs`` must mirror)."""
    return [Path(app.confdir, folder, MIRRORED_STATIC) for folder in app.config.html_static_path]


def stale_output(app) -> list[Path]:
    """Everything in the built site that the current sources no longer produce."""
    outdir, env = Path(app.outdir), app.env
    docnames = set(env.all_docs)
    images = {unique for _, unique in env.images.values()}
    downloads = {dest for _, dest in env.dlfiles.values()}
    outputs = static_sources(app)
    return [
        *stale_pages(outdir, docnames, getattr(app, "livingpapers_started", time.time())),
        *stale_files(outdir / "_sources", lambda rel: source_docname(rel) in docnames),
        *stale_files(outdir / "_images", lambda rel: rel.as_posix() in images),
        *stale_files(outdir / "_downloads", lambda rel: rel.as_posix() in downloads),
        *stale_files(outdir / "_static" / MIRRORED_STATIC, lambda rel: any((o / rel).is_file() for o in outputs)),
    ]


def remove_stale_output(app, exception) -> None:
    """Remove what no longer belongs in the site, then empty folders; the root redirect is rewritten after."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for path in stale_output(app):
        path.unlink()
    for folder in sorted((p for p in outdir.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()
    # sphinx-external-toc writes index.html (a redirect to the root page) only when it is missing
    (outdir / "index.html").unlink(missing_ok=True)


def setup(app):
    app.connect("config-inited", configure)
    app.connect("config-inited", trimmed_theme_templates)
    app.connect("doctree-resolved", mark_math_in_outputs)
    app.connect("html-page-context", page_context, priority=900)
    app.connect("builder-inited", note_start)
    # after Sphinx numbers the sections (its own env-get-updated handler, priority 500)
    app.connect("env-get-updated", rewrite_all_when_navigation_changes, priority=900)
    app.connect("build-finished", copy_mathjax)
    app.connect("build-finished", remove_stale_output, priority=100)  # before sphinx-external-toc's index
    app.add_js_file("livingpapers.js", defer="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
