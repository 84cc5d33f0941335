"""Models as data: the facts of model cards (size, date, licence, open weights, price, a board's own
fields and tags) read as numbers, shown in one style, carried into the tables, the downloads, the
score-against chart's data and the model pages, as the built pages and files say without a script.
(The interactive side, in Chromium, is in test_models_browser.py; bad values in test_errors.py.)
Every expected value is worked out here from the example's own files."""
from __future__ import annotations

import csv
import json
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal

import pytest
import yaml

from conftest import ROOT, deprecated_second_project, run_build, soup

EXAMPLE = ROOT / "examples" / "models"
SIZES = {"": 1, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def size(text) -> float:
    """A size as the data contract reads it, worked out independently: 13B, 1.5T, 350M, 7e9."""
    if isinstance(text, (int, float)):
        return float(text)
    number, unit = re.fullmatch(r"\s*([\d.e]+)\s*([kKmMbBtT]?)\s*", text).groups()
    return float(number) * SIZES[unit.upper()]


def cards(board: str) -> dict:
    return {c["id"]: c for c in yaml.safe_load((EXAMPLE / board / "models.yaml").read_text("utf-8"))}


def release_rows(board: str, release: str) -> list:
    return list(csv.DictReader((EXAMPLE / board / "releases" / f"{release}.csv").read_text("utf-8").splitlines()))


def figure(page, chart_id: str) -> dict:
    return json.loads(page.find("script", attrs={"data-chart": chart_id}).string)


@pytest.mark.parametrize("written, count, shown", [
    ("13B", 13e9, "13B"), ("1.5T", 1.5e12, "1.5T"), ("350M", 350e6, "350M"), ("7e9", 7e9, "7B"),
    ("6.74b", 6.74e9, "6.74B"), (" 70 B ", 70e9, "70B"), (7_000_000_000, 7e9, "7B"), ("141B", 141e9, "141B"),
    ("46.7B", 46.7e9, "46.7B"), ("2K", 2e3, "2K")])
def test_a_size_is_read_as_a_number_and_shown_in_one_style(written, count, shown):
    from leaderboard.facts import parse_size, size_text
    assert parse_size(written) == pytest.approx(count)
    assert size_text(parse_size(written)) == shown


@pytest.mark.parametrize("written", ["13", 13, "13X", "B", "-7B", "7B7", True, None, "1e99B", "0B"])
def test_what_is_not_a_size_is_refused(written):
    from leaderboard.facts import parse_size
    assert parse_size(written) is None


def test_the_release_json_carries_each_models_facts_as_numbers(models_site):
    record = json.loads((models_site / "arena" / "data" / "2024-05.json").read_text("utf-8"))
    given = cards("arena")
    assert [f["id"] for f in record["facts"]] == ["params", "active_params", "released", "license", "open_weights",
                                                  "price_input", "price_output", "context", "multimodal"]
    assert {t["id"]: t["hidden"] for t in record["tags"]} == {"deprecated": True, "self-reported": False,
                                                             "contaminated": False}
    for model in record["models"]:
        card, facts = given[model["id"]], model["facts"]
        assert facts["params"] == (int(size(card["params"])) if "params" in card else None)
        assert facts["active_params"] == (int(size(card["active_params"])) if "active_params" in card else None)
        assert facts["released"] == str(card["released"])
        licence = card["license"]
        assert facts["license"] == (licence["zh"] if isinstance(licence, dict) else licence)
        assert facts["open_weights"] is card["open_weights"]
        price = card.get("price") or {}
        assert (facts["price_input"], facts["price_output"]) == (price.get("input"), price.get("output"))
        assert (facts["context"], facts["multimodal"]) == (card["context"], card["multimodal"])
        assert model["tags"] == card.get("tags", [])


def test_the_release_csv_has_a_column_per_fact(models_site):
    rows = list(csv.DictReader((models_site / "arena" / "data" / "2024-05.csv").read_text("utf-8-sig").splitlines()))
    given = cards("arena")
    for row in rows:
        card = given[row["model"]]
        assert row["params"] == (str(int(size(card["params"]))) if "params" in card else "")
        assert row["open_weights"] == ("yes" if card["open_weights"] else "no")
        assert row["multimodal"] == ("yes" if card["multimodal"] else "no")
        assert row["tags"] == " ".join(card.get("tags", []))


def test_the_ranking_has_every_fact_column_and_shows_the_boards_default_ones_without_a_script(models_site):
    page = soup(models_site / "arena" / "index.html")
    table = page.find("table", attrs={"data-table": "ranking"})
    keys = [th["data-key"] for th in table.thead.find_all("th")]
    assert keys == ["rank", "model", "org", "overall", "votes", "rank_range", "params", "active_params", "released",
                    "license", "open_weights", "price_input", "price_output", "context", "multimodal", "tags"]
    board = yaml.safe_load((EXAMPLE / "arena" / "board.yaml").read_text("utf-8"))
    hidden = {int(c[len("hide-c"):]) for c in table["class"] if c.startswith("hide-c")}
    assert {keys[i - 1] for i in hidden} == set(keys) - {"rank", "model", "overall"} - set(board["default_columns"])
    # every row has every cell, so that hiding a column by its position hides the right cells
    assert {len(tr.find_all(["td", "th"])) for tr in table.select("tbody > tr")} == {len(keys)}
    given = cards("arena")
    for tr in table.select("tbody > tr"):
        card = given[tr["data-model"]]
        assert tr.get("data-tags", "") == " ".join(card.get("tags", []))
        cell = tr.find("td", attrs={"data-fact": "params"})
        if "params" in card:
            assert float(cell["data-value"]) == size(card["params"])
        else:
            assert (cell["data-value"], cell.get_text()) == ("", "—")
        assert tr.find("td", attrs={"data-fact": "released"})["data-value"] == str(card["released"])
        assert tr.find("td", attrs={"data-fact": "open_weights"})["data-value"] == ("1" if card["open_weights"] else "0")
        names = {tag["id"]: tag["name"]["zh"] for tag in board["tags"]}
        assert tr.find("td", class_="tags").get_text() == ("".join(names[tag] for tag in card["tags"])
                                                           if card.get("tags") else "—")


def test_the_model_page_shows_the_card_in_one_style_with_its_sources(models_site):
    shown = {"merlin-8x22b": {"params": "141B", "active_params": "39B", "released": "2024-04-17",
                              "open_weights": "是", "price_input": "2.00", "price_output": "6.00"},
             "hobby-70b": {"params": "70B"}, "owl-1.5t": {"params": "1.5T"}, "sparrow-350m": {"params": "350M"},
             "kestrel-mini": {"released": "2024-03", "open_weights": "否"}}
    for model, facts in shown.items():
        page = soup(models_site / "arena" / "models" / model / "index.html")
        found = {dd["data-fact"]: dd.get_text() for dd in page.select("dd[data-fact]")}
        assert {k: found[k] for k in facts} == facts
        assert "params" in found or "params" not in cards("arena")[model]
    page = soup(models_site / "en" / "arena" / "models" / "kestrel-ultra" / "index.html")
    assert [a["href"] for a in page.select("ul.sources a")] == cards("arena")["kestrel-ultra"]["sources"]
    assert "Input price (USD / 1M tokens)" in [dt.get_text() for dt in page.select("dl.facts dt")]


def test_the_score_against_chart_carries_every_axis_from_the_data(models_site):
    page = soup(models_site / "arena" / "index.html")
    fig = figure(page, "against-2024-05")
    rows = {r["model"]: r for r in release_rows("arena", "2024-05")}
    given = cards("arena")
    points = fig["data"][1]
    assert sorted(points["meta"]) == sorted(rows)
    assert points["y"] == [float(rows[m]["score"]) for m in points["meta"]]
    assert points["error_y"]["array"] == [float(rows[m]["ci_high"]) - float(rows[m]["score"]) for m in points["meta"]]
    assert points["error_y"]["arrayminus"] == [float(rows[m]["score"]) - float(rows[m]["ci_low"]) for m in points["meta"]]
    axes = fig["axes"]
    # an axis where at least two models have a value: one model gives an active size, so not that one
    assert sum("active_params" in c for c in given.values()) == 1
    order = ["params", "released", "price_input", "price_output", "context", "votes"]
    assert set(axes) == set(order) and fig["axis"] == "params"
    assert axes["params"]["values"] == {m: size(c["params"]) for m, c in given.items() if "params" in c}
    assert axes["params"]["type"] == "log" and axes["params"]["better"] == "lower"
    assert axes["released"]["values"] == {m: str(c["released"]) for m, c in given.items()}
    assert axes["released"]["type"] == "date"
    assert axes["context"]["values"] == {m: c["context"] for m, c in given.items()}
    assert axes["context"]["better"] == "higher" and axes["context"]["type"] == "log"
    assert axes["votes"]["values"] == {m: float(r["votes"]) for m, r in rows.items()}
    assert axes["price_output"]["values"] == {m: c["price"]["output"] for m, c in given.items() if "price" in c}
    # the picker offers them in the order of the facts, then the measures
    picker = page.find("form", attrs={"data-axis-picker": "against-2024-05"})
    assert [o["value"] for o in picker.find_all("option")] == order


def test_a_board_without_facts_has_no_chart_or_fact_controls(tmp_path):
    out = tmp_path / "site"
    assert run_build("--scores", ROOT / "examples" / "score", "--out", out, "--strict").returncode == 0
    page = soup(out / "score" / "index.html")
    assert not page.select('[data-chart^="against-"]') and not page.select("fieldset[data-range]")


def test_the_organisation_filter_offers_each_spelling_once_in_alphabetical_order(tmp_path):
    """One option per organisation a row carries (two spellings that differ only in case are two
    options, each keeping its own rows), in alphabetical order whatever the case."""
    scores = tmp_path / "scores"
    shutil.copytree(EXAMPLE, scores)
    models = scores / "arena" / "models.yaml"
    cards_ = yaml.safe_load(models.read_text("utf-8"))
    renamed = next(c for c in cards_ if c.get("org") == "Falconry AI")
    renamed["org"] = "falconry ai"
    models.write_text(yaml.safe_dump(cards_, allow_unicode=True), "utf-8")
    out = tmp_path / "site"
    assert run_build("--scores", scores, "--out", out, "--strict").returncode == 0
    listed = {row["model"] for row in release_rows("arena", "2024-05")}
    orgs = {c["org"] if isinstance(c["org"], str) else c["org"]["en"] for c in cards_ if c["id"] in listed and "org" in c}
    assert {"Falconry AI", "falconry ai"} <= orgs
    page = soup(out / "en" / "arena" / "index.html")
    offered = [o["value"] for o in page.select("select[name=org] option") if o["value"]]
    assert offered == sorted(orgs, key=lambda org: (org.lower(), org))
    rows = page.select("table[data-table=ranking] tbody tr")
    for org in offered:
        assert any(row["data-org"] == org for row in rows), org


def half_up(value, places=1) -> str:
    return str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def test_a_model_page_gathers_its_ranks_on_every_board(models_site):
    # exams: the overall is the mean of the four subjects; every model is ranked, higher first
    means = {}
    for row in release_rows("exams", "2024-06-01"):
        means.setdefault(row["model"], []).append(float(row["score"]))
    shown = {m: Decimal(half_up(sum(v) / len(v))) for m, v in means.items()}
    ranks = {m: 1 + sum(o > s for o in shown.values()) for m, s in shown.items()}
    for model in cards("exams"):
        page = soup(models_site / "arena" / "models" / model / "index.html")
        row = page.find("table", attrs={"data-table": "model-elsewhere"}).find("tr", attrs={"data-board": "exams"})
        assert row.find("a")["href"] == f"../../../exams/models/{model}/"
        assert row.find("td", attrs={"data-rank": True})["data-rank"] == str(ranks[model])
        assert row.find("td", attrs={"data-rank": True}).get_text() == f"{ranks[model]} / {len(ranks)}"
    # a model only on one board has no such section
    assert not soup(models_site / "arena" / "models" / "owl-1.5t" / "index.html").find(attrs={"data-table": "model-elsewhere"})


def test_the_home_page_of_several_boards_gives_each_ones_leader_and_last_update(models_site):
    page = soup(models_site / "index.html")
    cards_ = page.select("section.board-card")
    assert [c.h2.get_text(strip=True) for c in cards_] == ["对战评分（示例）", "学科考试（示例）"]
    arena = max(release_rows("arena", "2024-05"), key=lambda r: float(r["score"]))
    assert cards_[0].select_one("ol.top li a").get_text() == cards("arena")[arena["model"]]["name"]
    assert "2024-05-01" in cards_[0].get_text() and "2024-06-01" in cards_[1].get_text()


def test_the_bundled_models_facts_agree_with_their_names_and_cite_their_sources():
    given = yaml.safe_load((ROOT / "scores" / "superclue-llama2-chinese" / "models.yaml").read_text("utf-8"))
    closed = {"gpt-4", "claude-instant-v1", "gpt-3.5-turbo"}
    for card in given:
        assert card["sources"] and all(u.startswith("https://") for u in card["sources"]), card["id"]
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(card["released"])), card["id"]
        assert card["open_weights"] is (card["id"] not in closed)
        if card["id"] in closed:
            assert "params" not in card   # never published by their vendors
        else:   # the size in the name ("13b", "6b"…) is the size given
            named = re.search(r"(\d+)b", card["id"]).group(1)
            assert size(card["params"]) == float(named) * 1e9, card["id"]


def test_the_analysts_frame_of_model_cards_has_each_fact_typed():
    import leaderboard
    import pandas as pd
    frame = leaderboard.frames(EXAMPLE)["arena"].models
    given = cards("arena")
    assert list(frame["model"]) == list(given)   # models.yaml order
    assert str(frame["params"].dtype) == "float64" and str(frame["open_weights"].dtype) == "boolean"
    for row in frame.itertuples(index=False):
        card = given[row.model]
        assert (pd.isna(row.params) and "params" not in card) or row.params == size(card["params"])
        assert row.released == str(card["released"]) and bool(row.open_weights) is card["open_weights"]
        assert (pd.isna(row.price_output) and "price" not in card) or row.price_output == card["price"]["output"]
        assert (pd.isna(row.tags) and not card.get("tags")) or row.tags == " ".join(card["tags"])


def test_the_headline_says_when_the_table_hides_a_model_it_names(tmp_path):
    """A board whose #2 is tagged deprecated (hidden until shown): the headline names it, and says, in a
    part shown only with the script (without it the table hides nothing), that the table hides it."""
    scores = deprecated_second_project(tmp_path)
    out = tmp_path / "site"
    assert run_build("--scores", scores, "--out", out, "--strict").returncode == 0
    for lang, expected in (("", "Old <b>One</b> 带有标签“已停用”，表格默认不显示，可在“更多筛选”中显示。"),
                           ("en/", " Old <b>One</b> is tagged Deprecated and hidden in the table until you show such "
                                   "models (under “More filters”).")):
        line = soup(out / lang / "b" / "index.html").find(class_="headline")
        notes = line.find_all(class_="scripted")
        assert [n.get_text() for n in notes] == [expected], lang
        assert notes[0].a["href"] == "models/old/"
    embed = soup(out / "b" / "embed" / "index.html")   # its table hides nothing
    assert embed.find(class_="headline") and not embed.find(class_="headline").find_all(class_="scripted")
