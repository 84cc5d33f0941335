"""A build killed (SIGKILL) at any point while writing leaves the output folder as the complete old
site or the complete new one, never a mix; the next build cleans up after it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

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
