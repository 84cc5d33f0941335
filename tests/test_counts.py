"""Win/tie/loss counts, 95% intervals, rank ranges, the tie rule, question-level judgments, the
sign test and the question pages, on tests/data/synthetic-counts (a made-up board: see
tests/data/make_synthetic_counts.py). Expected numbers are worked out here from the input files,
with formulas written out in this file and checked against published reference values."""
from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import BOARD, COUNTS_DATA as DATA, served, soup, wait_drawn
from test_browser import ARGS, CHROMIUM
SC = "synthetic-counts"
JUDGED, EARLIER = "2025-03-01", "2025-01-15"
Z = 1.959963984540054


def wilson(successes: float, n: int) -> tuple:
    """The Wilson score interval (Wilson 1927; Newcombe 1998, method 3), in percent."""
    p = successes / n
    centre = (2 * n * p + Z * Z) / (2 * (n + Z * Z))
    half = Z * math.sqrt(Z * Z + 4 * n * p * (1 - p)) / (2 * (n + Z * Z))
    return 100 * (centre - half), 100 * (centre + half)


def test_the_interval_formula_matches_published_values():
    """Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson score)."""
    from leaderboard import stats
    for (r, n), (low, high) in {(81, 263): (0.2553, 0.3662), (15, 148): (0.0624, 0.1605),
                                (0, 20): (0.0, 0.1611), (1, 29): (0.0061, 0.1718)}.items():
        for got in (wilson(r, n), stats.wilson(r, 0, n - r)):
            assert abs(got[0] / 100 - low) < 6e-5 and abs(got[1] / 100 - high) < 6e-5, (r, n, got)


def test_the_sign_test_is_the_exact_two_sided_binomial_test():
    from leaderboard import stats
    assert stats.sign_test(1, 9) == 2 * (1 + 10) / 2 ** 10            # 0.021484375
    assert stats.sign_test(9, 1) == stats.sign_test(1, 9)
    assert stats.sign_test(5, 5) == 1.0 and stats.sign_test(0, 0) == 1.0
    assert stats.sign_test(0, 6) == 2 / 64
    assert abs(stats.sign_test(15, 6) - 0.0784) < 1e-4                 # binom.test(6, 21): p-value = 0.07835


def judgments() -> list:
    path = DATA / SC / "judgments" / f"{JUDGED}.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def tallies() -> dict:
    """{(model, dimension or "overall"): Counter of verdicts}, counted from the JSON lines."""
    found = {}
    for j in judgments():
        for key in ((j["model"], j["dimension"]), (j["model"], "overall")):
            found.setdefault(key, Counter())[j["verdict"]] += 1
    return found


def cells(page: Path, table: str) -> dict:
    """{(model, dimension): <td>} of a board table."""
    doc = soup(page).find("table", attrs={"data-table": table})
    return {(row["data-model"], td["data-dimension"]): td
            for row in doc.select("tbody > tr") for td in row.find_all("td", attrs={"data-dimension": True})}


def test_judgments_are_summed_into_the_counts_of_every_cell(counts_site):
    found = cells(counts_site / SC / JUDGED / "index.html", "dimensions")
    expected = tallies()
    assert set(found) == set(expected)
    for key, tally in expected.items():
        td = found[key]
        w, t, l = tally["win"], tally["tie"], tally["loss"]
        assert (int(td["data-win"]), int(td["data-tie"]), int(td["data-loss"])) == (w, t, l), key
        low, high = wilson(w + t, w + t + l)
        assert td.find(class_="ci").get_text() == f"{low:.1f}–{high:.1f}", key
        assert td.find(class_="cell-detail").get_text().startswith(f"胜{w} 平{t} 负{l} 共{w + t + l} "), key
        if key not in (("oracle-xl", "overall"), ("gamma-34b", "overall")):      # computed from the counts
            assert abs(float(td["data-value"]) - 100 * (w + t) / (w + t + l)) < 1e-9, key
    # The CSV's own overall scores are shown as given (and agree with the judgments at 2 decimals).
    given = {row["model"]: row["score"] for row in csv.DictReader(
        (DATA / SC / "releases" / f"{JUDGED}.csv").open(encoding="utf-8")) if row["dimension"] == "overall"}
    for model, score in given.items():
        assert found[(model, "overall")].find(class_="v").get_text() == score


def test_rank_ranges_follow_the_intervals_of_the_overall_scores(counts_site):
    expected = tallies()
    ranked = [m for (m, d) in expected if d == "overall" and m != "oracle-xl"]   # oracle-xl is a reference model
    intervals = {m: wilson(expected[(m, "overall")]["win"] + expected[(m, "overall")]["tie"],
                           sum(expected[(m, "overall")].values())) for m in ranked}
    doc = soup(counts_site / "en" / SC / JUDGED / "index.html").find("table", attrs={"data-table": "ranking"})
    shown = {row["data-model"]: row.find("td", class_="rank-range").get_text() for row in doc.select("tbody > tr")}
    assert shown["oracle-xl"] == "-"
    for m in ranked:
        best = 1 + sum(1 for o in ranked if o != m and intervals[o][0] > intervals[m][1])
        worst = len(ranked) - sum(1 for o in ranked if o != m and intervals[o][1] < intervals[m][0])
        assert shown[m] == (str(best) if best == worst else f"{best}–{worst}"), m
    assert len(set(shown.values())) > 2, "the data should give ranges that differ"


def test_the_earlier_release_pools_its_overall_from_the_csv_counts(counts_site):
    rows = list(csv.DictReader((DATA / SC / "releases" / f"{EARLIER}.csv").open(encoding="utf-8")))
    found = cells(counts_site / SC / EARLIER / "index.html", "ranking")
    for model in {r["model"] for r in rows}:
        mine = [r for r in rows if r["model"] == model]
        w, t, l = (sum(int(r[k]) for r in mine) for k in ("win", "tie", "loss"))
        td = found[(model, "overall")]
        assert (int(td["data-win"]), int(td["data-tie"]), int(td["data-loss"])) == (w, t, l)
        assert td.find(class_="v").get_text() == f"{100 * (w + t) / (w + t + l):.2f}"


def test_the_board_offers_counts_the_tie_rule_and_stacked_bars(counts_site):
    page = soup(counts_site / "en" / SC / "index.html")
    assert page.find("input", id="show-counts")
    assert [i["value"] for i in page.select("input[name=ties]")] == ["win", "half", "loss"]
    assert page.select_one("input[name=ties][checked]")["value"] == "win"
    assert "published rule" in page.find(attrs={"data-tie-rule": True}).get_text()
    bars = json.loads(page.find("script", attrs={"data-chart": f"outcomes-{JUDGED}"}).string)
    assert [t["name"] for t in bars["data"]] == ["Wins", "Ties", "Losses"]
    expected = tallies()
    for trace, verdict in zip(bars["data"], ("win", "tie", "loss")):
        for name, count, share in zip(trace["y"], trace["customdata"], trace["x"]):
            model = {"Oracle XL": "oracle-xl", "Alpha 7B": "alpha-7b", "Beta 13B": "beta-13b", "Gamma 34B": "gamma-34b",
                     "Delta 70B": "delta-70b", "Epsilon 3B": "epsilon-3b"}[name.split(" (n=")[0]]
            tally = expected[(model, "overall")]
            assert count == tally[verdict] and abs(share - 100 * count / sum(tally.values())) < 1e-9
            assert name.endswith(f"(n={sum(tally.values())})")


def test_the_heatmap_writes_the_numbers_as_the_table_shows_them(counts_site):
    page = soup(counts_site / "en" / SC / "index.html")
    heatmap = json.loads(page.find("script", attrs={"data-chart": f"heatmap-{JUDGED}"}).string)["data"][0]
    table = cells(counts_site / "en" / SC / "index.html", "dimensions")
    assert heatmap["texttemplate"] == "%{text}"
    for model, row in zip(heatmap["meta"], heatmap["text"]):
        assert row == [table[(model, d)].find(class_="v").get_text() for d in ("reasoning", "coding", "writing")]


def test_the_bundled_board_says_why_it_shows_no_intervals(site):
    page = soup(site / "en" / BOARD / "index.html")
    assert "publishes scores only, not the win, tie and loss counts" in page.find(class_="no-counts").get_text()
    assert not page.select(".cell-detail, input[name=ties], #show-counts, .rank-range, [data-tie-rule]")
    assert not page.find("script", attrs={"data-chart": re.compile("^outcomes")})
    assert not (site / BOARD / "questions").exists()
    assert all(m["counts"]["overall"] is None and m["intervals"]["overall"] is None and m["rank_range"] is None
               for m in json.loads((site / BOARD / "data" / "latest.json").read_text("utf-8"))["models"])


def test_downloads_carry_the_counts_and_the_judgments(counts_site):
    record = json.loads((counts_site / SC / "data" / f"{JUDGED}.json").read_text("utf-8"))
    expected = tallies()
    for model in record["models"]:
        for dimension, counts in model["counts"].items():
            tally = expected[(model["id"], dimension)]
            assert counts == {"win": tally["win"], "tie": tally["tie"], "loss": tally["loss"]}
            low, high = wilson(tally["win"] + tally["tie"], sum(tally.values()))
            assert model["intervals"][dimension] == pytest.approx([low, high], abs=1e-4)
    lines = (counts_site / SC / "data" / f"{JUDGED}.judgments.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == judgments()


def test_the_question_pages_list_what_separates_models_and_what_every_model_fails(counts_site):
    by_question = {}
    for j in judgments():
        by_question.setdefault(j["question_id"], []).append(j)
    page = soup(counts_site / "en" / SC / "questions" / "index.html")
    lost = [a.get_text() for a in page.select('[data-questions="all-lost"] a')]
    assert lost == sorted(q for q, found in by_question.items() if all(j["verdict"] == "loss" for j in found))
    assert lost == ["rea-16"]                     # made so by the generator

    def split(found):   # two different verdicts picked at random: the chance they differ
        pairs = [(a["verdict"], b["verdict"]) for i, a in enumerate(found) for b in found[i + 1:]]
        return sum(x != y for x, y in pairs) / len(pairs)

    top = [row["data-question"] for row in page.find("table", attrs={"data-table": "questions-split"}).tbody.find_all("tr")]
    ordered = sorted(by_question, key=lambda q: (-split(by_question[q]), q))
    assert len(top) == 10 and [round(split(by_question[q]), 12) for q in top] == \
        [round(split(by_question[q]), 12) for q in ordered[:10]]
    everything = page.find("table", attrs={"data-table": "questions-all"}).tbody.find_all("tr")
    assert [row["data-question"] for row in everything] == sorted(by_question)
    for row in everything:
        tally = Counter(j["verdict"] for j in by_question[row["data-question"]])
        assert [td.get_text() for td in row.find_all("td")[1:4]] == [str(tally[v]) for v in ("win", "tie", "loss")]
    for question in ("wri-03", "rea-16"):
        table = soup(counts_site / "en" / SC / "questions" / question / "index.html").find(
            "table", attrs={"data-table": "verdicts"})
        groups = table.find_all("tbody")
        shown = [(r["data-model"], int(r.find_all("td")[0].get_text()), group["data-verdict"],
                  r.find("td", class_="reason").get_text()) for group in groups for r in group.find_all("tr")]
        assert sorted(shown) == sorted((j["model"], j["turn"], j["verdict"], j["judge_reason"])
                                       for j in by_question[question])
        # grouped best verdict first, each group labelled with its count, each row's verdict written out
        assert [g["data-verdict"] for g in groups] == [v for v in ("win", "tie", "loss") if any(s[2] == v for s in shown)]
        assert [g["data-label"] for g in groups] == [f"{v}: {len(g.find_all('tr'))}" for g in groups
                                                     for v in (g["data-verdict"],)]
        assert all(r.find_all("td")[1].get_text() == g["data-verdict"] for g in groups for r in g.find_all("tr"))


def paired(a: str, b: str) -> tuple:
    """(a better, b better, same) over the (question, turn) pairs both answered, and the sign test's p."""
    order = {"loss": 0, "tie": 1, "win": 2}
    verdicts = {}
    for j in judgments():
        verdicts.setdefault(j["model"], {})[(j["question_id"], j["turn"])] = order[j["verdict"]]
    shared = verdicts[a].keys() & verdicts[b].keys()
    a_better = sum(verdicts[a][k] > verdicts[b][k] for k in shared)
    b_better = sum(verdicts[a][k] < verdicts[b][k] for k in shared)
    n, k = a_better + b_better, min(a_better, b_better)
    p = min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n) if n else 1.0
    return a_better, b_better, len(shared) - a_better - b_better, p


def test_the_compare_page_tests_the_default_pair_question_by_question(counts_site):
    paragraph = soup(counts_site / "en" / SC / "compare" / "index.html").find("p", attrs={"data-pair": True})
    a, b = paragraph["data-pair"].split(",")
    a_better, b_better, same, p = paired(a, b)
    text = paragraph.get_text(" ", strip=True)
    assert f"did better on {a_better}" in text and f"on {b_better}, and they did the same on {same}" in text
    assert float(paragraph["data-p"]) == pytest.approx(p, rel=1e-12)
    assert ("p\u00a0<\u00a00.001" if p < 0.001 else f"p\u00a0=\u00a0{p:.3f}") in text
    assert ("unlikely to be chance" if p < 0.05 else "do not clearly separate them") in text


# --- in the browser ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page_at(counts_server):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        problems = []

        def open_page(path, width=1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(path if path.startswith("http") else counts_server + path)
            return page

        yield open_page
        browser.close()
        assert problems == []


def half_up(value: float, places: int = 2) -> str:
    from decimal import ROUND_HALF_UP, Decimal
    return str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def table_state(page) -> list:
    """(model, rank shown, [(dimension, value, shown text, interval text)]) of each dimension-table row, in order."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('table[data-table=dimensions] tbody tr')).map(row => [
        row.getAttribute('data-model'), row.cells[0].textContent.trim(),
        Array.from(row.querySelectorAll('td[data-win]')).map(td => [td.getAttribute('data-dimension'),
            Number(td.getAttribute('data-value')), td.querySelector('.v').textContent,
            td.querySelector('.ci') ? td.querySelector('.ci').textContent : null])])""")


def test_the_tie_rule_switch_recomputes_tables_and_charts_and_comes_back(page_at):
    page = page_at(f"en/{SC}/")
    wait_drawn(page, f"#radar-{JUDGED}")
    published = table_state(page)
    label = page.locator("[data-tie-rule]")
    page.check("input[name=ties][value=half]")
    assert re.search(r"[?&]ties=half", page.url)
    assert "not the published ranking" in label.text_content()
    assert page.locator("table[data-table=ranking] .move").first.is_hidden()   # moves are between published ranks
    expected = tallies()
    half = table_state(page)
    overall = {}
    for model, _, scores in half:
        for dimension, value, shown, interval in scores:
            tally = expected[(model, dimension)]
            w, t, l = tally["win"], tally["tie"], tally["loss"]
            assert value == pytest.approx(100 * (w + t / 2) / (w + t + l), abs=1e-9)
            assert shown == half_up(100 * (w + t / 2) / (w + t + l))
            low, high = wilson(w + t / 2, w + t + l)
            assert interval == f"{low:.1f}–{high:.1f}"
            if dimension == "overall":
                overall[model] = value
    # Re-sorted: the ranked models by their recomputed overall, equal scores sharing a rank (beta-13b,
    # which ties often, falls from first to share second place), then the reference model's band.
    order = [model for model, _, _ in half]
    assert order[-1] == "oracle-xl"
    assert order[:-1] == sorted(order[:-1], key=lambda m: -overall[m])
    assert order != [model for model, _, _ in published]
    ranks = [rank for _, rank, _ in half][:-1]
    shown = {m: float(half_up(overall[m])) for m in order[:-1]}
    assert ranks == [str(1 + sum(shown[o] > shown[m] for o in order[:-1])) for m in order[:-1]]
    assert ranks.count("2") == 2
    headers = page.locator("[data-tie-header]").all_text_contents()
    assert headers[:2] == ["Score (a tie = ½ win)"] * 2 and "½ × tie" in headers[2]
    radar = page.evaluate(f"""() => Object.fromEntries(document.getElementById('radar-{JUDGED}').data
        .map(t => [t.uid, t.r]))""")
    dims = ["reasoning", "coding", "writing"]
    for model, values in radar.items():
        tallies_ = [expected[(model, d)] for d in dims]
        assert values[:3] == pytest.approx([100 * (x["win"] + x["tie"] / 2) / sum(x.values()) for x in tallies_])
    # Ties as nothing: the win rate.
    page.check("input[name=ties][value=loss]")
    for model, _, scores in table_state(page):
        for dimension, value, _, _ in scores:
            tally = expected[(model, dimension)]
            assert value == pytest.approx(100 * tally["win"] / sum(tally.values()), abs=1e-9)
    # The published rule brings back exactly what was published.
    page.check("input[name=ties][value=win]")
    assert table_state(page) == published
    assert "published rule" in label.text_content() and "ties=" not in page.url
    assert page.locator("[data-tie-header]").all_text_contents()[:2] == ["Win-or-tie rate"] * 2
    assert page.locator("table[data-table=ranking] .move").first.is_visible()
    # The choice lives in the URL.
    again = page_at(f"en/{SC}/?ties=half")
    assert again.is_checked("input[name=ties][value=half]") and table_state(again) == half


def test_the_compare_page_reruns_the_sign_test_for_the_chosen_models(page_at):
    page = page_at(f"en/{SC}/compare/?m=alpha-7b,beta-13b,epsilon-3b", width=375)
    page.wait_for_selector('[data-sign-results][data-ready="alpha-7b,beta-13b,epsilon-3b"]')
    paragraphs = page.locator("[data-sign-results] p[data-pair]")
    assert paragraphs.count() == 3
    for i, (a, b) in enumerate([("alpha-7b", "beta-13b"), ("alpha-7b", "epsilon-3b"), ("beta-13b", "epsilon-3b")]):
        a_better, b_better, same, p = paired(a, b)
        line = paragraphs.nth(i)
        assert line.get_attribute("data-pair") == f"{a},{b}"
        assert float(line.get_attribute("data-p")) == pytest.approx(p, rel=1e-9)
        assert f"did better on {a_better}" in line.text_content()
        assert ("p\u00a0<\u00a00.001" if p < 0.001 else f"p\u00a0=\u00a0{p:.3f}") in line.text_content()
    page.uncheck("input[name=m][value=beta-13b]")
    page.uncheck("input[name=m][value=epsilon-3b]")
    page.wait_for_selector('[data-sign-results][data-ready="alpha-7b"]')
    assert "Choose two models" in page.locator("[data-sign-results]").text_content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_rank_ranges_by_their_definition_on_random_intervals():
    """The fast counting agrees with the definition, touching bounds and lower-is-better included."""
    import random
    from leaderboard import stats
    rng = random.Random(7)
    for _ in range(300):
        intervals = {}
        for i in range(rng.randint(1, 30)):
            low = round(rng.uniform(0, 100), rng.choice([0, 1, 3]))
            intervals[i] = (low, low + round(rng.uniform(0, 30), rng.choice([0, 1])))
        for higher_is_better in (True, False):
            expected = {}
            for key, (low, high) in intervals.items():
                ahead = [o for o, (lo, hi) in intervals.items() if o != key and (lo > high if higher_is_better else hi < low)]
                behind = [o for o, (lo, hi) in intervals.items() if o != key and (hi < low if higher_is_better else lo > high)]
                expected[key] = (1 + len(ahead), len(intervals) - len(behind))
            assert stats.rank_ranges(intervals, higher_is_better) == expected


def closed(page) -> None:
    """Close a page once nothing is loading (before its server stops: a request cut off by the
    server going away would show as a console error)."""
    page.wait_for_load_state("networkidle")
    page.close()


def test_the_sign_test_says_so_when_a_chosen_model_has_no_verdicts(tmp_path, page_at):
    """Purpose-made: only alpha and beta are judged; gamma is not, and no file is fetched for it."""
    from conftest import demo_project, run_build
    lines = "".join(json.dumps({"model": m, "question_id": f"q{q}", "dimension": "code", "turn": 1,
                                "verdict": v}) + "\n"
                    for q, (a, b) in enumerate([("win", "loss"), ("win", "tie"), ("tie", "tie")])
                    for m, v in (("alpha", a), ("beta", b)))
    scores = demo_project(tmp_path, "model,dimension,score\ngamma,overall,30\nref-model,overall,90\n",
                          **{"demo/judgments/2024-01-01.jsonl": lines})
    assert run_build("--scores", scores, "--out", tmp_path / "site").returncode == 0
    with served(tmp_path / "site") as base:
        page = page_at(base + "en/demo/compare/?m=alpha,beta,gamma")
        page.wait_for_selector('[data-sign-results][data-ready="alpha,beta,gamma"]')
        lines = page.locator("[data-sign-results] p").all_text_contents()
        closed(page)
    assert lines[0].startswith("Alpha vs Beta: on 3 question turns both answered, Alpha did better on 2, Beta on 0")
    assert lines[1] == "Alpha vs Gamma: no question was answered by both."
    assert lines[2] == "Beta vs Gamma: no question was answered by both."


def test_on_a_lower_is_better_board_recounted_ranks_put_the_lowest_first(tmp_path, page_at):
    """Purpose-made: a win_tie_rate metric where lower is better (say, a rate of harmful answers)."""
    from conftest import BOARD_YAML, demo_project, run_build
    counts = {"alpha": (2, 8, 10), "beta": (6, 0, 14), "gamma": (4, 2, 14), "ref-model": (1, 1, 18)}
    rows = "model,dimension,score,win,tie,loss\n" + "".join(
        f"{m},{d},,{w},{t},{l}\n" for m, (w, t, l) in counts.items() for d in ("code", "logic"))
    scores = demo_project(tmp_path, rows, **{"demo/board.yaml": BOARD_YAML.replace(
        "  decimals: 2\n", "  decimals: 2\n  higher_is_better: false\n")})
    assert run_build("--scores", scores, "--out", tmp_path / "site").returncode == 0
    with served(tmp_path / "site") as base:
        page = page_at(base + "en/demo/?ties=loss")
        ranked = page.evaluate("""() => Array.from(document.querySelectorAll('table[data-table=ranking] tbody tr'))
            .filter(r => r.getAttribute('data-group') === 'open').map(r => [r.getAttribute('data-model'), r.cells[0].textContent.trim()])""")
        closed(page)
    # ties as nothing: alpha 10%, gamma 20%, beta 30%: lowest first
    assert ranked == [["alpha", "1"], ["gamma", "2"], ["beta", "3"]]


def test_dates_do_not_break_at_their_hyphens_on_a_phone(page_at):
    """At phone widths from 320 to 420 px, no date is split across two lines (each is one box)."""
    page = page_at(f"en/{SC}/questions/wri-03/", width=320)
    for width in range(320, 421, 4):
        page.set_viewport_size({"width": width, "height": 800})
        pieces = page.evaluate("Array.from(document.querySelectorAll('.date')).map(d => d.getClientRects().length)")
        assert pieces and all(n == 1 for n in pieces), (width, pieces)
