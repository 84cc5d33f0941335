// Runs before the page paints: applies the reader's remembered light or dark choice (site.js sets it).
try { var theme = localStorage.getItem("theme"); if (theme) document.documentElement.setAttribute("data-theme", theme); } catch (e) {}
