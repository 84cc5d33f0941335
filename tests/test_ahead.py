"""The work done ahead on a spare core (leaderboard/ahead.py: templates compiled, dialogue Markdown
rendered while the inputs are checked) changes nothing a reader or the next build sees, whenever it
is asked for its work and whatever goes wrong. Its speed is measured by tests/bench/alternate.py."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import yaml

from conftest import BOARD, ROOT, SCORES, tree_bytes

# The command line in a subprocess, with the helper forced on (even on a one-CPU runner, and for a site
# this small, which renders on several processes then too) and slowed
# so that it finishes (collect() waits first), or kept off; the helper's report goes to stderr, and
# whether the build left a child process behind.
RUN = """import os, sys, time
sys.path.insert(0, sys.argv[1])
from leaderboard import ahead, cli, workers
mode = sys.argv[2]
if mode == "off":
    ahead.Helper.__init__ = lambda self, *args: self.__dict__.update(pid=None, ends=[])
else:
    workers.can_fork = lambda: True
    workers.PARALLEL_FROM = 1
    collect = ahead.Helper.collect
    def spy(self):
        time.sleep(3 if mode == "finished" else 0)
        done = collect(self)
        print(f"ahead: {len(done.names)} templates, {len(done.markdown)} texts", file=sys.stderr)
        return done
    ahead.Helper.collect = spy
code = cli.main(sys.argv[3:])
try:
    os.waitpid(-1, os.WNOHANG)
    print("a child process was left", file=sys.stderr)
except ChildProcessError:
    pass
sys.exit(code)
"""


def run(mode: str, *args):
    return subprocess.run([sys.executable, "-c", RUN, str(ROOT), mode, *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def chat_texts(scores) -> set:
    """The prompts and answers of the dialogue files, read here with PyYAML."""
    texts = set()
    for path in sorted(scores.glob("*/dialogues/*.yaml")):
        for turn in yaml.safe_load(path.read_text("utf-8"))["turns"]:
            texts |= {turn["prompt"], *turn["responses"].values()}
    return texts


def test_templates_and_markdown_done_ahead_give_the_same_site_and_cache(tmp_path):
    ahead_out, plain_out = tmp_path / "ahead" / "site", tmp_path / "plain" / "site"
    done = run("finished", "--scores", SCORES, "--out", ahead_out, "-q")
    assert done.returncode == 0, done.stderr
    templates = len(list((ROOT / "templates").glob("*.html")))
    # Every template compiled, and every distinct prompt and answer of the 8 bundled dialogues rendered.
    assert done.stderr == f"ahead: {templates} templates, {len(chat_texts(SCORES))} texts\n"
    assert len(chat_texts(SCORES)) > 8
    plain = run("off", "--scores", SCORES, "--out", plain_out, "-q")
    assert plain.returncode == 0 and plain.stderr == "", plain.stderr
    assert tree_bytes(ahead_out) == tree_bytes(plain_out)
    cache = {name: json.loads((tmp_path / name / ".site.markup-cache.json").read_text("utf-8")) for name in ("ahead", "plain")}
    assert cache["ahead"] == cache["plain"]
    # Asked for its work at once, the helper hands over what it has: the same site again.
    early = run("early", "--scores", SCORES, "--out", tmp_path / "early" / "site", "-q")
    assert early.returncode == 0 and early.stderr.startswith("ahead: "), early.stderr
    assert tree_bytes(tmp_path / "early" / "site") == tree_bytes(plain_out)


def test_texts_rendered_ahead_that_no_page_shows_stay_out_of_the_markdown_cache(tmp_path):
    """The helper renders unchecked input: what it hands over is kept for the next build only if a
    page used it."""
    from leaderboard import markup
    cache = tmp_path / "cache.json"
    markup.load_cache(cache)
    shown_html = markup.chat("**shown**")
    markup.adopt({"k-unused": "<p>rendered ahead, never shown</p>"})
    markup.save_cache(cache)
    kept = json.loads(cache.read_text("utf-8"))["html"]
    assert list(kept.values()) == [str(shown_html)] and "<strong>shown</strong>" in shown_html


def test_a_broken_template_no_page_uses_is_no_error_and_a_used_one_is_the_same_error(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates, ignore=shutil.ignore_patterns("node_modules"))
    (templates / "question.html").write_text("{% if %}", "utf-8")   # the bundled board has no judgments
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; from leaderboard import "
            "pipeline, problems, workers\nworkers.can_fork = lambda: True\nworkers.PARALLEL_FROM = 1\n"
            "print(pipeline.build(Path(sys.argv[2]), Path(sys.argv[3]), problems.Problems(), templates=Path(sys.argv[4])))")
    good = subprocess.run([sys.executable, "-c", code, str(ROOT), str(SCORES), str(tmp_path / "site"), str(templates)],
                          capture_output=True, text=True, timeout=120)
    assert good.returncode == 0 and int(good.stdout) > 100, good.stderr
    (templates / "model.html").write_text("{% if %}", "utf-8")   # every board has model pages
    bad = subprocess.run([sys.executable, "-c", code, str(ROOT), str(SCORES), str(tmp_path / "site"), str(templates)],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "TemplateSyntaxError" in bad.stderr and "model.html" in bad.stderr


def test_bad_input_stops_the_helper_and_leaves_no_process(tmp_path):
    scores = tmp_path / "scores"
    shutil.copytree(SCORES, scores)
    csv = scores / BOARD / "releases" / "2023-08-02.csv"
    csv.write_text(csv.read_text("utf-8") + "nobody,overall,1\n", "utf-8")
    failed = run("early", "--scores", scores, "--out", tmp_path / "site")
    lines = failed.stderr.splitlines()
    assert failed.returncode == 1 and len(lines) == 2, failed.stderr   # the error, then the summary
    assert lines[0].startswith(f"{csv}:") and '"nobody"' in lines[0]
    assert not (tmp_path / "site").exists()   # and no "a child process was left", no "ahead:" report


def test_no_helper_to_be_had_or_a_cache_file_nested_beyond_reason_change_nothing(tmp_path):
    """Forking the helper refused (no process to spare): the build goes on without a head start. A Markdown
    cache file that json cannot read (nested too deep) is ignored, and the helper is still ended."""
    plain = run("off", "--scores", SCORES, "--out", tmp_path / "plain" / "site", "-q")
    assert plain.returncode == 0, plain.stderr
    refused = RUN.replace('code = cli.main(', 'import errno\nreal = os.fork\ndef refuse():   # the first fork: the helper\'s\n'
                                             '    os.fork = real\n    raise OSError(errno.EAGAIN, "no process to spare")\n'
                                             'os.fork = refuse\ncode = cli.main(')
    done = subprocess.run([sys.executable, "-c", refused, str(ROOT), "early", "--scores", str(SCORES),
                           "--out", str(tmp_path / "refused" / "site"), "-q"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "ahead: 0 templates, 0 texts\n", done.stderr
    assert tree_bytes(tmp_path / "refused" / "site") == tree_bytes(tmp_path / "plain" / "site")
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / ".site.markup-cache.json").write_text("[" * 100_000, "utf-8")
    deep = run("early", "--scores", SCORES, "--out", tmp_path / "deep" / "site", "-q")
    assert deep.returncode == 0 and deep.stderr.startswith("ahead: "), deep.stderr
    assert "a child process was left" not in deep.stderr
    assert tree_bytes(tmp_path / "deep" / "site") == tree_bytes(tmp_path / "plain" / "site")
