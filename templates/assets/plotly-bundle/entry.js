// plotly.js with only the trace types the site draws (see leaderboard/charts.py).
var Plotly = require("plotly.js/lib/core");

Plotly.register([
  require("plotly.js/lib/scatterpolar"),
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/heatmap"),
]);

module.exports = Plotly;
