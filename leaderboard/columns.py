"""The ranking table's optional columns: the organisation, the board's measures, the 95% rank range,
the models' facts (size, release date, licence, price, the board's own fields), their tags and
descriptions. Every one is in the HTML; the reader picks which are shown (site.js, ?cols=), and the
table's classes hide the others until then, so that the page reads the same without a script.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

from markupsafe import escape

from . import charts, rules
from .cells import heading as heading_text, measure_cell, rank_range_cell, visible
from .facts import size_text

NO_RANGE = '<td class="num rank-range" data-value="">-</td>'
MISSING = "—"   # a cell with nothing to show (a fact not on the card, no tags)


class Column(NamedTuple):
    key: str                 # the heading's data-key, the ?cols= and ?sort= name
    name: str                # the heading, plain text
    css: str                 # the heading's class, its cells' ("num" sorts best first; "desc" hides on a phone)
    lower_is_better: bool
    cell: Callable           # entry -> the cell's HTML


def shown(value) -> str:
    return str(escape(visible(value)))


def fact_text(fact, value, lang: str, t: dict) -> str:
    """A fact as the pages show it: 13B, 2023-07-18, 0.50, yes."""
    if value is None:
        return MISSING
    if fact.type == "size":
        return size_text(value)
    if fact.type == "yes_no":
        return t["yes"] if value else t["no"]
    if fact.type == "text":
        return value[lang]
    if fact.type == "date":
        return value
    return rules.rounded(value, fact.decimals)


def fact_value(fact, value) -> str:
    """A fact's data-value: the number (a yes as 1), or the date; empty when the model has none."""
    if value is None or fact.type == "text":
        return ""
    if fact.type == "yes_no":
        return "1" if value else "0"
    return str(value) if fact.type == "date" else repr(float(value))


def fact_cell(fact, model, lang: str, t: dict) -> str:
    value = model.facts.get(fact.id)
    text = shown(fact_text(fact, value, lang, t))
    if fact.type == "text":
        return f'<td class="fact" data-fact="{fact.id}">{"" if value is None else text}</td>'
    return f'<td class="{fact_class(fact)}" data-fact="{fact.id}" data-value="{fact_value(fact, value)}">{text}</td>'


def fact_class(fact) -> str:
    return {"text": "fact", "yes_no": "yn"}.get(fact.type, "num")


def fact_heading(fact, lang: str, t: dict) -> str:
    """Its name and unit; "lower is better" only for a number of the board's own that says so."""
    lower = fact.type == "number" and fact.higher_is_better is False
    return heading_text(t, fact.name[lang], fact.unit[lang] if fact.unit else None, not lower)


def optional_columns(board, release, lang: str, t: dict, heading, ranges: bool, has_desc: bool) -> list:
    """The columns after the score, in order: measures, rank range, facts, tags, description."""
    tag_names = {tag.id: tag.name[lang] for tag in board.tags}
    found = [Column(m.id, heading(m, m.name), "num", not m.higher_is_better,
                    lambda e, m=m: shown(measure_cell(m, e.measures[m.id]))) for m in board.measures]
    if ranges:
        found.append(Column("rank_range", t["rank_range"], "num", False,
                            lambda e: shown(rank_range_cell(e)) if e.rank_range else NO_RANGE))
    found += [Column(f.id, fact_heading(f, lang, t), fact_class(f), f.type == "number" and f.higher_is_better is False,
                     lambda e, f=f: fact_cell(f, e.model, lang, t)) for f in board.facts]
    if tag_names and any(e.model.tags for e in release.entries):
        found.append(Column("tags", t["tags"], "tags", False, lambda e: '<td class="tags">' + ("".join(
            f'<span class="tag">{shown(tag_names[tag])}</span>' for tag in e.model.tags) or MISSING) + "</td>"))
    if has_desc:
        found.append(Column("description", t["description"], "desc", False,
                            lambda e: f'<td class="desc">{shown(e.model.description[lang] if e.model.description else "")}</td>'))
    return found


def shown_at_first(board, keys) -> set:
    """The optional columns a reader sees before choosing: the board's `default_columns`, else the
    organisation, measures, rank range, size, tags and description."""
    if board.default_columns is not None:
        return set(board.default_columns)
    return {"org", "rank_range", "description", "params", "tags", *(m.id for m in board.measures)} & set(keys)


FIXED = ("rank", "model", "overall")
MOST_HIDDEN = 48   # site.css has a .hide-cN rule for columns 3 to 48


def hidden_classes(keys: list, shown_keys) -> str:
    """The classes that hide a table's optional columns not in `shown_keys`, by position (every row
    has every cell; site.css hides column N of a table of class hide-cN)."""
    return " ".join(f"hide-c{i + 1}" for i, key in enumerate(keys)
                    if key not in FIXED and key not in shown_keys and i < MOST_HIDDEN)


def named(columns: list) -> list:
    """(key, heading) of each column, for the column picker."""
    return [(c.key, c.name) for c in columns]


def fact_filters(board, release, lang: str, t: dict) -> tuple:
    """The facts a reader can filter this release's models by: ([(fact, lowest, highest shown)] of the
    numbers and dates, [fact] of the yes/no ones), each where the models differ in it."""
    ranged, yes_no = [], []
    for fact in board.facts:
        if fact.type == "text":
            continue
        values = sorted({e.model.facts[fact.id] for e in release.entries if fact.id in e.model.facts})
        if len(values) < 2:
            continue
        if fact.type == "yes_no":
            yes_no.append(fact)
        else:
            ranged.append((fact, fact_text(fact, values[0], lang, t), fact_text(fact, values[-1], lang, t)))
    return ranged, yes_no


def licences(release, lang: str) -> list:
    """The licences of this release's models, for the licence filter."""
    return sorted({e.model.facts["license"][lang] for e in release.entries if "license" in e.model.facts})


def present(release) -> dict:
    """What the ranking table and its filters need to know of the release's models as a whole, worked
    out once per release (as Jinja filter chains, about 20 ms of each 1,000-model board page):
    whether any has a rank range, an organisation or a description, its groups' ids and the overall
    scores (the ranking's bars span them)."""
    return charts.kept(release, "present", lambda: {
        "ranges": any(e.rank_range for e in release.entries),
        "org": any(e.model.org for e in release.entries),
        "desc": any(e.model.description for e in release.entries),
        "groups": {e.model.group.id for e in release.entries},
        "overall": [e.overall.value for e in release.entries],
    })


def organisations(release, lang: str) -> list:
    """The organisations of this release's models, for the filter, in alphabetical order. Spellings
    that differ only in case stay apart: the filter keeps the rows whose organisation is the one picked."""
    return charts.kept(release, ("organisations", lang), lambda: sorted(
        {e.model.org[lang] for e in release.entries if e.model.org}, key=lambda org: (org.lower(), org)))
