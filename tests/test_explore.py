"""Exploring the results: model, dimension, compare and changelog pages, the board tables' sorting,
filters, search and rank modes (state in the URL), downloads of a view, two languages, dark mode,
phone layout and keyboard use. Expected values are read off the published tables by hand."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml

from conftest import BOARD, ROOT, soup, wait_drawn
from test_browser import browser, open_page, server  # noqa: F401  (fixtures)


def figure(page, chart_id):
    return json.loads(page.find("script", attrs={"data-chart": chart_id}).string)


def test_model_page_card_rank_dimension_ranks_and_default_references(site):
    page = soup(site / BOARD / "models" / "openbuddy-llama2-13b" / "index.html")
    summary = page.find("p", class_="summary").get_text(" ", strip=True)
    assert "35.12" in summary and "在 7 个参与排名的模型中排名第 1" in summary and "在全部 11 个模型中第 5" in summary
    rows = page.find("table", attrs={"data-table": "model-dimensions"}).tbody.find_all("tr")
    ranks = {r["data-dimension"]: r.find_all("td")[-1].get_text(strip=True) for r in rows}
    # 逻辑与推理 of 2023-08-02: gpt-4 100.00, openbuddy 58.62, ... -> 2nd; 代码: gpt-4 97.92, openbuddy 33.33 -> 2nd
    assert ranks["logic"] == "2" and ranks["code"] == "2" and ranks["understanding"] == "4"
    radar = figure(page, "radar-openbuddy-llama2-13b")
    shown = [t["uid"] for t in radar["data"] if t.get("visible", True) is True]
    assert shown == ["openbuddy-llama2-13b", "gpt-4"]      # the top-ranked (itself) and the best reference
    llama = figure(soup(site / BOARD / "models" / "llama-2-13b-chat" / "index.html"), "radar-llama-2-13b-chat")
    assert [t["uid"] for t in llama["data"] if t.get("visible", True) is True] == \
        ["openbuddy-llama2-13b", "llama-2-13b-chat", "gpt-4"]


def test_dimension_page_ranks_every_model_and_marks_references(site):
    rows = soup(site / BOARD / "dimensions" / "code" / "index.html").find(
        "table", attrs={"data-table": "dimension-ranking"}).tbody.find_all("tr")
    table = [(r.find("td", class_="rank").get_text(), r["data-model"], r["data-group"]) for r in rows]
    # 代码 of 2023-08-02: 97.92, 33.33, 25.00, 21.67, 16.67, 10.34, 10.00, 6.67, 6.67, 3.33
    assert [rank for rank, _, _ in table] == ["1", "2", "3", "4", "5", "6", "7", "8", "8", "10"]
    assert table[0][1:] == ("gpt-4", "reference") and table[1][1:] == ("openbuddy-llama2-13b", "llama2-chinese")
    assert all(r.find("span", class_="badge") for r in rows if r["data-group"] == "reference")


def test_changelog_lists_added_models_and_rank_moves(site):
    page = soup(site / BOARD / "changelog" / "index.html")
    section = page.find("section", attrs={"aria-labelledby": "r-2023-08-02"})
    assert "Chinese-Alpaca-2-7B" in section.find("dl").get_text()
    rows = {r["data-model"]: r.find_all("td") for r in section.find("table").tbody.find_all("tr")}
    assert rows["firefly-llama2-13b"][0].get_text(" ", strip=True).startswith("4 → 5 ▼1")
    assert rows["yayi-13b-llama2"][0].get_text(" ", strip=True).startswith("6 → 7 ▼1")
    assert rows["openbuddy-llama2-13b"][0].get_text(" ", strip=True) == "1 → 1"
    assert rows["chinese-alpaca-2-7b"][1].get_text(strip=True) == "— → 14.43"
    assert "首个版本" in page.find("section", attrs={"aria-labelledby": "r-2023-07-28"}).get_text()


def test_board_page_marks_new_models_and_rank_moves(site):
    ranking = soup(site / BOARD / "2023-08-02" / "index.html").find("table", attrs={"data-table": "ranking"})
    marks = {r["data-model"]: r.find("th").find(class_=["new", "move"]) for r in ranking.select("tbody > tr")}
    assert marks["chinese-alpaca-2-7b"].get_text() == "新"
    assert marks["firefly-llama2-13b"].get_text(strip=True).startswith("▼1")
    assert marks["openbuddy-llama2-13b"] is None and marks["gpt-4"] is None
    first = soup(site / BOARD / "2023-07-28" / "index.html").find("table", attrs={"data-table": "ranking"})
    assert not first.find(class_=["new", "move"])   # nothing to compare the first release with


def test_heatmap_and_trend_charts_carry_the_published_numbers(site):
    page = soup(site / BOARD / "index.html")
    heat = figure(page, "heatmap-2023-08-02")["data"][0]
    rows = dict(zip(heat["y"], heat["z"]))
    assert rows["GPT-4"] == [80.00, 97.30, 93.18, 100.00, 87.76, 100.00, 97.92, 100.00, 100.00, 95.12]
    assert "Claude-instant-v1" not in rows and len(rows) == 10
    # no score changed between the two releases: a chart of flat lines would say nothing, so none is drawn
    assert page.find("script", attrs={"data-chart": "trend"}) is None


def test_every_page_exists_in_both_languages_with_switch_titles_and_og(site):
    zh_pages = sorted(p.relative_to(site) for p in site.rglob("index.html")
                      if p.relative_to(site).parts[0] != "en" and "embed" not in p.relative_to(site).parts)
    assert len(zh_pages) > 30
    for rel in zh_pages:
        assert (site / "en" / rel).is_file(), rel
        page = soup(site / rel)
        assert page.title.get_text(strip=True) and page.find("meta", attrs={"name": "description"})["content"]
        assert page.find("meta", property="og:title")["content"] == page.title.get_text()
        assert page.find("meta", property="og:locale")["content"] == "zh_CN"
        switch = page.find("nav", class_="languages").find("a", hreflang="en")
        assert (site / rel.parent / switch["href"]).resolve() == (site / "en" / rel.parent).resolve()
    assert (site / "404.html").is_file() and (site / "en" / "404.html").is_file()


def test_interface_strings_are_in_one_file_per_language_with_the_same_keys():
    zh = yaml.safe_load((ROOT / "templates" / "i18n" / "zh.yaml").read_text("utf-8"))
    en = yaml.safe_load((ROOT / "templates" / "i18n" / "en.yaml").read_text("utf-8"))
    assert set(zh) == set(en)
    used = set(re.findall(r"\bt\.(\w+)", "".join(p.read_text("utf-8") for p in (ROOT / "templates").glob("*.html"))))
    assert used <= set(zh), used - set(zh)
    for page in ("board.html", "model.html", "compare.html", "dialogue.html"):
        assert not re.search(r">[^<{]*[\u4e00-\u9fff]", (ROOT / "templates" / page).read_text("utf-8")), page


def test_english_pages_show_data_text_in_english_with_chinese_fallback(site):
    page = soup(site / "en" / BOARD / "models" / "baichuan-13b-chat" / "index.html")
    facts = page.find("dl", class_="facts").get_text(" ", strip=True)
    assert "Baichuan Intelligence" in facts and "Reference models" in facts
    assert soup(site / "en" / BOARD / "models" / "openbuddy-llama2-13b" / "index.html").find(
        "dl", class_="facts").find("dd").get_text() == "OpenBuddy"
    org = soup(site / "en" / BOARD / "models" / "llama2-chinese-7b-chat" / "index.html").find("dl").find("dd")
    assert org.get_text() == "Llama2 Chinese Community (FlagAlpha)"   # translated in models.yaml
    org = soup(site / BOARD / "models" / "llama2-chinese-7b-chat" / "index.html").find("dl").find("dd")
    assert org.get_text() == "Llama2中文社区(FlagAlpha)"      # as published, on the Chinese page


# --- in the browser ------------------------------------------------------------------------

def column(page, table, key):
    return page.evaluate(f"""Array.from(document.querySelectorAll('table[data-table={table}] tbody tr'))
        .filter(r => !r.hidden).map(r => r.getAttribute('data-model'))""")


def test_sorting_numbers_as_numbers_missing_last(server, browser):  # noqa: F811
    page, problems = open_page(browser, server + f"{BOARD}/")
    header = page.locator("table[data-table=dimensions] th[data-key=logic] button.sort")
    header.click()
    order = column(page, "dimensions", "logic")
    assert order[:3] == ["gpt-4", "openbuddy-llama2-13b", "chatglm2-6b"] and order[-1] == "claude-instant-v1"
    header.click()
    order = column(page, "dimensions", "logic")
    assert order[0] == "yayi-13b-llama2" and order[-1] == "claude-instant-v1"      # missing stays last
    assert page.evaluate("location.search") == "?sort=dimensions.logic.asc"
    assert page.get_attribute("table[data-table=dimensions] th[data-key=logic]", "aria-sort") == "ascending"
    assert problems == []
    page.close()


def test_filters_search_and_rank_mode_live_in_the_url(server, browser):  # noqa: F811
    page, problems = open_page(browser, server + f"{BOARD}/?group=llama2-chinese&rank=all&sort=ranking.overall.asc")
    page.wait_for_selector("form[data-table-controls]:not([hidden])")
    assert column(page, "ranking", "overall")[0] == "yayi-13b-llama2" and len(column(page, "ranking", "overall")) == 7
    first = page.locator("table[data-table=ranking] tbody tr:not([hidden])").first.locator("td").first
    assert first.inner_text() == "11"                       # rank among all 11 models
    page.fill("input[name=q]", "flagalpha")                 # an alias
    assert column(page, "ranking", "overall") == ["llama2-chinese-7b-chat", "llama2-chinese-13b-chat"]
    assert "q=flagalpha" in page.evaluate("location.search")
    page.check("input[name=rank][value='']")
    assert page.locator("table[data-table=dimensions] tr[data-model=llama2-chinese-13b-chat] td").first.inner_text() == "3"
    assert page.get_attribute("a[data-permalink]", "href").endswith("/2023-08-02/?q=flagalpha&group=llama2-chinese"
                                                                      "&sort=ranking.overall.asc")
    assert problems == []
    page.close()


def test_download_this_view(server, browser):  # noqa: F811
    page, problems = open_page(browser, server + f"{BOARD}/?group=reference&sort=dimensions.code.asc")
    page.wait_for_selector("button[data-download-view]:not([hidden])")
    with page.expect_download() as info:
        page.click("button[data-download-view]")
    text = open(info.value.path(), encoding="utf-8").read()
    assert text.startswith("\ufeffrank,model,name,")     # a byte-order mark, for Excel
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert info.value.suggested_filename == f"{BOARD}-2023-08-02-view.csv"
    assert [(r["model"], r["code"]) for r in rows] == [    # the numbers as the table shows them
        ("chatglm2-6b", "21.67"), ("baichuan-13b-chat", "25.00"), ("gpt-4", "97.92"), ("claude-instant-v1", "")]
    assert problems == []
    page.close()


def test_compare_page_columns_differences_radar_and_shared_dialogues(server, browser):  # noqa: F811
    page, problems = open_page(browser, server + f"{BOARD}/compare/?m=openbuddy-llama2-13b,baichuan-13b-chat")
    wait_drawn(page, "#radar-compare")
    headers = page.locator("table[data-table=compare] thead th:visible").all_inner_texts()
    assert headers == ["能力维度", "openbuddy-llama2-13b", "Baichuan-13B-chat", "差值"]
    logic = page.locator("table[data-table=compare] tr[data-dimension=logic] td:visible").all_inner_texts()
    assert logic == ["58.62", "50.88", "-7.74"]
    visible = page.evaluate("document.getElementById('radar-compare')._fullData"
                            ".filter(t => t.visible === true).map(t => t.uid)")
    assert sorted(visible) == ["baichuan-13b-chat", "openbuddy-llama2-13b"]
    assert page.locator("[data-shared-dialogues] li:visible").count() == 5
    page.check("input[name=m][value=gpt-4]")
    assert page.evaluate("location.search") == "?m=openbuddy-llama2-13b,baichuan-13b-chat,gpt-4"
    assert page.locator("table[data-table=compare] thead th:visible").last.inner_text() == "最高 − 最低"
    assert problems == []
    page.close()


def test_dark_mode_follows_the_system_and_the_toggle_is_remembered(server, browser):  # noqa: F811
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(server + f"{BOARD}/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 24, 29)"
    page.click("[data-theme-toggle]")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.goto(server + f"{BOARD}/models/gpt-4/")
    assert page.evaluate("document.documentElement.getAttribute('data-theme')") == "light"
    assert page.get_attribute("[data-theme-toggle]", "aria-pressed") == "false"
    context.close()


@pytest.mark.parametrize("path", ["", f"{BOARD}/models/openbuddy-llama2-13b/", f"{BOARD}/compare/",
                                  f"{BOARD}/dimensions/logic/", f"{BOARD}/changelog/", f"{BOARD}/dialogues/",
                                  f"en/{BOARD}/dialogues/logic-card-colours/", "404.html"])
def test_phone_layout_never_scrolls_sideways(server, browser, path):  # noqa: F811
    page, problems = open_page(browser, server + path, width=375)
    page.wait_for_load_state("load")
    if page.locator("[data-chart]").count():
        wait_drawn(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert [p for p in problems if "404" not in p] == []
    page.close()


def test_keyboard_reaches_the_controls_with_a_visible_focus(server, browser):  # noqa: F811
    page, problems = open_page(browser, server + f"{BOARD}/")
    page.wait_for_selector("form[data-table-controls]:not([hidden])")
    page.focus("table[data-table=ranking] th[data-key=overall] button.sort")
    page.keyboard.press("Enter")
    assert page.get_attribute("table[data-table=ranking] th[data-key=overall]", "aria-sort") == "descending"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    labels = page.evaluate("""Array.from(document.querySelectorAll('input, select, button')).filter(e =>
        !e.closest('[hidden]') && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
        && !e.textContent.trim()).length""")
    assert labels == 0
    assert problems == []
    page.close()


def test_on_a_phone_the_ranking_shows_each_score_without_scrolling(server, browser):  # noqa: F811
    """At 375 px the organisation and description columns give way (the model page has both)."""
    page, problems = open_page(browser, server + f"{BOARD}/", width=375)
    for row in page.locator("table[data-table=ranking] tbody tr").all():
        box = row.locator("td[data-dimension=overall]").bounding_box()
        assert box and box["x"] + box["width"] <= 375, box
    assert page.locator("table[data-table=ranking] th.org").is_hidden()
    assert problems == []
    page.close()
