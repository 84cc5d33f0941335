"""The verdict table of a question page, written as text rather than through Jinja: a question of a
1,000-model board has 1,000 rows, and 10,000 such questions are ten million rows per language.

What every page of a release shares is made once per process: the reasons escaped in one vectorised
pass (the same in every language), and the models' names escaped per language.
"""
from __future__ import annotations

from markupsafe import escape as markup_escape

from . import rules
from .cells import visible
from .stats import VERDICTS

_shared: dict = {}   # {(id of a release's Verdicts, language or None): escaped names or reasons}


def forget() -> None:
    """Drop what the last render made (--serve renders again and again in one process)."""
    _shared.clear()


def escaped_reasons(verdicts):
    """The reasons of every row, escaped for HTML (null where none): pyarrow strings."""
    key = (id(verdicts), None)
    if key not in _shared:
        import pyarrow.compute as pc   # judged boards only
        column = pc.replace_substring_regex(verdicts.reason, rules.UNSHOWN_RE2, "")
        for character, entity in rules.HTML_ESCAPES:
            column = pc.replace_substring(column, character, entity)
        _shared[key] = column
    return _shared[key]


def escaped_names(verdicts, release, lang: str) -> tuple:
    """Each judged model's name in this language, escaped, by its code in `verdicts.models`."""
    key = (id(verdicts), lang)
    if key not in _shared:
        shown = {m: release.entry(m).model.name[lang] for m in verdicts.judged}
        _shared[key] = tuple(escape(shown[m]) if m in shown else "" for m in verdicts.models)
    return _shared[key]


def escape(text: str) -> str:
    """Text as a template's {{ }} writes it: without the characters rules.UNSHOWN names, then escaped."""
    return str(markup_escape(visible(text)))


def table_bodies(release, question, lang: str, t: dict, models_href: str) -> str:
    """The question's verdicts as table bodies, one per verdict (win, tie, loss), each labelled with
    its count; a row per model and turn, in the board's order of models. `models_href` is the link
    from this page to the models' folder."""
    verdicts, start, stop = release.verdicts, question.start, question.stop
    names = escaped_names(verdicts, release, lang)
    reasons = escaped_reasons(verdicts).slice(start, stop - start).to_pylist()
    labels = [escape(t["verdict_" + v]) for v in VERDICTS]
    groups = {code: [] for code in reversed(range(len(VERDICTS)))}   # the best verdict first
    ids = verdicts.models
    for m, turn, code, reason in zip(verdicts.model[start:stop].tolist(), verdicts.turn[start:stop].tolist(),
                                     verdicts.verdict[start:stop].tolist(), reasons):
        groups[code].append(f'<tr data-model="{ids[m]}"><th scope="row"><a href="{models_href}{ids[m]}/">{names[m]}</a>'
                            f'</th><td class="num">{turn}</td><td class="verdict-{VERDICTS[code]}">{labels[code]}</td>'
                            f'<td class="reason">{reason or ""}</td></tr>\n')
    return "".join(
        f'<tbody class="group" data-verdict="{VERDICTS[code]}" data-label="{label}" aria-label="{label}">\n'
        f'{"".join(rows)}</tbody>\n'
        for code, rows in groups.items() if rows
        for label in (escape(t["verdict_group"].format(verdict=t["verdict_" + VERDICTS[code]], count=len(rows))),))
