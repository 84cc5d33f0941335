"""The rows of a board page's two big tables (the ranking and the scores by dimension), built as
strings: they are most of a big board's page (a Jinja loop spent about 145 µs on a row; this, about
half of that). The HTML is exactly what the templates wrote, whitespace included, and every value
goes through what a template's {{ }} does to it: cells.visible, then escaping.

The home page, the board's page and its latest release's page carry the same tables: each is made
once per language and reused, its relative links rewritten for the page it goes on (`shared`).
"""
from __future__ import annotations

import posixpath
import re
from typing import NamedTuple

from markupsafe import Markup, escape

from .cells import rank_cell, visible
from .routes import relative


class PageTools(NamedTuple):
    """What rows need from the page they are on (render.render_page makes them)."""
    here: str                # the page's path from the site's root
    lang: str
    t: dict
    model_link: object       # (board, model) -> Markup
    cell: object             # (score, dimension id, href=None, bar=None) -> Markup
    dimension_cells: object  # (board, entry) -> Markup
    row_attrs: object        # (entry, release) -> Markup


def shown(value) -> str:
    """A value as a template's {{ value }} writes it."""
    return escape(visible(value))


def ranking_rows(page: PageTools, board, release, band, bar, has_org: bool, columns: list, previous, moves) -> Markup:
    """The rows of one band of the ranking table, each ending in a line break but the last; `columns`
    are the optional ones after the score (columns.optional_columns)."""
    t, lang = page.t, page.lang
    upstream = shown(t["upstream_link"])
    rows = []
    for e in band:
        model = e.model
        ext = (f' <a class="ext" href="{shown(model.url)}" rel="noopener" aria-label="{shown(model.name[lang])}'
               f'{shown(t["colon"])}{upstream}" title="{upstream}">↗</a>') if model.url else ""
        org = f'<td class="org">{shown(model.org[lang] if model.org else "")}</td>' if has_org else ""
        rest = "".join(column.cell(e) for column in columns)
        rows.append(f'<tr {shown(page.row_attrs(e, release))}>\n  {shown(rank_cell(e))}\n'
                    f'  <th scope="row" class="model">{shown(page.model_link(board, model))}{ext}'
                    f'{move_badge(t, e, previous, moves)}</th>\n'
                    f'{org}  {shown(page.cell(e.overall, "overall", bar=bar))}\n{rest}</tr>\n')
    return Markup("".join(rows)[:-1])


def move_badge(t: dict, e, previous, moves) -> str:
    """"New", or its move in rank, since the previous release."""
    if not previous:
        return ""
    c = moves[e.model.id]
    if c.before is None:
        return (f' <span class="badge new" title="{shown(t["new_title"].format(date=previous.id))}">'
                f'{shown(t["new"])}</span>\n')
    if c.rank_move:
        up = c.rank_move > 0
        return (f' <span class="move {"up" if up else "down"}" title="{shown(t["move_title"].format(date=previous.id))}">'
                f'{"▲" if up else "▼"}{abs(c.rank_move)}<span class="visually-hidden"> '
                f'{shown(t["move_up"] if up else t["move_down"])}</span></span>\n')
    return ""


def dimension_rows(page: PageTools, board, release, band) -> Markup:
    """The rows of one band of the scores-by-dimension table, each ending in a line break but the last."""
    rows = [f'<tr {shown(page.row_attrs(e, release))}>\n  {shown(rank_cell(e))}\n'
            f'  <th scope="row" class="model">{shown(page.model_link(board, e.model))}</th>\n'
            f'  {shown(page.cell(e.overall, "overall"))}\n  {shown(page.dimension_cells(board, e))}\n</tr>\n'
            for e in band]
    return Markup("".join(rows)[:-1])


# --- made once, reused ----------------------------------------------------------------------------

_made = {}   # {(lang, which, board id, release id, band): (rows, the path of the page they were made on)}
HREF = re.compile(r'href="(?!https?:|#)([^"?#]*)')   # a relative link (query and fragment left as they are)


def forget() -> None:
    """Drop what the last render made (--serve renders again and again in one process)."""
    _made.clear()


def shared(make, page: PageTools, board, release, band_index: int, *args, limit: int | None = None) -> Markup:
    """make(page, board, release, band, *args) for the band's first `limit` rows (or all), made once
    per language and release, then its links rewritten for each page that carries it (none for a
    page in the same folder: the full table beside a page)."""
    key = (page.lang, make.__name__, board.id, release.id, band_index, limit)
    if key not in _made:
        _made[key] = (make(page, board, release, release.bands[band_index][1][:limit], *args), page.here)
    rows, made_on = _made[key]
    start = posixpath.dirname(made_on)
    if start == posixpath.dirname(page.here):
        return rows
    return Markup(HREF.sub(lambda m: 'href="' + rebased(start, m.group(1), page.here), rows))


def rebased(start: str, href: str, here: str) -> str:
    """A relative link made on a page in folder `start`, as a link from the page at `here`."""
    target = posixpath.normpath(posixpath.join(start, href))
    folder = href.endswith("/") or href in ("", ".", "./")
    return relative(here, "" if target == "." else target + "/" * folder)
