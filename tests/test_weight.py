"""Page weight: budgets on the built default site, measured as a reader's browser receives it
(gzip-compressed, as GitHub Pages serves text), and the partial plotly.js bundle kept in step."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import plotly

from conftest import BOARD, ROOT, soup

KB = 1000


def gz(path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def transferred(site, page) -> int:
    """The page and every stylesheet and script it loads (plotly.js is loaded by site.js when the
    page has charts), gzip-compressed."""
    doc = soup(page)
    files = [page]
    files += [(page.parent / l["href"]).resolve() for l in doc.find_all("link", rel="stylesheet")]
    files += [(page.parent / s["src"]).resolve() for s in doc.find_all("script", src=True)]
    if doc.body.get("data-plotly"):
        files.append((page.parent / doc.body["data-plotly"]).resolve())
    return sum(gz(f) for f in files)


def test_board_page_budget(site):
    page = site / BOARD / "index.html"
    assert gz(page) <= 60 * KB, f"board HTML is {gz(page)} bytes gzip-compressed"
    assert transferred(site, page) <= 600 * KB, f"board page is {transferred(site, page)} bytes with its assets"


def test_pages_without_charts_budget(site):
    for page in (site / BOARD / "dialogues" / "code-reverse-integers" / "index.html",
                 site / BOARD / "dialogues" / "index.html", site / "404.html"):
        assert "data-chart=" not in page.read_text("utf-8")
        assert transferred(site, page) <= 100 * KB, f"{page} is {transferred(site, page)} bytes"


def test_the_partial_bundle_matches_the_python_package_and_holds_only_our_traces():
    version = plotly.offline.get_plotlyjs_version()
    bundle = ROOT / "templates" / "assets" / f"plotly-{version}-leaderboard.min.js"
    text = bundle.read_text("utf-8")
    assert text.startswith(f"/* plotly.js v{version} (MIT licence), partial bundle")
    entry = (ROOT / "templates" / "assets" / "plotly-bundle" / "entry.js").read_text("utf-8")
    assert set(re.findall(r'plotly\.js/lib/(\w+)"', entry)) == {"core", "scatterpolar", "bar", "heatmap"}
    full = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").stat().st_size
    assert len(text) < 0.5 * full
