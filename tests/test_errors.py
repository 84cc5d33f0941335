"""Bad input: every problem reported as path:line: message, exit 1, nothing written."""
from __future__ import annotations

import pytest

from conftest import BOARD_YAML, MODELS_YAML, build_in_process, demo_project, run_build

GOOD = "model,dimension,score\nalpha,overall,50\nbeta,overall,40\ngamma,overall,30\nref-model,overall,90\n"
CSV = "scores/demo/releases/2024-01-01.csv"


def failing(tmp_path, capsys, csv_text=GOOD, *flags, **files):
    scores = demo_project(tmp_path, csv_text, **files)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site", *flags)
    assert code == 1, err
    assert not (tmp_path / "site").exists()
    return err.replace(str(tmp_path) + "/", "")


CASES = {
    "unknown model, with a suggestion": (
        GOOD + "alpah,code,10\n",
        {}, f'{CSV}:6: unknown model "alpah": expected an id or alias from models.yaml (did you mean "alpha"?)'),
    "unknown dimension": (
        GOOD + "alpha,cod,10\n",
        {}, f'{CSV}:6: unknown dimension "cod": expected "overall" or one of code, logic (did you mean "code"?)'),
    "non-numeric score": (
        GOOD.replace("beta,overall,40", "beta,overall,forty"), {}, f'{CSV}:3: score "forty" is not a finite number'),
    "score outside the range": (
        GOOD.replace("beta,overall,40", "beta,overall,140"), {},
        f"{CSV}:3: score 140 is outside the metric's range [0, 100]"),
    "score disagreeing with counts": (
        "model,dimension,score,win,tie,loss\nalpha,overall,50,1,0,2\nbeta,overall,40,,,\ngamma,overall,3,,,\n"
        "ref-model,overall,9,,,\n", {},
        f"{CSV}:2: score 50 disagrees with its counts: win 1, tie 0, loss 2 give 33.33"),
    "duplicate row": (
        GOOD + "alpha_v1,overall,51\n", {},
        f'{CSV}:6: second row for model "alpha" and dimension "overall" (first at line 2): each pair appears once'),
    "no overall and nothing to pool": (
        GOOD.replace("alpha,overall,50\n", "alpha,code,50\n"), {},
        f'{CSV}: model "alpha" has no "overall" row, and its overall cannot be pooled'),
    "missing column": (
        "model,score\nalpha,50\n", {},
        f'{CSV}:1: header "model,score": expected columns model,dimension,score and optionally win,tie,loss; '
        "missing dimension"),
    "YAML syntax error, with line and column": (
        GOOD, {"demo/models.yaml": "- id: alpha\n  name: [Alpha\n  group: open\n"},
        "scores/demo/models.yaml:3:8: invalid YAML"),
    "undefined group": (
        GOOD, {"demo/models.yaml": MODELS_YAML.replace("group: ref\n", "group: refs\n")},
        'scores/demo/models.yaml:13: group "refs" is not defined in board.yaml "groups" (did you mean "ref"?)'),
    "missing required key": (
        GOOD, {"demo/board.yaml": BOARD_YAML.replace("  formula: win_tie_rate\n", "")},
        'scores/demo/board.yaml:3: "metric" is missing the required key "formula"'),
    "alias naming another model": (
        GOOD, {"demo/models.yaml": MODELS_YAML.replace("aliases: [alpha_v1]", "aliases: [beta]")},
        'scores/demo/models.yaml:5: model "beta" is also called "beta", which already names model "alpha"'),
    "release file name not a date": (
        GOOD, {"demo/releases/latest.csv": GOOD},
        'scores/demo/releases/latest.csv: release file name "latest.csv" must be a date: <YYYY-MM-DD>.csv'),
    "board not in a folder": (
        GOOD, {"site.yaml": "title: t\nlanguages: [zh, en]\nboards: [demo, dmeo2]\n"},
        'scores/site.yaml:3: board "dmeo2" has no folder scores/dmeo2/ with a board.yaml'),
    "text in an undeclared language": (
        GOOD, {"demo/board.yaml": BOARD_YAML.replace("en: Demo board", "fr: Tableau")},
        'scores/demo/board.yaml:1: "title" has language "fr", expected one of the site\'s languages zh, en'),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_located_and_explained(tmp_path, capsys, name):
    csv_text, files, expected = CASES[name]
    err = failing(tmp_path, capsys, csv_text, **files)
    assert expected in err, err
    assert "build failed:" in err


def test_every_problem_is_reported_in_one_run(tmp_path, capsys):
    err = failing(tmp_path, capsys, GOOD + "alpah,code,10\nbeta,logic,abc\ngamma,cod,1\n")
    assert f"{CSV}:6:" in err and f"{CSV}:7:" in err and f"{CSV}:8:" in err
    assert "build failed: 3 errors" in err


def test_unknown_keys_warn_and_strict_fails(tmp_path, capsys):
    models = MODELS_YAML.replace("  aliases: [alpha_v1]\n", "  aliases: [alpha_v1]\n  licence: MIT\n")
    scores = demo_project(tmp_path, GOOD, **{"demo/models.yaml": models})
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 0
    assert 'scores/demo/models.yaml:5: warning: unknown key "licence" in a model is ignored (did you mean "license"?)' \
        in err.replace(str(tmp_path) + "/", "")
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "strict", "--strict")
    assert code == 1 and not (tmp_path / "strict").exists()


def test_exit_codes_of_the_real_command(tmp_path):
    scores = demo_project(tmp_path, GOOD + "alpah,code,10\n")
    result = run_build("--scores", scores, "--out", tmp_path / "site")
    assert result.returncode == 1
    assert "1 error" in result.stderr and "Traceback" not in result.stderr
    assert run_build("--no-such-option").returncode == 2
    check = run_build("--scores", demo_project(tmp_path / "ok", GOOD), "--out", tmp_path / "checked", "--check")
    assert check.returncode == 0 and not (tmp_path / "checked").exists()
