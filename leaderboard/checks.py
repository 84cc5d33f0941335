"""Value checks for the YAML files, and the machinery that applies a schema ({key: Field}) to a
mapping. (The schemas themselves are in schema.py.)

A check reports what is wrong at the value's line and returns the value as the record wants it, or
INVALID. A mapping with an invalid or missing required value is broken: its record is not made, and
whatever depends on it is skipped without further messages (the first message says what to fix).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from . import rules
from .problems import Problems, did_you_mean
from .yamlfile import YList, YMap

LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?\Z")
INVALID = type("Invalid", (), {"__repr__": lambda self: "INVALID", "__bool__": lambda self: False})()


@dataclass(frozen=True)
class Field:
    check: object            # (FileCheck, value, what, line) -> the value for the record, or INVALID
    required: bool = False
    default: object = None


class Values(dict):
    """A checked mapping: every key of its spec, with defaults filled; `ok` when nothing was wrong."""
    ok: bool = True
    line: int = 1
    lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class FileCheck:
    """Checks of the values of one YAML file, reporting at the value's line. `languages` is None when
    the site's languages are unknown (site.yaml is broken): texts are then not held to them."""

    def __init__(self, problems: Problems, path, languages):
        self.problems, self.path, self.languages = problems, path, languages

    def error(self, line, message):
        self.problems.error(self.path, line, message)

    def warn(self, line, message):
        self.problems.warn(self.path, line, message)

    def mapping(self, node, where: str, line: int, spec: dict, warn_unknown: bool = True):
        """The checked Values of a mapping with spec {key: Field}, or None (reported) when node is not a
        mapping. Unknown keys are warnings (unless `warn_unknown` is false: the spec is not all known)."""
        if not isinstance(node, dict):
            self.error(line, f"{where} must be a mapping of keys to values, found {describe(node)}")
            return None
        values = Values()
        values.line, values.lines = getattr(node, "line", line), getattr(node, "lines", {})
        unknown = [key for key in node if key not in spec]
        for key, entry in spec.items():
            if key in node:
                values[key] = entry.check(self, node[key], f'"{key}"', values.line_of(key))
                values.ok = values.ok and values[key] is not INVALID
            else:
                if entry.required:   # one message when it is there under a near name
                    near = [k for k in unknown if did_you_mean(k, [key])]
                    found = f' (found "{rules.one_line(str(near[0]))}" at line {values.line_of(near[0])}: a ' \
                        "misspelling?)" if near else ""
                    self.error(values.line, f'{where} is missing the required key "{key}"{found}')
                    unknown = [k for k in unknown if k not in near[:1]]
                    values.ok = False
                values[key] = entry.default
        for key in unknown if warn_unknown else ():
            self.warn(values.line_of(key), f'unknown key "{rules.one_line(str(key))}" in {where} is ignored'
                      f"{did_you_mean(key, spec)}")
        return values

    def items(self, node, where: str, line: int):
        """The (line, item) pairs of a list, or None (reported) when it is not a list."""
        if not isinstance(node, list):
            self.error(line, f"{where} must be a list, found {describe(node)}")
            return None
        return [(node.line_of(i) if isinstance(node, YList) else line, item) for i, item in enumerate(node)]


def describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"true/false {str(value).lower()}"
    kind = "a number" if isinstance(value, (int, float)) else "text"
    return f'{kind} "{rules.one_line(str(value))}"'


def fill(value, langs) -> dict:
    """A text for every language: a plain string serves all; a missing language falls back to the
    default one."""
    if not isinstance(value, dict):
        return {lang: str(value) for lang in langs}
    fallback = value.get(langs[0], next(iter(value.values())))
    return {lang: value.get(lang, fallback) for lang in langs}


# --- value checks: (file check, value, what, line) -> value or INVALID ------------------------

def text(c: FileCheck, value, what, line):
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, dict) and value:
        ok = True
        for lang, item in value.items():
            lang_line = value.line_of(lang) if isinstance(value, YMap) else line
            known = c.languages if c.languages is not None else [lang] if isinstance(lang, str) and LANG.match(lang) else []
            if lang not in known:
                c.error(lang_line, f'{what} has language "{lang}", expected one of the site\'s languages '
                        f'{", ".join(c.languages or ())}{did_you_mean(lang, c.languages or ())}')
                ok = False
            elif not (isinstance(item, str) and item.strip()):
                c.error(lang_line, f"{what} in {lang} must be non-empty text, found {describe(item)}")
                ok = False
        return dict(value) if ok else INVALID
    c.error(line, f"{what} must be text or a mapping of language to text (e.g. {{zh: ..., en: ...}}), "
            f"found {describe(value)}")
    return INVALID


def simple(test, expected: str, convert=lambda value: value):
    """A check of a value on its own: `test` says whether it is right, `expected` what it must be."""
    def check(c, value, what, line):
        if test(value):
            return convert(value)
        c.error(line, f"{what} must be {expected}, found {describe(value)}")
        return INVALID
    return check


plain = simple(lambda v: isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip(),
               "non-empty text", str)
string = simple(lambda v: isinstance(v, str) and v.strip(), "non-empty text")
slug = simple(lambda v: isinstance(v, str) and rules.SLUG.match(v),
              "an id of lowercase letters, digits, '.', '_' and '-' (it is used in URLs)")
boolean = simple(lambda v: isinstance(v, bool), "true or false")
number = simple(rules.is_number, "a number (at most 10^12 in size)")
decimals = simple(rules.is_decimals, "a whole number from 0 to 6")
url = simple(lambda v: isinstance(v, str) and re.match(r"^https?://[^\s/]+", v), "an absolute http(s) URL")
date = simple(lambda v: is_date(v), "a date written YYYY-MM-DD")


def is_date(value) -> bool:
    if not (isinstance(value, str) and rules.DATE.match(value)):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def markdown(c, value, what, line):
    """Text (or a text per language) that is rendered as Markdown: within what it may cost."""
    found = text(c, value, what, line)
    if found is INVALID:
        return INVALID
    for item in (found.values() if isinstance(found, dict) else [found]):
        costly = rules.markdown_problem(item)
        if costly:
            c.error(line, f"{what} {costly}")
            return INVALID
    return found


def markdown_string(c, value, what, line):
    found = string(c, value, what, line)
    return found if found is INVALID else markdown(c, found, what, line)


def list_of(check):
    """A check of a list whose every item passes `check` (the tuple of what it returns)."""
    def checked(c, value, what, line):
        items = c.items(value, what, line)
        if items is None:
            return INVALID
        found = [check(c, item, f"an item of {what}", item_line) for item_line, item in items]
        return INVALID if INVALID in found else tuple(found)
    return checked


text_list = list_of(plain)
url_list = list_of(url)


def anything(c, value, what, line):
    """Checked by the caller (structure needing context)."""
    return value


def entries(c: FileCheck, node, key: str, line: int, what: str, spec: dict):
    """{id: Values} of a list of {id, ...} mappings, in order; None when the list or any entry in it
    has a fault (reported): a section with a wrong entry is broken as a whole, since what refers to
    that entry could not be checked."""
    items = c.items(node, f'"{key}"', line)
    if items is None:
        return None
    found, ok = {}, True
    for item_line, item in items:
        values = c.mapping(item, f"a {what}", item_line, spec)
        entry_id = values.get("id") if values is not None else None
        if isinstance(entry_id, str) and entry_id in found:
            c.error(item_line, f'{what} id "{entry_id}" is used twice (first at line {found[entry_id].line})')
            ok = False
        elif values is None or not values.ok:
            ok = False
        else:
            found[entry_id] = values
    return found if ok else None
