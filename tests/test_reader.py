"""A leaderboard first, tried as readers would in Chromium: the answer in the first screen, charts that
let a page scroll, colours that read, words kept whole, state that follows the reader, and a 404 page
that works at any depth."""
from __future__ import annotations

import http.server
from pathlib import Path

import pytest

from conftest import BOARD, served, wait_drawn
from test_browser import browser, open_page, server  # noqa: F401  (fixtures)

SIZES = [(1280, 800), (375, 812)]
LIGHT, DARK = "#ffffff", "#15181d"


def context_for(browser, width, height, scheme="light", touch=False, js=True):  # noqa: F811
    return browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                               has_touch=touch, is_mobile=touch, java_script_enabled=js)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("size", SIZES)
def test_the_leader_and_its_lead_are_in_the_first_screen(server, browser, size, lang, scheme):  # noqa: F811
    context = context_for(browser, *size, scheme=scheme)
    page = context.new_page()
    page.goto(f"{server}{lang}{BOARD}/")
    page.wait_for_load_state("load")
    first = page.locator("table[data-table=ranking] tbody").first.locator("tr").first
    assert first.locator("td").first.inner_text() == "1"
    box = first.bounding_box()
    assert box["y"] + box["height"] <= size[1], f"the #1 row ends at {box['y'] + box['height']} px"
    headline = page.locator("[data-headline]")
    assert headline.bounding_box()["y"] + headline.bounding_box()["height"] <= size[1]
    text = headline.inner_text()
    assert "openbuddy-llama2-13b" in text and "8.07" in text and "Llama-2-13B-chat" in text and "27.05" in text
    context.close()


def axis_ranges(page, chart_id):
    return page.evaluate(f"""(() => {{ const l = document.getElementById('{chart_id}')._fullLayout;
        return JSON.stringify(['xaxis', 'yaxis', 'polar'].map(k => l[k] ? (l[k].range || l[k].radialaxis.range) : null)); }})()""")


def swipe(page, cdp, x, y, distance=250, steps=10):
    """A finger drawn upwards from (x, y), as a reader scrolls down a page."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, steps + 1):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - distance * i / steps}]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(400)


def test_a_swipe_over_any_chart_scrolls_the_page_and_moves_no_axis(server, browser):  # noqa: F811
    context = context_for(browser, 375, 812, touch=True)
    page = context.new_page()
    page.goto(f"{server}{BOARD}/2023-07-28/")
    cdp = context.new_cdp_session(page)
    charts = [c.get_attribute("id") for c in page.locator(".chart").all()]
    assert len(charts) >= 2
    for chart_id in charts:
        wait_drawn(page, f"#{chart_id}")
        page.evaluate(f"document.getElementById('{chart_id}').scrollIntoView({{block: 'center'}})")
        before, ranges = page.evaluate("window.scrollY"), axis_ranges(page, chart_id)
        box = page.locator(f"#{chart_id}").bounding_box()
        swipe(page, cdp, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 + 50)
        assert page.evaluate("window.scrollY") > before + 100, f"a swipe over {chart_id} did not scroll the page"
        assert axis_ranges(page, chart_id) == ranges, f"a swipe over {chart_id} moved its axes"
    context.close()


def luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme,background", [("light", LIGHT), ("dark", DARK)])
def test_every_line_colour_reads_against_the_chart_background_and_nothing_offers_to_share(
        server, browser, scheme, background):  # noqa: F811
    context = context_for(browser, 1280, 800, scheme=scheme)
    page = context.new_page()
    for path in ("", f"{BOARD}/models/llama-2-13b-chat/", f"{BOARD}/compare/?m=gpt-4,openbuddy-llama2-13b,yayi-13b-llama2"):
        page.goto(server + path)
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == \
            "rgb({}, {}, {})".format(*(int(background[i:i + 2], 16) for i in (1, 3, 5)))
        wait_drawn(page, every=True)
        # every line, and every point of the score-against chart (drawn as markers, one colour each)
        colours = page.evaluate("""Array.from(document.querySelectorAll('.chart')).flatMap(c => c._fullData
            .filter(t => t.type === 'scatterpolar' || t.type === 'scatter')
            .flatMap(t => t.mode.includes('lines') ? [t.line.color] : t.mode === 'markers' ? [].concat(t.marker.color) : []))""")
        assert colours and all(contrast(c, background) >= 3 for c in colours), colours
        symbols = page.evaluate("""Array.from(document.querySelectorAll('.chart')).flatMap(c => c._fullData
            .filter(t => t.type === 'scatterpolar').map(t => t.marker.symbol))""")
        assert len(set(symbols)) == len(symbols)
        assert page.locator(".modebar, .modebar-btn").count() == 0
        assert page.get_by_text("Share", exact=False).count() == 0 and "Chart Studio" not in page.content()
    context.close()


# A word broken across lines: its text spans more than one line box (words run between spaces and
# hyphens in English; in Chinese headings, a run of CJK characters is kept whole).
BROKEN_WORDS = """(() => {
  const broken = [];
  for (const cell of document.querySelectorAll('table th, table td')) {
    if (cell.offsetParent === null) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const words = cell.closest('thead') ? /[A-Za-z0-9]+|[\\u3400-\\u9fff]+/g : /[A-Za-z0-9]+/g;
      for (const m of node.textContent.matchAll(words)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
})()"""


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("size", SIZES)
def test_no_table_cell_breaks_inside_a_word_and_wide_tables_fit_or_say_they_scroll(server, browser, lang, size):  # noqa: F811
    context = context_for(browser, *size)
    page = context.new_page()
    for path in (f"{BOARD}/", f"{BOARD}/models/openbuddy-llama2-13b/", f"{BOARD}/dimensions/logic/", f"{BOARD}/compare/"):
        page.goto(f"{server}{lang}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate(BROKEN_WORDS) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    if size[0] == 1280 and lang:   # the English dimension table fits the page at 1280
        page.goto(f"{server}{lang}{BOARD}/")
        assert page.evaluate("""(() => { const s = document.querySelector('table[data-table=dimensions]').closest('.table-scroll');
            return s.scrollWidth <= s.clientWidth; })()""")
    context.close()


def test_key_numbers_stay_in_view_on_a_phone(server, browser):  # noqa: F811
    context = context_for(browser, 375, 812)
    page = context.new_page()
    page.goto(f"{server}en/{BOARD}/dimensions/logic/")
    cell = page.locator("table[data-table=dimension-ranking] tbody tr").first.locator("td.num").first
    right = cell.evaluate("c => { const r = document.createRange(); r.selectNodeContents(c); return r.getBoundingClientRect().right; }")
    assert right <= 375, f"the only number of the page ends at {right} px"
    page.goto(f"{server}en/{BOARD}/compare/?m=gpt-4,openbuddy-llama2-13b,yayi-13b-llama2")
    scroller = page.locator("table[data-table=compare]").locator("xpath=..")
    scroller.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
    label = page.locator("table[data-table=compare] tbody th").first
    assert 0 <= label.bounding_box()["x"] < 40          # the label column stays while the models scroll
    context.close()


def test_the_state_follows_the_reader_across_languages_and_releases(server, browser):  # noqa: F811
    page, problems = open_page(browser, f"{server}{BOARD}/?q=llama&sort=ranking.overall.asc&details=1")
    page.wait_for_selector("[data-controls]:not([hidden])")
    english = page.locator("nav.languages a[hreflang=en]")
    assert english.get_attribute("href").endswith("?q=llama&sort=ranking.overall.asc")
    english.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/en/{BOARD}/?q=llama&sort=ranking.overall.asc")
    assert page.input_value("input[name=q]") == "llama"
    page.locator("nav.releases a", has_text="2023-07-28").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/2023-07-28/?q=llama&sort=ranking.overall.asc")
    page.goto(f"{server}{BOARD}/compare/?m=gpt-4,yayi-13b-llama2")
    page.locator("nav.languages a[hreflang=en]").click()
    page.wait_for_load_state("load")
    assert sorted(page.locator("input[name=m]:checked").evaluate_all("bs => bs.map(b => b.value)")) == ["gpt-4", "yayi-13b-llama2"]
    assert problems == []
    page.close()


def test_search_matches_names_and_organisations_in_both_languages_and_says_when_nothing_does(server, browser):  # noqa: F811
    page, problems = open_page(browser, f"{server}en/{BOARD}/")
    page.wait_for_selector("[data-controls]:not([hidden])")
    shown = "Array.from(document.querySelectorAll('table[data-table=ranking] tbody tr')).filter(r => !r.hidden).map(r => r.dataset.model)"
    for query, expected in (("百川", ["baichuan-13b-chat"]), ("Meta", ["llama-2-13b-chat"]),
                            ("flagalpha", ["llama2-chinese-13b-chat", "llama2-chinese-7b-chat"])):
        page.fill("input[name=q]", query)
        assert sorted(page.evaluate(shown)) == sorted(expected), query
    page.fill("input[name=q]", "no such model")
    assert page.evaluate(shown) == [] and page.locator("[data-empty]").is_visible()
    assert problems == []
    page.close()


def test_filters_apply_to_the_charts_and_the_compare_legend_chooses_models(server, browser):  # noqa: F811
    page, problems = open_page(browser, f"{server}{BOARD}/?group=llama2-chinese")
    wait_drawn(page, "#heatmap-2023-08-02")
    page.wait_for_function("document.getElementById('heatmap-2023-08-02')._fullData[0].y.length === 7")
    page.goto(f"{server}{BOARD}/compare/?m=gpt-4")
    wait_drawn(page, "#radar-compare")
    page.locator("#radar-compare .legend .traces", has_text="yayi-13b-llama2").click()
    page.wait_for_function("location.search === '?m=gpt-4,yayi-13b-llama2'")
    assert page.is_checked("input[name=m][value=yayi-13b-llama2]")
    assert page.locator("table[data-table=compare] thead th[data-model=yayi-13b-llama2]").is_visible()
    page.uncheck("input[name=m][value=gpt-4]")
    page.uncheck("input[name=m][value=yayi-13b-llama2]")
    assert page.locator("[data-compare-none]").is_visible()
    assert problems == []
    page.close()


def test_a_score_cell_opens_a_dialogue_where_its_model_answers(server, browser):  # noqa: F811
    page, _ = open_page(browser, f"{server}{BOARD}/")
    link = page.locator("table[data-table=dimensions] tr[data-model=llama-2-13b-chat] a.cell-link").first
    link.click()
    page.wait_for_load_state("load")
    shown = page.locator(".answers").first.locator(".answer:not([hidden])").evaluate_all(
        "answers => answers.map(a => a.dataset.model)")
    assert "llama-2-13b-chat" in shown
    page.close()


def test_without_javascript_controls_are_hidden_and_charts_take_no_room(server, browser):  # noqa: F811
    context = context_for(browser, 1280, 800, js=False)
    page = context.new_page()
    page.goto(f"{server}{BOARD}/")
    assert not page.locator("input[name=q]").is_visible()
    assert all(h < 5 for h in page.locator(".chart").evaluate_all("cs => cs.map(c => c.offsetHeight)"))
    assert page.locator("table[data-table=ranking] tbody tr").count() == 11
    context.close()


class Pages(http.server.SimpleHTTPRequestHandler):
    """A site served under /repo/ as GitHub Pages serves a project site: 404.html for any missing address."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        return super().translate_path(path[len("/repo"):] if path.startswith("/repo/") else "/-missing-")

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.parametrize("path,lang,home", [("/repo/a/b/c/", "zh-CN", "/repo/"), (f"/repo/en/{BOARD}/models/nobody/", "en", "/repo/en/"),
                                           ("/repo/x/y/z/", "zh-CN", "/repo/")])
def test_the_404_page_is_styled_at_any_depth_in_the_readers_language(site, browser, path, lang, home):  # noqa: F811
    with served(site, Pages) as host:
        page = browser.new_page()
        response = page.goto(host.rstrip("/") + path)
        assert response.status == 404
        page.wait_for_function("document.documentElement.lang === '%s'" % lang)
        visible = page.locator("main section:not([hidden])")
        assert visible.count() == 1 and visible.get_attribute("lang") == lang
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontWeight") == "700"
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
        link = visible.locator("a")
        assert link.evaluate("a => new URL(a.href).pathname") == home
        link.click()
        page.wait_for_load_state("load")
        assert page.locator("table[data-table=ranking]").count() == 1    # the home page, not another 404
        page.close()
