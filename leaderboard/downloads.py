"""Downloads: each release as CSV and JSON, its judgments and battles as JSON lines, its pairwise
win rates as CSV, and the per-model verdict files the compare page fetches."""
from __future__ import annotations

import csv
import io
import json
from functools import partial

from . import rules
from .model import Board, Release, Site


def release_record(board: Board, release: Release, lang: str) -> dict:
    """The release as data (DESIGN.md section 3), texts in the given language."""
    m = board.metric
    return {
        "board": board.id,
        "release": release.id,
        "metric": {"name": m.name[lang], "formula": m.formula, "range": list(m.range), "decimals": m.decimals,
                   "higher_is_better": m.higher_is_better,
                   "baseline": m.baseline[lang] if m.baseline else None,
                   "judge": m.judge[lang] if m.judge else None,
                   # Extensions: what the numbers are, in which unit, and how the overall is made.
                   "kind": m.kind.id, "unit": m.unit[lang] if m.unit else None, "overall": m.overall},
        "dimensions": [{"id": d.id, "name": d.name[lang]} for d in board.dimensions],
        **({"measures": [measure_record(x, lang) for x in board.measures]} if board.measures else {}),
        **({"facts": [fact_record(f, lang) for f in board.facts]} if board.facts else {}),
        **({"tags": [{"id": g.id, "name": g.name[lang], "hidden": g.hidden} for g in board.tags]} if board.tags else {}),
        "models": [{
            "id": e.model.id, "name": e.model.name[lang], "org": e.model.org[lang] if e.model.org else None,
            "group": e.model.group.id, "rank": e.rank, "overall": e.overall.value,
            "scores": {d.id: None if e.scores[d.id] is None else e.scores[d.id].value for d in board.dimensions},
            # Extensions of the contract: counts and 95% intervals where the release has counts.
            "counts": {key: counts_record(score) for key, score in (("overall", e.overall), *e.scores.items())},
            "intervals": {key: interval_record(board, score) for key, score in (("overall", e.overall), *e.scores.items())},
            "rank_range": list(e.rank_range) if e.rank_range else None,
            **({"measures": e.measures} if board.measures else {}),
            # Extensions: the model card's facts (sizes and prices as numbers) and tags.
            **({"facts": {f.id: fact_json(f, e.model.facts.get(f.id), lang) for f in board.facts}} if board.facts else {}),
            **({"tags": list(e.model.tags)} if board.tags else {}),
        } for e in release.published],
    }


def measure_record(measure, lang: str) -> dict:
    return {"id": measure.id, "name": measure.name[lang], "unit": measure.unit[lang] if measure.unit else None,
            "decimals": measure.decimals, "higher_is_better": measure.higher_is_better, "range": list(measure.range)}


def fact_record(fact, lang: str) -> dict:
    return {"id": fact.id, "name": fact.name[lang], "type": fact.type, "unit": fact.unit[lang] if fact.unit else None}


def fact_json(fact, value, lang: str):
    """A fact as data: a size or price as a number (a whole count of parameters), a date as written,
    a licence in the language, yes/no as true/false."""
    if value is None:
        return None
    if fact.type == "text":
        return value[lang]
    if fact.type == "size":
        return int(value)
    return value


def counts_record(score):
    return None if score is None or score.win is None else {"win": score.win, "tie": score.tie, "loss": score.loss}


def interval_record(board: Board, score):
    interval = board.interval(score)
    return None if interval is None else [round(interval[0], 4), round(interval[1], 4)]


def release_csv(board: Board, release: Release, lang: str) -> bytes:
    """The release for a spreadsheet: a UTF-8 byte-order mark (so that Excel reads the Chinese right),
    the numbers as the tables show them, and no cell a spreadsheet would run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    measures = board.measures
    writer.writerow(["rank", "model", "name", "org", "group", "overall", *(d.id for d in board.dimensions),
                     *(x.id for x in measures), *(f.id for f in board.facts), *(["tags"] if board.tags else [])])
    places = board.metric.decimals
    for e in release.published:
        writer.writerow(["" if e.rank is None else e.rank, e.model.id, inert(e.model.name[lang]),
                         inert(e.model.org[lang]) if e.model.org else "", e.model.group.id,
                         rules.rounded(e.overall.value, places),
                         *("" if e.scores[d.id] is None else rules.rounded(e.scores[d.id].value, places)
                           for d in board.dimensions),
                         *("" if e.measures[x.id] is None else rules.rounded(e.measures[x.id], x.decimals)
                           for x in measures),
                         *(fact_csv(f, e.model.facts.get(f.id), lang) for f in board.facts),
                         *([" ".join(e.model.tags)] if board.tags else [])])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def fact_csv(fact, value, lang: str) -> str:
    found = fact_json(fact, value, lang)
    if found is None:
        return ""
    if isinstance(found, bool):
        return "yes" if found else "no"
    return inert(found) if isinstance(found, str) else f"{found:g}" if isinstance(found, float) else str(found)


def pairwise_csv(release: Release) -> bytes:
    """One row per pair of rated models that met (in ranking order): the battles between them and
    the first one's wins (ties half) and win rate in percent."""
    code, wins, games = release.pairwise
    rated = [e.model.id for e in release.entries if e.model.id in code]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["model", "opponent", "battles", "wins", "win_rate"])
    for a in rated:
        for b in rated:
            i, j = code[a], code[b]
            if games[i, j]:
                writer.writerow([a, b, int(games[i, j]), f"{wins[i, j]:g}", rules.rounded(float(100 * wins[i, j] / games[i, j]), 2)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def inert(text: str) -> str:
    """A text cell no spreadsheet runs as a formula: one starting with =, +, -, @, a tab or a carriage
    return, and not a number, gets a leading apostrophe (the usual guard, which spreadsheets hide)."""
    return "'" + text if text.startswith(FORMULA_STARTS) and rules.parse_number(text) is None else text


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def data_files(board: Board, site: Site) -> dict:
    lang = site.languages[0]
    files = {}
    for release in board.releases:
        record = release_record(board, release, lang)
        files[f"{board.id}/data/{release.id}.json"] = dump_json(record)
        files[f"{board.id}/data/{release.id}.csv"] = release_csv(board, release, lang)
        if release.verdicts:
            files[f"{board.id}/data/{release.id}.judgments.jsonl"] = release.verdicts.jsonl()
            # For the compare page's sign tests, one small file per model: a reader fetches the two or
            # three chosen, not a table that grows with models × questions. One letter per (question,
            # turn), in one shared order: l, t, w, or - where the model was not judged.
            for model_id, letters in release.verdicts.letters().items():
                files[f"{board.id}/data/{release.id}-verdicts/{model_id}.txt"] = letters.encode("ascii")
        if release.battles:
            files[f"{board.id}/data/{release.id}.battles.jsonl"] = release.battles.jsonl()
            files[f"{board.id}/data/{release.id}.pairwise.csv"] = pairwise_csv(release)
    files[f"{board.id}/data/latest.json"] = files[f"{board.id}/data/{board.latest.id}.json"]
    return files


def dump_json(record) -> bytes:
    """The release as JSON, one line per model: readable, and written by json's C encoder (with
    `indent` it falls back to its Python one, ten times slower on a board of 1,000 models)."""
    line = partial(json.dumps, ensure_ascii=False, separators=(", ", ": "))
    head = line({key: value for key, value in record.items() if key != "models"})
    models = ",\n".join(line(m) for m in record["models"])
    return f'{head[:-1]}, "models": [\n{models}\n]}}\n'.encode("utf-8")
