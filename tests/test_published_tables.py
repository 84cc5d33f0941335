"""The built pages show the published tables exactly, for both releases (oracle: tests/oracle/)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import BOARD, soup

ORACLE = Path(__file__).parent / "oracle" / "upstream_tables.md"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"

# The upstream dimension table spells some models differently from its ranking table; this is
# the correspondence, written by hand from the two tables (and the radar chart's legend).
DIMENSION_TABLE_NAME = {
    "gpt-4": "GPT-4", "Baichuan-13B-Chat": "Baichuan-13B-chat", "ChatGLM2-6B": "ChatGLM2-6B",
    "openbuddy_llama2_13b": "openbuddy-llama2-13b", "Llama-2-13B-chat": "Llama-2-13B-chat",
    "FlagAlpha-Llama2-13b-Chat": "Llama2-Chinese-13b-Chat", "Chinese-Alpaca-2-7B": "Chinese-Alpaca-2-7B",
    "firefly_llama2_13b": "firefly_llama2_13b", "FlagAlpha-Llama2-7b-Chat": "Llama2-Chinese-7b-Chat",
    "yayi_13b_llama2": "yayi-13b-llama2",
}
# Corrections the site makes on purpose: the upstream typo "Authropic".
ORG_CORRECTIONS = {"Authropic": "Anthropic"}


def oracle_tables() -> dict:
    """{(release, kind): [row cells]} parsed from the verbatim Markdown table lines."""
    tables, key = {}, None
    for line in ORACLE.read_text("utf-8").splitlines():
        heading = re.match(r"## release (\S+): (\w+)", line)
        if heading:
            key = heading.groups()
            tables[key] = []
        elif key and line.strip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[0] != "排名" and not cells[0].startswith(":"):
                tables[key].append(cells)
    return tables


TABLES = oracle_tables()
RELEASES = ["2023-07-28", "2023-08-02"]


def anchor(cell: str):
    """(text, href) of an upstream cell like <a href='...'>Name</a>."""
    match = re.match(r"<a href='([^']*)'>(.*)</a>", cell)
    return (match[2], match[1]) if match else (cell, None)


def page_for(site: Path, release: str, latest: bool):
    return soup(site / BOARD / release / "index.html"), (soup(site / BOARD / "index.html") if latest else None)


def body_rows(page, name):
    """The table's rows in the published order (data-seed), which the reader gets one click away."""
    table = page.find("table", attrs={"data-table": name})
    assert table is not None, f"no table {name}"
    return sorted(table.select("tbody > tr"), key=lambda row: int(row["data-seed"]))


def test_oracle_is_verbatim_from_the_seed():
    """Every oracle table line stands as is in the upstream README it names."""
    if not SEED.is_dir():
        assert not os.environ.get("CI"), "CI runs with ../shared beside the checkout"
        pytest.skip("../shared/seed is not beside the checkout")
    text = ORACLE.read_text("utf-8")
    for source in set(re.findall(r"Source: (\S+),", text)):
        seed_lines = set((SEED / source).read_text("utf-8").splitlines())
        section = text.split(f"Source: {source}")[1].split("## ")[0]
        for line in section.splitlines()[1:]:
            if line.strip():
                assert line in seed_lines, line


def test_oracle_has_both_releases():
    assert [len(TABLES[(r, "ranking")]) for r in RELEASES] == [10, 11]
    assert [len(TABLES[(r, "dimensions")]) for r in RELEASES] == [9, 10]


@pytest.mark.parametrize("release", RELEASES)
def test_ranking_table_matches_publication(site, release):
    pages = [soup(site / BOARD / release / "index.html")]
    if release == RELEASES[-1]:
        pages += [soup(site / BOARD / "index.html"), soup(site / "index.html")]
    expected = TABLES[(release, "ranking")]
    for page in pages:
        rows = body_rows(page, "ranking")
        assert len(rows) == len(expected)
        for row, (rank, model, org, score, _description) in zip(rows, expected):
            cells = row.find_all(["th", "td"])
            name, href = anchor(model)
            assert cells[0].get_text(strip=True) == rank
            assert cells[1].find("a").get_text(strip=True) == name
            if href.startswith("http"):   # the upstream GPT-4 link "www.openai.com" has no scheme
                assert cells[1].find("a", class_="ext")["href"] == href
            assert cells[2].get_text(strip=True) == ORG_CORRECTIONS.get(org, org)
            assert cells[3].get_text(strip=True) == score
            assert cells[3]["data-dimension"] == "overall"
            assert float(cells[3]["data-value"]) == float(score)


@pytest.mark.parametrize("release", RELEASES)
def test_dimension_table_matches_publication(site, release):
    page = soup(site / BOARD / release / "index.html")
    header = [th.get_text(strip=True).removesuffix("⇅")   # the heading, without its sort button
              for th in page.find("table", attrs={"data-table": "dimensions"}).find("thead").find_all("th")]
    published_header = "排名 | 模型 | 胜和率 | 语义理解与抽取 | 闲聊 | 上下文对话 | 角色扮演 | 知识与百科 | 生成与创作 | 代码 | 逻辑与推理 | 计算 | 安全"
    assert header == published_header.split(" | ")
    shown = {row.find("th").get_text(strip=True): row for row in body_rows(page, "dimensions")}
    expected = TABLES[(release, "dimensions")]
    for rank, model, *scores in expected:
        row = shown[DIMENSION_TABLE_NAME[model]]
        cells = row.find_all(["th", "td"])
        assert cells[0].get_text(strip=True) == rank
        assert [c.get_text(strip=True) for c in cells[2:]] == scores
        assert [float(c["data-value"]) for c in cells[2:]] == [float(s) for s in scores]
    # The published order of rows is kept, with Claude-instant-v1 (no dimension scores) added.
    order = [DIMENSION_TABLE_NAME[m] for _, m, *_ in expected]
    assert [n for n in shown if n != "Claude-instant-v1"] == order
    claude = shown["Claude-instant-v1"].find_all("td")
    assert claude[1].get_text(strip=True) == "69.51"
    assert [c.get_text(strip=True) for c in claude[2:]] == ["—"] * 10
    assert all(c["data-value"] == "" for c in claude[2:])


def test_english_pages_show_the_same_numbers(site):
    zh = soup(site / BOARD / "2023-08-02" / "index.html")
    en = soup(site / "en" / BOARD / "2023-08-02" / "index.html")
    for name in ("ranking", "dimensions"):
        values = [[td.get("data-value") for td in row.find_all("td", attrs={"data-value": True})]
                  for row in body_rows(zh, name)]
        assert values == [[td.get("data-value") for td in row.find_all("td", attrs={"data-value": True})]
                          for row in body_rows(en, name)]
    assert en.html["lang"] == "en" and zh.html["lang"] == "zh-CN"
    assert "Win-or-tie rate" in en.find("table", attrs={"data-table": "dimensions"}).get_text()
