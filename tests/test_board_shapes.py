"""Boards of every shape: each example board in examples/ (made-up data, one per metric kind) builds
with --strict and says the right things on its pages and in its downloads. Every expected number is
worked out here from the example's own files."""
from __future__ import annotations

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_build, soup

EXAMPLES = ROOT / "examples"
KINDS = ["win-rate", "accuracy", "rating", "score", "cost", "single-score"]


def half_up(value: float, places: int) -> str:
    return str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def competition(values: dict, places: int, higher: bool) -> dict:
    """{key: rank 1, 2, 2, 4} by the values as shown."""
    shown = {k: Decimal(half_up(v, places)) for k, v in values.items()}
    order = sorted(shown.values(), reverse=higher)
    return {k: order.index(v) + 1 for k, v in shown.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """Every example, built with --strict."""
    sites = {}
    for kind in KINDS:
        out = tmp_path_factory.mktemp(kind) / "site"
        result = run_build("--scores", EXAMPLES / kind, "--out", out, "--strict")
        assert result.returncode == 0, result.stderr
        sites[kind] = out
    return sites


def rows(page, table="ranking"):
    return page.find("table", attrs={"data-table": table}).select("tbody > tr")


def headings(page, table="ranking") -> list:
    return [th.get_text(" ", strip=True).replace(" ⇅", "") for th in page.find("table", attrs={"data-table": table}).thead.find_all("th")]


def release_json(site: Path, board: str, release: str) -> dict:
    return json.loads((site / board / "data" / f"{release}.json").read_text("utf-8"))


def read_csv(path: Path) -> list:
    return list(csv.DictReader(path.read_text("utf-8").splitlines()))


def test_every_example_is_a_board_of_its_own_kind():
    kinds = {}
    for kind in KINDS:
        board = yaml.safe_load((EXAMPLES / kind / kind / "board.yaml").read_text("utf-8"))
        kinds[kind] = board["metric"]["kind"]
    assert set(kinds.values()) == {"win_rate", "accuracy", "rating", "score", "cost"}


def test_win_and_tie_wording_appears_only_where_there_are_win_tie_loss_counts(built):
    for kind, site in built.items():
        text = soup(site / "en" / kind / "index.html").get_text(" ")
        counted = kind == "win-rate"
        assert ("Show wins, ties, losses" in text) is counted, kind
        assert ("A tie counts as" in text) is counted, kind
        assert "publishes scores only, not the win, tie and loss counts" not in text, kind
        assert ("Wins, ties and losses" in text) is counted, kind


def test_a_win_rate_board_ranks_groups_together_and_puts_references_in_a_band(built):
    site = built["win-rate"]
    page = soup(site / "en" / "win-rate" / "index.html")
    data = read_csv(EXAMPLES / "win-rate" / "win-rate" / "releases" / "2024-06-15.csv")
    aliases = {"falconish_40b": "falcon-ish-40b", "osprey_13b": "osprey-13b", "kite_pro": "kite-pro",
               "kestrel_9b": "kestrel-9b", "heron-70b": "heron-70b"}
    totals = {}
    for row in data:
        w, t, l = (int(row[k]) for k in ("win", "tie", "loss"))
        sums = totals.setdefault(aliases[row["model"]], [0, 0, 0])
        sums[0] += w
        sums[1] += t
        sums[2] += l
    overall = {m: 100 * (w + t) / (w + t + l) for m, (w, t, l) in totals.items()}
    ranked = {m: v for m, v in overall.items() if m != "heron-70b"}
    ranks = competition(ranked, 2, True)
    shown = [(r["data-model"], r.td.get_text(strip=True), r.find("td", attrs={"data-dimension": "overall"})["data-value"])
             for r in rows(page)]
    expected = sorted(ranked, key=lambda m: ranks[m])
    assert [m for m, _, _ in shown] == expected + ["heron-70b"]
    assert [rank for _, rank, _ in shown] == [str(ranks[m]) for m in expected] + ["-"]
    assert [float(v) for _, _, v in shown] == pytest.approx([overall[m] for m in expected + ["heron-70b"]])
    band = page.find("table", attrs={"data-table": "ranking"}).find_all("tbody")[1]
    assert band["class"] == ["band"] and band["data-label"] == "Reference models (not ranked)"
    groups = [r["data-group"] for r in rows(page)[:len(expected)]]
    assert {"open", "closed"} <= set(groups)       # two ranked groups, interleaved by score
    # the published order (groups in board.yaml order) stays in the downloads and in data-seed
    record = release_json(site, "win-rate", "2024-06-15")
    assert [m["id"] for m in record["models"]][0] == "heron-70b"
    assert sorted(rows(page), key=lambda r: int(r["data-seed"]))[0]["data-model"] == "heron-70b"


def test_releases_named_by_month_and_date_are_ordered_and_addressed_by_their_names(built):
    site = built["win-rate"]
    assert (site / "win-rate" / "2024-05" / "index.html").is_file()
    assert (site / "win-rate" / "data" / "2024-05.json").is_file()
    page = soup(site / "en" / "win-rate" / "index.html")
    pills = [a.get_text(strip=True) for a in page.find("nav", class_="releases").find_all("a")]
    assert pills == ["2024-06-15", "2024-05"]    # newest first
    assert json.loads((site / "win-rate" / "data" / "latest.json").read_text("utf-8"))["release"] == "2024-06-15"


def test_an_accuracy_board_computes_each_subject_and_the_mean_overall(built):
    site = built["accuracy"]
    board = yaml.safe_load((EXAMPLES / "accuracy" / "accuracy" / "board.yaml").read_text("utf-8"))
    places = board["metric"]["decimals"]
    data = read_csv(EXAMPLES / "accuracy" / "accuracy" / "releases" / "2024-03-01.csv")
    subjects = [d["id"] for d in board["dimensions"]]
    scores = {}
    for row in data:
        scores.setdefault(row["model"], {})[row["dimension"]] = 100 * int(row["correct"]) / int(row["total"])
    overall = {m: sum(s[d] for d in subjects) / len(subjects) for m, s in scores.items()}
    ranks = competition(overall, places, True)
    page = soup(site / "en" / "accuracy" / "index.html")
    for row in rows(page, "dimensions"):
        model = row["data-model"]
        assert row.td.get_text(strip=True) == str(ranks[model])
        cells = {td["data-dimension"]: td for td in row.find_all("td", attrs={"data-dimension": True})}
        assert cells["overall"].get_text(strip=True) == half_up(overall[model], places)
        for d in subjects:
            assert cells[d].find(class_="v").get_text() == half_up(scores[model][d], places)
            correct = next(int(r["correct"]) for r in data if r["model"] == model and r["dimension"] == d)
            total = next(int(r["total"]) for r in data if r["model"] == model and r["dimension"] == d)
            assert cells[d].find(class_="cell-detail").get_text().startswith(f"✓{correct} n={total}")
    text = page.get_text(" ")
    assert "Accuracy = 100 × correct ÷ total" in text and "mean of the dimension scores" in text
    assert [r["data-group"] for r in rows(page)] != sorted(r["data-group"] for r in rows(page))   # interleaved


def test_a_rating_board_shows_published_intervals_and_rank_ranges(built):
    site = built["rating"]
    data = read_csv(EXAMPLES / "rating" / "rating" / "releases" / "v2.csv")
    ids = {"Puffin Large": "puffin-large", "Gannet 2": "gannet-2", "Puffin Small": "puffin-small", "Shag 1": "shag-1",
           "Tern-8B": "tern-8b"}
    given = {ids[r["model_name"]]: (float(r["rating"]), float(r["rating_q025"]), float(r["rating_q975"]),
                                    int(r["num_battles"])) for r in data}
    page = soup(site / "en" / "rating" / "index.html")
    assert headings(page)[:5] == ["Rank", "Model", "Organisation", "Rating", "Votes"]
    record = release_json(site, "rating", "v2")
    assert record["metric"]["kind"] == "rating" and record["metric"]["range"] == [None, None]
    n = len(given)
    for model in record["models"]:
        rating, low, high, votes = given[model["id"]]
        assert model["overall"] == rating and model["intervals"]["overall"] == [low, high]
        assert model["measures"] == {"votes": votes}
        best = 1 + sum(o[1] > high for o in given.values())
        worst = n - sum(o[2] < low for o in given.values())
        assert model["rank_range"] == [best, worst]
    cell = rows(page)[0].find("td", attrs={"data-dimension": "overall"})
    assert cell.find(class_="v").get_text() == "1190" and cell.find(class_="ci").get_text() == "1182–1198"
    assert [r.get_text(strip=True) for r in page.select("td.rank-range")] == ["1", "2", "3–4", "3–4", "5"]
    # releases named by version, in the order of the dates board.yaml gives them
    assert json.loads((site / "rating" / "data" / "latest.json").read_text("utf-8"))["release"] == "v2"
    assert (site / "en" / "rating" / "v1" / "index.html").is_file()
    dots = json.loads(page.find("script", attrs={"data-chart": "scores-v2"}).string)["data"][0]
    assert dots["type"] == "scatter" and dots["x"][0] == 1190
    assert dots["error_x"]["array"][0] == 8 and dots["error_x"]["arrayminus"][0] == 8


def test_a_cost_board_says_lower_is_better_and_turns_its_chart(built):
    site = built["cost"]
    page = soup(site / "en" / "cost" / "index.html")
    heads = headings(page)
    assert heads[3] == "Time to first token (ms, lower is better)"
    assert heads[4] == "Throughput (tokens/s)" and heads[5] == "Price (USD per 1M tokens, lower is better)"
    table = page.find("table", attrs={"data-table": "ranking"})
    better = [th.get("data-better") for th in table.thead.find_all("th")]
    assert better[3] == "lower" and better[4] is None and better[5] == "lower"
    data = read_csv(EXAMPLES / "cost" / "cost" / "releases" / "2024-07-01.csv")
    expected = sorted(data, key=lambda r: float(r["score"]))
    assert [r.td.get_text() for r in rows(page)] == ["1", "2", "3"]
    assert [r.find("td", attrs={"data-dimension": "overall"}).find(class_="v").get_text() for r in rows(page)] == \
        [r["score"] for r in expected]
    figure = json.loads(page.find("script", attrs={"data-chart": "scores-2024-07-01"}).string)
    axis = figure["layout"]["xaxis"]["range"]
    assert axis[0] > axis[1] == 0                      # reversed: the fastest is furthest right
    dots = figure["data"][0]                           # an open-ended scale: dots, not bars of no meaning
    assert dots["type"] == "scatter" and dots["mode"] == "markers"
    assert dots["x"] == [float(r["score"]) for r in expected]
    assert dots["error_x"]["array"] == [float(r["ci_high"]) - float(r["score"]) for r in expected]
    assert "A cost, such as a latency or a price: lower is better." in page.get_text(" ")


def test_a_score_board_on_a_one_to_ten_scale_takes_the_mean_of_its_turns(built):
    site = built["score"]
    data = read_csv(EXAMPLES / "score" / "score" / "releases" / "2024-01-20.csv")
    page = soup(site / "en" / "score" / "index.html")
    for row, given in zip(rows(page, "dimensions"), sorted(data, key=lambda r: -(float(r["turn-1"]) + float(r["turn-2"])))):
        mean = (float(given["turn-1"]) + float(given["turn-2"])) / 2
        assert row["data-model"] == given["model"]
        assert row.find("td", attrs={"data-dimension": "overall"}).get_text(strip=True) == half_up(mean, 2)
    assert page.find("script", attrs={"data-chart": "radar-2024-01-20"}) is None     # two axes make no radar
    heat = json.loads(page.find("script", attrs={"data-chart": "heatmap-2024-01-20"}).string)["data"][0]
    assert (heat["zmin"], heat["zmax"]) == (1, 10)


def test_a_single_score_board_has_no_dimension_pages_and_reads_a_pasted_export(built):
    site = built["single-score"]
    page = soup(site / "en" / "single-score" / "index.html")
    assert page.find("table", attrs={"data-table": "dimensions"}) is None
    assert not (site / "single-score" / "dimensions").exists()
    assert page.find("script", attrs={"data-chart": "heatmap-2024-09-01"}) is None
    assert page.find("script", attrs={"data-chart": "scores-2024-09-01"}) is not None
    data = {r["name"]: r for r in read_csv(EXAMPLES / "single-score" / "single-score" / "releases" / "2024-09-01.csv")}
    record = release_json(site, "single-score", "2024-09-01")
    names = {m["id"]: m["name"] for m in record["models"]}
    for model in record["models"]:
        given = data[names[model["id"]]]
        assert model["overall"] == float(given["length_controlled_winrate"])
        assert model["measures"] == {"win_rate": float(given["win_rate"]), "standard_error": float(given["standard_error"]),
                                     "avg_length": float(given["avg_length"])}
    assert [m["id"] for m in record["measures"]] == ["win_rate", "standard_error", "avg_length"]
    downloads = read_csv(site / "single-score" / "data" / "2024-09-01.csv")
    assert list(downloads[0])[-3:] == ["win_rate", "standard_error", "avg_length"]
    cells = rows(page)[0].find_all("td", attrs={"data-measure": True})
    assert [c.get_text() for c in cells] == ["38.12", "1.42", "2049"]
    model = soup(site / "en" / "single-score" / "models" / "albatross-xl" / "index.html")
    assert "Avg. length" in model.find("table", attrs={"data-table": "model-history"}).get_text()


def test_the_new_command_starts_a_board_of_each_kind(tmp_path):
    import shutil
    scores = tmp_path / "scores"
    shutil.copytree(ROOT / "scores", scores)
    for kind in ("win_rate", "accuracy", "rating", "score", "cost"):
        result = run_build("new", f"my-{kind.replace('_', '-')}", "--kind", kind, "--scores", scores)
        assert result.returncode == 0, result.stderr
    site = yaml.safe_load((scores / "site.yaml").read_text("utf-8"))
    assert site["boards"][1:] == ["my-win-rate", "my-accuracy", "my-rating", "my-score", "my-cost"]
    assert "# The site as a whole." in (scores / "site.yaml").read_text("utf-8")   # comments kept
    result = run_build("--scores", scores, "--out", tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    again = run_build("new", "my-cost", "--kind", "cost", "--scores", scores)
    assert again.returncode == 2 and "exists already" in again.stderr
    assert run_build("new", "Bad Id", "--kind", "cost", "--scores", scores).returncode == 2


# --- in the browser ------------------------------------------------------------------------

from test_browser import browser, open_page  # noqa: E402,F401  (fixture)


def shown_models(page, table="ranking") -> list:
    return page.evaluate(f"""Array.from(document.querySelectorAll('table[data-table={table}] tbody tr'))
        .filter(r => !r.hidden).map(r => r.getAttribute('data-model'))""")


def test_lower_is_better_sorts_best_first_on_the_first_click(built, browser):  # noqa: F811
    from conftest import served
    with served(built["cost"]) as base:
        page, problems = open_page(browser, base + "en/cost/")
        page.locator("th[data-key=price] button.sort").click()
        assert shown_models(page) == ["swallow-api", "swift-api", "martin-hosted"]      # 0.25, 0.60, 1.10
        assert page.evaluate("location.search") == "?sort=ranking.price.asc"
        page.locator("th[data-key=throughput] button.sort").click()
        assert shown_models(page) == ["swallow-api", "swift-api", "martin-hosted"]      # 142.0, 88.5, 61.2
        assert page.evaluate("location.search") == "?sort=ranking.throughput.desc"
        assert problems == []
        page.close()


def test_the_published_order_is_one_click_away_and_in_the_url(built, browser):  # noqa: F811
    from conftest import served
    with served(built["win-rate"]) as base:
        page, problems = open_page(browser, base + "en/win-rate/")
        reading = shown_models(page)
        assert reading[-1] == "heron-70b"
        page.check("input[name=order][value=published]")
        # groups in board.yaml order (reference, open, closed), each by score
        assert shown_models(page) == ["heron-70b", "kestrel-9b", "falcon-ish-40b", "osprey-13b", "kite-pro"]
        assert "order=published" in page.evaluate("location.search")
        assert page.evaluate("document.querySelector('table[data-table=ranking]').classList.contains('merged')")
        page.check("input[name=order][value='']")
        assert shown_models(page) == reading
        page.goto(base + "en/win-rate/?order=published")
        assert shown_models(page)[0] == "heron-70b"
        assert problems == []
        page.close()


def test_compare_differences_of_measures_keep_their_own_decimals(built, browser):  # noqa: F811
    """The cost board's metric has 0 decimals; throughput has 1 and price 2: 88.5 against 61.2 differ
    by 27.3, 0.60 against 1.10 by 0.50, not by 27 and 0."""
    from conftest import served
    with served(built["cost"]) as base:
        page, problems = open_page(browser, base + "en/cost/compare/?m=swift-api,martin-hosted")
        diff = {key: page.evaluate(f"document.querySelector('tr[{key}] td.diff').textContent")
                for key in ("data-dimension=overall", "data-measure=throughput", "data-measure=price")}
        assert diff == {"data-dimension=overall": "+75", "data-measure=throughput": "-27.3", "data-measure=price": "+0.50"}
        assert problems == []
        page.close()


def test_model_pages_speak_of_references_only_where_there_are_some(built):
    """A board whose every model is ranked has no reference models: its model pages say "the leader",
    and a model with nothing on its card has no empty card section."""
    accuracy = soup(built["accuracy"] / "en" / "accuracy" / "models" / "lark-7b" / "index.html")
    assert accuracy.find(id="radar-h").get_text() == "Radar against the leader"
    assert "reference" not in accuracy.find("main").get_text().lower()
    win_rate = soup(built["win-rate"] / "en" / "win-rate" / "models" / "kestrel-9b" / "index.html")
    assert win_rate.find(id="radar-h").get_text() == "Radar against the references"
    score = soup(built["score"] / "score" / "models" / "robin-v2" / "index.html")
    assert score.find(id="card-h") is None and score.find("dl", class_="facts") is None
    assert soup(built["score"] / "score" / "models" / "robin-v2" / "index.html").find("h1").get_text() == "Robin v2"
