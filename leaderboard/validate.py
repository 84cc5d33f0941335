"""Validate stage: check everything that was loaded, collecting every problem with its location.

Each check names the file and line, says what was found and what was expected.
Unknown keys are warnings (with a suggestion); --strict makes warnings fail the build.
"""
from __future__ import annotations

import datetime
import math
import re
from collections import defaultdict

from . import rules
from .config import Inputs
from .problems import Problems, did_you_mean
from .yamlfile import YList, YMap

LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


class FileCheck:
    """Checks of the values of one YAML file, reporting at the value's line."""

    def __init__(self, problems: Problems, path, languages):
        self.problems, self.path, self.languages = problems, path, languages

    def error(self, line, message):
        self.problems.error(self.path, line, message)

    def mapping(self, node, where: str, line: int, spec: dict):
        """Check node is a mapping with spec {key: (check, required)}; warn on unknown keys."""
        if not isinstance(node, dict):
            self.error(line, f"{where} must be a mapping of keys to values, found {describe(node)}")
            return False
        for key, (check, required) in spec.items():
            if key in node:
                check(self, node[key], f'"{key}"', node.line_of(key))
            elif required:
                self.error(node.line, f'{where} is missing the required key "{key}"')
        for key in node:
            if key not in spec:
                self.problems.warn(self.path, node.line_of(key),
                                   f'unknown key "{key}" in {where} is ignored{did_you_mean(key, spec)}')
        return True

    def items(self, node, where: str, line: int):
        """The (line, item) pairs of a list, or [] with a problem when it is not a list."""
        if not isinstance(node, list):
            self.error(line, f"{where} must be a list, found {describe(node)}")
            return []
        return [(node.line_of(i) if isinstance(node, YList) else line, item) for i, item in enumerate(node)]


def describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    kind = {bool: "true/false", int: "a number", float: "a number"}.get(type(value), "text")
    return f'{kind} "{value}"' if not isinstance(value, bool) else f"{kind} {str(value).lower()}"


# --- value checks: (checker, value, what, line) ---------------------------------------------

def text(c: FileCheck, value, what, line):
    if isinstance(value, str) and value.strip():
        return
    if isinstance(value, dict) and value:
        for lang, item in value.items():
            lang_line = value.line_of(lang) if isinstance(value, YMap) else line
            if lang not in c.languages:
                c.error(lang_line, f'{what} has language "{lang}", expected one of the site\'s languages '
                        f'{", ".join(c.languages)}{did_you_mean(lang, c.languages)}')
            elif not (isinstance(item, str) and item.strip()):
                c.error(lang_line, f"{what} in {lang} must be non-empty text, found {describe(item)}")
        return
    c.error(line, f"{what} must be text or a mapping of language to text (e.g. {{zh: ..., en: ...}}), "
            f"found {describe(value)}")


def plain(c, value, what, line):
    if not (isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip()):
        c.error(line, f"{what} must be non-empty text, found {describe(value)}")


def slug(c, value, what, line):
    if not (isinstance(value, str) and rules.SLUG.match(value)):
        c.error(line, f"{what} must be an id of lowercase letters, digits, '.', '_' and '-' "
                f"(it is used in URLs), found {describe(value)}")


def boolean(c, value, what, line):
    if not isinstance(value, bool):
        c.error(line, f"{what} must be true or false, found {describe(value)}")


def url(c, value, what, line):
    if not (isinstance(value, str) and re.match(r"^https?://[^\s/]+", value)):
        c.error(line, f"{what} must be an absolute http(s) URL, found {describe(value)}")


def date(c, value, what, line):
    if not is_date(value):
        c.error(line, f"{what} must be a date written YYYY-MM-DD, found {describe(value)}")


def is_date(value) -> bool:
    if not (isinstance(value, str) and rules.DATE.match(value)):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def text_list(c, value, what, line):
    for item_line, item in c.items(value, what, line):
        plain(c, item, f"an item of {what}", item_line)


def anything(c, value, what, line):
    """Checked elsewhere (structure needing context)."""


# --- site.yaml ---------------------------------------------------------------------------

def languages(c, value, what, line):
    found = [lang for item_line, lang in c.items(value, what, line)
             if isinstance(lang, str) and LANG.match(lang) or
             c.error(item_line, f'{what} lists "{lang}": expected a language code such as zh or en')]
    if isinstance(value, list) and not value:
        c.error(line, f"{what} must list at least one language; the first is the default")
    if len(set(found)) != len(found):
        c.error(line, f"{what} lists a language twice")


def check_site(inputs: Inputs, problems: Problems) -> list:
    """Check site.yaml and the board folders; return the site's languages (for text checks)."""
    site, path = inputs.site, inputs.scores_dir / "site.yaml"
    if site is None:
        return ["zh"]
    c = FileCheck(problems, path, [])
    if not c.mapping(site, "site.yaml", 1, {"title": (anything, True), "languages": (languages, True),
                                             "boards": (anything, True), "base_url": (url, False)}):
        return ["zh"]
    langs = [x for x in site.get("languages") or [] if isinstance(x, str)] or ["zh"]
    c.languages = langs
    if "title" in site:
        text(c, site["title"], '"title"', site.line_of("title"))
    folders = {b.id for b in inputs.boards}
    listed = []
    for line, board in c.items(site.get("boards", []), '"boards"', site.line_of("boards")):
        if not isinstance(board, str):
            c.error(line, f'"boards" must list board folder names, found {describe(board)}')
        elif board in listed:
            c.error(line, f'"boards" lists "{board}" twice')
        elif not rules.SLUG.match(board):
            c.error(line, f'board "{board}" must be a folder name of lowercase letters, digits, \'.\', \'_\' '
                    "and '-' (it is used in URLs)")
        elif board not in folders:
            hint = " (it has no board.yaml)" if any(f.name == board for f in inputs.stray_folders) else ""
            c.error(line, f'board "{board}" has no folder {path.parent.name}/{board}/ with a board.yaml'
                    f'{hint}{did_you_mean(board, folders)}')
        listed.append(board)
    if "boards" in site and not listed:
        c.error(site.line_of("boards"), '"boards" must list at least one board; the first is the home page')
    for board in sorted(folders - set(listed)):
        problems.warn(inputs.scores_dir / board, None, f'board folder "{board}" is not listed in site.yaml '
                      '"boards", so it is not published')
    return langs


# --- board.yaml --------------------------------------------------------------------------

def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def is_range(value) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(map(is_number, value)) and value[0] < value[1]


def is_decimals(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6


def metric_range(c, value, what, line):
    if not is_range(value):
        c.error(line, f"{what} must be [low, high] with two numbers, low < high, found {describe(value)}")


def decimals(c, value, what, line):
    if not is_decimals(value):
        c.error(line, f"{what} must be a whole number from 0 to 6, found {describe(value)}")


def formula(c, value, what, line):
    if value not in rules.FORMULAS:
        c.error(line, f'{what} must be one of {", ".join(rules.FORMULAS)}, found {describe(value)}'
                f'{did_you_mean(value, rules.FORMULAS)}')


def metric(c, value, what, line):
    c.mapping(value, what, line, {
        "name": (text, True), "overall_name": (text, False), "formula": (formula, True),
        "range": (metric_range, False), "decimals": (decimals, False),
        "higher_is_better": (boolean, False), "baseline": (text, False), "judge": (text, False)})


def source(c, value, what, line):
    c.mapping(value, what, line, {"name": (text, True), "url": (url, False)})


def unique_ids(c, entries, what, extra_check=None):
    seen = {}
    for line, entry in entries:
        key = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(key, str):
            if key in seen:
                c.error(line, f'{what} id "{key}" is used twice (first at line {seen[key]})')
            seen.setdefault(key, line)
    return seen


def check_board(board, path, problems, langs):
    """Check board.yaml; return (dimension ids, {group id: ranked}) for the other files' checks."""
    c = FileCheck(problems, path, langs)
    if board is None or not c.mapping(board, "board.yaml", 1, {
            "title": (text, True), "summary": (text, False), "source": (source, False),
            "metric": (metric, True), "dimensions": (anything, True), "groups": (anything, True),
            "releases": (anything, False)}):
        return None
    dims = c.items(board.get("dimensions", []), '"dimensions"', board.line_of("dimensions"))
    for line, dim in dims:
        c.mapping(dim, "a dimension", line, {"id": (slug, True), "name": (text, True),
                                             "description": (text, False)})
        if isinstance(dim, dict) and dim.get("id") == rules.OVERALL:
            c.error(line, 'dimension id "overall" is reserved for the overall score')
    if "dimensions" in board and isinstance(board["dimensions"], list) and not dims:
        c.error(board.line_of("dimensions"), '"dimensions" must list at least one dimension')
    groups = c.items(board.get("groups", []), '"groups"', board.line_of("groups"))
    for line, group in groups:
        c.mapping(group, "a group", line, {"id": (slug, True), "name": (text, True), "ranked": (boolean, True)})
    if "groups" in board and isinstance(board["groups"], list) and not groups:
        c.error(board.line_of("groups"), '"groups" must list at least one group of models')
    notes = board.get("releases")
    if notes is not None:
        if not isinstance(notes, dict):
            c.error(board.line_of("releases"), f'"releases" must map release dates to notes, found {describe(notes)}')
        else:
            for day, note in notes.items():
                if not is_date(day):
                    c.error(notes.line_of(day), f'release "{day}" must be a date written YYYY-MM-DD')
                text(c, note, f'the note of release "{day}"', notes.line_of(day))
    dim_ids = unique_ids(c, dims, "dimension")
    group_ids = unique_ids(c, groups, "group")
    ranked = {g["id"]: g.get("ranked") for _, g in groups if isinstance(g, dict) and g.get("id") in group_ids}
    return list(dim_ids), ranked, board["metric"] if isinstance(board.get("metric"), dict) else {}


# --- models.yaml -------------------------------------------------------------------------

MODEL_SPEC = {"id": (slug, True), "name": (text, True), "group": (plain, True), "org": (text, False),
              "url": (url, False), "description": (text, False), "aliases": (text_list, False),
              "license": (plain, False), "params": (plain, False), "base_model": (plain, False),
              "released": (date, False)}


def check_models(models, path, problems, langs, groups) -> dict:
    """Check models.yaml; return {spelling key: model id} for resolving CSV and dialogue names."""
    c = FileCheck(problems, path, langs)
    index, owner_line = {}, {}
    if models is None:
        return index
    entries = c.items(models, "models.yaml", 1)
    if isinstance(models, list) and not entries:
        c.error(1, "models.yaml must list at least one model")
    unique_ids(c, entries, "model")
    for line, model in entries:
        if not c.mapping(model, "a model", line, MODEL_SPEC):
            continue
        group = model.get("group")
        if isinstance(group, str) and groups is not None and group not in groups:
            c.error(model.line_of("group"), f'group "{group}" is not defined in board.yaml "groups"'
                    f'{did_you_mean(group, groups)}')
        model_id = model.get("id")
        if not isinstance(model_id, str):
            continue
        for key in rules.model_keys(model):
            other = index.get(key)
            if other is not None and other != model_id:
                c.error(line, f'model "{model_id}" is also called "{key}", which already names model '
                        f'"{other}" (line {owner_line[other]}): names and aliases must be unique')
            else:
                index[key] = model_id
        owner_line[model_id] = line
    return index


# --- releases/<date>.csv -----------------------------------------------------------------

def check_release(release, problems, index, dim_ids, metric, used_models, used_dims):
    path = release.path
    if not is_date(release.date):
        problems.error(path, None, f'release file name "{path.name}" must be a date: <YYYY-MM-DD>.csv')
    formula_name = metric.get("formula", "score")
    places = metric.get("decimals", 2) if is_decimals(metric.get("decimals", 2)) else 2
    low, high = metric.get("range", [0, 100]) if is_range(metric.get("range", [0, 100])) else (0, 100)
    seen = {}
    complete = defaultdict(lambda: {"overall": False, "counted_all": True, "dims": 0})
    for row in release.rows:
        model_id = index.get(rules.name_key(row.model))
        if not row.model:
            problems.error(path, row.line, "empty model: every row names a model id or alias from models.yaml",
                           row.column("model"))
        elif model_id is None:
            problems.error(path, row.line, f'unknown model "{row.model}": expected an id or alias from models.yaml'
                           f'{did_you_mean(row.model, sorted(index))}', row.column("model"))
        if row.dimension != rules.OVERALL and row.dimension not in dim_ids:
            problems.error(path, row.line, f'unknown dimension "{row.dimension}": expected "overall" or one of '
                           f'{", ".join(dim_ids)}{did_you_mean(row.dimension, dim_ids + [rules.OVERALL])}',
                           row.column("dimension"))
            continue
        if model_id is None:
            continue
        key = (model_id, row.dimension)
        if key in seen:
            problems.error(path, row.line, f'second row for model "{model_id}" and dimension "{row.dimension}" '
                           f"(first at line {seen[key]}): each pair appears once", row.column("model"))
            continue
        seen[key] = row.line
        used_models.add(model_id)
        has_counts = check_row_score(row, problems, path, formula_name, places, low, high)
        state = complete[model_id]
        if row.dimension == rules.OVERALL:
            state["overall"] = True
        else:
            used_dims.add(row.dimension)
            state["dims"] += 1
            state["counted_all"] &= has_counts
    for model_id, state in complete.items():
        if not state["overall"] and not (state["dims"] and state["counted_all"]):
            problems.error(path, None, f'model "{model_id}" has no "overall" row, and its overall cannot be '
                           "pooled: that needs win, tie and loss counts on every one of its dimension rows")


def check_row_score(row, problems, path, formula_name, places, low, high) -> bool:
    """Check one row's score and counts; return whether it has usable counts."""
    counts = [row.win, row.tie, row.loss]
    score = None
    if row.score:
        score = rules.parse_number(row.score)
        if score is None:
            problems.error(path, row.line, f'score "{row.score}" is not a finite number', row.column("score"))
        elif not low <= score <= high:
            problems.error(path, row.line, f"score {row.score} is outside the metric's range [{low}, {high}]",
                           row.column("score"))
    if not any(counts):
        if not row.score:
            problems.error(path, row.line, "no score: give a score, or win, tie and loss counts")
        return False
    parsed = []
    for name, value in zip(("win", "tie", "loss"), counts):
        number = int(value) if re.fullmatch(r"\d+", value) else None
        if number is None:
            problems.error(path, row.line, f'{name} "{value}" must be a whole number of 0 or more',
                           row.column(name))
        parsed.append(number)
    if None in parsed:
        return False
    if sum(parsed) == 0:
        problems.error(path, row.line, "win, tie and loss are all 0: counts need at least one judgment",
                       row.column("win"))
        return False
    computed = rules.formula_score(formula_name, *parsed)
    if computed is None:
        if not row.score:
            problems.error(path, row.line, f'the metric formula "{formula_name}" does not compute a score '
                           "from counts: give the score")
        return True
    if score is not None and rules.rounded(score, places) != rules.rounded(computed, places):
        problems.error(path, row.line, f"score {row.score} disagrees with its counts: win {parsed[0]}, tie "
                       f"{parsed[1]}, loss {parsed[2]} give {rules.rounded(computed, places)}", row.column("score"))
    return True


# --- pages/*.md --------------------------------------------------------------------------

def check_pages(pages, problems, langs):
    defaults = {p.slug for p in pages if p.lang is None}
    for page in pages:
        c = FileCheck(problems, page.path, langs)
        if page.lang is not None and page.lang not in langs[1:]:
            c.error(None, f'translation language "{page.lang}" must be one of the site\'s other languages '
                    f'{", ".join(langs[1:]) or "(none)"}; the default language goes in {page.slug}.md')
        if page.lang is not None and page.slug not in defaults:
            c.error(None, f"translation without its page: expected {page.slug}.md beside it")
        if page.meta is None:
            if page.lang is None:
                c.error(1, 'no front matter: a page starts with "---", title: ..., order: ..., "---"')
            continue
        c.mapping(page.meta, "front matter", page.meta.line if isinstance(page.meta, YMap) else 1,
                  {"title": (text, page.lang is None), "order": (number, False)})


def number(c, value, what, line):
    if not is_number(value):
        c.error(line, f"{what} must be a number, found {describe(value)}")


# --- everything ---------------------------------------------------------------------------

def validate(inputs: Inputs, problems: Problems):
    langs = check_site(inputs, problems)
    for board in inputs.boards:
        checked = check_board(board.board, board.folder / "board.yaml", problems, langs)
        dim_ids, groups, metric_spec = checked if checked else ([], None, {})
        index = check_models(board.models, board.folder / "models.yaml", problems, langs, groups)
        used_models, used_dims = set(), set()
        for release in board.releases:
            check_release(release, problems, index, dim_ids, metric_spec, used_models, used_dims)
        notes = board.board.get("releases") if isinstance(board.board, dict) else None
        dates = {r.date for r in board.releases}
        for day in notes if isinstance(notes, dict) else {}:
            if is_date(day) and day not in dates:
                problems.warn(board.folder / "board.yaml", notes.line_of(day),
                              f'note for release "{day}", which has no releases/{day}.csv')
        if board.releases and board.all_releases_read:   # else "unused" would be a guess
            for model_id in sorted(set(index.values()) - used_models):
                problems.warn(board.folder / "models.yaml", None, f'model "{model_id}" has no score in any release')
            for dim in (d for d in dim_ids if d not in used_dims):
                problems.warn(board.folder / "board.yaml", None, f'dimension "{dim}" has no score in any release')
        check_pages(board.pages, problems, langs)
