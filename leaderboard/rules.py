"""Rules of the data contract that both validation and the model apply:
how model names resolve to ids, the metric formulas, rounding and ranking."""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FORMULAS = ("win_tie_rate", "score")
OVERALL = "overall"


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


def parse_number(text: str):
    """A finite float from CSV text, or None."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def formula_score(formula: str, win: int, tie: int, loss: int):
    """The score the metric formula gives for these counts (None when it cannot)."""
    total = win + tie + loss
    if formula == "win_tie_rate" and total > 0:
        return 100.0 * (win + tie) / total
    return None


def rounded(value: float, decimals: int) -> str:
    """The value as shown: half-up at the metric's decimals (so 12.345 shows 12.35)."""
    quantum = Decimal(1).scaleb(-decimals)
    return str(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def competition_ranks(values: list, decimals: int, higher_is_better: bool) -> list:
    """Ranks 1, 2, 2, 4 for the values in the given order; equal as shown means equal rank."""
    shown = [Decimal(rounded(v, decimals)) for v in values]
    ordered = sorted(shown, reverse=higher_is_better)
    first = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [first[v] for v in shown]
