"""Typed records of the validated input: what validation hands to the model stage.

Every record is frozen; texts readers see are filled for every site language (fallback applied).
The model stage builds the site from these alone, never from the files as read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .metrics import Kind

Text = dict   # language code -> text, one entry per site language


class Counts(NamedTuple):
    """Successes, ties and failures behind a score (an accuracy has no ties)."""
    win: int
    tie: int
    loss: int


class ScoreKey(NamedTuple):
    """What a score is of: a model, in a dimension (or "overall")."""
    model: str
    dimension: str


@dataclass(frozen=True)
class Score:
    """A score as given, or computed from its counts. Counts are successes (`win`), ties and failures
    (`loss`): an accuracy's correct and wrong answers are its wins and losses, with no ties."""
    value: float
    win: int | None = None
    tie: int | None = None
    loss: int | None = None
    interval: tuple | None = None     # (low, high) as published in the CSV (ci_low, ci_high)

    @property
    def counted(self) -> bool:
        return self.win is not None


@dataclass(frozen=True)
class Judgment:
    """One verdict of the judge on one model's answer to one question (one turn), against the baseline."""
    model: str          # model id
    question: str       # question id
    dimension: str
    turn: int
    verdict: str        # win, tie or loss
    reason: str | None


@dataclass(frozen=True)
class Metric:
    """The ranking score: its kind (what the numbers are), words, scale and direction."""
    kind: Kind
    name: Text
    overall_name: Text
    unit: Text | None
    range: tuple             # (low, high); None for an open end
    decimals: int
    higher_is_better: bool
    baseline: Text | None
    judge: Text | None
    overall: str             # "given" (an overall row per model) or "mean" (of its dimension scores)

    @property
    def formula(self) -> str:
        return self.kind.formula


@dataclass(frozen=True)
class Measure:
    """A number a board shows besides its ranking score (a raw win rate, a standard error, votes…)."""
    id: str
    name: Text
    unit: Text | None
    decimals: int
    higher_is_better: bool
    range: tuple             # (low, high); None for an open end


@dataclass(frozen=True)
class Fact:
    """A fact that model cards give (facts.py): an optional column, a filter and a chart axis."""
    id: str                  # params, released, price_input… or a board field's id
    name: Text
    type: str                # size, date, text, yes_no, money (per million tokens) or number
    unit: Text | None
    decimals: int
    higher_is_better: bool | None   # which end of its axis is better (None: neither)
    log: bool                # drawn on a log axis


@dataclass(frozen=True)
class Tag:
    id: str
    name: Text
    hidden: bool             # models with it are hidden until the reader shows them (deprecated…)


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
    base_model: str | None
    facts: dict          # {Fact id: value}: a size or price as a number, a date as YYYY-MM-DD, a licence as Text…
    tags: tuple          # Tag ids, as the card lists them
    sources: tuple       # URLs the card's facts come from
    colour: int          # index into the chart palette, fixed by the order of models.yaml


@dataclass(frozen=True)
class ReleaseInput:
    """One release's checked numbers."""
    id: str                      # the URL segment: 2023-08-02, 2024-05 or v2.0
    day: str                     # the date it is ordered by
    note: Text | None
    scores: dict                 # {(model id, dimension id or "overall"): Score}
    measures: dict               # {(model id, measure id): float}
    verdicts: object = None      # verdict_table.Verdicts of its judgments (question-level input, optional)
    battles: object = None       # battles.Battles it was rated from (pairwise input, optional)


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
    order: float
    turns: tuple
    reference_answer: Text | None
    commentary: Text | None

    @property
    def models(self) -> tuple:
        """Every model that answers, in first-seen order."""
        return tuple({a.model.id: a.model for t in self.turns for a in t.answers}.values())


@dataclass(frozen=True)
class Page:
    slug: str
    title: Text
    order: float
    body: Text                   # Markdown source per language (rendered by markup.py)


@dataclass(frozen=True)
class BoardInput:
    id: str
    title: Text
    summary: Text | None
    source: dict | None          # {"name": Text, "url": str or None}
    metric: Metric
    dimensions: tuple            # Dimension
    groups: tuple                # Group
    measures: tuple              # Measure
    facts: tuple                 # Fact, the columns of model facts it offers
    tags: tuple                  # Tag
    default_columns: tuple | None   # the optional columns the ranking shows at first (None: the default)
    models: tuple                # Model, in models.yaml order
    releases: tuple              # ReleaseInput, oldest first
    pages: tuple                 # Page, by order, then slug
    dialogues: tuple             # Dialogue, by order, then id
    dialogues_intro: Text | None


@dataclass(frozen=True)
class Checked:
    """The whole validated input."""
    title: Text
    languages: tuple
    base_url: str | None
    boards: tuple = field(default=())   # BoardInput, in site.yaml order
