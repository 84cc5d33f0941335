"""Property-based: random CSV and YAML never crash the loaders or the validator. Every run ends
in a clean result or in located problems (BuildFailed), never in a traceback."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BOARD_YAML, MODELS_YAML, SITE_YAML, write_project
from leaderboard import pipeline
from leaderboard.problems import BuildFailed, Problems

KEYS = ["title", "summary", "metric", "name", "formula", "range", "decimals", "higher_is_better", "dimensions",
        "groups", "releases", "id", "ranked", "description", "group", "aliases", "url", "org", "languages",
        "boards", "zh", "en", "2024-01-01", "source", "baseline", "judge", "params", "released"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=True),
                    st.sampled_from(["win_tie_rate", "score", "demo", "code", "open", "ref", "alpha", "zh", "en",
                                     "2024-01-01", "https://x.org", ""]), st.text(max_size=8))
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
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(files: dict) -> None:
    """Load and validate a project (rendering in memory when valid); only BuildFailed may leave."""
    with tempfile.TemporaryDirectory() as tmp:
        base = {"scores/site.yaml": SITE_YAML, "scores/demo/board.yaml": BOARD_YAML,
                "scores/demo/models.yaml": MODELS_YAML,
                "scores/demo/releases/2024-01-01.csv": "model,dimension,score\nalpha,overall,1\n"}
        base.update(files)
        scores = write_project(Path(tmp), {k: v for k, v in base.items() if isinstance(v, str)})
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
