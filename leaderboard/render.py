"""Render stage: every file of the site as bytes, handed to the write stage by its path in the output.

Jinja with autoescape and StrictUndefined; the characters pages never show (rules.UNSHOWN) taken out
of each page whole (once, rather than at each of its hundreds of {{ }}); Markdown only through
markup.py; data files (CSV, JSON) from the same model. Links are relative, so the site works under
any base path (a GitHub Pages project site included).
"""
from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import jinja2
import plotly
import yaml
from markupsafe import Markup, escape

from . import (ahead, board_rows, cells, charts, columns, markup, question_rows, rules, scatter, stats, syndication,
               workers)
from .cells import format_score, rank_cell, rank_range_cell, row_attrs, score_cell, visible
from .downloads import data_files
from .headline import headline
from .model import Board, Release, Site
from .routes import PageSpec, canonical_path, page_specs, relative, sitemap

# plotly.js with only the trace types the site draws, at the version the Python plotly package
# bundles; built by templates/assets/plotly-bundle/ and committed beside the other assets.
PLOTLY_VERSION = plotly.offline.get_plotlyjs_version()
PLOTLY_PATH = f"assets/plotly-{PLOTLY_VERSION}-leaderboard.min.js"


def environment(templates: Path, bytecode: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=bytecode,
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
    env.filters["natural_sort"] = lambda values: sorted(values, key=rules.natural)   # 6B before 13B
    env.tests["length_at_least"] = lambda value, n: len(value) >= n
    # a date never breaks at its hyphens on a narrow screen ("2025-03-" / "01")
    env.filters["date"] = lambda day: Markup('<span class="date">{}</span>').format(day)
    env.globals["site_css"] = (templates / "assets" / "site.css").read_text("utf-8")
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


def render_site(site: Site, templates: Path, out, done: ahead.Ahead | None = None, version: str = "") -> None:
    """Render every file of the site, handing each to out.put(path, bytes) as it is made (the write
    stage's Staging: pages go to disk while the others render, and are never all held in memory)."""
    units = work_units(site)
    question_rows.forget()
    board_rows.forget()
    charts.forget()
    for board in site.boards:   # made once, before the workers fork, and shared by them
        if board.judged:
            question_rows.escaped_reasons(board.judged.verdicts)
    # The site model is finished and lives to the end of the render: frozen, the garbage collector
    # stops walking its objects on every collection (7% of the render's CPU time at N=1000), and
    # forked workers no longer copy its memory by touching it. Unfrozen after, so that --serve's
    # rebuilds free each old model.
    gc.freeze()
    try:
        pages = sum(len(unit.specs) for unit in units) * len(site.languages)
        renderer = Renderer(site, templates, done, version)
        if pages >= workers.PARALLEL_FROM and workers.can_fork():
            workers.render_in_parallel(renderer, units, out)
        else:
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
    """The render in units, slowest first, so that the processes taking the next unit as they finish
    end together: the pages that list a whole board one each (the board pages of one release
    together, as they share its tables), then the data files, then the pages of one item in batches."""
    specs = list(page_specs(site))
    whole = {}
    for i, spec in enumerate(specs):
        if spec.template not in ONE_ITEM:
            key = (spec.context["board"].id, spec.context["release"].id) if spec.template == "board.html" else i
            whole.setdefault(key, []).append(spec)
    items = [spec for spec in specs if spec.template in ONE_ITEM]
    return ([Unit(tuple(group)) for group in whole.values()] + [Unit(data_of=board) for board in site.boards]
            + [Unit(tuple(items[i:i + BATCH])) for i in range(0, len(items), BATCH)])


class Renderer:
    """What rendering needs besides the site: the templates and the interface strings."""

    def __init__(self, site: Site, templates: Path, done: ahead.Ahead | None = None, version: str = ""):
        self.site, self.version = site, version
        self.env = environment(templates, done.bytecode if done and done.names else None)
        self.strings = load_strings(templates, site.languages)
        for name in done.names if done else ():   # compiled ahead: loaded here, before any worker forks
            self.env.get_template(name)

    def run(self, unit: Unit, out) -> None:
        for spec in unit.specs:
            for lang in self.site.languages:
                out.put(self.site.prefix(lang) + spec.path, render_page(self.env, self.site, self.strings, lang, spec,
                                                                         self.version))
        if unit.data_of is not None:
            for path, content in data_files(unit.data_of, self.site).items():
                out.put(path, content)
            for path, content in syndication.files(self.site, unit.data_of, self.strings).items():
                out.put(path, content)


def render_page(env, site: Site, strings: dict, lang: str, spec: PageSpec, version: str = "") -> bytes:
    """One page. `version` names this build's inputs (empty when unknown): a long release's page and
    the full table it takes its other rows from carry it, so that site.js never joins two builds."""
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
        """Where a table cell's dialogues are: the one dialogue, with this model one of the two answers
        shown side by side, or the list filtered to them."""
        found = board.dialogues_with(model_id, dimension_id)
        if len(found) == 1:
            others = [m.id for m in found[0].models if m.id != model_id]
            pair = f"?pair={model_id},{others[0]}" if len(found[0].models) > 2 and others else ""
            return link(f"{board.id}/dialogues/{found[0].id}/") + pair
        return link(f"{board.id}/dialogues/") + "?" + urlencode({"model": model_id, "dimension": dimension_id}) \
            if found else None

    def model_link(board, model) -> Markup:
        """A link to the model's page, named in this language (a function, not a macro: board tables
        have one or two per row)."""
        return Markup(f'<a href="{escape(link(f"{board.id}/models/{model.id}/"))}">{escape(model.name[lang])}</a>')

    t = strings[lang]
    cell = partial(score_cell, spec.context.get("board"), t)

    def verdict_rows(board, release, question) -> Markup:
        return Markup(question_rows.table_bodies(release, question, lang, t, link(f"{board.id}/models/")))

    def heading(scale, name) -> str:
        """A metric's or measure's column heading, with its unit and direction."""
        return cells.heading(t, name[lang], scale.unit[lang] if scale.unit else None, scale.higher_is_better)

    def band_attrs(group) -> Markup:
        """A table body's attributes: the ranked models' has none; an unranked group's names it as a band."""
        if group is None:
            return Markup("")
        label = t["band_unranked"].format(group=group.name[lang])
        return Markup(f' class="band" data-group="{group.id}" data-label="{escape(label)}" aria-label="{escape(label)}"')

    def dimension_cells(board, entry, linked=True) -> Markup:
        """A row's dimension cells, linked to their dialogues if `linked` (one call per row, not per cell)."""
        return Markup("".join(cell(score, d.id, dialogue_href(board, entry.model.id, d.id) if linked and score else None)
                              for d in board.dimensions for score in (entry.scores[d.id],)))

    tools = board_rows.PageTools(here, lang, t, model_link, cell, dimension_cells, partial(row_attrs, lang=lang))
    context = {
        **spec.context,
        "ranking_rows": partial(board_rows.shared, board_rows.ranking_rows, tools),
        "dimension_rows": partial(board_rows.shared, board_rows.dimension_rows, tools),
        "dialogue_href": dialogue_href,
        "dimension_cells": dimension_cells,
        "model_link": model_link,
        "verdict_rows": verdict_rows,
        "score_cell": cell,
        "rank_cell": rank_cell,
        "rank_range_cell": rank_range_cell,
        "measure_cell": cells.measure_cell,
        "interval_text": cells.interval_text,
        "headline": lambda board, release, table_hides=False: headline(board, release, lang, t, link, table_hides),
        "heading": heading,
        "better_attr": lambda scale: Markup("" if scale.higher_is_better else ' data-better="lower"'),
        "band_attrs": band_attrs,
        "ranking_columns": lambda board, release, ranges, has_desc: columns.optional_columns(
            board, release, lang, t, heading, ranges, has_desc),
        "columns_shown": lambda board, keys: columns.shown_at_first(board, keys),
        "columns_named": columns.named,
        "hidden_classes": columns.hidden_classes,
        "fact_filters": lambda board, release: columns.fact_filters(board, release, lang, t),
        "fact_heading": lambda fact: columns.fact_heading(fact, lang, t),
        "scatter": lambda board, release, only=None, highlight=None: scatter.figure(
            board, release, lang, t, heading, only, highlight),
        "scatter_axes": scatter.axis_choices,
        "scatter_many": scatter.MANY,
        "licences": lambda release: columns.licences(release, lang),
        "columns_present": columns.present,
        "organisations": lambda release: columns.organisations(release, lang),
        "fact_text": lambda fact, value: columns.fact_text(fact, value, lang, t),
        "stats": stats,
        "row_attrs": partial(row_attrs, lang=lang),
        "site": site,
        "lang": lang,
        "t": t,
        "strings": strings,
        "page_path": spec.path,
        "page_template": spec.template,
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
        "fmt_of": format_score,
        "page_size": cells.PAGE,
        "full_table_path": cells.FULL_TABLE,
        "rows_version": version,
    }
    if spec.template == "404.html":   # styled wherever GitHub Pages serves it, whatever the depth
        context["inline_css"] = Markup(env.globals["site_css"])
    return visible(env.get_template(spec.template).render(context)).encode("utf-8")


def sign_tests(release: Release, chosen) -> list:
    """The paired sign test between each two of the chosen models (at most 10 pairs), on the
    questions both answered: [{"a", "b", "a_better", "b_better", "same", "p"}]."""
    pairs = [(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1:]][:10]
    results = []
    for a, b in pairs:
        a_better, b_better, same = release.verdicts.paired(a, b)
        results.append({"a": release.entry(a).model, "b": release.entry(b).model, "a_better": a_better,
                        "b_better": b_better, "same": same, "p": stats.sign_test(a_better, b_better)})
    return results


def p_text(p: float) -> str:
    """A p-value as the compare page writes it (site.js writes it the same way)."""
    return "p\u00a0<\u00a00.001" if p < 0.001 else f"p\u00a0=\u00a0{p:.3f}"   # never broken across lines


def static_files(templates: Path) -> dict:
    folder = templates / "assets"
    files = {f"assets/{p.name}": p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    files["assets/highlight.css"] = markup.highlight_css().encode("utf-8")
    return files


