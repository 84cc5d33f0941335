"""Routes: which pages the site has, at which paths, and the links between them (relative, so the
site works under any base path, a GitHub Pages project site included)."""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from . import cells, metrics
from .model import Release, Site


@dataclass(frozen=True)
class PageSpec:
    path: str            # path inside the language's tree, e.g. "board/models/x/index.html"
    template: str
    context: dict


def sitemap(site: Site, files) -> bytes:
    """Every page's canonical address, for search engines (only with a base_url)."""
    pages = sorted(canonical_path(p) for p in files
                   if p.endswith(".html") and not p.endswith(("404.html", cells.FULL_TABLE)))   # (full tables: noindex)
    entries = "".join(f"<url><loc>{xml_escape(site.base_url + p)}</loc></url>\n" for p in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</urlset>\n").encode("utf-8")


def page_specs(site: Site):
    """Every page of one language, in a stable order."""
    home = site.boards[0]
    if len(site.boards) > 1:   # a site of several boards opens on all of them
        yield PageSpec("index.html", "home.html", {})
    else:
        yield from board_pages("", {"board": home, "release": home.latest, "is_home": True})
    yield PageSpec("404.html", "404.html", {"top_level": top_level(site)})
    for board in site.boards:
        yield from board_pages(f"{board.id}/", {"board": board, "release": board.latest})
        yield PageSpec(f"{board.id}/embed/index.html", "embed.html", {"board": board, "release": board.latest})
        for release in board.releases:
            yield from board_pages(f"{board.id}/{release.id}/", {"board": board, "release": release})
        for model in board.models:
            yield PageSpec(f"{board.id}/models/{model.id}/index.html", "model.html",
                           {"board": board, "model": model, "references": references(board.latest, model.id),
                            "current": board.latest.entry(model.id)})
        yield PageSpec(f"{board.id}/changelog/index.html", "changelog.html", {"board": board})
        yield PageSpec(f"{board.id}/compare/index.html", "compare.html",
                       {"board": board, "release": board.latest, "chosen": default_comparison(board.latest)})
        if board.dialogues:
            yield PageSpec(f"{board.id}/dialogues/index.html", "dialogues.html", {"board": board})
        for dialogue in board.dialogues:
            yield PageSpec(f"{board.id}/dialogues/{dialogue.id}/index.html", "dialogue.html",
                           {"board": board, "dialogue": dialogue})
        judged = board.judged
        if judged:
            yield PageSpec(f"{board.id}/questions/index.html", "questions.html", {"board": board, "release": judged})
        for question in judged.questions if judged else ():
            yield PageSpec(f"{board.id}/questions/{question.id}/index.html", "question.html",
                           {"board": board, "release": judged, "question": question})
        for dim in board.dimensions:
            yield PageSpec(f"{board.id}/dimensions/{dim.id}/index.html", "dimension.html",
                           {"board": board, "dimension": dim, "release": board.latest,
                            "ranked": ranked_by(board.latest, dim.id, board.metric.higher_is_better)})


def board_pages(folder: str, context: dict):
    """A board page in this folder, and the full table beside it when its tables are long (cells.lazy):
    the page then carries each table body's first rows_limit rows, the full table all of them."""
    lazy = cells.lazy(context["release"])
    yield PageSpec(f"{folder}index.html", "board.html",
                   {**context, "rows_limit": cells.PAGE if lazy else None, "full_table": False})
    if lazy:
        yield PageSpec(folder + cells.FULL_TABLE, "board.html", {**context, "rows_limit": None, "full_table": True})


def default_comparison(release: Release) -> list:
    """The compare page's default: the best reference model and the best ranked one, in table order,
    and the next ranked ones until there are two (a board without references or dimensions)."""
    chosen = list(release.leaders)
    for entry in release.entries:
        if len(chosen) >= 2:
            break
        if entry.model.id not in chosen:
            chosen.append(entry.model.id)
    return sorted(chosen, key=release.position.get)


def references(release: Release, model_id: str) -> set:
    """What a model's radar is drawn against: the release's leaders, and the model itself."""
    return set(release.leaders) | {model_id}


def ranked_by(release: Release, dimension_id: str, higher_is_better: bool) -> list:
    """(entry, score) of the models scored in a dimension, best first, then by name."""
    scored = [(e, e.scores[dimension_id]) for e in release.entries if e.scores[dimension_id] is not None]
    return sorted(scored, key=lambda pair: (metrics.best_first(pair[1].value, higher_is_better), pair[0].model.id))


def canonical_path(path: str) -> str:
    return path[: -len("index.html")] if path.endswith("index.html") else path


def relative(here: str, target: str) -> str:
    """Relative URL from the page at `here` to `target` (both plain paths from the site root; a
    target ending in "/" or empty is a folder). Written out rather than with posixpath.relpath,
    several times slower, since it runs for every link of every page."""
    start = here.split("/")[:-1]
    parts = target.split("/")
    assert not any(p in ("", ".", "..") for p in start + parts[:-1]), (here, target)   # plain paths only
    common = 0
    while common < len(start) and common < len(parts) - 1 and start[common] == parts[common]:
        common += 1
    rel = "../" * (len(start) - common) + "/".join(parts[common:])
    return rel or "./"




def top_level(site: Site) -> list:
    """The names at the top of the site's tree (what the 404 page looks for in a missing address to
    find where the site starts)."""
    return sorted({"assets", *(b.id for b in site.boards), *(site.prefix(lang).strip("/") for lang in site.languages)} - {""})
