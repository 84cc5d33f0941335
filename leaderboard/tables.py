"""Validate stage for release CSVs: the header against what board.yaml declares, then each row into
a Score (and its measures and interval), with every problem located at its line and column.

Two shapes are read. The long one has a `dimension` column: one row per model and dimension
(`overall` for the ranking score). The wide one has none: one row per model, with the ranking score
in `score` and each dimension and measure in a column named by its id, as leaderboard exports are.
Board.yaml's `columns` renames any of them to the names a pasted export uses.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import metrics, rules
from .problems import did_you_mean
from .records import Counts, Score, ScoreKey
from .scores import field_columns


@dataclass
class Context:
    """What a board's rows are checked against; a part is None when what it comes from is broken."""
    kind: object = None          # metrics.Kind
    decimals: int = 2
    range: tuple = (None, None)
    overall: str = "given"
    dimensions: list | None = None
    measures: dict | None = None   # {id: checked Values}
    columns: dict = field(default_factory=dict)   # {our name: the file's}
    ignored: tuple = ()
    index: object = None        # schema.ModelIndex

    @property
    def metric_ok(self) -> bool:
        return self.kind is not None


@dataclass
class Line:
    """A row's values by contract name; in the wide shape one row gives several (its overall, then a
    line per dimension column), each still pointing at the row and the columns it came from."""
    row: object                  # scores.Row
    dimension: str
    fields: dict                 # {our name: index of the cell}

    def get(self, name: str) -> str:
        return self.row.cells[self.fields[name]] if name in self.fields else ""

    @property
    def line(self) -> int:
        return self.row.line

    def column(self, name: str):
        """1-based column where the field starts (worked out only for a message: most rows need none)."""
        starts = field_columns(self.row.raw)   # of the record's first line: a quoted cell may run past it
        index = self.fields.get(name)
        return starts[index] if index is not None and index < len(starts) else None


def header_help(context: Context) -> str:
    counts = ",".join(context.kind.counts if context.kind and context.kind.counts else ("win", "tie", "loss"))
    return f"expected the header model,dimension,score (and optionally {counts})"


def layout(release, context: Context, problems):
    """{our name: cell index} of the header, or None (reported) when it is not right."""
    path, header = release.path, release.header
    theirs = {v: k for k, v in context.columns.items()}
    ours = [theirs.get(name, name) for name in header]
    count_names = context.kind.counts if context.kind and context.kind.counts else ("win", "tie", "loss")
    wide = "dimension" not in ours
    known = {"model", "dimension", "score", "ci_low", "ci_high", *count_names, *(context.measures or {})}
    if wide:
        known |= set(context.dimensions or ())
    required = ["model"] if wide else ["model", "dimension", "score"]
    missing = [c for c in required if c not in ours]
    unknown = [name for name, our in zip(header, ours) if our not in known and name not in context.ignored]
    doubled = sorted({c for c in ours if ours.count(c) > 1})
    message = []
    if missing:
        message.append(f"missing {', '.join(missing)}")
    if unknown and context.measures is not None and context.dimensions is not None:
        hints = "".join(did_you_mean(c, sorted(known - set(ours))) for c in unknown)
        message.append(f"unknown column{'s' * (len(unknown) > 1)} {', '.join(map(rules.one_line, unknown))}{hints}")
    if doubled:
        message.append(f"{', '.join(doubled)} given twice")
    for together in (count_names, ("ci_low", "ci_high")):
        found = [c for c in together if c in ours]
        if found and len(found) != len(together):
            what = "count columns" if together is count_names else "interval columns"
            message.append(f"{what} come together: found {', '.join(found)}, expected all of {', '.join(together)}")
    if message:
        problems.error(path, release.header_line, f'header "{rules.one_line(",".join(header))}": {"; ".join(message)}; '
                       f"{header_help(context)}")
        return None
    return {our: i for i, our in enumerate(ours) if our in known}


def lines(release, fields: dict, context: Context):
    """The rows as Lines: one per row in the long shape; in the wide one an overall line per row and
    a line per dimension cell that holds a score."""
    if "dimension" in fields:
        for row in release.rows:
            yield Line(row, row.cells[fields["dimension"]], fields)
        return
    per_model = {k: i for k, i in fields.items() if k not in (context.dimensions or ())}
    for row in release.rows:
        yield Line(row, rules.OVERALL, per_model)
        for dimension in context.dimensions or ():
            if dimension in fields and row.cells[fields[dimension]]:
                yield Line(row, dimension, {"model": fields["model"], "score": fields[dimension]})


@dataclass
class Checked:
    """One release's checked rows."""
    scores: dict = field(default_factory=dict)      # {(model id, dimension): Score}
    measures: dict = field(default_factory=dict)    # {(model id, measure id): float}
    seen: dict = field(default_factory=dict)        # {(model id, dimension): line}
    doubtful: set = field(default_factory=set)      # models with a rejected row: their totals are not checked


def check_release(release, problems, context: Context, judged=None) -> Checked:
    """Check one release file; `judged` (a verdicts.Tally, or None) brings its judgments' counts."""
    result = Checked()
    fields = layout(release, context, problems)
    if fields is None:
        return result
    for line in lines(release, fields, context):
        check_line(line, release.path, problems, context, result, judged)
    result.doubtful |= rejected_models(release, fields, context)
    if context.index is None or context.dimensions is None or not context.metric_ok:
        return result
    if judged is not None:
        judged.add_missing(result, problems, context)
        judged.check_overalls(result, problems, context, release.path)
    if not release.rows and not result.seen and not (judged is not None and judged.incomplete):
        problems.error(release.path, None, "no rows: a release lists at least one model with its overall score "
                       "(or has judgments)")
    overalls(release.path, problems, context, result)
    return result


def rejected_models(release, fields, context: Context) -> set:
    """The models of the rows the loader rejected (reported there): their overall is not checked
    either, since a rejected row may well be it. A row whose model cannot be told holds them all."""
    found = set()
    for row in release.rejected:
        name = row.cells[fields["model"]] if fields["model"] < len(row.cells) else ""
        model_id, known = context.index.resolve(name) if context.index is not None else (None, False)
        if not known:
            return set(context.index.values()) if context.index is not None else set()
        found.add(model_id)
    return found


def check_line(line: Line, path, problems, context: Context, result: Checked, judged) -> None:
    model_id = resolve_model(line, path, problems, context.index)
    if context.dimensions is None:   # board.yaml's dimensions are broken: that problem is reported
        return
    if line.dimension != rules.OVERALL and line.dimension not in context.dimensions:
        dims = context.dimensions
        problems.error(path, line.line, f'unknown dimension "{rules.one_line(line.dimension)}": expected "overall" or '
                       f'one of {", ".join(dims) or "(none defined)"}{did_you_mean(line.dimension, dims + [rules.OVERALL])}',
                       line.column("dimension"))
        return
    if model_id is None:
        return
    key = ScoreKey(model_id, line.dimension)
    if key in result.seen:
        problems.error(path, line.line, f'second row for model "{model_id}" and dimension "{line.dimension}" '
                       f"(first at line {result.seen[key]}): each pair appears once", line.column("model"))
        return
    result.seen[key] = line.line
    if not context.metric_ok:
        return
    if line.dimension == rules.OVERALL and context.overall == "mean":   # the score is the mean, made later
        measures = None if given_score(line, path, problems) else parse_measures(line, model_id, problems, path, context)
        result.measures.update(measures or {})
        if measures is None:
            result.doubtful.add(model_id)
        return
    score = parse_line(line, problems, path, context)
    if score is not None and judged is not None:
        score = judged.merge(key, score, line, problems, path, context)
    measures = parse_measures(line, model_id, problems, path, context) if score is not None else None
    if score is None or measures is None:
        result.doubtful.add(model_id)
        return
    result.scores[key] = score
    result.measures.update(measures)


def resolve_model(line: Line, path, problems, index):
    if index is None:   # models.yaml could not be read: that problem is reported already
        return None
    name = line.get("model")
    if not name:
        problems.error(path, line.line, "empty model: every row names a model id or alias from models.yaml",
                       line.column("model"))
        return None
    model_id, known = index.resolve(name)
    if not known:
        problems.error(path, line.line, f'unknown model "{rules.one_line(name)}": expected an id or alias from '
                       f"models.yaml{did_you_mean(name, index)}", line.column("model"))
    return model_id


def number_in_range(text: str, span, what: str, line: Line, column: str, problems, path, whose="the metric's"):
    """A number cell's value, or None (reported)."""
    value = rules.parse_number(text)
    if value is None:
        problems.error(path, line.line, f'{what} "{rules.one_line(text)}" is not a number (finite, at most 10^12 in size)', line.column(column))
    elif not rules.in_range(value, span):
        problems.error(path, line.line, f"{what} {text} is outside {whose} range {rules.range_text(span)}",
                       line.column(column))
        return None
    return value


def parse_line(line: Line, problems, path, context: Context):
    """The line's Score, or None (with problems recorded)."""
    kind, places = context.kind, context.decimals
    score = None
    if line.get("score"):
        score = number_in_range(line.get("score"), context.range, "score", line, "score", problems, path)
        if score is None:
            return None
    counts = parse_counts(line, kind, problems, path)
    if counts is False:
        return None
    interval = parse_interval(line, problems, path, context)
    if interval is False:
        return None
    if counts is None:
        if score is None:
            problems.error(path, line.line, f"no score: give a score, or {count_words(kind)} counts")
            return None
        return within(Score(score, interval=interval), line, problems, path, context)
    computed = metrics.from_counts(kind, *counts)
    if computed is None and score is None:
        problems.error(path, line.line, f'the metric formula "{kind.formula}" does not compute a score from '
                       "counts: give the score", line.column("score"))
        return None
    if score is not None and computed is not None and rules.rounded(score, places) != rules.rounded(computed, places):
        problems.error(path, line.line, f"score {line.get('score')} disagrees with its counts: "
                       f"{count_text(kind, counts)} give {rules.rounded(computed, places)}", line.column("score"))
        return None
    return within(Score(score if score is not None else computed, *counts, interval=interval), line, problems, path,
                  context)


def given_score(line: Line, path, problems) -> bool:
    """Whether an overall line gives a score of its own where the board computes it (reported)."""
    given = [name for name in ("score", "win", "tie", "loss", "correct", "total", "ci_low", "ci_high") if line.get(name)]
    if given:
        problems.error(path, line.line, f'{", ".join(given)} given for the overall, but board.yaml says "overall: mean": '
                       "the overall is the mean of the dimension scores (leave it out)", line.column(given[0]))
    return bool(given)


def count_words(kind) -> str:
    return "correct and total" if kind.counts == ("correct", "total") else "win, tie and loss"


def count_text(kind, counts) -> str:
    win, tie, loss = counts
    if kind.counts == ("correct", "total"):
        return f"correct {win}, total {win + loss}"
    return f"win {win}, tie {tie}, loss {loss}"


def parse_counts(line: Line, kind, problems, path):
    """(successes, ties, failures), None when the line has none, False when they are wrong (reported)."""
    names = kind.counts or ("win", "tie", "loss")
    if not any(line.get(n) for n in names):
        return None
    found = []
    for name in names:
        value = line.get(name)
        if not rules.COUNT.fullmatch(value):
            problems.error(path, line.line, f'{name} "{rules.one_line(value)}" must be a whole number of 0 or more '
                           "(up to 12 digits)", line.column(name))
            return False
        found.append(int(value))
    if names == ("correct", "total"):
        correct, total = found
        if total == 0 or correct > total:
            problems.error(path, line.line, f"correct {correct} of total {total}: expected 0 ≤ correct ≤ total "
                           "and total ≥ 1", line.column("correct"))
            return False
        return Counts(correct, 0, total - correct)
    if sum(found) == 0:
        problems.error(path, line.line, "win, tie and loss are all 0: counts need at least one judgment",
                       line.column("win"))
        return False
    return Counts(*found)


def parse_interval(line: Line, problems, path, context: Context):
    """(low, high) from ci_low and ci_high, None when not given, False when wrong (reported)."""
    low_text, high_text = line.get("ci_low"), line.get("ci_high")
    if not low_text and not high_text:
        return None
    if not (low_text and high_text):
        problems.error(path, line.line, "ci_low and ci_high come together: give both or neither",
                       line.column("ci_low" if not low_text else "ci_high"))
        return False
    bounds = [number_in_range(text, (None, None), name, line, name, problems, path)
              for name, text in (("ci_low", low_text), ("ci_high", high_text))]
    return False if None in bounds else tuple(bounds)


def within(score: Score, line: Line, problems, path, context: Context):
    """The score, if its published interval holds it."""
    if score.interval and not score.interval[0] <= score.value <= score.interval[1]:
        low, high = score.interval
        problems.error(path, line.line, f"interval [{rules.rounded(low, context.decimals)}, "
                       f"{rules.rounded(high, context.decimals)}] does not hold its score "
                       f"{rules.rounded(score.value, context.decimals)}: expected ci_low ≤ score ≤ ci_high",
                       line.column("ci_low"))
        return None
    return score


def parse_measures(line: Line, model_id, problems, path, context: Context):
    """{(model id, measure id): value} of a line, or None (reported)."""
    found = {}
    for measure_id, spec in (context.measures or {}).items():
        text = line.get(measure_id)
        if not text:
            continue
        if line.dimension != rules.OVERALL:
            problems.error(path, line.line, f'a value of measure "{measure_id}" on a "{line.dimension}" row: '
                           'measures are per model, on its "overall" row', line.column(measure_id))
            return None
        value = number_in_range(text, spec["range"] or (None, None), measure_id, line, measure_id, problems, path,
                                whose="its")
        if value is None:
            return None
        found[(model_id, measure_id)] = value
    return found


def overalls(path, problems, context: Context, result: Checked) -> None:
    """Every model needs an overall: a row of its own, counts on all its dimension rows to pool one
    from, or (under "overall: mean") every dimension, whose mean it is."""
    lines_of = {}
    for (model_id, dimension), line in result.seen.items():
        lines_of.setdefault(model_id, []).append(((model_id, dimension), line))
    for model_id, keyed in lines_of.items():
        if model_id in result.doubtful:
            continue
        first_line = min(line for _, line in keyed)
        if context.overall == "mean":
            mean_overall(model_id, first_line, path, problems, context, result)
            continue
        if (model_id, rules.OVERALL) in result.seen:
            continue
        rows = [result.scores.get(key) for key, _ in keyed]
        poolable = bool(context.kind.counts)
        if poolable and rows and all(p is not None and p.counted for p in rows):
            result.scores[(model_id, rules.OVERALL)] = pooled(rows, context.kind)
            continue
        count_names = context.kind.counts or ("win", "tie", "loss")
        problems.error(path, first_line, f'model "{model_id}" has no "overall" row, and its overall cannot be '
                       f"pooled: that needs {', '.join(count_names[:-1])} and {count_names[-1]} counts on every one "
                       "of its dimension rows" + ("" if poolable else f' and a formula that computes scores (not '
                                                  f'"{context.kind.formula}")'))


def pooled(rows, kind) -> Score:
    """The overall from the summed counts of every dimension."""
    win, tie, loss = (sum(getattr(s, k) for s in rows) for k in ("win", "tie", "loss"))
    return Score(metrics.from_counts(kind, win, tie, loss), win, tie, loss)


def mean_overall(model_id, first_line, path, problems, context: Context, result: Checked) -> None:
    missing = [d for d in context.dimensions if (model_id, d) not in result.scores]
    if missing:
        problems.error(path, first_line, f'model "{model_id}" has no score in {", ".join(missing)}: its overall, '
                       'the mean of every dimension ("overall: mean"), cannot be computed')
        return
    values = [result.scores[(model_id, d)].value for d in context.dimensions]
    result.scores[(model_id, rules.OVERALL)] = Score(sum(values) / len(values))
