"""In a real browser (Playwright with the system Chromium): the home page in both releases draws
its radar with every trace, the legend toggles models, and nothing errors."""
from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from conftest import BOARD, served, wait_drawn

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


@pytest.fixture(scope="module")
def server(site):
    with served(site) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def open_page(browser, url, width=1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # a request cut short by leaving the page (net::ERR_ABORTED, e.g. plotly.js still loading) is no failure
    page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "") else problems.append(
        f"request failed: {r.url}"))
    page.goto(url)
    return page, problems


@pytest.mark.parametrize("path,release,traces", [
    ("", "2023-08-02", 10),
    (f"{BOARD}/2023-07-28/", "2023-07-28", 9),
    (f"en/{BOARD}/", "2023-08-02", 10),
])
def test_radar_draws_every_trace_without_errors(server, browser, path, release, traces):
    page, problems = open_page(browser, server + path)
    chart = page.locator(f"#radar-{release}")
    wait_drawn(page, f"#{chart.get_attribute('id')}")
    assert page.evaluate(f"document.getElementById('radar-{release}').data.length") == traces
    # it opens on the top three ranked models and the best reference; the rest are a legend click away
    assert page.locator(f"#radar-{release} .scatterlayer .trace").count() == 4
    assert page.locator(f"#radar-{release} .legend .traces").count() == traces
    assert problems == []
    page.close()


def test_legend_toggles_a_model(server, browser):
    page, problems = open_page(browser, server)
    wait_drawn(page, "#radar-2023-08-02")
    page.locator("#radar-2023-08-02 .legend .traces").first.click()
    page.wait_for_function("document.getElementById('radar-2023-08-02')._fullData[0].visible === 'legendonly'")
    assert problems == []
    page.close()


def test_phone_width_does_not_scroll_sideways(server, browser):
    page, problems = open_page(browser, server, width=375)
    wait_drawn(page, "#radar-2023-08-02")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert problems == []
    page.close()


def test_tables_read_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server)
    assert page.locator("table[data-table=dimensions] tbody tr").count() == 11
    assert "94.64" in page.locator("table[data-table=ranking]").inner_text()
    context.close()
