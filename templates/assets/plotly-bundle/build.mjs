// Reproducible build of the site's partial plotly.js bundle:
//   npm ci && npm run build      (in templates/assets/plotly-bundle/)
// The output is committed, so building the site never needs Node.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const version = JSON.parse(readFileSync("node_modules/plotly.js/package.json", "utf8")).version;
const outfile = `../plotly-${version}-leaderboard.min.js`;

await build({
  entryPoints: ["entry.js"],
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "Plotly",
  target: "es2018",
  legalComments: "none",
  banner: { js: `/* plotly.js v${version} (MIT licence), partial bundle: scatter, scatterpolar, bar, heatmap */` },
  define: { "process.env.NODE_ENV": '"production"', global: "window" },
  loader: { ".css": "empty" },   // the map styles of plotly.js: no map traces here
  outfile,
  logLevel: "warning",
});
console.log(`wrote ${outfile}`);
