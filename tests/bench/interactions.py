"""Interaction benchmark: generate a synthetic board of N models shaped like examples/models/arena (a
rating with published intervals and votes, six dimensions, model cards with every fact, the board's
own fields and tags, some deprecated), build it with build.py, serve it and open its board page in
Chromium (Playwright, 1280x800, unthrottled), then print how long each of the page's interactions
takes, measured inside the page:

- page load: DOMContentLoaded and load (navigation timing), the longest task until then;
- each interaction, --repeat times: performance.now() before the element is clicked (or its value set
  and its events dispatched as a browser would), after the event handlers return (the synchronous
  handler), and in the second requestAnimationFrame callback after it (the change's style, layout and
  paint included: "to the frame"); the longest main-thread task meanwhile (PerformanceObserver
  "longtask"). A filter redraws the drawn charts 250 ms later by design (a debounce): that redraw is
  timed apart, from the debounce's end to the frame after the last chart says "chart-drawn". Every
  chart is drawn (scrolled through) before the filters are measured, the worst case;
- the axis picker of the score-against chart: from the change to the frame after its redraw.

A benchmark, not a test: it prints numbers beside the 100 ms target and always exits 0.

    python3 tests/bench/interactions.py                       # 1,000 models, 5 times each
    python3 tests/bench/interactions.py --models 5000 --repeat 9
    python3 tests/bench/interactions.py --profile             # and where each interaction's time goes
                                                              # (CDP Profiler: top functions by self time)
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
BOARD = "synthetic"
RELEASE = "2024-12-01"
DIMENSIONS = [("coding", "编程", "Coding"), ("math", "数学", "Maths"), ("reasoning", "推理", "Reasoning"),
              ("writing", "写作", "Writing"), ("extraction", "信息抽取", "Extraction"),
              ("roleplay", "角色扮演", "Role play")]
DENSE = ["350M", "1.3B", "3B", "7B", "8B", "13B", "14B", "34B", "70B", "72B", "175B", "405B", "1.5T"]
MOE = [("47B", "13B"), ("141B", "39B"), ("236B", "21B"), ("671B", "37B"), ("1.2T", "120B")]
LICENCES = [("Apache-2.0", True), ("MIT", True), ("{zh: 社区许可, en: Community licence}", True),
            ("{zh: 闭源, en: proprietary}", False)]
CONTEXTS = [4096, 8192, 32768, 65536, 128000, 200000, 1000000]
TARGET = 100   # ms, each interaction (the goal)


def generate(root: Path, models: int) -> Path:
    """scores/ with one board of `models` models: a rating (ci_low, ci_high, votes) and one column per
    dimension in a wide release CSV; cards with size (some MoE with active_params, some none), release
    date (2022-2024), licence, open weights, price, context, multimodal and a few tags."""
    rng = random.Random(42)
    scores = root / "scores"
    board = scores / BOARD
    (board / "releases").mkdir(parents=True)
    (scores / "site.yaml").write_text("title: {zh: 合成榜单, en: Synthetic board}\nlanguages: [zh, en]\n"
                                      f"boards: [{BOARD}]\n", "utf-8")
    dims = "".join(f"  - {{id: {d}, name: {{zh: {zh}, en: {en}}}}}\n" for d, zh, en in DIMENSIONS)
    (board / "board.yaml").write_text(
        "title: {zh: 合成对战评分, en: Synthetic battle ratings}\n"
        "metric:\n  kind: rating\n  name: {zh: 评分, en: Rating}\n"
        "measures:\n  - {id: votes, name: {zh: 票数, en: Votes}, decimals: 0}\n"
        "dimensions:\n" + dims +
        "fields:\n"
        "  - {id: context, name: {zh: 上下文长度, en: Context length}, unit: {zh: token, en: tokens}, decimals: 0, log: true}\n"
        "  - {id: multimodal, name: {zh: 多模态, en: Multimodal}, type: yes_no}\n"
        "tags:\n"
        "  - {id: deprecated, name: {zh: 已停用, en: Deprecated}, hidden: true}\n"
        "  - {id: self-reported, name: {zh: 自报结果, en: Self-reported}}\n"
        "  - {id: contaminated, name: {zh: 疑似污染, en: Possibly contaminated}}\n"
        "default_columns: [org, params, released, open_weights, price_output, tags]\n"
        f"releases:\n  {RELEASE}: {{zh: 首次发布, en: First release}}\n", "utf-8")
    cards, rows = [], ["model,score,ci_low,ci_high,votes," + ",".join(d for d, _, _ in DIMENSIONS)]
    for i in range(models):
        card = [f"- id: m{i:05d}", f"  name: Model {i}", f"  org: Org {i % 37}"]
        kind = rng.random()
        if kind < 0.15:
            total, active = rng.choice(MOE)
            card += [f"  params: {total}", f"  active_params: {active}"]
        elif kind < 0.8:
            card.append(f"  params: {rng.choice(DENSE)}")   # the rest, closed models, give no size
        day = rng.randrange(3 * 365)
        card.append(f"  released: {2022 + day // 365}-{1 + day % 365 // 31:02d}-{1 + day % 31 % 28:02d}")
        licence, open_weights = rng.choice(LICENCES)
        card += [f"  license: {licence}", f"  open_weights: {'true' if open_weights else 'false'}"]
        if rng.random() < 0.9:
            paid_in = round(rng.uniform(0.02, 20), 2)
            card.append(f"  price: {{input: {paid_in}, output: {round(paid_in * rng.choice([1, 2, 3, 4, 5]), 2)}}}")
        card += [f"  context: {rng.choice(CONTEXTS)}", f"  multimodal: {'true' if rng.random() < 0.3 else 'false'}"]
        tags = [tag for tag, share in (("deprecated", 0.1), ("self-reported", 0.05), ("contaminated", 0.03))
                if rng.random() < share]
        if tags:
            card.append(f"  tags: [{', '.join(tags)}]")
        cards.append("\n".join(card) + "\n")
        rating = rng.gauss(1100, 80)
        half = rng.uniform(4, 15)
        per_dimension = ",".join(str(round(rating + rng.gauss(0, 40))) for _ in DIMENSIONS)
        rows.append(f"m{i:05d},{round(rating)},{round(rating - half)},{round(rating + half)},"
                    f"{rng.randint(500, 50000)},{per_dimension}")
    (board / "models.yaml").write_text("".join(cards), "utf-8")
    (board / "releases" / f"{RELEASE}.csv").write_text("\n".join(rows) + "\n", "utf-8")
    return scores


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(folder: Path):   # as tests/conftest.py served()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()


# In the page before its own scripts: every long task and every chart drawn, with their times.
INSTRUMENT = """window.__bench = { tasks: [], drawn: [] };
try {
  window.__bench.observer = new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__bench.tasks.push([e.startTime, e.duration]); });
  });
  window.__bench.observer.observe({ type: "longtask", buffered: true });
} catch (e) { window.__bench.tasks = null; }
document.addEventListener("chart-drawn", function (event) {   // capture: the event does not bubble
  window.__bench.drawn.push([performance.now(), event.target.id]);
}, true);"""

# One interaction, timed in the page. `act` names what is done to `selector`: "click" (element.click(),
# which fires a checkbox's input and change events as a real click does), "type" (value set, an input
# event), "select" (value set, input and change events). `redraw`: the chart ids that should be drawn
# again (filters: after the 250 ms debounce; the axis picker: at once); their last "chart-drawn" is
# waited for (10 s at most), then two more frames.
MEASURE = """async ({ selector, act, value, redraw, settle }) => {
  const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const element = document.querySelector(selector);
  if (!element) return { error: "no element " + selector };
  const bench = window.__bench;
  if (bench.tasks) bench.observer.takeRecords().forEach((e) => bench.tasks.push([e.startTime, e.duration]));
  const tasksBefore = bench.tasks ? bench.tasks.length : 0, drawnBefore = bench.drawn.length;
  const t0 = performance.now();
  if (act === "click") element.click();
  else {
    element.value = value;
    element.dispatchEvent(new Event("input", { bubbles: true }));
    if (act === "select") element.dispatchEvent(new Event("change", { bubbles: true }));
  }
  const handled = performance.now();
  await frames();
  const framed = performance.now();
  let charted = null, redrawn = [];
  if (redraw.length) {
    const deadline = performance.now() + 10000;
    while (performance.now() < deadline) {
      redrawn = bench.drawn.slice(drawnBefore);
      if (redraw.every((id) => redrawn.some((d) => d[1] === id))) break;
      await sleep(5);
    }
    await frames();
    charted = performance.now();
  }
  await sleep(settle);   // what else the change sets off (an unexpected redraw) shows here
  await sleep(0);
  if (bench.tasks) bench.observer.takeRecords().forEach((e) => bench.tasks.push([e.startTime, e.duration]));
  const tasks = bench.tasks ? bench.tasks.slice(tasksBefore).filter((t) => t[0] + t[1] >= t0) : null;
  const longest = (from, to) => tasks === null ? null :
    Math.max(0, ...tasks.filter((t) => t[0] >= from - 1 && t[0] < to).map((t) => t[1]));
  return {
    handler: handled - t0, frame: framed - t0, charted: charted === null ? null : charted - t0,
    lastDrawn: redrawn.length ? Math.max(...redrawn.map((d) => d[0])) - t0 : null,
    drawnIds: bench.drawn.slice(drawnBefore).map((d) => d[1]),
    longFrame: longest(t0, framed), longRedraw: charted === null ? null : longest(framed, charted + 1),
    longAll: longest(t0, Infinity),
  };
}"""

LOAD = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const tasks = window.__bench.tasks;
  return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, bytes: n.encodedBodySize,
           rows: document.querySelectorAll("table[data-table=ranking] > tbody > tr").length,
           charts: Array.from(document.querySelectorAll(".chart")).map((c) => c.id),
           tasks: tasks && tasks.filter((t) => t[0] < n.loadEventEnd) };
}"""


def build(scores: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--scores", str(scores), "--out", str(out), "-q"],
                   check=True)
    return time.perf_counter() - started


def chromium_version() -> str:
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        return f"unknown ({error})"


def ms(value) -> str:
    return "n/a" if value is None else f"{value:.0f}"


class Bench:
    def __init__(self, page, repeat: int, profile: bool):
        self.page, self.repeat = page, repeat
        self.rows = []   # (interaction, [ms], how, [longest task ms])
        self.cdp = None
        self.profiles = []   # (interaction, [(self ms, function, where)])
        if profile:
            self.cdp = page.context.new_cdp_session(page)
            self.cdp.send("Profiler.enable")
            self.cdp.send("Profiler.setSamplingInterval", {"interval": 100})   # µs

    def one(self, selector, act="click", value=None, redraw=(), settle=150, label=None):
        profiling = self.cdp is not None and label is not None
        if profiling:
            self.cdp.send("Profiler.start")
        result = self.page.evaluate(MEASURE, {"selector": selector, "act": act, "value": value,
                                              "redraw": list(redraw), "settle": settle})
        if profiling:
            self.profiles.append((label, hot_functions(self.cdp.send("Profiler.stop")["profile"])))
        if "error" in result:
            raise RuntimeError(result["error"])
        return result

    def add(self, label, samples, how, key="frame", long_key="longFrame"):
        self.rows.append((label, [s[key] for s in samples if s[key] is not None], how,
                          [s[long_key] for s in samples if s.get(long_key) is not None]))

    def report_filter(self, label, samples, how):
        """The handler to the frame, and the charts' redraw after the debounce."""
        self.add(f"{label}: handler", samples, "handler returns (synchronous)", "handler", "longFrame")
        self.add(f"{label}: to next frame", samples, how, "frame", "longFrame")
        redraws = [dict(s, redraw=s["charted"] - max(250.0, s["handler"] + 250.0))
                   for s in samples if s["charted"] is not None]
        if redraws:
            self.add(f"{label}: charts redrawn", redraws,
                     f"debounce end to frame after last chart-drawn ({len(samples[0]['drawnIds'])} charts)",
                     "redraw", "longRedraw")


def hot_functions(profile: dict, top: int = 8) -> list:
    """[(self time ms, function, url:line)] of a CPU profile, the most self time first."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = profile.get("timeDeltas") or []
    spent = {}
    for sample, delta in zip(profile.get("samples") or [], deltas[1:] + [0]):
        spent[sample] = spent.get(sample, 0) + delta
    by_function = {}
    for node_id, micro in spent.items():
        frame = nodes[node_id]["callFrame"]
        name = frame["functionName"] or "(anonymous)"
        where = f"{frame['url'].rsplit('/', 1)[-1]}:{frame['lineNumber'] + 1}" if frame["url"] else ""
        by_function[(name, where)] = by_function.get((name, where), 0) + micro
    ranked = sorted(by_function.items(), key=lambda item: -item[1])
    return [(micro / 1000, name, where) for (name, where), micro in ranked[:top] if name != "(idle)"]


def measure(browser, base: str, repeat: int, profile: bool) -> tuple:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(INSTRUMENT)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.goto(base + f"{BOARD}/", wait_until="load", timeout=120_000)
    page.wait_for_timeout(1000)
    load = page.evaluate(LOAD)
    bench = Bench(page, repeat, profile)
    ranking = "table[data-table=ranking]"

    page.click("button[data-more-toggle]")
    page.wait_for_selector("[data-more-controls]:not([hidden])")
    page.wait_for_timeout(300)

    # Controls that change no chart, measured before any chart is drawn and again after.
    def columns_sorts_average(suffix=""):
        toggles, sorts, ticks = [], [], []
        for i in range(repeat):
            for _ in (0, 1):   # hide, then show again
                toggles.append(bench.one("input[name=cols][value=released]", settle=150,
                                         label=f"column toggle{suffix}" if i == 0 and not _ else None))
            sorts.append(bench.one(f"{ranking} th[data-key=params] button.sort", settle=150,
                                   label=f"sort by params{suffix}" if i == 0 else None))
            for d, _, _ in DIMENSIONS[:3]:
                ticks.append(bench.one(f"input[name=avg][value={d}]", settle=100,
                                       label=f"custom average tick{suffix}" if i == 0 and d == DIMENSIONS[2][0] else None))
            for d, _, _ in DIMENSIONS[:3]:   # and off again, unmeasured
                page.evaluate("(s) => document.querySelector(s).click()", f"input[name=avg][value={d}]")
            page.wait_for_timeout(100)
        bench.add(f"column toggle (released){suffix}", toggles, "click to 2nd frame, hide and show alternately")
        bench.add(f"sort by params{suffix}", sorts, "click to 2nd frame, desc and asc alternately")
        bench.add(f"custom average, tick 1 of 3{suffix}", ticks, "click to 2nd frame, 3 ticks each time")
    columns_sorts_average(" [no chart drawn]")
    page.evaluate("(s) => document.querySelector(s).click()", f"{ranking} th[data-key=rank] button.sort")

    # Every chart drawn (the worst case for the filters' redraw), the controls back in view.
    charts = load["charts"]
    for chart in charts:
        page.locator(f"#{chart}").scroll_into_view_if_needed()
        page.locator(f"#{chart}[data-drawn=true]").wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    drawn = page.eval_on_selector_all(".chart[data-drawn=true]", "cs => cs.map(c => c.id)")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(500)

    columns_sorts_average(" [all charts drawn]")
    page.evaluate("(s) => document.querySelector(s).click()", f"{ranking} th[data-key=rank] button.sort")
    page.wait_for_timeout(300)

    ranged, yes_no, tags = [], [], []
    for i in range(repeat):
        for value in ("7B", ""):
            ranged.append(bench.one("input[name=params-min]", "type", value, drawn, 100,
                                    label="params-min filter" if i == 0 and value else None))
        for value in ("yes", ""):
            yes_no.append(bench.one("select[name=open_weights]", "select", value, drawn, 100,
                                    label="open weights filter" if i == 0 and value else None))
        for _ in (0, 1):   # show the deprecated models, hide them again
            tags.append(bench.one("input[name=hide][value=deprecated]", "click", None, drawn, 100,
                                  label="tag toggle" if i == 0 and not _ else None))
    bench.report_filter("range filter params-min 7B/clear", ranged, "input event to 2nd frame")
    bench.report_filter("yes/no filter open_weights yes/all", yes_no, "input+change to 2nd frame")
    bench.report_filter("tag toggle deprecated show/hide", tags, "click to 2nd frame")

    against = f"against-{RELEASE}"
    axes = []
    page.locator(f"#{against}").scroll_into_view_if_needed()
    page.locator(f"#{against}[data-drawn=true]").wait_for(timeout=60_000)
    options = page.eval_on_selector_all(f"form[data-axis-picker='{against}'] select option", "os => os.map(o => o.value)")
    page.wait_for_timeout(300)
    for i in range(repeat):
        value = options[(i + 1) % len(options)]
        axes.append(bench.one(f"form[data-axis-picker='{against}'] select", "select", value, [against], 100,
                              label="axis change" if i == 0 else None))
    bench.add("axis change (score-against chart)", axes,
              f"change to 2nd frame after chart-drawn, options {', '.join(options)} in turn", "charted", "longAll")
    bench.add("axis change: handler", axes, "handler returns (synchronous)", "handler", "longAll")
    context.close()
    return load, drawn, bench, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000, help="models on the synthetic board (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="times each interaction is measured (default 5)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile each interaction once (CDP Profiler) and list its hottest functions")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        scores = generate(tmp, args.models)
        out = tmp / "site"
        print(f"built a board of {args.models} models in {build(scores, out):.1f} s", flush=True)
        with served(out) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                load, drawn, bench, errors = measure(browser, base, args.repeat, args.profile)
            finally:
                browser.close()

    tasks = load["tasks"]
    print(f"\nmachine: {os.cpu_count()} CPUs (nproc {os.sched_getaffinity(0).__len__()}), {chromium_version()}, "
          f"headless, 1280x800, unthrottled")
    print(f"page /{BOARD}/: {load['bytes'] / 1e3:.0f} kB HTML, {load['rows']} ranking rows; DOMContentLoaded "
          f"{load['dcl']:.0f} ms, load {load['load']:.0f} ms; longest task before load "
          f"{ms(max((t[1] for t in tasks), default=0) if tasks is not None else None)} ms "
          f"({'n/a' if tasks is None else len(tasks)} long tasks)")
    print(f"charts on the page: {', '.join(load['charts'])}; drawn when the filters were measured: {len(drawn)}")
    print(f"\n{'interaction':<52} {'median':>7} {'max':>7} {'n':>3}  {'<=100':5} {'longest task':>12}  how measured")
    print("-" * 150)
    for label, samples, how, longest in bench.rows:
        if not samples:
            print(f"{label:<52} {'n/a':>7} {'n/a':>7} {0:>3}  {'':5} {'':>12}  {how}")
            continue
        median, top = statistics.median(samples), max(samples)
        verdict = "" if "handler" in label else "ok" if top <= TARGET else "OVER"
        long_text = f"{max(longest):.0f} ms" if longest and max(longest) > 0 else "none"
        print(f"{label:<52} {median:7.0f} {top:7.0f} {len(samples):3d}  {verdict:5} {long_text:>12}  {how}")
    print("\nms; median and max over the samples; 'longest task': the longest main-thread task (>= 50 ms) seen "
          "in the measured span, 'none' if no task reached 50 ms.\nFilters redraw the drawn charts 250 ms after "
          "the change (a debounce, by design): 'charts redrawn' is from then to the frame after the last one.")
    if bench.profiles:
        print("\nwhere the time goes (one sample of each, CDP Profiler, 0.1 ms sampling; self time):")
        for label, hot in bench.profiles:
            print(f"  {label}:")
            for self_ms, name, where in hot:
                print(f"    {self_ms:7.1f} ms  {name}  {where}")
    for error in errors:
        print(f"page: {error}", file=sys.stderr)
    print(f"\nwhole run {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:   # a benchmark: report and exit 0
        print(f"interaction benchmark failed: {error!r}", file=sys.stderr)
        raise SystemExit(0)
