"""Every data download of the built sites reads back with pandas (or json) into well-typed columns
that hold the numbers of leaderboard.frames() and of the upstream publication. The downloads are
found by walking the built site, so that a new one cannot be skipped unnoticed."""
from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

import leaderboard
from conftest import BOARD, COUNTS_DATA, SCORES
from test_published_tables import DIMENSION_TABLE_NAME, TABLES, anchor

BOM = b"\xef\xbb\xbf"
# The upstream dimension table's headings, left to right.
PUBLISHED_HEADER = "语义理解与抽取 | 闲聊 | 上下文对话 | 角色扮演 | 知识与百科 | 生成与创作 | 代码 | 逻辑与推理 | 计算 | 安全"
KINDS = ("csv", "json", "jsonl", "txt")   # release tables, release records, judgments, verdict letters


@pytest.fixture(scope="module", params=["default", "counts"])
def built(request) -> tuple:
    """(site folder, {board id: BoardFrames}) of the default site and of the counts site."""
    site = request.getfixturevalue("site" if request.param == "default" else "counts_site")
    return site, leaderboard.frames(SCORES if request.param == "default" else COUNTS_DATA)


def downloads(site: Path, boards: dict) -> dict:
    """{kind: [(path, board id, release id)]} of every data file of the site: every file below
    <board>/data/ (where downloads.py puts them), and every CSV or JSON file anywhere, which must be
    there too. A file of none of the kinds below fails: a new download must be read here."""
    names = {}
    for board_id, frames in boards.items():
        for release in frames.scores["release"].unique():
            for kind, name in (("csv", f"{release}.csv"), ("json", f"{release}.json"),
                               ("jsonl", f"{release}.judgments.jsonl"), ("txt", f"{release}-verdicts")):
                names[(board_id, name)] = (kind, release)
        names[(board_id, "latest.json")] = ("json", "latest")
    found = {kind: [] for kind in KINDS}
    for path in sorted(site.rglob("*")):
        parts = path.relative_to(site).parts
        in_data = len(parts) >= 3 and parts[1] == "data"
        if path.is_file() and (in_data or path.suffix in (".csv", ".json", ".jsonl")):
            assert in_data, f"a data file outside <board>/data/: {path}"
            kind, release = names.get((parts[0], parts[2]), (None, None))
            assert kind and (kind == "txt") == (len(parts) == 4 and path.suffix == ".txt"), \
                f"a download of a kind this test does not read: {path}"
            found[kind].append((path, parts[0], release))
    return found


def half_up(value: float, places: int) -> float:
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def numeric(frame: pd.DataFrame, columns) -> None:
    for column in columns:
        assert pd.api.types.is_numeric_dtype(frame[column]), (column, frame[column].dtype)


def test_every_kind_of_download_is_found(built):
    site, boards = built
    found = downloads(site, boards)
    judged = {(b, r) for b, frames in boards.items() for r in frames.judgments["release"].unique()}
    assert len(found["csv"]) > 0 and len(found["json"]) > 0
    assert (len(found["jsonl"]) > 0) is bool(judged) and (len(found["txt"]) > 0) is bool(judged)
    releases = {(b, r) for b, frames in boards.items() for r in frames.scores["release"].unique()}
    assert {(b, r) for _, b, r in found["csv"]} == releases
    assert {(b, r) for _, b, r in found["json"]} == releases | {(b, "latest") for b in boards}
    assert {(b, r) for _, b, r in found["jsonl"]} == {(b, r) for _, b, r in found["txt"]} == judged


def test_every_csv_reads_with_pandas_into_the_frames_numbers(built):
    site, boards = built
    paths = downloads(site, boards)["csv"]
    assert len(paths) > 0
    for path, board_id, release in paths:
        assert path.read_bytes().startswith(BOM), path
        table = pd.read_csv(path, encoding="utf-8-sig")
        scores = boards[board_id].scores.query("release == @release")
        dims = list(dict.fromkeys(scores.loc[scores["dimension"] != "overall", "dimension"]))
        record = json.loads((path.parent / f"{release}.json").read_text("utf-8"))
        measures = [m["id"] for m in record.get("measures", [])]
        facts = [f["id"] for f in record.get("facts", [])] + (["tags"] if record.get("tags") else [])
        assert list(table.columns) == ["rank", "model", "name", "org", "group", "overall", *dims, *measures, *facts]
        numeric(table, ["rank", "overall", *dims, *measures])
        for column in ("model", "name", "group"):
            assert table[column].dtype == "str", (path, column)
        wide = scores.pivot(index="model", columns="dimension", values="score")
        overall = scores[scores["dimension"] == "overall"]
        assert list(table["model"]) == list(overall["model"])   # the published order, as the frames
        assert list(table["name"]) == list(overall["model_name"]) and list(table["group"]) == list(overall["group"])
        places = record["metric"]["decimals"]
        for row, frame_row in zip(table.itertuples(index=False), overall.itertuples(index=False)):
            assert (pd.isna(row.rank) and pd.isna(frame_row.rank)) or row.rank == frame_row.rank, path
            for column in ("overall", *dims):
                value = wide.loc[row.model].get(column)
                cell = getattr(row, column)
                assert (pd.isna(cell) and pd.isna(value)) or cell == half_up(value, places), (path, row.model, column)


def test_every_json_reads_into_the_frames_numbers(built):
    site, boards = built
    paths = downloads(site, boards)["json"]
    assert len(paths) > 0
    for path, board_id, name in paths:
        record = json.loads(path.read_text("utf-8"))
        frames = boards[board_id]
        release = frames.scores["release"].iloc[-1] if name == "latest" else name
        assert (record["board"], record["release"]) == (board_id, release)
        if name == "latest":
            assert path.read_bytes() == (path.parent / f"{release}.json").read_bytes()
        models = pd.json_normalize(record["models"])
        dims = [d["id"] for d in record["dimensions"]]
        numeric(models, ["overall", *[f"scores.{d}" for d in dims]])
        if models["rank"].notna().any():
            numeric(models, ["rank"])
        scores = frames.scores.query("release == @release").set_index(["model", "dimension"])
        assert len(scores) == sum(model["overall"] is not None for model in record["models"]) + \
            sum(v is not None for model in record["models"] for v in model["scores"].values())
        for model in record["models"]:
            given = {"overall": model["overall"], **model["scores"]}
            for dimension, value in given.items():
                if value is None:
                    assert (model["id"], dimension) not in scores.index
                    continue
                row = scores.loc[(model["id"], dimension)]
                assert row["score"] == value, (path, model["id"], dimension)
                counts = model["counts"][dimension]
                assert [None if pd.isna(row[k]) else row[k] for k in ("win", "tie", "loss")] == \
                    ([None] * 3 if counts is None else [counts["win"], counts["tie"], counts["loss"]])
                interval = model["intervals"][dimension]
                assert [None if pd.isna(row[k]) else row[k] for k in ("ci_low", "ci_high")] == (interval or [None] * 2)
            overall_rank = scores.loc[(model["id"], "overall"), "rank"]
            assert model["rank"] == (None if pd.isna(overall_rank) else overall_rank)
            model_id = model["id"]
            for measure, value in model.get("measures", {}).items():
                got = frames.measures.query("release == @release and model == @model_id and measure == @measure")
                assert list(got["value"]) == ([] if value is None else [value])


def test_every_judgments_file_reads_with_pandas_as_the_frames(built):
    site, boards = built
    paths = downloads(site, boards)["jsonl"]
    for path, board_id, release in paths:
        read = pd.read_json(path, lines=True)
        frame = boards[board_id].judgments.query("release == @release").drop(columns="release")
        assert list(read.columns) == ["model", "question_id", "dimension", "turn", "verdict", "judge_reason"]
        assert read["turn"].dtype == "int64" and read["model"].dtype == "str"
        pd.testing.assert_frame_equal(read, frame.reset_index(drop=True))
    judged = [r for b in boards.values() for r in b.judgments["release"].unique()]
    assert len(paths) == len(judged)


def test_every_verdict_letter_file_is_the_frames_judgments(built):
    """One letter per (question, turn) of the release, question ids in text order, then turn."""
    site, boards = built
    for path, board_id, release in downloads(site, boards)["txt"]:
        judged = boards[board_id].judgments.query("release == @release")
        columns = sorted(set(zip(judged["question_id"], judged["turn"])))
        mine = judged[judged["model"] == path.stem]
        letter = {(q, t): v[0] for q, t, v in zip(mine["question_id"], mine["turn"], mine["verdict"])}
        assert path.read_text("ascii") == "".join(letter.get(c, "-") for c in columns)


def test_the_default_downloads_hold_the_published_numbers(site):
    """Read straight from the upstream README tables, not through the frames."""
    for release in ("2023-07-28", "2023-08-02"):
        table = pd.read_csv(site / BOARD / "data" / f"{release}.csv", encoding="utf-8-sig").set_index("name")
        for rank, model, _org, score, _ in TABLES[(release, "ranking")]:
            row = table.loc[anchor(model)[0]]
            assert row["overall"] == float(score)
            assert pd.isna(row["rank"]) if rank == "-" else row["rank"] == int(rank)
        record = json.loads((site / BOARD / "data" / f"{release}.json").read_text("utf-8"))
        dims = list(table.columns[5:5 + len(record["dimensions"])])   # the model's facts follow them
        assert dims == [d["id"] for d in record["dimensions"]]
        assert [d["name"] for d in record["dimensions"]] == PUBLISHED_HEADER.split(" | ")
        for _, model, _overall, *cells in TABLES[(release, "dimensions")]:
            assert table.loc[DIMENSION_TABLE_NAME[model], dims].tolist() == [float(c) for c in cells]
        overall = {m["name"]: m["overall"] for m in record["models"]}
        assert overall == {anchor(model)[0]: float(score) for _, model, _, score, _ in TABLES[(release, "ranking")]}
