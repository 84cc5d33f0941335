"""A long board table in Chromium: its first cells.PAGE rows shown, the rest one click away; the rows
the search, filters and sort pick still counted from the whole table; every row shown without a
script. On purpose-made boards of 130 models (every row in the page) and of 260 (more than
cells.LAZY_FROM: the page carries each body's first rows and site.js takes the rest from the full
table beside it); scores worked out here, not read from the site."""
from __future__ import annotations

import re

import pytest

from conftest import run_build, served, write_project
from test_browser import browser  # noqa: F401  (fixture)

from leaderboard.cells import FULL_TABLE, LAZY_FROM, PAGE

SIZES = (130, 260)   # below and above LAZY_FROM
BAND = 4   # references, in their own unranked band (short: not paged)
ROWS_IN = "!document.querySelector('table[data-rows-from]:not([data-rows-loaded])')"


def score(i: int, models: int) -> float:
    """Model i's score: all different, in no simple order of i."""
    return round(20 + (i * 37 % models) * 70 / models, 2)


def org(i: int) -> str:
    return "Org A" if i % 2 else "Org B"


def make_site(root, models: int):
    cards = "".join(f"- id: m{i:03d}\n  name: Model {i}\n  group: open\n  org: {org(i)}\n" for i in range(models))
    cards += "".join(f"- id: r{i}\n  name: Reference {i}\n  group: ref\n" for i in range(BAND))
    rows = ["model,dimension,score"] + [f"m{i:03d},{d},{score(i, models)}" for i in range(models)
                                        for d in ("overall", "code", "logic")]
    rows += [f"r{i},{d},{50 + i}" for i in range(BAND) for d in ("overall", "code", "logic")]
    scores = write_project(root, {
        "scores/site.yaml": "title: {zh: 长表, en: Long}\nlanguages: [zh, en]\nboards: [long]\n",
        "scores/long/board.yaml": """
            title: {zh: 长榜, en: Long board}
            metric: {name: {zh: 得分, en: Score}, range: [0, 100], decimals: 2}
            dimensions:
              - {id: code, name: {zh: 代码, en: Code}}
              - {id: logic, name: {zh: 逻辑, en: Logic}}
            groups:
              - {id: ref, name: {zh: 参考, en: Reference}, ranked: false}
              - {id: open, name: {zh: 开源, en: Open}, ranked: true}
            """,
        "scores/long/models.yaml": cards,
        "scores/long/releases/2024-01-01.csv": "\n".join(rows) + "\n",
    })
    assert run_build("--scores", str(scores), "--out", str(root / "site"), "--strict", "-q").returncode == 0
    return root / "site"


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n} models" for n in SIZES])
def long_site(request, tmp_path_factory):
    """(the served site's address, its number of models, its folder)"""
    folder = make_site(tmp_path_factory.mktemp("long"), request.param)
    with served(folder) as url:
        yield url, request.param, folder


SHOWN = """table => Array.from(document.querySelectorAll(`table[data-table=${table}] > tbody > tr`))
  .filter(row => getComputedStyle(row).display !== "none").map(row => row.getAttribute("data-model"))"""


def shown(page, table: str = "ranking") -> list:
    return page.evaluate(f"({SHOWN})('{table}')")


def by_score(numbers, models: int) -> list:
    """Ids, best first, as the published ranking orders them (no ties here)."""
    return [f"m{i:03d}" for i in sorted(numbers, key=lambda i: -score(i, models))]


def refs() -> list:
    return [f"r{i}" for i in reversed(range(BAND))]   # the band, best first


def opened(browser, url: str, **context):
    """A page at url, once the rows a long table takes from its full table are in."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, **context).new_page()
    page.goto(url)
    page.wait_for_function(ROWS_IN)
    return page


def test_a_long_table_shows_its_first_page_and_the_rest_on_a_click(long_site, browser):
    url, models, _ = long_site
    page = opened(browser, url + "long/")
    best = by_score(range(models), models)
    for table in ("ranking", "dimensions"):
        assert shown(page, table) == best[:PAGE] + refs(), table
    button = page.locator("[data-show-all]").first
    assert button.is_visible() and button.text_content().strip() == f"显示全部 {models + BAND} 个模型"
    button.click()
    for table in ("ranking", "dimensions"):
        assert shown(page, table) == best + refs(), table
    assert page.locator("[data-show-all]:visible").count() == 0
    assert page.locator("[data-rows-failed]:visible").count() == 0
    assert page.locator(".full-table-link:visible").count() == (2 if models > LAZY_FROM else 0)   # under each table
    page.context.close()


def test_the_first_page_is_of_the_rows_the_reader_asked_for(long_site, browser):
    url, models, _ = long_site
    page = opened(browser, url + "long/?org=Org+A")
    odd = by_score((i for i in range(models) if org(i) == "Org A"), models)
    assert len(odd) > PAGE
    assert shown(page) == odd[:PAGE]   # the band has no organisation: filtered out
    page.locator("table[data-table=ranking] th[data-key=overall] button.sort").click()   # best first: as it was
    page.locator("table[data-table=ranking] th[data-key=overall] button.sort").click()   # worst first
    assert shown(page) == list(reversed(odd))[:PAGE]
    assert page.locator("[data-shown]").text_content() == f"显示 {len(odd)} / {models + BAND} 个模型"   # of all, not of a page
    page.context.close()


def test_without_a_script_every_row_is_shown(long_site, browser):
    url, models, _ = long_site
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(url + "en/long/")
    best = by_score(range(models), models)
    if models <= LAZY_FROM:
        assert shown(page) == best + refs()
        assert page.locator(".full-table-link").count() == 0
    else:   # the page's first rows, and a link to the full table, where they all are
        assert shown(page) == best[:PAGE] + refs()
        link = page.locator(".full-table-link a").first
        assert link.text_content() == f"The full table page: all {models + BAND} models (without the charts)"
        link.click()
        page.wait_for_load_state()
        assert page.url == url + "en/long/" + FULL_TABLE
        assert shown(page) == best + refs() and shown(page, "dimensions") == best + refs()
        assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
        assert page.locator(".chart").count() == 0   # the tables only
    assert page.locator("[data-show-all]:visible").count() == 0
    page.context.close()


@pytest.fixture(scope="module")
def lazy_site(tmp_path_factory):
    models = SIZES[-1]
    assert models > LAZY_FROM
    folder = make_site(tmp_path_factory.mktemp("lazy"), models)
    with served(folder) as url:
        yield url, models, folder


def test_a_long_release_page_carries_its_first_rows_and_the_full_table_all(lazy_site):
    _, models, folder = lazy_site
    for page in ("long/index.html", "en/long/2024-01-01/index.html", "index.html"):   # board, release, home
        html = (folder / page).read_text("utf-8")
        full = (folder / page.replace("index.html", FULL_TABLE)).read_text("utf-8")
        for table in ("ranking", "dimensions"):
            carried = re.search(rf'<table data-table="{table}"[^>]*>.*?</table>', html, re.S).group(0)
            assert f'data-rows-from="{FULL_TABLE}"' in carried
            assert [len(re.findall(r"<tr ", body)) for body in carried.split("<tbody")[1:]] == [PAGE, BAND]
            whole = re.search(rf'<table data-table="{table}"[^>]*>.*?</table>', full, re.S).group(0)
            assert [len(re.findall(r"<tr ", body)) for body in whole.split("<tbody")[1:]] == [models, BAND]
        assert len(html) * 2 < len(full)
    # The full table's language link leads to the full table in the other language; search engines skip it.
    zh = (folder / "long" / FULL_TABLE).read_text("utf-8")
    assert f'href="../en/long/{FULL_TABLE}" data-keep-query' in zh and '<meta name="robots" content="noindex">' in zh
    sitemap_out = folder.parent / "with-address"
    assert run_build("--scores", folder.parent / "scores", "--out", sitemap_out, "--base-url",
                     "https://example.org/b/", "-q").returncode == 0
    sitemap = (sitemap_out / "sitemap.xml").read_text("utf-8")
    assert "https://example.org/b/long/</loc>" in sitemap and FULL_TABLE not in sitemap


def test_the_controls_wait_for_the_rows_then_work_on_all_of_them(lazy_site, browser):
    url, models, _ = lazy_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    held = []
    page.route(f"**/{FULL_TABLE}", lambda route: held.append(route))   # the rows wait
    page.goto(url + "en/long/?q=Model")
    while not held:
        page.wait_for_timeout(50)
    assert page.evaluate("document.querySelector('form[data-table-controls]').inert")
    assert page.locator("[data-shown]").text_content() == f"Loading all {models + BAND} models…"
    held[0].continue_()
    page.wait_for_function(ROWS_IN)
    assert not page.evaluate("document.querySelector('form[data-table-controls]').inert")
    assert page.locator("[data-shown]").text_content() == f"Showing {models} of {models + BAND} models"   # ?q= applied
    last = by_score(range(models), models)[-1]   # the table's last: not among the page's first rows
    page.fill("input[name=q]", last)
    page.wait_for_timeout(100)
    assert shown(page) == [last]
    assert page.url.endswith(f"?q={last}")
    context.close()


@pytest.mark.parametrize("answer", ["missing", "another build", "another table"])
def test_rows_that_cannot_be_had_are_said_so_and_the_first_ones_still_work(lazy_site, browser, answer):
    """A full table that is not there, or is not the one this page was built with (a cache keeping
    an older one after a new release), adds no row."""
    url, models, folder = lazy_site
    full = (folder / "en" / "long" / FULL_TABLE).read_text("utf-8")
    served_instead = {"missing": None,
                      "another build": re.sub(r'data-rows-version="[^"]*"', 'data-rows-version="0ld"', full),
                      "another table": full.replace('data-model="', 'data-model="x', 3)}[answer]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route(f"**/{FULL_TABLE}", lambda route: route.fulfill(status=404, body="gone") if served_instead is None
               else route.fulfill(status=200, body=served_instead, content_type="text/html"))
    page.goto(url + "en/long/")
    note = page.locator("[data-rows-failed]").first
    note.wait_for(state="visible")
    assert note.text_content() == "The other rows could not be loaded: the table has its first rows only."
    best = by_score(range(models), models)
    assert page.locator("table[data-table=ranking] > tbody > tr").count() == PAGE + BAND
    page.fill("input[name=q]", best[1])   # the controls work on the rows there are
    page.wait_for_timeout(100)
    assert shown(page) == [best[1]]
    context.close()


def test_a_chart_waits_for_the_rows_and_is_drawn_once_with_the_readers_filters(lazy_site, browser):
    url, models, _ = lazy_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    held = []
    page.route(f"**/{FULL_TABLE}", lambda route: held.append(route))
    wanted = by_score((i for i in range(models) if org(i) == "Org A"), models)[:3]
    page.goto(url + "en/long/?q=" + "+".join(wanted[:1]))   # one model's id: the chart draws it alone
    while not held:
        page.wait_for_timeout(50)
    chart = page.locator(".chart").first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    assert chart.get_attribute("data-drawn") is None   # not before the rows and the filters are in
    page.evaluate("""() => { window.__draws = 0; document.querySelectorAll('.chart').forEach(
        (c) => c.addEventListener('chart-drawn', () => { window.__draws += 1; })); }""")
    held[0].continue_()
    page.wait_for_function(ROWS_IN)
    page.locator(".chart[data-drawn=true]").first.wait_for()
    page.wait_for_timeout(800)   # (a second, filtered, draw would come 250 ms after the first)
    assert page.evaluate("window.__draws") == 1
    drawn = page.evaluate("""() => { const gd = document.querySelector('.chart[data-drawn=true]');
        return gd.data.flatMap((t) => Array.isArray(t.meta) ? t.meta : t.uid ? [t.uid] : []); }""")
    assert drawn == [wanted[0]]
    context.close()
