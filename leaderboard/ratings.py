"""Bradley-Terry ratings from pairwise battles, on an Elo-like scale, with bootstrap intervals.

The model: model i beats model j with probability 1 / (1 + 10 ** ((R_j - R_i) / 400)). A tie, or a
battle both models lost ("both bad"), counts as half a win to each side, as Chatbot Arena counts
them. The ratings maximise the likelihood of the battles (Newton's method on the log-strengths),
then are shifted so that their mean is `base` (or the anchor model's rating is `base`).

Intervals come from the bootstrap: resample the battles with replacement, refit, take the 2.5th
and 97.5th percentiles. Drawing n battles with replacement from n is drawing a multinomial count for
each distinct (pair, outcome) cell, so a round costs as much as the number of pairs, not battles:
1,000,000 battles among 100 models bootstrap as quickly as 10,000. Seeded: the same battles give
the same intervals, byte for byte.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SCALE = 400 / math.log(10)   # Elo points per unit of natural log-odds
# A very weak pull of every log-strength towards 0 (a prior worth a hundred-thousandth of a battle):
# it changes no rating of a connected board by a measurable amount, and keeps a model that won (or
# lost) every battle at a finite, if very high (low), rating instead of no answer at all.
RIDGE = 1e-5
STEPS = 100


@dataclass(frozen=True)
class Settings:
    base: float = 1000.0
    anchor: int | None = None    # the model (its index) pinned at `base`; None: the mean is `base`
    rounds: int = 100
    seed: int = 0


@dataclass(frozen=True)
class Ratings:
    """Per model (index into the board's models; NaN or 0 for one that fought none): rating, 95%
    interval and battles fought; and the pairwise tables of the models that fought (`fought`, in
    index order): wins[i, j] is fought[i]'s wins over fought[j] (ties half), games[i, j] their battles."""
    rating: np.ndarray
    low: np.ndarray
    high: np.ndarray
    battles: np.ndarray
    fought: np.ndarray
    wins: np.ndarray
    games: np.ndarray


OUTCOMES = 4   # 0: a won, 1: b won, 2: a tie, 3: both bad (a tie here)


def compact(a: np.ndarray, b: np.ndarray) -> tuple:
    """(the indices of the models that fought, a and b as places among them): every table is then
    as big as the models that fought, not as all the board's models."""
    fought, places = np.unique(np.concatenate([a, b]), return_inverse=True)
    return fought, places[:len(a)], places[len(a):]


def cells(a: np.ndarray, b: np.ndarray, outcome: np.ndarray, models: int) -> np.ndarray:
    """How many battles of each (a, b, outcome): a flat count per cell."""
    return np.bincount((a.astype(np.int64) * models + b) * OUTCOMES + outcome,
                       minlength=models * models * OUTCOMES).astype(np.float64)


def tables(a: np.ndarray, b: np.ndarray, outcome: np.ndarray) -> tuple:
    """(fought, wins, games) of some battles (compact, wins and games as in Ratings)."""
    fought, a, b = compact(a, b)
    return (fought, *cells_tables(cells(a, b, outcome, len(fought)), len(fought)))


def cells_tables(counts: np.ndarray, models: int) -> tuple:
    counts = counts.reshape(models, models, OUTCOMES)
    a_won, b_won, tied = counts[..., 0], counts[..., 1], counts[..., 2] + counts[..., 3]
    wins = a_won + b_won.T + (tied + tied.T) / 2
    return wins, wins + wins.T


def fit(wins: np.ndarray, games: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
    """The log-strengths (natural units, mean 0) that maximise the likelihood of wins, by Newton's
    method from `start` (a nearby answer, such as the full data's, saves most of the steps)."""
    n = len(wins)
    theta = np.zeros(n) if start is None else start.copy()
    won = wins.sum(axis=1)
    # Adding the same number to every log-strength changes no probability: that direction is given
    # its own curvature (the ones matrix) so that each step is well-conditioned, and the mean is 0.
    flat = np.full((n, n), 1.0 / n)
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(theta[None, :] - theta[:, None]))     # p[i, j]: i beats j
        gradient = won - (games * p).sum(axis=1) - RIDGE * theta
        weight = games * p * (1 - p)
        hessian = weight - np.diag(weight.sum(axis=1) + RIDGE) - flat
        step = np.linalg.solve(hessian, -gradient)
        theta += step
        theta -= theta.mean()
        if np.max(np.abs(step)) < 1e-9:
            break
    return theta


def on_scale(theta: np.ndarray, settings: Settings) -> np.ndarray:
    zero = theta.mean() if settings.anchor is None else theta[settings.anchor]
    return settings.base + SCALE * (theta - zero)


def rate(a: np.ndarray, b: np.ndarray, outcome: np.ndarray, models: int, settings: Settings) -> Ratings:
    """Ratings of `models` models from their battles (outcomes as OUTCOMES says). Models that fought
    none have none; with an anchor that fought none of these battles, their mean is the base."""
    fought, a, b = compact(a, b)
    k = len(fought)
    counts = cells(a, b, outcome, k)
    wins, games = cells_tables(counts, k)
    anchor = None if settings.anchor is None else np.flatnonzero(fought == settings.anchor)
    local = Settings(settings.base, int(anchor[0]) if anchor is not None and len(anchor) else None,
                     settings.rounds, settings.seed)
    rating = np.full(models, np.nan)
    low, high = rating.copy(), rating.copy()
    if k:
        theta = fit(wins, games)
        rating[fought] = on_scale(theta, local)
        if settings.rounds:
            low[fought], high[fought] = np.percentile(bootstrap(counts, k, local, theta), [2.5, 97.5], axis=0)
    battles = np.zeros(models)
    battles[fought] = games.sum(axis=1)
    return Ratings(rating, low, high, battles, fought, wins, games)


def bootstrap(counts: np.ndarray, k: int, settings: Settings, start: np.ndarray) -> np.ndarray:
    """The ratings of `settings.rounds` resamples of the battles (rounds × the k models that fought)."""
    rng = np.random.default_rng(settings.seed)
    total = int(counts.sum())
    used = np.flatnonzero(counts)
    share = counts[used] / total
    found = np.empty((settings.rounds, k))
    resampled = np.zeros_like(counts)
    for r in range(settings.rounds):
        resampled[used] = rng.multinomial(total, share)
        found[r] = on_scale(fit(*cells_tables(resampled, k), start), settings)
    return found


def components(games: np.ndarray) -> list:
    """The groups of models (indices, among those that fought) linked by battles, largest first:
    ratings compare only within one."""
    fought = [int(i) for i in np.flatnonzero(games.sum(axis=1))]
    seen, groups = set(), []
    for start in fought:
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            i = stack.pop()
            group.append(i)
            for j in np.flatnonzero(games[i]):
                if int(j) not in seen:
                    seen.add(int(j))
                    stack.append(int(j))
        groups.append(sorted(group))
    return sorted(groups, key=lambda g: (-len(g), g))
