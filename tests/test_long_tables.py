"""A long board table in Chromium: its first cells.PAGE rows shown, the rest one click away; the rows
the search, filters and sort pick still counted from the whole table; every row shown without a
script. On a purpose-made board of 130 models (scores worked out here, not read from the site)."""
from __future__ import annotations

import pytest

from conftest import run_build, served, write_project
from test_browser import browser  # noqa: F401  (fixture)

from leaderboard.cells import PAGE

MODELS = 130
BAND = 4   # references, in their own unranked band (short: not paged)


def score(i: int) -> float:
    """Model i's score: all different, in no simple order of i."""
    return round(20 + (i * 37 % MODELS) * 0.5, 2)


def org(i: int) -> str:
    return "Org A" if i % 2 else "Org B"


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("long")
    models = "".join(f"- id: m{i:03d}\n  name: Model {i}\n  group: open\n  org: {org(i)}\n" for i in range(MODELS))
    models += "".join(f"- id: r{i}\n  name: Reference {i}\n  group: ref\n" for i in range(BAND))
    rows = ["model,dimension,score"] + [f"m{i:03d},{d},{score(i)}" for i in range(MODELS) for d in ("overall", "code", "logic")]
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
        "scores/long/models.yaml": models,
        "scores/long/releases/2024-01-01.csv": "\n".join(rows) + "\n",
    })
    run_build("--scores", str(scores), "--out", str(root / "site"), "--strict", "-q")
    with served(root / "site") as url:
        yield url


SHOWN = """table => Array.from(document.querySelectorAll(`table[data-table=${table}] > tbody > tr`))
  .filter(row => getComputedStyle(row).display !== "none").map(row => row.getAttribute("data-model"))"""


def shown(page, table: str = "ranking") -> list:
    return page.evaluate(f"({SHOWN})('{table}')")


def by_score(ids) -> list:
    """Best first, as the published ranking orders ties (none here)."""
    return sorted(ids, key=lambda i: -score(i))


def ids(numbers) -> list:
    return [f"m{i:03d}" for i in numbers]


def refs() -> list:
    return [f"r{i}" for i in reversed(range(BAND))]   # the band, best first


def test_a_long_table_shows_its_first_page_and_the_rest_on_a_click(long_site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(long_site + "long/")
    best = ids(by_score(range(MODELS)))
    for table in ("ranking", "dimensions"):
        assert shown(page, table) == best[:PAGE] + refs(), table
    button = page.locator("[data-show-all]").first
    assert button.is_visible() and button.text_content().strip() == f"显示全部 {MODELS + BAND} 个模型"
    button.click()
    for table in ("ranking", "dimensions"):
        assert shown(page, table) == best + refs(), table
    assert page.locator("[data-show-all]:visible").count() == 0
    page.close()


def test_the_first_page_is_of_the_rows_the_reader_asked_for(long_site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(long_site + "long/?org=Org+A")
    odd = ids(by_score(i for i in range(MODELS) if org(i) == "Org A"))
    assert len(odd) > PAGE
    assert shown(page) == odd[:PAGE]   # the band has no organisation: filtered out
    page.locator("table[data-table=ranking] th[data-key=overall] button.sort").click()   # best first: as it was
    page.locator("table[data-table=ranking] th[data-key=overall] button.sort").click()   # worst first
    assert shown(page) == list(reversed(odd))[:PAGE]
    assert page.locator("[data-shown]").text_content() == f"显示 {len(odd)} / {MODELS + BAND} 个模型"   # of all, not of a page
    page.close()


def test_without_a_script_every_row_is_shown(long_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(long_site + "en/long/")
    best = ids(by_score(range(MODELS)))
    assert shown(page) == best + refs()
    assert page.locator("[data-show-all]:visible").count() == 0
    context.close()
