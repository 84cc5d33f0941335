"""Model stage: the validated input as frozen dataclasses, with computed scores and ranks.

Pure functions only; everything here assumes validate.py found no errors.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from . import rules, stats
from .config import Inputs
from .rules import Score
from .validate import Checked

Text = dict   # language code -> text, filled for every site language (fallback applied)


@dataclass(frozen=True)
class Metric:
    name: Text
    overall_name: Text
    formula: str
    range: tuple
    decimals: int
    higher_is_better: bool
    baseline: Text | None
    judge: Text | None


@dataclass(frozen=True)
class Dimension:
    id: str
    name: Text
    description: Text | None


@dataclass(frozen=True)
class Group:
    id: str
    name: Text
    ranked: bool


@dataclass(frozen=True)
class Model:
    id: str
    name: Text
    group: Group
    org: Text | None
    url: str | None
    description: Text | None
    aliases: tuple
    license: str | None
    params: str | None
    base_model: str | None
    released: str | None
    colour: int          # index into the chart palette, fixed by the order of models.yaml


@dataclass(frozen=True)
class Entry:
    """One model's results in one release."""
    model: Model
    rank: int | None             # among the models of ranked groups; None for the others
    overall: Score
    scores: dict                 # dimension id -> Score or None
    rank_all: int = 0            # among every model of the release
    dimension_ranks: dict = None  # dimension id -> rank among the models scored in it (or None)
    rank_range: tuple = None     # (best, worst) rank its 95% interval allows, when every ranked model has counts

    def has_dimension_scores(self) -> bool:
        return any(s is not None for s in self.scores.values())


@dataclass(frozen=True)
class Change:
    """How one model moved from the previous release to this one (None: not in that release)."""
    model: Model
    before: Entry | None
    after: Entry | None

    @property
    def rank_move(self):
        """Places gained (positive) or lost; None when either side is unranked or absent."""
        if self.before is None or self.after is None or self.before.rank is None or self.after.rank is None:
            return None
        return self.before.rank - self.after.rank

    @property
    def score_change(self):
        if self.before is None or self.after is None:
            return None
        return self.after.overall.value - self.before.overall.value


@dataclass(frozen=True)
class Question:
    """One question of a release's judgments, with every verdict given on it."""
    id: str
    dimension: Dimension
    judgments: tuple             # rules.Judgment, in model order, then turn

    @cached_property
    def tally(self) -> dict:
        return {v: sum(1 for j in self.judgments if j.verdict == v) for v in stats.VERDICTS}

    @cached_property
    def split(self) -> float:
        """How far the verdicts disagree: the chance that two different verdicts on this question,
        picked at random, differ (0 when all agree)."""
        n = len(self.judgments)
        return 0.0 if n < 2 else 1 - sum(k * (k - 1) for k in self.tally.values()) / (n * (n - 1))

    @property
    def everyone_lost(self) -> bool:
        return self.tally["loss"] == len(self.judgments)


@dataclass(frozen=True)
class Release:
    date: str
    note: Text | None
    entries: tuple               # Entry, in display order: group order, then rank/score, then name
    judgments: tuple = ()        # rules.Judgment, in file order (question-level input, optional)
    questions: tuple = ()        # Question, by id (q2 before q10)

    @cached_property
    def counted(self) -> bool:
        """Whether any score of this release comes with win/tie/loss counts."""
        return any(s is not None and s.win is not None for e in self.entries for s in (e.overall, *e.scores.values()))

    @cached_property
    def overall_counted(self) -> bool:
        """Whether some model's overall score comes with counts (given or pooled)."""
        return any(e.overall.win is not None for e in self.entries)

    @cached_property
    def fully_counted(self) -> bool:
        """Whether every score of this release comes with counts (so any tie rule can recompute it)."""
        return all(s is None or s.win is not None for e in self.entries for s in (e.overall, *e.scores.values()))

    @cached_property
    def judged_models(self) -> tuple:
        """The ids of the models with verdicts, in display order."""
        return tuple(e.model.id for e in self.entries if e.model.id in self._verdicts)

    def verdicts(self, model_id: str) -> dict:
        """{(question id, turn): verdict} of one model."""
        return self._verdicts.get(model_id, {})

    @cached_property
    def _verdicts(self) -> dict:
        found = {}
        for j in self.judgments:
            found.setdefault(j.model, {})[(j.question, j.turn)] = j.verdict
        return found

    def entry(self, model_id: str):
        """This model's entry, or None when it was not evaluated in this release."""
        return self._by_model.get(model_id)

    @cached_property
    def _by_model(self) -> dict:
        return {e.model.id: e for e in self.entries}

    @cached_property
    def position(self) -> dict:
        """{model id: place in the display order}."""
        return {e.model.id: i for i, e in enumerate(self.entries)}

    @cached_property
    def ranked_count(self) -> int:
        return sum(1 for e in self.entries if e.rank is not None)

    @cached_property
    def leaders(self) -> tuple:
        """The ids of the best reference (unranked) model and the best ranked one, among the models
        with dimension scores: what a model's radar is drawn against."""
        drawn = [e for e in self.entries if e.has_dimension_scores()]
        picks = [min((e for e in drawn if e.model.group.ranked is ranked), key=lambda e: e.rank_all, default=None)
                 for ranked in (False, True)]
        return tuple(e.model.id for e in picks if e is not None)


@dataclass(frozen=True)
class Page:
    slug: str
    title: Text
    order: float
    body: Text                   # Markdown source per language (rendered by markup.py)


@dataclass(frozen=True)
class Answer:
    model: Model
    text: str                    # Markdown, untrusted (rendered only through markup.py)


@dataclass(frozen=True)
class Turn:
    prompt: str
    answers: tuple               # Answer, in file order


@dataclass(frozen=True)
class Dialogue:
    id: str
    title: Text | None
    dimension: Dimension
    section: Text | None
    release: str | None
    turns: tuple
    reference_answer: Text | None
    commentary: Text | None

    @cached_property
    def models(self) -> tuple:
        """Every model that answers, in first-seen order."""
        return tuple({a.model.id: a.model for t in self.turns for a in t.answers}.values())


@dataclass(frozen=True)
class Board:
    id: str
    title: Text
    summary: Text | None
    source: dict | None          # {"name": Text, "url": str or None}
    metric: Metric
    dimensions: tuple
    groups: tuple
    models: tuple
    releases: tuple              # oldest first
    pages: tuple                 # by order, then slug
    dialogues: tuple             # by order, then id
    dialogues_intro: Text | None

    @property
    def latest(self) -> Release:
        return self.releases[-1]

    def previous(self, release: Release):
        """The release before this one, or None."""
        index = [r.date for r in self.releases].index(release.date)
        return self.releases[index - 1] if index else None

    def changes(self, release: Release) -> tuple:
        """Every model of this release or the previous one, with its entries in both."""
        before = self.previous(release)
        pairs = ((m, before.entry(m.id) if before else None, release.entry(m.id)) for m in self.models)
        return tuple(Change(m, old, new) for m, old, new in pairs if old or new)

    def moves(self, release: Release) -> dict:
        """{model id: Change} for the models of this release."""
        return {c.model.id: c for c in self.changes(release) if c.after is not None}

    @property
    def rates(self) -> bool:
        """Whether scores are win-or-tie rates, so that counts give intervals and ties can be recounted."""
        return self.metric.formula == "win_tie_rate"

    @property
    def judged(self):
        """The latest release with question-level judgments, or None."""
        return next((r for r in reversed(self.releases) if r.judgments), None)

    def history(self, model_id: str) -> tuple:
        """(release, entry or None) for every release, oldest first."""
        return tuple((r, r.entry(model_id)) for r in self.releases)

    def dialogues_with(self, model_id=None, dimension_id=None) -> tuple:
        """The dialogues a model answers in and/or of a dimension (looked up, not searched: the
        board page asks this for every cell of its table)."""
        return self._dialogue_index.get((model_id, dimension_id), ())

    @cached_property
    def _dialogue_index(self) -> dict:
        index = {}
        for d in self.dialogues:
            for key in [(None, d.dimension.id)] + [(m.id, k) for m in d.models for k in (None, d.dimension.id)]:
                index.setdefault(key, []).append(d)
        return {key: tuple(found) for key, found in index.items()}

    def sections(self) -> list:
        """[(section text or None, [(dimension, [dialogues])])], sections and dimensions in first-seen order."""
        grouped = {}
        for dialogue in self.dialogues:
            key = tuple(sorted(dialogue.section.items())) if dialogue.section else None
            dims = grouped.setdefault(key, (dialogue.section, {}))[1]
            dims.setdefault(dialogue.dimension.id, (dialogue.dimension, []))[1].append(dialogue)
        return [(section, list(dims.values())) for section, dims in grouped.values()]


@dataclass(frozen=True)
class Site:
    title: Text
    languages: tuple
    boards: tuple
    base_url: str | None

    def prefix(self, lang: str) -> str:
        """Where a language's pages live: the first language at the root, the others in /<lang>/."""
        return "" if lang == self.languages[0] else f"{lang}/"


def build(inputs: Inputs, checked: Checked, base_url: str | None = None) -> Site:
    """The site; `base_url` (from the command line) overrides site.yaml's."""
    site = inputs.site
    langs = tuple(site["languages"])
    by_id = {b.id: b for b in inputs.boards}
    base_url = base_url or site.get("base_url")
    return Site(
        title=text(site["title"], langs),
        languages=langs,
        boards=tuple(build_board(by_id[board_id], checked, langs) for board_id in site["boards"]),
        base_url=base_url.rstrip("/") + "/" if base_url else None,
    )


def text(value, langs) -> Text | None:
    """Fill every language: a plain string serves all; a missing language falls back to the default."""
    if value is None:
        return None
    if not isinstance(value, dict):
        return {lang: str(value) for lang in langs}
    fallback = value.get(langs[0], next(iter(value.values())))
    return {lang: value.get(lang, fallback) for lang in langs}


def build_board(files, checked, langs) -> Board:
    scores = checked.scores[files.id]
    raw = files.board
    m = raw["metric"]
    formula, decimals, span = rules.metric_settings(m)
    metric = Metric(
        name=text(m["name"], langs),
        overall_name=text(m.get("overall_name", m["name"]), langs),
        formula=formula,
        range=span,
        decimals=decimals,
        higher_is_better=m.get("higher_is_better", True),
        baseline=text(m.get("baseline"), langs),
        judge=text(m.get("judge"), langs),
    )
    dims = tuple(Dimension(d["id"], text(d["name"], langs), text(d.get("description"), langs))
                 for d in raw["dimensions"])
    groups = tuple(Group(g["id"], text(g["name"], langs), g["ranked"]) for g in raw["groups"])
    group_by_id = {g.id: g for g in groups}
    models = tuple(
        Model(id=x["id"], name=text(x["name"], langs), group=group_by_id[x["group"]],
              org=text(x.get("org"), langs), url=x.get("url"), description=text(x.get("description"), langs),
              aliases=tuple(x.get("aliases") or ()), license=opt(x.get("license")),
              params=opt(x.get("params")), base_model=opt(x.get("base_model")),
              released=x.get("released"), colour=i)
        for i, x in enumerate(files.models))
    notes = raw.get("releases") or {}
    judgments = checked.judgments.get(files.id, {})
    releases = tuple(
        build_release(day, scores[day], models, dims, groups, metric, text(notes.get(day), langs),
                      judgments.get(day, ()))
        for day in sorted(scores))
    source = raw.get("source")
    return Board(
        id=files.id, title=text(raw["title"], langs), summary=text(raw.get("summary"), langs),
        source={"name": text(source["name"], langs), "url": source.get("url")} if source else None,
        metric=metric, dimensions=dims, groups=groups, models=models, releases=releases,
        pages=build_pages(files.pages, langs),
        dialogues=build_dialogues(files.dialogues, checked.models[files.id], models, dims, langs),
        dialogues_intro=text(raw.get("dialogues_intro"), langs),
    )


def build_dialogues(files, index, models, dims, langs) -> tuple:
    model_by_id = {m.id: m for m in models}
    dim_by_id = {d.id: d for d in dims}
    built = []
    for f in files:
        data = f.data
        turns = tuple(
            Turn(turn["prompt"], tuple(Answer(model_by_id[index[rules.name_key(name)]], answer)
                                       for name, answer in turn["responses"].items()))
            for turn in data["turns"])
        built.append((data.get("order", 0), f.id, Dialogue(
            id=f.id, title=text(data.get("title"), langs), dimension=dim_by_id[data["dimension"]],
            section=text(data.get("section"), langs), release=data.get("release"), turns=turns,
            reference_answer=text(data.get("reference_answer"), langs), commentary=text(data.get("commentary"), langs))))
    return tuple(d for _, _, d in sorted(built, key=lambda item: item[:2]))


def opt(value):
    return None if value is None else str(value)


def build_release(day, scores, models, dims, groups, metric, note, judgments=()) -> Release:
    """Entries of one release from its checked rows {(model id, dimension): Score}, and its judgments."""
    rows = {}
    for (model_id, dimension), score in scores.items():
        rows.setdefault(model_id, {})[dimension] = score
    entries = []
    for model in (m for m in models if m.id in rows):
        by_dim = rows[model.id]
        overall = by_dim.get(rules.OVERALL) or pooled(by_dim.values(), metric)
        entries.append((model, overall, {d.id: by_dim.get(d.id) for d in dims}))
    rank_of = ranks_of([(e[0].id, e[1]) for e in entries if e[0].group.ranked], metric)
    group_order = {g.id: i for i, g in enumerate(groups)}
    sign = -1 if metric.higher_is_better else 1
    entries.sort(key=lambda e: (group_order[e[0].group.id], sign * e[1].value, e[0].id))
    rank_all = ranks_of([(e[0].id, e[1]) for e in entries], metric)
    dimension_ranks = {d.id: ranks_of([(e[0].id, e[2][d.id]) for e in entries], metric) for d in dims}
    intervals = {e[0].id: stats.interval(e[1]) for e in entries if e[0].group.ranked}
    ranges = stats.rank_ranges(intervals, metric.higher_is_better) \
        if metric.formula == "win_tie_rate" and None not in intervals.values() else {}
    return Release(day, note, tuple(
        Entry(model, rank_of.get(model.id), overall, scores, rank_all[model.id],
              {d: dimension_ranks[d].get(model.id) for d in dimension_ranks}, ranges.get(model.id))
        for model, overall, scores in entries), tuple(judgments), build_questions(judgments, models, dims))


def build_questions(judgments, models, dims) -> tuple:
    order = {m.id: i for i, m in enumerate(models)}
    dim_by_id = {d.id: d for d in dims}
    by_question = {}
    for j in judgments:
        by_question.setdefault(j.question, []).append(j)
    return tuple(Question(q, dim_by_id[found[0].dimension], tuple(sorted(found, key=lambda j: (order[j.model], j.turn))))
                 for q, found in sorted(by_question.items(), key=lambda item: natural(item[0])))


def natural(text: str) -> list:
    """A sort key that puts q2 before q10."""
    return [int(part) if i % 2 else part for i, part in enumerate(re.split(r"(\d+)", text))]


def ranks_of(pairs, metric) -> dict:
    """{model id: competition rank} among the (model id, Score or None) pairs that have a score."""
    scored = [(model_id, score.value) for model_id, score in pairs if score is not None]
    ranks = rules.competition_ranks([v for _, v in scored], metric.decimals, metric.higher_is_better)
    return {model_id: rank for (model_id, _), rank in zip(scored, ranks)}


def pooled(scores, metric) -> Score:
    """The overall from the summed counts of every dimension."""
    win, tie, loss = (sum(getattr(s, k) for s in scores) for k in ("win", "tie", "loss"))
    return Score(rules.formula_score(metric.formula, win, tie, loss), win, tie, loss)


def build_pages(files, langs) -> tuple:
    bodies = defaultdict(dict)
    titles = defaultdict(dict)
    orders = {}
    for page in files:
        lang = page.lang or langs[0]
        bodies[page.slug][lang] = page.body
        meta = page.meta or {}
        if "title" in meta:
            title = meta["title"]
            titles[page.slug].update(title if isinstance(title, dict) else {lang: title})
        if page.lang is None:
            orders[page.slug] = meta.get("order", 0)
    return tuple(sorted(
        (Page(slug, text(titles[slug], langs), orders[slug], text(bodies[slug], langs)) for slug in orders),
        key=lambda p: (p.order, p.slug)))
