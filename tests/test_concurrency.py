"""One build at a time per output folder: builds raced into one --out, and --serve's rebuilds against
a build run by hand, always leave one whole site and say what happened, truly."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time

from conftest import ROOT, run_build, tree_bytes
from test_kill import synthetic
from test_serve import free_port, wait_for


def start(scores, out):
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--scores", str(scores), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def expected_sites(tmp_path, count=2):
    """`count` inputs that give different sites, and each one's site built alone."""
    inputs, sites = [], []
    for k in range(count):
        scores = synthetic(tmp_path / f"in{k}", k)
        alone = tmp_path / f"alone{k}"
        assert run_build("--scores", scores, "--out", alone).returncode == 0
        inputs.append(scores)
        sites.append(tree_bytes(alone))
    assert sites[0] != sites[1]
    return inputs, sites


def files(out) -> int:
    return sum(1 for p in out.rglob("*") if p.is_file()) if out.is_dir() else 0


def leftovers(tmp_path):
    return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.") and "staging" in p.name)


def test_two_builds_raced_into_one_folder_leave_one_whole_site(tmp_path):
    inputs, sites = expected_sites(tmp_path)
    out = tmp_path / "site"
    for round_ in range(6):
        shutil.rmtree(out, ignore_errors=True)
        if round_ % 2:      # half the rounds race over an existing site, half over none
            assert run_build("--scores", inputs[0], "--out", out).returncode == 0
        first, second = start(inputs[0], out), start(inputs[1], out)
        results = [p.communicate(timeout=120) + (p.returncode,) for p in (first, second)]
        for stdout, stderr, code in results:
            assert code == 0, stderr
            assert stderr.startswith(("built ", "waiting ")) or "is up to date" in stderr, stderr
        assert tree_bytes(out) in sites, f"round {round_}: {files(out)} files left, not a whole site"
        assert not leftovers(tmp_path)


def test_a_build_by_hand_while_serve_rebuilds_leaves_a_whole_site(tmp_path):
    inputs, sites = expected_sites(tmp_path)
    scores = tmp_path / "scores"
    shutil.copytree(inputs[0], scores)
    out = tmp_path / "site"
    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--serve", "--port", str(port),
                               "--scores", str(scores), "--out", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: (out / "index.html").exists()), "the first build never finished"
        csv = scores / "big" / "releases" / "2024-01-01.csv"
        for round_ in range(6):
            # an edit (which --serve rebuilds) and a build by hand of the same edit, at once
            source = inputs[(round_ + 1) % 2] / "big" / "releases" / "2024-01-01.csv"
            csv.write_bytes(source.read_bytes())
            time.sleep(0.5)
            manual = run_build("--scores", scores, "--out", out)
            assert manual.returncode == 0, manual.stderr
            assert "was left as it was" not in manual.stderr
            time.sleep(1.5)
            assert wait_for(lambda: not leftovers(tmp_path)), "a staging folder was left behind"
            assert tree_bytes(out) == sites[(round_ + 1) % 2], f"round {round_}: {files(out)} files, not the edit's site"
    finally:
        server.terminate()
        server.communicate(timeout=30)
