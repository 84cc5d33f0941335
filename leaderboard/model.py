"""Model stage: the validated records as the site: each release's entries with their ranks, intervals
and moves, questions, and what the pages look up.

Pure functions of records.Checked (validation found no error).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property

from . import metrics, rules, stats
from .records import BoardInput, Checked, Model, Score, Text

@dataclass(frozen=True)
class Entry:
    """One model's results in one release."""
    model: Model
    rank: int | None             # among the models of ranked groups; None for the others
    overall: Score
    scores: dict                 # dimension id -> Score or None
    rank_all: int = 0            # among every model of the release
    dimension_ranks: dict = None  # dimension id -> rank among the models scored in it (or None)
    rank_range: tuple = None     # (best, worst) rank its 95% interval allows, when every ranked model has one
    measures: dict = None        # measure id -> value or None

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
class Release:
    id: str                      # the URL segment: 2023-08-02, 2024-05 or v2.0
    day: str                     # the date it is ordered by
    note: Text | None
    entries: tuple               # Entry, in reading order: ranked models by rank, then unranked bands
    verdicts: object = None      # verdict_table.Verdicts of its judgments (question-level input, optional)
    questions: tuple = ()        # verdict_table.Question, by id (q2 before q10)
    published: tuple = ()        # the entries in the board's group order, as the evaluators list them
    battles: object = None       # battles.Battles it was rated from (pairwise input, optional)

    @cached_property
    def pairwise(self):
        """({model id: place}, wins, games) of the models that fought (ratings.tables); None without battles."""
        if not self.battles:
            return None
        from . import ratings
        fought, wins, games = ratings.tables(self.battles.a, self.battles.b, self.battles.outcome)
        return {self.battles.models[m]: i for i, m in enumerate(fought)}, wins, games

    @cached_property
    def bands(self) -> tuple:
        """(group, entries) in reading order: the ranked models together (group None), then each
        unranked group."""
        found = {}
        for e in self.entries:
            group = None if e.model.group.ranked else e.model.group
            found.setdefault(group and group.id, (group, []))[1].append(e)
        return tuple((group, tuple(entries)) for group, entries in found.values())

    @cached_property
    def has_intervals(self) -> bool:
        """Whether some score of this release has an interval as published (not from counts)."""
        return any(s is not None and s.interval for e in self.entries for s in (e.overall, *e.scores.values()))

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
        judged = self.verdicts.judged if self.verdicts else ()
        return tuple(e.model.id for e in self.entries if e.model.id in judged)

    @cached_property
    def dimension_extremes(self) -> list:
        """[lowest, highest] of every dimension score ([] without any): what an axis over all of
        them must hold, worked out once for the thousand model pages whose radar uses it."""
        values = [s.value for e in self.entries for s in e.scores.values() if s is not None]
        return [min(values), max(values)] if values else []

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
    def published_position(self) -> dict:
        """{model id: place in the published order}."""
        return {e.model.id: i for i, e in enumerate(self.published)}

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
class Board(BoardInput):
    """A board as its input gives it, with its releases (Release, oldest first) made into rankings."""

    @property
    def latest(self) -> Release:
        return self.releases[-1]

    def previous(self, release: Release):
        """The release before this one, or None."""
        index = [r.id for r in self.releases].index(release.id)
        return self.releases[index - 1] if index else None

    def changes(self, release: Release) -> tuple:
        """Every model of this release or the previous one, with its entries in both: in this release's
        reading order (ranked models by rank, then each band), the models it dropped last."""
        before = self.previous(release)
        pairs = ((m, before.entry(m.id) if before else None, release.entry(m.id)) for m in self.models)
        found = [Change(m, old, new) for m, old, new in pairs if old or new]
        last = len(release.entries)
        return tuple(sorted(found, key=lambda c: release.position.get(c.model.id, last)))

    def moves(self, release: Release) -> dict:
        """{model id: Change} for the models of this release."""
        return {c.model.id: c for c in self.changes(release) if c.after is not None}

    @cached_property
    def model_ids(self) -> frozenset:
        return frozenset(m.id for m in self.models)

    @property
    def rates(self) -> bool:
        """Whether scores are rates computed from counts, so that counts give intervals (Wilson)."""
        return bool(self.metric.kind.counts)

    @property
    def ties(self) -> bool:
        """Whether counts include ties, which a reader may count another way."""
        return self.metric.kind.ties

    def interval(self, score, rule: str = stats.PUBLISHED_RULE):
        return interval_of(score, self.metric, rule)

    @property
    def judged(self):
        """The latest release with question-level judgments, or None."""
        return next((r for r in reversed(self.releases) if r.verdicts), None)

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
            dim = d.dimension.id if d.dimension else None
            for key in [(None, dim)] + [(m.id, k) for m in d.models for k in (None, dim)]:
                index.setdefault(key, []).append(d)
        return {key: tuple(found) for key, found in index.items()}

    def sections(self) -> list:
        """[(section text or None, [(dimension, [dialogues])])], sections and dimensions in first-seen order."""
        grouped = {}
        for dialogue in self.dialogues:
            key = tuple(sorted(dialogue.section.items())) if dialogue.section else None
            dims = grouped.setdefault(key, (dialogue.section, {}))[1]
            dim = dialogue.dimension.id if dialogue.dimension else None
            dims.setdefault(dim, (dialogue.dimension, []))[1].append(dialogue)
        return [(section, list(dims.values())) for section, dims in grouped.values()]


@dataclass(frozen=True)
class Site:
    title: Text
    languages: tuple
    boards: tuple
    base_url: str | None

    def elsewhere(self, board, model_id: str) -> tuple:
        """(board, its latest entry or None) for every other board with a card of this id (models are
        linked across boards by id), in navigation order."""
        return tuple((b, b.latest.entry(model_id)) for b in self.boards if b.id != board.id and model_id in b.model_ids)

    def prefix(self, lang: str) -> str:
        """Where a language's pages live: the first language at the root, the others in /<lang>/."""
        return "" if lang == self.languages[0] else f"{lang}/"


def build(checked: Checked, base_url: str | None = None) -> Site:
    """The site; `base_url` (from the command line) overrides site.yaml's."""
    base_url = base_url or checked.base_url
    return Site(title=checked.title, languages=checked.languages,
                boards=tuple(build_board(b) for b in checked.boards),
                base_url=base_url.rstrip("/") + "/" if base_url else None)


def build_board(board: BoardInput) -> Board:
    given = {f.name: getattr(board, f.name) for f in fields(board)}
    return Board(**{**given, "releases": tuple(build_release(r, board) for r in board.releases)})


def build_release(release, board: BoardInput) -> Release:
    """Entries of one release from its checked scores {(model id, dimension): Score}, and its judgments.
    The entries come in reading order: every ranked model by score (whatever its group), then each
    unranked group as a band of its own, in board order; `published` keeps the board's group order."""
    metric, dims = board.metric, board.dimensions
    rows = {}
    for (model_id, dimension), score in release.scores.items():
        rows.setdefault(model_id, {})[dimension] = score
    found = [(model, rows[model.id][rules.OVERALL], {d.id: rows[model.id].get(d.id) for d in dims})
             for model in board.models if model.id in rows]
    rank_of = ranks_of([(m.id, overall) for m, overall, _ in found if m.group.ranked], metric)
    rank_all = ranks_of([(m.id, overall) for m, overall, _ in found], metric)
    dimension_ranks = {d.id: ranks_of([(m.id, scores[d.id]) for m, _, scores in found], metric) for d in dims}
    intervals = {m.id: interval_of(overall, metric) for m, overall, _ in found if m.group.ranked}
    ranges = stats.rank_ranges(intervals, metric.higher_is_better) if None not in intervals.values() else {}
    entries = [Entry(model, rank_of.get(model.id), overall, scores, rank_all[model.id],
                     {d: dimension_ranks[d].get(model.id) for d in dimension_ranks}, ranges.get(model.id),
                     {m.id: release.measures.get((model.id, m.id)) for m in board.measures})
               for model, overall, scores in found]
    group_order = {g.id: i for i, g in enumerate(board.groups)}

    def published(e):
        return group_order[e.model.group.id], metrics.best_first(e.overall.value, metric.higher_is_better), e.model.id

    def reading(e):
        return (not e.model.group.ranked, 0 if e.model.group.ranked else group_order[e.model.group.id]) + published(e)[1:]

    verdicts = release.verdicts
    questions = verdicts.question_records({d.id: d for d in dims}) if verdicts else ()
    return Release(release.id, release.day, release.note, tuple(sorted(entries, key=reading)), verdicts, questions,
                   tuple(sorted(entries, key=published)), release.battles)


def interval_of(score: Score | None, metric, rule: str = stats.PUBLISHED_RULE):
    """A score's 95% interval: as published, or from its counts on a board of rates (Wilson); else None."""
    if score is None:
        return None
    if score.interval is not None:
        return score.interval
    return stats.interval(score, rule) if metric.kind.counts else None


def ranks_of(pairs, metric) -> dict:
    """{model id: competition rank} among the (model id, Score or None) pairs that have a score."""
    scored = [(model_id, score.value) for model_id, score in pairs if score is not None]
    ranks = rules.competition_ranks([v for _, v in scored], metric.decimals, metric.higher_is_better)
    return {model_id: rank for (model_id, _), rank in zip(scored, ranks)}
