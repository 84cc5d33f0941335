"""What the build writes: complete, reproducible, atomic, self-contained, with working links."""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlsplit

from conftest import BOARD, SCORES, run_build, soup, tree_bytes, write_project
from test_published_tables import DIMENSION_TABLE_NAME, TABLES, anchor

MODELS = ["gpt-4", "claude-instant-v1", "baichuan-13b-chat", "chatglm2-6b", "openbuddy-llama2-13b",
          "llama-2-13b-chat", "llama2-chinese-13b-chat", "chinese-alpaca-2-7b", "firefly-llama2-13b",
          "llama2-chinese-7b-chat", "yayi-13b-llama2"]
DIMENSIONS = ["understanding", "chitchat", "context", "roleplay", "knowledge", "generation", "code",
              "logic", "calculation", "safety"]


def test_every_page_of_the_url_map_exists_in_both_languages(site):
    for prefix in ("", "en/"):
        pages = ["index.html", f"{BOARD}/index.html", f"{BOARD}/2023-07-28/index.html",
                 f"{BOARD}/2023-08-02/index.html"]
        pages += [f"{BOARD}/models/{m}/index.html" for m in MODELS]
        pages += [f"{BOARD}/dimensions/{d}/index.html" for d in DIMENSIONS]
        for page in pages:
            assert (site / prefix / page).is_file(), prefix + page


def test_two_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    assert run_build("--scores", SCORES, "--out", again).returncode == 0
    assert tree_bytes(again) == tree_bytes(site)


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    out = tmp_path / "site"
    assert run_build("--scores", SCORES, "--out", out).returncode == 0
    before = tree_bytes(out)
    broken = tmp_path / "broken"
    for path in SCORES.rglob("*"):
        if path.is_file():
            target = broken / "scores" / path.relative_to(SCORES)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    release = broken / "scores" / BOARD / "releases" / "2023-08-02.csv"
    release.write_text(release.read_text("utf-8").replace("gpt-4,overall,94.64", "gpt-4,overall,high"), "utf-8")
    result = run_build("--scores", broken / "scores", "--out", out)
    assert result.returncode == 1
    assert "2023-08-02.csv:2:15: score \"high\" is not a number (finite, at most 10^12 in size)" in result.stderr
    assert tree_bytes(out) == before
    assert not list(tmp_path.glob(".site.staging*")), "no staging folder is left behind"


def test_downloads_carry_the_published_numbers(site):
    for release in ("2023-07-28", "2023-08-02"):
        record = json.loads((site / BOARD / "data" / f"{release}.json").read_text("utf-8"))
        assert record["board"] == BOARD and record["release"] == release
        assert [d["id"] for d in record["dimensions"]] == DIMENSIONS
        assert record["metric"]["formula"] == "win_tie_rate" and record["metric"]["baseline"] == "gpt-3.5-turbo"
        by_name = {m["name"]: m for m in record["models"]}
        for rank, model, _org, score, _ in TABLES[(release, "ranking")]:
            entry = by_name[anchor(model)[0]]
            assert entry["overall"] == float(score)
            assert entry["rank"] == (None if rank == "-" else int(rank))
        for _, model, _overall, *scores in TABLES[(release, "dimensions")]:
            entry = by_name[DIMENSION_TABLE_NAME[model]]
            assert [entry["scores"][d] for d in DIMENSIONS] == [float(s) for s in scores]
        assert by_name["Claude-instant-v1"]["scores"] == {d: None for d in DIMENSIONS}
        rows = list(csv.DictReader(io.StringIO((site / BOARD / "data" / f"{release}.csv").read_text("utf-8"))))
        assert [(r["name"], float(r["overall"])) for r in rows] == [(m["name"], m["overall"]) for m in record["models"]]
    latest = site / BOARD / "data" / "latest.json"
    assert latest.read_bytes() == (site / BOARD / "data" / "2023-08-02.json").read_bytes()


def test_internal_links_resolve_and_nothing_loads_from_elsewhere(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        if page.name == "404.html":
            continue   # served at any address, its relative links are checked from the root only
        doc = soup(page)
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src")):
            for element in doc.find_all(tag, attrs={attr: True}):
                url = element[attr]
                if url.startswith("data:") or url.startswith("mailto:"):
                    continue
                parts = urlsplit(url)
                if parts.scheme:
                    assert tag == "a", f"{page}: {tag} loads {url} from outside the site"
                    continue
                path, fragment = parts.path, parts.fragment
                target = (page.parent / path).resolve() if path else page
                if target.is_dir():
                    target = target / "index.html"
                assert target.is_file(), f"{page.relative_to(site)}: broken link {url}"
                if fragment:
                    assert soup(target).find(id=fragment), f"{page.relative_to(site)}: no anchor {url}"


def test_plotly_is_served_locally_and_only_where_there_are_charts(site):
    bundles = list((site / "assets").glob("plotly-*.min.js"))
    assert len(bundles) == 1 and re.fullmatch(r"plotly-\d+\.\d+\.\d+-leaderboard\.min\.js", bundles[0].name)
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        has_chart = "data-chart=" in html
        assert ("plotly-" in html) == has_chart, page
        assert "cdn" not in html.lower()
    assert "data-chart=" in (site / BOARD / "index.html").read_text("utf-8")
    assert "data-chart=" in (site / BOARD / "models" / "gpt-4" / "index.html").read_text("utf-8")
    assert "data-chart=" not in (site / BOARD / "dialogues" / "index.html").read_text("utf-8")
    assert "data-chart=" not in (site / BOARD / "models" / "gpt-3.5-turbo" / "index.html").read_text("utf-8")


def test_chinese_pages_declare_their_language_and_a_cjk_font(site):
    assert soup(site / "index.html").html["lang"] == "zh-CN"
    assert soup(site / BOARD / "models" / "gpt-4" / "index.html").html["lang"] == "zh-CN"
    assert soup(site / "en" / "index.html").html["lang"] == "en"
    css = (site / "assets" / "site.css").read_text("utf-8")
    assert "Noto Sans CJK SC" in css and "PingFang SC" in css


def test_home_page_is_the_first_board_latest_release(site):
    home = soup(site / "index.html").find("table", attrs={"data-table": "dimensions"})
    latest = soup(site / BOARD / "2023-08-02" / "index.html").find("table", attrs={"data-table": "dimensions"})
    assert [r["data-model"] for r in home.select("tbody > tr")] == [r["data-model"] for r in latest.select("tbody > tr")]
    current = soup(site / "index.html").find("nav", class_="releases").find("a", attrs={"aria-current": "page"})
    assert current.get_text(strip=True) == "2023-08-02"


def test_board_page_explains_the_score_and_carries_the_prose(site):
    page = soup(site / BOARD / "index.html")
    method = page.find("section", class_="method").get_text(" ", strip=True)
    assert "100 × (胜 + 平) ÷ (胜 + 平 + 负)" in method and "gpt-3.5-turbo" in method and "GPT-4" in method
    sections = [s["id"] for s in page.find_all("section", class_="prose")]
    assert sections == [f"page-{slug}" for slug in ("overview", "method", "variants", "findings", "limitations",
                                                    "further-reading", "citation")]   # never the page's own ids
    bibtex = page.find("section", id="page-citation").find("pre").get_text()
    assert bibtex.startswith("@misc{SuperCLUE,") and "arxiv.org/abs/2307.15020" in bibtex
    english = soup(site / "en" / BOARD / "index.html")
    assert english.find("section", id="page-findings").find("h2").get_text(strip=True) == "Findings"
    note = soup(site / BOARD / "2023-08-02" / "index.html").find(class_="release-note").get_text()
    assert "Chinese-Alpaca-2-7B" in note


def test_language_switch_points_at_the_same_page(site):
    page = soup(site / BOARD / "models" / "gpt-4" / "index.html")
    switch = page.find("nav", class_="languages").find("a")
    target = (site / BOARD / "models" / "gpt-4" / switch["href"]).resolve()
    assert target == (site / "en" / BOARD / "models" / "gpt-4").resolve()


def test_output_folder_inside_the_sources_is_refused(tmp_path):
    scores = write_project(tmp_path, {"scores/site.yaml": "title: x\n"})
    result = run_build("--scores", scores, "--out", scores / "site")
    assert result.returncode == 1
    assert "output folder overlaps the scores folder" in result.stderr
    assert not (scores / "site").exists()


def test_a_folder_not_built_here_is_never_replaced(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", "utf-8")
    result = run_build("--scores", SCORES, "--out", mine)
    assert result.returncode == 1
    assert "is a folder this tool did not build" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    result = run_build("--scores", SCORES, "--out", ".", cwd=tmp_path)
    assert result.returncode == 1 and "is the working folder or one of its parents" in result.stderr


def test_check_leaves_an_existing_site_alone(site, tmp_path):
    out = tmp_path / "site"
    assert run_build("--scores", SCORES, "--out", out).returncode == 0
    before = tree_bytes(out)
    (out / "index.html").write_bytes(b"changed by hand")
    assert run_build("--scores", SCORES, "--out", out, "--check").returncode == 0
    assert (out / "index.html").read_bytes() == b"changed by hand"
    assert len(tree_bytes(out)) == len(before)


def test_model_page_shows_its_card_and_every_release(site):
    page = soup(site / BOARD / "models" / "chinese-alpaca-2-7b" / "index.html")
    assert page.h1.get_text(strip=True) == "Chinese-Alpaca-2-7B"
    facts = page.find("dl", class_="facts").get_text(" ", strip=True)
    assert "ymcui" in facts and "7B" in facts and "https://huggingface.co/ziqingyang/chinese-alpaca-2-7b" in facts
    rows = page.find("table", attrs={"data-table": "model-history"}).tbody.find_all("tr")
    assert [r["data-release"] for r in rows] == ["2023-08-02", "2023-07-28"]
    newest = rows[0].find_all("td")
    assert newest[0].get_text(strip=True) == "4" and newest[1].get_text(strip=True) == "14.43"
    assert [td.get_text(strip=True) for td in newest[2:]] == \
        "20.00 6.67 20.00 10.34 6.67 3.33 10.00 37.93 30.00 0.00".split()
    assert rows[1].get_text(strip=True) == "2023-07-28未参加"


def test_dimension_page_ranks_models_by_that_dimension(site):
    page = soup(site / BOARD / "dimensions" / "logic" / "index.html")
    rows = page.find("table", attrs={"data-table": "dimension-ranking"}).tbody.find_all("tr")
    shown = [(r["data-model"], r.find("td", attrs={"data-dimension": "logic"}).get_text()) for r in rows]
    # The published 逻辑与推理 column of 2023-08-02, sorted by hand from the oracle table.
    assert [v for _, v in shown] == ["100.00", "58.62", "55.00", "50.88", "46.67", "41.38", "37.93", "35.00",
                                     "26.67", "20.00"]
    assert "claude-instant-v1" not in [m for m, _ in shown]


def test_sitemap_and_canonical_links_follow_base_url(tmp_path):
    scores = tmp_path / "scores"
    for path in SCORES.rglob("*"):
        if path.is_file():
            target = scores / path.relative_to(SCORES)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    site_yaml = scores / "site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8") + "base_url: https://example.org/board\n", "utf-8")
    out = tmp_path / "site"
    assert run_build("--scores", scores, "--out", out).returncode == 0
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://example.org/board/superclue-llama2-chinese/2023-07-28/</loc>" in sitemap
    assert "<loc>https://example.org/board/en/</loc>" in sitemap and "404" not in sitemap
    canonical = soup(out / "en" / BOARD / "models" / "gpt-4" / "index.html").find("link", rel="canonical")
    assert canonical["href"] == "https://example.org/board/en/superclue-llama2-chinese/models/gpt-4/"
