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
    python3 tests/bench/interactions.py --profile    # and where each interaction's time goes (CDP Profiler)
    python3 tests/bench/interactions.py --out /tmp/board      # keep the built site...
    python3 tests/bench/interactions.py --site /tmp/board     # ...and measure it again without building
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
}, true);
window.__bench.replaced = 0;   // site.js keeps its state in the URL once per update of the tables
var replaceState = history.replaceState;
history.replaceState = function () { window.__bench.replaced += 1; return replaceState.apply(history, arguments); };"""

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
  const replacedBefore = bench.replaced;
  const t0 = performance.now();
  if (act === "click") element.click();
  else {
    element.value = value;
    element.dispatchEvent(new Event("input", { bubbles: true }));
    if (act === "select") element.dispatchEvent(new Event("change", { bubbles: true }));
  }
  const handled = performance.now();
  const replacedInHandler = bench.replaced - replacedBefore;
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
    drawnIds: bench.drawn.slice(drawnBefore).map((d) => d[1]), replaced: replacedInHandler,
    longFrame: longest(t0, framed), longRedraw: charted === null ? null : longest(framed, charted + 1),
    longAll: longest(t0, Infinity),
  };
}"""

LOAD = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const tasks = window.__bench.tasks;
  return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, bytes: n.encodedBodySize,
           rows: document.querySelectorAll("table[data-table=ranking] > tbody > tr").length,
           nodes: document.getElementsByTagName("*").length,
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
    """The page, the samples measured so far and, with --profile, a CDP session for the profiles."""

    def __init__(self, page, profile: bool):
        self.page = page
        self.rows = []       # (interaction, [ms], how, [longest task ms], [update() runs], [charts redrawn])
        self.profiles = []   # (interaction, profile summary)
        self.cdp = None
        if profile:
            self.cdp = page.context.new_cdp_session(page)
            self.cdp.send("Profiler.enable")
            self.cdp.send("Profiler.setSamplingInterval", {"interval": 100})   # µs
            self.cdp.send("Performance.enable")

    def one(self, selector, act="click", value=None, redraw=(), settle=150):
        result = self.page.evaluate(MEASURE, {"selector": selector, "act": act, "value": value,
                                              "redraw": list(redraw), "settle": settle})
        if "error" in result:
            raise RuntimeError(result["error"])
        return result

    def profiled(self, label, first: dict, *then: dict):
        """With --profile: `first` once more under the CDP profiler (not counted in the samples), then
        `then` unprofiled, to put the page back as it was."""
        if self.cdp is None:
            return
        metrics = lambda: {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        before = metrics()
        self.cdp.send("Profiler.start")
        result = self.one(**first)
        profile = self.cdp.send("Profiler.stop")["profile"]
        after = metrics()
        spent = {k: (after[k] - before[k]) * 1000 for k in ("TaskDuration", "ScriptDuration", "RecalcStyleDuration",
                                                            "LayoutDuration")}
        self.profiles.append((label, result, spent, summarise(profile)))
        for step in then:
            self.one(**step)

    def add(self, label, samples, how, key="frame", long_key="longFrame"):
        kept = [s for s in samples if s.get(key) is not None]
        self.rows.append((label, [s[key] for s in kept], how, [s[long_key] for s in kept if s.get(long_key) is not None],
                          [s["replaced"] for s in kept], [len(s["drawnIds"]) for s in kept]))

    def add_filter(self, label, samples, how):
        """The handler, the handler to the frame, and the charts' redraw after the debounce."""
        self.add(f"{label}: handler", samples, "handler returns (synchronous)", "handler")
        self.add(f"{label}: to next frame", samples, how)
        redraws = [dict(s, redraw=s["charted"] - (s["handler"] + 250)) for s in samples if s["charted"] is not None]
        if redraws:
            self.add(f"{label}: charts redrawn", redraws, "debounce end (handler + 250 ms) to the frame after the "
                     "last chart-drawn", "redraw", "longRedraw")


def summarise(profile: dict, top: int = 7) -> dict:
    """A CPU profile's time (ms) by site.js function, inclusive (a sample counts once for each site.js
    function on its stack), by function of any script or the engine, exclusive, and in plotly.js."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {child: n["id"] for n in profile["nodes"] for child in n.get("children", ())}
    deltas = profile.get("timeDeltas") or []
    per_node = {}
    for sample, delta in zip(profile.get("samples") or [], deltas[1:] + [0]):   # a sample lasts till the next
        per_node[sample] = per_node.get(sample, 0) + delta

    def frame(node_id):
        f = nodes[node_id]["callFrame"]
        where = f"{f['url'].rsplit('/', 1)[-1]}:{f['lineNumber'] + 1}" if f["url"] else ""
        return f["functionName"] or "(anonymous)", where

    inclusive, exclusive, plotly = {}, {}, 0
    for node_id, micro in per_node.items():
        name, where = frame(node_id)
        exclusive[(name, where)] = exclusive.get((name, where), 0) + micro
        seen, in_plotly, at = set(), False, node_id
        while at is not None:
            name, where = frame(at)
            in_plotly = in_plotly or where.startswith("plotly")
            if where.startswith("site.js") and (name, where) not in seen:
                seen.add((name, where))
                inclusive[(name, where)] = inclusive.get((name, where), 0) + micro
            at = parent.get(at)
        plotly += micro if in_plotly else 0
    ranked = lambda table: [(micro / 1000, name, where) for (name, where), micro in
                            sorted(table.items(), key=lambda item: -item[1]) if name != "(idle)"][:top]
    return {"site": ranked(inclusive), "self": ranked(exclusive), "plotly": plotly / 1000}


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
    bench = Bench(page, profile)
    ranking = "table[data-table=ranking]"
    page.click("button[data-more-toggle]")
    page.wait_for_selector("[data-more-controls]:not([hidden])")
    page.wait_for_timeout(300)
    released = {"selector": "input[name=cols][value=released]"}
    by_params = {"selector": f"{ranking} th[data-key=params] button.sort"}
    by_rank = {"selector": f"{ranking} th[data-key=rank] button.sort"}
    ticks = [{"selector": f"input[name=avg][value={d}]", "settle": 100} for d, _, _ in DIMENSIONS[:3]]

    def columns_sorts_average(suffix):   # controls that redraw no chart
        toggled, sorted_, ticked = [], [], []
        for _ in range(repeat):
            toggled += [bench.one(**released), bench.one(**released)]   # hidden, then shown again
            sorted_.append(bench.one(**by_params))
            ticked += [bench.one(**tick) for tick in ticks]
            for tick in ticks:   # and off again, unmeasured
                page.evaluate("(s) => document.querySelector(s).click()", tick["selector"])
            page.wait_for_timeout(100)
        bench.add(f"column toggle (released){suffix}", toggled, "click to 2nd frame, hide and show in turn")
        bench.add(f"sort by params{suffix}", sorted_, "click to 2nd frame, desc and asc in turn")
        bench.add(f"custom average tick{suffix}", ticked, "click to 2nd frame, 3 dimensions ticked in turn")
        bench.profiled(f"column toggle{suffix}", released, released)
        bench.profiled(f"sort by params{suffix}", by_params)
        bench.profiled(f"custom average, 3rd tick{suffix}", ticks[2], ticks[2])
        page.evaluate("(s) => document.querySelector(s).click()", by_rank["selector"])   # back to rank order
        page.wait_for_timeout(300)

    columns_sorts_average(" [no chart drawn]")

    # Every chart drawn (the worst case for the filters' redraw), then the controls back in view.
    for chart in load["charts"]:
        page.locator(f"#{chart}").scroll_into_view_if_needed()
        page.locator(f"#{chart}[data-drawn=true]").wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    drawn = page.eval_on_selector_all(".chart[data-drawn=true]", "cs => cs.map(c => c.id)")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(500)
    columns_sorts_average(" [charts drawn]")

    filters = {"range": ({"selector": "input[name=params-min]", "act": "type", "value": "7B"},
                         {"selector": "input[name=params-min]", "act": "type", "value": ""}),
               "yes/no": ({"selector": "select[name=open_weights]", "act": "select", "value": "yes"},
                          {"selector": "select[name=open_weights]", "act": "select", "value": ""}),
               "tag": ({"selector": "input[name=hide][value=deprecated]"},   # deprecated shown, hidden again
                       {"selector": "input[name=hide][value=deprecated]"})}
    samples = {key: [] for key in filters}
    for _ in range(repeat):
        for key, steps in filters.items():
            samples[key] += [bench.one(**step, redraw=drawn, settle=100) for step in steps]
    bench.add_filter("range filter params-min 7B / cleared", samples["range"], "input event to 2nd frame")
    bench.add_filter("yes/no filter open_weights yes / all", samples["yes/no"], "input+change events to 2nd frame")
    bench.add_filter("tag filter deprecated shown / hidden", samples["tag"], "click to 2nd frame")
    for key, steps in filters.items():
        bench.profiled(f"{key} filter (with the charts' redraw)", dict(steps[0], redraw=drawn, settle=100),
                       dict(steps[1], redraw=drawn, settle=100))

    against = f"against-{RELEASE}"
    picker = f"form[data-axis-picker='{against}'] select"
    page.locator(f"#{against}").scroll_into_view_if_needed()
    page.locator(f"#{against}[data-drawn=true]").wait_for(timeout=60_000)
    options = page.eval_on_selector_all(f"{picker} option", "os => os.map(o => o.value)")
    page.wait_for_timeout(300)
    axes = [bench.one(picker, "select", options[(i + 1) % len(options)], [against], 100) for i in range(repeat)]
    bench.add("axis change (score-against chart)", axes,
              f"change to 2nd frame after its chart-drawn; axes {', '.join(options)} in turn", "charted", "longAll")
    bench.add("axis change: handler", axes, "handler returns (synchronous)", "handler", "longAll")
    bench.profiled("axis change", {"selector": picker, "act": "select", "value": options[0], "redraw": [against],
                                   "settle": 100})
    context.close()
    return load, drawn, bench, errors


def print_report(load, drawn, bench, errors, loads):
    tasks = load["tasks"]
    print(f"\nmachine: nproc {len(os.sched_getaffinity(0))}, load average {loads[0]:.1f} before and {loads[1]:.1f} "
          f"after (1 min; other work on the machine slows every number), {chromium_version()}, headless, "
          "1280x800, CPU not throttled")
    print(f"page /{BOARD}/: {load['bytes'] / 1e3:.0f} kB HTML, {load['nodes']} elements, {load['rows']} ranking rows; "
          f"DOMContentLoaded {load['dcl']:.0f} ms, load {load['load']:.0f} ms (navigation timing); longest task "
          f"before load {ms(max((t[1] for t in tasks), default=0) if tasks is not None else None)} ms")
    print(f"charts: {', '.join(load['charts'])}; drawn while the filters were measured: {', '.join(drawn) or 'none'}")
    print(f"\n{'interaction':<48} {'median':>6} {'max':>6} {'n':>3} {'<=100':5} {'longest':>7} {'updates':>7} "
          f"{'redrawn':>7}  how measured")
    print("-" * 150)
    for label, samples, how, longest, updates, redrawn in bench.rows:
        if not samples:
            print(f"{label:<48} {'n/a':>6} {'n/a':>6} {0:>3}  {'':5}  {how}")
            continue
        top = max(samples)
        verdict = "" if label.endswith("handler") else "ok" if top <= TARGET else "OVER"
        long_text = f"{max(longest):.0f}" if longest and max(longest) > 0 else "-"
        print(f"{label:<48} {statistics.median(samples):6.0f} {top:6.0f} {len(samples):3d} {verdict:5} {long_text:>7} "
              f"{statistics.median(updates):7.0f} {statistics.median(redrawn):7.0f}  {how}")
    print("\nms, median and max of the samples. longest: the longest main-thread task (a 'longtask' of 50 ms or "
          "more) in the span measured, '-' for none.\nupdates: history.replaceState calls in the handler (site.js "
          "calls it once per run of the tables' update()). redrawn: charts that said chart-drawn in or after it.\n"
          "A filter redraws the drawn charts 250 ms after the change (a debounce, by design): its 'charts redrawn' "
          "runs from then to the frame after the last of them.")
    if bench.profiles:
        print("\nwhere the time goes: one more run of each, under the CDP Profiler (0.1 ms sampling, which slows it); "
              "ms over the span measured (with the redraw for filters)")
        for label, result, spent, summary in bench.profiles:
            print(f"\n  {label}: to frame {result['frame']:.0f} ms; renderer task {spent['TaskDuration']:.0f}, "
                  f"script {spent['ScriptDuration']:.0f}, style {spent['RecalcStyleDuration']:.0f}, layout "
                  f"{spent['LayoutDuration']:.0f}, plotly.js {summary['plotly']:.0f}")
            print("    site.js, inclusive: " + "; ".join(f"{name} ({where}) {t:.0f}" for t, name, where in summary["site"]))
            print("    self time:          " + "; ".join(f"{name}{' (' + where + ')' if where else ''} {t:.0f}"
                                                     for t, name, where in summary["self"]))
    for error in errors:
        print(f"page: {error}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000, help="models on the synthetic board (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="times each interaction is measured (default 5)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile each interaction once more (CDP) and say where its time goes")
    parser.add_argument("--out", type=Path, help="build into this folder and keep it (default: a temporary one)")
    parser.add_argument("--site", type=Path, help="an already-built site with a synthetic/ board: no build")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or args.out or Path(tmp) / "site"
        if not args.site:
            scores = generate(Path(tmp), args.models)
            print(f"built a board of {args.models} models (two languages) in {build(scores, site):.1f} s", flush=True)
        with served(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                results = measure(browser, base, args.repeat, args.profile)
            finally:
                browser.close()
    loads.append(os.getloadavg()[0])
    print_report(*results, loads)
    print(f"\nwhole run {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:   # a benchmark: report and exit 0
        print(f"interaction benchmark failed: {error!r}", file=sys.stderr)
    sys.exit(0)
