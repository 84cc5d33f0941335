"""Quality gates, judged by tools nobody here wrote: a real-browser sweep of every page, axe-core,
the Nu Html Checker, and the deploy workflow checked by actionlint and zizmor."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from conftest import BOARD, ROOT, wait_drawn
from test_browser import browser, server  # noqa: F401  (fixtures)

VNU = ROOT / "tests" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
PAGE_TYPES = ["", f"{BOARD}/2023-07-28/", f"{BOARD}/models/openbuddy-llama2-13b/", f"{BOARD}/models/gpt-3.5-turbo/",
              f"{BOARD}/dimensions/logic/", f"{BOARD}/compare/", f"{BOARD}/changelog/", f"{BOARD}/dialogues/",
              f"{BOARD}/dialogues/code-reverse-integers/", "404.html", "en/", f"en/{BOARD}/dialogues/logic-card-colours/"]


def tool(name: str) -> str:
    """A command installed by pip beside this Python, or on the PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def html_pages(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


COUNTS_PAGE_TYPES = ["synthetic-counts/", "en/synthetic-counts/2025-01-15/", "synthetic-counts/questions/",
                     "en/synthetic-counts/questions/rea-16/", "synthetic-counts/compare/",
                     "en/synthetic-counts/models/alpha-7b/", "synthetic-counts/dimensions/coding/"]


def test_nu_html_checker_reports_no_errors(site, counts_site):
    assert VNU.is_file(), "vnu.jar is installed by `bash tests/run` (npm ci in tests/)"
    pages = [str(site / p) for p in html_pages(site)] + [str(counts_site / p) for p in html_pages(counts_site)]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages] == []
    assert result.returncode == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violations(server, counts_server, browser, scheme):  # noqa: F811
    """Every page type, and the counts board with its details shown and ties recounted."""
    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = []
    for path in [server + p for p in PAGE_TYPES] + [counts_server + p for p in COUNTS_PAGE_TYPES] + \
            [counts_server + "en/synthetic-counts/?ties=half"]:
        page.goto(path)
        if page.locator("script[data-chart]").count():
            wait_drawn(page)
        if page.locator("#show-counts").count():
            page.check("#show-counts")
        for violation in axe.run(page).response["violations"]:
            found.append(f"{path}: {violation['id']} at {violation['nodes'][0]['target']}")
    context.close()
    assert found == []


@pytest.mark.parametrize("which", ["default", "counts"])
def test_every_page_works_in_a_real_browser(request, browser, which):  # noqa: F811
    """All pages, both languages, on a 375 px phone: no console error, no failed request, nothing
    fetched from elsewhere, every chart drawn with all its traces, no sideways scrolling. On the
    counts site, with counts and intervals shown in the tables."""
    site = request.getfixturevalue("site" if which == "default" else "counts_site")
    server = request.getfixturevalue("server" if which == "default" else "counts_server")
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    problems, outside = [], []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # a request cut short by moving on to the next page (net::ERR_ABORTED, e.g. the icon) is no failure
    page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "")
            else problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
               else (outside.append(route.request.url), route.abort()))
    pages = html_pages(site)
    assert len(pages) > 60
    for path in pages:
        page.goto(server + path)
        page.wait_for_load_state("load")
        if page.locator("#show-counts").count():   # folded away on a phone: ticked as a script would
            page.evaluate("document.getElementById('show-counts').click()")
        expected = {s["data-chart"]: len(json.loads(s["text"])["data"]) for s in page.evaluate(
            "Array.from(document.querySelectorAll('script[data-chart]'))"
            ".map(s => ({'data-chart': s.getAttribute('data-chart'), text: s.textContent}))")}
        for chart_id, traces in expected.items():
            wait_drawn(page, f"#{chart_id}")
            drawn = page.evaluate(f"document.getElementById('{chart_id}')._fullData.length")
            shown = page.evaluate(f"document.querySelectorAll('#{chart_id} .trace, #{chart_id} .hm').length")
            if drawn != traces or shown < 1:
                problems.append(f"{path}: chart {chart_id} drew {drawn} of {traces} traces")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            problems.append(f"{path}: the page is {width} px wide on a 375 px screen")
    context.close()
    assert problems == [] and outside == []


def test_deploy_workflow_is_correct_and_lints_clean():
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    triggers = workflow[True]   # YAML 1.1 reads the key "on" as true
    assert "pull_request" in triggers and "push" in triggers
    assert workflow["permissions"] == {} and workflow["concurrency"]["group"]
    jobs = workflow["jobs"]
    assert "bash tests/run" in json.dumps(jobs["test"])
    # the default branch, whatever its name, publishes: nothing names it
    assert jobs["deploy"]["needs"] == ["test", "build"] and "github.event.repository.default_branch" in jobs["deploy"]["if"]
    assert "main" not in WORKFLOW.read_text("utf-8").replace("maintainer", "")
    # pip and npm downloads are cached between runs of the tests
    setup = {step["uses"].split("@")[0]: step.get("with", {}) for step in jobs["test"]["steps"] if "uses" in step}
    assert setup["actions/setup-python"]["cache"] == "pip" and setup["actions/setup-node"]["cache"] == "npm"
    # nothing but the site is published: the build's hidden marker stays out of the artifact
    upload = next(step for step in jobs["build"]["steps"] if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"] == {"path": "site", "include-hidden-files": False}
    steps = jobs["build"]["steps"]   # the Pages address is known before the build, which uses it
    pages = next(i for i, step in enumerate(steps) if step.get("id") == "pages")
    build = next(i for i, step in enumerate(steps) if "build.py" in step.get("run", ""))
    assert pages < build and "--base-url" in steps[build]["run"] and "steps.pages.outputs.base_url" in json.dumps(steps[build])
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert {u.split("@")[0] for u in uses} >= {"actions/configure-pages", "actions/upload-pages-artifact",
                                              "actions/deploy-pages"}
    lint = subprocess.run([tool("actionlint"), str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert (lint.returncode, lint.stdout + lint.stderr) == (0, "")
    audit = subprocess.run([tool("zizmor"), "--offline", "--persona=auditor", str(WORKFLOW)],
                           capture_output=True, text=True, timeout=120)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "No findings to report" in audit.stdout + audit.stderr
