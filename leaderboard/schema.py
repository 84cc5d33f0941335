"""The schema of the YAML documents: site.yaml, board.yaml and models.yaml, each key with its check
and its default in one place. A check of a whole document returns its checked Values (or None when
it is broken at the top, reported once), which validate.py turns into records.
"""
from __future__ import annotations

from . import facts, metrics, rules
from .checks import (INVALID, Field, FileCheck, anything, boolean, date, decimals, describe, entries, is_date, number,
                     markdown, plain, simple, slug, text, text_list, url, LANG)
from .problems import Problems, did_you_mean


# --- site.yaml -------------------------------------------------------------------------------

def languages(c, value, what, line):
    items = c.items(value, what, line)
    if items is None:
        return INVALID
    found, ok = [], True
    for item_line, lang in items:
        if not (isinstance(lang, str) and LANG.match(lang)):
            c.error(item_line, f'{what} lists "{rules.one_line(str(lang))}": expected a language code such as zh or en')
            ok = False
        elif lang in found:
            c.error(item_line, f'{what} lists "{lang}" twice')
            ok = False
        else:
            found.append(lang)
    if not items:
        c.error(line, f"{what} must list at least one language; the first is the default")
        ok = False
    return tuple(found) if ok else INVALID


SITE = {"title": Field(text, True), "languages": Field(languages, True), "boards": Field(anything, True),
        "base_url": Field(url)}


def site_languages(site) -> tuple | None:
    """The site's languages when site.yaml gives them right, else None (texts are then not held to
    them). Its own messages come when site.yaml is checked."""
    found = languages(FileCheck(Problems(), "", None), site.get("languages"), "", 1) if isinstance(site, dict) else None
    return found or None


# --- board.yaml ------------------------------------------------------------------------------

metric_range = simple(rules.is_range, "[low, high] with two numbers, low < high (null for an open end)", tuple)


def formula(c, value, what, line):
    if value in metrics.FORMULAS:
        return metrics.KINDS[metrics.FORMULAS[value]]
    c.error(line, f'{what} must be one of {", ".join(metrics.FORMULAS)}, found {describe(value)}'
            f'{did_you_mean(value, metrics.FORMULAS)}')
    return INVALID


def kind(c, value, what, line):
    if value in metrics.KINDS:
        return metrics.KINDS[value]
    c.error(line, f'{what} must be one of {", ".join(metrics.KINDS)}, found {describe(value)}'
            f'{did_you_mean(value, metrics.KINDS)}')
    return INVALID


def overall_rule(c, value, what, line):
    if value in ("given", "mean"):
        return value
    c.error(line, f'{what} must be "given" (an overall row per model) or "mean" (of its dimension scores), '
            f"found {describe(value)}{did_you_mean(value, ('given', 'mean'))}")
    return INVALID


# Keys whose default depends on the metric's kind: None here, filled by scale().
METRIC = {"name": Field(text, True), "overall_name": Field(text), "kind": Field(kind), "formula": Field(formula),
          "unit": Field(text), "range": Field(metric_range), "decimals": Field(decimals),
          "higher_is_better": Field(boolean), "baseline": Field(text), "judge": Field(text),
          "overall": Field(overall_rule, default="given")}

MEASURE = {"id": Field(slug, True), "name": Field(text, True), "unit": Field(text), "range": Field(metric_range),
           "decimals": Field(decimals, default=2), "higher_is_better": Field(boolean, default=True)}


def metric(c, value, what, line):
    values = c.mapping(value, what, line, METRIC)
    if values is None or not values.ok:
        return INVALID
    chosen = values["kind"] or values["formula"] or metrics.KINDS["score"]
    if values["kind"] and values["formula"] and values["kind"] is not values["formula"]:
        c.error(values.line_of("formula"), f'"formula" names the kind {values["formula"].id}, but "kind" is '
                f"{values['kind'].id}: give one of them")
        return INVALID
    values["kind"] = chosen
    for key, default in (("range", chosen.range), ("decimals", chosen.decimals),
                         ("higher_is_better", chosen.higher_is_better)):
        if values[key] is None:
            values[key] = default
    return values


def source(c, value, what, line):
    values = c.mapping(value, what, line, {"name": Field(text, True), "url": Field(url)})
    return values if values is not None and values.ok else INVALID


def release_notes(c, value, what, line):
    """{release id: note} or {release id: {date: YYYY-MM-DD, note: text}}."""
    if not isinstance(value, dict):
        c.error(line, f"{what} must map release dates to notes, found {describe(value)}")
        return INVALID
    found, ok = {}, True
    for release, note in value.items():
        note_line = value.line_of(release)
        if not release_id_ok(c, release, note_line):
            ok = False
            continue
        if isinstance(note, dict) and ("date" in note or "note" in note):
            values = c.mapping(note, f'release "{release}"', note_line, {"date": Field(date), "note": Field(text)})
            ok = ok and values.ok
            found[release] = values
        else:
            found[release] = {"date": None, "note": text(c, note, f'the note of release "{release}"', note_line)}
            ok = ok and found[release]["note"] is not INVALID
    return found if ok else INVALID


def release_id_ok(c, release, line) -> bool:
    release = str(release)
    if rules.DATE_SHAPED.match(release):
        if not (is_date(release) or is_date(release + "-01")):
            c.error(line, f'release "{release}" must be a date written YYYY-MM-DD')
            return False
        return True
    if not rules.RELEASE_ID.match(release) or release in rules.BOARD_FOLDERS:
        c.error(line, f'release "{rules.one_line(release)}" must be a date (YYYY-MM-DD), a month (YYYY-MM) or a '
                f"version of lowercase letters, digits, '.', '_' and '-' such as v2.0 (it is part of the "
                f"release's web address; not {', '.join(sorted(rules.BOARD_FOLDERS))})")
        return False
    return True


def release_day(release: str, notes: dict):
    """The date a release is ordered by: the one board.yaml gives, else its id's own (a month's first
    day); None for a version without one."""
    given = (notes.get(release) or {}).get("date")
    if given:
        return given
    if is_date(release):
        return release
    return release + "-01" if is_date(release + "-01") else None


def columns(c, value, what, line):
    """{our column: the file's column}: the names a pasted export uses for model, score, a measure…"""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        c.error(line, f"{what} must map column names to the names the CSV files use (e.g. {{model: name, "
                f"score: rating}}), found {describe(value)}")
        return INVALID
    return {str(k): v.strip().lower() for k, v in value.items()}


DIMENSION = {"id": Field(slug, True), "name": Field(text, True), "description": Field(text)}
GROUP = {"id": Field(slug, True), "name": Field(text, True), "ranked": Field(boolean, True)}
# A board that declares no groups ranks every model, in one group its cards need not name.
DEFAULT_GROUP = "models"
DEFAULT_GROUPS = {DEFAULT_GROUP: {"id": DEFAULT_GROUP, "name": {"zh": "模型", "en": "Models"}, "ranked": True}}

rounds = simple(lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10_000,
                "a whole number from 0 to 10000")
seed = simple(lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2 ** 32,
              "a whole number from 0 to 4294967295")
# How battles/<release>.jsonl become ratings (ratings.py): the scale's centre (the mean of the
# ratings, or the anchor model's rating), and the bootstrap's rounds and seed.
BATTLES = {"base": Field(number, default=1000), "anchor": Field(slug), "rounds": Field(rounds, default=100),
           "seed": Field(seed, default=0)}


def battles(c, value, what, line):
    values = c.mapping(value, what, line, BATTLES)
    return values if values is not None and values.ok else INVALID


BOARD = {"title": Field(text, True), "summary": Field(text), "source": Field(source), "metric": Field(metric, True),
         "dimensions": Field(anything, default=[]), "groups": Field(anything), "measures": Field(anything, default=[]),
         "columns": Field(columns, default={}), "ignored_columns": Field(text_list, default=()),
         "releases": Field(release_notes, default={}), "dialogues_intro": Field(markdown),
         "battles": Field(battles), "fields": Field(anything, default=[]), "tags": Field(anything, default=[]),
         "default_columns": Field(text_list)}


def check_board(document, path, problems, langs):
    """The checked Values of board.yaml, with "dimensions", "groups" and "measures" as {id: Values}
    (each None when that section is broken, and the whole None when the file is)."""
    c = FileCheck(problems, path, langs)
    if document is None:
        return None
    board = c.mapping(document, "board.yaml", 1, BOARD)
    if board is None:
        return None
    line_of = board.line_of
    board["dimensions"] = entries(c, board["dimensions"], "dimensions", line_of("dimensions"), "dimension", DIMENSION)
    if board["dimensions"] and rules.OVERALL in board["dimensions"]:
        c.error(board["dimensions"][rules.OVERALL].line, 'dimension id "overall" is reserved for the overall score')
        board["dimensions"] = None
    board["groups"] = entries(c, board["groups"], "groups", line_of("groups"), "group", GROUP) \
        if "groups" in document else DEFAULT_GROUPS
    if board["groups"] == {} and isinstance(document.get("groups"), list) and not document["groups"]:
        c.error(line_of("groups"), '"groups" must list at least one group')
        board["groups"] = None
    board["measures"] = entries(c, board["measures"], "measures", line_of("measures"), "measure", MEASURE)
    check_measure_names(c, board)
    facts.check_declarations(c, board, line_of)
    metric_values = board["metric"]
    if metric_values and metric_values["overall"] == "mean" and board["dimensions"] == {}:
        c.error(metric_values.line_of("overall"), '"overall: mean" needs dimensions to take the mean of')
        board["metric"] = INVALID
    return board


def check_measure_names(c, board):
    """A measure's id names its CSV column: it may not be a column the CSV has for other things."""
    taken = {"model", "dimension", "score", "ci_low", "ci_high", rules.OVERALL,
             *(k for kind_ in metrics.KINDS.values() for k in kind_.counts), *(board["dimensions"] or {})}
    for measure_id, values in list((board["measures"] or {}).items()):
        if measure_id in taken:
            c.error(values.line, f'measure id "{measure_id}" is a column the release CSV has for something else: '
                    "choose another id")
            board["measures"] = None


# --- models.yaml -----------------------------------------------------------------------------

# The facts a card may give (params, released, price, the board's own fields…) are in facts.py.
MODEL = {"id": Field(slug, True), "name": Field(text, True), "group": Field(slug), "org": Field(text),
         "url": Field(url), "description": Field(text), "aliases": Field(text_list, default=()),
         "base_model": Field(plain)}


class ModelIndex(dict):
    """{spelling key: model id} of every name models.yaml gives; `doubtful` holds the ids that cannot
    be trusted (given twice, or on a card with a fault): rows naming them are left unchecked, since
    the card's own error is the one to fix."""

    def __init__(self):
        super().__init__()
        self.doubtful = set()
        self.cards = {}          # model id -> its Values, for the cards without a fault

    def resolve(self, name):
        """(model id or None, whether the name is known at all)."""
        model_id = self.get(rules.name_key(name)) if isinstance(name, str) else None
        return (None if model_id in self.doubtful else model_id), model_id is not None


def warn_formula(c: FileCheck, card) -> None:
    """A name a spreadsheet would run as a formula (=, +, -, @ first): downloads guard it, but say so."""
    names = card["name"].values() if isinstance(card["name"], dict) else [card["name"]]
    for name in names:
        if name.startswith(("=", "+", "-", "@", "\t", "\r")) and rules.parse_number(name) is None:
            c.warn(card.line_of("name"), f'name "{rules.one_line(name)}" starts as a spreadsheet formula does: the '
                   "CSV downloads put an apostrophe before it, so that no spreadsheet runs it")


def check_models(document, path, problems, langs, board):
    """A ModelIndex of models.yaml; None when the file is broken (reported). `board` is board.yaml's
    checked Values (None when broken): its groups are None when broken, DEFAULT_GROUPS when it
    declares none; its fields and tags are what the cards may give besides the built-in facts."""
    groups = board["groups"] if board else None
    # Without board.yaml's fields and tags, a card's own fields and tags cannot be checked: they are
    # passed over in silence (board.yaml's message says what to fix).
    declared = board if board and board["fields"] is not None and board["tags"] is not None else None
    spec, currencies = {**MODEL, **facts.card_spec(declared)}, {}
    c = FileCheck(problems, path, langs)
    if document is None:
        return None
    items = c.items(document, "models.yaml", 1)
    if items is None:
        return None
    if not items:
        c.error(1, "models.yaml must list at least one model")
    index, first_line = ModelIndex(), {}
    for line, card in items:
        values = c.mapping(card, "a model", line, spec, warn_unknown=declared is not None)
        if values is None:
            continue
        facts.check_card(c, values, declared, currencies)
        model_id, group = values["id"], values["group"]
        if group is None and groups is not DEFAULT_GROUPS:
            c.error(values.line, 'a model is missing the required key "group"')
            values.ok = False
        elif isinstance(group, str) and groups is not None and group not in groups:
            c.error(values.line_of("group"), f'group "{group}" is not defined in board.yaml "groups"'
                    f'{did_you_mean(group, groups)}')
            values.ok = False
        spellings = rules.model_keys(card)
        if not isinstance(model_id, str):   # its other names lead nowhere, but not to "unknown model" either
            unusable = f"line {line}"
            index.doubtful.add(unusable)
            for key in spellings:
                index.setdefault(key, unusable)
            continue
        if model_id in first_line:
            c.error(line, f'model id "{model_id}" is used twice (first at line {first_line[model_id]})')
            index.doubtful.add(model_id)
            index.cards.pop(model_id, None)
            for key in spellings:   # its other names lead to the doubtful id too, not to "unknown"
                index.setdefault(key, model_id)
            continue
        first_line[model_id] = line
        for key in spellings:
            other = index.get(key)
            if other is not None and other != model_id:
                c.error(line, f'model "{model_id}" is also called "{rules.one_line(key)}", which already names model '
                        f'"{other}" (line {first_line.get(other, "?")}): names and aliases must be unique')
                values.ok = False
                index.doubtful.add(other)   # which of the two a row of that name means cannot be known
            else:
                index[key] = model_id
        if values.ok:
            index.cards[model_id] = values
            warn_formula(c, values)
        else:
            index.doubtful.add(model_id)
    return index

