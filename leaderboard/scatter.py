"""The score against a model fact: each model's ranking score (with its 95% interval) against its
size, release date, price, one of the board's own numbers or a measure; the reader picks the axis.

The figure carries every axis's values by model id (`axes`): site.js puts the chosen one in, leaves
out the models without a value and those the filters hide, and draws the front on what is left (the
models no other beats on both the axis and the score: the best score for a size, a price, or so far
in time).
"""
from __future__ import annotations

import html
from typing import NamedTuple

from . import charts
from .columns import fact_heading, fact_text
from .facts import size_text


class Axis(NamedTuple):
    key: str
    title: str
    kind: str                # "linear", "log" or "date"
    better: str | None       # "higher", "lower", or None (no front)
    values: dict             # {model id: its value}
    shown: dict | None       # {model id: the value as the pages write it}, or None (dates: as they are)


class Point(NamedTuple):
    """A model's point, as every chart of its release draws it (in one language)."""
    id: str
    y: float
    label: str
    colour: str
    symbol: str
    interval: tuple | None
    facts: dict              # {fact id: the model's value}, the facts it has that a chart can plot
    shown: dict              # {fact id: the value as written}, but dates (shown as they are)
    measures: dict           # {measure id: the model's value}, the measures it has


def plotted_facts(board) -> list:
    return [fact for fact in board.facts if fact.type not in ("text", "yes_no")]


def point(board, entry, lang: str, t: dict) -> Point:
    model = entry.model
    facts = [fact for fact in plotted_facts(board) if fact.id in model.facts]
    shown = {fact.id: size_text(model.facts[fact.id]) if fact.type == "size" else fact_text(fact, model.facts[fact.id], lang, t)
             for fact in facts if fact.type != "date"}
    return Point(model.id, entry.overall.value, charts.label(model.name[lang]), charts.colour(model), charts.symbol(model),
                 board.interval(entry.overall), {fact.id: model.facts[fact.id] for fact in facts}, shown,
                 {m.id: entry.measures[m.id] for m in board.measures if entry.measures[m.id] is not None})


def points(board, release, entries, lang: str, t: dict) -> list:
    """The entries' points: a big board's every model page draws the same top models, so each point
    is made once per release and language."""
    known = charts.kept(release, ("points", lang), dict)
    for entry in entries:
        if entry.model.id not in known:
            known[entry.model.id] = point(board, entry, lang, t)
    return [known[entry.model.id] for entry in entries]


def axes(board, drawn: list, lang: str, t: dict, heading) -> list:
    """The axes these points can be drawn against: facts (size, date, price, the board's numbers) and
    measures, each where at least two of them have a value."""
    found = []
    for fact in plotted_facts(board):
        values = {p.id: p.facts[fact.id] for p in drawn if fact.id in p.facts}
        kind = "date" if fact.type == "date" else "log" if fact.log and all(v > 0 for v in values.values()) else "linear"
        better = None if fact.higher_is_better is None else "higher" if fact.higher_is_better else "lower"
        shown = None if fact.type == "date" else {p.id: p.shown[fact.id] for p in drawn if fact.id in p.facts}
        found.append(Axis(fact.id, fact_heading(fact, lang, t), kind, better, values, shown))
    for measure in board.measures:
        values = {p.id: p.measures[measure.id] for p in drawn if measure.id in p.measures}
        found.append(Axis(measure.id, heading(measure, measure.name), "linear",
                          "higher" if measure.higher_is_better else "lower", values, None))
    return [a for a in found if len(a.values) >= 2]


# Above this many models the chart draws plain dots without error bars: every filter and axis change
# redraws it, and a thousand of each take 170 ms in Chromium (dots alone 70 ms; tests/bench/interactions.py).
MANY = 200


def many(entries) -> bool:
    return len(entries) > MANY


def figure(board, release, lang: str, t: dict, heading, only=None, highlight=None) -> dict | None:
    """The chart of this release (the models in `only`, or all), with the model `highlight` drawn
    large and named; None when there is no axis to draw against."""
    entries = release.entries if only is None else sorted(
        (e for e in map(release.entry, {*only, highlight} - {None}) if e is not None), key=lambda e: release.position[e.model.id])
    drawn = points(board, release, entries, lang, t)
    offered = axes(board, drawn, lang, t, heading)
    if not offered:
        return None
    metric = board.metric
    intervals = [p.interval for p in drawn]
    lo, hi = charts.span(metric, [p.y for p in drawn] + [end for i in intervals if i for end in i])
    mine = [p.id == highlight for p in drawn]
    trace = {
        "type": "scatter", "mode": "markers", "name": "",
        "x": [None] * len(drawn),            # the chosen axis's values (site.js)
        "y": [p.y for p in drawn],
        "meta": [p.id for p in drawn],
        "text": [p.label for p in drawn],
        "marker": {"color": [p.colour for p in drawn],
                   "symbol": [p.symbol for p in drawn],
                   "size": [16 if m else 10 for m in mine] if highlight else 10,
                   "opacity": [1 if m else 0.45 for m in mine] if highlight else 0.9,
                   "line": {"width": 1, "color": "#fff"}},
        "hoverlabel": {"namelength": 0},
    }
    if many(entries):   # a thousand error bars and marker shapes double the time a redraw takes (and read as noise)
        del trace["marker"]["symbol"]
    elif any(intervals):
        trace["error_y"] = {"type": "data", "symmetric": False, "thickness": 1, "width": 0, "color": "#888888",
                            "array": [None if i is None else i[1] - p.y for i, p in zip(intervals, drawn)],
                            "arrayminus": [None if i is None else p.y - i[0] for i, p in zip(intervals, drawn)]}
    front = {"type": "scatter", "mode": "lines+text", "x": [], "y": [], "text": [], "textposition": "top center",
             "textfont": {"size": 11}, "cliponaxis": False, "hoverinfo": "skip", "name": "",
             "line": {"color": "#888888", "width": 1.5, "dash": "dot"}}
    data = [front, trace]
    if highlight:
        data.append({"type": "scatter", "mode": "text", "x": [None], "y": [release.entry(highlight).overall.value],
                     "meta": [highlight], "text": [charts.label(release.entry(highlight).model.name[lang])],
                     "textposition": "top center", "hoverinfo": "skip", "textfont": {"size": 13}})
    score_title = heading(metric, metric.overall_name)
    return {
        "data": data,
        "layout": charts.themed({
            "showlegend": False, "hovermode": "closest",
            # The x axis changes with the reader's choice: a margin it fits in on every axis (one line
            # of ticks and the title), not one plotly measures anew on each change (11-15% of an axis
            # change at 1,000 models).
            "xaxis": {"title": {"text": ""}, "gridcolor": "#ddd", **charts.FIXED},
            "yaxis": {"title": {"text": charts.label(score_title)}, "range": charts.oriented(metric, lo, hi),
                      "gridcolor": "#ddd", "automargin": True, **charts.FIXED},
            "margin": {"l": 10, "r": 20, "t": 20, "b": 56}, "height": 420,
        }),
        "config": charts.CONFIG,
        # What site.js needs to put an axis in and draw the front.
        "axes": {a.key: {"title": charts.label(a.title), "type": a.kind, "better": a.better, "values": a.values,
                         **({"shown": a.shown} if a.shown else {})} for a in offered},
        "axis": offered[0].key,
        **({"named": charts.label(release.entry(highlight).model.name[lang])} if highlight else {}),
        "score": {"title": charts.label(score_title), "decimals": metric.decimals,
                  "better": "higher" if metric.higher_is_better else "lower"},
    }


def axis_choices(figure_: dict) -> list:
    """(key, title) of the figure's axes, for the picker beside it (titles as text: the page escapes them)."""
    return [(key, html.unescape(axis["title"])) for key, axis in figure_["axes"].items()]
