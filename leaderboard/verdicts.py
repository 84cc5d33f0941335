"""Validate stage for judgments (judgments/<release>.jsonl): each verdict line checked, then the
verdicts summed into win/tie/loss counts per model and dimension and checked against the release CSV."""
from __future__ import annotations

import json

from . import metrics, rules
from .checks import describe
from .problems import did_you_mean
from .records import Judgment, Score

KEYS = ("model", "question_id", "dimension", "turn", "verdict", "judge_reason")
EXAMPLE = ('{"model": "m", "question_id": "q1", "dimension": "d", "turn": 1, "verdict": "win", '
           '"judge_reason": "…"}')
VERDICTS = ("win", "tie", "loss")


def json_text(value) -> str:
    return rules.one_line(json.dumps(value, ensure_ascii=False))


def check_judgments(file, problems, index, dimensions, release_ids) -> tuple:
    """(the verdict_table.Verdicts of one judgments file's valid lines, or None; the ids of the models
    with a rejected line); problems for the rejected lines."""
    path = file.path
    if file.release not in release_ids:
        problems.error(path, None, f'judgments for release "{rules.one_line(file.release)}", which has no '
                       f"releases/{rules.one_line(file.release)}.csv: name the file after a release")
        return None, set()
    from . import verdict_table   # numpy and pyarrow: only for builds with judgments
    model_ids = tuple(index.cards) if index is not None else ()
    fast = verdict_table.read_fast(path, index, dimensions, model_ids)
    if fast is not None:
        return fast, set()
    found, doubtful = check_lines(file, problems, index, dimensions)
    return verdict_table.from_rows(found, model_ids), doubtful


def check_lines(file, problems, index, dimensions) -> tuple:
    """The exact checker: ([(line, Judgment)] of the valid lines, the ids of the models with a rejected
    line), each fault reported at its line."""
    path = file.path
    lines, unreadable = file.exact_lines(problems)
    found, seen, dimension_of, doubtful = [], {}, {}, set()
    for line, value in lines:
        judgment = check_judgment(value, line, path, problems, index, dimensions)
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
    if None in doubtful or unreadable:   # a rejected line naming no known model: any model's counts may be short
        doubtful |= set(index.values()) if index else set()
    return found, doubtful


def check_judgment(value, line, path, problems, index, dimensions):
    def error(message):
        problems.error(path, line, message)

    if not isinstance(value, dict):
        error(f"expected a JSON object such as {EXAMPLE}, found {describe(value)}")
        return None
    for key in value:
        if key not in KEYS:
            problems.warn(path, line, f'unknown key "{rules.one_line(key)}" is ignored{did_you_mean(key, KEYS)}')
    missing = [k for k in KEYS[:5] if k not in value]
    if missing:
        named = ", ".join(f'"{k}"' for k in missing)
        error(f"missing {named}: each line has {', '.join(KEYS[:5])} (and optionally judge_reason)")
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
    if dimensions is not None and dimension not in dimensions:
        hint = "; judgments are per dimension (the overall is their sum)" if dimension == rules.OVERALL else \
            did_you_mean(dimension, dimensions)
        error(f"unknown dimension {json_text(dimension)}: expected one of {', '.join(dimensions)}{hint}")
        ok = False
    if not isinstance(turn, int) or isinstance(turn, bool) or not 1 <= turn <= 999:
        error(f"turn {json_text(turn)} must be a whole number from 1 to 999")
        ok = False
    if verdict not in VERDICTS:
        error(f'verdict {json_text(verdict)} must be "win", "tie" or "loss" (against the baseline)'
              f"{did_you_mean(str(verdict).lower(), VERDICTS)}")
        ok = False
    if reason is not None and not isinstance(reason, str):
        error(f"judge_reason must be text, found {json_text(reason)}")
        ok = False
    model_id = None
    if index is not None:
        model_id, known = index.resolve(model)
        if not known:
            error(f"unknown model {json_text(model)}: expected an id or alias from models.yaml"
                  f"{did_you_mean(model, index) if isinstance(model, str) else ''}")
    if not ok or model_id is None:
        return None
    return Judgment(model_id, question, dimension, turn, verdict, reason)


class Tally:
    """A release's judgments summed into win/tie/loss counts per (model id, dimension), checked
    against the rows of the release's CSV. Models with a rejected judgment line are `doubtful`: their
    counts are incomplete, so they are not checked (that line's error says enough)."""
    incomplete = False

    def __init__(self, file, verdicts, doubtful):
        self.file, self.doubtful = file, doubtful
        self.counts = verdicts.counts() if verdicts else {}
        self.first_line = verdicts.first_lines() if verdicts else {}

    def where(self, key) -> str:
        return f"judgments/{self.file.path.name} (from line {self.first_line[key]})"

    def merge(self, key, score, line, problems, path, context):
        """The CSV row's Score with the judged counts, or None when they disagree."""
        if key[1] == rules.OVERALL or key not in self.counts or key[0] in self.doubtful:
            return score   # an overall is checked once all rows are known (check_overalls)
        win, tie, loss = self.counts[key]
        places = context.decimals
        if score.counted and (score.win, score.tie, score.loss) != (win, tie, loss):
            problems.error(path, line.line, f"counts win {score.win}, tie {score.tie}, loss {score.loss} disagree with "
                           f"{self.where(key)}, which give win {win}, tie {tie}, loss {loss}", line.column("win"))
            return None
        computed = metrics.from_counts(context.kind, win, tie, loss)
        if computed is not None and rules.rounded(score.value, places) != rules.rounded(computed, places):
            problems.error(path, line.line, f"score {line.get('score')} disagrees with {self.where(key)}: win {win}, "
                           f"tie {tie}, loss {loss} give {rules.rounded(computed, places)}", line.column("score"))
            return None
        return Score(score.value, win, tie, loss, score.interval)

    def add_missing(self, result, problems, context):
        """Judged (model, dimension) pairs the CSV has no row for become rows."""
        for key, (win, tie, loss) in sorted(self.counts.items()):
            if key in result.seen:
                continue
            computed = metrics.from_counts(context.kind, win, tie, loss)
            if computed is None:
                problems.error(self.file.path, self.first_line[key], f'model "{key[0]}" has judgments in dimension '
                               f'"{key[1]}" but no row in releases/{self.file.release}.csv, and the metric formula '
                               f'"{context.kind.formula}" does not compute a score from counts: add the row with its score')
                continue
            result.scores[key] = Score(computed, win, tie, loss)
            result.seen[key] = self.first_line[key]

    def check_overalls(self, result, problems, context, path):
        """A model judged in every dimension it has: its CSV overall must agree with the sum of its
        verdicts, and takes those counts. Models judged in part, or not at all, get a warning: their
        published numbers are not checked against any verdict."""
        scores, seen, places = result.scores, result.seen, context.decimals
        dimensions = {}
        for model_id, dimension in scores:
            if dimension != rules.OVERALL:
                dimensions.setdefault(model_id, []).append(dimension)
        for model_id in sorted(dimensions):
            if model_id in self.doubtful or model_id in result.doubtful:
                continue
            unjudged = [d for d in dimensions[model_id] if (model_id, d) not in self.counts]
            if unjudged:
                first = min(seen[(model_id, d)] for d in unjudged)
                problems.warn(path, first, f'model "{model_id}" has no verdict in judgments/{self.file.path.name} '
                              f'for {", ".join(unjudged)}: those scores and its overall are not checked against any, '
                              "and it takes part in the sign tests and question pages only where judged")
                continue
            key = (model_id, rules.OVERALL)
            if key not in scores:
                continue   # pooled from the dimension rows later
            total = tuple(sum(self.counts[(model_id, d)][i] for d in dimensions[model_id]) for i in range(3))
            overall, computed = scores[key], metrics.from_counts(context.kind, *total)
            given = f"win {total[0]}, tie {total[1]}, loss {total[2]}"
            if overall.counted and (overall.win, overall.tie, overall.loss) != total:
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
                scores[key] = Score(overall.value, *total, interval=overall.interval)
