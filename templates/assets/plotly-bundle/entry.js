// plotly.js with only the trace types the site draws (see leaderboard/charts.py).
var Plotly = require("plotly.js/lib/core");

Plotly.register([
  require("plotly.js/lib/scatterpolar"),
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/heatmap"),
  require("plotly.js/lib/locales/zh-cn"),   // Plotly's own words on Chinese pages (config.locale "zh-CN")
]);

module.exports = Plotly;
