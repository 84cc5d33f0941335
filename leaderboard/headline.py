"""The answer at a glance: who leads a release, by how much, and whether the evaluation separates
the two (where intervals are known), in one line above the ranking."""
from __future__ import annotations

from markupsafe import Markup, escape

from . import rules


def headline(board, release, lang: str, t: dict, link, table_hides: bool = False) -> Markup:
    """The line for a board page: "#1 A (35.12), 8.07 ahead of #2 B (27.05)…", in the board's words.
    `table_hides`: the page's table hides models with a hidden tag (the board page's, not an embed's)."""
    ranked = [e for e in release.entries if e.rank is not None]
    if not ranked:
        return Markup(escape(t["headline_none"]))
    places = board.metric.decimals

    def named(entry) -> Markup:
        url = link(f"{board.id}/models/{entry.model.id}/")
        return Markup('<a href="{}">{}</a>').format(url, entry.model.name[lang])

    def shown(entry) -> str:
        return rules.rounded(entry.overall.value, places)

    def hidden(entries) -> Markup:
        """That the table hides one of the models named until asked (a tag such as "deprecated"): said
        after the line, and only with the script (without it, the table hides nothing)."""
        said = Markup("")
        for entry in entries if table_hides else ():
            tags = [tag for tag in board.tags if tag.hidden and tag.id in entry.model.tags]
            if tags:   # (site.js hides it when the reader shows those tags)
                said += Markup('<span class="scripted" data-hidden-by="{}">{}</span>').format(
                    " ".join(tag.id for tag in tags), Markup(escape(t["sentence_sep"] + t["headline_hidden"])).format(
                        model=named(entry), tags=t["list_sep"].join(tag.name[lang] for tag in tags)))
        return said

    leaders = [e for e in ranked if e.rank == 1]
    score = shown(leaders[0])
    if len(leaders) > 1:
        names = Markup(escape(t["list_sep"])).join(named(e) for e in leaders)
        return Markup(escape(t["headline_shared"])).format(names=names, score=score) + hidden(leaders)
    first = leaders[0]
    if len(ranked) == 1:
        return Markup(escape(t["headline_alone"])).format(first=named(first), score=score) + hidden(leaders)
    second = ranked[1]
    gap = abs(first.overall.value - second.overall.value)
    text = Markup(escape(t["headline"])).format(first=named(first), score=score, gap=rules.rounded(gap, places),
                                                second=named(second), second_score=shown(second))
    a, b = board.interval(first.overall), board.interval(second.overall)
    if a and b:
        overlap = a[0] <= b[1] and b[0] <= a[1]
        text += Markup(escape(t["sentence_sep"] + t["headline_overlap" if overlap else "headline_apart"]))
    return text + hidden([first, second])
