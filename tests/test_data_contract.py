"""The data contract of DESIGN.md section 2, on small purpose-made (synthetic) projects."""
from __future__ import annotations

import json

from conftest import BOARD_YAML, build_in_process, demo_project, soup

HEADER = "model,dimension,score,win,tie,loss\n"


def built(tmp_path, capsys, csv_text, **files):
    scores = demo_project(tmp_path, csv_text, **files)
    out = tmp_path / "site"
    code, err = build_in_process(capsys, "--scores", scores, "--out", out)
    assert code == 0, err
    return out, json.loads((out / "demo" / "data" / "2024-01-01.json").read_text("utf-8"))


def by_id(record):
    return {m["id"]: m for m in record["models"]}


def test_scores_computed_from_counts_and_overall_pooled(tmp_path, capsys):
    out, record = built(tmp_path, capsys, HEADER + (
        "alpha,code,,7,2,21\n"        # 100 * 9/30 = 30
        "alpha,logic,,10,0,10\n"      # 50; pooled overall 100 * 19/50 = 38
        "beta,overall,12.5,,,\n"
        "gamma,overall,40.00,,,\n"
        "ref-model,overall,70,,,\n"))
    alpha = by_id(record)["alpha"]
    assert alpha["scores"] == {"code": 30.0, "logic": 50.0}
    assert alpha["overall"] == 38.0
    row = soup(out / "demo" / "index.html").find("table", attrs={"data-table": "dimensions"}).find(
        "tr", attrs={"data-model": "alpha"})
    assert [(td.find(class_="v") or td).get_text() for td in row.find_all("td")] == ["2", "38.00", "30.00", "50.00"]
    overall = row.find("td", attrs={"data-dimension": "overall"})
    assert (overall["data-win"], overall["data-tie"], overall["data-loss"]) == ("17", "2", "31")
    assert overall.find(class_="cell-detail").get_text(" ").startswith("胜17 平2 负31")


def test_given_scores_and_counts_that_agree_are_accepted(tmp_path, capsys):
    _, record = built(tmp_path, capsys, HEADER + "alpha,overall,33.33,1,0,2\nbeta,overall,66.67,2,0,1\n"
                      "gamma,overall,1,,,\nref-model,overall,2,,,\n")
    assert by_id(record)["alpha"]["overall"] == 33.33


def test_minus_zero_is_zero(tmp_path, capsys):
    """"-0" is 0 wherever it appears, whichever number was shown first in the build."""
    out, record = built(tmp_path, capsys, HEADER + "alpha,overall,-0,0,0,3\nbeta,overall,0,,,\n"
                        "gamma,overall,-0.00,,,\nref-model,overall,2,,,\n")
    models = by_id(record)
    assert [(models[m]["overall"], models[m]["rank"]) for m in ("alpha", "beta", "gamma")] == [(0.0, 1)] * 3
    assert "-0.0" not in (out / "demo" / "data" / "2024-01-01.json").read_text("utf-8")
    table = soup(out / "demo" / "index.html").find("table", attrs={"data-table": "ranking"})
    shown = [td.find(class_="v") or td for td in table.find_all("td", attrs={"data-dimension": "overall"})]
    assert sorted(cell.get_text() for cell in shown) == ["0.00", "0.00", "0.00", "2.00"]


def test_equal_scores_share_a_rank_and_reference_models_are_unranked(tmp_path, capsys):
    out, record = built(tmp_path, capsys, "model,dimension,score\nalpha,overall,50\nbeta,overall,50.00\n"
                        "gamma,overall,20\nref-model,overall,90\n")
    ranks = {m["id"]: m["rank"] for m in record["models"]}
    assert ranks == {"alpha": 1, "beta": 1, "gamma": 3, "ref-model": None}
    rows = soup(out / "demo" / "index.html").find("table", attrs={"data-table": "ranking"}).select("tbody > tr")
    # ranked models first, by rank; the unranked reference model below them, in a band of its own
    assert [(r["data-model"], r.find("td").get_text()) for r in rows] == [
        ("alpha", "1"), ("beta", "1"), ("gamma", "3"), ("ref-model", "-")]
    assert [r.parent.get("data-group") for r in rows] == [None, None, None, "ref"]


def test_aliases_and_case_resolve_to_one_model(tmp_path, capsys):
    _, record = built(tmp_path, capsys, "model,dimension,score\nalpha_v1,overall,50\nBETA,overall,40\n"
                      "Gamma,overall,30\nref-model,overall,90\n")
    assert set(by_id(record)) == {"alpha", "beta", "gamma", "ref-model"}


def test_lower_is_better_ranks_the_smallest_first(tmp_path, capsys):
    board = BOARD_YAML.replace("  decimals: 2\n", "  decimals: 2\n  higher_is_better: false\n").replace(
        "formula: win_tie_rate", "formula: score")
    _, record = built(tmp_path, capsys, "model,dimension,score\nalpha,overall,5\nbeta,overall,3\n"
                      "gamma,overall,9\nref-model,overall,1\n", **{"demo/board.yaml": board})
    assert {m["id"]: m["rank"] for m in record["models"]} == {"alpha": 2, "beta": 1, "gamma": 3, "ref-model": None}


def test_prose_pages_with_translation_and_fallback(tmp_path, capsys):
    out, _ = built(tmp_path, capsys, "model,dimension,score\nalpha,overall,5\nbeta,overall,3\n"
                   "gamma,overall,9\nref-model,overall,1\n", **{
                       "demo/pages/about.md": "---\ntitle: 关于\norder: 2\n---\n中文正文\n",
                       "demo/pages/about.en.md": "---\ntitle: About\n---\nEnglish body\n",
                       "demo/pages/intro.md": "---\ntitle: {zh: 简介, en: Introduction}\norder: 1\n---\n只有中文\n"})
    zh = soup(out / "demo" / "index.html")
    en = soup(out / "en" / "demo" / "index.html")
    assert [s["id"] for s in zh.find_all("section", class_="prose")] == ["page-intro", "page-about"]
    assert zh.find(id="page-about").get_text(" ", strip=True) == "关于 中文正文"
    assert en.find(id="page-about").get_text(" ", strip=True) == "About English body"
    assert en.find(id="page-intro").get_text(" ", strip=True) == "Introduction 只有中文"   # body falls back


def test_plain_text_fields_serve_every_language(tmp_path, capsys):
    board = BOARD_YAML.replace("title: {zh: 演示榜, en: Demo board}", "title: Only one title")
    out, _ = built(tmp_path, capsys, "model,dimension,score\nalpha,overall,5\nbeta,overall,3\n"
                   "gamma,overall,9\nref-model,overall,1\n", **{"demo/board.yaml": board})
    assert soup(out / "en" / "demo" / "index.html").h1.get_text() == "Only one title"
    assert soup(out / "demo" / "index.html").h1.get_text() == "Only one title"
