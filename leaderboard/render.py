"""Render stage: every file of the site as bytes, handed to the write stage by its path in the output.

Jinja with autoescape and StrictUndefined; Markdown only through markup.py; data files
(CSV, JSON) from the same model. Links are relative, so the site works under any base path
(a GitHub Pages project site included).
"""
from __future__ import annotations

import csv
import gc
import io
import json
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from xml.sax.saxutils import escape as xml_escape
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup, escape
import plotly
import yaml

from . import charts, markup, rules, stats
from .model import Board, Release, Site

# plotly.js with only the trace types the site draws, at the version the Python plotly package
# bundles; built by templates/assets/plotly-bundle/ and committed beside the other assets.
PLOTLY_VERSION = plotly.offline.get_plotlyjs_version()
PLOTLY_PATH = f"assets/plotly-{PLOTLY_VERSION}-leaderboard.min.js"


@dataclass(frozen=True)
class PageSpec:
    path: str            # path inside the language's tree, e.g. "board/models/x/index.html"
    template: str
    context: dict


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,   # one build: no need to check template files for changes on every page
    )
    env.filters["markdown"] = markup.prose
    env.filters["chat"] = markup.chat
    env.filters["tx_of"] = lambda value, lang: value[lang]
    env.tests["length_at_least"] = lambda value, n: len(value) >= n
    # a date never breaks at its hyphens on a narrow screen ("2025-03-" / "01")
    env.filters["date"] = lambda day: Markup('<span class="date">{}</span>').format(day)
    return env


def load_strings(templates: Path, languages) -> dict:
    """Interface strings: templates/i18n/<lang>.yaml, falling back to the first language's file."""
    strings = {}
    for lang in languages:
        path = templates / "i18n" / f"{lang}.yaml"
        strings[lang] = yaml.safe_load(path.read_text("utf-8")) if path.exists() else {}
    default = strings[languages[0]]
    return {lang: {**default, "html_lang": lang, **table} for lang, table in strings.items()}


def missing_strings(templates: Path, languages) -> list:
    return [lang for lang in languages if not (templates / "i18n" / f"{lang}.yaml").is_file()]


def render_site(site: Site, templates: Path, out) -> None:
    """Render every file of the site, handing each to out.put(path, bytes) as it is made (the write
    stage's Staging: pages go to disk while the others render, and are never all held in memory)."""
    units = work_units(site)
    # The site model is finished and lives to the end of the render: frozen, the garbage collector
    # stops walking its objects on every collection (7% of the render's CPU time at N=1000), and
    # forked workers no longer copy its memory by touching it. Unfrozen after, so that --serve's
    # rebuilds free each old model.
    gc.freeze()
    try:
        pages = sum(len(unit.specs) for unit in units) * len(site.languages)
        if pages >= PARALLEL_FROM and can_fork():
            render_in_parallel(site, templates, units, out)
        else:
            renderer = Renderer(site, templates)
            for unit in units:
                renderer.run(unit, out)
    finally:
        gc.unfreeze()
    for path, content in static_files(templates).items():
        out.put(path, content)
    if PLOTLY_PATH not in out.written:
        raise FileNotFoundError(f"templates/{PLOTLY_PATH} is missing: build it in templates/assets/plotly-bundle/")
    if site.base_url:
        out.put("sitemap.xml", sitemap(site, out.written))


@dataclass(frozen=True)
class Unit:
    """A share of the render that one process does whole: some pages, each in every language (they
    render the same Markdown, so they share a cache), or a board's data files."""
    specs: tuple = ()
    data_of: Board | None = None


# Pages about one item: many, each small. Every other page lists the whole board.
ONE_ITEM = ("model.html", "dialogue.html", "question.html")
BATCH = 50   # pages about one item per unit: a few tens of milliseconds of work


def work_units(site: Site) -> list:
    """The render in units, slowest first, so that two processes taking the next unit as they finish
    end together: the pages that list a whole board one each, then the data files, then the pages
    of one item in batches."""
    specs = list(page_specs(site))
    whole = [Unit((spec,)) for spec in specs if spec.template not in ONE_ITEM]
    items = [spec for spec in specs if spec.template in ONE_ITEM]
    return (whole + [Unit(data_of=board) for board in site.boards]
            + [Unit(tuple(items[i:i + BATCH])) for i in range(0, len(items), BATCH)])


class Renderer:
    """What rendering needs besides the site: the templates and the interface strings."""

    def __init__(self, site: Site, templates: Path):
        self.site = site
        self.env = environment(templates)
        self.strings = load_strings(templates, site.languages)

    def run(self, unit: Unit, out) -> None:
        for spec in unit.specs:
            for lang in self.site.languages:
                out.put(self.site.prefix(lang) + spec.path, render_page(self.env, self.site, self.strings, lang, spec))
        if unit.data_of is not None:
            for path, content in data_files(unit.data_of, self.site).items():
                out.put(path, content)


# A big site renders on two processes (measured: about 1.7 times faster for N=1000 models and M=1000
# dialogues on two cores); a small one stays in one, where starting workers would cost more than it saves.
PARALLEL_FROM = 2000   # pages, all languages counted
WORKERS = 2


def can_fork() -> bool:
    """Forking is safe only where the system has it and no other thread is running (--serve's
    rebuilds run beside the server's threads)."""
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and len(os.sched_getaffinity(0)) > 1)


def render_in_parallel(site: Site, templates: Path, units: list, out) -> None:
    """Render the units on forked workers, each taking the next unit when it is done with one. A
    worker writes its files into out's folder itself and hands back only their digests and the
    Markdown it rendered (for this process's cache). A worker that dies fails the build instead of
    hanging it."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(WORKERS, mp_context=context, initializer=_adopt,
                             initargs=(site, templates, units, out)) as pool:
        for written, rendered in pool.map(_render_unit, range(len(units))):
            out.adopt(written)
            markup.remember(rendered)


_WORK = None


def _adopt(site: Site, templates: Path, units: list, out):
    """In a worker: keep the work it inherited when it was forked."""
    global _WORK
    _WORK = Renderer(site, templates), units, out


def _render_unit(index: int):
    renderer, units, out = _WORK
    out.written = {}   # this unit's files only
    renderer.run(units[index], out)
    return out.written, markup.hand_over()


def sitemap(site: Site, files) -> bytes:
    """Every page's canonical address, for search engines (only with a base_url)."""
    pages = sorted(canonical_path(p) for p in files if p.endswith(".html") and not p.endswith("404.html"))
    entries = "".join(f"<url><loc>{xml_escape(site.base_url + p)}</loc></url>\n" for p in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</urlset>\n").encode("utf-8")


def page_specs(site: Site):
    """Every page of one language, in a stable order."""
    home = site.boards[0]
    yield PageSpec("index.html", "board.html", {"board": home, "release": home.latest, "is_home": True})
    yield PageSpec("404.html", "404.html", {})
    for board in site.boards:
        yield PageSpec(f"{board.id}/index.html", "board.html", {"board": board, "release": board.latest})
        for release in board.releases:
            yield PageSpec(f"{board.id}/{release.date}/index.html", "board.html",
                           {"board": board, "release": release})
        for model in board.models:
            yield PageSpec(f"{board.id}/models/{model.id}/index.html", "model.html",
                           {"board": board, "model": model, "references": references(board.latest, model.id),
                            "current": board.latest.entry(model.id)})
        yield PageSpec(f"{board.id}/changelog/index.html", "changelog.html", {"board": board})
        yield PageSpec(f"{board.id}/compare/index.html", "compare.html",
                       {"board": board, "release": board.latest, "chosen": default_comparison(board.latest)})
        if board.dialogues:
            yield PageSpec(f"{board.id}/dialogues/index.html", "dialogues.html", {"board": board})
        for dialogue in board.dialogues:
            yield PageSpec(f"{board.id}/dialogues/{dialogue.id}/index.html", "dialogue.html",
                           {"board": board, "dialogue": dialogue})
        judged = board.judged
        if judged:
            yield PageSpec(f"{board.id}/questions/index.html", "questions.html", {"board": board, "release": judged})
        for question in judged.questions if judged else ():
            yield PageSpec(f"{board.id}/questions/{question.id}/index.html", "question.html",
                           {"board": board, "release": judged, "question": question})
        for dim in board.dimensions:
            yield PageSpec(f"{board.id}/dimensions/{dim.id}/index.html", "dimension.html",
                           {"board": board, "dimension": dim, "release": board.latest,
                            "ranked": ranked_by(board.latest, dim.id, board.metric.higher_is_better)})


def sign_tests(release: Release, chosen) -> list:
    """The paired sign test between each two of the chosen models (at most 10 pairs), on the
    questions both answered: [{"a", "b", "a_better", "b_better", "same", "p"}]."""
    pairs = [(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1:]][:10]
    results = []
    for a, b in pairs:
        a_better, b_better, same = stats.paired(release.verdicts(a), release.verdicts(b))
        results.append({"a": release.entry(a).model, "b": release.entry(b).model, "a_better": a_better,
                        "b_better": b_better, "same": same, "p": stats.sign_test(a_better, b_better)})
    return results


def verdict_letters(release: Release) -> dict:
    """{model id: one letter per (question, turn) of the release, in one shared order: "w", "t",
    "l", or "-" where the model was not judged}, for the compare page's script."""
    keys = sorted({(j.question, j.turn) for j in release.judgments})
    return {model_id: "".join(release.verdicts(model_id).get(k, "-")[0] for k in keys)
            for model_id in release.judged_models}


def p_text(p: float) -> str:
    """A p-value as the compare page writes it (site.js writes it the same way)."""
    return "p\u00a0<\u00a00.001" if p < 0.001 else f"p\u00a0=\u00a0{p:.3f}"   # never broken across lines


def default_comparison(release: Release) -> list:
    """The compare page's default: the best reference model and the best ranked one, in table order
    (or the first model, on a board where none has dimension scores)."""
    return sorted(release.leaders, key=release.position.get) or [release.entries[0].model.id]


def references(release: Release, model_id: str) -> set:
    """What a model's radar is drawn against: the release's leaders, and the model itself."""
    return set(release.leaders) | {model_id}


def ranked_by(release: Release, dimension_id: str, higher_is_better: bool) -> list:
    """(entry, score) of the models scored in a dimension, best first, then by name."""
    scored = [(e, e.scores[dimension_id]) for e in release.entries if e.scores[dimension_id] is not None]
    sign = -1 if higher_is_better else 1
    return sorted(scored, key=lambda pair: (sign * pair[1].value, pair[0].model.id))


def render_page(env, site: Site, strings: dict, lang: str, spec: PageSpec) -> bytes:
    prefix = site.prefix(lang)
    here = prefix + spec.path

    # The 404 page is served for a missing address at any depth: its links must be absolute, which
    # they can be when the site's address is known (a relative link is the best it can do otherwise).
    anywhere = spec.template == "404.html" and site.base_url

    def link(target: str, to_lang: str = lang) -> str:
        """A link from this page to target (a path in the to_lang tree): relative, or absolute on the 404 page."""
        path = site.prefix(to_lang) + canonical_path(target)
        return site.base_url + path if anywhere else relative(here, path)

    def dialogue_href(board, model_id: str, dimension_id: str):
        """Where a table cell's dialogues are: the one dialogue, or the list filtered to them."""
        found = board.dialogues_with(model_id, dimension_id)
        if len(found) == 1:
            return link(f"{board.id}/dialogues/{found[0].id}/")
        return link(f"{board.id}/dialogues/") + "?" + urlencode({"model": model_id, "dimension": dimension_id}) \
            if found else None

    def model_link(board, model) -> Markup:
        """A link to the model's page, named in this language (a function, not a macro: board tables
        have one or two per row)."""
        return Markup(f'<a href="{escape(link(f"{board.id}/models/{model.id}/"))}">{escape(model.name[lang])}</a>')

    cell = partial(score_cell, spec.context.get("board"), strings[lang])

    def dimension_cells(board, entry, linked=True) -> Markup:
        """A row's dimension cells, linked to their dialogues if `linked` (one call per row, not per cell)."""
        return Markup("".join(cell(score, d.id, dialogue_href(board, entry.model.id, d.id) if linked and score else None)
                              for d in board.dimensions for score in (entry.scores[d.id],)))

    context = {
        **spec.context,
        "dialogue_href": dialogue_href,
        "dimension_cells": dimension_cells,
        "model_link": model_link,
        "score_cell": cell,
        "rank_cell": rank_cell,
        "rank_range_cell": rank_range_cell,
        "stats": stats,
        "row_attrs": partial(row_attrs, lang=lang),
        "site": site,
        "lang": lang,
        "t": strings[lang],
        "strings": strings,
        "page_path": spec.path,
        "link": link,
        "asset": (lambda target: site.base_url + target) if anywhere else partial(relative, here),
        "tx": lambda value: "" if value is None else value[lang],
        "fmt": partial(format_score, spec.context.get("board")),
        "charts": charts,
        "canonical_of": canonical_path,
        "sign_tests": sign_tests,
        "p_text": p_text,
        "plotly_path": PLOTLY_PATH,
        "canonical": site.base_url + prefix + canonical_path(spec.path) if site.base_url else None,
    }
    return env.get_template(spec.template).render(context).encode("utf-8")


# Table cells are the bulk of a big board's pages: built here rather than by Jinja macros (several
# times faster). What goes in unescaped is safe by construction: formatted numbers ("12.35", "—")
# and ids that validation holds to [a-z0-9._-].
def score_cell(board: Board | None, t: dict, score, dimension_id: str, href=None) -> Markup:
    """A score's cell; with counts, they go in data attributes (for the tie-rule switch) and in a
    detail line: wins, ties, losses and the 95% interval."""
    shown = format_score(board, score)
    counts = detail = ""
    if score is not None and score.win is not None:
        shown = f'<span class="v">{shown}</span>'
        counts = f' data-win="{score.win}" data-tie="{score.tie}" data-loss="{score.loss}"'
        detail = count_detail(board, t, score)
    if href:
        shown = f'<a href="{escape(href)}" class="cell-link" title="{escape(t["dialogue_cell_title"])}">{shown}</a>'
    value = "" if score is None else score.value
    return Markup(f'<td class="num" data-dimension="{dimension_id}" data-value="{value}"{counts}>{shown}{detail}</td>')


def count_detail(board: Board, t: dict, score) -> str:
    """Wins, ties, losses and the interval, kept by everything they are made of: a score appears on
    many pages (its release's board pages, its model's history), the same counts in many cells."""
    labels = (t["win_short"], t["tie_short"], t["loss_short"], t["n_short"])
    key = (score.win, score.tie, score.loss, board.rates, labels)
    if key not in _details:
        win, tie, loss, n = map(escape, labels)
        interval = stats.interval(score) if board.rates else None
        ci = f' <span class="ci">{interval_text(interval)}</span>' if interval else ""
        _details[key] = (f'<span class="cell-detail">{win}{score.win} {tie}{score.tie} {loss}{score.loss} '
                         f'{n}{score.win + score.tie + score.loss}{ci}</span>')
    return _details[key]


_details = {}


def interval_text(interval) -> str:
    return f"{interval[0]:.1f}–{interval[1]:.1f}"


def rank_range_cell(entry) -> Markup:
    best, worst = entry.rank_range
    return Markup(f'<td class="num rank-range" data-value="{best}">{best if best == worst else f"{best}–{worst}"}</td>')


def rank_cell(entry) -> Markup:
    rank = "" if entry.rank is None else entry.rank
    return Markup(f'<td class="rank" data-rank="{rank}" data-rank-all="{entry.rank_all}">'
                  f'{"-" if entry.rank is None else entry.rank}</td>')


def row_attrs(entry, lang: str) -> Markup:
    """The data attributes the board tables' filters and search read."""
    model = entry.model
    search = " ".join([model.id, *model.name.values(), *model.aliases]).lower()
    return Markup(f'data-model="{escape(model.id)}" data-group="{escape(model.group.id)}" '
                  f'data-org="{escape(model.org[lang] if model.org else "")}" data-license="{escape(model.license or "")}" '
                  f'data-params="{escape(model.params or "")}" data-search="{escape(search)}"')


def canonical_path(path: str) -> str:
    return path[: -len("index.html")] if path.endswith("index.html") else path


def relative(here: str, target: str) -> str:
    """Relative URL from the page at `here` to `target` (both plain paths from the site root; a
    target ending in "/" or empty is a folder). Written out rather than with posixpath.relpath,
    several times slower, since it runs for every link of every page."""
    start = here.split("/")[:-1]
    parts = target.split("/")
    assert not any(p in ("", ".", "..") for p in start + parts[:-1]), (here, target)   # plain paths only
    common = 0
    while common < len(start) and common < len(parts) - 1 and start[common] == parts[common]:
        common += 1
    rel = "../" * (len(start) - common) + "/".join(parts[common:])
    return rel or "./"


def format_score(board: Board | None, score) -> str:
    if score is None:
        return "—"
    value = score.value if hasattr(score, "value") else score
    return rules.rounded(value, board.metric.decimals if board else 2)


def static_files(templates: Path) -> dict:
    folder = templates / "assets"
    files = {f"assets/{p.name}": p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    files["assets/highlight.css"] = markup.highlight_css().encode("utf-8")
    return files


# --- data downloads ------------------------------------------------------------------------

def release_record(board: Board, release: Release, lang: str) -> dict:
    """The release as data (DESIGN.md section 3), texts in the given language."""
    m = board.metric
    return {
        "board": board.id,
        "release": release.date,
        "metric": {"name": m.name[lang], "formula": m.formula, "range": list(m.range), "decimals": m.decimals,
                   "higher_is_better": m.higher_is_better,
                   "baseline": m.baseline[lang] if m.baseline else None,
                   "judge": m.judge[lang] if m.judge else None},
        "dimensions": [{"id": d.id, "name": d.name[lang]} for d in board.dimensions],
        "models": [{
            "id": e.model.id, "name": e.model.name[lang], "org": e.model.org[lang] if e.model.org else None,
            "group": e.model.group.id, "rank": e.rank, "overall": e.overall.value,
            "scores": {d.id: None if e.scores[d.id] is None else e.scores[d.id].value for d in board.dimensions},
            # Extensions of the contract: counts and 95% intervals where the release has counts.
            "counts": {key: counts_record(score) for key, score in (("overall", e.overall), *e.scores.items())},
            "intervals": {key: interval_record(board, score) for key, score in (("overall", e.overall), *e.scores.items())},
            "rank_range": list(e.rank_range) if e.rank_range else None,
        } for e in release.entries],
    }


def counts_record(score):
    return None if score is None or score.win is None else {"win": score.win, "tie": score.tie, "loss": score.loss}


def interval_record(board: Board, score):
    interval = stats.interval(score) if board.rates else None
    return None if interval is None else [round(interval[0], 4), round(interval[1], 4)]


def release_csv(board: Board, release: Release, lang: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "model", "name", "org", "group", "overall", *(d.id for d in board.dimensions)])
    for e in release.entries:
        writer.writerow(["" if e.rank is None else e.rank, e.model.id, e.model.name[lang],
                         e.model.org[lang] if e.model.org else "", e.model.group.id, repr(e.overall.value),
                         *("" if e.scores[d.id] is None else repr(e.scores[d.id].value) for d in board.dimensions)])
    return out.getvalue().encode("utf-8")


def data_files(board: Board, site: Site) -> dict:
    lang = site.languages[0]
    files = {}
    for release in board.releases:
        record = release_record(board, release, lang)
        files[f"{board.id}/data/{release.date}.json"] = dump_json(record)
        files[f"{board.id}/data/{release.date}.csv"] = release_csv(board, release, lang)
        if release.judgments:
            files[f"{board.id}/data/{release.date}.judgments.jsonl"] = judgments_jsonl(release)
            # For the compare page's sign tests, one small file per model: a reader fetches the two or
            # three chosen, not a table that grows with models × questions.
            for model_id, letters in verdict_letters(release).items():
                files[f"{board.id}/data/{release.date}-verdicts/{model_id}.txt"] = letters.encode("ascii")
    files[f"{board.id}/data/latest.json"] = files[f"{board.id}/data/{board.latest.date}.json"]
    return files


def judgments_jsonl(release: Release) -> bytes:
    """The release's judgments as given, with model names resolved to ids."""
    return "".join(json.dumps({"model": j.model, "question_id": j.question, "dimension": j.dimension, "turn": j.turn,
                               "verdict": j.verdict, "judge_reason": j.reason}, ensure_ascii=False) + "\n"
                   for j in release.judgments).encode("utf-8")


def dump_json(record) -> bytes:
    """The release as JSON, one line per model: readable, and written by json's C encoder (with
    `indent` it falls back to its Python one, ten times slower on a board of 1,000 models)."""
    line = partial(json.dumps, ensure_ascii=False, separators=(", ", ": "))
    head = line({key: value for key, value in record.items() if key != "models"})
    models = ",\n".join(line(m) for m in record["models"])
    return f'{head[:-1]}, "models": [\n{models}\n]}}\n'.encode("utf-8")
