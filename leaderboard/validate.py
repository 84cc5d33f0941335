"""Validate stage: check everything that was loaded, collecting every problem with its location,
and hand the model stage typed records (records.py) when there is no error.

One fault, one message: what depends on a broken file or section (a models.yaml that cannot be read,
board.yaml's dimensions, a rejected row) is skipped without further messages. The checks live by
what they check: schema.py (site.yaml, board.yaml, models.yaml), content.py (dialogues, pages),
tables.py (release CSVs) and verdicts.py (judgments).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import content, facts, rules, schema, tables, verdicts
from .checks import INVALID, FileCheck, fill
from .config import Inputs
from .problems import Problems, did_you_mean, reset_suggestions
from .records import (Answer, BoardInput, Checked, Dialogue, Dimension, Group, Measure, Metric, Model, Page,
                      ReleaseInput, Turn)


@dataclass
class BoardChecks:
    """What the checks of one board found good, for assembling its record."""
    files: object                # config.BoardFiles
    board: object                # board.yaml Values
    index: object                # schema.ModelIndex
    releases: dict               # {release id: tables.Checked}
    days: dict                   # {release id: date it is ordered by}
    judged: dict                 # {release id: verdict_table.Verdicts}
    battled: dict                # {release id: battles.Battles}
    dialogues: list              # [(file, Values)]
    pages: list                  # [(file, Values)]


def validate(inputs: Inputs, problems: Problems):
    """The Checked records, or None when there is an error (every one reported)."""
    reset_suggestions()
    site = check_site(inputs, problems)
    langs = site["languages"] if site and site["languages"] else None
    checks = [check_board(files, problems, langs) for files in inputs.boards]
    if problems.errors:
        return None
    by_id = {c.files.id: c for c in checks}
    langs = tuple(langs)
    return Checked(title=fill(site["title"], langs), languages=langs, base_url=site["base_url"],
                   boards=tuple(board_record(by_id[board_id], langs) for board_id in site["boards"]))


# --- site.yaml -------------------------------------------------------------------------------

def check_site(inputs: Inputs, problems: Problems):
    """site.yaml's Values, or None when it is broken; the board folders are checked against it."""
    path = inputs.scores_dir / "site.yaml"
    if inputs.site is None:
        return None
    c = FileCheck(problems, path, schema.site_languages(inputs.site))
    site = c.mapping(inputs.site, "site.yaml", 1, schema.SITE)
    if site is None or "boards" not in inputs.site:
        return None
    folders = {b.id for b in inputs.boards} | {f.name for f in inputs.unlisted}
    items = c.items(site["boards"], '"boards"', site.line_of("boards"))
    if items is None:
        return None
    listed = []
    for line, board in items:
        if not isinstance(board, str):
            c.error(line, f'"boards" must list board folder names, found {schema.describe(board)}')
        elif board in listed:
            c.error(line, f'"boards" lists "{board}" twice')
        elif not rules.BOARD_ID.match(board):
            c.error(line, f'board "{rules.one_line(board)}" must be a folder name of lowercase letters, digits, \'_\' '
                    "and '-' (it is used in URLs)")
        elif board in rules.RESERVED_BOARD_IDS or board in (c.languages or ()):
            c.error(line, f'board "{board}" has a name the site uses for itself '
                    f'({", ".join(sorted(rules.RESERVED_BOARD_IDS | set(c.languages or ())))}): rename its folder')
        elif board not in folders:
            hint = " (it has no board.yaml)" if any(f.name == board for f in inputs.stray_folders) else ""
            c.error(line, f'board "{board}" has no folder {path.parent.name}/{board}/ with a board.yaml'
                    f'{hint}{did_you_mean(board, folders)}')
        if isinstance(board, str):
            listed.append(board)
    if not listed:
        c.error(site.line_of("boards"), '"boards" must list at least one board; the first is the home page')
    for board in sorted(folders - set(listed)):   # read only when listed: their problems can wait
        problems.warn(inputs.scores_dir / board, None, f'board folder "{board}" is not listed in site.yaml '
                      '"boards", so it is not published')
    return site if site.ok else None


# --- one board -------------------------------------------------------------------------------

def check_board(files, problems: Problems, langs) -> BoardChecks:
    board = schema.check_board(files.board, files.folder / "board.yaml", problems, langs)
    dimensions = board["dimensions"] if board else None
    index = schema.check_models(files.models, files.folder / "models.yaml", problems, langs, board)
    notes = board["releases"] if board and board["releases"] is not INVALID else None
    days = release_days(files, problems, notes)
    context = tables.Context(index=index, dimensions=None if dimensions is None else list(dimensions),
                             measures=board["measures"] if board else None,
                             columns=board["columns"] or {} if board else {},
                             ignored=tuple(c.lower() for c in board["ignored_columns"] or ()) if board else ())
    metric = board["metric"] if board else None
    if metric:
        context.kind, context.decimals, context.range = metric["kind"], metric["decimals"], metric["range"]
        context.overall = metric["overall"]
    # A file of a release whose CSV has a bad name is left unread: that name's error says enough.
    unnamed = {r.release for r in files.releases} - set(days)
    judged = {f.release: (f, verdicts.check_judgments(f, problems, index, context.dimensions, set(days)))
              for f in files.judgments if f.release not in unnamed}
    rated = rated_battles([f for f in files.battles if f.release not in unnamed], files, problems, board, index,
                          context, set(days))
    releases = {}
    for release in files.releases:
        tally = verdicts.Tally(judged[release.release][0], *judged[release.release][1]) \
            if release.release in judged and release.release in days else rated.get(release.release)
        if release.release in days:
            releases[release.release] = tables.check_release(release, problems, context, tally)
    if notes:
        check_notes(files, problems, notes)
    dialogues = content.check_dialogues(files.dialogues, problems, langs, index, dimensions, set(days))
    pages = content.check_pages(files.pages, problems, langs)
    checks = BoardChecks(files, board, index, releases, days,
                         {day: found for day, (_, (found, _)) in judged.items() if day in releases and found},
                         {day: r.battles for day, r in rated.items() if day in releases and not r.incomplete},
                         dialogues, pages)
    # Only when all of the board was read and understood; otherwise "unused" would be a guess.
    if files.releases and not problems.errors_in(files.folder):
        warn_unused(checks, problems)
    return checks


def rated_battles(battle_files, files, problems, board, index, context, release_ids) -> dict:
    """{release id: battles.Rated} of the battle files whose battles can be rated."""
    if not battle_files:
        return {}
    from . import battles   # numpy and pyarrow: only for boards with battles
    settings = battle_settings(files, problems, board, index)
    found = {}
    for f in battle_files:
        table = battles.check_battles(f, problems, index, context.dimensions, release_ids,
                                      context.kind if context.metric_ok else None)
        rated = battles.Rated(f, table, settings) if table is not None and settings is not None else None
        found[f.release] = rated if rated is not None and rated.check(problems) else \
            battles.Unrated(index.values() if index is not None else ())
    return found


def battle_settings(files, problems, board, index):
    """board.yaml's "battles" settings as ratings.Settings, or None when they are broken (reported)."""
    from . import ratings   # numpy: only for boards with battles
    values = board["battles"] if board else None
    if values is INVALID or index is None or board is None:
        return None
    if values is None:
        return ratings.Settings()
    anchor = values["anchor"]
    if anchor is not None and anchor not in index.cards:
        problems.error(files.folder / "board.yaml", values.line_of("anchor"), f'battles anchor "{anchor}" is not a '
                       f"model id in models.yaml{did_you_mean(anchor, index.cards)}")
        return None
    return ratings.Settings(base=float(values["base"]), anchor=None if anchor is None else list(index.cards).index(anchor),
                            rounds=values["rounds"], seed=values["seed"])


def release_days(files, problems, notes) -> dict:
    """{release id: the date it is ordered by} of the release files with a usable name."""
    days = {}
    for release in files.releases:
        c = FileCheck(problems, release.path, None)
        name = release.release
        if not schema.release_id_ok(_Quiet(), name, None):
            c.error(None, f'release file name "{rules.one_line(release.path.name)}" must be a date, a month or a '
                    "version: <YYYY-MM-DD>.csv, <YYYY-MM>.csv or, say, v2.0.csv")
            continue
        day = schema.release_day(name, notes or {})
        if day is None:
            if notes is not None:
                c.error(None, f'release "{name}" is a version, which needs a date to be put in order: add it to '
                        f'board.yaml, releases: {{{name}: {{date: YYYY-MM-DD}}}}')
            continue
        days[name] = day
    return days


class _Quiet:
    """A FileCheck stand-in for a check whose message is given here in other words."""
    def error(self, *args):
        pass


def check_notes(files, problems, notes):
    folder = files.folder / "releases"
    names = {p.stem for p in folder.iterdir()} if folder.is_dir() else set()   # readable or not
    for release in notes:
        if release not in names:
            problems.warn(files.folder / "board.yaml", files.board["releases"].line_of(release),
                          f'note for release "{release}", which has no releases/{release}.csv')


def warn_unused(checks: BoardChecks, problems):
    used = {key for release in checks.releases.values() for key in release.scores}
    used_models, used_dims = {m for m, _ in used}, {d for _, d in used}
    answering = {model_id for _, values in checks.dialogues for _, answers in values["turns"] for model_id, _ in answers}
    models_path, board_path = checks.files.folder / "models.yaml", checks.files.folder / "board.yaml"
    for model_id, card in checks.index.cards.items():
        if model_id not in used_models and model_id not in answering:
            problems.warn(models_path, card.line, f'model "{model_id}" has no score in any release and no answer in any '
                          "dialogue")
    for dim_id, dim in checks.board["dimensions"].items():
        if dim_id not in used_dims:
            problems.warn(board_path, dim.line, f'dimension "{dim_id}" has no score in any release')


# --- records ---------------------------------------------------------------------------------

def optional(value, langs):
    return None if value is None else fill(value, langs)


def board_record(checks: BoardChecks, langs) -> BoardInput:
    board = checks.board
    m = board["metric"]
    metric = Metric(kind=m["kind"], name=fill(m["name"], langs), overall_name=fill(m["overall_name"] or m["name"], langs),
                    unit=optional(m["unit"], langs), range=tuple(m["range"]), decimals=m["decimals"],
                    higher_is_better=m["higher_is_better"], baseline=optional(m["baseline"], langs),
                    judge=optional(m["judge"], langs), overall=m["overall"])
    dims = tuple(Dimension(d["id"], fill(d["name"], langs), optional(d["description"], langs))
                 for d in board["dimensions"].values())
    groups = tuple(Group(g["id"], fill(g["name"], langs), g["ranked"]) for g in board["groups"].values())
    group_by_id = {g.id: g for g in groups}
    measures = tuple(Measure(x["id"], fill(x["name"], langs), optional(x["unit"], langs), x["decimals"],
                             x["higher_is_better"], tuple(x["range"] or (None, None))) for x in board["measures"].values())
    if checks.battled and rules.BATTLES_MEASURE not in board["measures"]:   # how many battles each model fought
        measures += (Measure(rules.BATTLES_MEASURE, fill({"zh": "对战场数", "en": "Battles"}, langs), None, 0, True,
                             (0, None)),)
    cards = list(checks.index.cards.values())
    models = tuple(
        Model(id=x["id"], name=fill(x["name"], langs), group=group_by_id[x["group"] or schema.DEFAULT_GROUP],
              org=optional(x["org"], langs), url=x["url"], description=optional(x["description"], langs),
              aliases=x["aliases"], base_model=x["base_model"],
              facts=facts.card_values(x, board, lambda value: fill(value, langs)), tags=x["tags"] or (),
              sources=x["sources"], colour=i)
        for i, x in enumerate(cards))
    notes = board["releases"] or {}
    releases = tuple(
        ReleaseInput(id=release_id, day=checks.days[release_id],
                     note=optional((notes.get(release_id) or {}).get("note"), langs),
                     scores=found.scores, measures=found.measures,
                     verdicts=checks.judged.get(release_id), battles=checks.battled.get(release_id))
        for release_id, found in sorted(checks.releases.items(), key=lambda item: (checks.days[item[0]], item[0])))
    source = board["source"]
    return BoardInput(
        id=checks.files.id, title=fill(board["title"], langs), summary=optional(board["summary"], langs),
        source={"name": fill(source["name"], langs), "url": source["url"]} if source else None,
        metric=metric, dimensions=dims, groups=groups, measures=measures,
        facts=facts.fact_records(board, cards, fill, langs), tags=facts.tag_records(board, fill, langs),
        default_columns=board["default_columns"], models=models, releases=releases,
        pages=page_records(checks.pages, langs),
        dialogues=dialogue_records(checks.dialogues, {m.id: m for m in models}, {d.id: d for d in dims}, langs),
        dialogues_intro=optional(board["dialogues_intro"], langs))


def dialogue_records(checked, models, dims, langs) -> tuple:
    built = [Dialogue(
        id=f.id, title=optional(v["title"], langs), dimension=dims.get(v["dimension"]),
        section=optional(v["section"], langs), release=v["release"], order=v["order"],
        turns=tuple(Turn(prompt, tuple(Answer(models[model_id], answer) for model_id, answer in answers))
                    for prompt, answers in v["turns"]),
        reference_answer=optional(v["reference_answer"], langs), commentary=optional(v["commentary"], langs))
        for f, v in checked]
    return tuple(sorted(built, key=lambda d: (d.order, d.id)))


def page_records(checked, langs) -> tuple:
    bodies, titles, orders = {}, {}, {}
    for page, values in checked:
        lang = page.lang or langs[0]
        bodies.setdefault(page.slug, {})[lang] = page.body
        title = values["title"]
        if title is not None:
            titles.setdefault(page.slug, {}).update(title if isinstance(title, dict) else {lang: title})
        if page.lang is None:
            orders[page.slug] = values["order"]
    return tuple(sorted((Page(slug, fill(titles[slug], langs), orders[slug], fill(bodies[slug], langs))
                         for slug in orders), key=lambda p: (p.order, p.slug)))
