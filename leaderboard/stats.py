"""How solid a score is: win/tie/loss counts under a tie rule, 95% Wilson intervals, the ranks a
model could hold given the intervals, and the paired sign test between two models.

Pure functions of counts. site.js repeats tie_rate, wilson and rank_ranges for the board's tie-rule
switch; tests check that both give the same numbers.
"""
from __future__ import annotations

import bisect
import math
from functools import lru_cache

Z95 = 1.959963984540054          # the normal quantile for a two-sided 95% interval
TIE_RULES = {"win": 1.0, "half": 0.5, "loss": 0.0}   # what a tie is worth, by the switch's names
PUBLISHED_RULE = "win"           # the win_tie_rate formula counts a tie as a win
VERDICTS = ("loss", "tie", "win")   # worst first: a paired comparison orders them this way


def tie_rate(win: int, tie: int, loss: int, rule: str = PUBLISHED_RULE) -> float:
    """100 × (win + value of a tie × tie) / n."""
    return 100.0 * (win + TIE_RULES[rule] * tie) / (win + tie + loss)


@lru_cache(maxsize=1 << 16)   # a score's interval is asked for on every page that shows the score
def wilson(win: int, tie: int, loss: int, rule: str = PUBLISHED_RULE, z: float = Z95) -> tuple:
    """The 95% Wilson score interval of the rate, in percent. A half-counted tie is half a success,
    which treats a tie as a coin toss: the interval is then somewhat wider than it need be."""
    n = win + tie + loss
    p = (win + TIE_RULES[rule] * tie) / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half))


def interval(score, rule: str = PUBLISHED_RULE):
    """A Score's interval, or None when it has no counts."""
    return None if score is None or score.win is None else wilson(score.win, score.tie, score.loss, rule)


def rank_ranges(intervals: dict, higher_is_better: bool = True) -> dict:
    """{id: (best rank, worst rank)} from {id: (low, high)}: a model is placed behind the models whose
    interval lies wholly above its own, and ahead of those wholly below it; the others may be on
    either side. (Pairwise 95% intervals, with no correction for making many comparisons. Counted by
    binary search in the sorted bounds; no interval lies wholly above or below itself, so a model's
    own bounds never count.)"""
    lows = sorted(low for low, _ in intervals.values())
    highs = sorted(high for _, high in intervals.values())
    n = len(intervals)
    ranges = {}
    for key, (low, high) in intervals.items():
        above = n - bisect.bisect_right(lows, high)      # intervals wholly above: their low > my high
        below = bisect.bisect_left(highs, low)           # intervals wholly below: their high < my low
        if not higher_is_better:
            above, below = below, above
        ranges[key] = (1 + above, n - below)
    return ranges


def sign_test(better: int, worse: int) -> float:
    """Two-sided exact sign test: the chance of a split at least this uneven between `better` and
    `worse` if either model were equally likely to do better on each question (ties left out)."""
    n = better + worse
    if n == 0:
        return 1.0
    k = min(better, worse)
    term = tail = 1                      # C(n, 0); each next term from the last, in exact integers
    for i in range(k):
        term = term * (n - i) // (i + 1)
        tail += term
    return min(1.0, 2 * tail / 2 ** n)
