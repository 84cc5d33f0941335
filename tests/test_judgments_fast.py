"""Large judgment files go through the fast reader (pandas with pyarrow, column by column); anything
it cannot vouch for goes through the exact checker, line by line. A reader of the site, or of the
error output, cannot tell which path a file took: the same pages, the same errors at the same lines."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, build_in_process, demo_project, tree_bytes
from leaderboard import cli, verdict_table

JF = "scores/demo/judgments/2024-01-01.jsonl"
CSV = "model,dimension,score\nref-model,overall,90\n"   # every judged count comes from the judgments
QUESTIONS = 2000


def line(model="alpha", question="q1", dimension="code", turn=1, verdict="win", **more) -> str:
    return json.dumps({"model": model, "question_id": question, "dimension": dimension, "turn": turn,
                       "verdict": verdict, **more}, ensure_ascii=False)


def large_file() -> list:
    """12,000 valid lines: three models, 2,000 questions (the first half code, the rest logic), two turns."""
    verdicts = ("win", "tie", "loss")
    return [line(model, f"q{q}", "code" if q < QUESTIONS // 2 else "logic", turn, verdicts[(q * 7 + turn + i) % 3],
                 judge_reason=f"reason {q}.{turn} <b>&</b>")
            for q in range(QUESTIONS) for turn in (1, 2) for i, model in enumerate(("alpha", "beta", "gamma"))]


def project(tmp_path, lines, name="p"):
    scores = demo_project(tmp_path / name, CSV)
    path = scores / "demo" / "judgments" / "2024-01-01.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{text}\n" for text in lines), "utf-8")
    return scores, path


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A large project and its site, built once: (scores, site)."""
    root = tmp_path_factory.mktemp("large")
    scores, _ = project(root, large_file())
    code = cli.main(["--scores", str(scores), "--out", str(root / "site")])
    assert code == 0
    return scores, root / "site"


def build_broken(tmp_path, capsys, good, lines):
    """Copy the good project and its site, break the judgments with `lines` and build; (exit code,
    stderr lines, whether the site was left as it was)."""
    scores, out = tmp_path / "p" / "scores", tmp_path / "site"
    shutil.copytree(good[0], scores)
    shutil.copytree(good[1], out)
    before = tree_bytes(out)
    (scores / "demo" / "judgments" / "2024-01-01.jsonl").write_text("".join(f"{text}\n" for text in lines), "utf-8")
    code, err = build_in_process(capsys, "--scores", scores, "--out", out)
    return code, err.replace(str(tmp_path) + "/", "").replace("p/scores/", "scores/").splitlines(), \
        tree_bytes(out) == before


FAIL = "build failed: 1 error, 0 warnings; site was left as it was"


def fast_path_taken(monkeypatch, capsys, scores, out) -> bool:
    """Build; whether the fast reader vouched for the judgments file."""
    taken, read_fast = [], verdict_table.read_fast
    monkeypatch.setattr(verdict_table, "read_fast", lambda *args: taken.append(read_fast(*args)) or taken[-1])
    code, err = build_in_process(capsys, "--scores", scores, "--out", out, "--strict")
    monkeypatch.setattr(verdict_table, "read_fast", read_fast)
    assert code == 0, err
    return len(taken) == 1 and taken[0] is not None


def test_the_large_file_takes_the_fast_path(tmp_path, capsys, monkeypatch):
    """Otherwise the tests below would test the exact checker only."""
    scores, _ = project(tmp_path, large_file())
    assert fast_path_taken(monkeypatch, capsys, scores, tmp_path / "site")


@pytest.mark.parametrize("at, bad, expected", [
    (7_001, line("beta", "q1166", "logic", 2, "Win"),
     f'{JF}:7001: verdict "Win" must be "win", "tie" or "loss" (against the baseline) (did you mean "win"?)'),
    (8_000, '{"model": "beta", "question_id": "q1",',
     f"{JF}:8000:39: not a JSON object: Expecting property name enclosed in double quotes (each line is one object "
     'such as {"model": "m", "question_id": "q1", "dimension": "d", "turn": 1, "verdict": "win"})'),
    (10_555, line("gamma", "q1", "code", 1, "tie"),
     f'{JF}:10555: second verdict for model "gamma", question "q1", turn 1 (first at line 9): one line per model, '
     "question and turn"),
    (11_999, line("delta", "q1999", "logic", 2, "win"),
     f'{JF}:11999: unknown model "delta": expected an id or alias from models.yaml (did you mean "beta"?)'),
    (5_345, line("alpha", "q10", "logic", 3, "win"),
     f'{JF}:5345: question "q10" is in dimension "logic" here but in "code" at line 61: a question belongs to '
     "one dimension"),
])
def test_a_bad_line_in_the_middle_of_a_large_file_is_reported_at_its_line(tmp_path, capsys, good, at, bad, expected):
    lines = large_file()
    lines[at - 1] = bad
    code, err, kept = build_broken(tmp_path, capsys, good, lines)
    assert code == 1 and kept
    assert err == [expected, FAIL]


def test_two_bad_lines_far_apart_are_both_reported(tmp_path, capsys, good):
    lines = large_file()
    lines[99] = line("alpha", "Q 1")
    lines[-1] = line("beta", "q1999", "logic", 1000)
    code, err, kept = build_broken(tmp_path, capsys, good, lines)
    assert code == 1 and kept
    assert err == [f'{JF}:100: question_id "Q 1" must be lowercase letters, digits, ".", "_" or "-", starting with a '
                   'letter or digit, not ending in ".html" (it is part of the question\'s web address)',
                   f"{JF}:12000: turn 1000 must be a whole number from 1 to 999",
                   "build failed: 2 errors, 0 warnings; site was left as it was"]


# Files the fast reader takes, each with something the simple case lacks.
EDGES = {
    "blank lines and CRLF": ["", line("alpha", "q1"), "  ", line("beta", "q1", verdict="tie") + "\r",
                             line("gamma", "q2", "logic", verdict="loss"), "", ""],
    "alias, number ids, no reasons": [line("alpha_v1", 7), line("beta", 7, turn=2), line("gamma", 7),
                                      line("gamma", 8, "logic")],
    "reasons of every kind": [line("alpha", "a", judge_reason="引号\"、反斜杠\\、换行\n、制表\t、\x01控制、😀"),
                              line("beta", "a", judge_reason=None), line("gamma", "a", judge_reason=""),
                              line("alpha", "b", "logic", judge_reason="<script>alert(1)</script>")],
    "ids equal in natural order": [line("alpha", "q01"), line("beta", "q1"), line("gamma", "q001"),
                                   line("alpha", "q1", turn=2), line("beta", "q10", "logic"), line("gamma", "q2")],
    "byte-order mark and natural order": ["\ufeff" + line("alpha", "q10"), line("alpha", "q9"),
                                          line("alpha", "q2", turn=3), line("beta", "q10", verdict="loss"),
                                          line("gamma", "q11", "logic")],
}


@pytest.mark.parametrize("name", EDGES)
def test_the_fast_and_the_exact_path_build_the_same_site(tmp_path, capsys, monkeypatch, name):
    scores, path = project(tmp_path, EDGES[name])
    path.write_bytes(path.read_bytes().rstrip(b"\n") + b"\n" * (name != "reasons of every kind"))
    assert fast_path_taken(monkeypatch, capsys, scores, tmp_path / "fast")
    monkeypatch.setattr(verdict_table, "read_fast", lambda *args: None)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "exact", "--strict")
    assert code == 0, err
    sites = [tree_bytes(tmp_path / "fast"), tree_bytes(tmp_path / "exact")]
    assert sites[0].keys() == sites[1].keys()
    assert [k for k in sites[0] if sites[0][k] != sites[1][k]] == []
    question_pages = [k for k in sites[0] if "/questions/" in k and k.endswith(".html")]
    assert question_pages   # the verdicts did reach the pages


def test_the_downloaded_judgments_are_the_file_in_its_order_with_ids(tmp_path, capsys):
    lines = EDGES["alias, number ids, no reasons"] + EDGES["reasons of every kind"]
    scores, _ = project(tmp_path, lines)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 0, err
    [download] = (tmp_path / "site").rglob("2024-01-01.judgments.jsonl")
    expected = []
    for text in lines:
        value = json.loads(text)
        value["model"] = {"alpha_v1": "alpha"}.get(value["model"], value["model"])
        value["question_id"] = str(value["question_id"])
        value.setdefault("judge_reason", None)
        expected.append(value)
    got = [json.loads(text) for text in download.read_text("utf-8").splitlines()]
    assert got == expected


def test_the_default_site_does_not_import_pandas(tmp_path):
    """pandas (and numpy, pyarrow) cost start-up time: only builds with judgments load them."""
    probe = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from leaderboard import cli; "
             f"code = cli.main(['--out', {str(tmp_path / 'site')!r}]); "
             "print(code, sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.split("\n")[-2] == "0 []", result.stdout + result.stderr


def json_lines_oracle(data: bytes):
    """What fastjson.json_lines must say, worked out line by line in plain Python."""
    if not data or data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data:
        return None
    text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    found = []
    for number, line in enumerate(text.split(b"\n"), start=1):
        kept = line.lstrip(b" \t\r")
        if kept and not kept.startswith(b"{"):
            return None
        if kept:
            found.append(number)
    return found


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 16, 1 << 20])   # chunks smaller than a byte-order mark too
def test_the_fast_reader_numbers_lines_as_the_file_has_them(tmp_path, monkeypatch, chunk):
    import random

    from leaderboard import fastjson
    monkeypatch.setattr(fastjson, "CHUNK", chunk)
    rng = random.Random(chunk)
    pieces = ['{"a": 1}', "", " ", "\r", "{}", " \t{}", "null", "\x00", "[1]"]
    for trial in range(1500):
        lines = [rng.choice(pieces[:6] if rng.random() < 0.7 else pieces) for _ in range(rng.randint(0, 12))]
        data = rng.choice([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe"]) + ("\n".join(lines) + "\n" * rng.randint(0, 2)).encode()
        path = tmp_path / f"{trial}.jsonl"
        path.write_bytes(data)
        got = fastjson.json_lines(path)
        assert (None if got is None else got.tolist()) == json_lines_oracle(data), data
