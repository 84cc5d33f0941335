"""A release's judgments as columns (numpy and pyarrow), and the fast reader that fills them.

The fast reader takes a judgments file whole with pyarrow's JSON reader and checks it column by
column; it vouches only for a file in which every line is well-formed and every value valid. For
anything else it gives up (returns None) and verdicts.py's exact checker reads the file line by
line, reporting each fault at its line; its valid lines become the same columns (`from_rows`).
This module, and with it pandas' stack, is imported only by builds with judgments.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import fastjson, rules
from .records import Counts, ScoreKey
from .stats import VERDICTS   # their codes are their places: loss 0, tie 1, win 2
KEYS = ("model", "question_id", "dimension", "turn", "verdict", "judge_reason")


@dataclass(frozen=True)
class Question:
    """One question of a release's judgments: its verdicts are rows start:stop of the release's
    Verdicts (in model order, then turn)."""
    id: str
    dimension: object            # records.Dimension
    start: int
    stop: int
    tally: dict                  # {"loss", "tie", "win": count}

    @property
    def split(self) -> float:
        """How far the verdicts disagree: the chance that two different verdicts on this question,
        picked at random, differ (0 when all agree)."""
        n = self.stop - self.start
        return 0.0 if n < 2 else 1 - sum(k * (k - 1) for k in self.tally.values()) / (n * (n - 1))

    @property
    def everyone_lost(self) -> bool:
        return self.tally["loss"] == self.stop - self.start


class Verdicts:
    """Every verdict of one release, one row each, sorted by question (q2 before q10), then the
    model's place on the board, then turn. Columns: model (code into `models`), question (code into
    `questions`), turn, verdict (code into VERDICTS), reason (pyarrow strings, null where none given)
    and line (where it stands in the file)."""

    def __init__(self, models, questions, dimension_of, model, question, turn, verdict, reason, line):
        self.models, self.questions, self.dimension_of = tuple(models), tuple(questions), tuple(dimension_of)
        order = np.lexsort((turn, model, question))
        self.model, self.question, self.turn = model[order], question[order], turn[order]
        self.verdict, self.line = verdict[order], line[order]
        reason = reason.cast(pa.large_string())   # 64-bit offsets: the reasons may pass 2 GB in all
        if isinstance(reason, pa.ChunkedArray):
            reason = reason.combine_chunks()
        self.reason = reason.take(pa.array(order))

    def __len__(self) -> int:
        return len(self.model)

    def __bool__(self) -> bool:
        return len(self) > 0

    def row(self, i: int) -> tuple:
        """(model id, turn, verdict, reason or None) of row i."""
        return (self.models[self.model[i]], int(self.turn[i]), VERDICTS[self.verdict[i]], self.reason[i].as_py())

    def rows(self, start: int, stop: int):
        reasons = self.reason.slice(start, stop - start).to_pylist()
        models, turns, verdicts = self.model[start:stop].tolist(), self.turn[start:stop].tolist(), \
            self.verdict[start:stop].tolist()
        for m, turn, v, reason in zip(models, turns, verdicts, reasons):
            yield self.models[m], turn, VERDICTS[v], reason

    # --- counts -----------------------------------------------------------------------------

    @cached_property
    def _dimension_code(self) -> tuple:
        """(dimension ids, the dimension code of each row)."""
        names = tuple(sorted(set(self.dimension_of)))
        of_question = np.array([names.index(d) for d in self.dimension_of], dtype=np.int64)
        return names, of_question[self.question] if len(self) else np.zeros(0, dtype=np.int64)

    def counts(self) -> dict:
        """{ScoreKey(model id, dimension): Counts} of every judged pair."""
        names, dims = self._dimension_code
        cells = (self.model.astype(np.int64) * len(names) + dims) * 3 + self.verdict
        found = np.bincount(cells, minlength=len(self.models) * len(names) * 3).reshape(-1, 3)
        return {ScoreKey(self.models[k // len(names)], names[k % len(names)]): Counts(int(w), int(t), int(lo))
                for k in np.flatnonzero(found.sum(axis=1)) for lo, t, w in (found[k],)}

    def first_lines(self) -> dict:
        """{ScoreKey: the first line of the file with a verdict of that model in that dimension}."""
        names, dims = self._dimension_code
        keys = self.model.astype(np.int64) * len(names) + dims
        first = np.full(len(self.models) * len(names), np.iinfo(np.int64).max)
        np.minimum.at(first, keys, self.line)
        return {ScoreKey(self.models[k // len(names)], names[k % len(names)]): int(first[k])
                for k in np.flatnonzero(first != np.iinfo(np.int64).max)}

    def question_records(self, dimensions: dict) -> tuple:
        """Question records, in question order; `dimensions` maps ids to records.Dimension."""
        bounds = np.searchsorted(self.question, np.arange(len(self.questions) + 1))
        tallies = np.bincount(self.question.astype(np.int64) * 3 + self.verdict,
                              minlength=len(self.questions) * 3).reshape(-1, 3)
        return tuple(Question(q, dimensions[self.dimension_of[i]], int(bounds[i]), int(bounds[i + 1]),
                              dict(zip(VERDICTS, map(int, tallies[i]))))
                     for i, q in enumerate(self.questions))

    # --- one model against another --------------------------------------------------------

    @cached_property
    def judged(self) -> frozenset:
        return frozenset(self.models[m] for m in np.unique(self.model))

    @cached_property
    def _matrix(self) -> tuple:
        """({model id: row}, the verdict codes of each judged model on each (question, turn): -1 where
        none), with (question, turn) in text order of the question id, then turn."""
        by_text = np.argsort(np.array(self.questions, dtype=object)).argsort() if self.questions else np.zeros(0)
        keys = by_text[self.question].astype(np.int64) * 1000 + self.turn
        columns, column = np.unique(keys, return_inverse=True)
        judged = np.unique(self.model)
        matrix = np.full((len(judged), len(columns)), -1, dtype=np.int8)
        matrix[np.searchsorted(judged, self.model), column] = self.verdict
        return {self.models[m]: i for i, m in enumerate(judged)}, matrix

    def paired(self, a: str, b: str) -> tuple:
        """(a better, b better, same) over the (question, turn)s both models answered."""
        rows, matrix = self._matrix
        if a not in rows or b not in rows:
            return 0, 0, 0
        va, vb = matrix[rows[a]], matrix[rows[b]]
        both = (va >= 0) & (vb >= 0)
        return int(np.sum(both & (va > vb))), int(np.sum(both & (va < vb))), int(np.sum(both & (va == vb)))

    def letters(self) -> dict:
        """{model id: one letter per (question, turn): l, t, w, or - where it has no verdict}."""
        rows, matrix = self._matrix
        table = np.frombuffer(b"ltw-", dtype=np.uint8)
        return {model_id: table[matrix[i]].tobytes().decode("ascii") for model_id, i in rows.items()}

    def jsonl(self):
        """The verdicts as JSON lines in the file's order, model names resolved to ids, written as
        json.dumps writes them (ensure_ascii=False), column by column: ids and verdicts need no
        escaping (they are slugs), reasons go through fastjson.json_strings; in pieces (fastjson.in_slices)."""
        return fastjson.in_slices(self.line, self._json_lines)

    def _json_lines(self, rows: np.ndarray) -> bytes:
        rows = pa.array(rows)
        question = pa.array(self.question).take(rows)
        lines = pc.binary_join_element_wise(
            '{"model": "', pa.array(self.models, pa.string()).take(pa.array(self.model).take(rows)),
            '", "question_id": "', pa.array(self.questions, pa.string()).take(question),
            '", "dimension": "', pa.array(self.dimension_of, pa.string()).take(question),
            '", "turn": ', pc.cast(pa.array(self.turn).take(rows), pa.string()),
            ', "verdict": "', pa.array(VERDICTS).take(pa.array(self.verdict).take(rows)),
            '", "judge_reason": ', fastjson.json_strings(self.reason.take(rows).cast(pa.string())), "}\n", "")
        return fastjson.joined(lines)


def question_order(question: str) -> tuple:
    """q2 before q10; q1, q01 and q001 (equal so) by their text, so that the order never depends on
    how the ids were gathered."""
    return rules.natural(question), question


def from_rows(found, model_ids) -> Verdicts:
    """Verdicts from the exact checker's valid lines: [(line, records.Judgment)]."""
    code = {m: i for i, m in enumerate(model_ids)}
    questions = sorted({j.question for _, j in found}, key=question_order)
    q_code = {q: i for i, q in enumerate(questions)}
    dimension_of = {}
    for _, j in found:
        dimension_of.setdefault(j.question, j.dimension)
    return Verdicts(
        model_ids, questions, [dimension_of[q] for q in questions],
        np.array([code[j.model] for _, j in found], dtype=np.int32),
        np.array([q_code[j.question] for _, j in found], dtype=np.int32),
        np.array([j.turn for _, j in found], dtype=np.int16),
        np.array([VERDICTS.index(j.verdict) for _, j in found], dtype=np.int8),
        pa.array([j.reason for _, j in found], type=pa.large_string()),
        np.array([line for line, _ in found], dtype=np.int64))


# --- the fast reader ------------------------------------------------------------------------

def read_fast(path, index, dimensions, model_ids) -> Verdicts | None:
    """The file's verdicts when every line is a valid verdict; None when any is not (or might not
    be), for the exact checker to say which and why."""
    if index is None or dimensions is None:
        return None
    read = fastjson.read_frame(path)
    if read is None:
        return None
    frame, lines = read
    if not well_typed(frame):
        return None   # a number where text belongs, a key missing or unknown…
    return checked(frame, lines, index, dimensions, model_ids)


TYPES = {"model": (pa.string(),), "question_id": (pa.string(), pa.int64()), "dimension": (pa.string(),),
         "turn": (pa.int64(),), "verdict": (pa.string(),), "judge_reason": (pa.string(), pa.null())}


def well_typed(frame) -> bool:
    names = set(frame.columns)
    if not names <= set(KEYS) or not set(KEYS[:5]) <= names:
        return False
    return all(frame[k].dtype.pyarrow_dtype in TYPES[k] for k in names) and \
        not frame[list(KEYS[:5])].isna().any().any()


def checked(frame, lines, index, dimensions, model_ids) -> Verdicts | None:
    """Verdicts from a well-typed frame if every value is valid, else None."""
    import pandas as pd
    model, names = pd.factorize(frame["model"])
    resolved = [index.resolve(name)[0] for name in names]
    if None in resolved:
        return None   # an unknown model, or one whose card has an error
    code = {m: i for i, m in enumerate(model_ids)}
    model = np.array([code[m] for m in resolved], dtype=np.int32)[model]
    question, values = pd.factorize(frame["question_id"])
    as_text = [str(q) for q in values]
    if not all(rules.SLUG.match(q) and not q.endswith(".html") for q in as_text) or len(set(as_text)) < len(as_text):
        return None
    questions = sorted(as_text, key=question_order)
    rank = {q: i for i, q in enumerate(questions)}
    question = np.array([rank[q] for q in as_text], dtype=np.int32)[question]
    dimension, dimension_values = pd.factorize(frame["dimension"])
    verdict, verdict_values = pd.factorize(frame["verdict"])
    turn = frame["turn"].to_numpy(dtype=np.int64)
    if not set(dimension_values) <= set(dimensions) or not set(verdict_values) <= set(VERDICTS) or \
            (len(turn) and (turn.min() < 1 or turn.max() > 999)):
        return None
    verdict = np.array([VERDICTS.index(v) for v in verdict_values], dtype=np.int8)[verdict]
    keys = pd.DataFrame({"model": model, "question": question, "turn": turn})
    dimension_of = pd.Series(dimension).groupby(question)
    if keys.duplicated().any() or (dimension_of.nunique() > 1).any():
        return None   # a second verdict for one model, question and turn; a question in two dimensions
    reason = pa.array(frame["judge_reason"].array) if "judge_reason" in frame.columns else \
        pa.nulls(len(frame), pa.string())
    return Verdicts(model_ids, questions, [dimension_values[d] for d in dimension_of.first().sort_index()], model,
                    question, turn.astype(np.int16), verdict, reason.cast(pa.large_string()), lines)
