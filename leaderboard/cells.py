"""Table cells: the bulk of a big board's pages, built here as strings rather than by Jinja macros
(several times faster)."""
from __future__ import annotations

from markupsafe import Markup, escape

from . import rules
from .model import Board


# Table cells are the bulk of a big board's pages: built here rather than by Jinja macros (several
# times faster). What goes in unescaped is safe by construction: formatted numbers ("12.35", "—")
# and ids that validation holds to [a-z0-9._-].
def score_cell(board: Board | None, t: dict, score, dimension_id: str, href=None) -> Markup:
    """A score's cell; with counts, they go in data attributes (for the tie-rule switch) and in a
    detail line: wins, ties, losses and the 95% interval."""
    shown = format_score(board, score)
    counts = detail = ""
    if score is not None and score.win is not None:
        shown = f'<span class="v">{shown}</span>'
        counts = f' data-win="{score.win}" data-tie="{score.tie}" data-loss="{score.loss}"'
        detail = count_detail(board, t, score)
    if href:
        shown = f'<a href="{escape(href)}" class="cell-link" title="{escape(t["dialogue_cell_title"])}">{shown}</a>'
    value = "" if score is None else score.value
    return Markup(f'<td class="num" data-dimension="{dimension_id}" data-value="{value}"{counts}>{shown}{detail}</td>')


def count_detail(board: Board, t: dict, score) -> str:
    """Wins, ties, losses and the interval, kept by everything they are made of: a score appears on
    many pages (its release's board pages, its model's history), the same counts in many cells."""
    labels = (t["win_short"], t["tie_short"], t["loss_short"], t["n_short"])
    key = (score.win, score.tie, score.loss, score.interval, board.rates, labels)
    if key not in _details:
        win, tie, loss, n = map(escape, labels)
        interval = board.interval(score)
        ci = f' <span class="ci">{interval_text(interval)}</span>' if interval else ""
        _details[key] = (f'<span class="cell-detail">{win}{score.win} {tie}{score.tie} {loss}{score.loss} '
                         f'{n}{score.win + score.tie + score.loss}{ci}</span>')
    return _details[key]


_details = {}


def interval_text(interval) -> str:
    return f"{interval[0]:.1f}–{interval[1]:.1f}"


def rank_range_cell(entry) -> Markup:
    best, worst = entry.rank_range
    return Markup(f'<td class="num rank-range" data-value="{best}">{best if best == worst else f"{best}–{worst}"}</td>')


def rank_cell(entry) -> Markup:
    rank = "" if entry.rank is None else entry.rank
    return Markup(f'<td class="rank" data-rank="{rank}" data-rank-all="{entry.rank_all}">'
                  f'{"-" if entry.rank is None else entry.rank}</td>')


def row_attrs(entry, lang: str) -> Markup:
    """The data attributes the board tables' filters and search read."""
    model = entry.model
    search = " ".join([model.id, *model.name.values(), *model.aliases]).lower()
    return Markup(f'data-model="{escape(model.id)}" data-group="{escape(model.group.id)}" '
                  f'data-org="{escape(model.org[lang] if model.org else "")}" data-license="{escape(model.license or "")}" '
                  f'data-params="{escape(model.params or "")}" data-search="{escape(search)}"')


def format_score(board: Board | None, score) -> str:
    if score is None:
        return "—"
    value = score.value if hasattr(score, "value") else score
    return rules.rounded(value, board.metric.decimals if board else 2)


