"""The validated boards as tidy pandas DataFrames, for analysts: the numbers the site and its
downloads show, one row per observation.

    import leaderboard
    boards = leaderboard.frames("scores")       # {board id: BoardFrames}, in site.yaml order

Text columns (ids, names, verdicts, reasons) have pandas' default string dtype "str" (a missing
value is NaN), as pandas.read_csv gives them. This is the only module that imports pandas;
leaderboard/__init__.py loads it on first use of `leaderboard.frames`.
"""
from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from . import config, downloads, model, rules, validate
from .problems import BuildFailed, Problems
from .battles import SPELLED
from .stats import VERDICTS

TEXT = "str"
SCORES = {"board": TEXT, "release": TEXT, "model": TEXT, "model_name": TEXT, "group": TEXT, "ranked": "bool",
          "dimension": TEXT, "score": "float64", "ci_low": "float64", "ci_high": "float64",
          "win": "Int64", "tie": "Int64", "loss": "Int64", "rank": "Int64"}
MEASURES = {"release": TEXT, "model": TEXT, "measure": TEXT, "value": "float64"}
JUDGMENTS = {"release": TEXT, "model": TEXT, "question_id": TEXT, "dimension": TEXT, "turn": "int64",
             "verdict": TEXT, "judge_reason": TEXT}
MODELS = {"model": TEXT, "name": TEXT, "org": TEXT, "group": TEXT, "tags": TEXT}
FACT_DTYPES = {"size": "float64", "money": "float64", "number": "float64", "yes_no": "boolean", "date": TEXT,
               "text": TEXT}
BATTLES = {"release": TEXT, "model_a": TEXT, "model_b": TEXT, "winner": TEXT, "question_id": TEXT, "dimension": TEXT}


@dataclass(frozen=True, eq=False)   # eq=False: DataFrames do not compare to a single bool
class BoardFrames:
    """One board's data. Rows follow the releases oldest first, and within a release the order of its
    downloads (the board's groups in order, best first)."""
    scores: pd.DataFrame     # release × model × dimension ("overall" first): SCORES' columns
    measures: pd.DataFrame   # release × model × measure: MEASURES' columns
    judgments: pd.DataFrame  # one row per verdict, in each judgments file's order: JUDGMENTS' columns
    battles: pd.DataFrame    # one row per battle: BATTLES' columns
    models: pd.DataFrame     # one row per model card, in models.yaml order: MODELS' columns, then a
                             # column per fact (sizes and prices as float64, yes/no as boolean, dates as text)


def frames(scores_dir: str | PathLike, *, strict: bool = False) -> dict[str, BoardFrames]:
    """{board id: BoardFrames} of the scores folder, in site.yaml order. Raises BuildFailed, with
    the located messages a build prints, when the input has errors (or warnings, when strict).
    Reads only: writes nothing."""
    problems = Problems()
    checked = validate.validate(config.load(Path(scores_dir), problems), problems)
    if checked is None or problems.failed(strict):
        raise failure(problems)
    site = model.build(checked)
    return {board.id: board_frames(board, site.languages[0]) for board in site.boards}


def failure(problems: Problems) -> BuildFailed:
    """BuildFailed whose message is the summary, then each problem as cli.report prints it: file by
    file in line order, and how many more a file has past the limit."""
    located = sorted(problems.items, key=lambda p: (p.path, p.line or 0, p.column or 0))
    untold = [f"{path}: and {e} more error{'s' * (e != 1)} and {w} more warning{'s' * (w != 1)} in this file, "
              "not shown" for path, (e, w) in sorted(problems.untold.items())]
    failed = BuildFailed(problems)
    failed.args = ("\n".join([problems.summary(), *map(str, located), *untold]),)
    return failed


def board_frames(board: model.Board, lang: str) -> BoardFrames:
    return BoardFrames(
        scores=typed([row for r in board.releases for row in score_rows(board, r, lang)], SCORES),
        measures=typed([row for r in board.releases for row in measure_rows(board, r)], MEASURES),
        judgments=pd.concat([judgments(r) for r in board.releases if r.verdicts] or [typed([], JUDGMENTS)],
                            ignore_index=True),
        battles=pd.concat([battles(r) for r in board.releases if r.battles] or [typed([], BATTLES)],
                          ignore_index=True),
        models=model_cards(board, lang))


def model_cards(board: model.Board, lang: str) -> pd.DataFrame:
    """The model cards with their facts (as the release JSON gives them) and tags (space-separated)."""
    columns = {**MODELS, **{f.id: FACT_DTYPES[f.type] for f in board.facts}}
    return typed([(m.id, m.name[lang], m.org[lang] if m.org else None, m.group.id, " ".join(m.tags) or None,
                   *(downloads.fact_json(f, m.facts.get(f.id), lang) for f in board.facts)) for m in board.models],
                 columns)


def typed(rows: list, columns: dict) -> pd.DataFrame:
    """The rows as a frame with these columns and dtypes (None becomes NaN or <NA>)."""
    return pd.DataFrame.from_records(rows, columns=list(columns)).astype(columns)


def score_rows(board: model.Board, release: model.Release, lang: str) -> Iterator[tuple]:
    """A row per score given; a dimension a model has no score in has no row."""
    for e in release.published:
        for dimension, score in ((rules.OVERALL, e.overall), *e.scores.items()):
            if score is None:
                continue
            # The interval and its rounding are the JSON download's: published, or Wilson's from counts.
            low, high = downloads.interval_record(board, score) or (None, None)
            # The rank the site shows: overall among ranked groups only (None for references), in a
            # dimension among every model scored in it (its dimension page).
            rank = e.rank if dimension == rules.OVERALL else e.dimension_ranks[dimension]
            yield (board.id, release.id, e.model.id, e.model.name[lang], e.model.group.id, e.model.group.ranked,
                   dimension, score.value, low, high, score.win, score.tie, score.loss, rank)


def measure_rows(board: model.Board, release: model.Release) -> Iterator[tuple]:
    """A row per measure given; a missing value has no row."""
    for e in release.published:
        for measure in board.measures:
            if e.measures[measure.id] is not None:
                yield release.id, e.model.id, measure.id, e.measures[measure.id]


def judgments(release: model.Release) -> pd.DataFrame:
    """The release's verdicts as its judgments download has them (model names resolved to ids), in
    the file's order; Verdicts keeps them by question and knows each one's line."""
    v = release.verdicts
    order = np.argsort(v.line, kind="stable")
    question = v.question[order]
    return pd.DataFrame({
        "release": release.id,
        "model": np.array(v.models, dtype=object)[v.model[order]],
        "question_id": np.array(v.questions, dtype=object)[question],
        "dimension": np.array(v.dimension_of, dtype=object)[question],
        "turn": v.turn[order],
        "verdict": np.array(VERDICTS, dtype=object)[v.verdict[order]],
        "judge_reason": v.reason.to_numpy(zero_copy_only=False)[order],
    }).astype(JUDGMENTS)


def battles(release: model.Release) -> pd.DataFrame:
    """The release's battles as its battles download has them (ids, winners a, b, tie or both bad), in
    the file's order."""
    b = release.battles
    order = np.argsort(b.line, kind="stable")
    dimension = b.dimension[order]
    return pd.DataFrame({
        "release": release.id,
        "model_a": np.array(b.models, dtype=object)[b.a[order]],
        "model_b": np.array(b.models, dtype=object)[b.b[order]],
        "winner": np.array(SPELLED, dtype=object)[b.outcome[order]],
        "question_id": b.question.to_numpy(zero_copy_only=False)[order],
        "dimension": np.where(dimension >= 0, np.array(b.dimensions + (None,), dtype=object)[dimension], None),
    }).astype(BATTLES)


class CallableModule(types.ModuleType):
    """Importing this module binds it as the package's `frames` attribute, the name of the function
    too: made callable, `leaderboard.frames(...)` works whether the package's __getattr__ or an
    `import leaderboard.frames` loaded it, and `leaderboard.frames.BoardFrames` is reachable."""

    def __call__(self, scores_dir: str | PathLike, *, strict: bool = False) -> dict[str, BoardFrames]:
        return frames(scores_dir, strict=strict)


sys.modules[__name__].__class__ = CallableModule
