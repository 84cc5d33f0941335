"""Example dialogues: carried over exactly from the transcriptions, grouped as upstream, shown side
by side, linked both ways, and usable in a browser (pair picker, filters)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from conftest import BOARD, SCORES, soup
from test_browser import open_page, server, browser  # noqa: F401  (fixtures)

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "dialogues"
DIALOGUES = SCORES / BOARD / "dialogues"
# Which screenshots make up each dialogue, as the upstream report groups them (hand-written).
GROUPING = {
    "generation-witty-friend": ("基础能力", "generation", [[1]]),
    "understanding-news-json": ("基础能力", "understanding", [[2]]),
    "context-anxiety-two-turns": ("上下文能力", "context", [[3], [4]]),
    "code-reverse-integers": ("复杂任务", "code", [[5, 6]]),
    "logic-card-colours": ("复杂任务", "logic", [[7, 8]]),
}
SEED_MODEL_IDS = {"Baichuan-13B-chat": "baichuan-13b-chat", "openbuddy_llama2_13b": "openbuddy-llama2-13b",
                  "Llama-2-13B-chat": "llama-2-13b-chat", "GPT-3.5-turbo": "gpt-3.5-turbo"}


def seed(n):
    if not SEED.is_dir():
        assert not os.environ.get("CI"), "CI runs with ../shared beside the checkout"
        pytest.skip("../shared/seed is not beside the checkout")
    return yaml.safe_load((SEED / f"llama2_{n}.yaml").read_text("utf-8"))


@pytest.mark.parametrize("dialogue_id", GROUPING)
def test_dialogue_text_is_the_transcription_exactly(dialogue_id):
    section, dimension, screenshots = GROUPING[dialogue_id]
    data = yaml.safe_load((DIALOGUES / f"{dialogue_id}.yaml").read_text("utf-8"))
    assert data["section"]["zh"] == section and data["dimension"] == dimension
    assert len(data["turns"]) == len(screenshots)
    for turn, numbers in zip(data["turns"], screenshots):
        expected = {}
        for n in numbers:
            transcription = seed(n)
            assert turn["prompt"] == transcription["prompt"]
            expected.update({SEED_MODEL_IDS[r["model"]]: r["text"] for r in transcription["responses"]})
        assert turn["responses"] == expected


def test_dialogue_list_groups_by_section_in_upstream_order(site):
    page = soup(site / BOARD / "dialogues" / "index.html")
    sections = [(s.h2.get_text(strip=True), [li["data-dimension"] for li in s.find_all("li")])
                for s in page.find_all("section", class_="dialogue-section")]
    assert sections == [("基础能力", ["generation", "understanding"]), ("上下文能力", ["context"]),
                        ("复杂任务", ["code", "logic"])]
    english = soup(site / "en" / BOARD / "dialogues" / "index.html")
    assert [s.h2.get_text(strip=True) for s in english.find_all("section", class_="dialogue-section")] == \
        ["Basic abilities", "Context", "Complex tasks"]


def test_answers_side_by_side_with_linked_model_names(site):
    page = soup(site / BOARD / "dialogues" / "code-reverse-integers" / "index.html")
    answers = page.find("div", class_="answers").find_all("article", class_="answer")
    assert [a["data-model"] for a in answers] == ["baichuan-13b-chat", "openbuddy-llama2-13b", "llama-2-13b-chat",
                                                  "gpt-3.5-turbo"]
    assert answers[3].h3.a["href"] == "../../models/gpt-3.5-turbo/"
    # fenced code is highlighted by Pygments, and the mistakes stay as written
    assert answers[1].find("div", class_="highlight").find("span", class_="k")
    assert "reverse_int_list" in answers[1].get_text() and "# 输出 [5, 4, 3, 2, 1]" in answers[1].get_text()
    assert "【?】" in answers[3].get_text()
    assert page.find("link", href="../../../assets/highlight.css")


def test_two_turns_and_odd_artefacts_are_kept(site):
    page = soup(site / BOARD / "dialogues" / "context-anxiety-two-turns" / "index.html")
    turns = page.find_all("section", class_="turn")
    assert [t.h2.get_text(strip=True) for t in turns] == ["第 1 轮", "第 2 轮"]
    assert "亲身经历" in turns[1].find("div", class_="prompt").get_text()
    logic = soup(site / BOARD / "dialogues" / "logic-card-colours" / "index.html")
    openbuddy = logic.find("article", attrs={"data-model": "openbuddy-llama2-13b"}).get_text()
    assert "10 + 1 - 1 + 3 = 13\\n\\n剩余" in openbuddy and '为红色和蓝色。", "' in openbuddy
    assert "4 张绿色背景" in logic.find("h2", id="reference-h").find_next("div").get_text()
    news = soup(site / BOARD / "dialogues" / "understanding-news-json" / "index.html")
    assert "JSON字符串形式返回：\\n据报道" in news.find("div", class_="prompt").get_text()


def test_links_both_ways(site):
    model = soup(site / BOARD / "models" / "openbuddy-llama2-13b" / "index.html")
    listed = [a["href"] for a in model.find("section", attrs={"aria-labelledby": "dialogues-h"}).find_all("a")]
    assert len(listed) == 5 and "../../dialogues/logic-card-colours/" in listed
    baseline = soup(site / BOARD / "models" / "gpt-3.5-turbo" / "index.html")
    assert len(baseline.find("section", attrs={"aria-labelledby": "dialogues-h"}).find_all("li")) == 2
    dimension = soup(site / BOARD / "dimensions" / "context" / "index.html")
    assert [a["href"] for a in dimension.find("section", attrs={"aria-labelledby": "dialogues-h"}).find_all("a")] \
        == ["../../dialogues/context-anxiety-two-turns/"]
    board = soup(site / BOARD / "2023-07-28" / "index.html").find("table", attrs={"data-table": "dimensions"})
    cell = board.find("tr", attrs={"data-model": "baichuan-13b-chat"}).find("td", attrs={"data-dimension": "code"})
    # the dialogue opens with the clicked model as one of the two answers side by side
    assert cell.a["href"] == "../dialogues/code-reverse-integers/?pair=baichuan-13b-chat,openbuddy-llama2-13b"
    assert cell.get_text() == "25.00"
    plain = board.find("tr", attrs={"data-model": "chatglm2-6b"}).find("td", attrs={"data-dimension": "code"})
    assert plain.a is None


def test_the_baseline_has_a_card_but_no_rank(site):
    ranking = soup(site / BOARD / "index.html").find("table", attrs={"data-table": "ranking"})
    assert ranking.find("tr", attrs={"data-model": "gpt-3.5-turbo"}) is None
    card = soup(site / BOARD / "models" / "gpt-3.5-turbo" / "index.html").find("dl", class_="facts").get_text()
    assert "基线模型" in card


def test_reader_picks_the_pair_and_the_url_keeps_it(server, browser):  # noqa: F811
    page, problems = open_page(browser, server + f"{BOARD}/dialogues/code-reverse-integers/?pair=gpt-3.5-turbo,"
                                                 "llama-2-13b-chat")
    page.wait_for_selector("form[data-pair]:not([hidden])")
    visible = page.locator(".answer:visible")
    assert visible.count() == 2
    shown = sorted(((box["x"], box["y"], model) for box, model in
                    ((visible.nth(i).bounding_box(), visible.nth(i).get_attribute("data-model")) for i in range(2))))
    assert [model for _, _, model in shown] == ["gpt-3.5-turbo", "llama-2-13b-chat"]     # left, right
    assert abs(shown[0][1] - shown[1][1]) < 2                                              # side by side
    page.select_option("form[data-pair] select[name=b]", "openbuddy-llama2-13b")
    assert page.evaluate("location.search") == "?pair=gpt-3.5-turbo,openbuddy-llama2-13b"
    assert page.locator(".answer:visible").count() == 2
    assert problems == []
    page.close()


def test_phone_stacks_answers_and_long_code_scrolls_inside(server, browser):  # noqa: F811
    page, problems = open_page(browser, server + f"{BOARD}/dialogues/code-reverse-integers/", width=375)
    page.wait_for_selector("form[data-pair]:not([hidden])")
    boxes = [page.locator(".answer:visible").nth(i).bounding_box() for i in range(2)]
    assert boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1                         # stacked
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate("Array.from(document.querySelectorAll('.answer pre'))"
                         ".some(p => p.scrollWidth > p.clientWidth && getComputedStyle(p).overflowX === 'auto')")
    assert problems == []
    page.close()


def test_dialogue_list_filters_by_model_and_dimension(server, browser):  # noqa: F811
    page, problems = open_page(browser, server + f"{BOARD}/dialogues/?model=gpt-3.5-turbo")
    page.wait_for_selector("form[data-filter]:not([hidden])")
    assert page.locator("li[data-dimension]:visible").count() == 2
    page.select_option("form[data-filter] select[name=dimension]", "logic")
    assert page.locator("li[data-dimension]:visible").count() == 1
    assert page.evaluate("location.search") == "?model=gpt-3.5-turbo&dimension=logic"
    page.select_option("form[data-filter] select[name=model]", "")
    assert page.locator("li[data-dimension]:visible").count() == 1
    assert problems == []
    page.close()
