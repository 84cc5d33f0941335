"""Rules of the data contract that both validation and the model apply:
how model names resolve to ids, the metric formulas, rounding and ranking."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*\Z")   # \Z, not $: "$" would let a final newline through
BOARD_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")     # no ".": a board folder never looks like a file
RESERVED_BOARD_IDS = {"assets"}                     # and no language code: /en/ is the English tree
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
FORMULAS = ("win_tie_rate", "score")
OVERALL = "overall"
DEFAULT_RANGE = (0, 100)
DEFAULT_DECIMALS = 2


def metric_settings(metric) -> tuple:
    """(formula, decimals, (low, high)) of a metric mapping, defaults filling what is absent or invalid."""
    metric = metric if isinstance(metric, dict) else {}
    formula = metric.get("formula") if metric.get("formula") in FORMULAS else "score"
    places = metric.get("decimals", DEFAULT_DECIMALS)
    span = metric.get("range", DEFAULT_RANGE)
    return (formula, places if is_decimals(places) else DEFAULT_DECIMALS,
            tuple(span) if is_range(span) else DEFAULT_RANGE)


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def is_range(value) -> bool:
    return (isinstance(value, (list, tuple)) and len(value) == 2 and all(map(is_number, value))
            and value[0] < value[1])


def is_decimals(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6


@dataclass(frozen=True)
class Score:
    """A score as given, or computed from its counts (counts None when not given)."""
    value: float
    win: int | None = None
    tie: int | None = None
    loss: int | None = None


@dataclass(frozen=True)
class Judgment:
    """One verdict of the judge on one model's answer to one question (one turn), against the baseline."""
    model: str          # model id
    question: str       # question id
    dimension: str
    turn: int
    verdict: str        # win, tie or loss
    reason: str | None


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
    """A finite float from CSV text written with ASCII digits (not "1_0" or full-width digits), or None."""
    if not isinstance(text, str) or not NUMBER.fullmatch(text):
        return None
    value = float(text) + 0.0   # "-0" is 0: shown as 0.00, not -0.00
    return value if math.isfinite(value) else None


def formula_score(formula: str, win: int, tie: int, loss: int):
    """The score the metric formula gives for these counts (None when it cannot)."""
    total = win + tie + loss
    if formula == "win_tie_rate" and total > 0:
        return 100.0 * (win + tie) / total
    return None


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
