"""Interaction benchmark: generate a synthetic board of N models shaped like examples/models/arena (a
rating with published intervals and votes, six dimensions so that the reader's average exists, model
cards with every fact, the board's own fields and tags, some deprecated), build it with build.py (in
Chinese and English, as the examples), serve it and open its board page (/synthetic/) in Chromium
(Playwright, 1280x800, CPU not throttled), then print how long the page takes to load and each of
its interactions takes, measured inside the page:

- page load: DOMContentLoaded and load (navigation timing), when the rows a long table takes from its
  full table are in (site.js's "rows-loaded" mark), the longest task until then;
- each interaction, --repeat times: performance.now() before the element is clicked (or its value set
  and its events dispatched as a browser dispatches them), after its handlers return ("handler"), and
  when the frame that shows it is done: the first requestAnimationFrame callback after the change,
  then a message, by which time that frame's style, layout and paint have run ("to paint"; two rAF
  callbacks, which also wait for the next vsync, are printed beside it); the longest main-thread task
  meanwhile (PerformanceObserver "longtask"), the renderer main thread's CPU time (CDP Performance
  ThreadTime: less sensitive to other work on the machine than the clock), the runs of site.js's
  update() (history.replaceState calls) and the charts drawn again;
- a filter redraws the drawn charts 250 ms after the change, by design (a debounce): that redraw is
  timed apart, from the debounce's end to the frame after the last chart says "chart-drawn". The
  charts are all drawn (scrolled through) before the filters are measured, the worst case; the
  controls that should draw no chart are measured before and after, and a redraw they set off anyway
  is timed likewise;
- the axis picker of the score-against chart: from the change to the frame after its redraw.

With --profile, each interaction runs once more traced (devtools.timeline: script, style, layout and
paint, before and after the paint) and under the CDP Profiler (site.js functions, inclusive, and the
hottest functions by self time).

A benchmark, not a test: it prints numbers beside the 100 ms target and always exits 0.

    python3 tests/bench/interactions.py                       # 1,000 models, 5 times each
    python3 tests/bench/interactions.py --models 5000 --repeat 9
    python3 tests/bench/interactions.py --profile             # and where each interaction's time goes
    python3 tests/bench/interactions.py --out /tmp/board      # keep the built site...
    python3 tests/bench/interactions.py --site /tmp/board     # ...and measure it again without building
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
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
TARGET = 100   # ms, each interaction (the issue's goal)


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
window.__bench.replaced = 0;   // site.js writes its state to the URL once per update of the tables that changes it
window.__bench.replacing = [];   // ms each call took
var replaceState = history.replaceState;
history.replaceState = function () {
  var started = performance.now(), result = replaceState.apply(history, arguments);
  window.__bench.replacing.push(performance.now() - started);
  window.__bench.replaced += 1;
  return result;
};"""

# One interaction, timed in the page, in two calls: CHANGE does it and waits for the frame that shows
# it; AFTER waits for what it sets off. `act` says what is done to `selector`: "click" (element.click(),
# which fires a checkbox's input and change events as a real click does), "type" (the value set, an
# input event, as a paste or Playwright's fill), "select" (the value set, input and change events, as a
# real choice). "painted" is the first requestAnimationFrame callback after the change and then a
# message: the frame's style, layout and paint are done by then; "frames", two rAF callbacks, also
# counts the wait for the next vsync.
CHANGE = """async ({ selector, act, value }) => {
  const element = document.querySelector(selector);
  if (!element) return { error: "no element " + selector };
  const bench = window.__bench;
  if (bench.tasks) bench.observer.takeRecords().forEach((e) => bench.tasks.push([e.startTime, e.duration]));
  const now = { tasks: bench.tasks ? bench.tasks.length : 0, drawn: bench.drawn.length, replaced: bench.replaced };
  bench.now = now;
  console.timeStamp("bench-change");   // marks for the trace of --profile
  now.t0 = performance.now();
  if (act === "click") element.click();
  else {
    element.value = value;
    element.dispatchEvent(new Event("input", { bubbles: true }));
    if (act === "select") element.dispatchEvent(new Event("change", { bubbles: true }));
  }
  const handled = performance.now();
  const replaced = bench.replaced - now.replaced;
  const [painted, frames] = await Promise.all([
    new Promise((resolve) => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(0);
    })),
    new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))),
  ]);
  now.painted = painted;
  console.timeStamp("bench-painted");
  return { handler: handled - now.t0, painted: painted - now.t0, frames: frames - now.t0, replaced: replaced,
           replacing: bench.replacing.slice(bench.replacing.length - replaced) };
}"""

# Then: the charts in `redraw` (filters: after the 250 ms debounce; the axis picker: at once) drawn
# again, to the frame after the last one's "chart-drawn" (10 s at most); `settle` ms more, and if a
# chart was drawn that was not expected (a redraw the change set off), every drawn chart's redraw
# waited for likewise. The longest tasks in the change's span and after it.
AFTER = """async ({ redraw, settle }) => {
  const bench = window.__bench, now = bench.now, t0 = now.t0;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const paint = () => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(0);
  }));
  const since = () => bench.drawn.slice(now.drawn);
  const waitFor = async (ids) => {
    const deadline = performance.now() + 10000;
    while (performance.now() < deadline && !ids.every((id) => since().some((d) => d[1] === id))) await sleep(5);
    await paint();
    return performance.now();
  };
  const charted = redraw.length ? await waitFor(redraw) : null;
  await sleep(settle);
  let extra = null;
  if (since().length > redraw.length) {   // drawn again unasked: wait for every drawn chart
    extra = await waitFor(Array.from(document.querySelectorAll(".chart[data-drawn=true]")).map((c) => c.id));
  }
  await sleep(0);
  console.timeStamp("bench-end");
  if (bench.tasks) bench.observer.takeRecords().forEach((e) => bench.tasks.push([e.startTime, e.duration]));
  const tasks = bench.tasks ? bench.tasks.slice(now.tasks).filter((t) => t[0] + t[1] >= t0) : null;
  const longest = (from, to) => tasks === null ? null :
    Math.max(0, ...tasks.filter((t) => t[0] + t[1] > from && t[0] < to).map((t) => t[1]));
  return {
    charted: charted === null ? null : charted - t0, extra: extra === null ? null : extra - t0,
    drawnIds: since().map((d) => d[1]),
    longChange: longest(t0, now.painted), longAfter: longest(now.painted, Infinity),
  };
}"""

LOAD = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const tasks = window.__bench.tasks;
  const rowsIn = performance.getEntriesByName("rows-loaded")[0];   // site.js: a long table's other rows are in
  const ready = Math.max(n.loadEventEnd, rowsIn ? rowsIn.startTime : 0);
  return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, bytes: n.encodedBodySize,
           rowsIn: rowsIn ? rowsIn.startTime : null,
           rows: document.querySelectorAll("table[data-table=ranking] > tbody > tr").length,
           nodes: document.getElementsByTagName("*").length,
           charts: Array.from(document.querySelectorAll(".chart")).map((c) => c.id),
           tasks: tasks && tasks.filter((t) => t[0] < ready) };
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
    """The page, a CDP session on it (main-thread CPU time, profiles) and the rows measured so far."""

    def __init__(self, page, profile: bool):
        self.page, self.profile = page, profile
        self.rows = []       # (interaction, how, [{value, frames, long, cpu, updates, redrawn}])
        self.replacing = []  # ms of each history.replaceState call in a handler
        self.profiles = []   # (interaction, sample, {metric: ms}, profile summary)
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Performance.enable")
        if profile:
            self.cdp.send("Profiler.enable")
            self.cdp.send("Profiler.setSamplingInterval", {"interval": 100})   # µs

    def metrics(self) -> dict:
        return {m["name"]: m["value"] * 1000 for m in self.cdp.send("Performance.getMetrics")["metrics"]}

    def one(self, selector, act="click", value=None, redraw=(), settle=150):
        """One interaction: its times (ms from the change) and the renderer's main-thread CPU time
        (ThreadTime, ms) in CHANGE (with the frame) and in AFTER."""
        before = self.metrics()
        result = self.page.evaluate(CHANGE, {"selector": selector, "act": act, "value": value})
        if "error" in result:
            raise RuntimeError(result["error"])
        middle = self.metrics()
        result.update(self.page.evaluate(AFTER, {"redraw": list(redraw), "settle": settle}))
        after = self.metrics()
        self.replacing += result["replacing"]
        result["cpuChange"] = middle["ThreadTime"] - before["ThreadTime"]
        result["cpuAfter"] = after["ThreadTime"] - middle["ThreadTime"]
        result["cpuAll"] = after["ThreadTime"] - before["ThreadTime"]
        result["longAll"] = max(result["longChange"] or 0, result["longAfter"] or 0) \
            if result["longChange"] is not None else None
        return result

    def profiled(self, label, first: dict, *then: dict):
        """With --profile: `first` once more under the CDP profiler (not counted in the rows), then
        `then` unprofiled, to put the page back as it was."""
        if not self.profile:
            return
        browser = self.page.context.browser
        browser.start_tracing(page=self.page, categories=["devtools.timeline"])
        self.cdp.send("Profiler.start")
        result = self.one(**first)
        profile = self.cdp.send("Profiler.stop")["profile"]
        trace = browser.stop_tracing()
        self.profiles.append((label, result, trace_spans(trace), summarise(profile)))
        for step in then:
            self.one(**step)

    def add(self, label, how, samples, value, frames=None, long="longChange", cpu="cpuChange", redrawn=True,
            updates=True):
        """A row: `value` (a key of the samples, or a function of one) and the rest of its columns."""
        pick = (lambda s: s[value]) if isinstance(value, str) else value
        self.rows.append((label, how, [{"value": pick(s), "frames": s[frames] if frames else None, "long": s[long],
                                        "cpu": s[cpu], "updates": s["replaced"] if updates else None,
                                        "redrawn": len(s["drawnIds"]) if redrawn else None}
                                       for s in samples if pick(s) is not None]))

    def add_plain(self, label, how, samples):
        """A control that should redraw no chart; a second row if it did (after the 250 ms debounce)."""
        self.add(label, how, samples, "painted", "frames")
        unasked = [s for s in samples if s["extra"] is not None]
        if unasked:
            self.add(f"{label}: charts redrawn, unasked", f"in {len(unasked)} of {len(samples)}: debounce end "
                     "(handler + 250 ms) to the frame after the last chart-drawn", unasked,
                     lambda s: s["extra"] - s["handler"] - 250, long="longAfter", cpu="cpuAfter", updates=False)

    def add_filter(self, label, how, samples):
        """The handler, the change to its frame, and the charts' redraw after the debounce."""
        self.add(f"{label}: handler", "the input/change handlers, synchronous", samples, "handler")
        self.add(f"{label}: to paint", how, samples, "painted", "frames", redrawn=False)
        self.add(f"{label}: charts redrawn", "debounce end (handler + 250 ms) to the frame after the last "
                 "chart-drawn", samples, lambda s: s["charted"] - s["handler"] - 250 if s["charted"] else None,
                 long="longAfter", cpu="cpuAfter", updates=False)


SCRIPT = {"EventDispatch", "FunctionCall", "TimerFire", "FireAnimationFrame", "RunMicrotasks", "EvaluateScript",
          "v8.evaluateScript", "v8.callFunction"}
RENDER = {"UpdateLayoutTree": "style", "Layout": "layout", "PrePaint": "paint", "Paint": "paint", "Layerize": "paint",
          "Commit": "paint", "UpdateLayer": "paint", "MinorGC": "gc", "MajorGC": "gc"}


def trace_spans(raw: bytes) -> dict:
    """The renderer main thread's time (ms) in a trace, from the change to its paint and after it (the
    marks CHANGE and AFTER leave), by kind: script (its style, layout and GC taken out), style, layout,
    paint (pre-paint, paint, layerize, commit), GC, and the style and layout forced inside script."""
    events = json.loads(raw)["traceEvents"]
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"}
    marks = {e["args"]["data"].get("message"): e["ts"] for e in events if e.get("name") == "TimeStamp"}
    if not {"bench-change", "bench-painted", "bench-end"} <= set(marks):
        return {}
    spans = {"change": (marks["bench-change"], marks["bench-painted"]), "after": (marks["bench-painted"], marks["bench-end"])}
    timed = sorted((e["ts"], e["ts"] + e.get("dur", 0), e["name"]) for e in events
                   if (e["pid"], e["tid"]) in mains and e.get("ph") == "X" and (e["name"] in SCRIPT or e["name"] in RENDER))
    found = {}
    for span, (begin, end) in spans.items():
        inside = [t for t in timed if begin <= t[0] < end]
        scripts, last = [], None   # script's outermost intervals
        for start, stop, name in inside:
            if name in SCRIPT and (last is None or start >= last[1]):
                last = [start, stop]
                scripts.append(last)
            elif name in SCRIPT:
                last[1] = max(last[1], stop)
        kinds = {"script": sum(b - a for a, b in scripts), "style": 0, "layout": 0, "paint": 0, "gc": 0, "forced": 0}
        for start, stop, name in inside:
            if name in RENDER:
                kinds[RENDER[name]] += stop - start
                if any(a <= start < b for a, b in scripts):
                    kinds["script"] -= stop - start
                    kinds["forced"] += (stop - start) if RENDER[name] in ("style", "layout") else 0
        found[span] = {k: v / 1000 for k, v in kinds.items()}
    return found


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
    page.wait_for_function("!document.querySelector('table[data-rows-from]:not([data-rows-loaded])')", timeout=120_000)
    page.wait_for_timeout(1000)
    load = page.evaluate(LOAD)
    bench = Bench(page, profile)
    ranking = "table[data-table=ranking]"
    page.click("button[data-more-toggle]")
    page.wait_for_selector("[data-more-controls]:not([hidden])")
    page.wait_for_timeout(300)
    released = {"selector": "input[name=cols][value=released]", "settle": 500}
    by_params = {"selector": f"{ranking} th[data-key=params] button.sort", "settle": 500}
    ticks = [{"selector": f"input[name=avg][value={d}]", "settle": 500} for d, _, _ in DIMENSIONS[:3]]
    click = "(s) => document.querySelector(s).click()"

    def columns_sorts_average(suffix):   # controls that redraw no chart
        toggled, sorted_, ticked = [], [], []
        for _ in range(repeat):
            toggled += [bench.one(**released), bench.one(**released)]   # hidden, then shown again
            sorted_.append(bench.one(**by_params))
            ticked += [bench.one(**tick) for tick in ticks]
            for tick in ticks:   # and off again, unmeasured
                page.evaluate(click, tick["selector"])
            page.wait_for_timeout(100)
        bench.add_plain(f"column toggle (released){suffix}", "click; hidden and shown in turn", toggled)
        bench.add_plain(f"sort by params{suffix}", "click; descending and ascending in turn", sorted_)
        bench.add_plain(f"custom average tick{suffix}", "click; 3 dimensions ticked one by one", ticked)
        bench.profiled(f"column toggle{suffix}", released, released)
        bench.profiled(f"sort by params{suffix}", by_params)
        bench.profiled(f"custom average, 3rd tick{suffix}", ticks[2], ticks[2])
        page.evaluate(click, f"{ranking} th[data-key=rank] button.sort")   # back to rank order
        page.wait_for_timeout(1000)

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
    bench.add_filter("range filter params-min 7B / cleared", "input event", samples["range"])
    bench.add_filter("yes/no filter open_weights yes / all", "input and change events", samples["yes/no"])
    bench.add_filter("tag filter deprecated shown / hidden", "click", samples["tag"])
    for key, steps in filters.items():
        bench.profiled(f"{key} filter, with the charts' redraw", dict(steps[0], redraw=drawn, settle=100),
                       dict(steps[1], redraw=drawn, settle=100))

    against = f"against-{RELEASE}"
    picker = f"form[data-axis-picker='{against}'] select"
    page.locator(f"#{against}").scroll_into_view_if_needed()
    page.locator(f"#{against}[data-drawn=true]").wait_for(timeout=60_000)
    options = page.eval_on_selector_all(f"{picker} option", "os => os.map(o => o.value)")
    page.wait_for_timeout(300)
    axes = [bench.one(picker, "select", options[(i + 1) % len(options)], [against], 300) for i in range(repeat)]
    bench.add("axis change: handler", "the change handler (its redraw inside), synchronous", axes, "handler")
    bench.add("axis change: to paint after the redraw", f"input and change events; axes {', '.join(options)} in turn",
              axes, "charted", long="longAll", cpu="cpuAll")
    bench.profiled("axis change", {"selector": picker, "act": "select", "value": options[0], "redraw": [against],
                                   "settle": 300})
    context.close()
    return load, drawn, bench, errors


def print_report(load, drawn, bench, errors, loads):
    tasks = load["tasks"]
    print(f"\nmachine: nproc {len(os.sched_getaffinity(0))}, load average {loads[0]:.1f} before and {loads[1]:.1f} "
          f"after (1 min; other work on the machine slows the times, less the CPU), {chromium_version()}, headless, "
          "1280x800, CPU not throttled")
    print(f"page /{BOARD}/: {load['bytes'] / 1e3:.0f} kB HTML, {load['nodes']} elements, {load['rows']} ranking rows; "
          f"DOMContentLoaded {load['dcl']:.0f} ms, load {load['load']:.0f} ms (navigation timing)"
          + (f", the other rows in at {load['rowsIn']:.0f} ms (site.js, from the full table)" if load["rowsIn"] else "")
          + f"; longest task until then {ms(max((t[1] for t in tasks), default=0) if tasks is not None else None)} ms")
    print(f"charts: {', '.join(load['charts'])}; drawn while the filters were measured: {', '.join(drawn) or 'none'}")
    print(f"\n{'interaction':<55} {'median':>6} {'max':>5} {'n':>3} {'<=100':5} {'2 rAF':>5} {'long':>5} {'CPU':>5} "
          f"{'upd':>3} {'drawn':>5}  how")
    print("-" * 165)
    for label, how, samples in bench.rows:
        if not samples:
            print(f"{label:<55} {'n/a':>6}  {how}")
            continue
        med = lambda key: statistics.median([s[key] for s in samples if s[key] is not None]) \
            if any(s[key] is not None for s in samples) else None
        values = [s["value"] for s in samples]
        verdict = "" if label.endswith("handler") else "ok" if max(values) <= TARGET else "OVER"
        longest = max((s["long"] for s in samples if s["long"] is not None), default=None)
        print(f"{label:<55} {statistics.median(values):6.0f} {max(values):5.0f} {len(values):3d} {verdict:5} "
              f"{ms(med('frames')):>5} {(ms(longest) if longest else '-'):>5} {ms(med('cpu')):>5} "
              f"{ms(med('updates')):>3} {ms(med('redrawn')) if med('redrawn') is not None else '':>5}  {how}")
    print("\nms. median, max: from the change (performance.now() in the page) to the frame that shows it (its first "
          "requestAnimationFrame callback, then a message: style, layout and paint done); n samples.\n"
          "2 rAF: the median to the second rAF callback instead (adds the wait for the next vsync). long: the "
          "longest main-thread task (PerformanceObserver longtask, >= 50 ms) in that span, '-' for none.\n"
          "CPU: median main-thread CPU time of the renderer in that span (CDP Performance ThreadTime; less "
          "sensitive to other work on the machine). upd: history.replaceState calls in the handler (site.js "
          "calls it once per run of the tables' update() that changes the query).\ndrawn: charts that said "
          "chart-drawn after the change. "
          "A filter redraws the drawn charts 250 ms after the change (a debounce, by design): 'charts redrawn' "
          "is from then to the frame after the last of them.")
    if bench.replacing:
        print(f"history.replaceState (site.js remember(), once per update() that changes the query) took "
              f"{statistics.median(bench.replacing):.1f} "
              f"ms a call (median; max {max(bench.replacing):.1f}) in these handlers, {len(bench.replacing)} calls.")
    if bench.profiles:
        print("\nwhere the time goes: one more run of each (not in the rows above) traced (devtools.timeline) and under "
              "the CDP Profiler (0.1 ms sampling, which slows it);\nms; the profile's functions over the whole span (with "
              "any redraw); inclusive: each site.js function with all it calls")
        for label, result, spent, summary in bench.profiles:
            print(f"\n  {label}: handler {result['handler']:.0f} ms, to paint {result['painted']:.0f} ms; in plotly.js "
                  f"{summary['plotly']:.0f} ms")
            for span, kinds in spent.items():
                print(f"    main thread, {'change to paint' if span == 'change' else 'after the paint':<15}: script "
                      f"{kinds['script']:.0f}, style {kinds['style']:.0f}, layout {kinds['layout']:.0f} ({kinds['forced']:.0f} "
                      f"of these forced by script), paint {kinds['paint']:.0f}, GC {kinds['gc']:.0f}")
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
