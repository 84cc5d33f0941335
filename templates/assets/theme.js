// Runs before the page paints: marks the page as scripted (charts keep room to draw in) and applies
// the reader's remembered light or dark choice (site.js sets it).
document.documentElement.classList.add("js");
try { var theme = localStorage.getItem("theme"); if (theme) document.documentElement.setAttribute("data-theme", theme); } catch (e) {}
