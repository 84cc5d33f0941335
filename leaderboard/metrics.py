"""What a board's numbers are: the kinds of ranking score, each with its defaults, its count columns
and its formula. Validation, the model, the pages and site.js's recount all take these rules from here.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    id: str
    counts: tuple            # the release CSV's count columns, () when scores are given directly
    higher_is_better: bool   # defaults, which board.yaml may override
    range: tuple             # (low, high); None for an open end
    decimals: int
    formula: str             # the formula's name in downloads (release JSON "formula")

    @property
    def ties(self) -> bool:
        """Whether counts include ties (so a reader may recount them under another tie rule)."""
        return "tie" in self.counts


KINDS = {kind.id: kind for kind in (
    Kind("win_rate", ("win", "tie", "loss"), True, (0, 100), 2, "win_tie_rate"),   # against a baseline
    Kind("accuracy", ("correct", "total"), True, (0, 100), 2, "accuracy"),         # share answered right
    Kind("rating", (), True, (None, None), 0, "score"),                            # Elo, Bradley-Terry
    Kind("score", (), True, (0, 100), 2, "score"),                                 # any scale, given
    Kind("cost", (), False, (0, None), 2, "score"),                                # latency, price
)}
# `formula`, the first way of saying what a score is, names a kind.
FORMULAS = {"win_tie_rate": "win_rate", "score": "score"}


def from_counts(kind: Kind, win: int, tie: int, loss: int):
    """The score a kind's formula gives for counts (successes, ties, failures), or None when it has
    none: 100 × (win + tie) / n for a win rate, 100 × correct / total for an accuracy (no ties)."""
    total = win + tie + loss
    if not kind.counts or total <= 0:
        return None
    return 100.0 * (win + tie) / total


def best_first(value: float, higher_is_better: bool) -> float:
    """A sort key that puts the better of two values first."""
    return -value if higher_is_better else value
