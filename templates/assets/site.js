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

  document.addEventListener("DOMContentLoaded", function () {
    addCopyButtons();
    drawCharts();
  });
})();
