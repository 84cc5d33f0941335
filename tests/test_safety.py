"""Untrusted text can never inject markup or script: hostile payloads in every text field of a
purpose-made project, checked by parsing the output and by loading the pages in Chromium."""
from __future__ import annotations

import functools
import html
import itertools
import json
import re

import pytest
import yaml
from playwright.sync_api import sync_playwright

from conftest import ROOT, served, soup, write_project, wait_drawn
from test_browser import ARGS, CHROMIUM

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    "</script><script>alert(1)</script>",
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "# Title {: onclick=\"alert(1)\" }",
    "![x](javascript:alert(1))",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<details open ontoggle=alert(1)>",
    "[x](vbscript:msgbox(1))",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    "<style>@import 'http://evil.example/x.css'</style>",
    '<link rel=stylesheet href="http://evil.example/x.css">',
    '![tracker](http://evil.example/pixel.png)',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<a href="http://x" style="position:fixed;top:0">x</a>',
    "<span style=\"font-size:60px;fill:red\">big</span>",
    "[off-site](//evil.example/a) [up](../../../../etc) [root](/x)",
    "[ref][r]\n\n[r]: //evil.example/ref",
]
DANGEROUS_TAGS = {"iframe", "object", "embed", "svg", "math", "img", "style", "base", "frame",
                  "frameset", "applet", "details", "textarea"}
OUR_FORMS = ("data-filter", "data-pair", "data-table-controls", "data-compare", "data-row-filter", "data-axis-picker")
OUR_SCRIPTS = re.compile(r"(^|/)assets/(site\.js|theme\.js|plotly-[\d.]+-leaderboard\.min\.js)$")


def hostile_project(root):
    payload = itertools.cycle(PAYLOADS)
    text = lambda: {"zh": next(payload), "en": next(payload)}   # noqa: E731
    site = {"title": text(), "languages": ["zh", "en"], "boards": ["demo"]}
    board = {
        "title": text(), "summary": text(), "source": {"name": text(), "url": "https://example.org/"},
        "metric": {"name": text(), "overall_name": text(), "formula": "win_tie_rate", "baseline": text(),
                   "judge": text()},
        "dimensions": [{"id": "code", "name": text(), "description": text()},
                       {"id": "logic", "name": text(), "description": text()}],
        "groups": [{"id": "ref", "name": text(), "ranked": False}, {"id": "open", "name": text(), "ranked": True}],
        "releases": {"2024-01-01": text()},
        # the board's own words for a tag and a field: column headings, filters, the chart's axis titles
        "tags": [{"id": "flag", "name": text()}],
        "fields": [{"id": "context", "name": text(), "unit": text()}],
    }
    models = [{"id": f"m{i}", "name": PAYLOADS[i] + f" #{i}", "group": "open" if i % 2 else "ref", "org": text(),
               "description": text(), "aliases": [f"alias {i} {PAYLOADS[-i - 1]}"], "license": next(payload),
               "params": "13B", "base_model": next(payload), "url": "https://example.org/m",
               "tags": ["flag"], "context": 4096 * (i + 1), "sources": ["https://example.org/card"]}
              for i in range(len(PAYLOADS))]
    rows = "".join(f"m{i},overall,{10 + i}\nm{i},code,{20 + i}\nm{i},logic,{30 + i}\n" for i in range(len(PAYLOADS)))
    pages = {f"scores/demo/pages/p{i}.md": "---\n" + yaml.safe_dump({"title": next(payload), "order": i},
                                                                      allow_unicode=True)
             + "---\n" + "\n\n".join(PAYLOADS[i:] + PAYLOADS[:i]) + "\n"
             for i in range(3)}
    pages.update({f"scores/demo/pages/p{i}.en.md": "---\n" + yaml.safe_dump({"title": next(payload)}) + "---\n"
                  + " ".join(PAYLOADS) + "\n" for i in range(3)})
    board["dialogues_intro"] = text()
    dump = functools.partial(yaml.safe_dump, allow_unicode=True, sort_keys=False)
    dialogues = {f"scores/demo/dialogues/d{i}.yaml": dump({
        "title": text(), "dimension": "code", "section": text(), "release": "2024-01-01",
        "turns": [{"prompt": "\n\n".join(PAYLOADS[i:i + 5]),
                   "responses": {f"m{j}": "\n\n".join(PAYLOADS[j:] + PAYLOADS[:j]) + "\n\n```html\n"
                                 + PAYLOADS[j] + "\n```\n" for j in range(i, i + 4)}}
                  for i in range(0, len(PAYLOADS) - 4, 6)],
        "reference_answer": text(), "commentary": text()}) for i in range(3)}
    # A second release made of judgments alone, the judge's reasons hostile too.
    verdicts = "".join(json.dumps({"model": f"m{i}", "question_id": f"q{k}", "dimension": ("code", "logic")[k % 2],
                                   "turn": 1, "verdict": ("win", "tie", "loss")[(i + k) % 3],
                                   "judge_reason": PAYLOADS[(i + k) % len(PAYLOADS)]}) + "\n"
                       for i in range(len(PAYLOADS)) for k in range(4))
    return write_project(root, {"scores/site.yaml": dump(site), "scores/demo/board.yaml": dump(board),
                                "scores/demo/models.yaml": dump(models),
                                "scores/demo/releases/2024-01-01.csv": "model,dimension,score\n" + rows,
                                "scores/demo/releases/2024-02-01.csv": "model,dimension,score,win,tie,loss\n",
                                "scores/demo/judgments/2024-02-01.jsonl": verdicts,
                                **pages, **dialogues})


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    import _pytest.capture  # noqa: F401  (capsys is function-scoped; run the CLI directly here)
    from leaderboard import cli
    root = tmp_path_factory.mktemp("hostile")
    scores = hostile_project(root)
    assert cli.main(["--scores", str(scores), "--out", str(root / "site"), "-q"]) == 0
    return root / "site"


def dangerous_url(value: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    return cleaned.startswith(("javascript:", "data:", "vbscript:"))


NOT_FOUND_SCRIPT = (ROOT / "templates" / "404.html").read_text("utf-8").split("<script>")[1].split("</script>")[0]


def ours(page, element) -> bool:
    """The tags of the site's own that the rules forbid elsewhere: the 404 page's inline styles and
    script (it is served at any depth, where a link to a file would miss; the script is the
    template's, word for word, and reads nothing from the input) and the embed page's <base target>."""
    if page.name == "404.html" and element.name == "script" and not element.get("src"):
        return element.string == NOT_FOUND_SCRIPT
    if page.name == "404.html" and element.name == "style":
        return element.parent.name == "head" and len(element.find_parent("html").find_all("style")) == 1
    if page.parent.name == "embed" and element.name == "base":
        return element.attrs == {"target": "_top"} and element.parent.name == "head"
    return False


def test_parsed_pages_hold_no_script_handler_or_dangerous_url(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        doc = soup(page)
        for element in doc.find_all(True):
            if ours(page, element):
                continue
            assert element.name not in DANGEROUS_TAGS, f"{page}: <{element.name}>"
            assert not (element.name == "meta" and element.get("http-equiv")), f"{page}: {element}"
            if element.name == "form":   # only the site's own forms, which submit nowhere else
                assert any(element.has_attr(a) for a in OUR_FORMS), f"{page}: {element}"
            if element.name in ("input", "select", "button") and not (element.has_attr("data-download-view")
                                                                       or element.has_attr("data-theme-toggle")
                                                                       or element.get("class") in (["controls-toggle"], ["sort"])
                                                                       or element.get("id") == "show-counts"):
                form = element.find_parent("form")
                assert form and any(form.has_attr(a) for a in OUR_FORMS), f"{page}: {element}"
                assert not element.has_attr("action"), f"{page}: {element}"
            assert not (element.name in ("meta", "link") and element.find_parent("body")), f"{page}: {element}"
            for attr, value in element.attrs.items():
                assert not attr.lower().startswith("on"), f"{page}: {attr} on <{element.name}>"
                assert attr.lower() != "style", f"{page}: style on <{element.name}>"
                values = value if isinstance(value, list) else [value]
                if attr in ("href", "src", "action", "formaction", "data", "content"):
                    assert not any(dangerous_url(v) for v in values), f"{page}: {attr}={value}"
        for block in doc.select(".answer-body, .prompt, .prose"):   # links from Markdown name their scheme
            for a in block.find_all("a", href=True):
                assert a["href"].startswith(("http://", "https://", "mailto:")), f"{page}: {a}"
        for script in doc.find_all("script"):
            if script.get("src"):
                assert OUR_SCRIPTS.search(script["src"]), f"{page}: script {script['src']}"
            elif not ours(page, script):
                assert script.get("type") == "application/json", f"{page}: inline script"
                figure = json.loads(script.string)   # still valid JSON: nothing broke out of it
                for trace in figure["data"]:
                    labels = [trace.get("name", "")] + list(trace.get("y", [])) + list(trace.get("theta", []))
                    for name in (label for label in labels if isinstance(label, str)):   # a trend's y are numbers
                        assert "<" not in name, f"{page}: markup in a chart label {name!r}"
    # the payloads are shown as text, not lost
    home = soup(hostile_site / "demo" / "index.html")
    assert "<script>alert(1)</script> #0" in home.get_text()
    answer = soup(hostile_site / "demo" / "dialogues" / "d0" / "index.html").find("article", class_="answer")
    assert "<svg onload=alert(1)>" in answer.get_text() and answer.find("div", class_="highlight")
    reasons = soup(hostile_site / "demo" / "questions" / "q1" / "index.html").select("td.reason")
    assert {r.get_text() for r in reasons} >= {"<script>alert(1)</script>", "<img src=x onerror=alert(1)>"}


def test_no_dialog_and_no_request_leaves_the_page_in_chromium(hostile_site):
    dialogs, outside = [], []
    with served(hostile_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                   if not route.request.url.startswith(base) else route.continue_())
        for path in ("", "demo/", "en/demo/", "demo/models/m1/", "demo/dimensions/code/", "demo/dialogues/",
                     "demo/dialogues/d0/?pair=m0,m6", "en/demo/dialogues/d1/", "demo/questions/",
                     "demo/questions/q1/", "demo/compare/?m=m1,m2,m3", "demo/2024-02-01/?ties=half"):
            page.goto(base + path)
            page.wait_for_load_state("load")
            if page.locator("[data-chart]").count():
                wait_drawn(page)
                # names are drawn as the literal text they are, never as chart markup
                assert page.locator(".chart a").count() == 0
                labels = page.evaluate("Array.from(document.querySelectorAll('.chart text'))"
                                       ".map(t => t.textContent).join(' ')")
                assert "<script>alert(1)</script>" in labels or "<img src=x onerror=alert(1)>" in labels
            for link in page.locator("main a:visible").all()[:40]:
                link.hover()
        browser.close()
    assert dialogs == []
    assert outside == []
