"""Table cells and headings: the bulk of a big board's pages, built here as strings rather than by
Jinja macros (several times faster)."""
from __future__ import annotations

from markupsafe import Markup, escape

from . import rules
from .model import Board


def visible(value):
    """Text or HTML without the characters pages never show (rules.UNSHOWN); HTML already made stays
    HTML. Applied to each rendered page whole, and to the values of tables built as strings."""
    if isinstance(value, str) and rules.UNSHOWN.search(value):
        cleaned = rules.UNSHOWN.sub("", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


# What goes in unescaped is safe by construction: formatted numbers ("12.35", "—") and ids that
# validation holds to [a-z0-9._-].
def score_cell(board: Board | None, t: dict, score, dimension_id: str, href=None, bar=None) -> Markup:
    """A score's cell; with counts, they go in data attributes (for the tie-rule switch) and, with
    its 95% interval, in a detail line. With `bar` (the axis's low and high ends), a bar under the
    number, the longer the better."""
    shown = format_score(board, score)
    counts = detail = ""
    if score is not None and (score.counted or score.interval):
        shown = f'<span class="v">{shown}</span>'
        if score.counted:
            counts = f' data-win="{score.win}" data-tie="{score.tie}" data-loss="{score.loss}"'
        detail = count_detail(board, t, score)
    if href:
        shown = f'<a href="{escape(href)}" class="cell-link" title="{escape(t["dialogue_cell_title"])}">{shown}</a>'
    value = "" if score is None else score.value
    if bar and score is not None:
        detail += bar_html(score.value, bar, board.metric.higher_is_better)
    return Markup(f'<td class="num" data-dimension="{dimension_id}" data-value="{value}"{counts}>{shown}{detail}</td>')


def bar_html(value: float, span, higher_is_better: bool) -> str:
    """A bar as long as the value's share of the axis (in whole per cent, a class of site.css), from
    the worse end."""
    low, high = span
    share = (value - low) / (high - low) if high > low else 1.0
    share = share if higher_is_better else 1.0 - share
    return f'<span class="bar" aria-hidden="true"><span class="w{round(100 * min(1.0, max(0.0, share)))}"></span></span>'


def count_detail(board: Board, t: dict, score) -> str:
    """The counts in the board's words (wins, ties, losses; or correct answers) and the interval,
    kept by everything they are made of: a score appears on many pages, the same counts in many cells."""
    accuracy = board.metric.kind.counts == ("correct", "total")
    labels = (t["correct_short"],) if accuracy else (t["win_short"], t["tie_short"], t["loss_short"])
    key = (score.win, score.tie, score.loss, score.interval, board.metric.kind.id, labels, t["n_short"])
    if key not in _details:
        interval = board.interval(score)
        parts = []
        if score.counted:
            counts = (score.win,) if accuracy else (score.win, score.tie, score.loss)
            parts += [f"{escape(label)}{count}" for label, count in zip(labels, counts)]
            parts.append(f'{escape(t["n_short"])}{score.win + score.tie + score.loss}')
        text = " ".join(parts)
        if interval:
            given = score.interval is not None
            text += f' <span class="ci">{interval_text(interval, board.metric.decimals if given else None)}</span>'
        _details[key] = f'<span class="cell-detail">{text.strip()}</span>'
    return _details[key]


_details = {}


def interval_text(interval, decimals=None) -> str:
    """A 95% interval as shown: one decimal for one computed from counts, the metric's for a published one."""
    if decimals is None:
        return f"{interval[0]:.1f}–{interval[1]:.1f}"
    return f"{rules.rounded(interval[0], decimals)}–{rules.rounded(interval[1], decimals)}"


def measure_cell(measure, value) -> Markup:
    shown = "—" if value is None else rules.rounded(value, measure.decimals)
    return Markup(f'<td class="num" data-measure="{measure.id}" data-value="{"" if value is None else value}">{shown}</td>')


def heading(t: dict, name: str, unit: str | None, higher_is_better: bool) -> str:
    """A number's column heading in the board's words: its name, with its unit and, where lower is
    better, that said too."""
    notes = ([unit] if unit else []) + ([] if higher_is_better else [t["lower_is_better"]])
    return name if not notes else f"{name}{t['lparen']}{t['list_sep'].join(notes)}{t['rparen']}"


def rank_range_cell(entry) -> Markup:
    best, worst = entry.rank_range
    return Markup(f'<td class="num rank-range" data-value="{best}">{best if best == worst else f"{best}–{worst}"}</td>')


def rank_cell(entry) -> Markup:
    rank = "" if entry.rank is None else entry.rank
    return Markup(f'<td class="rank" data-rank="{rank}" data-rank-all="{entry.rank_all}">'
                  f'{"-" if entry.rank is None else entry.rank}</td>')


# A board table of more than PAGE + PAGE / 2 rows shows its first PAGE rows when scripted (site.css;
# the others are a click away and stay out of the page's layout until then). Without a script, all.
PAGE = 50
# A release of more models than this keeps only each table body's first PAGE rows in its pages: the
# rest would be most of the page's bytes, and parsing them one long task (500 ms at N=1000 on a phone-
# speed CPU). They are in full-table.html beside the page, complete for a reader without a script,
# and site.js takes the rows from it a few at a time once the page is up.
LAZY_FROM = 200
FULL_TABLE = "full-table.html"


def lazy(release) -> bool:
    return len(release.entries) > LAZY_FROM


def row_attrs(entry, release, lang: str) -> Markup:
    """The data attributes the board tables' filters and search read (tag ids are slugs: no escaping
    needed), and the row's place in the published order (`data-seed`)."""
    model = entry.model
    search = " ".join(dict.fromkeys([model.id, *model.name.values(), *model.aliases,
                                     *(model.org.values() if model.org else ())])).lower()
    licence = model.facts.get("license")
    tags = f' data-tags="{" ".join(model.tags)}"' if model.tags else ""
    return Markup(f'data-model="{escape(model.id)}" data-group="{escape(model.group.id)}" '
                  f'data-org="{escape(model.org[lang] if model.org else "")}" data-license="{escape(licence[lang] if licence else "")}" '
                  f'data-search="{escape(search)}"{tags} data-seed="{release.published_position[model.id]}"')


def format_score(board: Board | None, score) -> str:
    if score is None:
        return "—"
    value = score.value if hasattr(score, "value") else score
    return rules.rounded(value, board.metric.decimals if board else 2)


