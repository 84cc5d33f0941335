"""Validate stage for pairwise battles (battles/<release>.jsonl): each line one battle between two
models and its winner, checked (the whole file through the fast reader when it is well-formed,
else line by line with each fault at its line), then turned into ratings (ratings.py) that become
the release's scores: an overall rating per model, and one per dimension where battles name one.

A line: {"model_a": id or alias, "model_b": …, "winner": "a" | "b" | "tie" | "both bad"}, with
Chatbot Arena's spellings ("model_a", "model_b", "tie (bothbad)") read too, and optionally a
"question_id" and a "dimension". Other keys (Arena's judge, turn, language…) are ignored, with one
warning per key for the whole file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from . import fastjson, ratings, rules
from .checks import describe
from .problems import did_you_mean
from .records import Score, ScoreKey
from .verdicts import json_text

KEYS = ("model_a", "model_b", "winner", "question_id", "dimension")
# Each spelling of a winner, and its outcome code (ratings.OUTCOMES).
WINNERS = {"a": 0, "model_a": 0, "b": 1, "model_b": 1, "tie": 2, "both bad": 3, "tie (bothbad)": 3}
SPELLED = ("a", "b", "tie", "both bad")   # how the downloads write each outcome


@dataclass(frozen=True)
class Battles:
    """A release's valid battles as columns: model codes a and b (into `models`), outcome, dimension
    code (into `dimensions`, -1 where none is named), question (pyarrow strings, null where none is
    named) and line."""
    models: tuple
    dimensions: tuple
    a: np.ndarray
    b: np.ndarray
    outcome: np.ndarray
    dimension: np.ndarray
    question: object             # pyarrow.StringArray
    line: np.ndarray
    unknown: tuple = ()          # keys of the file that are not ours (found by the fast reader)

    def __len__(self) -> int:
        return len(self.a)

    def rated(self, settings: ratings.Settings) -> dict:
        """{dimension id or "overall": ratings.Ratings}: all battles, and those of each dimension."""
        found = {rules.OVERALL: ratings.rate(self.a, self.b, self.outcome, len(self.models), settings)}
        for code, dimension in enumerate(self.dimensions):
            chosen = self.dimension == code
            if chosen.any():
                found[dimension] = ratings.rate(self.a[chosen], self.b[chosen], self.outcome[chosen],
                                                len(self.models), settings)
        return found

    def jsonl(self):
        """The battles as JSON lines in the file's order, models as ids, winners spelt one way, column
        by column (ids, winners and dimensions are slugs; questions go through json_strings); in
        pieces (fastjson.in_slices)."""
        return fastjson.in_slices(self.line, self._json_lines)

    def _json_lines(self, rows: np.ndarray) -> bytes:
        import pyarrow as pa
        import pyarrow.compute as pc
        rows = pa.array(rows)

        def pick(names, codes):
            values = pa.array(codes).take(rows)
            values = pc.if_else(pc.less(values, 0), pa.scalar(None, values.type), values)   # -1: none named
            return pa.array(names, pa.string()).take(values)

        lines = pc.binary_join_element_wise(
            '{"model_a": "', pick(self.models, self.a), '", "model_b": "', pick(self.models, self.b),
            '", "winner": "', pick(SPELLED, self.outcome), '", "question_id": ',
            fastjson.json_strings(self.question.take(rows)), ', "dimension": ',
            pc.fill_null(pc.binary_join_element_wise('"', pick(self.dimensions, self.dimension), '"', ""), "null"),
            "}\n", "")
        return fastjson.joined(lines)


def check_battles(file, problems, index, dimensions, release_ids, kind) -> Battles | None:
    """The valid battles of one file (None when none can be used); problems for the rest."""
    path = file.path
    if file.release not in release_ids:
        problems.error(path, None, f'battles for release "{rules.one_line(file.release)}", which has no '
                       f"releases/{rules.one_line(file.release)}.csv: name the file after a release")
        return None
    if kind is not None and kind.id != "rating":
        problems.error(path, None, f'battles give ratings, but board.yaml\'s metric is of kind "{kind.id}": '
                       'set "kind: rating" to rank models by their battles')
        return None
    if index is None or dimensions is None:
        return None   # models.yaml or board.yaml's dimensions are broken (reported there)
    model_ids = tuple(index.cards)
    found = read_fast(path, index, dimensions, model_ids)
    if found is None:
        return check_lines(file, problems, index, dimensions, model_ids)
    warn_unknown(problems, path, {key: (int(found.line[0]), len(found)) for key in found.unknown})
    return found


def warn_unknown(problems, path, unknown: dict) -> None:
    """One warning per key that is not ours: {key: (first line, lines with it)}."""
    for key, (first, times) in unknown.items():
        problems.warn(path, first, f'unknown key "{rules.one_line(str(key))}" (on {times} line{"s" * (times > 1)}) is '
                      f"ignored{did_you_mean(key, KEYS)}")


def read_fast(path, index, dimensions, model_ids) -> Battles | None:
    read = fastjson.read_frame(path)
    if read is None:
        return None
    frame, lines = read
    import pandas as pd
    import pyarrow as pa
    columns = set(frame.columns)
    unknown = tuple(k for k in frame.columns if k not in KEYS)
    if any(pa.types.is_nested(frame[k].dtype.pyarrow_dtype) for k in unknown):
        return None   # an object or list: it could be one line's object spread over two
    if not {"model_a", "model_b", "winner"} <= columns or \
            any(frame[k].dtype.pyarrow_dtype != pa.string() for k in ("model_a", "model_b", "winner")) or \
            frame[["model_a", "model_b", "winner", *unknown]].isna().any().any():
        return None   # a key missing (or, if not ours, left out of some lines), a number where a name belongs…
    code = {m: i for i, m in enumerate(model_ids)}
    sides = []
    for column in ("model_a", "model_b"):
        values, names = pd.factorize(frame[column])
        resolved = [index.resolve(name)[0] for name in names]
        if None in resolved:
            return None
        sides.append(np.array([code[m] for m in resolved], dtype=np.int32)[values])
    winner, spellings = pd.factorize(frame["winner"])
    if not set(spellings) <= set(WINNERS) or np.any(sides[0] == sides[1]):
        return None
    dimension = np.full(len(frame), -1, dtype=np.int16)
    if "dimension" in columns:
        if frame["dimension"].dtype.pyarrow_dtype not in (pa.string(), pa.null()):
            return None
        values, names = pd.factorize(frame["dimension"], use_na_sentinel=True)
        if not set(names) <= set(dimensions):
            return None
        dimension = np.array([list(dimensions).index(d) for d in names] + [-1], dtype=np.int16)[values]
    question = pa.nulls(len(frame), pa.string())
    if "question_id" in columns:
        if frame["question_id"].dtype.pyarrow_dtype not in (pa.string(), pa.int64(), pa.null()):
            return None
        question = pa.array(frame["question_id"].array).cast(pa.string())
    outcome = np.array([WINNERS[w] for w in spellings], dtype=np.int8)[winner]
    return Battles(model_ids, tuple(dimensions), sides[0], sides[1], outcome, dimension, question, lines, unknown)


def check_lines(file, problems, index, dimensions, model_ids) -> Battles | None:
    """The exact checker: every line on its own, each fault reported at its line."""
    path = file.path
    errors = problems.counts()[0]
    lines, _ = file.exact_lines(problems)
    code, dims = {m: i for i, m in enumerate(model_ids)}, list(dimensions)
    found, unknown = [], {}
    for line, value in lines:
        if isinstance(value, dict):
            for key in value:
                if key not in KEYS:
                    unknown.setdefault(key, [line, 0])[1] += 1
        battle = check_battle(value, line, path, problems, index, dims)
        if battle is not None:
            a, b, outcome, dimension, question = battle
            found.append((code[a], code[b], outcome, dims.index(dimension) if dimension else -1, question, line))
    warn_unknown(problems, path, unknown)
    if not found or problems.counts()[0] > errors:
        return None   # with a line rejected, the others' ratings would only bring follow-on errors
    import pyarrow as pa
    a, b, outcome, dimension, question, line = zip(*found)
    return Battles(model_ids, tuple(dims), np.array(a, dtype=np.int32), np.array(b, dtype=np.int32),
                   np.array(outcome, dtype=np.int8), np.array(dimension, dtype=np.int16),
                   pa.array(question, pa.string()), np.array(line, dtype=np.int64))


def check_battle(value, line, path, problems, index, dimensions):
    """(model a id, model b id, outcome, dimension or None, question or None), or None (reported)."""
    def error(message):
        problems.error(path, line, message)

    if not isinstance(value, dict):
        error(f"expected a JSON object such as {{\"model_a\": \"m1\", \"model_b\": \"m2\", \"winner\": \"a\"}}, "
              f"found {describe(value)}")
        return None
    missing = [k for k in KEYS[:3] if k not in value]
    if missing:
        error(f"missing {', '.join(f'{chr(34)}{k}{chr(34)}' for k in missing)}: each line has model_a, model_b and "
              "winner (and optionally question_id and dimension)")
        return None
    ids = []
    for key in ("model_a", "model_b"):
        model_id, known = index.resolve(value[key]) if isinstance(value[key], str) else (None, False)
        if not known:
            error(f"unknown model {json_text(value[key])} in {key}: expected an id or alias from models.yaml"
                  f"{did_you_mean(value[key], index) if isinstance(value[key], str) else ''}")
            return None
        ids.append(model_id)
    if ids[0] is None or ids[1] is None:
        return None   # a card with an error (reported there)
    if ids[0] == ids[1]:
        error(f'model_a and model_b are both "{ids[0]}": a battle is between two different models')
        return None
    winner = value["winner"]
    if not isinstance(winner, str) or winner not in WINNERS:
        error(f'winner {json_text(winner)} must be "a", "b", "tie" or "both bad" (or "model_a", "model_b", '
              f'"tie (bothbad)"){did_you_mean(str(winner).lower(), WINNERS)}')
        return None
    dimension, question = value.get("dimension"), value.get("question_id")
    if dimension is not None and dimension not in dimensions:
        error(f"unknown dimension {json_text(dimension)}: expected one of {', '.join(dimensions) or '(none defined)'}"
              f"{did_you_mean(dimension, dimensions)}")
        return None
    if question is not None and (isinstance(question, bool) or not isinstance(question, (str, int))):
        error(f"question_id must be text or a whole number, found {json_text(question)}")
        return None
    return ids[0], ids[1], WINNERS[winner], dimension, None if question is None else str(question)


class Unrated:
    """Stands in for a release's battles that cannot be rated (reported): the release's rows are then
    not held to being complete, which they would have been with the ratings."""
    incomplete = True

    def __init__(self, models):
        self.models = set(models)

    def merge(self, key, score, *args):
        return score

    def add_missing(self, result, problems, context):
        result.doubtful |= self.models

    def check_overalls(self, *args):
        pass


class Rated:
    """A release's battles as ratings, merged into the release CSV's rows like judged counts
    (verdicts.Tally): a rated model's score and interval come from its battles; a score the CSV
    gives for it must agree (at the board's decimals)."""
    incomplete = False

    def __init__(self, file, battles: Battles, settings: ratings.Settings):
        self.file, self.battles, self.settings = file, battles, settings

    @cached_property
    def rated(self) -> dict:
        return self.battles.rated(self.settings)

    def check(self, problems) -> bool:
        """Whether the battles can be rated on one scale (else reported): the models that fought, all
        of them and those of each dimension, are linked by chains of battles; the anchor, if any, fought."""
        b = self.battles
        for code, dimension in [(None, None), *enumerate(b.dimensions)]:
            chosen = slice(None) if code is None else b.dimension == code
            if code is not None and not chosen.any():
                continue
            fought, wins, games = ratings.tables(b.a[chosen], b.b[chosen], b.outcome[chosen])
            groups = ratings.components(games)
            if len(groups) > 1:
                named = "; ".join(", ".join(b.models[fought[i]] for i in g[:5]) + (" …" if len(g) > 5 else "")
                                  for g in groups[:3])
                within = "" if dimension is None else f' of dimension "{dimension}"'
                problems.error(self.file.path, None, f"the battles{within} split the models into {len(groups)} groups "
                               f"that never meet ({named}): ratings compare only models linked by battles; add "
                               "battles between the groups")
                return False
            if code is None and self.settings.anchor is not None and self.settings.anchor not in fought:
                problems.error(self.file.path, None, f'the battles anchor "{b.models[self.settings.anchor]}" '
                               "(board.yaml) fought no battle here: anchor the scale on a model that did, or leave "
                               "the anchor out (the mean is then the base)")
                return False
        return True

    @cached_property
    def code(self) -> dict:
        return {m: i for i, m in enumerate(self.battles.models)}

    def score(self, key: ScoreKey):
        found = self.rated.get(key.dimension)
        if found is None or key.model not in self.code:
            return None
        i = self.code[key.model]
        if np.isnan(found.rating[i]):
            return None
        # Rounded well below what any page shows: the last bits of a fit may differ between machines.
        interval = None if np.isnan(found.low[i]) else (round(float(found.low[i]), 6), round(float(found.high[i]), 6))
        return Score(round(float(found.rating[i]), 6), interval=interval)

    def merge(self, key, score, line, problems, path, context):
        rated = self.score(key)
        if rated is None:
            return score
        if rules.rounded(score.value, context.decimals) != rules.rounded(rated.value, context.decimals):
            problems.error(path, line.line, f"score {line.get('score')} disagrees with battles/{self.file.path.name}, "
                           f"whose ratings give {rules.rounded(rated.value, context.decimals)}: leave the row out (the "
                           "battles give it) or correct it", line.column("score"))
            return None
        return rated

    def add_missing(self, result, problems, context):
        """Rated (model, dimension) pairs the CSV has no row for become rows, with their battle count."""
        keys = [ScoreKey(m, d) for d in self.rated for m in self.battles.models]
        for key in keys:
            rated = self.score(key)
            if rated is not None and key not in result.seen and not (key.dimension == rules.OVERALL and
                                                                     context.overall == "mean"):
                result.scores[key] = rated
                result.seen[key] = self.first_line(key.model)
        if context.measures and rules.BATTLES_MEASURE in context.measures:
            return   # the board declares a measure of that name: its numbers are the CSV's
        overall = self.rated[rules.OVERALL]
        for i, model_id in enumerate(self.battles.models):
            if overall.battles[i]:
                result.measures[(model_id, rules.BATTLES_MEASURE)] = float(overall.battles[i])

    def first_line(self, model_id) -> int:
        return int(self.first_lines[self.code[model_id]])

    @cached_property
    def first_lines(self) -> np.ndarray:
        """The first line on which each model (index) fights."""
        found = np.full(len(self.battles.models), np.iinfo(np.int64).max)
        np.minimum.at(found, self.battles.a, self.battles.line)
        np.minimum.at(found, self.battles.b, self.battles.line)
        return found

    def check_overalls(self, result, problems, context, path):
        pass   # every rating, overall or not, was checked as its row was merged
