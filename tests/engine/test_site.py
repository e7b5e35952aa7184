"""The book's Sphinx extension: buttons follow the repository setting, MathJax is local, no thebe."""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from livingpapers.engine import site
from support import REPO


def config(url: str):
    return SimpleNamespace(
        html_theme_options={
            "repository_url": url,
            "use_repository_button": False,
            "launch_buttons": {"binderhub_url": "https://mybinder.org"},
            "navbar_persistent": ["search-button-field"],
        },
        html_context={},
        mathjax_path="https://cdn.example/mathjax.js",
    )


def test_only_a_real_public_repository_counts():
    assert site.public_repository("https://github.com/owner/repo/") == "https://github.com/owner/repo"
    assert site.public_repository("") is None
    assert site.public_repository("https://github.com/livingpapers/collection") is None
    assert site.public_repository("github.com/owner/repo") is None
    assert site.public_repository("https://github.com/") is None


def test_without_a_repository_the_repository_and_launch_buttons_are_hidden():
    conf = config("https://github.com/livingpapers/collection")
    site.configure(None, conf)
    options = conf.html_theme_options
    assert options["repository_url"] == "" and options["launch_buttons"] == {}
    assert not options["use_repository_button"] and not options["use_edit_page_button"]


def test_with_a_repository_the_buttons_show_and_mathjax_is_local():
    conf = config("https://github.com/owner/repo")
    site.configure(None, conf)
    options = conf.html_theme_options
    assert options["use_repository_button"] and options["launch_buttons"]["binderhub_url"]
    assert options["navbar_persistent"] == [], "the theme's header strip (second search button) is emptied"
    assert conf.mathjax_path == "mathjax/tex-mml-chtml.js" and "://" not in conf.mathjax_path
    assert conf.html_context["default_mode"] == "light"


def test_the_shipped_config_names_no_placeholder_repository():
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"]
    assert url == "" or site.public_repository(url) == url.rstrip("/")
    assert "livingpapers.engine.site" in config["sphinx"]["extra_extensions"]


def test_launch_buttons_open_the_jupytext_source_not_the_build_product():
    binder = "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/book/chapters/cbdc.ipynb"
    hub = "https://hub.example/hub/user-redirect/git-pull?repo=x&urlpath=lab/tree/r/book/chapters/cbdc.ipynb"
    buttons = [
        {"label": "launch-buttons", "buttons": [{"url": binder}, {"url": hub}]},
        {"label": "download-buttons", "buttons": [{"url": "_sources/book/chapters/cbdc.ipynb"}]},
    ]
    site.relaunch_from_source(buttons, "book/chapters/cbdc", "notebooks/cbdc.md")
    assert buttons[0]["buttons"][0]["url"].endswith("urlpath=lab/tree/notebooks/cbdc.md")
    assert buttons[0]["buttons"][1]["url"].endswith("urlpath=lab/tree/r/notebooks/cbdc.md")
    assert buttons[1]["buttons"][0]["url"] == "_sources/book/chapters/cbdc.ipynb"


def test_every_chapter_page_maps_to_its_registered_source():
    sources = site.notebook_sources(REPO)
    assert sources["book/chapters/cbdc"] == "notebooks/cbdc.md"
    assert all((REPO / path).is_file() for path in sources.values())


def test_thebe_scripts_are_dropped_and_others_kept():
    scripts = [
        SimpleNamespace(filename=None, attributes={"body": 'const THEBE_JS_URL = "https://unpkg.com/thebe"'}),
        SimpleNamespace(filename="sphinx-thebe.js", attributes={}),
        SimpleNamespace(filename="livingpapers.js", attributes={}),
    ]
    assert [s.filename for s in site.without_thebe(scripts)] == ["livingpapers.js"]


def test_mathjax_ships_with_the_environment():
    assert (site.mathjax_source() / site.MATHJAX_SCRIPT).is_file()
    assert (site.mathjax_source() / "output" / "chtml" / "fonts" / "woff-v2").is_dir()


def built_site(tmp_path):
    """A built site after 'gone' left the book: its page, source, image, download and outputs linger."""
    out, static = tmp_path / "_build" / "html", tmp_path / "book" / "_static"
    files = {
        "book/kept.html": 0,
        "book/chapters/gone.html": 0,
        "genindex.html": 1,  # written by this build
        "index.html": 0,
        "_sources/book/kept.md": 0,
        "_sources/book/chapters/gone.ipynb": 0,
        "_images/chart.svg": 0,
        "_images/gone.png": 0,
        "_downloads/abc/kept.csv": 0,
        "_downloads/def/gone.csv": 0,
        "_static/outputs/kept/t.csv": 0,
        "_static/outputs/kept/dropped.png": 0,
        "_static/outputs/gone/t.csv": 0,
        "_static/theme.css": 0,
    }
    for name, written_now in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(name)
        os.utime(out / name, (1000 + 2000 * written_now,) * 2)
    (static / "outputs" / "kept").mkdir(parents=True)
    (static / "outputs" / "kept" / "t.csv").write_text("t")
    env = SimpleNamespace(
        all_docs={"book/kept": 1.0},
        images={"book/chart.svg": ({"book/kept"}, "chart.svg")},
        dlfiles={"book/kept.csv": ({"book/kept"}, "abc/kept.csv")},
    )
    return SimpleNamespace(
        outdir=str(out),
        confdir=str(tmp_path),
        env=env,
        config=SimpleNamespace(html_static_path=["book/_static"]),
        builder=SimpleNamespace(format="html"),
        livingpapers_started=2000.0,
    )


def test_what_no_longer_belongs_in_the_site_is_removed(tmp_path):
    app = built_site(tmp_path)
    site.remove_stale_output(app, None)
    out = Path(app.outdir)
    left = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert left == [
        "_downloads/abc/kept.csv",
        "_images/chart.svg",
        "_sources/book/kept.md",
        "_static/outputs/kept/t.csv",
        "_static/theme.css",  # the theme's and Sphinx's static files are Sphinx's to manage
        "book/kept.html",
        "genindex.html",
    ]  # index.html goes too: sphinx-external-toc rewrites it, pointing at the current root page
    assert not (out / "_static" / "outputs" / "gone").exists() and not (out / "book" / "chapters").exists()


def test_a_failed_build_removes_nothing(tmp_path):
    app = built_site(tmp_path)
    before = sorted(Path(app.outdir).rglob("*"))
    site.remove_stale_output(app, RuntimeError("failed"))
    assert sorted(Path(app.outdir).rglob("*")) == before


@pytest.mark.parametrize("as_you_type", [False, True])
def test_theme_templates_lose_the_icon_script_and_the_search_index_of_ordinary_pages(tmp_path, as_you_type):
    app = SimpleNamespace(doctreedir=str(tmp_path / ".doctrees"))
    conf = SimpleNamespace(html_theme_options={"search_as_you_type": as_you_type}, templates_path=["mine"])
    site.trimmed_theme_templates.__wrapped__(app, conf)
    templates = tmp_path / "livingpapers-templates"
    assert conf.templates_path == [str(templates), "mine"]
    assert "fontawesome.js" not in (templates / "static" / "webpack-macros.html").read_text(encoding="utf-8")
    layout = templates / "pydata_sphinx_theme" / "layout.html"
    assert layout.is_file() != as_you_type
    if not as_you_type:
        text = layout.read_text(encoding="utf-8")
        assert "searchindex.js" not in text and "searchtools.js" not in text and "{%- block extrahead %}" in text


def test_every_page_is_rewritten_when_the_navigation_changes_and_none_otherwise():
    from docutils import nodes

    env = SimpleNamespace(
        all_docs={"intro": 1, "a": 1, "b": 1},
        toctree_includes={"intro": ["a", "b"]},
        titles={d: nodes.title(text=d.upper()) for d in ("intro", "a", "b")},
        toc_secnumbers={"a": {"": (1,)}, "b": {"": (2,)}},
    )
    assert site.rewrite_all_when_navigation_changes(None, env) == []  # first build: Sphinx writes every page
    assert site.rewrite_all_when_navigation_changes(None, env) == []  # nothing moved
    env.titles["b"] = nodes.title(text="B retitled")
    assert site.rewrite_all_when_navigation_changes(None, env) == ["a", "b", "intro"]
    del env.all_docs["b"]
    env.toctree_includes["intro"] = ["a"]
    assert site.rewrite_all_when_navigation_changes(None, env) == ["a", "intro"]
    assert site.rewrite_all_when_navigation_changes(None, env) == []
