"""A build killed (SIGKILL) at any point while writing leaves the output folder as the complete old
site or the complete new one, never a mix; the next build cleans up after it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_build, tree_bytes, write_project

SITE = "title: Kill test\nlanguages: [zh, en]\nboards: [big]\n"
BOARD = """title: Big synthetic board
metric: {name: Score, formula: score, range: [0, 100], decimals: 2}
dimensions: [{id: d0, name: D0}, {id: d1, name: D1}, {id: d2, name: D2}]
groups: [{id: all, name: All, ranked: true}]
"""
N = 300


def synthetic(root, offset):
    models = "".join(f"- {{id: m{i:04d}, name: Model {i}, group: all}}\n" for i in range(N))
    rows = "".join(f"m{i:04d},{d},{(i * 7 + offset + k) % 100}\n"
                   for i in range(N) for k, d in enumerate(["overall", "d0", "d1", "d2"]))
    return write_project(root, {"scores/site.yaml": SITE, "scores/big/board.yaml": BOARD,
                                "scores/big/models.yaml": models,
                                "scores/big/releases/2024-01-01.csv": "model,dimension,score\n" + rows})


def staged(folder, path):
    """Whether a staging folder beside the output holds this file."""
    return any(folder.glob(f".site.staging-*/{path}"))


def wait_for(folder, path, seconds=30.0):
    deadline = time.monotonic() + seconds
    while not staged(folder, path) and time.monotonic() < deadline:
        time.sleep(0.0005)


def test_sigkill_while_writing_leaves_old_or_new_site(tmp_path):
    old_scores, new_scores = synthetic(tmp_path / "old", 0), synthetic(tmp_path / "new", 1)
    pristine, expected_new = tmp_path / "pristine", tmp_path / "expected"
    assert run_build("--scores", old_scores, "--out", pristine).returncode == 0
    assert run_build("--scores", new_scores, "--out", expected_new).returncode == 0
    old, new = tree_bytes(pristine), tree_bytes(expected_new)
    assert old != new
    out = tmp_path / "site"
    # Kill as soon as the staging folder holds these files (pages are written as they render: early,
    # middle, late), and the marker, written last, just before the new site is swapped in.
    kill_points = [("404.html", 0), ("big/index.html", 0), ("big/models/m0150/index.html", 0),
                   ("en/big/models/m0299/index.html", 0), ("index.html", 0), (".leaderboard-site", 0),
                   (".leaderboard-site", 0.005), (".leaderboard-site", 0.02), (".leaderboard-site", 0.05), (None, 0.05)]
    seen_mid_write = 0
    for point, delay in kill_points:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(pristine, out)
        process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--scores", str(new_scores),
                                    "--out", str(out), "-q"])
        if point is not None:
            wait_for(tmp_path, point)
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        seen_mid_write += any(tmp_path.glob(".site.staging-*"))
        result = tree_bytes(out)
        assert result in (old, new), f"killed at {point} + {delay} s: a mix of the old and the new site"
    assert seen_mid_write >= 2, "the kills should land while the staging folder is being written"
    # The next build clears the staging folder a killed build left and finishes the job.
    assert run_build("--scores", new_scores, "--out", out).returncode == 0
    assert tree_bytes(out) == new and not any(tmp_path.glob(".site.staging*"))


# --- signals to the build alone, while it renders on forked workers -------------------------

FORKING = ("import sys; sys.path.insert(0, sys.argv[1]); from leaderboard import cli, workers; "
           "workers.PARALLEL_FROM = 1; workers.can_fork = lambda: True; "
           "sys.exit(cli.main(['--scores', sys.argv[2], '--out', sys.argv[3]]))")


def children(pid: int) -> list:
    """The processes whose parent is pid (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"   # a zombie has finished


def start_forking_build(scores, out):
    process = subprocess.Popen([sys.executable, "-c", FORKING, str(ROOT), str(scores), str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (children(process.pid) and staged(out.parent, "big/models/m0010/index.html")):
        time.sleep(0.002)
    workers = children(process.pid)
    assert workers, "the build never forked its workers"
    return process, workers


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_the_build_alone_leaves_no_worker_and_the_old_site(tmp_path, how):
    old_scores, new_scores = synthetic(tmp_path / "old", 0), synthetic(tmp_path / "new", 1)
    out = tmp_path / "site"
    assert run_build("--scores", old_scores, "--out", out).returncode == 0
    before = tree_bytes(out)
    process, workers = start_forking_build(new_scores, out)
    os.kill(process.pid, how)                      # the parent alone, as the OOM killer or a CI timeout does
    started = time.monotonic()
    stdout, stderr = process.communicate(timeout=20)  # nothing holds its output open
    assert time.monotonic() - started < 10
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "a worker outlived the build"
    assert tree_bytes(out) == before or not before    # the whole old site (or, had it been swapped, the new)
    if how == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:                                          # stopped in good order: one line, and the truth
        assert process.returncode == (143 if how == signal.SIGTERM else 130)
        assert stderr.splitlines() == [f"stopped: {out} was left as it was"], stderr
        assert not any(tmp_path.glob(".site.staging*"))
    assert run_build("--scores", new_scores, "--out", out).returncode == 0   # and the next build finishes the job
    assert not any(tmp_path.glob(".site.staging*"))
