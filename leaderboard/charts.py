"""Charts as plain Plotly figure dicts (no plotly.graph_objects on the build path: fast, deterministic).

site.js draws every <script type="application/json" data-chart> when it scrolls into view. Charts
are for reading: no zoom, drag or modebar (a PNG download sits under each), so that a swipe over
one scrolls the page.
"""
from __future__ import annotations

import html
import json

from markupsafe import Markup

from . import metrics, rules

# Distinct hues, all of one middle lightness: each has at least 3:1 contrast (4:1 and more) against
# the page in light mode (#fff) and in dark mode (#15181d), so one palette serves both. A model's
# colour and marker symbol are fixed by its place in models.yaml.
PALETTE = ("#507caa", "#dc3e40", "#4a8642", "#b9610b", "#7b6fbc", "#96705b", "#e51a81", "#45837e",
           "#92750e", "#a36592", "#108591", "#6f6f6f")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "triangle-down", "star", "pentagon",
           "hexagram", "hourglass", "bowtie")

FONT = ('system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
        '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')


CONFIG = {"responsive": True, "displaylogo": False, "displayModeBar": False, "scrollZoom": False,
          "doubleClick": False, "showTips": False}
FIXED = {"fixedrange": True}   # an axis no gesture can zoom or pan

# A chart of hundreds of models is unreadable and makes a board page megabytes long: board-wide charts
# draw at most this many, the best by overall score (the tables beside them carry every model).
MOST_CHARTED = 30


def charted(release, board):
    """The ids of the models a board-wide chart draws, or None for all of them (worked out once per
    release: every model page of a big board asks)."""
    if len(release.entries) <= MOST_CHARTED:
        return None

    def best():
        higher = board.metric.higher_is_better
        ranked = sorted(release.entries,
                        key=lambda e: (metrics.best_first(e.overall.value, higher), release.position[e.model.id]))
        return frozenset(e.model.id for e in ranked[:MOST_CHARTED])
    return kept(release, "charted", best)


# What the model pages of a release all ask for, made once per render (and dropped at the start of
# the next: --serve renders again and again).
_kept = {}   # (id(release), key) -> (release, value)


def kept(release, key, make):
    """make(), once per release and key in a render."""
    found = _kept.get((id(release), key))
    if found is None or found[0] is not release:
        found = _kept[(id(release), key)] = (release, make())
    return found[1]


def forget() -> None:
    _kept.clear()


def themed(layout: dict, size: int = 13) -> dict:
    """The site's own small theme instead of a Plotly template: its CJK-aware fonts and transparent
    backgrounds, so that the page's light or dark colours show through (site.js sets text and grid
    colours from the page when it draws)."""
    return {"font": {"family": FONT, "size": size}, "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)", "dragmode": False, **layout}


def colour(model) -> str:
    return PALETTE[model.colour % len(PALETTE)]


def symbol(model) -> str:
    return SYMBOLS[model.colour % len(SYMBOLS)]


def span(metric, values) -> tuple:
    """The axis range (low, high) of a metric's charts: its declared ends, and where an end is open,
    the data's, with a margin."""
    low, high = metric.range
    values = [v for v in values if v is not None]
    if (low is None or high is None) and values:
        spread = (max(values) - min(values)) or abs(max(values)) or 1.0
        low = min(values) - 0.08 * spread if low is None else low
        high = max(values) + 0.08 * spread if high is None else high
    return (0 if low is None else low), (1 if high is None else high)


def oriented(metric, low, high) -> list:
    """An axis range with the better end outward (right, up): reversed where lower is better."""
    return [low, high] if metric.higher_is_better else [high, low]


def interval_values(board, scores) -> list:
    """Every score and interval end of these scores (what an open-ended axis must hold)."""
    found = []
    for score in scores:
        if score is not None:
            found.append(score.value)
            found.extend(board.interval(score) or ())
    return found


def label(value: str) -> str:
    """Plotly reads tags such as <a> and <span style> in labels: untrusted names become entities
    (which Plotly shows as the characters they stand for)."""
    return html.escape(value, quote=False)


def radar_default(release, ranked: int = 3) -> frozenset:
    """The models a board's radar opens with (the others one legend click away): the top-ranked
    ones and the best reference, among the models with dimension scores."""
    drawn = [e for e in release.entries if e.has_dimension_scores()]
    top = [e.model.id for e in drawn if e.rank is not None][:ranked]
    return frozenset(top + [e.model.id for e in drawn if e.rank is None][:1])


def radar(release, board, lang: str, shown=None, only=None) -> dict:
    """One trace per model with dimension scores, axes in the board's dimension order.
    The first point is repeated at the end so that each outline closes, as in the published chart.
    With `shown` (model ids), the other models start hidden: a click on the legend brings them in.
    With `only` (model ids), the others are left out (a model page stays small however big the board)."""
    axes = [label(d.name[lang]) for d in board.dimensions]
    lo, hi = span(board.metric, release.dimension_extremes)
    places = board.metric.decimals
    traces = []
    entries = release.entries if only is None else sorted(
        (e for e in map(release.entry, only) if e is not None), key=lambda e: release.position[e.model.id])
    for entry in entries:
        if not entry.has_dimension_scores():
            continue
        values = [None if entry.scores[d.id] is None else entry.scores[d.id].value for d in board.dimensions]
        traces.append({
            "type": "scatterpolar",
            "uid": entry.model.id,
            "name": label(entry.model.name[lang]),
            "r": values + values[:1],
            "theta": axes + axes[:1],
            "fill": "toself",
            "fillcolor": colour(entry.model) + "14",   # about 8% opaque: overlaps stay readable
            "line": {"color": colour(entry.model), "width": 2},
            "marker": {"size": 7, "symbol": symbol(entry.model)},
            "mode": "lines+markers",
            "connectgaps": True,
            "hovertemplate": f"<b>%{{fullData.name}}</b><br>%{{theta}}: %{{r:.{places}f}}<extra></extra>",
            **({} if shown is None or entry.model.id in shown else {"visible": "legendonly"}),
        })
    return {
        "data": traces,
        "layout": themed({
            "polar": {
                "radialaxis": {"range": oriented(board.metric, lo, hi), "angle": 90, "tickangle": 90, "gridcolor": "#ccc",
                               "tickfont": {"size": 10}, **FIXED},
                "angularaxis": {"rotation": 0, "direction": "counterclockwise", "gridcolor": "#ccc"},
                "bgcolor": "rgba(0,0,0,0)",
            },
            "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.08, "yanchor": "top"},
            "margin": {"l": 60, "r": 60, "t": 30, "b": 30},
            "hoverlabel": {"font": {"family": FONT}},
        }),
        "config": CONFIG,
    }


def bars(shown, board, lang: str) -> dict:
    """One mark per (entry, score), in the order given, the first MOST_CHARTED of them, with its 95%
    interval as an error bar where it has one, and the better end of the axis outward. On a closed
    scale a bar from the worse end (the better score the longer); where an end is open (a rating, a
    cost) a bar's length would mean nothing, so a dot."""
    shown = shown[:MOST_CHARTED]
    metric, places = board.metric, board.metric.decimals
    lo, hi = span(metric, interval_values(board, [s for _, s in shown]))
    closed = None not in metric.range
    base = lo if metric.higher_is_better else hi
    intervals = [board.interval(s) for _, s in shown]
    trace = {
        "type": "bar" if closed else "scatter",
        "orientation": "h",
        "y": [label(e.model.name[lang]) for e, _ in shown],
        "x": [s.value - base for _, s in shown] if closed else [s.value for _, s in shown],
        "customdata": [s.value for _, s in shown],
        "meta": [e.model.id for e, _ in shown],   # which model each mark is (site.js filters by it)
        "marker": {"color": [colour(e.model) for e, _ in shown]},
        "hovertemplate": f"<b>%{{y}}</b>: %{{customdata:.{places}f}}<extra></extra>",
    }
    if closed:
        trace["base"] = base
    else:
        del trace["orientation"]
        trace.update(mode="markers", marker={**trace["marker"], "size": 11,
                                             "symbol": [symbol(e.model) for e, _ in shown]})
    if any(intervals):
        trace["error_x"] = {"type": "data", "symmetric": False, "color": "#555",
                            "array": [None if i is None else i[1] - s.value for i, (_, s) in zip(intervals, shown)],
                            "arrayminus": [None if i is None else s.value - i[0] for i, (_, s) in zip(intervals, shown)]}
    return {
        "data": [trace],
        "layout": themed({
            "xaxis": {"range": oriented(metric, lo, hi), "gridcolor": "#ddd", **FIXED},
            "yaxis": {"autorange": "reversed", "automargin": True, **FIXED},
            "margin": {"l": 10, "r": 20, "t": 10, "b": 40},
            "height": 120 + 28 * len(shown),
        }),
        "config": CONFIG,
    }


def overall_bars(release, board, lang: str) -> dict:
    """The ranked models' scores, best first (for a board without dimensions; the unranked ones are in
    their band of the table)."""
    return bars([(e, e.overall) for e in release.entries if e.rank is not None], board, lang)


def embed(figure: dict) -> Markup:
    """Figure JSON that is safe inside <script type="application/json">: no "<", ">" or "&"."""
    text = json.dumps(figure, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


# Light blues only: plotly writes each cell's number in #444 on light cells and white on dark ones,
# and in between neither reads well; on these every number has at least 4.7:1.
HEATMAP_SCALE = [[0, "#f7fbff"], [0.5, "#c6dbef"], [1, "#85bcdb"]]


def heatmap(release, board, lang: str, only=None) -> dict:
    """Models (rows, in table order) by dimensions (columns); empty cells for missing scores.
    With `only` (model ids), the others are left out."""
    rows = [e for e in release.entries if e.has_dimension_scores() and (only is None or e.model.id in only)]
    lo, hi = span(board.metric, [s.value for e in rows for s in e.scores.values() if s is not None])
    places = board.metric.decimals
    z = [[None if e.scores[d.id] is None else e.scores[d.id].value for d in board.dimensions] for e in rows]
    return {
        "data": [{
            "type": "heatmap",
            "x": list(range(len(board.dimensions))),
            "y": [label(e.model.name[lang]) for e in rows],
            "z": z,
            # the numbers as the tables show them (rounded half-up, which %{z:.2f} would not do)
            "text": [["" if v is None else rules.rounded(v, places) for v in row] for row in z],
            "meta": [e.model.id for e in rows],   # which model each row is (site.js recomputes z by it)
            "zmin": lo, "zmax": hi,
            "colorscale": HEATMAP_SCALE,
            "reversescale": not board.metric.higher_is_better,   # the better score always the darker
            "texttemplate": "%{text}",
            "customdata": [[label(d.name[lang]) for d in board.dimensions] for _ in rows],
            "hovertemplate": "<b>%{y}</b><br>%{customdata}: %{text}<extra></extra>",
            "xgap": 1, "ygap": 1,
            "colorbar": {"thickness": 12},
        }],
        "layout": themed({
            # every column labelled (turned when they would collide), none dropped on a phone
            "xaxis": {"side": "top", "automargin": True, "tickmode": "array", "tickvals": list(range(len(board.dimensions))),
                      "ticktext": [label(d.name[lang]) for d in board.dimensions], **FIXED},
            "yaxis": {"autorange": "reversed", "automargin": True, **FIXED},
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "height": 140 + 34 * len(rows),
        }, size=12),
        "config": CONFIG,
    }


def pairwise(release, board, lang: str, only=None) -> dict:
    """Each rated model's share of wins (ties half) against each other (rows against columns), in
    ranking order; hover gives the number of battles. With `only` (model ids), the others are left out."""
    code, wins, games = release.pairwise
    rows = [e for e in release.entries if e.model.id in code and (only is None or e.model.id in only)]
    at = [code[e.model.id] for e in rows]
    rate = [[None if games[i, j] == 0 else float(100 * wins[i, j] / games[i, j]) for j in at] for i in at]
    names = [label(e.model.name[lang]) for e in rows]
    return {
        "data": [{
            "type": "heatmap", "x": list(range(len(rows))), "y": names, "z": rate,
            "text": [["" if v is None else rules.rounded(v, 0) for v in row] for row in rate],
            "customdata": [[[names[k], int(games[i, j])] for k, j in enumerate(at)] for i in at],
            "zmin": 0, "zmax": 100, "colorscale": HEATMAP_SCALE, "texttemplate": "%{text}",
            "hovertemplate": "<b>%{y}</b> vs %{customdata[0]}: %{text}% (n = %{customdata[1]})<extra></extra>",
            "xgap": 1, "ygap": 1, "colorbar": {"thickness": 12, "ticksuffix": "%"},
        }],
        "layout": themed({
            # no grid or zero line: they would cross the empty diagonal (a model against itself)
            "xaxis": {"side": "top", "automargin": True, "tickmode": "array", "tickvals": list(range(len(rows))),
                      "ticktext": names, "tickangle": -45, "showgrid": False, "zeroline": False, **FIXED},
            "yaxis": {"autorange": "reversed", "automargin": True, "showgrid": False, "zeroline": False, **FIXED},
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "height": 160 + 34 * len(rows),
        }, size=12),
        "config": CONFIG,
    }


def histories(board) -> list:
    """[(model, [overall score or None per release])] of the models scored in more than one release,
    in the latest release's order (those no longer in it after)."""
    found = [(m, [None if e is None else e.overall.value for _, e in board.history(m.id)]) for m in board.models]
    last = len(board.latest.entries)
    found.sort(key=lambda pair: board.latest.position.get(pair[0].id, last))
    return [(m, values) for m, values in found if sum(v is not None for v in values) > 1]


def trend_worth_drawing(board) -> bool:
    """Whether some model's overall score changed from one release to another (flat lines say nothing
    the tables do not)."""
    return any(len({v for v in values if v is not None}) > 1 for _, values in histories(board))


def trend(board, lang: str, only=None) -> dict:
    """Overall score by release, one line per model scored in more than one release (a gap where it
    was not evaluated). With `only` (model ids), the others are left out."""
    dates = [r.id for r in board.releases]
    places = board.metric.decimals
    traces = []
    for model, values in histories(board):
        if only is not None and model.id not in only:
            continue
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": label(model.name[lang]), "uid": model.id,
            "x": dates, "y": values, "line": {"color": colour(model), "width": 2},
            "marker": {"size": 8, "symbol": symbol(model)},
            "hovertemplate": f"<b>%{{fullData.name}}</b><br>%{{x}}: %{{y:.{places}f}}<extra></extra>",
        })
    return {
        "data": traces,
        "layout": themed({
            "xaxis": {"type": "category", "title": {"text": ""}, **FIXED},
            "yaxis": {"range": oriented(board.metric, *span(board.metric, [v for t in traces for v in t["y"]])),
                      "gridcolor": "#ddd", **FIXED},
            "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.15, "yanchor": "top"},
            "margin": {"l": 40, "r": 20, "t": 10, "b": 20},
            "height": 460,
        }),
        "config": CONFIG,
    }


def outcomes(release, board, lang: str, t: dict, only=None) -> dict:
    """Wins, ties and losses of each model's overall, as shares stacked to 100%, in table order.
    With `only` (model ids), the others are left out."""
    rows = [e for e in release.entries if e.overall.win is not None and (only is None or e.model.id in only)]
    names = [label(f"{e.model.name[lang]} (n={e.overall.win + e.overall.tie + e.overall.loss})") for e in rows]
    traces = []
    for key, word, hue in (("win", t["wins"], "#4e79a7"), ("tie", t["ties"], "#bab0ac"), ("loss", t["losses"], "#e15759")):
        counts = [getattr(e.overall, key) for e in rows]
        shares = [100.0 * c / (e.overall.win + e.overall.tie + e.overall.loss) for c, e in zip(counts, rows)]
        traces.append({
            "type": "bar", "orientation": "h", "name": label(word), "y": names, "x": shares,
            "customdata": counts, "marker": {"color": hue}, "meta": [e.model.id for e in rows],
            "hovertemplate": f"<b>%{{y}}</b><br>{label(word)}: %{{customdata}} (%{{x:.1f}}%)<extra></extra>",
        })
    return {
        "data": traces,
        "layout": themed({
            "barmode": "stack",
            "xaxis": {"range": [0, 100], "ticksuffix": "%", "gridcolor": "#ddd", **FIXED},
            "yaxis": {"autorange": "reversed", "automargin": True, **FIXED},
            "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.12, "yanchor": "top", "traceorder": "normal"},
            "margin": {"l": 10, "r": 20, "t": 10, "b": 40},
            "height": 140 + 28 * len(rows),
        }),
        "config": CONFIG,
    }
