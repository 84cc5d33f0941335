"""leaderboard.frames(): the validated boards as pandas DataFrames. The expected numbers come from
outside the package: the upstream README tables (tests/oracle/, checked verbatim against
../shared/seed by test_published_tables.py), the input files read here with csv/json, and formulas
written out in this file."""
from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
import sys
from collections import Counter
from decimal import Decimal

import pandas as pd
import pytest
import yaml

import leaderboard
from conftest import BOARD, COUNTS_DATA, ROOT, SCORES, run_build
from leaderboard.problems import BuildFailed
from test_published_tables import DIMENSION_TABLE_NAME, RELEASES, TABLES, anchor

SC, JUDGED, EARLIER = "synthetic-counts", "2025-03-01", "2025-01-15"
# The upstream dimension table's columns, left to right (checked against board.yaml below).
PUBLISHED_DIMENSIONS = ["understanding", "chitchat", "context", "roleplay", "knowledge", "generation", "code",
                        "logic", "calculation", "safety"]
DTYPES = {
    "scores": {"board": "str", "release": "str", "model": "str", "model_name": "str", "group": "str",
               "ranked": "bool", "dimension": "str", "score": "float64", "ci_low": "float64", "ci_high": "float64",
               "win": "Int64", "tie": "Int64", "loss": "Int64", "rank": "Int64"},
    "measures": {"release": "str", "model": "str", "measure": "str", "value": "float64"},
    "judgments": {"release": "str", "model": "str", "question_id": "str", "dimension": "str", "turn": "int64",
                  "verdict": "str", "judge_reason": "str"},
    "battles": {"release": "str", "model_a": "str", "model_b": "str", "winner": "str", "question_id": "str",
                "dimension": "str"},
}
Z = 1.959963984540054


@pytest.fixture(scope="module")
def bundled():
    return leaderboard.frames(SCORES)[BOARD]


@pytest.fixture(scope="module")
def counted():
    return leaderboard.frames(COUNTS_DATA)[SC]


def dtypes(frame: pd.DataFrame) -> dict:
    return {column: str(dtype) for column, dtype in frame.dtypes.items()}


def wilson(successes: int, n: int) -> tuple:
    """The 95% Wilson score interval, in percent."""
    p = successes / n
    centre = (2 * n * p + Z * Z) / (2 * (n + Z * Z))
    half = Z * math.sqrt(Z * Z + 4 * n * p * (1 - p)) / (2 * (n + Z * Z))
    return 100 * (centre - half), 100 * (centre + half)


def competition_ranks(values: dict) -> dict:
    """{key: 1 + how many values are higher} (1, 2, 2, 4) of published decimal strings."""
    shown = {k: Decimal(v) for k, v in values.items()}
    return {k: 1 + sum(other > v for other in shown.values()) for k, v in shown.items()}


def test_boards_come_in_site_yaml_order_with_the_documented_dtypes(bundled, counted):
    for folder in (SCORES, COUNTS_DATA):
        listed = yaml.safe_load((folder / "site.yaml").read_text("utf-8"))["boards"]
        assert list(leaderboard.frames(folder)) == listed
    for board in (bundled, counted):
        assert {name: dtypes(getattr(board, name)) for name in DTYPES} == DTYPES
    assert len(bundled.scores) and len(counted.judgments) and bundled.judgments.empty
    assert bundled.battles.empty and bundled.measures.empty


def test_the_published_dimension_columns_are_the_boards_dimensions():
    board = yaml.safe_load((SCORES / BOARD / "board.yaml").read_text("utf-8"))
    header = "语义理解与抽取 | 闲聊 | 上下文对话 | 角色扮演 | 知识与百科 | 生成与创作 | 代码 | 逻辑与推理 | 计算 | 安全"
    names = {d["id"]: d["name"]["zh"] for d in board["dimensions"]}
    assert [names[d] for d in PUBLISHED_DIMENSIONS] == header.split(" | ")


@pytest.mark.parametrize("release", RELEASES)
def test_every_published_overall_score_and_rank(bundled, release):
    overall = bundled.scores.query("release == @release and dimension == 'overall'").set_index("model_name")
    ranking = TABLES[(release, "ranking")]
    assert sorted(overall.index) == sorted(anchor(model)[0] for _, model, *_ in ranking)
    assert list(overall.index) == [anchor(model)[0] for _, model, *_ in ranking]   # the published order
    for rank, model, _org, score, _description in ranking:
        row = overall.loc[anchor(model)[0]]
        assert row["score"] == float(score)
        assert bool(row["ranked"]) is (rank != "-")
        assert (pd.isna(row["rank"]) if rank == "-" else row["rank"] == int(rank)), model
    assert (bundled.scores["board"] == BOARD).all()


@pytest.mark.parametrize("release", RELEASES)
def test_every_published_dimension_score_and_its_rank_among_the_scored(bundled, release):
    scores = bundled.scores.query("release == @release and dimension != 'overall'")
    table = TABLES[(release, "dimensions")]
    by_name = {DIMENSION_TABLE_NAME[model]: cells for _, model, *cells in table}
    assert len(scores) == len(table) * len(PUBLISHED_DIMENSIONS)
    assert set(scores["model_name"]) == set(by_name)
    overall = bundled.scores.query("release == @release and dimension == 'overall'").set_index("model_name")
    for i, dimension in enumerate(PUBLISHED_DIMENSIONS):
        column = {name: cells[1 + i] for name, cells in by_name.items()}
        ranks = competition_ranks(column)
        got = scores[scores["dimension"] == dimension].set_index("model_name")
        for name, published in column.items():
            assert got.loc[name, "score"] == float(published), (name, dimension)
            assert got.loc[name, "rank"] == ranks[name], (name, dimension)
    for name, cells in by_name.items():   # the dimension table's overall column (胜和率)
        assert overall.loc[name, "score"] == float(cells[0])


def test_a_board_of_given_scores_has_no_counts_or_intervals(bundled):
    scores = bundled.scores
    assert scores[["ci_low", "ci_high"]].isna().all().all()
    assert scores[["win", "tie", "loss"]].isna().all().all()
    models = yaml.safe_load((SCORES / BOARD / "models.yaml").read_text("utf-8"))
    group = {m["id"]: m["group"] for m in models}
    assert (scores["group"] == scores["model"].map(group)).all()


def csv_counts(release: str) -> dict:
    """{(model, dimension): (win, tie, loss)} of a release CSV's rows with counts."""
    with open(COUNTS_DATA / SC / "releases" / f"{release}.csv", encoding="utf-8") as f:
        return {(r["model"], r["dimension"]): (int(r["win"]), int(r["tie"]), int(r["loss"]))
                for r in csv.DictReader(f) if r["win"]}


def judged_counts() -> dict:
    """{(model, dimension): (win, tie, loss)} counted from the judgments file's lines."""
    tally = {}
    path = COUNTS_DATA / SC / "judgments" / f"{JUDGED}.jsonl"
    for line in path.read_text("utf-8").splitlines():
        j = json.loads(line)
        tally.setdefault((j["model"], j["dimension"]), Counter())[j["verdict"]] += 1
    return {key: (c["win"], c["tie"], c["loss"]) for key, c in tally.items()}


@pytest.mark.parametrize("release", [EARLIER, JUDGED])
def test_counts_sum_per_model_as_in_the_input(counted, release):
    expected = judged_counts() if release == JUDGED else csv_counts(release)
    scores = counted.scores[counted.scores["release"] == release]
    dims = scores[scores["dimension"] != "overall"]
    got = {(r.model, r.dimension): (r.win, r.tie, r.loss) for r in dims.itertuples()}
    assert got == expected
    totals = {}
    for (model, _), counts in expected.items():
        totals[model] = tuple(a + b for a, b in zip(totals.get(model, (0, 0, 0)), counts))
    overall = scores[scores["dimension"] == "overall"]
    assert {r.model: (r.win, r.tie, r.loss) for r in overall.itertuples()} == totals
    for r in scores.itertuples():   # each interval is Wilson's, a tie counting as a win (as published)
        n = r.win + r.tie + r.loss
        assert (r.ci_low, r.ci_high) == pytest.approx(wilson(r.win + r.tie, n), abs=1e-4)
        if r.dimension != "overall":
            assert r.score == pytest.approx(100 * (r.win + r.tie) / n)


def test_judgments_are_the_file_in_its_order(counted):
    path = COUNTS_DATA / SC / "judgments" / f"{JUDGED}.jsonl"
    lines = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    frame = counted.judgments
    assert (frame["release"] == JUDGED).all()
    assert frame.drop(columns="release").to_dict("records") == lines


def test_measures_and_published_intervals(tmp_path):
    board = leaderboard.frames(ROOT / "examples" / "rating")["rating"]
    for release in ("v1", "v2"):
        with open(ROOT / "examples" / "rating" / "rating" / "releases" / f"{release}.csv", encoding="utf-8") as f:
            given = {r["model_name"]: r for r in csv.DictReader(f)}
        scores = board.scores.query("release == @release").set_index("model_name")
        assert sorted(scores.index) == sorted(given)
        for name, row in given.items():
            assert scores.loc[name, ["score", "ci_low", "ci_high"]].tolist() == \
                [float(row["rating"]), float(row["rating_q025"]), float(row["rating_q975"])]
        measures = board.measures.query("release == @release")
        assert (measures["measure"] == "votes").all()
        votes = dict(zip(measures["model"], measures["value"]))
        assert votes == {scores.loc[name, "model"]: float(row["num_battles"]) for name, row in given.items()}


def copy_of_scores(tmp_path):
    scores = tmp_path / "scores"
    shutil.copytree(SCORES, scores)
    return scores


def snapshot(folder) -> dict:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def test_broken_input_raises_the_located_messages_a_build_prints(tmp_path, monkeypatch):
    scores = copy_of_scores(tmp_path)
    release = scores / BOARD / "releases" / "2023-08-02.csv"
    release.write_text(release.read_text("utf-8").replace("gpt-4,chitchat,97.30", "gpt-4,chitchat,lots"), "utf-8")
    monkeypatch.chdir(tmp_path)   # messages name files relative to the working folder, as a build's do
    before = snapshot(tmp_path)
    with pytest.raises(BuildFailed) as failed:
        leaderboard.frames("scores")
    assert snapshot(tmp_path) == before
    message = str(failed.value).splitlines()
    build = run_build("--scores", "scores", "--check", cwd=tmp_path)
    assert build.returncode == 1
    printed = build.stderr.splitlines()
    assert message[0] == "1 error, 0 warnings" and printed[-1].startswith("build failed: 1 error, 0 warnings")
    assert message[1:] == printed[:-1]
    assert message[1].startswith(f"scores/{BOARD}/releases/2023-08-02.csv:4:")
    assert failed.value.problems.counts() == (1, 0)


def test_warnings_fail_only_when_strict_and_nothing_is_written(tmp_path, monkeypatch):
    scores = copy_of_scores(tmp_path)
    with open(scores / BOARD / "models.yaml", "a", encoding="utf-8") as f:
        f.write("- {id: unscored-model, name: Unscored, group: reference}\n")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    assert list(leaderboard.frames("scores")) == [BOARD]
    with pytest.raises(BuildFailed) as failed:
        leaderboard.frames("scores", strict=True)
    assert snapshot(tmp_path) == before
    lines = str(failed.value).splitlines()
    assert lines[0] == "0 errors, 1 warning"
    assert lines[1].startswith(f"scores/{BOARD}/models.yaml:") and ': warning: model "unscored-model"' in lines[1]


def test_a_missing_folder_is_a_located_failure(tmp_path):
    with pytest.raises(BuildFailed, match=r"site\.yaml: missing"):
        leaderboard.frames(tmp_path / "nowhere")


def python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_the_package_does_not_import_pandas():
    assert python("import sys, leaderboard; print('pandas' in sys.modules)") == "False"
    assert python("import sys, leaderboard; leaderboard.frames; print('pandas' in sys.modules)") == "True"
    assert python("import leaderboard\ntry: leaderboard.nothing\nexcept AttributeError as e: print(e)") == \
        "module 'leaderboard' has no attribute 'nothing'"


def test_frames_is_callable_however_it_was_imported():
    """`import leaderboard.frames` binds the module where the function's name is: both must work."""
    code = ("import leaderboard.frames\nfrom leaderboard.frames import BoardFrames\nimport leaderboard\n"
            "boards = leaderboard.frames('scores')\nprint(type(boards['%s']) is BoardFrames)" % BOARD)
    assert python(code) == "True"
    assert python("from leaderboard import frames\nprint(list(frames('scores')))") == f"['{BOARD}']"
