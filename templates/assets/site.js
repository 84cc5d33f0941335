// Progressive enhancement only: every number is already in the HTML tables.
// Draws the charts (loading plotly.js only on pages that have them) and adds copy buttons.
(function () {
  "use strict";

  function drawCharts() {
    var specs = document.querySelectorAll("script[data-chart]");
    if (!specs.length) return;
    var script = document.createElement("script");
    script.src = document.body.getAttribute("data-plotly");
    script.async = true;
    script.onload = function () {
      specs.forEach(function (spec) {
        var figure = JSON.parse(spec.textContent);
        var target = document.getElementById(spec.getAttribute("data-chart"));
        if (target.clientWidth < 520) narrow(figure.layout);
        window.Plotly.newPlot(target, figure.data, figure.layout, figure.config).then(function () {
          target.setAttribute("data-drawn", "true");
        });
      });
    };
    document.head.appendChild(script);
  }

  // On a phone, smaller type and wider side margins keep the axis labels inside the chart.
  function narrow(layout) {
    layout.font = Object.assign({}, layout.font, { size: 11 });
    if (layout.polar) layout.margin = Object.assign({}, layout.margin, { l: 72, r: 84 });
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
      if (params.get(name) && select.querySelector('option[value="' + CSS.escape(params.get(name)) + '"]')) {
        select.value = params.get(name);
      }
    });
    function apply() {
      var model = form.elements.model.value, dimension = form.elements.dimension.value, shown = 0;
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
      history.replaceState(null, "", location.pathname + (query.toString() ? "?" + query : ""));
    }
    form.addEventListener("change", apply);
    form.hidden = false;
    apply();
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
    function apply() {
      var pair = [form.elements.a.value, form.elements.b.value];
      document.querySelectorAll(".answers").forEach(function (answers) {
        answers.setAttribute("data-pair", pair.join(","));
        answers.querySelectorAll(".answer").forEach(function (answer) {
          answer.hidden = pair.indexOf(answer.getAttribute("data-model")) < 0;
          answer.style.order = pair.indexOf(answer.getAttribute("data-model"));
        });
      });
      history.replaceState(null, "", location.pathname + "?pair=" + encodeURIComponent(pair.join(",")).replace("%2C", ","));
    }
    form.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    addCopyButtons();
    setUpFilter();
    setUpPair();
    drawCharts();
  });
})();
