"""Validate stage: check everything that was loaded, collecting every problem with its location.

Each check names the file and line (and column where there is one), says what was found and what
was expected. Unknown keys and unused data are warnings; --strict makes warnings fail the build.
What validation resolves on the way (which model a CSV spelling names, each row's score) is handed
to the model stage, so no rule is applied twice.
"""
from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

from . import rules
from .config import Inputs
from .problems import Problems, did_you_mean
from .yamlfile import YList, YMap

LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?\Z")


@dataclass
class Checked:
    """What validation resolved, per board id."""
    scores: dict = field(default_factory=dict)   # {release date: {(model id, dimension): Score}}
    models: dict = field(default_factory=dict)   # {spelling key: model id}, for dialogue answers
    judgments: dict = field(default_factory=dict)   # {release date: tuple of rules.Judgment}


class FileCheck:
    """Checks of the values of one YAML file, reporting at the value's line."""

    def __init__(self, problems: Problems, path, languages):
        self.problems, self.path, self.languages = problems, path, languages

    def error(self, line, message):
        self.problems.error(self.path, line, message)

    def mapping(self, node, where: str, line: int, spec: dict) -> bool:
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
    if isinstance(value, bool):
        return f"true/false {str(value).lower()}"
    kind = "a number" if isinstance(value, (int, float)) else "text"
    shown = str(value).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")   # one line, always
    return f'{kind} "{shown}"'


# --- value checks: (file check, value, what, line) -------------------------------------------

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


def string(c, value, what, line):
    if not (isinstance(value, str) and value.strip()):
        c.error(line, f"{what} must be non-empty text, found {describe(value)}")


def slug(c, value, what, line):
    if not (isinstance(value, str) and rules.SLUG.match(value)):
        c.error(line, f"{what} must be an id of lowercase letters, digits, '.', '_' and '-' "
                f"(it is used in URLs), found {describe(value)}")


def boolean(c, value, what, line):
    if not isinstance(value, bool):
        c.error(line, f"{what} must be true or false, found {describe(value)}")


def number(c, value, what, line):
    if not rules.is_number(value):
        c.error(line, f"{what} must be a number, found {describe(value)}")


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


# --- site.yaml -------------------------------------------------------------------------------

def languages(c, value, what, line):
    found = []
    for item_line, lang in c.items(value, what, line):
        if not (isinstance(lang, str) and LANG.match(lang)):
            c.error(item_line, f'{what} lists "{lang}": expected a language code such as zh or en')
        elif lang in found:
            c.error(item_line, f'{what} lists "{lang}" twice')
        else:
            found.append(lang)
    if isinstance(value, list) and not value:
        c.error(line, f"{what} must list at least one language; the first is the default")


def site_languages(site) -> list:
    """The declared languages that are usable, or ["zh"] so other checks can go on."""
    declared = site.get("languages") if isinstance(site, dict) else None
    found = [x for x in declared if isinstance(x, str) and LANG.match(x)] if isinstance(declared, list) else []
    return list(dict.fromkeys(found)) or ["zh"]


def check_site(inputs: Inputs, problems: Problems) -> list:
    """Check site.yaml and the board folders; return the site's languages (for text checks)."""
    site, path = inputs.site, inputs.scores_dir / "site.yaml"
    c = FileCheck(problems, path, site_languages(site))
    if site is None or not c.mapping(site, "site.yaml", 1, {
            "title": (text, True), "languages": (languages, True), "boards": (anything, True),
            "base_url": (url, False)}):
        return c.languages
    folders = {b.id for b in inputs.boards}
    listed = []
    for line, board in c.items(site.get("boards", []), '"boards"', site.line_of("boards")):
        if not isinstance(board, str):
            c.error(line, f'"boards" must list board folder names, found {describe(board)}')
        elif board in listed:
            c.error(line, f'"boards" lists "{board}" twice')
        elif not rules.BOARD_ID.match(board):
            c.error(line, f'board "{board}" must be a folder name of lowercase letters, digits, \'_\' '
                    "and '-' (it is used in URLs)")
        elif board in rules.RESERVED_BOARD_IDS or board in c.languages:
            c.error(line, f'board "{board}" has a name the site uses for itself '
                    f'({", ".join(sorted(rules.RESERVED_BOARD_IDS | set(c.languages)))}): rename its folder')
        elif board not in folders:
            hint = " (it has no board.yaml)" if any(f.name == board for f in inputs.stray_folders) else ""
            c.error(line, f'board "{board}" has no folder {path.parent.name}/{board}/ with a board.yaml'
                    f'{hint}{did_you_mean(board, folders)}')
        if isinstance(board, str):
            listed.append(board)
    if "boards" in site and isinstance(site["boards"], list) and not listed:
        c.error(site.line_of("boards"), '"boards" must list at least one board; the first is the home page')
    for board in sorted(folders - set(listed)):
        problems.warn(inputs.scores_dir / board, None, f'board folder "{board}" is not listed in site.yaml '
                      '"boards", so it is not published')
    return c.languages


# --- board.yaml ------------------------------------------------------------------------------

def metric_range(c, value, what, line):
    if not rules.is_range(value):
        c.error(line, f"{what} must be [low, high] with two numbers, low < high, found {describe(value)}")


def decimals(c, value, what, line):
    if not rules.is_decimals(value):
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


def release_notes(c, value, what, line):
    if not isinstance(value, dict):
        c.error(line, f"{what} must map release dates to notes, found {describe(value)}")
        return
    for day, note in value.items():
        if not is_date(day):
            c.error(value.line_of(day), f'release "{day}" must be a date written YYYY-MM-DD')
        text(c, note, f'the note of release "{day}"', value.line_of(day))


def listed_entries(c, board, key, what, spec) -> dict:
    """Check a list of {id, ...} entries; return {id: entry} of those with a usable, unique id."""
    entries = c.items(board.get(key, []), f'"{key}"', board.line_of(key)) if key in board else []
    if key in board and isinstance(board[key], list) and not entries:
        c.error(board.line_of(key), f'"{key}" must list at least one {what}')
    found = {}
    for line, entry in entries:
        if not c.mapping(entry, f"a {what}", line, spec):
            continue
        entry_id = entry.get("id")
        if isinstance(entry_id, str) and entry_id in found:
            c.error(line, f'{what} id "{entry_id}" is used twice (first at line {found[entry_id].line})')
        elif isinstance(entry_id, str):
            found[entry_id] = entry
    return found


def check_board(board, path, problems, langs):
    """Check board.yaml; return ([dimension ids], {group id: group}, metric mapping)."""
    c = FileCheck(problems, path, langs)
    if board is None or not c.mapping(board, "board.yaml", 1, {
            "title": (text, True), "summary": (text, False), "source": (source, False),
            "metric": (metric, True), "dimensions": (anything, True), "groups": (anything, True),
            "releases": (release_notes, False), "dialogues_intro": (text, False)}):
        return None, None, {}   # unreadable: dimensions and groups cannot be checked elsewhere
    dims = listed_entries(c, board, "dimensions", "dimension",
                          {"id": (slug, True), "name": (text, True), "description": (text, False)})
    if rules.OVERALL in dims:
        c.error(dims[rules.OVERALL].line, 'dimension id "overall" is reserved for the overall score')
    groups = listed_entries(c, board, "groups", "group",
                            {"id": (slug, True), "name": (text, True), "ranked": (boolean, True)})
    return [d for d in dims if d != rules.OVERALL], groups, board.get("metric")


# --- models.yaml -----------------------------------------------------------------------------

MODEL_SPEC = {"id": (slug, True), "name": (text, True), "group": (slug, True), "org": (text, False),
              "url": (url, False), "description": (text, False), "aliases": (text_list, False),
              "license": (plain, False), "params": (plain, False), "base_model": (plain, False),
              "released": (date, False)}


class ModelIndex(dict):
    """{spelling key: model id}, and the ids models.yaml gives twice (`doubtful`): which model a
    row of those means cannot be known, so rows naming them are left unchecked (the duplicate id
    is the error to fix)."""

    def __init__(self):
        super().__init__()
        self.doubtful = set()


def check_models(models, path, problems, langs, groups) -> dict:
    """Check models.yaml; return a ModelIndex for resolving CSV and dialogue names."""
    c = FileCheck(problems, path, langs)
    if models is None:
        return ModelIndex()
    entries = c.items(models, "models.yaml", 1)
    if isinstance(models, list) and not entries:
        c.error(1, "models.yaml must list at least one model")
    index, first_line = ModelIndex(), {}
    for line, model in entries:
        if not c.mapping(model, "a model", line, MODEL_SPEC):
            continue
        group, model_id = model.get("group"), model.get("id")
        if isinstance(group, str) and groups is not None and group not in groups:
            c.error(model.line_of("group"), f'group "{group}" is not defined in board.yaml "groups"'
                    f'{did_you_mean(group, groups)}')
        if not isinstance(model_id, str):
            continue
        if model_id in first_line:
            c.error(line, f'model id "{model_id}" is used twice (first at line {first_line[model_id]})')
            index.doubtful.add(model_id)
            for key in rules.model_keys(model):   # its other names lead to the doubtful id too, not to "unknown"
                index.setdefault(key, model_id)
            continue
        first_line[model_id] = line
        for key in rules.model_keys(model):
            other = index.get(key)
            if other is not None and other != model_id:
                c.error(line, f'model "{model_id}" is also called "{key}", which already names model '
                        f'"{other}" (line {first_line[other]}): names and aliases must be unique')
            else:
                index[key] = model_id
    return index


# --- releases/<date>.csv ---------------------------------------------------------------------

def check_release(release, problems, index, dim_ids, metric_spec, judged=None) -> dict:
    """Check one release; return {(model id, dimension): Score} for its valid rows, with the counts
    of its judgments (judged: a Tally, or None) merged in."""
    path = release.path
    if not is_date(release.date):
        problems.error(path, None, f'release file name "{path.name}" must be a date: <YYYY-MM-DD>.csv')
    settings = rules.metric_settings(metric_spec)
    scores, seen = {}, {}
    for row in release.rows:
        model_id = resolve_model(row, index, path, problems)
        if dim_ids is None:   # board.yaml could not be read: that problem is reported
            continue
        if row.dimension != rules.OVERALL and row.dimension not in dim_ids:
            problems.error(path, row.line, f'unknown dimension "{row.dimension}": expected "overall" or one of '
                           f'{", ".join(dim_ids) or "(none defined)"}'
                           f'{did_you_mean(row.dimension, dim_ids + [rules.OVERALL])}', row.column("dimension"))
            continue
        if model_id is None:
            continue
        key = (model_id, row.dimension)
        if key in seen:
            problems.error(path, row.line, f'second row for model "{model_id}" and dimension "{row.dimension}" '
                           f"(first at line {seen[key]}): each pair appears once", row.column("model"))
            continue
        seen[key] = row.line
        parsed = parse_row(row, problems, path, settings)
        if parsed is not None and judged is not None:
            parsed = judged.merge(key, parsed, row, problems, path, settings)
        if parsed is not None:
            scores[key] = parsed
    if judged is not None:
        judged.add_missing(scores, seen, problems, settings)
        judged.check_overalls(scores, seen, problems, settings, path)
    if not release.rows and not seen:
        problems.error(path, None, "no rows: a release lists at least one model with its overall score "
                       "(or has judgments)")
    check_overalls(seen, scores, path, problems, settings[0])
    return scores


def resolve_model(row, index, path, problems):
    if index is None:   # models.yaml could not be read: that problem is reported already
        return None
    if not row.model:
        problems.error(path, row.line, "empty model: every row names a model id or alias from models.yaml",
                       row.column("model"))
        return None
    model_id = index.get(rules.name_key(row.model))
    if model_id is None:
        problems.error(path, row.line, f'unknown model "{row.model}": expected an id or alias from models.yaml'
                       f'{did_you_mean(row.model, sorted(index))}', row.column("model"))
    return None if model_id in getattr(index, "doubtful", ()) else model_id


def check_overalls(seen, scores, path, problems, formula_name):
    """Every model needs an overall row, or counts on all its dimension rows to pool one from."""
    lines_of = {}
    for (model_id, dimension), line in seen.items():
        lines_of.setdefault(model_id, []).append(((model_id, dimension), line))
    for model_id, keyed in lines_of.items():
        if (model_id, rules.OVERALL) in seen:
            continue
        rows = [scores.get(key) for key, _ in keyed]
        first_line = min(line for _, line in keyed)
        poolable = rules.formula_score(formula_name, 1, 0, 0) is not None
        if not (poolable and rows and all(p is not None and p.win is not None for p in rows)):
            problems.error(path, first_line, f'model "{model_id}" has no "overall" row, and its overall cannot be '
                           "pooled: that needs win, tie and loss counts on every one of its dimension rows"
                           + ("" if poolable else f' and a formula that computes scores (not "{formula_name}")'))


def parse_row(row, problems, path, settings):
    """The row's Score, or None (with problems recorded)."""
    formula_name, places, (low, high) = settings
    score = None
    if row.score:
        score = rules.parse_number(row.score)
        if score is None:
            problems.error(path, row.line, f'score "{row.score}" is not a finite number', row.column("score"))
            return None
        if not low <= score <= high:
            problems.error(path, row.line, f"score {row.score} is outside the metric's range [{low}, {high}]",
                           row.column("score"))
            return None
    if not any((row.win, row.tie, row.loss)):
        if score is None:
            problems.error(path, row.line, "no score: give a score, or win, tie and loss counts")
        return None if score is None else rules.Score(score)
    counts = parse_counts(row, problems, path)
    if counts is None:
        return None
    computed = rules.formula_score(formula_name, *counts)
    if computed is None and score is None:
        problems.error(path, row.line, f'the metric formula "{formula_name}" does not compute a score from '
                       "counts: give the score", row.column("score"))
        return None
    if score is not None and computed is not None and rules.rounded(score, places) != rules.rounded(computed, places):
        problems.error(path, row.line, f"score {row.score} disagrees with its counts: win {counts[0]}, tie "
                       f"{counts[1]}, loss {counts[2]} give {rules.rounded(computed, places)}", row.column("score"))
        return None
    return rules.Score(score if score is not None else computed, *counts)


def parse_counts(row, problems, path):
    counts = []
    for name in ("win", "tie", "loss"):
        value = getattr(row, name)
        if not rules.COUNT.fullmatch(value):
            problems.error(path, row.line, f'{name} "{value}" must be a whole number of 0 or more (up to 12 digits)',
                           row.column(name))
            return None
        counts.append(int(value))
    if sum(counts) == 0:
        problems.error(path, row.line, "win, tie and loss are all 0: counts need at least one judgment",
                       row.column("win"))
        return None
    return tuple(counts)


# --- judgments/<date>.jsonl ----------------------------------------------------------------

JUDGMENT_KEYS = ("model", "question_id", "dimension", "turn", "verdict", "judge_reason")
JUDGMENT_EXAMPLE = ('{"model": "m", "question_id": "q1", "dimension": "d", "turn": 1, "verdict": "win", '
                    '"judge_reason": "…"}')


class Tally:
    """A release's judgments summed into win/tie/loss counts per (model id, dimension), checked
    against the rows of the release's CSV. Models with a rejected judgment line are `doubtful`: their
    counts are incomplete, so they are not checked (that line's error says enough)."""

    def __init__(self, file, judgments, doubtful):
        self.file, self.doubtful = file, doubtful
        self.counts, self.first_line = {}, {}
        for line, j in judgments:
            key = (j.model, j.dimension)
            self.first_line.setdefault(key, line)
            win, tie, loss = self.counts.get(key, (0, 0, 0))
            self.counts[key] = (win + (j.verdict == "win"), tie + (j.verdict == "tie"), loss + (j.verdict == "loss"))
        self.models = {m for m, _ in self.counts}

    def where(self, key) -> str:
        return f"judgments/{self.file.path.name} (from line {self.first_line[key]})"

    def merge(self, key, score, row, problems, path, settings):
        """The CSV row's Score with the judged counts, or None when they disagree."""
        if key[1] == rules.OVERALL or key not in self.counts or key[0] in self.doubtful:
            return score   # an overall is checked once all rows are known (check_overalls)
        win, tie, loss = self.counts[key]
        formula_name, places, _ = settings
        if score.win is not None and (score.win, score.tie, score.loss) != (win, tie, loss):
            problems.error(path, row.line, f"counts win {score.win}, tie {score.tie}, loss {score.loss} disagree with "
                           f"{self.where(key)}, which give win {win}, tie {tie}, loss {loss}", row.column("win"))
            return None
        computed = rules.formula_score(formula_name, win, tie, loss)
        if computed is not None and rules.rounded(score.value, places) != rules.rounded(computed, places):
            problems.error(path, row.line, f"score {row.score} disagrees with {self.where(key)}: win {win}, tie {tie}, "
                           f"loss {loss} give {rules.rounded(computed, places)}", row.column("score"))
            return None
        return rules.Score(score.value, win, tie, loss)

    def add_missing(self, scores, seen, problems, settings):
        """Judged (model, dimension) pairs the CSV has no row for become rows."""
        formula_name = settings[0]
        for key, (win, tie, loss) in sorted(self.counts.items()):
            if key in seen:
                continue
            computed = rules.formula_score(formula_name, win, tie, loss)
            if computed is None:
                problems.error(self.file.path, self.first_line[key], f'model "{key[0]}" has judgments in dimension '
                               f'"{key[1]}" but no row in releases/{self.file.date}.csv, and the metric formula '
                               f'"{formula_name}" does not compute a score from counts: add the row with its score')
                continue
            scores[key] = rules.Score(computed, win, tie, loss)
            seen[key] = self.first_line[key]

    def check_overalls(self, scores, seen, problems, settings, path):
        """A model judged in every dimension it has: its CSV overall must agree with the sum of its
        verdicts, and takes those counts. Models judged in part, or not at all, get a warning: their
        published numbers are not checked against any verdict."""
        formula_name, places, _ = settings
        dimensions = {}
        for model_id, dimension in scores:
            if dimension != rules.OVERALL:
                dimensions.setdefault(model_id, []).append(dimension)
        for model_id in sorted(dimensions):
            if model_id in self.doubtful:
                continue
            unjudged = [d for d in dimensions[model_id] if (model_id, d) not in self.counts]
            if unjudged:
                first = min(seen[(model_id, d)] for d in unjudged)
                problems.warn(path, first, f'model "{model_id}" has no verdict in judgments/{self.file.path.name} '
                              f'for {", ".join(unjudged)}: those scores and its overall are not checked against '
                              "any, and it takes part in the sign tests and question pages only where judged")
                continue
            key = (model_id, rules.OVERALL)
            if key not in scores:
                continue   # pooled from the dimension rows later
            total = tuple(sum(self.counts[(model_id, d)][i] for d in dimensions[model_id]) for i in range(3))
            overall, computed = scores[key], rules.formula_score(formula_name, *total)
            given = f"win {total[0]}, tie {total[1]}, loss {total[2]}"
            if overall.win is not None and (overall.win, overall.tie, overall.loss) != total:
                problems.error(path, seen[key], f'overall counts of "{model_id}" (win {overall.win}, tie {overall.tie}, '
                               f"loss {overall.loss}) disagree with the sum of its judgments in "
                               f"judgments/{self.file.path.name}: {given}")
                del scores[key]
            elif computed is not None and rules.rounded(overall.value, places) != rules.rounded(computed, places):
                problems.error(path, seen[key], f'overall score {rules.rounded(overall.value, places)} of "{model_id}" '
                               f"disagrees with the sum of its judgments in judgments/{self.file.path.name}: "
                               f"{given} give {rules.rounded(computed, places)}")
                del scores[key]
            else:
                scores[key] = rules.Score(overall.value, *total)


def check_judgments(file, problems, index, dim_ids, release_dates) -> tuple:
    """(the (line, Judgment) pairs of one judgments file that are valid, the ids of the models with a
    rejected line); problems for the rejected lines."""
    path = file.path
    if file.date not in release_dates:
        problems.error(path, None, f'judgments for release "{file.date}", which has no releases/{file.date}.csv: '
                       "name the file after a release")
        return [], set()
    found, seen, dimension_of, doubtful = [], {}, {}, set()
    for line, value in file.lines:
        judgment = check_judgment(value, line, path, problems, index, dim_ids)
        if judgment is not None:
            key = (judgment.model, judgment.question, judgment.turn)
            first = dimension_of.setdefault(judgment.question, (judgment.dimension, line))
            if key in seen:
                problems.error(path, line, f'second verdict for model "{judgment.model}", question '
                               f'"{judgment.question}", turn {judgment.turn} (first at line {seen[key]}): one line per '
                               "model, question and turn")
            elif first[0] != judgment.dimension:
                problems.error(path, line, f'question "{judgment.question}" is in dimension "{judgment.dimension}" here '
                               f'but in "{first[0]}" at line {first[1]}: a question belongs to one dimension')
            else:
                seen[key] = line
                found.append((line, judgment))
                continue
        named = value.get("model") if isinstance(value, dict) else None
        doubtful.add(index.get(rules.name_key(named)) if index and isinstance(named, str) else None)
    if None in doubtful:   # a rejected line that names no known model: any model's counts may be short
        doubtful |= set(index.values()) if index else set()
    return found, doubtful


def check_judgment(value, line, path, problems, index, dim_ids):
    def error(message):
        problems.error(path, line, message)

    if not isinstance(value, dict):
        error(f"expected a JSON object such as {JUDGMENT_EXAMPLE}, found {describe(value)}")
        return None
    for key in value:
        if key not in JUDGMENT_KEYS:
            problems.warn(path, line, f'unknown key "{key}" is ignored{did_you_mean(key, JUDGMENT_KEYS)}')
    missing = [k for k in JUDGMENT_KEYS[:5] if k not in value]
    if missing:
        named = ", ".join(f'"{k}"' for k in missing)
        error(f"missing {named}: each line has {', '.join(JUDGMENT_KEYS[:5])} (and optionally judge_reason)")
        return None
    model, question, dimension = value["model"], value["question_id"], value["dimension"]
    turn, verdict, reason = value["turn"], value["verdict"], value.get("judge_reason")
    ok = True
    if isinstance(question, int) and not isinstance(question, bool):
        question = str(question)
    if not isinstance(question, str) or not rules.SLUG.match(question) or question.endswith(".html"):
        error(f"question_id {json_text(question)} must be lowercase letters, digits, \".\", \"_\" or \"-\", starting "
              'with a letter or digit, not ending in ".html" (it is part of the question\'s web address)')
        ok = False
    if dim_ids is not None and dimension not in dim_ids:
        hint = "; judgments are per dimension (the overall is their sum)" if dimension == rules.OVERALL else \
            did_you_mean(dimension, dim_ids)
        error(f"unknown dimension {json_text(dimension)}: expected one of {', '.join(dim_ids)}{hint}")
        ok = False
    if not isinstance(turn, int) or isinstance(turn, bool) or not 1 <= turn <= 999:
        error(f"turn {json_text(turn)} must be a whole number from 1 to 999")
        ok = False
    if verdict not in ("win", "tie", "loss"):
        error(f'verdict {json_text(verdict)} must be "win", "tie" or "loss" (against the baseline)'
              f"{did_you_mean(str(verdict).lower(), ('win', 'tie', 'loss'))}")
        ok = False
    if reason is not None and not isinstance(reason, str):
        error(f"judge_reason must be text, found {json_text(reason)}")
        ok = False
    model_id = None
    if index is not None:
        model_id = index.get(rules.name_key(model)) if isinstance(model, str) else None
        if model_id is None:
            error(f"unknown model {json_text(model)}: expected an id or alias from models.yaml"
                  f"{did_you_mean(model, sorted(index)) if isinstance(model, str) else ''}")
    if not ok or model_id is None:
        return None
    return rules.Judgment(model_id, question, dimension, turn, verdict, reason)


def json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- pages/*.md ------------------------------------------------------------------------------

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
            if page.lang is None and not page.has_front_matter:
                c.error(1, 'no front matter: a page starts with "---", title: ..., order: ..., "---"')
            continue
        c.mapping(page.meta, "front matter", page.meta.line if isinstance(page.meta, YMap) else 1,
                  {"title": (text, page.lang is None), "order": (number, False)})


# --- dialogues/<id>.yaml ---------------------------------------------------------------------

DIALOGUE_SPEC = {"title": (text, False), "dimension": (anything, True), "section": (text, False),
                 "release": (date, False), "order": (number, False), "turns": (anything, True),
                 "reference_answer": (text, False), "commentary": (text, False)}


def check_dialogues(files, problems, langs, index, dim_ids, release_dates) -> set:
    """Check the dialogue files; return the ids of the models that answer in them."""
    answering, seen = set(), {}
    for dialogue in files:
        c = FileCheck(problems, dialogue.path, langs)
        if dialogue.id in seen:
            c.error(None, f'a second dialogue "{dialogue.id}" (the first is {seen[dialogue.id].name}): '
                    "dialogue ids come from file names and must be unique")
            continue
        seen[dialogue.id] = dialogue.path
        if not rules.SLUG.match(dialogue.id):
            c.error(None, f'dialogue file name "{dialogue.path.name}" must be an id of lowercase letters, digits, '
                    "'.', '_' and '-' (it is the dialogue's URL)")
        data = dialogue.data
        if data is None or not c.mapping(data, "a dialogue", 1, DIALOGUE_SPEC):
            continue
        dimension = data.get("dimension")
        if "dimension" in data and dim_ids is not None and dimension not in dim_ids:
            c.error(data.line_of("dimension"), f'unknown dimension "{dimension}": expected one of '
                    f'{", ".join(dim_ids)}{did_you_mean(dimension, dim_ids)}')
        release = data.get("release")
        if is_date(release) and release not in release_dates:
            c.error(data.line_of("release"), f'release "{release}" has no releases/{release}.csv'
                    f'{did_you_mean(release, sorted(release_dates))}')
        turns = c.items(data.get("turns", []), '"turns"', data.line_of("turns")) if "turns" in data else []
        if "turns" in data and isinstance(data["turns"], list) and not turns:
            c.error(data.line_of("turns"), '"turns" must list at least one turn (a prompt and its answers)')
        for line, turn in turns:
            if c.mapping(turn, "a turn", line, {"prompt": (string, True), "responses": (anything, True)}):
                answering |= check_responses(c, turn, index)
    return answering


def check_responses(c: FileCheck, turn, index) -> set:
    responses = turn.get("responses")
    line = turn.line_of("responses")
    if "responses" not in turn:
        return set()
    if not isinstance(responses, dict) or not responses:
        c.error(line, f'"responses" must map model ids to their answers, found {describe(responses)}')
        return set()
    found = {}
    for name, answer in responses.items():
        answer_line = responses.line_of(name)
        model_id = index.get(rules.name_key(name)) if isinstance(name, str) and index is not None else None
        if model_id is None and index is not None:
            c.error(answer_line, f'unknown model "{name}": expected an id or alias from models.yaml'
                    f'{did_you_mean(name, sorted(index))}')
        elif model_id in found:
            c.error(answer_line, f'a second answer of model "{model_id}" in this turn (first at line '
                    f"{found[model_id]})")
        else:
            found[model_id] = answer_line
        if not (isinstance(answer, str) and answer.strip()):
            c.error(answer_line, f'the answer of "{name}" must be text (Markdown), found {describe(answer)}')
    return set(found)


# --- everything ------------------------------------------------------------------------------

def validate(inputs: Inputs, problems: Problems) -> Checked:
    checked = Checked()
    langs = check_site(inputs, problems)
    for board in inputs.boards:
        dim_ids, groups, metric_spec = check_board(board.board, board.folder / "board.yaml", problems, langs)
        # None when models.yaml could not be read: names cannot be checked (that problem is reported)
        index = check_models(board.models, board.folder / "models.yaml", problems, langs, groups) \
            if board.models is not None else None
        judged = {f.date: (f, check_judgments(f, problems, index, dim_ids, {r.date for r in board.releases}))
                  for f in board.judgments}
        releases = {r.date: check_release(r, problems, index, dim_ids, metric_spec,
                                          Tally(judged[r.date][0], *judged[r.date][1]) if r.date in judged else None)
                    for r in board.releases}
        checked.scores[board.id], checked.models[board.id] = releases, index
        checked.judgments[board.id] = {day: tuple(j for _, j in found) for day, (_, (found, _)) in judged.items()
                                       if day in releases}
        check_notes(board, problems)
        answering = check_dialogues(board.dialogues, problems, langs, index, dim_ids, set(releases))
        # Only when all of the board was read and understood; otherwise "unused" would be a guess.
        if board.releases and not problems.errors_in(board.folder):
            warn_unused(board, problems, index, dim_ids, releases, answering)
        check_pages(board.pages, problems, langs)
    return checked


def check_notes(board, problems):
    notes = board.board.get("releases") if isinstance(board.board, dict) else None
    folder = board.folder / "releases"
    dates = {p.stem for p in folder.iterdir()} if folder.is_dir() else set()   # readable or not
    for day in notes if isinstance(notes, dict) else {}:
        if is_date(day) and day not in dates:
            problems.warn(board.folder / "board.yaml", notes.line_of(day),
                          f'note for release "{day}", which has no releases/{day}.csv')


def warn_unused(board, problems, index, dim_ids, releases, answering):
    used = {key for scores in releases.values() for key in scores}
    used_models, used_dims = {m for m, _ in used}, {d for _, d in used}
    model_lines = {m.get("id"): line for line, m in zip(board.models.lines, board.models) if isinstance(m, dict)}
    dims = board.board["dimensions"]
    dim_lines = {d.get("id"): line for line, d in zip(dims.lines, dims) if isinstance(d, dict)}
    for model_id in sorted(set(index.values()) - used_models - answering):
        problems.warn(board.folder / "models.yaml", model_lines.get(model_id), f'model "{model_id}" has no score '
                      "in any release and no answer in any dialogue")
    for dim in (d for d in dim_ids if d not in used_dims):
        problems.warn(board.folder / "board.yaml", dim_lines.get(dim), f'dimension "{dim}" has no score in any release')
