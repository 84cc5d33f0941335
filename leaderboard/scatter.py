"""The score against a model fact: each model's ranking score (with its 95% interval) against its
size, release date, price, one of the board's own numbers or a measure; the reader picks the axis.

The figure carries every axis's values by model id (`axes`): site.js puts the chosen one in, leaves
out the models without a value and those the filters hide, and draws the front on what is left (the
models no other beats on both the axis and the score: the best score for a size, a price, or so far
in time).
"""
from __future__ import annotations

import html

from . import charts
from .columns import fact_heading, fact_text
from .facts import size_text


class Axis:
    def __init__(self, key, title, kind, better, values, shown=None):
        self.key, self.title, self.kind, self.better, self.values, self.shown = key, title, kind, better, values, shown


def axes(board, entries, lang: str, t: dict, heading) -> list:
    """The axes these entries can be drawn against: facts (size, date, price, the board's numbers) and
    measures, each where at least two of them have a value."""
    found = []
    for fact in board.facts:
        if fact.type in ("text", "yes_no"):
            continue
        values = {e.model.id: e.model.facts[fact.id] for e in entries if fact.id in e.model.facts}
        kind = "date" if fact.type == "date" else "log" if fact.log and all(v > 0 for v in values.values()) else "linear"
        better = None if fact.higher_is_better is None else "higher" if fact.higher_is_better else "lower"
        shown = {i: size_text(v) for i, v in values.items()} if fact.type == "size" else \
            {i: fact_text(fact, v, lang, t) for i, v in values.items()} if fact.type != "date" else None
        found.append(Axis(fact.id, fact_heading(fact, lang, t), kind, better, values, shown))
    for measure in board.measures:
        values = {e.model.id: e.measures[measure.id] for e in entries if e.measures[measure.id] is not None}
        found.append(Axis(measure.id, heading(measure, measure.name), "linear",
                          "higher" if measure.higher_is_better else "lower", values))
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
    offered = axes(board, entries, lang, t, heading)
    if not offered:
        return None
    metric = board.metric
    scores = [e.overall for e in entries]
    lo, hi = charts.span(metric, charts.interval_values(board, scores))
    intervals = [board.interval(s) for s in scores]
    mine = [e.model.id == highlight for e in entries]
    points = {
        "type": "scatter", "mode": "markers", "name": "",
        "x": [None] * len(entries),            # the chosen axis's values (site.js)
        "y": [s.value for s in scores],
        "meta": [e.model.id for e in entries],
        "text": [charts.label(e.model.name[lang]) for e in entries],
        "marker": {"color": [charts.colour(e.model) for e in entries],
                   "symbol": [charts.symbol(e.model) for e in entries],
                   "size": [16 if m else 10 for m in mine] if highlight else 10,
                   "opacity": [1 if m else 0.45 for m in mine] if highlight else 0.9,
                   "line": {"width": 1, "color": "#fff"}},
        "hoverlabel": {"namelength": 0},
    }
    if many(entries):   # a thousand error bars and marker shapes double the time a redraw takes (and read as noise)
        del points["marker"]["symbol"]
    elif any(intervals):
        points["error_y"] = {"type": "data", "symmetric": False, "thickness": 1, "width": 0, "color": "#888888",
                             "array": [None if i is None else i[1] - s.value for i, s in zip(intervals, scores)],
                             "arrayminus": [None if i is None else s.value - i[0] for i, s in zip(intervals, scores)]}
    front = {"type": "scatter", "mode": "lines+text", "x": [], "y": [], "text": [], "textposition": "top center",
             "textfont": {"size": 11}, "cliponaxis": False, "hoverinfo": "skip", "name": "",
             "line": {"color": "#888888", "width": 1.5, "dash": "dot"}}
    data = [front, points]
    if highlight:
        data.append({"type": "scatter", "mode": "text", "x": [None], "y": [release.entry(highlight).overall.value],
                     "meta": [highlight], "text": [charts.label(release.entry(highlight).model.name[lang])],
                     "textposition": "top center", "hoverinfo": "skip", "textfont": {"size": 13}})
    score_title = heading(metric, metric.overall_name)
    return {
        "data": data,
        "layout": charts.themed({
            "showlegend": False, "hovermode": "closest",
            "xaxis": {"title": {"text": ""}, "gridcolor": "#ddd", "automargin": True, **charts.FIXED},
            "yaxis": {"title": {"text": charts.label(score_title)}, "range": charts.oriented(metric, lo, hi),
                      "gridcolor": "#ddd", "automargin": True, **charts.FIXED},
            "margin": {"l": 10, "r": 20, "t": 20, "b": 10}, "height": 420,
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
