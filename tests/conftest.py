"""Shared fixtures: the default site built once per session, and tiny purpose-made projects."""
from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))   # the package next to build.py

from leaderboard import cli  # noqa: E402
SCORES = ROOT / "scores"
BOARD = "superclue-llama2-chinese"


def run_build(*args, cwd=ROOT):
    """Run build.py as a user would; the CompletedProcess (exit code, stdout, stderr)."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def build_in_process(capsys, *args):
    """Run the command line in this process (fast); (exit code, what it printed to stderr)."""
    code = cli.main([str(a) for a in args])
    return code, capsys.readouterr().err


def built(tmp_path_factory, scores: Path, name: str, *flags) -> Path:
    out = tmp_path_factory.mktemp(name) / "site"
    result = run_build("--scores", scores, "--out", out, *flags)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The default site, built from the bundled scores/ into a temporary folder."""
    return built(tmp_path_factory, SCORES, "default")


@pytest.fixture(scope="session")
def models_site(tmp_path_factory) -> Path:
    """examples/models (two boards whose model cards use every fact, field and tag), built strictly."""
    return built(tmp_path_factory, ROOT / "examples" / "models", "models", "--strict")


COUNTS_DATA = ROOT / "tests" / "data" / "synthetic-counts"   # a made-up board with counts and judgments


@pytest.fixture(scope="session")
def counts_site(tmp_path_factory) -> Path:
    """tests/data/synthetic-counts, built."""
    return built(tmp_path_factory, COUNTS_DATA, "counts")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(folder: Path, handler=None):
    """A built site served on 127.0.0.1 while the block runs (by `handler`, a quiet static server
    unless given): its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(handler or QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def counts_server(counts_site):
    """The counts site served on 127.0.0.1: its base URL."""
    with served(counts_site) as base:
        yield base


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def board_table(path: Path, name: str):
    """A board page's table as a reader has it: a long release's page carries its first rows and
    site.js takes the rest from the full table its data-rows-from names (cells.LAZY_FROM), so that
    table is read instead."""
    table = soup(path).find("table", attrs={"data-table": name})
    if table is not None and table.get("data-rows-from"):
        return soup(path.parent / table["data-rows-from"]).find("table", attrs={"data-table": name})
    return table


def tree_bytes(folder: Path) -> dict:
    """{relative path: bytes} of every file below folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_project(root: Path, files: dict) -> Path:
    """Write {relative path: text} below root (text is dedented); return root / "scores"."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip("\n"), "utf-8")
    return root / "scores"


SITE_YAML = """
title: {zh: 测试站, en: Test site}
languages: [zh, en]
boards: [demo]
"""

BOARD_YAML = """
title: {zh: 演示榜, en: Demo board}
metric:
  name: {zh: 胜和率, en: Win-or-tie rate}
  formula: win_tie_rate
  range: [0, 100]
  decimals: 2
dimensions:
  - id: code
    name: {zh: 代码, en: Code}
  - id: logic
    name: {zh: 逻辑, en: Logic}
groups:
  - id: ref
    name: {zh: 参考, en: Reference}
    ranked: false
  - id: open
    name: {zh: 开源, en: Open}
    ranked: true
"""

MODELS_YAML = """
- id: alpha
  name: Alpha
  group: open
  aliases: [alpha_v1]
- id: beta
  name: Beta
  group: open
- id: gamma
  name: Gamma
  group: open
- id: ref-model
  name: Ref Model
  group: ref
"""


def demo_project(root: Path, release_csv: str, **overrides) -> Path:
    """A purpose-made one-board project (synthetic data) with the given release CSV."""
    files = {"scores/site.yaml": SITE_YAML, "scores/demo/board.yaml": BOARD_YAML,
             "scores/demo/models.yaml": MODELS_YAML, "scores/demo/releases/2024-01-01.csv": release_csv}
    files.update({f"scores/{k}": v for k, v in overrides.items()})
    return write_project(root, files)


def wait_drawn(page, selector: str = ".chart", every: bool = False, timeout: int = 15000):
    """Charts are drawn as they come into view: bring the first chart of `selector` (or every one) to
    the view and wait until it is drawn."""
    charts = page.locator(selector)
    for i in range(charts.count() if every else min(1, charts.count())):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        page.locator(f"#{chart.get_attribute('id')}[data-drawn=true]").wait_for(timeout=timeout)


def deprecated_second_project(root: Path) -> Path:
    """A one-board project whose #2, "Old <b>One</b>", is tagged deprecated (hidden until the reader
    shows it) and self-reported; #1 "Alpha" is self-reported, #3 "Gamma" has no tag."""
    return write_project(root, {
        "scores/site.yaml": "title: {zh: 站, en: Site}\nlanguages: [zh, en]\nboards: [b]\n",
        "scores/b/board.yaml": """
            title: {zh: 榜, en: Board}
            metric: {name: {zh: 得分, en: Score}, range: [0, 100], decimals: 1}
            tags:
              - {id: deprecated, name: {zh: 已停用, en: Deprecated}, hidden: true}
              - {id: self-reported, name: {zh: 自报, en: Self-reported}}
            """,
        "scores/b/models.yaml": """
            - {id: a, name: Alpha, tags: [self-reported]}
            - {id: old, name: Old <b>One</b>, tags: [deprecated, self-reported]}
            - {id: c, name: Gamma}
            """,
        "scores/b/releases/2024-01-01.csv": "model,score\na,80\nold,70\nc,60\n",
    })
