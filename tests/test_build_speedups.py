"""The build's speed-ups change nothing in the output: the Markdown cache kept between builds, and
rendering on two processes for big sites. (Their timings are measured by tests/bench/synthetic.py.)"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import COUNTS_DATA, ROOT, SCORES, run_build, tree_bytes


def forget_inputs(out):
    """Make the next build a full one (as if an input had changed), keeping the folder ours."""
    marker = out / ".leaderboard-site"
    marker.write_text(marker.read_text("utf-8").replace("inputs ", "inputs changed-"), "utf-8")


def test_a_rebuild_with_nothing_changed_is_skipped_unless_the_output_was_touched(site, tmp_path):
    out = tmp_path / "site"
    assert run_build("--scores", SCORES, "--out", out).returncode == 0
    again = run_build("--scores", SCORES, "--out", out)
    assert again.returncode == 0 and "is up to date: nothing changed" in again.stderr
    assert tree_bytes(out) == tree_bytes(site)
    (out / "index.html").write_bytes(b"edited by hand")          # the output no longer matches
    assert "built " in run_build("--scores", SCORES, "--out", out).stderr
    assert tree_bytes(out) == tree_bytes(site)
    changed = tmp_path / "scores"
    for path in SCORES.rglob("*"):
        if path.is_file():
            (changed / path.relative_to(SCORES)).parent.mkdir(parents=True, exist_ok=True)
            (changed / path.relative_to(SCORES)).write_bytes(path.read_bytes())
    csv = changed / "superclue-llama2-chinese" / "releases" / "2023-08-02.csv"
    csv.write_text(csv.read_text("utf-8").replace("gpt-4,overall,94.64", "gpt-4,overall,94.65"), "utf-8")
    assert "built " in run_build("--scores", changed, "--out", out).stderr   # an input changed
    assert "94.65" in (out / "index.html").read_text("utf-8")


def build_with_versions(out, patch: str):
    """Build the bundled site with importlib.metadata.version replaced as `patch` says (a library
    upgraded, or one without package metadata)."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from importlib import metadata; "
            f"real = metadata.version; {patch}; from leaderboard import cli; "
            "sys.exit(cli.main(['--scores', sys.argv[2], '--out', sys.argv[3]]))")
    return subprocess.run([sys.executable, "-c", code, str(ROOT), str(SCORES), str(out)],
                          capture_output=True, text=True, timeout=120)


def test_a_different_library_version_rebuilds(site, tmp_path):
    out = tmp_path / "site"
    assert run_build("--scores", SCORES, "--out", out).returncode == 0
    assert "up to date" in run_build("--scores", SCORES, "--out", out).stderr
    upgraded = "metadata.version = lambda name: '99.0' if name == 'markdown' else real(name)"
    first = build_with_versions(out, upgraded)
    assert first.returncode == 0 and "built " in first.stderr, first.stderr
    assert "up to date" in build_with_versions(out, upgraded).stderr      # the new version is kept
    assert "built " in run_build("--scores", SCORES, "--out", out).stderr  # and the old one rebuilds
    # No metadata for a library: its version is unknown, so nothing is ever skipped.
    unknown = ("def version(name):\n    if name == 'nh3': raise metadata.PackageNotFoundError(name)\n"
               "    return real(name)\nmetadata.version = version")
    for _ in range(2):
        result = build_with_versions(out, f"exec({unknown!r})")
        assert result.returncode == 0 and "built " in result.stderr, result.stderr
    assert "inputs" not in (out / ".leaderboard-site").read_text("utf-8")   # nothing to skip by
    pages = {path: content for path, content in tree_bytes(out).items() if path != ".leaderboard-site"}
    assert pages == {path: content for path, content in tree_bytes(site).items() if path != ".leaderboard-site"}


def test_a_rebuild_from_the_cache_is_identical_and_a_stale_cache_is_ignored(site, tmp_path):
    out = tmp_path / "site"
    assert run_build("--scores", SCORES, "--out", out).returncode == 0
    cache = tmp_path / ".site.markup-cache.json"
    stored = json.loads(cache.read_text("utf-8"))
    assert " markdown-" in stored["renderer"] and len(stored["html"]) > 30
    forget_inputs(out)
    assert run_build("--scores", SCORES, "--out", out).returncode == 0
    assert tree_bytes(out) == tree_bytes(site)
    # A cache written by another renderer version is not used: its (wrong) HTML never shows.
    stored["renderer"] = "0 an older renderer"
    stored["html"] = {key: "<p>stale</p>" for key in stored["html"]}
    cache.write_text(json.dumps(stored), "utf-8")
    forget_inputs(out)
    assert run_build("--scores", SCORES, "--out", out).returncode == 0
    assert tree_bytes(out) == tree_bytes(site)
    assert "stale" not in cache.read_text("utf-8")
    # A cache edited by someone else (right renderer, planted markup) still passes the sanitiser.
    stored = json.loads(cache.read_text("utf-8"))
    stored["html"] = {key: html + "<script>alert(1)</script><img src=x onerror=alert(1)>"
                      for key, html in stored["html"].items()}
    cache.write_text(json.dumps(stored), "utf-8")
    forget_inputs(out)
    assert run_build("--scores", SCORES, "--out", out).returncode == 0
    pages = b"".join(content for path, content in tree_bytes(out).items() if path.endswith(".html"))
    assert b"alert(1)" not in pages


@pytest.mark.parametrize("fixture, scores", [("site", SCORES), ("counts_site", COUNTS_DATA)])
def test_rendering_on_two_processes_gives_the_same_site(fixture, scores, request, tmp_path):
    """Forked workers, taking units of work in turn, write the same files as one process, and hand
    back every rendered text for the Markdown cache."""
    single = request.getfixturevalue(fixture)
    out = tmp_path / "parallel"
    # Forced to fork even on a one-CPU runner, and made to say that it did.
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from leaderboard import cli, workers; "
            "workers.PARALLEL_FROM = 1; workers.can_fork = lambda: True; parallel = workers.render_in_parallel\n"
            "def spy(*args):\n    print('rendered in parallel', file=sys.stderr); parallel(*args)\n"
            "workers.render_in_parallel = spy\n"
            "sys.exit(cli.main(['--scores', sys.argv[2], '--out', sys.argv[3], '-q']))")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT), str(scores), str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "rendered in parallel" in result.stderr, result.stderr
    assert tree_bytes(out) == tree_bytes(single)
    cache = json.loads((out.parent / ".parallel.markup-cache.json").read_text("utf-8"))["html"]
    single_cache = json.loads((single.parent / f".{single.name}.markup-cache.json").read_text("utf-8"))["html"]
    assert cache == single_cache
    if scores == SCORES:
        assert len(cache) > 5   # the bundled dialogues' prompts and answers (the counts board has none)


def test_tables_made_once_lead_to_the_same_places_from_every_page(site):
    """The home page, the board page and the latest release's page share their two big tables (made
    once, links rewritten for each page): the same rows on all three, each link leading to the same
    page, and that page built."""
    import posixpath

    from conftest import BOARD, soup
    latest = json.loads((site / BOARD / "data" / "latest.json").read_text("utf-8"))["release"]
    pages = ["index.html", f"{BOARD}/index.html", f"{BOARD}/{latest}/index.html"]
    for lang in ("", "en/"):
        seen = []
        for page in pages:
            rows = {}
            for table in ("ranking", "dimensions"):
                for tr in soup(site / lang / page).find("table", attrs={"data-table": table}).select("tbody > tr"):
                    targets = []
                    for a in tr.find_all("a", href=True):
                        href = a["href"].split("?")[0]
                        if href.startswith("https://"):
                            targets.append(href)
                            continue
                        target = posixpath.normpath(posixpath.join(posixpath.dirname(lang + page), href))
                        assert (site / target / "index.html").is_file(), (page, href)
                        targets.append(target)
                    rows[(table, tr["data-model"])] = targets
            seen.append(rows)
        assert len(seen[0]) >= 2 * 10 and sum(len(t) for t in seen[0].values()) >= 40
        assert seen[0] == seen[1] == seen[2]
