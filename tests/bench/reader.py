"""Reader benchmark: how fast the built pages are for a reader, measured in Chromium (Playwright).
Builds the bundled site and a synthetic board of N models, serves each gzip-compressed on 127.0.0.1
(as GitHub Pages does), and measures, reading the pages only through the DOM:

- the home page (/) of the bundled site on a phone (412x823, CPU slowed 4x, slow 4G): total blocking
  time (the sum over long tasks of their time beyond 50 ms) on first load and with a slow scroll to
  the bottom, the number of long tasks and the longest;
- the synthetic board's page (/synthetic/) on a desktop (1280x800, CPU slowed 4x): the longest task;
- the same page unthrottled: a sort click and a search keystroke, each to the next frame.

A benchmark, not a test: it prints numbers beside their targets and always exits 0.

    python3 tests/bench/reader.py                     # build both, measure both
    python3 tests/bench/reader.py --models 5000 --dialogues 10   # another synthetic board
    python3 tests/bench/reader.py --site site --site /tmp/big   # already-built sites, no build (a site
                                                                # with a synthetic/ board: board measures)
"""
from __future__ import annotations

import argparse
import functools
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from leaderboard.serve import Handler  # noqa: E402
from synthetic import generate  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
LONG_TASKS = """window.__longTasks = [];
try {
  window.__longTaskObserver = new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__longTasks.push(e.duration); });
  });
  window.__longTaskObserver.observe({type: "longtask", buffered: true});
} catch (e) { window.__longTasks = null; }"""
READ_LONG_TASKS = """() => {   // entries not yet handed to the observer's callback too
  if (!window.__longTasks) return null;
  window.__longTaskObserver.takeRecords().forEach((e) => window.__longTasks.push(e.duration));
  return window.__longTasks.slice();
}"""
SCROLL = """async (pause) => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  for (let step = 0; step < 1000; step++) {   // a screen at a time, so every element comes into view
    const before = window.scrollY;
    window.scrollBy(0, Math.round(window.innerHeight * 0.8));
    await sleep(pause);
    if (window.scrollY === before) break;
  }
  return document.documentElement.scrollHeight;
}"""
TO_NEXT_FRAME = """([selector, value]) => new Promise((resolve) => {
  const element = document.querySelector(selector);
  if (!element) return resolve(null);
  const t0 = performance.now();
  if (value === null) element.click();
  else { element.value = value; element.dispatchEvent(new Event("input", {bubbles: true})); }
  requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
})"""
RANKING = "table[data-table=ranking]"
ROWS_IN = "!document.querySelector('table[data-rows-from]:not([data-rows-loaded])')"   # a long table's other rows
SEARCH = "input[name=q]"
KEYSTROKES = ["1", "12", "123", "12", "1"]   # narrowing, then backspaces


def build(label: str, scores: Path, out: Path) -> list:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "build.py", "--scores", str(scores), "--out", str(out), "-q"], cwd=ROOT)
    print(f"built {label} in {time.perf_counter() - started:.1f} s" if done.returncode == 0 else
          f"building {label} failed (exit {done.returncode}); not measured", flush=True)
    return [out] if done.returncode == 0 else []


def serve(folder: Path) -> tuple:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder.resolve())))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def open_page(browser, viewport: dict, cpu: float, network: dict | None):
    context = browser.new_context(viewport=viewport)
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    page.net = SimpleNamespace(open=set(), last=time.perf_counter())   # requests under way, last change

    def seen(request, done=False):
        (page.net.open.discard if done else page.net.open.add)(request)
        page.net.last = time.perf_counter()
    page.on("request", seen)
    page.on("requestfinished", lambda request: seen(request, True))
    page.on("requestfailed", lambda request: seen(request, True))
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    if network:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", network)
    return context, page


def settle(page, quiet: float = 0.5, limit: float = 300) -> None:
    """Until no request has been open for `quiet` seconds and the main thread answers (a busy page may
    be about to ask for more, e.g. the chart library after its tables are set up)."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        page.wait_for_timeout(100)
        if page.net.open or time.perf_counter() - page.net.last < quiet:
            continue
        before = page.net.last
        page.evaluate("0")   # waits for the main thread
        page.wait_for_timeout(100)
        if page.net.last == before and not page.net.open:
            return


def load_and_scroll(browser, url: str, viewport: dict, network: dict | None) -> dict:
    """Long tasks (ms) on load + network idle + 5 s, then also through a slow scroll to the bottom."""
    context, page = open_page(browser, viewport, 4, network)
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="networkidle", timeout=300_000)
        settle(page)
        loaded = page.net.last - started
        page.wait_for_timeout(5000)
        settle(page)
        first = page.evaluate(READ_LONG_TASKS)
        height = page.evaluate(SCROLL, 250)
        settle(page)
        page.wait_for_timeout(5000)
        settle(page)
        return {"load": loaded, "first": first, "all": page.evaluate(READ_LONG_TASKS), "height": height}
    finally:
        context.close()


def interactions(browser, url: str) -> dict:
    """Sort clicks and search keystrokes on the unthrottled page, each to the next frame (ms)."""
    context, page = open_page(browser, {"width": 1280, "height": 800}, 1, None)
    try:
        page.goto(url, wait_until="networkidle", timeout=300_000)
        page.wait_for_function(ROWS_IN, timeout=300_000)
        settle(page)
        page.wait_for_timeout(2000)
        settle(page)
        overall = f"{RANKING} th[data-key=overall] button.sort"
        sorts = []
        if page.query_selector(overall):
            keys = page.eval_on_selector_all(f"{RANKING} th[data-key] button.sort",
                                             "bs => bs.map(b => b.closest('th').getAttribute('data-key'))")
            keys = ["overall"] + [k for k in keys if k != "overall"]
            for i in range(5):   # different columns; with fewer than five, the same again (reversed)
                button = f"{RANKING} th[data-key='{keys[i % len(keys)]}'] button.sort"
                sorts.append(page.evaluate(TO_NEXT_FRAME, [button, None]))
                page.wait_for_timeout(300)
        keystrokes = []
        if page.query_selector(SEARCH):
            for value in KEYSTROKES:
                keystrokes.append(page.evaluate(TO_NEXT_FRAME, [SEARCH, value]))
                page.wait_for_timeout(300)
        return {"sort": [t for t in sorts if t is not None], "search": [t for t in keystrokes if t is not None]}
    finally:
        context.close()


def blocking(tasks: list | None) -> float | None:   # total blocking time: each long task beyond 50 ms
    return None if tasks is None else sum(max(0.0, t - 50) for t in tasks)


def longest(tasks: list | None) -> float | None:
    return None if tasks is None else max(tasks, default=0.0)


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def counted(tasks: list | None) -> str:
    return "long tasks n/a" if tasks is None else "no long tasks" if not tasks else \
        f"{len(tasks)} long task{'s' * (len(tasks) > 1)}, longest {ms(longest(tasks))}, TBT {ms(blocking(tasks))}"


def measure_home(browser, base: str, name: str, row) -> None:
    r = load_and_scroll(browser, base + "/", {"width": 412, "height": 823}, SLOW_4G)
    print(f"{name} /: network idle after {r['load']:.1f} s, page {r['height']} px tall", flush=True)
    for when, tasks in (("first load", r["first"]), ("with scrolling", r["all"])):
        row(f"{name} /: TBT, {when}", blocking(tasks), 200, counted(tasks))


def measure_board(browser, base: str, name: str, row) -> None:
    r = load_and_scroll(browser, base + "/synthetic/", {"width": 1280, "height": 800}, None)
    print(f"{name} /synthetic/: network idle after {r['load']:.1f} s, page {r['height']} px tall", flush=True)
    for when, tasks in (("load", r["first"]), ("with scrolling", r["all"])):
        row(f"{name} /synthetic/: longest task, {when}", longest(tasks), 200, counted(tasks))
    times = interactions(browser, base + "/synthetic/")
    for key, label in (("sort", "sort click"), ("search", "search keystroke")):
        t = times[key]
        row(f"{name} /synthetic/: {label} to next frame, max", max(t) if t else None, 100,
            f"median {ms(statistics.median(t))} of {len(t)}" if t else "element not found")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000, help="models on the synthetic board (default 1000)")
    parser.add_argument("--dialogues", type=int, default=10, help="dialogues on the synthetic board (default 10)")
    parser.add_argument("--site", type=Path, action="append", default=[],
                        help="an already-built site to measure instead of building (repeatable)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    rows = []   # (measure, value in ms, target in ms, note)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.site:
            boards = [s for s in args.site if (s / "synthetic" / "index.html").is_file()]
            homes = [s for s in args.site if s not in boards]
        else:
            homes = build("the default site", ROOT / "scores", tmp / "default")
            boards = build(f"a synthetic board of {args.models} models",
                           generate(tmp / "input", args.models, args.dialogues), tmp / "synthetic")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for sites, measure, what in ((homes, measure_home, "home page"), (boards, measure_board, "board")):
                for site in sites:
                    if not (site / "index.html").is_file():
                        print(f"{site}: no index.html, not a built site; skipped", file=sys.stderr)
                        continue
                    server, base = serve(site)
                    try:
                        measure(browser, base, site.name, lambda *r: rows.append(r))
                    except Exception as error:   # a benchmark: say so, carry on
                        print(f"{what} of {site}: measurement failed: {error!r}", file=sys.stderr)
                        rows.append((f"{site.name}: {what} failed", None, None, type(error).__name__))
                    finally:
                        server.shutdown()
            browser.close()

    print(f"\n{'measure':<60} {'value':>9}  {'target':>9}  {'':4}  notes\n" + "-" * 116)
    for label, value, target, note in rows:
        verdict = "" if target is None or value is None else ("ok" if value <= target else "OVER")
        limit = f"<= {target} ms" if target is not None else ""
        print(f"{label:<60} {ms(value):>9}  {limit:>9}  {verdict:4}  {note}")
    print("\nhome page: CPU slowed 4x, slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up), 412x823; board: CPU "
          f"slowed 4x, 1280x800 (interactions unthrottled). Whole run {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:   # a benchmark: report and exit 0
        print(f"reader benchmark failed: {error!r}", file=sys.stderr)
    sys.exit(0)
