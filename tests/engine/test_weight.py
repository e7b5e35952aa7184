"""Page weight: each page and the files it loads, each once, text compressed as served; heavy pages named."""

from __future__ import annotations

import gzip

from livingpapers.engine import weight

PAGE = """<html><head>
<link rel="stylesheet" href="../_static/site.css"/><link rel="preload" as="script" href="../_static/app.js?digest=1"/>
<script src="../_static/app.js?digest=1"></script><script src="https://cdn.example/x.js"></script>
<script src="../_static/mathjax/tex-mml-chtml.js"></script></head>
<body><img src="../_static/figure.png" loading="lazy"/><img src="data:image/png;base64,AAAA"/>
<a href="../_static/table.csv">not loaded</a></body></html>"""


def make_site(tmp_path):
    site = tmp_path / "html"
    fonts = site / "_static" / "mathjax" / weight.MATHJAX_FONT_DIR
    fonts.mkdir(parents=True)
    files = {
        "book/page.html": PAGE.encode(),
        "_static/site.css": b"body { color: red; }\n" * 500,
        "_static/app.js": b"var x = 1;\n" * 1000,
        "_static/mathjax/tex-mml-chtml.js": b"mathjax();\n" * 2000,
        "_static/figure.png": bytes(range(256)) * 40,
        "_static/table.csv": b"x\n" * 10_000,
        "_static/other.html": b"<html></html>",
        **{f"_static/mathjax/{weight.MATHJAX_FONT_DIR / name}": b"f" * 1000 for name in weight.MATHJAX_FONTS},
        f"_static/mathjax/{weight.MATHJAX_FONT_DIR}/MathJax_Fraktur-Bold.woff": b"f" * 5000,
    }
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    return site, files


def test_a_page_counts_itself_and_what_it_loads_once_text_compressed(tmp_path):
    site, files = make_site(tmp_path)
    weights = weight.page_weights(site)
    assert list(weights) == ["book/page.html"]  # copies of assets under _static are not pages
    page = weights["book/page.html"]
    loaded = ["book/page.html", "_static/site.css", "_static/app.js", "_static/mathjax/tex-mml-chtml.js"]
    fonts = [f"_static/mathjax/{weight.MATHJAX_FONT_DIR / name}" for name in weight.MATHJAX_FONTS]
    expected = {name: len(gzip.compress(files[name], mtime=0)) for name in loaded}
    expected |= {name: len(files[name]) for name in ["_static/figure.png", *fonts]}  # not compressed
    assert page.files == expected
    assert page.transferred == sum(expected.values())
    assert page.uncompressed == sum(len(files[name]) for name in expected)


def test_heavy_pages_are_named_with_their_heaviest_files(tmp_path):
    site, _ = make_site(tmp_path)
    weights = weight.page_weights(site)
    assert weight.weight_problems(weights) == []
    (problem,) = weight.weight_problems(weights, limit=1000)
    assert problem.startswith("book/page.html transfers 0.01 MB (limit 0.0 MB); heaviest: _static/figure.png 10 kB")
    report = weight.weights_for_report(weights)
    assert report == {"book/page.html": {"transferred": weights["book/page.html"].transferred,
                                         "uncompressed": weights["book/page.html"].uncompressed}}  # fmt: skip
