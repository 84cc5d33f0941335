// Progressive enhancement only: every number is already in the HTML tables.
// Draws the charts (loading plotly.js only on pages that have them) and adds copy buttons.
(function () {
  "use strict";

  // --- Charts ------------------------------------------------------------------------------
  // Each <script type="application/json" data-chart> holds a figure. A chart is drawn when it comes
  // near the view, one per task (plotly.js is loaded with the first), and drawn again from its figure
  // when what it shows changes: the tie rule, the filters, the theme, a width that crosses the phone
  // layout. Nothing in a chart zooms or drags, so a swipe over it scrolls the page.
  var chartState = { recount: null, shown: null };   // shown: the model ids the filters leave, or null
  var charts = [];
  var plotly = null;

  function loadPlotly() {
    if (!plotly) {
      plotly = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = document.body.getAttribute("data-plotly");
        script.async = true;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return plotly;
  }

  function setUpCharts() {
    document.querySelectorAll("script[data-chart]").forEach(function (spec) {
      var target = document.getElementById(spec.getAttribute("data-chart"));
      var chart = { spec: spec, target: target, drawn: false, narrow: null };
      charts.push(chart);
      addPngButton(chart);
    });
    if (!charts.length) return;
    var queue = [], busy = false;
    function next() {
      if (busy || !queue.length) return;
      busy = true;
      var chart = queue.shift();
      loadPlotly().then(function () {
        setTimeout(function () { draw(chart); busy = false; next(); }, 0);   // one chart per task
      });
    }
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          observer.unobserve(entry.target);
          queue.push(charts.find(function (c) { return c.target === entry.target; }));
          next();
        });
      }, { rootMargin: "300px 0px" });
      charts.forEach(function (chart) { observer.observe(chart.target); });
    } else {
      queue = charts.slice();
      next();
    }
    var waiting = null;
    window.addEventListener("resize", function () {   // and a phone turned on its side
      clearTimeout(waiting);
      waiting = setTimeout(function () {
        charts.forEach(function (chart) { if (chart.drawn && chart.narrow !== isNarrow(chart)) draw(chart); });
      }, 150);
    });
  }

  function isNarrow(chart) { return chart.target.clientWidth < 520; }

  function figureOf(chart) {
    var figure = JSON.parse(chart.spec.textContent);
    var visible = chart.target.getAttribute("data-visible");   // the compare page's chosen models
    if (visible !== null) {
      figure.data.forEach(function (trace) {
        trace.visible = visible.split(",").indexOf(trace.uid) >= 0 ? true : "legendonly";
      });
    }
    if (chartState.recount) chartState.recount(figure);
    if (figure.axes) putAxis(figure, chart.target.getAttribute("data-axis"));
    if (chartState.shown) keepShown(figure, chartState.shown);
    if (figure.axes) drawFront(figure);
    chart.narrow = isNarrow(chart);
    if (chart.narrow) narrow(figure, chart.target.clientWidth);
    chart.target.classList.toggle("scrolls", Boolean(figure.layout.width && figure.layout.width > chart.target.clientWidth));
    themeFigure(figure);
    figure.config.locale = document.documentElement.lang === "zh-CN" ? "zh-CN" : "en";
    return figure;
  }

  function draw(chart) {
    var figure = figureOf(chart);
    chart.shownAt = chartState.shown;   // the models it is drawn with
    if (figure.layout.height) chart.target.style.minHeight = figure.layout.height + "px";   // no room left blank
    window.Plotly.react(chart.target, figure.data, figure.layout, figure.config).then(function () {
      chart.drawn = true;
      chart.target.setAttribute("data-drawn", "true");
      chart.target.dispatchEvent(new CustomEvent("chart-drawn"));
    });
  }

  function redrawChart(target) {   // once it has been drawn (before, it will be drawn as it is when seen)
    charts.forEach(function (chart) { if (chart.target === target && chart.drawn) draw(chart); });
  }

  function redrawCharts(needs) {   // one chart per task, so that the page answers between them
    charts.filter(function (chart) { return chart.drawn && (!needs || needs(chart)); }).forEach(function (chart, i) {
      setTimeout(function () { draw(chart); }, i);
    });
  }

  // The filters apply to the charts too: only the models they leave are drawn (a trace per model
  // has its id as uid; a trace of a row per model has the ids in meta).
  function keepShown(figure, shown) {
    figure.data = figure.data.filter(function (trace) { return !trace.uid || shown.has(trace.uid); });
    figure.data.forEach(function (trace) {
      if (Array.isArray(trace.meta)) pickPoints(trace, trace.meta.map(function (id) { return shown.has(id); }));
    });
  }

  // A trace with only the points `keep` says (one flag per point): every per-point list follows.
  function pickPoints(trace, keep) {
    var pick = function (list) { return Array.isArray(list) && list.length === keep.length ? list.filter(function (_, i) { return keep[i]; }) : list; };
    ["x", "y", "z", "text", "customdata", "meta"].forEach(function (key) {
      if (!(trace.type === "heatmap" && key === "x")) trace[key] = pick(trace[key]);   // a heatmap's x are its columns
    });
    if (trace.marker) ["color", "symbol", "size", "opacity"].forEach(function (key) { trace.marker[key] = pick(trace.marker[key]); });
    ["error_x", "error_y"].forEach(function (key) {
      if (trace[key]) { trace[key].array = pick(trace[key].array); trace[key].arrayminus = pick(trace[key].arrayminus); }
    });
  }

  // The score-against chart (scatter.py): the chosen axis's values in, the models without one out.
  function putAxis(figure, key) {
    var axis = figure.axes[key] || figure.axes[figure.axis];
    figure.data.forEach(function (trace) {
      if (!Array.isArray(trace.meta)) return;
      pickPoints(trace, trace.meta.map(function (id) { return axis.values[id] !== undefined; }));
      trace.x = trace.meta.map(function (id) { return axis.values[id]; });
      if (trace.mode === "markers") {
        trace.customdata = trace.meta.map(function (id) { return axis.shown ? axis.shown[id] : axis.values[id]; });
        trace.hovertemplate = "<b>%{text}</b><br>" + axis.title + ": %{customdata}<br>" + figure.score.title +
          ": %{y:." + figure.score.decimals + "f}<extra></extra>";
      }
    });
    figure.layout.xaxis.type = axis.type;
    figure.layout.xaxis.title.text = axis.title;
    var values = Object.keys(axis.values).map(function (id) { return axis.values[id]; });
    if (axis.type === "log" && Math.max.apply(null, values) / Math.min.apply(null, values) >= 30) {
      figure.layout.xaxis.dtick = 1;   // over a decade and a half and more, a tick per decade (no crowded 2s and 5s)
    }
    if (axis.type === "date") figure.layout.xaxis.tickformat = "%Y-%m";   // the same in every language
    figure.chosen = axis;
  }

  // The front: sorted from the better end of the axis, each model that scores better than every
  // model before it (the best score for a size or a price, or the best so far in time).
  function drawFront(figure) {
    var points = figure.data[1], axis = figure.chosen, front = figure.data[0];
    var higher = figure.score.better === "higher";
    if (!axis.better || points.x.length < 2) return;
    var order = points.x.map(function (_, i) { return i; }).sort(function (a, b) {
      var x = points.x[a], y = points.x[b];
      var byX = x < y ? -1 : x > y ? 1 : 0;
      return (axis.better === "lower" ? byX : -byX) || (higher ? points.y[b] - points.y[a] : points.y[a] - points.y[b]);
    });
    var best = null, xs = [], ys = [], names = [];
    order.forEach(function (i) {
      var y = points.y[i];
      if (best === null || (higher ? y > best : y < best)) { best = y; xs.push(points.x[i]); ys.push(y); names.push(points.text[i]); }
    });
    xs.push(points.x[order[order.length - 1]]);   // the last best holds to the axis's far end
    ys.push(best);
    names.push("");
    if (axis.better === "higher") { xs.reverse(); ys.reverse(); names.reverse(); }   // drawn left to right
    front.x = xs;
    front.y = ys;
    // The models on the front are named (but the one a model page names already), the first and last
    // names leaning inwards so that they stay inside the chart.
    front.text = names.map(function (name) { return name === figure.named ? "" : name; });
    var named = names.map(function (name, i) { return name ? i : -1; }).filter(function (i) { return i >= 0; });
    front.textposition = names.map(function (_, i) {   // (left to right: the x are in order)
      return i === named[0] ? "top right" : i === named[named.length - 1] ? "top left" : "top center";
    });
    front.line.shape = axis.better === "lower" ? "hv" : "vh";
  }

  // The axis picker beside a score-against chart: its choice is kept in the URL (?x=).
  function setUpAxisPickers() {
    document.querySelectorAll("[data-axis-picker]").forEach(function (picker) {
      var target = document.getElementById(picker.getAttribute("data-axis-picker"));
      var select = picker.querySelector("select");
      var asked = new URLSearchParams(location.search).get("x");
      if (asked && select.querySelector('option[value="' + CSS.escape(asked) + '"]')) select.value = asked;
      target.setAttribute("data-axis", select.value);
      picker.hidden = false;
      picker.addEventListener("submit", function (event) { event.preventDefault(); });
      select.addEventListener("change", function () {
        target.setAttribute("data-axis", select.value);
        setTimeout(function () { redrawChart(target); }, 0);   // the choice shows at once, the chart a task later
        var query = new URLSearchParams(location.search);
        if (select.selectedIndex === 0) query.delete("x"); else query.set("x", select.value);
        remember(query.toString() ? "?" + query : "");
      });
    });
  }

  var filtering = null;
  function showOnly(ids) {   // a set of model ids, or null for all; the charts follow a moment later
    var before = chartState.shown ? Array.from(chartState.shown).sort().join() : null;
    chartState.shown = ids;
    if ((ids ? Array.from(ids).sort().join() : null) === before) return;   // the same models, in another order
    clearTimeout(filtering);
    filtering = setTimeout(function () {   // those drawn since with these models already are left
      redrawCharts(function (chart) { return chart.shownAt !== chartState.shown; });
    }, 250);
  }

  // A PNG of the chart, named after the board, the release and the chart, under each chart.
  function addPngButton(chart) {
    var caption = chart.target.closest("figure") && chart.target.closest("figure").querySelector("figcaption");
    var label = document.body.getAttribute("data-png");
    if (!caption || !label) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "png";
    button.textContent = label;
    button.addEventListener("click", function () {
      loadPlotly().then(function (Plotly) {
        if (!chart.drawn) draw(chart);
        Plotly.downloadImage(chart.target, { format: "png", filename: chart.target.getAttribute("data-filename") || "chart",
                                             width: chart.target.clientWidth, height: chart.target.clientHeight });
      });
    });
    caption.appendChild(document.createTextNode(" "));
    caption.appendChild(button);
  }

  // Text, grid and heatmap colours from the page, so that charts follow light and dark mode (the
  // line colours read on both).
  function themeFigure(figure) {
    var style = getComputedStyle(document.body);
    var text = style.color, grid = style.getPropertyValue("--line").trim() || "#ccc";
    var dark = isDark();
    var layout = figure.layout;
    layout.font = Object.assign({}, layout.font, { color: text });
    if (layout.polar) {
      layout.polar.radialaxis = Object.assign({}, layout.polar.radialaxis, { gridcolor: grid, linecolor: grid });
      layout.polar.angularaxis = Object.assign({}, layout.polar.angularaxis, { gridcolor: grid, linecolor: grid });
    }
    ["xaxis", "yaxis"].forEach(function (axis) {
      if (layout[axis]) layout[axis] = Object.assign({}, layout[axis], { gridcolor: grid });
    });
    figure.data.forEach(function (trace) {
      if (trace.type === "heatmap") {
        if (dark) trace.colorscale = HEATMAP_DARK;
        trace.textfont = { color: dark ? "#e3e6ea" : "#1c1e21" };
      }
      if (trace.error_x) trace.error_x.color = text;
    });
  }

  // Dark blues, the better score the brighter: every number on them has at least 4.5:1 in light text.
  var HEATMAP_DARK = [[0, "#14202e"], [0.5, "#1d3b5c"], [1, "#2d5f8c"]];

  function isDark() {
    var chosen = document.documentElement.getAttribute("data-theme");
    return chosen ? chosen === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  function setUpThemeToggle() {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    var root = document.documentElement;
    function label() {
      button.setAttribute("aria-pressed", String(isDark()));
      button.textContent = button.getAttribute(isDark() ? "data-label-light" : "data-label-dark");
    }
    function recolour() {
      label();
      redrawCharts();
    }
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("theme", next); } catch (e) { /* private mode: not remembered */ }
      recolour();
    });
    // With no choice made, the page follows the system as it changes.
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
      if (!root.getAttribute("data-theme")) recolour();
    });
    button.hidden = false;
    label();
  }

  // On a phone: smaller type; long radar labels break onto two lines and the side margins grow
  // to fit the longest line; the heatmap drops the numbers in its cells (the table has them).
  // On a phone: smaller type; the radar as wide as the screen allows (labels wrapped beside it, no
  // tick labels: the table has the numbers); the heatmap as wide as its columns need, each with its
  // label and numbers, scrolling sideways in its box.
  function narrow(figure, width) {
    var layout = figure.layout;
    layout.font = Object.assign({}, layout.font, { size: 11 });
    figure.data.forEach(function (trace) {
      if (trace.type === "scatterpolar") trace.theta = trace.theta.map(wrapLabel);
      if (trace.type === "heatmap") {
        layout.width = Math.max(width, 60 * trace.x.length + 150);
        trace.textfont = Object.assign({}, trace.textfont, { size: 10 });
      }
    });
    if (layout.polar) {
      var widest = 0;
      figure.data.forEach(function (trace) {
        (trace.theta || []).forEach(function (label) {
          label.split("<br>").forEach(function (line) { widest = Math.max(widest, textWidth(line, 11)); });
        });
      });
      var side = Math.min(100, Math.max(36, widest + 10));
      layout.margin = Object.assign({}, layout.margin, { l: side, r: side, t: 24, b: 16 });
      layout.polar.radialaxis = Object.assign({}, layout.polar.radialaxis, { showticklabels: false });
    }
    if (layout.xaxis && figure.data[0] && figure.data[0].type === "heatmap") layout.xaxis.tickangle = -45;
  }

  // A label in lines of at most about 66 px at 11 px: English breaks between words, a run of Chinese
  // into even parts (语义理解与抽取 -> 语义理解 / 与抽取, never a lone character).
  var CJK = /[\u2e80-\u9fff\uff00-\uffef]/;
  function wrapLabel(label) {
    var lines = [""];
    (label.match(/[\u2e80-\u9fff\uff00-\uffef]+|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+/g) || []).forEach(function (piece) {
      var last = lines.length - 1;
      if (/^\s+$/.test(piece)) { if (lines[last]) lines[last] += " "; return; }
      var parts = [piece];
      if (CJK.test(piece) && textWidth(piece, 11) > 66) {
        var count = Math.ceil(textWidth(piece, 11) / 66), size = Math.ceil(piece.length / count);
        parts = piece.match(new RegExp(".{1," + size + "}", "g"));
      }
      parts.forEach(function (part) {
        last = lines.length - 1;
        if (lines[last] && textWidth(lines[last] + part, 11) > 66) lines.push(part);
        else lines[last] += part;
      });
    });
    return lines.map(function (line) { return line.trim(); }).join("<br>");
  }

  function textWidth(text, size) {   // rough: CJK characters are square, Latin ones about half as wide
    var width = 0;
    for (var i = 0; i < text.length; i++) width += text.charCodeAt(i) > 0x2e80 ? size : size * 0.58;
    return width;
  }

  function addCopyButtons() {
    var label = document.body.getAttribute("data-copy");
    var done = document.body.getAttribute("data-copied");
    document.querySelectorAll(".prose pre").forEach(function (pre) {
      var code = pre.querySelector("code") || pre;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = label;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(code.textContent).then(function () {
          button.textContent = done;
          setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
      pre.appendChild(button);
    });
  }

  // The dialogue list: filter by model and dimension; the choice lives in the URL (?model=&dimension=).
  function setUpFilter() {
    var form = document.querySelector("form[data-filter]");
    if (!form) return;
    var params = new URLSearchParams(location.search);
    ["model", "dimension"].forEach(function (name) {
      var select = form.elements[name];
      if (!select) return;   // a board without dimensions
      if (params.get(name) && select.querySelector('option[value="' + CSS.escape(params.get(name)) + '"]')) {
        select.value = params.get(name);
      }
    });
    function apply() {
      var model = form.elements.model.value, shown = 0;
      var dimension = form.elements.dimension ? form.elements.dimension.value : "";
      document.querySelectorAll("[data-filter-group]").forEach(function (group) {
        var visible = 0;
        group.querySelectorAll("li[data-dimension]").forEach(function (item) {
          var ok = (!model || item.getAttribute("data-models").split(" ").indexOf(model) >= 0) &&
                   (!dimension || item.getAttribute("data-dimension") === dimension);
          item.hidden = !ok;
          visible += ok ? 1 : 0;
        });
        group.hidden = visible === 0;
        shown += visible;
      });
      form.querySelector("[data-filter-empty]").hidden = shown > 0;
      var query = new URLSearchParams();
      if (model) query.set("model", model);
      if (dimension) query.set("dimension", dimension);
      remember(query.toString() ? "?" + query : "");
    }
    form.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  // A long table of rows in groups (a question's verdicts, one group per verdict), searched by model
  // name or id; the search lives in the URL (?q=).
  function setUpRowFilter() {
    var box = document.querySelector("[data-row-filter]");
    if (!box) return;
    var table = document.querySelector('table[data-table="' + box.getAttribute("data-row-filter") + '"]');
    var input = box.querySelector("input");
    var groups = Array.prototype.map.call(table.tBodies, function (body) {
      return {body: body, rows: Array.prototype.map.call(body.rows, function (row) {
        return {row: row, text: (row.getAttribute("data-model") + " " + row.cells[0].textContent).toLowerCase()};
      })};
    });
    function apply() {
      var query = input.value.trim().toLowerCase(), shown = 0;
      groups.forEach(function (group) {
        var visible = 0;
        group.rows.forEach(function (r) {
          var ok = !query || r.text.indexOf(query) >= 0;
          if (r.row.hidden === ok) r.row.hidden = !ok;   // touch only the rows that change
          visible += ok ? 1 : 0;
        });
        group.body.hidden = visible === 0;
        shown += visible;
      });
      document.querySelector("[data-rows-empty]").hidden = shown > 0;
      var params = new URLSearchParams(location.search);
      if (query) params.set("q", input.value.trim()); else params.delete("q");
      remember(params.toString() ? "?" + params : "");
    }
    input.value = new URLSearchParams(location.search).get("q") || "";
    input.addEventListener("input", apply);
    box.addEventListener("submit", function (event) { event.preventDefault(); });
    box.hidden = false;
    if (input.value) apply();
  }

  // A dialogue with more than two answers: the reader picks the two shown side by side (?pair=a,b).
  function setUpPair() {
    var form = document.querySelector("form[data-pair]");
    if (!form) return;
    var wanted = (new URLSearchParams(location.search).get("pair") || "").split(",");
    ["a", "b"].forEach(function (side, i) {
      var select = form.elements[side];
      if (wanted[i] && select.querySelector('option[value="' + CSS.escape(wanted[i]) + '"]')) select.value = wanted[i];
    });
    function apply(event) {
      var a = form.elements.a, b = form.elements.b;
      if (a.value === b.value) {   // the same model twice: the other side moves to the next model
        var other = event && event.target === b ? a : b;
        var options = Array.prototype.map.call(other.options, function (o) { return o.value; });
        other.value = options[(options.indexOf(other.value) + 1) % options.length];
      }
      var pair = [a.value, b.value];
      document.querySelectorAll(".answers").forEach(function (answers) {
        answers.setAttribute("data-pair", pair.join(","));
        answers.querySelectorAll(".answer").forEach(function (answer) {
          answer.hidden = pair.indexOf(answer.getAttribute("data-model")) < 0;
          answer.style.order = pair.indexOf(answer.getAttribute("data-model"));
        });
      });
      remember("?pair=" + encodeURIComponent(pair.join(",")).replace("%2C", ","));
    }
    form.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  // The page's state lives in its query string; links marked data-keep-query (the language switch,
  // the releases) carry it along, so that switching keeps the reader's filters, sort and choices.
  function remember(search) {
    if (search !== location.search) history.replaceState(null, "", location.pathname + search + location.hash);
    keepQuery();
  }

  function keepQuery() {
    document.querySelectorAll("a[data-keep-query]").forEach(function (link) {
      if (!link.hasAttribute("data-href")) link.setAttribute("data-href", link.getAttribute("href"));
      var hash = link.hasAttribute("data-keep-hash") ? location.hash : "";
      link.setAttribute("href", link.getAttribute("data-href") + location.search + hash);
    });
  }

  // The table controls: shown once scripted; on a phone folded behind one button.
  function setUpFold(wrapper) {
    if (!wrapper) return;
    var button = wrapper.querySelector(".controls-toggle");
    var params = new URLSearchParams(location.search);
    function set(open) {
      wrapper.classList.toggle("open", open);
      button.setAttribute("aria-expanded", String(open));
    }
    button.addEventListener("click", function () { set(!wrapper.classList.contains("open")); });
    set(Array.from(params.keys()).some(function (key) {
      return ["q", "group", "org", "license"].concat(FACT_KEYS).indexOf(key) >= 0 ||
        wrapper.querySelector('[name="' + CSS.escape(key) + '-min"], select[data-yes-no][name="' + CSS.escape(key) + '"]');
    }));
    wrapper.hidden = false;
  }

  // A long release's page carries each table body's first rows (cells.LAZY_FROM): the rest are taken
  // from the full table beside it (the same rows, made by the same build: both carry its version), a
  // hundred a task so that the page keeps answering. The controls wait (inert) until then, and `then`
  // sets the tables up on every row. Rows that cannot be had (no answer within 20 s, another build's
  // table) are said so; the controls then work on the rows there are.
  var ROWS_A_TASK = 100;

  function loadRows(then) {
    var tables = Array.prototype.slice.call(document.querySelectorAll("table[data-rows-from]"));
    if (!tables.length) return then();
    var form = document.querySelector("form[data-table-controls]"), finished = false;
    if (form) { form.inert = true; form.setAttribute("aria-busy", "true"); }
    function finish(failed) {   // once, whatever happens after
      if (finished) return;
      finished = true;
      if (failed) document.querySelectorAll("[data-rows-failed]").forEach(function (note) { note.hidden = false; });
      else tables.forEach(function (table) { table.setAttribute("data-rows-loaded", ""); });
      if (form) { form.inert = false; form.removeAttribute("aria-busy"); }
      if (window.performance && performance.mark) performance.mark("rows-loaded");   // (for the benchmarks)
      then();
    }
    var abort = window.AbortController ? new AbortController() : null;
    var late = setTimeout(function () { if (abort) abort.abort(); finish(true); }, 20000);
    fetch(tables[0].getAttribute("data-rows-from"), { cache: "no-cache", signal: abort && abort.signal }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (text) {
      var chunks = [];
      tables.forEach(function (table) {
        var bodies = bodiesIn(text, table.getAttribute("data-table"), table.getAttribute("data-rows-version"));
        if (bodies.length !== table.tBodies.length) throw new Error("another table");
        bodies.forEach(function (rows, i) {
          var body = table.tBodies[i];
          Array.prototype.forEach.call(body.rows, function (row, j) {   // the same first rows, or another build
            if (!rows[j] || rows[j].indexOf('data-model="' + row.getAttribute("data-model") + '"') < 0) throw new Error("another table");
          });
          for (var at = body.rows.length; at < rows.length; at += ROWS_A_TASK) {
            chunks.push([body, rows.slice(at, at + ROWS_A_TASK).join("\n")]);
          }
        });
      });
      (function insert(i) {
        if (finished) return;
        if (i === chunks.length) { clearTimeout(late); return finish(false); }
        chunks[i][0].insertAdjacentHTML("beforeend", "\n" + chunks[i][1]);
        setTimeout(insert, 0, i + 1);
      })(0);
    }).catch(function () { clearTimeout(late); finish(true); });
  }

  // The rows of each body of the table named so in a page's HTML, if it is of this build's version
  // (board_rows.py writes each row from the start of a line; text in a row is escaped: no "<" of its own).
  function bodiesIn(html, name, version) {
    var at = html.indexOf('<table data-table="' + name + '"'), end = html.indexOf("</table>", at), bodies = [];
    if (at < 0 || end < 0) throw new Error("no " + name + " table");
    if (html.slice(at, html.indexOf(">", at)).indexOf('data-rows-version="' + version + '"') < 0) throw new Error("another build");
    while ((at = html.indexOf("<tbody", at)) >= 0 && at < end) {
      var close = html.indexOf("</tbody>", at);
      if (close < 0) throw new Error("a table cut short");
      var inner = html.slice(html.indexOf(">", at) + 1, close).trim();
      bodies.push(inner ? inner.split(/\n(?=<tr )/) : []);
      at = close;
    }
    return bodies;
  }

  // Where each board-table row belongs: its body (home: 0 for the ranked models, then each band), its
  // place in the current default order and in the reading order as built. Kept here rather than in
  // attributes: setting thousands of attributes restyles the page.
  var rowPlaces = new WeakMap();

  function place(row) {
    return rowPlaces.get(row);
  }

  // The body rows of a table, across its bodies (ranked models, then a body per unranked band).
  function bodyRows(table) {
    return Array.prototype.slice.call(table.querySelectorAll(":scope > tbody > tr"));
  }

  // Board tables: sort by any column, filter, search, switch rank mode and order; the state lives in
  // the URL (?q=&group=&org=&license=&params=&rank=all&order=published&sort=<table>.<column>.<asc|desc>).
  function setUpTables() {
    var form = document.querySelector("form[data-table-controls]");
    var tables = Array.prototype.slice.call(document.querySelectorAll("table[data-sortable]"));
    if (!form || !tables.length) return;
    var params = new URLSearchParams(location.search);
    var filters = ["group", "org", "license"].filter(function (name) { return form.elements[name]; });
    var sort = parseSort(params.get("sort") || "");

    var facts = setUpFacts(form, tables, params);
    filters = filters.concat(facts.choices);
    filters.forEach(function (name) {
      var value = params.get(name);
      if (value && Array.prototype.some.call(form.elements[name].options, function (o) { return o.value === value; })) {
        form.elements[name].value = value;
      }
    });
    form.elements.q.value = params.get("q") || "";
    if (params.get("rank") === "all") form.querySelector('input[name=rank][value=all]').checked = true;
    if (params.get("details") === "1" && form.elements.details) form.elements.details.checked = true;
    if (params.get("order") === "published" && form.querySelector("input[name=order]")) {
      form.querySelector('input[name=order][value=published]').checked = true;
    }
    var ties = setUpTieRule(form, tables);
    if (ties && form.querySelector('input[name=ties][value="' + CSS.escape(params.get("ties") || "") + '"]')) {
      form.querySelector('input[name=ties][value="' + CSS.escape(params.get("ties")) + '"]').checked = true;
    }

    tables.forEach(function (table) {
      var i = 0;
      Array.prototype.forEach.call(table.tBodies, function (body, home) {
        Array.prototype.forEach.call(body.rows, function (row) {
          rowPlaces.set(row, { home: home, order: i, reading: i });
          i += 1;
        });
      });
      // the sort buttons are in the page from the first paint; one listener for the head, so that
      // columns added later (the reader's average) sort too
      table.tHead.addEventListener("click", function (event) {
        var button = event.target.closest("button.sort");
        if (!button) return;
        var th = button.closest("th");
        var current = th.getAttribute("aria-sort");
        var numeric = th.cellIndex === 0 || th.classList.contains("num");
        var bestFirst = th.getAttribute("data-better") === "lower" ? "asc" : "desc";   // best first on the first click
        var direction = current === "descending" ? "asc" : current === "ascending" ? "desc" : (numeric ? bestFirst : "asc");
        if (th.getAttribute("data-key") === "rank" && !current) direction = "asc";
        sort = [table.getAttribute("data-table"), th.getAttribute("data-key"), direction];
        update();
      });
    });

    function cellValue(row, column) {
      var cell = row.cells[column];
      if (column === 0) {
        var rank = cell.getAttribute(rankMode() === "all" ? "data-rank-all" : "data-rank");
        return rank === "" ? null : Number(rank);
      }
      if (cell.hasAttribute("data-value")) {
        var value = cell.getAttribute("data-value");
        return value === "" ? null : /^\d{4}-\d\d/.test(value) ? value : Number(value);   // a date sorts as text
      }
      return cell.textContent.trim();
    }

    // The order a table's rows should be in: by a column (each row's key read once), else the
    // default reading order, or the published one.
    function wantedOrder(table, rows) {
      var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
      var column = sort[0] === table.getAttribute("data-table") ?
        headers.findIndex(function (th) { return th.getAttribute("data-key") === sort[1]; }) : -1;
      headers.forEach(function (th, i) {
        var wanted = i !== column ? null : sort[2] === "asc" ? "ascending" : "descending";
        if (th.getAttribute("aria-sort") !== wanted) {
          if (wanted) th.setAttribute("aria-sort", wanted); else th.removeAttribute("aria-sort");
        }
      });
      var position = rows.map(function (row) { return place(row).order; });
      if (column < 0) {
        var key = orderMode() === "published" ? rows.map(function (row) { return Number(row.getAttribute("data-seed")); }) : position;
        return { column: column, rows: indices(rows).sort(function (a, b) { return key[a] - key[b]; }).map(function (i) { return rows[i]; }) };
      }
      var sign = sort[2] === "asc" ? 1 : -1;
      var keys = rows.map(function (row) { return cellValue(row, column); });
      return { column: column, rows: indices(rows).sort(function (a, b) {
        var x = keys[a], y = keys[b];
        if (x === null || y === null) return x === y ? position[a] - position[b] : x === null ? 1 : -1;   // missing last
        var order = typeof x === "number" ? x - y : x.localeCompare(y);
        return order * sign || position[a] - position[b];
      }).map(function (i) { return rows[i]; }) };
    }

    function indices(list) { return list.map(function (_, i) { return i; }); }

    // Rows in the default order stay in their bands; sorted by a column, or in the published order,
    // they are listed together in the first body (the bands' labels hidden). Rows move only when the
    // order changes.
    function sortTable(table) {
      var rows = bodyRows(table);
      var wanted = wantedOrder(table, rows);
      var merged = wanted.column >= 0 || orderMode() === "published";
      if (table.classList.contains("merged") !== merged) table.classList.toggle("merged", merged);
      var bodies = Array.prototype.slice.call(table.tBodies), after = bodies[bodies.length - 1].nextSibling;
      var moved = wanted.rows.some(function (row, i) {
        return row !== rows[i] || (row.parentNode !== bodies[merged ? 0 : place(row).home]);
      });
      if (!moved) return wanted.rows;
      // The bodies leave the document while their rows move (a row moved in a live table restyles
      // its siblings, a thousand times over), then come back in one piece.
      bodies.forEach(function (body) { table.removeChild(body); });
      wanted.rows.forEach(function (row) { bodies[merged ? 0 : place(row).home].appendChild(row); });
      bodies.forEach(function (body) { table.insertBefore(body, after); });
      return wanted.rows;
    }

    function rankMode() { return form.querySelector("input[name=rank]:checked").value; }

    function orderMode() {
      var checked = form.querySelector("input[name=order]:checked");
      return checked ? checked.value : "";
    }

    // What the search and filters ask for now, and whether a row answers it (its texts read once).
    function wanted() {
      var values = filters.map(function (name) { return form.elements[name].value; });
      return { query: form.elements.q.value.trim().toLowerCase(), values: values, filtering: values.some(Boolean),
               facts: facts.state() };
    }

    function matches(row, asked) {   // (a row's texts are read the first time a search or filter needs them)
      var info = place(row);
      if (asked.filtering) {
        if (!info.filters) {
          info.filters = filters.map(function (name) { return facts.choices.indexOf(name) >= 0 ? facts.yesNo(row, name) : row.getAttribute("data-" + name); });
        }
        for (var i = 0; i < asked.values.length; i++) {
          if (asked.values[i] && info.filters[i] !== asked.values[i]) return false;
        }
      }
      if (!facts.keeps(row)) return false;
      if (!asked.query) return true;
      if (info.search === undefined) info.search = row.getAttribute("data-search");
      return info.search.indexOf(asked.query) >= 0;
    }

    // A long table shows its first rows (site.css; the rest a click away, out of layout till then).
    document.querySelectorAll("[data-show-all]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        tables.forEach(function (table) { table.classList.add("all"); });
        document.querySelectorAll("[data-show-all]").forEach(function (b) { b.hidden = true; });
      });
    });

    function update() {
      var attribute = rankMode() === "all" ? "data-rank-all" : "data-rank";
      var asked = wanted();
      if (ties) ties.apply();
      facts.apply(ties && ties.rule());
      // a sort on the reader's average with no dimension ticked sorts on nothing: dropped (the URL too)
      if (sort[0] === "dimensions" && /^_mean/.test(sort[1]) && !asked.facts.avg.length) sort = [];
      facts.showHeadline();
      var rowsChanged = false;
      tables.forEach(function (table) {
        // a table whose rows would come out as they are is left alone (a sort of the other table, a
        // column shown): the rows are walked only when their order or filters change
        var state = JSON.stringify([asked.query, asked.values, asked.facts.rows, attribute, orderMode(),
                                    ties && ties.rule(), sort[0] === table.getAttribute("data-table") ? sort : null]);
        if (table.shownState === state) return;
        table.shownState = state;
        var shown = 0, total = 0;
        // the rank cells are written only when the ranks they should show change (as built: the
        // published ranks among ranked models)
        var ranks = attribute + (ties && !ties.isPublished() ? " " + ties.rule() : "");
        var rewrite = (table.ranksShown || "data-rank") !== ranks;
        table.ranksShown = ranks;
        sortTable(table).forEach(function (row) {
          var hide = !matches(row, asked);
          if (row.hidden !== hide) row.hidden = hide;
          if (rewrite) {
            var cell = row.cells[0], rank = cell.getAttribute(attribute), text = rank === "" ? "-" : rank;
            if (cell.textContent !== text) cell.textContent = text;
          }
          total += 1;
          shown += hide ? 0 : 1;
        });
        table.counted = [shown, total];
        rowsChanged = rowsChanged || table === tables[0];
      });
      if (rowsChanged) {
        var shown = tables[0].counted[0], total = tables[0].counted[1];
        form.querySelector("[data-shown]").textContent =
          form.getAttribute("data-shown-label").replace("{shown}", shown).replace("{total}", total);
        var empty = document.querySelector("[data-empty]");
        if (empty) empty.hidden = shown > 0;
        showOnly(shown === total ? null : new Set(bodyRows(tables[0]).filter(function (row) { return !row.hidden; })
          .map(function (row) { return row.getAttribute("data-model"); })));
      }
      var query = new URLSearchParams(location.search);   // keys of other controls (the chart's axis) stay
      ["q", "group", "org", "license", "rank", "order", "details", "ties", "sort"].concat(facts.keys)
        .forEach(function (key) { query.delete(key); });
      if (form.elements.q.value.trim()) query.set("q", form.elements.q.value.trim());
      filters.forEach(function (name) { if (form.elements[name].value) query.set(name, form.elements[name].value); });
      if (rankMode() === "all") query.set("rank", "all");
      if (orderMode()) query.set("order", orderMode());
      var details = form.elements.details && form.elements.details.checked;
      document.body.classList.toggle("show-details", Boolean(details));
      if (details) query.set("details", "1");
      if (ties && !ties.isPublished()) query.set("ties", ties.rule());
      if (sort.length === 3 && sort[1]) query.set("sort", sort.join("."));
      facts.write(query);
      var search = query.toString() ? "?" + query : "";
      remember(search);
      var permalink = document.querySelector("a[data-permalink]");
      if (permalink) permalink.search = search;
    }

    form.addEventListener("input", update);   // (a box, a radio or a choice also fires "change": once is enough)
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    setUpFold(form.closest("[data-controls]"));
    setUpDownload(tables[tables.length - 1]);
    update();
  }

  // --- Model facts ----------------------------------------------------------------------------
  // Ranges over numbers and dates (?params=7B..70B&released=2023-07..), yes/no choices
  // (?open_weights=yes), tags hidden (?hide=deprecated; some are hidden until shown), the columns
  // shown (?cols=org,params) and the reader's own average over ticked dimensions (?avg=code,logic).
  var FACT_KEYS = ["cols", "hide", "avg"];
  var SIZE = /^\s*(\d+(?:\.\d+)?(?:e\d{1,2})?)\s*([kmbt]?)\s*$/i, SCALE = { "": 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

  // A range's end as typed: a size as facts.parse_size reads it (in a filter box a bare 7 means 7B:
  // the placeholders say 7B), a date as its first characters (2023, 2023-07), else a number.
  function parseFact(type, text) {
    text = (text || "").trim();
    if (!text) return null;
    if (type === "date") return /^\d{4}(-\d\d){0,2}$/.test(text) ? text : null;
    if (type === "size") {
      var m = SIZE.exec(text);
      if (!m) return null;
      var count = Number(m[1]) * SCALE[m[2].toLowerCase()];
      return !m[2] && count < 1e3 ? count * 1e9 : count;
    }
    var n = Number(text);
    return isFinite(n) ? n : null;
  }

  function inRange(type, value, low, high) {
    if (value === null) return false;
    if (type === "date") {
      return (low === null || value.slice(0, low.length) >= low) && (high === null || value.slice(0, high.length) <= high);
    }
    return (low === null || value >= low) && (high === null || value <= high);
  }

  function checkedValues(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (box) { return box.checked; })
      .map(function (box) { return box.value; });
  }

  function setChecked(form, name, values) {
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) { box.checked = values.indexOf(box.value) >= 0; });
  }

  function defaultValues(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (box) { return box.defaultChecked; })
      .map(function (box) { return box.value; });
  }

  function setUpFacts(form, tables, params) {
    var ranking = tables[0];
    var average = form.querySelector("[data-average]");
    var dims = average && tables.filter(function (table) { return table.getAttribute("data-table") === "dimensions"; })[0];
    var heads = keysOf(ranking);
    var ranges = Array.prototype.map.call(form.querySelectorAll("fieldset[data-range]"), function (fieldset) {
      var key = fieldset.getAttribute("data-range");
      var range = { key: key, type: fieldset.getAttribute("data-type"), column: heads.indexOf(key),
                    min: form.elements[key + "-min"], max: form.elements[key + "-max"] };
      var asked = params.get(key);
      if (asked !== null) {
        var ends = asked.indexOf("..") >= 0 ? asked.split("..") : [asked, asked];   // one value: exactly it
        range.min.value = ends[0];
        range.max.value = ends[1] || "";
      }
      return range;
    });
    var choices = Array.prototype.map.call(form.querySelectorAll("select[data-yes-no]"), function (select) { return select.name; });
    if (params.has("cols")) setChecked(form, "cols", params.get("cols").split(","));
    if (params.has("hide")) setChecked(form, "hide", params.get("hide").split(","));
    if (params.has("avg")) setChecked(form, "avg", params.get("avg").split(","));
    var more = form.querySelector("[data-more-controls]"), toggle = form.querySelector("[data-more-toggle]");
    function unfold(open) {
      more.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
    }
    if (more) {
      toggle.addEventListener("click", function () { unfold(more.hidden); });
      unfold(ranges.concat(choices, FACT_KEYS).some(function (r) { return params.has(r.key || r); }));   // open when the URL uses them
    }

    // model id -> [its value in each range's column, then "yes", "no" or "" for each yes/no choice],
    // read from the ranking table the first time a range or choice is used (the dimension table's
    // rows are looked up by model)
    var values = null;
    function valuesOf(row) {
      if (!values) {
        values = new Map();
        bodyRows(ranking).forEach(function (each) {
          values.set(each.getAttribute("data-model"), ranges.map(function (range) {
            var cell = each.cells[range.column], value = cell ? cell.getAttribute("data-value") : "";
            return !value ? null : range.type === "date" ? value : Number(value);
          }).concat(choices.map(function (name) {
            var value = each.cells[heads.indexOf(name)].getAttribute("data-value");
            return value === "1" ? "yes" : value === "0" ? "no" : "";
          })));
        });
      }
      return values.get(row.getAttribute("data-model"));
    }
    var averaged = null;   // whether the average's columns are shown (null: not yet decided)

    function ends(range) {   // the range's two ends; a box that cannot be read says so (and is not applied)
      return [range.min, range.max].map(function (box) {
        var value = parseFact(range.type, box.value), wrong = value === null && box.value.trim() !== "";
        if ((box.getAttribute("aria-invalid") === "true") !== wrong) {
          if (wrong) box.setAttribute("aria-invalid", "true"); else box.removeAttribute("aria-invalid");
        }
        return value;
      });
    }

    function asked() {
      var found = { ranges: ranges.map(ends),
                    hide: checkedValues(form, "hide"), cols: checkedValues(form, "cols"), avg: checkedValues(form, "avg") };
      found.ranging = found.ranges.some(function (ends) { return ends[0] !== null || ends[1] !== null; });
      found.rows = [found.ranges, found.hide, found.avg];   // what decides the rows shown and their order
      return found;
    }
    var now = asked();

    function hidesAny(tags) {   // whether a space-separated list of tag ids has one the reader hides
      return Boolean(tags) && tags.split(" ").some(function (tag) { return now.hide.indexOf(tag) >= 0; });
    }

    return {
      choices: choices,
      keys: FACT_KEYS.concat(ranges.map(function (r) { return r.key; }), choices),
      state: function () { now = asked(); return now; },
      yesNo: function (row, name) { return valuesOf(row)[ranges.length + choices.indexOf(name)]; },
      showHeadline: function () {   // the headline's word that the table hides a model, while it does
        document.querySelectorAll("[data-hidden-by]").forEach(function (said) {
          var hides = hidesAny(said.getAttribute("data-hidden-by"));
          if (said.hidden === hides) said.hidden = !hides;
        });
      },
      keeps: function (row) {
        if (now.hide.length && hidesAny(row.getAttribute("data-tags"))) return false;
        if (!now.ranging) return true;
        var mine = valuesOf(row);
        return ranges.every(function (range, i) {
          var ends = now.ranges[i];
          return (ends[0] === null && ends[1] === null) || inRange(range.type, mine[i], ends[0], ends[1]);
        });
      },
      apply: function (version) {   // version: what the scores are counted by (the tie rule)
        if (form.querySelector('input[name="cols"]')) {
          hideColumns(ranking, heads, now.cols);
          // columns picked by the reader show on a phone too (site.css otherwise hides the long ones there)
          var picked = now.cols.join() !== defaultValues(form, "cols").join();
          if (ranking.classList.contains("picked") !== picked) ranking.classList.toggle("picked", picked);
        }
        if (dims) averaged = showAverage(form, dims, now.avg, averaged, version);
      },
      write: function (query) {
        ranges.forEach(function (range) {
          var low = range.min.value.trim(), high = range.max.value.trim();
          if (low || high) query.set(range.key, low === high ? low : low + ".." + high);
        });
        [["cols", now.cols], ["hide", now.hide]].forEach(function (pair) {
          if (pair[1].join() !== defaultValues(form, pair[0]).join()) query.set(pair[0], pair[1].join(","));
        });
        if (now.avg.length) query.set("avg", now.avg.join(","));
      }
    };
  }

  function keysOf(table) {
    return Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.getAttribute("data-key"); });
  }

  // The reader's average's two columns, made here when first asked for (the table as published has none).
  function addAverageColumns(table, fieldset) {
    [["_mean", "data-mean-label"], ["_mean_rank", "data-rank-label"]].forEach(function (pair) {
      var th = document.createElement("th"), label = fieldset.getAttribute(pair[1]);
      th.scope = "col";
      th.className = "num mine";
      th.setAttribute("data-key", pair[0]);
      var higher = fieldset.getAttribute("data-higher-is-better") === "true";
      if (pair[0] === "_mean_rank" || !higher) th.setAttribute("data-better", "lower");
      th.innerHTML = '<button type="button" class="sort">⇅</button>';
      th.insertBefore(document.createTextNode(label), th.firstChild);
      th.querySelector("button").setAttribute("aria-label", fieldset.getAttribute("data-sort-label") + ": " + label);
      table.tHead.rows[0].appendChild(th);
    });
    bodyRows(table).forEach(function (row) {
      row.insertAdjacentHTML("beforeend", '<td class="num mine" data-value=""></td><td class="num mine" data-value=""></td>');
    });
  }

  // The optional columns not chosen, hidden by position (every row has every cell): site.css hides
  // column N of a table of class hide-cN (as columns.hidden_classes).
  function hideColumns(table, heads, shown) {
    heads.forEach(function (key, i) {
      var hide = ["rank", "model", "overall"].indexOf(key) < 0 && shown.indexOf(key) < 0;
      if (table.classList.contains("hide-c" + (i + 1)) !== hide) table.classList.toggle("hide-c" + (i + 1), hide);
    });
  }

  // The reader's own average: the mean of the ticked dimensions' scores (a model missing one gets
  // none), its rank among the models that have one, and the mean of the model's ranks in those
  // dimensions (each among every model scored there). Shown in two columns of the dimension table,
  // marked as the reader's view; the published ranking is untouched.
  var dimensionRanks = new Map();   // "dimension|tie rule" -> {model id: its rank in it}

  function showAverage(form, table, ticked, shownBefore, version) {
    var fieldset = form.querySelector("[data-average]");
    var places = Number(fieldset.getAttribute("data-decimals"));
    var higherIsBetter = fieldset.getAttribute("data-higher-is-better") === "true";
    if (ticked.length && keysOf(table).indexOf("_mean") < 0) addAverageColumns(table, fieldset);   // when first used
    var heads = keysOf(table), rows = bodyRows(table);
    var meanAt = heads.indexOf("_mean"), rankAt = heads.indexOf("_mean_rank");
    if (shownBefore !== Boolean(ticked.length)) {
      hideColumns(table, heads, ticked.length ? heads : heads.filter(function (k) { return k !== "_mean" && k !== "_mean_rank"; }));
      document.querySelector("[data-mine-note]").hidden = !ticked.length;
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {   // the dimensions averaged, marked
      var mine = ticked.indexOf(th.getAttribute("data-key")) >= 0;
      if (th.classList.contains("averaged") !== mine) th.classList.toggle("averaged", mine);
    });
    if (!ticked.length) return false;
    var columns = ticked.map(function (id) { return heads.indexOf(id); });
    var scores = columns.map(function (column) {
      return rows.map(function (row) {
        var value = row.cells[column].getAttribute("data-value");
        return value === "" || value === null ? null : Number(value);
      });
    });
    var ids = rows.map(function (row) { return row.getAttribute("data-model"); });
    var ranks = scores.map(function (list, i) {   // the rows move when sorted: kept by model id
      var key = ticked[i] + "|" + version;
      if (!dimensionRanks.has(key)) {
        var byModel = new Map();
        competitionRanks(list, places, higherIsBetter).forEach(function (rank, r) { byModel.set(ids[r], rank); });
        dimensionRanks.set(key, byModel);
      }
      var found = dimensionRanks.get(key);
      return ids.map(function (id) { return found.get(id); });
    });
    var means = rows.map(function (_, r) {
      var mine = scores.map(function (list) { return list[r]; });
      return mine.indexOf(null) >= 0 ? null : mine.reduce(function (a, b) { return a + b; }, 0) / mine.length;
    });
    var meanRanks = competitionRanks(means, places, higherIsBetter);
    rows.forEach(function (row, r) {
      var mean = row.cells[meanAt], rank = row.cells[rankAt];
      var mine = ranks.map(function (list) { return list[r]; });
      var rankMean = mine.indexOf(null) >= 0 ? null : mine.reduce(function (a, b) { return a + b; }, 0) / mine.length;
      writeCell(mean, means[r], means[r] === null ? "—" : halfUp(means[r], places) + " (#" + meanRanks[r] + ")");
      writeCell(rank, rankMean, rankMean === null ? "—" : halfUp(rankMean, 1));
    });
    return true;
  }

  function writeCell(cell, value, text) {   // only what changed: setting thousands of cells restyles the page
    var data = value === null ? "" : String(value);
    if (cell.getAttribute("data-value") !== data) cell.setAttribute("data-value", data);
    if (cell.textContent !== text) cell.textContent = text;
  }

  // The tie-rule switch: a tie counts as a win (the published rule), half a win or nothing. Every
  // score with counts (data-win, data-tie, data-loss), its interval, the ranks, rank ranges, the
  // tables' default order and the radar and heatmap are recomputed from the counts, with the
  // formulas of stats.py; the published rule brings back the published numbers as they were.
  var TIE_VALUE = { win: 1, half: 0.5, loss: 0 };
  var Z95 = 1.959963984540054;

  function tieRate(w, t, l, rule) { return 100 * (w + TIE_VALUE[rule] * t) / (w + t + l); }

  function wilson(w, t, l, rule) {
    var n = w + t + l, p = (w + TIE_VALUE[rule] * t) / n, z2 = Z95 * Z95;
    var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    var half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    return [100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half)];
  }

  function halfUp(x, places) {   // as rules.rounded: half-up on the shortest decimal form (12.345 -> 12.35)
    return (Math.round(Number(Number(x.toPrecision(15)) + "e" + places)) / Math.pow(10, places)).toFixed(places);
  }

  // Ranks 1, 2, 2, 4 of [number or null], equal as shown meaning equal rank (rules.competition_ranks).
  function competitionRanks(values, places, higherIsBetter) {
    var shown = values.map(function (v) { return v === null ? null : Number(halfUp(v, places)); });
    var first = new Map();   // value -> the rank of its first place
    shown.filter(function (v) { return v !== null; }).sort(function (a, b) { return higherIsBetter ? b - a : a - b; })
      .forEach(function (v, i) { if (!first.has(v)) first.set(v, i + 1); });
    return shown.map(function (v) { return v === null ? null : first.get(v); });
  }

  // [[low, high]] -> [[best, worst]], counted by binary search in the sorted bounds (stats.rank_ranges).
  function rankRanges(intervals, higherIsBetter) {
    var lows = intervals.map(function (i) { return i[0]; }).sort(function (a, b) { return a - b; });
    var highs = intervals.map(function (i) { return i[1]; }).sort(function (a, b) { return a - b; });
    function countBelow(sorted, value, orEqual) {   // how many entries are < value (or <= value)
      var lo = 0, hi = sorted.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (sorted[mid] < value || (orEqual && sorted[mid] === value)) lo = mid + 1; else hi = mid;
      }
      return lo;
    }
    return intervals.map(function (mine) {
      var above = intervals.length - countBelow(lows, mine[1], true);   // lows > my high
      var below = countBelow(highs, mine[0], false);                    // highs < my low
      if (!higherIsBetter) { var swap = above; above = below; below = swap; }
      return [1 + above, intervals.length - below];
    });
  }

  function setUpTieRule(form, tables) {
    var fieldset = form.querySelector(".tie-mode");
    if (!fieldset) return null;
    var places = Number(fieldset.getAttribute("data-decimals"));
    var higherIsBetter = fieldset.getAttribute("data-higher-is-better") === "true";
    var label = document.querySelector("[data-tie-rule]");
    var published = label.getAttribute("data-published");
    var cells = null;   // the published numbers, saved when the rule is first changed
    var applied = published;

    function rule() { return form.querySelector("input[name=ties]:checked").value; }

    function apply() {
      var current = rule();
      if (current === applied) return;
      applied = current;
      if (!cells) {
        cells = saveCells(tables);
        tables.forEach(saveRows);
      }
      cells.forEach(function (saved) { recountCell(saved, current === published ? null : current, places); });
      tables.forEach(function (table) {
        var rows = bodyRows(table);
        if (current === published) rows.forEach(restoreRow);
        else recountRows(rows, current, places, higherIsBetter);
      });
      label.textContent = label.getAttribute("data-label-" + current);
      [label].concat(tables).forEach(function (element) {   // a recount hides the published rank moves
        if (current === published) element.removeAttribute("data-recomputed");
        else element.setAttribute("data-recomputed", "");
      });
      document.querySelectorAll("[data-tie-header]").forEach(function (header) {
        header.textContent = header.getAttribute("data-label-" + current);
      });
      chartState.recount = recountFigure.bind(null, tables[tables.length - 1], places, current);
      redrawCharts();
    }

    return { apply: apply, rule: rule, isPublished: function () { return rule() === published; } };
  }

  function saveCells(tables) {   // every counted cell with its published number, text and interval
    var cells = [];
    tables.forEach(function (table) {
      table.querySelectorAll("td[data-win]").forEach(function (cell) {
        var ci = cell.querySelector(".ci");
        cells.push({ cell: cell, value: cell.getAttribute("data-value"), text: cell.querySelector(".v").textContent,
                     ci: ci ? ci.textContent : null, counts: ["win", "tie", "loss"].map(function (k) {
                       return Number(cell.getAttribute("data-" + k)); }) });
      });
    });
    return cells;
  }

  function saveRows(table) {   // each row's published ranks and rank range
    bodyRows(table).forEach(function (row) {
      row.cells[0].setAttribute("data-published-rank", row.cells[0].getAttribute("data-rank"));
      row.cells[0].setAttribute("data-published-rank-all", row.cells[0].getAttribute("data-rank-all"));
      var range = row.querySelector(".rank-range");
      if (range) range.setAttribute("data-published", range.textContent);
    });
  }

  function recountCell(saved, rule, places) {   // rule null: the published numbers
    var cell = saved.cell, ci = cell.querySelector(".ci"), c = saved.counts;
    if (rule === null) {
      cell.setAttribute("data-value", saved.value);
      cell.querySelector(".v").textContent = saved.text;
      if (ci) ci.textContent = saved.ci;
      return;
    }
    var value = tieRate(c[0], c[1], c[2], rule), interval = wilson(c[0], c[1], c[2], rule);
    cell.setAttribute("data-value", String(value));
    cell.querySelector(".v").textContent = halfUp(value, places);
    if (ci) ci.textContent = interval[0].toFixed(1) + "–" + interval[1].toFixed(1);
  }

  function restoreRow(row) {
    var rank = row.cells[0], range = row.querySelector(".rank-range");
    rank.setAttribute("data-rank", rank.getAttribute("data-published-rank"));
    rank.setAttribute("data-rank-all", rank.getAttribute("data-published-rank-all"));
    place(row).order = place(row).reading;
    if (range) {
      range.textContent = range.getAttribute("data-published");
      range.setAttribute("data-value", range.textContent === "-" ? "" : range.textContent.split("–")[0]);
    }
  }

  // Ranks among ranked models and among all, the default order (group, then score) and the rank
  // ranges, from the rows' recounted overall scores.
  function recountRows(rows, rule, places, higherIsBetter) {
    var overall = rows.map(function (row) {
      var value = row.querySelector('td[data-dimension="overall"]').getAttribute("data-value");
      return value === "" ? null : Number(value);
    });
    var ranked = rows.map(function (row) { return row.cells[0].getAttribute("data-published-rank") !== ""; });
    var rankedRanks = competitionRanks(overall.map(function (v, i) { return ranked[i] ? v : null; }), places, higherIsBetter);
    var allRanks = competitionRanks(overall, places, higherIsBetter);
    // The reading order: ranked models by score, then each unranked band (in its published place).
    var reading = function (row) { return place(row).reading; };
    var band = function (i) { return ranked[i] ? 0 : 1 + place(rows[i]).home; };
    var sign = higherIsBetter ? -1 : 1;
    var order = rows.map(function (row, i) { return i; }).sort(function (a, b) {
      return band(a) - band(b) || sign * ((overall[a] || 0) - (overall[b] || 0)) || reading(rows[a]) - reading(rows[b]);
    });
    rows.forEach(function (row, i) {
      row.cells[0].setAttribute("data-rank", rankedRanks[i] === null ? "" : rankedRanks[i]);
      row.cells[0].setAttribute("data-rank-all", allRanks[i] === null ? "" : allRanks[i]);
      place(row).order = order.indexOf(i);
    });
    var rangeRows = rows.filter(function (row, i) { return ranked[i] && row.querySelector(".rank-range"); });
    var ranges = rankRanges(rangeRows.map(function (row) {
      var cell = row.querySelector('td[data-dimension="overall"]');
      return wilson(Number(cell.getAttribute("data-win")), Number(cell.getAttribute("data-tie")),
                    Number(cell.getAttribute("data-loss")), rule);
    }), higherIsBetter);
    rangeRows.forEach(function (row, i) {
      var cell = row.querySelector(".rank-range");
      cell.textContent = ranges[i][0] === ranges[i][1] ? String(ranges[i][0]) : ranges[i][0] + "–" + ranges[i][1];
      cell.setAttribute("data-value", ranges[i][0]);
    });
  }

  // The radar's outlines and the heatmap's cells from the dimension table's current numbers.
  function recountFigure(table, places, rule, figure) {
    var keys = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.getAttribute("data-key"); });
    var dims = keys.slice(keys.indexOf("overall") + 1).filter(function (key) { return key[0] !== "_"; });   // not the reader's average
    var values = {}, overall = {};
    bodyRows(table).forEach(function (row) {
      values[row.getAttribute("data-model")] = dims.map(function (d) {
        var value = row.querySelector('td[data-dimension="' + CSS.escape(d) + '"]').getAttribute("data-value");
        return value === "" ? null : Number(value);
      });
      overall[row.getAttribute("data-model")] = row.querySelector('td[data-dimension="overall"]');
    });
    if (figure.axes) {   // the score-against chart: each model's overall and its interval, by the rule
      var points = figure.data[1], cellOf = function (id) { return overall[id]; };
      points.y = points.meta.map(function (id) { return Number(cellOf(id).getAttribute("data-value")); });
      if (points.error_y) {
        var bounds = points.meta.map(function (id, i) {
          var cell = cellOf(id), w = Number(cell.getAttribute("data-win"));
          return wilson(w, Number(cell.getAttribute("data-tie")), Number(cell.getAttribute("data-loss")), rule)
            .map(function (end) { return end - points.y[i]; });
        });
        points.error_y.array = bounds.map(function (b) { return b[1]; });
        points.error_y.arrayminus = bounds.map(function (b) { return -b[0]; });
      }
    }
    figure.data.forEach(function (trace) {
      if (trace.type === "scatterpolar" && values[trace.uid]) trace.r = values[trace.uid].concat(values[trace.uid].slice(0, 1));
      if (trace.type === "heatmap" && trace.meta) {
        trace.z = trace.meta.map(function (id) { return values[id]; });
        trace.text = trace.z.map(function (row) {
          return row.map(function (v) { return v === null ? "" : halfUp(v, places); });
        });
      }
    });
  }

  // "<table>.<column>.<asc|desc>"; a column (a dimension id) may itself contain dots.
  function parseSort(text) {
    var first = text.indexOf("."), last = text.lastIndexOf(".");
    if (first < 0 || last <= first) return [];
    return [text.slice(0, first), text.slice(first + 1, last), text.slice(last + 1)];
  }

  // "Download this view": the rows and order shown in the last table, as CSV for a spreadsheet (as
  // the release CSVs: a byte-order mark, the numbers as shown, no cell that would run as a formula).
  function shownNumber(cell) {
    if (!cell.hasAttribute("data-value")) return "";
    if (cell.getAttribute("data-value") === "") return "";
    var holder = cell.querySelector(".v") || cell.querySelector("a.cell-link") || cell;
    return holder.firstChild ? holder.firstChild.textContent.trim() : "";
  }

  function inert(value) {   // as downloads.inert
    return /^[=+\-@\t\r]/.test(value) && isNaN(Number(value)) ? "'" + value : value;
  }

  function setUpDownload(table) {
    var button = document.querySelector("button[data-download-view]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.getAttribute("data-key"); });
      var numeric = headers.map(function (key, i) {
        var th = table.tHead.rows[0].cells[i];
        return i >= 2 && th.classList.contains("num") && getComputedStyle(th).display !== "none";
      });
      var lines = [["rank", "model", "name"].concat(headers.slice(2).filter(function (_, i) { return numeric[i + 2]; }))];
      bodyRows(table).forEach(function (row) {
        if (row.hidden) return;
        var values = Array.prototype.slice.call(row.cells, 2).filter(function (_, i) { return numeric[i + 2]; }).map(shownNumber);
        var name = row.cells[1].querySelector("a") || row.cells[1];
        lines.push([row.cells[0].textContent.trim(), row.getAttribute("data-model"), inert(name.textContent.trim())].concat(values));
      });
      var csv = "\ufeff" + lines.map(function (line) {
        return line.map(function (value) {
          value = value === null || value === undefined ? "" : String(value);
          return /[",\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
        }).join(",");
      }).join("\n") + "\n";
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      link.download = button.getAttribute("data-download-view");
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  // The compare page: the chosen models (?m=a,b,c) decide the table's columns, a difference
  // column, the radar's visible traces and the dialogues listed.
  function setUpCompare() {
    var form = document.querySelector("form[data-compare]");
    if (!form) return;
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=m]"));
    var known = boxes.map(function (box) { return box.value; });
    var params = new URLSearchParams(location.search);
    var wanted = params.getAll("m").join(",").split(",").filter(Boolean);
    var chosen = (wanted.length ? wanted : form.getAttribute("data-default").split(","))
      .filter(function (id, i, all) { return known.indexOf(id) >= 0 && all.indexOf(id) === i; });
    var table = document.querySelector("table[data-table=compare]");
    var chart = document.getElementById("radar-compare");
    var columns = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.getAttribute("data-model"); });
    Array.prototype.forEach.call(table.rows, function (row) {   // name each cell by its model, to move columns
      Array.prototype.forEach.call(row.cells, function (cell, i) { if (i > 0) cell.setAttribute("data-column", columns[i]); });
    });

    function apply() {
      boxes.forEach(function (box) { box.checked = chosen.indexOf(box.value) >= 0; });
      table.querySelectorAll(".diff").forEach(function (cell) { cell.remove(); });
      Array.prototype.forEach.call(table.rows, function (row) {   // chosen columns first, in the order chosen
        chosen.concat(columns.slice(1).filter(function (id) { return chosen.indexOf(id) < 0; })).forEach(function (id) {
          var cell = row.querySelector('[data-column="' + id + '"]');
          cell.hidden = chosen.indexOf(id) < 0;
          row.appendChild(cell);
        });
      });
      var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
      var metricPlaces = Number(table.getAttribute("data-decimals"));
      if (chosen.length >= 2) {
        var th = document.createElement("th");
        th.scope = "col";
        th.className = "num diff";
        th.textContent = table.getAttribute(chosen.length === 2 ? "data-diff-label" : "data-spread-label");
        table.tHead.rows[0].appendChild(th);
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          // a measure row is shown at its own decimals, a score row at the metric's
          var places = row.hasAttribute("data-decimals") ? Number(row.getAttribute("data-decimals")) : metricPlaces;
          var values = chosen.map(function (id) {
            var value = row.querySelector('[data-column="' + id + '"]').getAttribute("data-value");
            return value === "" ? null : Number(halfUp(Number(value), places));   // the numbers as shown
          });
          var present = values.filter(function (v) { return v !== null; });
          var diff = chosen.length === 2 ? (values[0] === null || values[1] === null ? null : values[1] - values[0])
            : (present.length >= 2 ? Math.max.apply(null, present) - Math.min.apply(null, present) : null);
          var cell = document.createElement("td");
          cell.className = "num diff";
          cell.setAttribute("data-value", diff === null ? "" : String(diff));
          cell.textContent = diff === null ? "—" : (diff > 0 && chosen.length === 2 ? "+" : "") + diff.toFixed(places);
          row.appendChild(cell);
        });
      }
      if (chart) {
        chart.setAttribute("data-visible", chosen.join(","));
        redrawChart(chart);
      }
      var nothing = document.querySelector("[data-compare-none]");
      if (nothing) nothing.hidden = chosen.length > 0;
      table.hidden = chosen.length === 0;
      var any = false;
      document.querySelectorAll("[data-shared-dialogues] li").forEach(function (item) {
        var answering = chosen.filter(function (id) { return item.getAttribute("data-models").split(" ").indexOf(id) >= 0; });
        item.hidden = answering.length < 2;
        any = any || !item.hidden;
        var link = item.querySelector("a");
        link.search = answering.length >= 2 ? "?pair=" + answering.slice(0, 2).join(",") : "";
      });
      var none = document.querySelector("[data-shared-none]");
      if (none) none.hidden = any;
      showSignTests(chosen, function (id) {
        return boxes[known.indexOf(id)].parentNode.textContent.trim();
      });
      remember(chosen.length ? "?m=" + chosen.join(",") : "");
    }

    form.addEventListener("change", function (event) {
      var id = event.target.value;
      chosen = chosen.filter(function (x) { return x !== id; });
      if (event.target.checked) chosen.push(id);
      apply();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (chart) {   // the radar's legend chooses models too: a click there is a click on the checkbox
      chart.addEventListener("chart-drawn", function () {
        if (chart.hasAttribute("data-legend-hooked")) return;
        chart.setAttribute("data-legend-hooked", "");
        chart.on("plotly_legendclick", function (event) {
          var id = event.data[event.curveNumber].uid;
          var box = boxes[known.indexOf(id)];
          if (box) {
            box.checked = !box.checked;
            box.dispatchEvent(new Event("change", { bubbles: true }));
          }
          return false;   // the page redraws the chart itself
        });
      });
    }
    apply();
  }

  // The paired sign test between each two chosen models (as stats.paired and stats.sign_test), on
  // the questions both answered. Each model's verdicts (one letter per question and turn, in one
  // order for all) are fetched when it is first chosen.
  var verdicts = {};

  function showSignTests(chosen, nameOf) {
    var section = document.querySelector("[data-sign-test]");
    if (!section) return;
    var base = section.getAttribute("data-verdicts");
    var judged = section.getAttribute("data-judged").split(" ");
    Promise.all(chosen.map(function (id) {
      if (judged.indexOf(id) < 0) return "";   // a model with no verdicts has no file
      if (!(id in verdicts)) {
        verdicts[id] = fetch(base + encodeURIComponent(id) + ".txt").then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + response.url);
          return response.text();
        });
      }
      return verdicts[id];
    })).then(function (letters) {
      var table = { models: {} };
      chosen.forEach(function (id, i) { table.models[id] = letters[i].trim(); });
      if (section.getAttribute("data-wanted") === chosen.join(",")) writeSignTests(section, table, chosen, nameOf);
    }).catch(function (error) {   // offline, or the page is being left: keep what is shown, try again next time
      chosen.forEach(function (id) { delete verdicts[id]; });
      section.querySelector("[data-sign-results]").setAttribute("data-error", String(error));
    });
    section.setAttribute("data-wanted", chosen.join(","));   // only the latest choice is written
  }

  function writeSignTests(section, table, chosen, nameOf) {
    var results = section.querySelector("[data-sign-results]");
    results.textContent = "";
    var rank = { l: 0, t: 1, w: 2 };
    var pairs = [];
    chosen.forEach(function (a, i) { chosen.slice(i + 1).forEach(function (b) { pairs.push([a, b]); }); });
    pairs.slice(0, 10).forEach(function (pair) {
      var a = table.models[pair[0]] || "", b = table.models[pair[1]] || "";
      var aBetter = 0, bBetter = 0, same = 0;
      for (var k = 0; k < a.length && k < b.length; k++) {
        if (a[k] === "-" || b[k] === "-") continue;
        var difference = rank[a[k]] - rank[b[k]];
        if (difference > 0) aBetter += 1; else if (difference < 0) bBetter += 1; else same += 1;
      }
      var n = aBetter + bBetter + same, words = { a: nameOf(pair[0]), b: nameOf(pair[1]) };
      var line = document.createElement("p");
      if (n === 0) {
        line.textContent = fill(section.getAttribute("data-no-shared"), words);
      } else {
        var p = signTest(aBetter, bBetter);
        line.setAttribute("data-pair", pair.join(","));
        line.setAttribute("data-p", String(p));
        words.n = n; words.a_better = aBetter; words.b_better = bBetter; words.same = same;
        words.p = p < 0.001 ? "p\u00a0<\u00a00.001" : "p\u00a0=\u00a0" + p.toFixed(3);
        line.textContent = fill(section.getAttribute("data-pair"), words) + section.getAttribute("data-sep") + (aBetter + bBetter === 0 ?
          section.getAttribute("data-none") : fill(section.getAttribute(p < 0.05 ? "data-clear" : "data-unclear"), words));
      }
      results.appendChild(line);
    });
    if (!pairs.length) {
      var choose = document.createElement("p");
      choose.textContent = section.getAttribute("data-choose");
      results.appendChild(choose);
    }
    results.setAttribute("data-ready", chosen.join(","));
  }

  function fill(template, words) {   // "{a} vs {b}" with words.a and words.b
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in words ? words[key] : whole; });
  }

  function signTest(better, worse) {   // two-sided exact binomial test with p = 1/2, as stats.sign_test
    var n = better + worse, k = Math.min(better, worse), logTerm = n * Math.log(0.5), tail = 0;
    if (n === 0) return 1;
    for (var i = 0; i <= k; i++) {   // in logarithms: 0.5^n underflows past n = 1074
      tail += Math.exp(logTerm);
      logTerm += Math.log((n - i) / (i + 1));
    }
    return Math.min(1, 2 * tail);
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepQuery();
    setUpThemeToggle();
    addCopyButtons();
    setUpCompare();
    setUpFilter();
    setUpRowFilter();
    setUpPair();
    loadRows(function () {   // the charts follow the tables' filters: set up once those are known
      setUpTables();
      setUpAxisPickers();
      setUpCharts();
    });
  });
})();
