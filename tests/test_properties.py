"""Property-based: random CSV and YAML never crash the loaders or the validator. Every run ends
in a clean result or in located problems (BuildFailed), never in a traceback.

The suite runs with a fixed seed (the same examples every time, in CI too); tests/bench/fuzz.py runs
the same properties much longer, with fresh seeds, and prints what it tried."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BOARD_YAML, MODELS_YAML, SITE_YAML, write_project
from leaderboard import pipeline
from leaderboard.problems import BuildFailed, Problems

KEYS = ["title", "summary", "metric", "name", "formula", "range", "decimals", "higher_is_better", "dimensions",
        "groups", "releases", "id", "ranked", "description", "group", "aliases", "url", "org", "languages",
        "boards", "zh", "en", "2024-01-01", "source", "baseline", "judge", "params", "released",
        # the board shapes
        "kind", "unit", "overall", "measures", "columns", "ignored_columns", "date", "note", "v2", "2024-05"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=True),
                    st.sampled_from(["win_tie_rate", "score", "demo", "code", "open", "ref", "alpha", "zh", "en",
                                     "2024-01-01", "https://x.org", "", "win_rate", "accuracy", "rating", "cost",
                                     "mean", "given", "votes"]), st.text(max_size=8))
structures = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=5)), inner,
                                                   max_size=5)), max_leaves=25)
yaml_text = st.one_of(structures.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
                      st.text(alphabet=st.sampled_from(list("ab:-[]{}\"' \n\t#&*!|>%@,0129zh")), max_size=80))
csv_cell = st.one_of(st.sampled_from(["alpha", "beta", "ALPHA", "alpha_v1", "overall", "code", "logic", "50",
                                      "33.333", "-1", "1e400", "nan", "", " ", "2.5", "0", '"', '""', "x,y"]),
                     st.text(max_size=6))
csv_text = st.one_of(
    st.lists(st.lists(csv_cell, min_size=1, max_size=7), max_size=8).map(
        lambda rows: "\n".join(",".join(r) for r in rows)),
    st.lists(st.lists(csv_cell, min_size=6, max_size=6), max_size=6).map(
        lambda rows: "model,dimension,score,win,tie,loss\n" + "\n".join(",".join(r) for r in rows)),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
)
settings.register_profile("suite", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "3000")), deadline=None,
                          suppress_health_check=list(HealthCheck))
SETTINGS = settings(settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite")))


def outcome(files: dict) -> None:
    """Load and validate a project (rendering in memory when valid); only BuildFailed may leave."""
    with tempfile.TemporaryDirectory() as tmp:
        base = {"scores/site.yaml": SITE_YAML, "scores/demo/board.yaml": BOARD_YAML,
                "scores/demo/models.yaml": MODELS_YAML,
                "scores/demo/releases/2024-01-01.csv": "model,dimension,score\nalpha,overall,1\n"}
        base.update(files)
        scores = write_project(Path(tmp), {k: v for k, v in base.items() if isinstance(v, str)})   # None: no such file
        for name, raw in base.items():
            if isinstance(raw, bytes):
                (Path(tmp) / name).write_bytes(raw)
        problems = Problems()
        try:
            pipeline.build(scores, Path(tmp) / "site", problems, check=True)
        except BuildFailed:
            assert problems.errors
            for problem in problems.items:
                assert problem.path and problem.message
                assert problem.line is None or problem.line >= 1


@SETTINGS
@given(csv_text)
def test_random_release_csv(text):
    outcome({"scores/demo/releases/2024-01-01.csv": text})


@SETTINGS
@given(yaml_text)
def test_random_board_yaml(text):
    outcome({"scores/demo/board.yaml": text})


@SETTINGS
@given(yaml_text)
def test_random_models_yaml(text):
    outcome({"scores/demo/models.yaml": text})


@SETTINGS
@given(yaml_text)
def test_random_site_yaml(text):
    outcome({"scores/site.yaml": text})


@SETTINGS
@given(yaml_text, st.text(max_size=40))
def test_random_page_front_matter(front, body):
    outcome({"scores/demo/pages/about.md": f"---\n{front}\n---\n{body}"})


@SETTINGS
@given(yaml_text)
def test_random_dialogue_yaml(text):
    outcome({"scores/demo/dialogues/random.yaml": text})


@SETTINGS
@given(st.dictionaries(st.sampled_from(["alpha", "beta", "zeta", "ALPHA", "alpha_v1", ""]),
                       st.one_of(st.text(max_size=30), st.none(), st.integers()), max_size=4),
       st.one_of(st.text(max_size=20), st.none()), st.sampled_from(["code", "logic", "x", None]))
def test_random_dialogue_turns(responses, prompt, dimension):
    dialogue = {"dimension": dimension, "turns": [{"prompt": prompt, "responses": responses}]}
    outcome({"scores/demo/dialogues/random.yaml": yaml.safe_dump(dialogue, allow_unicode=True)})


judgment = st.fixed_dictionaries(
    {"model": st.sampled_from(["alpha", "beta", "ALPHA", "alpha_v1", "zeta", "", 3]),
     "question_id": st.one_of(st.sampled_from(["q1", "q2", "Q1", "index.html", "a/b", "..", "q1\n"]),
                              st.integers(-3, 10 ** 6), st.text(max_size=5)),
     "dimension": st.sampled_from(["code", "logic", "overall", "x"]),
     "turn": st.one_of(st.integers(-1, 3), st.booleans(), st.floats(allow_nan=True), st.text(max_size=2)),
     "verdict": st.sampled_from(["win", "tie", "loss", "Win", "", None])},
    optional={"judge_reason": st.one_of(st.text(max_size=10), st.none(), st.integers()), "extra": scalars})
judgment_line = st.one_of(judgment.map(json.dumps), structures.map(json.dumps), st.text(max_size=30))


@SETTINGS
@given(st.lists(judgment_line, max_size=8), st.sampled_from(["model,dimension,score\nalpha,overall,1\n",
                                                             "model,dimension,score,win,tie,loss\n",
                                                             "model,dimension,score,win,tie,loss\nalpha,code,,1,0,0\n"]))
def test_random_judgments(lines, release):
    """Random judgment lines (valid or not) against a release CSV: located problems or a site."""
    outcome({"scores/demo/judgments/2024-01-01.jsonl": "\n".join(lines) + "\n",
             "scores/demo/releases/2024-01-01.csv": release})


# --- boards of every shape ------------------------------------------------------------------

KINDS = ["win_rate", "accuracy", "rating", "score", "cost"]
shape = st.fixed_dictionaries({
    "kind": st.sampled_from(KINDS), "dims": st.integers(0, 3), "measures": st.integers(0, 2),
    "groups": st.booleans(), "overall": st.sampled_from(["given", "mean"]), "wide": st.booleans(),
    "interval": st.booleans(), "release": st.sampled_from(["2024-01-01", "2024-05", "v2"]),
    "range": st.sampled_from([None, [0, 100], [None, None], [1, 10], [0, None]])})
number = st.one_of(st.integers(-5, 120).map(str), st.floats(-10, 2000, allow_nan=False).map(lambda x: f"{x:.3f}"),
                   st.sampled_from(["", "x", "1e13", "50", "7"]))


@SETTINGS
@given(shape, st.lists(st.lists(number, min_size=8, max_size=8), min_size=1, max_size=5))
def test_random_board_shapes(spec, values):
    """Any kind, any number of dimensions and measures, either CSV shape, with or without intervals
    and groups, a release named by date, month or version, and random numbers: a site or located
    problems."""
    dims = [f"d{i}" for i in range(spec["dims"])]
    measures = [f"m{i}" for i in range(spec["measures"])]
    board = {"title": "Shapes", "metric": {"name": "Score", "kind": spec["kind"], "overall": spec["overall"]},
             "dimensions": [{"id": d, "name": d.upper()} for d in dims],
             "measures": [{"id": m, "name": m.upper()} for m in measures]}
    if spec["range"] is not None:
        board["metric"]["range"] = spec["range"]
    if spec["groups"]:
        board["groups"] = [{"id": "ranked", "name": "R", "ranked": True}, {"id": "ref", "name": "F", "ranked": False}]
    if spec["release"] == "v2":
        board["releases"] = {"v2": {"date": "2024-06-01"}}
    names = ["alpha", "beta", "gamma", "delta", "eps"]
    models = [{"id": n, "name": n.title(), **({"group": "ref" if i == 4 else "ranked"} if spec["groups"] else {})}
              for i, n in enumerate(names)]
    counts = ["correct", "total"] if spec["kind"] == "accuracy" else ["win", "tie", "loss"]
    ci = ["ci_low", "ci_high"] if spec["interval"] else []
    if spec["wide"]:
        header = ["model", "score", *ci, *dims, *measures]
        rows = [[names[i % 5], *row[:len(header) - 1]] for i, row in enumerate(values)]
    else:
        header = ["model", "dimension", "score", *ci, *counts[:2 if spec["kind"] == "accuracy" else 3], *measures]
        rows = [[names[i % 5], (["overall"] + dims)[i % (len(dims) + 1)], *row[:len(header) - 2]]
                for i, row in enumerate(values)]
    csv = "\n".join(",".join(r) for r in [header, *rows]) + "\n"
    outcome({"scores/demo/board.yaml": yaml.safe_dump(board), "scores/demo/models.yaml": yaml.safe_dump(models),
             "scores/demo/releases/2024-01-01.csv": None, f"scores/demo/releases/{spec['release']}.csv": csv})
