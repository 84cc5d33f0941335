"""Pairwise battles to ratings: battles/<release>.jsonl becomes Bradley-Terry ratings on an Elo-like
scale with bootstrap 95% intervals, battle counts and a pairwise win-rate table. The ratings are
checked against closed forms and against an independent fit (a logistic regression with scipy);
the intervals against an independent bootstrap that resamples the battles themselves."""
from __future__ import annotations

import csv
import io
import json
import math
import random
import shutil

import numpy as np
import pytest
from scipy.optimize import minimize

from conftest import ROOT, build_in_process, run_build, soup, tree_bytes, write_project

EXAMPLE = ROOT / "examples" / "battles"
SITE = "title: {zh: 对战, en: Battles}\nlanguages: [zh, en]\nboards: [arena]\n"
BOARD = """title: {zh: 对战, en: Battles}
metric:
  kind: rating
  name: {zh: 评分, en: Rating}
  decimals: 2
"""
BF = "scores/arena/battles/2024-01-01.jsonl"
FAIL = "build failed: 1 error, 0 warnings; site was left as it was"


def battle(a, b, winner, **more) -> str:
    return json.dumps({"model_a": a, "model_b": b, "winner": winner, **more})


def project(tmp_path, models, lines, board=BOARD, csv_text="model,dimension,score\n"):
    cards = "".join(f"- {{id: {m}, name: {m.title()}}}\n" for m in models)
    scores = write_project(tmp_path, {"scores/site.yaml": SITE, "scores/arena/board.yaml": board,
                                      "scores/arena/models.yaml": cards,
                                      "scores/arena/releases/2024-01-01.csv": csv_text})
    path = scores / "arena" / "battles" / "2024-01-01.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    return scores


def built(tmp_path, capsys, models, lines, board=BOARD) -> dict:
    """{model id: release JSON record} of a site built from these battles."""
    scores = project(tmp_path, models, lines, board)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site", "--strict")
    assert code == 0, err
    record = json.loads((tmp_path / "site" / "arena" / "data" / "2024-01-01.json").read_text("utf-8"))
    return {m["id"]: m for m in record["models"]}


def repeated(a, b, winner, times) -> list:
    return [battle(a, b, winner)] * times


# --- the method, on cases known in closed form ----------------------------------------------

def test_two_models_with_a_known_win_rate(tmp_path, capsys):
    """a beats b 3 times in 4: a is 400·log10(3) ≈ 190.85 points above b; the mean is the base, 1000."""
    models = built(tmp_path, capsys, ["a", "b"], repeated("a", "b", "a", 750) + repeated("b", "a", "a", 250))
    gap = 400 * math.log10(3)
    assert models["a"]["overall"] == pytest.approx(1000 + gap / 2, abs=1e-3)
    assert models["b"]["overall"] == pytest.approx(1000 - gap / 2, abs=1e-3)
    assert models["a"]["rank"] == 1 and models["a"]["measures"] == {"battles": 1000.0}


def test_ties_and_both_bad_count_half_to_each_side(tmp_path, capsys):
    """500 wins, 250 losses, 150 ties and 100 both bad: a wins 625 of 1000."""
    lines = (repeated("a", "b", "a", 500) + repeated("a", "b", "b", 250) + repeated("a", "b", "tie", 150)
             + repeated("b", "a", "both bad", 60) + repeated("b", "a", "tie (bothbad)", 40))
    models = built(tmp_path, capsys, ["a", "b"], lines)
    assert models["a"]["overall"] - models["b"]["overall"] == pytest.approx(400 * math.log10(625 / 375), abs=1e-3)


def test_a_transitive_set_with_an_anchor(tmp_path, capsys):
    """Odds 2:1 of b over a and of c over b, 4:1 of c over a, met exactly: the fit gives back
    400·log10(2) between neighbours; the anchor a sits at the base."""
    lines = (repeated("b", "a", "a", 10) + repeated("a", "b", "a", 5) + repeated("c", "b", "a", 10)
             + repeated("b", "c", "a", 5) + repeated("c", "a", "a", 12) + repeated("a", "c", "a", 3))
    board = BOARD + "battles: {base: 1500, anchor: a, rounds: 0}\n"
    models = built(tmp_path, capsys, ["a", "b", "c"], lines, board)
    step = 400 * math.log10(2)
    assert [models[m]["overall"] for m in "abc"] == pytest.approx([1500, 1500 + step, 1500 + 2 * step], abs=1e-3)
    assert [models[m]["rank"] for m in "cba"] == [1, 2, 3]
    assert all(models[m]["intervals"]["overall"] is None for m in "abc")   # rounds: 0, no bootstrap


# --- against an independent fit ----------------------------------------------------------------

def random_battles(models: int, count: int, seed: int) -> list:
    rng = random.Random(seed)
    strength = [rng.gauss(0, 1) for _ in range(models)]
    lines = []
    for _ in range(count):
        a, b = rng.sample(range(models), 2)
        p = 1 / (1 + math.exp(strength[b] - strength[a]))
        u = rng.random()
        winner = "tie" if u < 0.1 else "both bad" if u < 0.15 else "a" if rng.random() < p else "b"
        lines.append((f"m{a}", f"m{b}", winner))
    return lines


def logistic_fit(battles: list, ids: list) -> np.ndarray:
    """Bradley-Terry as a logistic regression without intercept: one column per model, +1 for
    model_a and -1 for model_b, outcome 1 when a won; a tie is half a win each way (weights 1/2)."""
    rows, outcomes, weights = [], [], []
    for a, b, winner in battles:
        x = np.zeros(len(ids))
        x[ids.index(a)], x[ids.index(b)] = 1, -1
        for y, w in ((1, 1.0), (0, 1.0)) if winner not in ("a", "b") else ((int(winner == "a"), 2.0),):
            rows.append(x)
            outcomes.append(y)
            weights.append(w / 2)
    X, y, w = np.array(rows), np.array(outcomes), np.array(weights)

    def loss(beta):
        z = X @ beta
        return np.sum(w * (np.logaddexp(0, z) - y * z)), X.T @ (w * (1 / (1 + np.exp(-z)) - y))

    beta = minimize(loss, np.zeros(len(ids)), jac=True, method="BFGS", options={"gtol": 1e-10}).x
    return 1000 + 400 / math.log(10) * (beta - beta.mean())


def test_ratings_agree_with_a_logistic_regression(tmp_path, capsys):
    ids = [f"m{i}" for i in range(8)]
    fights = random_battles(8, 3000, seed=5)
    models = built(tmp_path, capsys, ids, [battle(*f) for f in fights], BOARD + "battles: {rounds: 0}\n")
    expected = logistic_fit(fights, ids)
    assert [models[m]["overall"] for m in ids] == pytest.approx(list(expected), abs=0.01)


def test_intervals_agree_with_a_bootstrap_of_the_battles(tmp_path, capsys):
    """The build draws multinomial counts per (pair, outcome); here the battles themselves are
    resampled, 200 times, and refitted with the logistic regression: the same intervals, up to
    the bootstrap's own noise."""
    ids = [f"m{i}" for i in range(5)]
    fights = random_battles(5, 1500, seed=11)
    models = built(tmp_path, capsys, ids, [battle(*f) for f in fights], BOARD + "battles: {rounds: 200, seed: 3}\n")
    rng = np.random.default_rng(1)
    rounds = np.array([logistic_fit([fights[i] for i in rng.integers(0, len(fights), len(fights))], ids)
                       for _ in range(200)])
    low, high = np.percentile(rounds, [2.5, 97.5], axis=0)
    for k, m in enumerate(ids):
        ours = models[m]["intervals"]["overall"]
        assert ours[0] < models[m]["overall"] < ours[1]
        width, independent = ours[1] - ours[0], high[k] - low[k]
        assert abs(width - independent) < 0.25 * independent, (m, ours, (low[k], high[k]))
        assert abs((ours[0] + ours[1]) / 2 - (low[k] + high[k]) / 2) < 0.15 * independent


def test_the_same_battles_give_the_same_site_byte_for_byte(tmp_path, capsys):
    ids = [f"m{i}" for i in range(6)]
    scores = project(tmp_path, ids, [battle(*f) for f in random_battles(6, 800, seed=2)])
    sites = []
    for name in ("one", "two"):
        code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / name)
        assert code == 0, err
        sites.append(tree_bytes(tmp_path / name))
    assert sites[0] == sites[1]


# --- the example, as a reader and a program see it ----------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("battles") / "site"
    result = run_build("--scores", EXAMPLE, "--out", out, "--strict")
    assert result.returncode == 0, result.stderr
    return out


def example_battles(release="v2") -> list:
    return [json.loads(line) for line in (EXAMPLE / "arena" / "battles" / f"{release}.jsonl").read_text().splitlines()]


def test_the_example_ranks_by_rating_with_counts_and_intervals(example):
    fights = example_battles()
    ids = sorted({b["model_a"] for b in fights} | {b["model_b"] for b in fights})
    expected = logistic_fit([(b["model_a"], b["model_b"], b["winner"]) for b in fights], ids)
    expected += 1000 - expected[ids.index("heron-7b")]   # board.yaml anchors heron-7b at 1000
    page = soup(example / "en" / "arena" / "index.html")
    shown = []
    for row in page.find("table", attrs={"data-table": "ranking"}).select("tbody > tr"):
        model = row.find("a")["href"].rstrip("/").split("/")[-1]
        cell = row.find("td", attrs={"data-dimension": "overall"})
        shown.append((model, cell.find(class_="v").get_text()))
        fought = sum(model in (b["model_a"], b["model_b"]) for b in fights)
        assert str(fought) in [td.get_text(strip=True) for td in row.find_all("td")]
        assert cell.find(class_="ci") is not None   # the bootstrap interval under the rating
    order = sorted(ids, key=lambda m: -expected[ids.index(m)])
    assert shown == [(m, str(round(expected[ids.index(m)]))) for m in order]
    assert page.find(id="pairwise-h").get_text() == "Pairwise win rates"
    assert "2400 battles" in page.get_text()


def test_the_pairwise_download_is_the_battles_counted(example):
    fights = example_battles()
    text = (example / "arena" / "data" / "v2.pairwise.csv").read_text("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert rows
    for row in rows:
        between = [b for b in fights if {b["model_a"], b["model_b"]} == {row["model"], row["opponent"]}]
        wins = sum(1.0 if (b["winner"] == "a") == (b["model_a"] == row["model"]) and b["winner"] in "ab" else
                   0.5 if b["winner"] in ("tie", "both bad") else 0.0 for b in between)
        assert (int(row["battles"]), float(row["wins"])) == (len(between), wins)
        assert row["win_rate"] == f"{100 * wins / len(between) + 1e-9:.2f}"
    pairs = {frozenset((b["model_a"], b["model_b"])) for b in fights}
    assert len(rows) == 2 * len(pairs)


def test_the_battles_download_is_the_file_with_ids(example):
    got = [json.loads(line) for line in (example / "arena" / "data" / "v2.battles.jsonl").read_text("utf-8").splitlines()]
    assert got == example_battles()


# --- bad battles: one located message each, the site left as it was ----------------------------

GOOD = [battle("a", "b", "a"), battle("b", "c", "tie"), battle("c", "a", "b")]
CASES = {
    "unknown model": ([battle("a", "b", "a"), battle("a", "bb", "a")] + GOOD,
                      f'{BF}:2: unknown model "bb" in model_b: expected an id or alias from models.yaml (did you mean "b"?)'),
    "winner misspelt": (GOOD + [battle("a", "c", "A")],
                        f'{BF}:4: winner "A" must be "a", "b", "tie" or "both bad" (or "model_a", "model_b", "tie (bothbad)") '
                        '(did you mean "a"?)'),
    "a model against itself": (GOOD + [battle("c", "c", "tie")],
                               f'{BF}:4: model_a and model_b are both "c": a battle is between two different models'),
    "not JSON": (GOOD + ['{"model_a": "a",'],
                 f"{BF}:4:17: not a JSON object: Expecting property name enclosed in double quotes (each line is one "
                 'object such as {"model_a": "m1", "model_b": "m2", "winner": "a"})'),
    "groups that never meet": ([battle("a", "b", "a"), battle("c", "d", "b")],
                               f"{BF}: the battles split the models into 2 groups that never meet (a, b; c, d): ratings "
                               "compare only models linked by battles; add battles between the groups"),
    "missing winner": (GOOD + ['{"model_a": "a", "model_b": "b"}'],
                       f'{BF}:4: missing "winner": each line has model_a, model_b and winner (and optionally question_id '
                       "and dimension)"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_battles_are_located(tmp_path, capsys, name):
    lines, expected = CASES[name]
    scores = project(tmp_path, ["a", "b", "c", "d"], GOOD + [battle("d", "a", "a")])
    out = tmp_path / "site"
    code, err = build_in_process(capsys, "--scores", scores, "--out", out)
    assert code == 0, err
    before = tree_bytes(out)
    (scores / "arena" / "battles" / "2024-01-01.jsonl").write_text("".join(f"{x}\n" for x in lines), "utf-8")
    code, err = build_in_process(capsys, "--scores", scores, "--out", out)
    assert code == 1 and tree_bytes(out) == before
    assert err.replace(str(tmp_path) + "/", "").splitlines() == [expected, FAIL]


def test_battles_on_a_board_that_is_not_a_rating(tmp_path, capsys):
    scores = project(tmp_path, ["a", "b"], [battle("a", "b", "a")], BOARD.replace("kind: rating", "kind: score"),
                     "model,dimension,score\na,overall,50\nb,overall,40\n")
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 1
    assert err.replace(str(tmp_path) + "/", "").splitlines() == [
        f'{BF}: battles give ratings, but board.yaml\'s metric is of kind "score": set "kind: rating" to rank models '
        "by their battles", FAIL.replace("; site", "; site")]


def test_a_csv_score_that_disagrees_with_the_battles(tmp_path, capsys):
    lines = repeated("a", "b", "a", 3) + repeated("a", "b", "b", 1)
    scores = project(tmp_path, ["a", "b"], lines, csv_text="model,dimension,score\na,overall,1100\n")
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    gap = 400 * math.log10(3) / 2
    assert code == 1
    assert err.replace(str(tmp_path) + "/", "").splitlines() == [
        f"scores/arena/releases/2024-01-01.csv:2:11: score 1100 disagrees with battles/2024-01-01.jsonl, whose ratings give "
        f"{1000 + gap:.2f}: leave the row out (the battles give it) or correct it", FAIL]


@pytest.mark.parametrize("every_line", [True, False])   # the fast reader, then the exact checker
def test_arena_keys_are_ignored_with_one_warning_each(tmp_path, capsys, every_line):
    lines = [json.dumps({"model_a": "a", "model_b": "b", "winner": "model_a", "judge": f"u{i}", "turn": 1})
             for i in range(50)]
    lines.append(lines[0] if every_line else battle("b", "a", "model_a"))
    scores = project(tmp_path, ["a", "b"], lines)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    times = 51 if every_line else 50
    assert code == 0
    printed = err.replace(str(tmp_path) + "/", "").splitlines()
    assert printed[:-1] == [f'{BF}:1: warning: unknown key "judge" (on {times} lines) is ignored',
                            f'{BF}:1: warning: unknown key "turn" (on {times} lines) is ignored']
    assert printed[-1].startswith("built ") and printed[-1].endswith("(0 errors, 2 warnings)")


def test_a_bad_line_in_the_middle_of_a_large_battles_file(tmp_path, capsys):
    ids = [f"m{i}" for i in range(20)]
    lines = [battle(*f) for f in random_battles(20, 50_000, seed=9)]
    scores = project(tmp_path, ids, lines, BOARD + "battles: {rounds: 5}\n")
    out = tmp_path / "site"
    code, err = build_in_process(capsys, "--scores", scores, "--out", out)
    assert code == 0, err
    before = tree_bytes(out)
    lines[31_416] = battle("m3", "m7", "draw")
    (scores / "arena" / "battles" / "2024-01-01.jsonl").write_text("".join(f"{x}\n" for x in lines), "utf-8")
    code, err = build_in_process(capsys, "--scores", scores, "--out", out)
    assert code == 1 and tree_bytes(out) == before
    assert err.replace(str(tmp_path) + "/", "").splitlines() == [
        f'{BF}:31417: winner "draw" must be "a", "b", "tie" or "both bad" (or "model_a", "model_b", "tie (bothbad)")',
        FAIL]
    shutil.rmtree(out)


def test_frames_and_pandas_read_the_battles_as_the_site_has_them(example):
    import pandas as pd

    import leaderboard
    board = leaderboard.frames(EXAMPLE)["arena"]
    fights = example_battles("v1") + example_battles("v2")
    assert board.battles.drop(columns="release").to_dict("records") == fights
    assert list(board.battles.release) == ["v1"] * len(example_battles("v1")) + ["v2"] * len(example_battles("v2"))
    record = json.loads((example / "arena" / "data" / "v2.json").read_text("utf-8"))
    overall = board.scores[(board.scores.release == "v2") & (board.scores.dimension == "overall")]
    assert dict(zip(overall.model, overall.score)) == {m["id"]: m["overall"] for m in record["models"]}
    assert dict(zip(overall.model, zip(overall.ci_low, overall.ci_high))) == \
        {m["id"]: tuple(m["intervals"]["overall"]) for m in record["models"]}
    pairwise = pd.read_csv(example / "arena" / "data" / "v2.pairwise.csv", encoding="utf-8-sig")
    assert pairwise.dtypes.to_dict() == {"model": "str", "opponent": "str", "battles": "int64", "wins": "float64",
                                         "win_rate": "float64"}
    read = pd.read_json(example / "arena" / "data" / "v2.battles.jsonl", lines=True, dtype=False)
    assert read.to_dict("records") == example_battles("v2")


# --- found in review: each failed before its fix ---------------------------------------------------

DIMS = BOARD + """dimensions:
  - {id: writing, name: {zh: 写作, en: Writing}}
  - {id: coding, name: {zh: 编程, en: Coding}}
"""


def test_an_anchor_absent_from_a_dimension_leaves_that_dimension_on_its_mean(tmp_path, capsys):
    """The anchor a fought only in writing: it is the base overall and there; coding's models b and c
    average the base instead (before, b was pinned there, or the build crashed)."""
    lines = [battle("a", "b", "a", dimension="writing"), battle("b", "a", "a", dimension="writing"),
             battle("c", "a", "b", dimension="writing"), battle("b", "c", "a", dimension="coding"),
             battle("c", "b", "tie", dimension="coding")]
    models = built(tmp_path, capsys, ["b", "c", "a"], lines, DIMS + "battles: {anchor: a, rounds: 5}\n")
    assert models["a"]["overall"] == pytest.approx(1000, abs=1e-6)
    assert models["a"]["scores"]["writing"] == pytest.approx(1000, abs=1e-6)
    assert models["a"]["scores"]["coding"] is None
    assert (models["b"]["scores"]["coding"] + models["c"]["scores"]["coding"]) / 2 == pytest.approx(1000, abs=1e-3)
    assert models["b"]["scores"]["coding"] > models["c"]["scores"]["coding"]


def test_a_dimension_whose_battles_never_meet_is_an_error(tmp_path, capsys):
    lines = [battle("a", "b", "a", dimension="writing"), battle("c", "d", "a", dimension="writing"),
             battle("b", "c", "a", dimension="coding")]
    scores = project(tmp_path, ["a", "b", "c", "d"], lines, DIMS)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 1 and err.replace(str(tmp_path) + "/", "").splitlines() == [
        f'{BF}: the battles of dimension "writing" split the models into 2 groups that never meet (a, b; c, d): '
        "ratings compare only models linked by battles; add battles between the groups", FAIL]


@pytest.mark.parametrize("name, lines, expected", [
    ("winner not text", [battle("a", "b", ["a"])],
     f'{BF}:1: winner ["a"] must be "a", "b", "tie" or "both bad" (or "model_a", "model_b", "tie (bothbad)")'),
    ("nested a thousand deep", [battle("a", "b", "a")[:-1] + ', "x": ' + "[" * 1000 + "]" * 1000 + "}"], None),
    ("an object over two lines", ['{"model_a": "a", "model_b": "b", "winner": "a", "x":', '{"k": 1}}',
                                  battle("a", "b", "b", x={"k": 1}) + battle("a", "b", "b", x={"k": 2})],
     f"{BF}:1:53: not a JSON object: Expecting value (each line is one object such as "
     '{"model_a": "m1", "model_b": "m2", "winner": "a"})'),
])
def test_odd_battle_lines_get_a_located_message(tmp_path, capsys, name, lines, expected):
    scores = project(tmp_path, ["a", "b"], lines)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    printed = err.replace(str(tmp_path) + "/", "").splitlines()
    assert code == 1 and "internal error" not in err
    if expected:
        assert printed[0] == expected
    else:
        assert printed[0].startswith(f"{BF}:1: ") and printed[-1].startswith("build failed")


def test_a_line_nested_a_hundred_thousand_deep_is_refused_not_a_crash(tmp_path, capsys):
    deep = battle("a", "b", "a")[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    scores = project(tmp_path, ["a", "b"], [battle("a", "b", "b"), deep])
    result = run_build("--scores", scores, "--out", tmp_path / "site")
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert result.stderr.replace(str(tmp_path) + "/", "").startswith(f"{BF}:2: ")


def test_one_bad_battle_line_is_one_error(tmp_path, capsys):
    lines = repeated("a", "b", "a", 3) + repeated("a", "b", "b", 1)
    gap = 400 * math.log10(3) / 2
    csv_text = f"model,dimension,score\na,overall,{1000 + gap:.2f}\nb,overall,{1000 - gap:.2f}\n"
    scores = project(tmp_path, ["a", "b"], lines + [battle("a", "b", "A!")], csv_text=csv_text)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 1 and err.replace(str(tmp_path) + "/", "").splitlines() == [
        f'{BF}:5: winner "A!" must be "a", "b", "tie" or "both bad" (or "model_a", "model_b", "tie (bothbad)") '
        '(did you mean "a"?)', FAIL]


def test_a_measure_the_board_names_battles_keeps_its_own_numbers(tmp_path, capsys):
    board = BOARD + "measures:\n  - {id: battles, name: {zh: 票, en: Votes}, decimals: 0}\n"
    lines = repeated("a", "b", "a", 3) + repeated("a", "b", "b", 1)
    gap = 400 * math.log10(3) / 2
    csv_text = f"model,dimension,score,battles\na,overall,{1000 + gap:.2f},999\nb,overall,{1000 - gap:.2f},7\n"
    scores = project(tmp_path, ["a", "b"], lines, board, csv_text)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 0, err
    record = json.loads((tmp_path / "site" / "arena" / "data" / "2024-01-01.json").read_text("utf-8"))
    assert {m["id"]: m["measures"]["battles"] for m in record["models"]} == {"a": 999.0, "b": 7.0}


def test_tables_are_as_big_as_the_models_that_fought(tmp_path):
    """A board of 100,000 models with three that fought: tables of 3 × 3, not 100,000 × 100,000."""
    from leaderboard import ratings
    a, b, outcome = np.array([7, 99_999, 50_000]), np.array([99_999, 50_000, 7]), np.array([0, 1, 2])
    found = ratings.rate(a, b, outcome, 100_000, ratings.Settings(anchor=7, rounds=3))
    assert found.wins.shape == (3, 3) and list(found.fought) == [7, 50_000, 99_999]
    assert found.rating[7] == 1000 and np.isnan(found.rating[8]) and found.battles.sum() == 6
