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


def test_board_wide_charts_of_a_big_board_draw_the_best_thirty_and_say_so(tmp_path, capsys):
    """40 ranked models (synthetic): the tables list all 40; the radar, heatmap and score-by-release
    chart draw the 30 best by overall score, and their captions say how many of how many."""
    import json
    from conftest import build_in_process, demo_project
    models = "".join(f"- {{id: m{i:02d}, name: Model {i}, group: open}}\n" for i in range(40))
    rows = "".join(f"m{i:02d},overall,{(i * 37) % 100}\nm{i:02d},code,{i}\nm{i:02d},logic,{100 - i}\n"
                   for i in range(40))
    second = rows.replace("m00,code,0", "m00,code,1").replace("m01,overall,37", "m01,overall,38")
    scores = demo_project(tmp_path, "model,dimension,score\n" + rows, **{
        "demo/models.yaml": models, "demo/releases/2024-02-01.csv": "model,dimension,score\n" + second})
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 0, err
    doc = soup(tmp_path / "site" / "en" / "demo" / "index.html")
    assert len(doc.select('table[data-table="ranking"] tbody tr')) == 40
    best = {f"m{i:02d}" for i in sorted(range(40), key=lambda i: -((i * 37) % 100))[:30]}

    def figure(name):
        return json.loads(doc.find("script", attrs={"data-chart": name}).string)

    assert doc.find("script", attrs={"data-chart": "radar-2024-02-01"}) is None   # two dimensions draw no radar
    names = {f"Model {i}" for i in range(40) if f"m{i:02d}" in best}
    assert set(figure("heatmap-2024-02-01")["data"][0]["y"]) == names
    assert {t["name"] for t in figure("trend")["data"]} == names
    captions = " ".join(c.get_text() for c in doc.find_all("figcaption"))
    assert captions.count("Drawn for the 30 models with the best overall score, of 40") == 2   # heatmap, trend
    dimension = soup(tmp_path / "site" / "en" / "demo" / "dimensions" / "logic" / "index.html")
    assert len(json.loads(dimension.find("script", attrs={"data-chart": True}).string)["data"][0]["x"]) == 30
    assert "Drawn for the 30 best in this dimension, of 40" in dimension.get_text()
    small = soup(tmp_path / "site" / "en" / "demo" / "compare" / "index.html")   # not a board-wide chart
    assert "Drawn for the" not in small.get_text()


def test_every_heatmap_number_reads_against_its_cell():
    """plotly.js writes a heatmap cell's number in #444 when the cell is light (tinycolor brightness of
    128 or more) and white otherwise; across the whole colour scale that text keeps WCAG's 4.5:1."""
    from leaderboard import charts

    def rgb(hex_colour):
        return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]

    def luminance(colour):
        channels = [c / 255 for c in colour]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for (_, c0), (_, c1) in zip(charts.HEATMAP_SCALE, charts.HEATMAP_SCALE[1:]):
        for step in range(11):
            t = step / 10
            cell = [a + (b - a) * t for a, b in zip(rgb(c0), rgb(c1))]
            brightness = (cell[0] * 299 + cell[1] * 587 + cell[2] * 114) / 1000
            text = rgb("#444444") if brightness >= 128 else [255, 255, 255]
            lighter, darker = sorted([luminance(cell), luminance(text)], reverse=True)
            assert (lighter + 0.05) / (darker + 0.05) >= 4.5, (cell, text)
