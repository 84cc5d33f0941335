"""The radar chart's figure JSON carries the published values, in the published axis order."""
from __future__ import annotations

import json

import pytest

from conftest import BOARD, soup
from test_published_tables import DIMENSION_TABLE_NAME, RELEASES, TABLES

# Axis order as published (the dimension table's columns; the radar image runs the same way).
AXES = ["语义理解与抽取", "闲聊", "上下文对话", "角色扮演", "知识与百科", "生成与创作", "代码", "逻辑与推理", "计算", "安全"]


def figures(page) -> dict:
    return {s["data-chart"]: json.loads(s.string) for s in page.find_all("script", attrs={"data-chart": True})}


@pytest.mark.parametrize("release", RELEASES)
def test_radar_has_one_trace_per_model_with_published_values(site, release):
    page = soup(site / BOARD / release / "index.html")
    figure = figures(page)[f"radar-{release}"]
    expected = {DIMENSION_TABLE_NAME[m]: [float(s) for s in scores]
                for _, m, _overall, *scores in TABLES[(release, "dimensions")]}
    traces = {t["name"]: t for t in figure["data"]}
    assert len(figure["data"]) == len(expected)       # Claude-instant-v1 has no dimension scores
    assert set(traces) == set(expected)
    for name, values in expected.items():
        assert traces[name]["type"] == "scatterpolar"
        # published values in published order, the first repeated at the end to close the outline
        assert traces[name]["theta"] == AXES + AXES[:1]
        assert traces[name]["r"] == values + values[:1]
    polar = figure["layout"]["polar"]
    assert polar["radialaxis"]["range"] == [0, 100]
    assert polar["angularaxis"]["direction"] == "counterclockwise" and polar["angularaxis"]["rotation"] == 0
    assert "CJK" in figure["layout"]["font"]["family"]


def test_hover_names_model_dimension_and_score(site):
    figure = figures(soup(site / BOARD / "index.html"))["radar-2023-08-02"]
    template = figure["data"][0]["hovertemplate"]
    assert "%{fullData.name}" in template and "%{theta}" in template and "%{r:.2f}" in template


def test_each_model_keeps_one_colour_across_charts(site):
    colours = {}
    pages = [site / BOARD / r / "index.html" for r in RELEASES]
    pages += sorted((site / BOARD / "dimensions").glob("*/index.html"))
    pages += [site / "en" / BOARD / "index.html", site / BOARD / "compare" / "index.html"]
    pages += sorted((site / BOARD / "models").glob("*/index.html"))
    for path in pages:
        page = soup(path)
        for figure in figures(page).values():
            for trace in figure["data"]:
                if trace["type"] == "scatter" and isinstance(trace.get("meta"), list) and "marker" in trace:   # a point per model
                    pairs = list(zip(trace["text"], trace["marker"]["color"]))
                elif trace["type"] == "scatter" and not trace.get("name"):
                    continue   # the score-against chart's front and its label of the model: not a mark
                elif trace["type"] in ("scatterpolar", "scatter"):
                    pairs = [(trace["name"], trace["line"]["color"])]
                elif trace["type"] == "bar":
                    pairs = list(zip(trace["y"], trace["marker"]["color"]))
                else:
                    continue   # the heatmap colours values, not models
                for name, colour in pairs:
                    colours.setdefault(name, set()).add(colour)
    # every model with a score: Claude-instant-v1, which has no dimension scores, only in the
    # score-against chart; the baseline, with no score at all, in none
    assert len(colours) == 11
    assert all(len(c) == 1 for c in colours.values()), colours
    assert len({next(iter(c)) for c in colours.values()}) == 11   # and no two models share one


def test_chart_json_cannot_close_its_script_element(site):
    raw = (site / BOARD / "index.html").read_text("utf-8")
    start = raw.index('data-chart="radar-2023-08-02">')
    body = raw[start:raw.index("</script>", start)]
    assert "<" not in body.split(">", 1)[1]
