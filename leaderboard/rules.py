"""Rules of the data contract that validation, the model and the pages all apply: ids, how model
names resolve to ids, numbers as written, rounding and ranking. (What a metric's numbers are, and
its formulas, are in metrics.py.)"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*\Z")   # \Z, not $: "$" would let a final newline through
BOARD_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")     # no ".": a board folder never looks like a file
RESERVED_BOARD_IDS = {"assets"}                     # and no language code: /en/ is the English tree
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
OVERALL = "overall"
BATTLES_MEASURE = "battles"   # the measure a board with battles gets: how many each model fought
# A release id is its URL segment: a date, a month, or a version such as v2.0.
RELEASE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*\Z")
DATE_SHAPED = re.compile(r"^\d{4}-\d{2}(-\d{2})?\Z")
# Folders of a board's own pages (and its latest.json), which a release id may not take.
BOARD_FOLDERS = {"models", "dimensions", "dialogues", "questions", "compare", "changelog", "data", "embed", "latest"}


# Numbers a board holds (scores, ranges, measures, orders) are at most this large in size: enough for
# any score, rating, count of votes or price, and small enough to round to six decimals exactly.
LARGEST = 10 ** 12


def is_number(value) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and (math.isfinite(value) if isinstance(value, float) else True) and abs(value) <= LARGEST)


def is_range(value) -> bool:
    """[low, high], either end None (open), low < high where both are given."""
    return (isinstance(value, (list, tuple)) and len(value) == 2
            and all(v is None or is_number(v) for v in value)
            and (None in value or value[0] < value[1]))


def in_range(value: float, span: tuple) -> bool:
    low, high = span
    return (low is None or low <= value) and (high is None or value <= high)


def range_text(span: tuple) -> str:
    return "[" + ", ".join("null" if v is None else str(v) for v in span) + "]"


def is_decimals(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6


def name_key(name: str) -> str:
    """Model ids, names and aliases match case-insensitively."""
    return str(name).strip().casefold()


def model_keys(model: dict) -> list:
    """Every spelling that names this model in CSVs and dialogues: id, name, aliases."""
    aliases = model.get("aliases")
    spellings = [model.get("id"), model.get("name"), *(aliases if isinstance(aliases, (list, tuple)) else [])]
    if isinstance(model.get("name"), dict):
        spellings[1:2] = list(model["name"].values())
    return list(dict.fromkeys(name_key(s) for s in spellings if isinstance(s, str) and s.strip()))


NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?", re.ASCII)
COUNT = re.compile(r"\d{1,12}", re.ASCII)


def parse_number(text: str):
    """A float from CSV text written with ASCII digits (not "1_0" or full-width digits), finite and no
    larger than LARGEST in size, or None."""
    if not isinstance(text, str) or not NUMBER.fullmatch(text):
        return None
    value = float(text) + 0.0   # "-0" is 0: shown as 0.00, not -0.00
    return value if math.isfinite(value) and abs(value) <= LARGEST else None


def rounded(value: float, decimals: int) -> str:
    """The value as shown: half-up at the metric's decimals (so 12.345 shows 12.35)."""
    return _rounded(repr(value), decimals)   # keyed by the text: -0.0 == 0.0, but they show differently


@lru_cache(maxsize=1 << 16)   # every score is shown on several pages, in every language
def _rounded(text: str, decimals: int) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    return str(Decimal(text).quantize(quantum, rounding=ROUND_HALF_UP))


def competition_ranks(values: list, decimals: int, higher_is_better: bool) -> list:
    """Ranks 1, 2, 2, 4 for the values in the given order; equal as shown means equal rank."""
    shown = [Decimal(rounded(v, decimals)) for v in values]
    ordered = sorted(shown, reverse=higher_is_better)
    first = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [first[v] for v in shown]


# Characters that must not reach a terminal or a CI log raw from the input: line breaks (a message is
# one line), other control characters (escape sequences) and the bidirectional overrides.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}


def one_line(text: str) -> str:
    """Text from the input as it may appear in a message: on one line, control characters escaped."""
    return _UNSAFE.sub(lambda m: _NAMED.get(m[0]) or f"\\u{ord(m[0]):04x}", text)


# What one Markdown text may hold. Python-Markdown's time grows with the square of the number of "["
# outside code (8 s for 8,000 of them), and its nesting with the call stack: within these limits a
# text renders in well under a second; past them, validation says so.
MARKDOWN_CHARACTERS = 200_000
MARKDOWN_BRACKETS = 1_000
MARKDOWN_DEPTH = 50
FENCE = re.compile(r"^\s*(```|~~~)")
# A line nested past the limit starts with 51 or more of ">" and white space (a tab counts 4 spaces): a
# text with no such run anywhere, and with few "[" in all, needs no line-by-line count (most texts; the
# count was a fifth of the time of validating answers).
_DEEP = re.compile(r"[>\s]{%d}" % (MARKDOWN_DEPTH + 1))


def markdown_problem(text: str):
    """Why a Markdown text would cost too much to render (a sentence), or None."""
    if len(text) > MARKDOWN_CHARACTERS:
        return f"is {len(text):,} characters long, where a text may have {MARKDOWN_CHARACTERS:,}"
    if text.count("[") <= MARKDOWN_BRACKETS and not _DEEP.search(text):
        return None
    brackets, depth, fenced = 0, 0, False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        brackets += line.count("[")
        indent = len(line) - len(line.lstrip(" \t")) + 3 * line[:len(line) - len(line.lstrip(" \t"))].count("\t")
        quotes = len(re.match(r"[>\s]*", line)[0].replace(" ", "").replace("\t", ""))
        depth = max(depth, indent // 4, quotes)
    if brackets > MARKDOWN_BRACKETS:
        return (f'has {brackets:,} "[" outside code blocks, where a text may have {MARKDOWN_BRACKETS:,}: '
                "put them in a ``` code block")
    if depth > MARKDOWN_DEPTH:
        return f"is nested {depth} levels deep (lists, quotes), where a text may be {MARKDOWN_DEPTH}"
    return None


def natural(text: str) -> list:
    """A sort key that puts q2 before q10 (and 6B before 13B)."""
    return [int(part) if i % 2 else part for i, part in enumerate(re.split(r"(\d+)", text))]


# Characters that have no place in a page: C0 controls but tab and line breaks (NUL, BEL, ESC…), DEL
# and the C1 controls, and the bidirectional embeddings, overrides and isolates, which can make text
# read in another order than it is written. As code point ranges, for Python's re and for RE2
# (pyarrow's vectorised string functions).
UNSHOWN_RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069))
UNSHOWN = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in UNSHOWN_RANGES) + "]")
UNSHOWN_RE2 = "[" + "".join(f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in UNSHOWN_RANGES) + "]"
# What escaping text for HTML replaces, as Jinja's autoescape (markupsafe) does it, in this order.
HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;"))
