"""Battles benchmark: a made-up board of M models whose one release is rated from N pairwise battles
(battles/<release>.jsonl, about 10% ties and 5% both bad), with the default 100 bootstrap rounds.
Times the rating step on its own (read, check, fit, bootstrap) and the full build of both languages,
with the bundled site's build in the same run for scale.

    python3 tests/bench/battles.py --models 100 --battles 1000000
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from synthetic import ROOT, build, report

RELEASE = "2025-01-01"


def generate(root: Path, models: int, battles: int, seed: int = 3) -> Path:
    rng = np.random.default_rng(seed)
    scores = root / "scores"
    board = scores / "arena"
    for folder in ("releases", "battles"):
        (board / folder).mkdir(parents=True)
    (scores / "site.yaml").write_text("title: {zh: 对战, en: Battles}\nlanguages: [zh, en]\nboards: [arena]\n", "utf-8")
    (board / "board.yaml").write_text("title: {zh: 对战, en: Battles}\nmetric:\n  kind: rating\n"
                                      "  name: {zh: 评分, en: Rating}\n", "utf-8")
    (board / "models.yaml").write_text("".join(f"- id: m{i:04d}\n  name: Model {i}\n" for i in range(models)), "utf-8")
    (board / "releases" / f"{RELEASE}.csv").write_text("model,dimension,score\n", "utf-8")
    strength = rng.normal(0, 1, models)
    a = rng.integers(0, models, battles)
    b = (a + rng.integers(1, models, battles)) % models
    p = 1 / (1 + np.exp(strength[b] - strength[a]))
    u, v = rng.random(battles), rng.random(battles)
    winner = np.where(u < 0.10, "tie", np.where(u < 0.15, "both bad", np.where(v < p, "a", "b")))
    with open(board / "battles" / f"{RELEASE}.jsonl", "w", encoding="utf-8") as out:
        for x, y, w in zip(a.tolist(), b.tolist(), winner.tolist()):
            out.write(f'{{"model_a": "m{x:04d}", "model_b": "m{y:04d}", "winner": "{w}"}}\n')
    return scores


def rating_step(scores: Path) -> None:
    """Read, check and rate the battles as the build does, timed stage by stage."""
    sys.path.insert(0, str(ROOT))
    from leaderboard import config, validate
    from leaderboard.problems import Problems
    problems = Problems()
    started = time.perf_counter()
    inputs = config.load(scores, problems)
    checked = validate.validate(inputs, problems)
    took = time.perf_counter() - started
    assert checked is not None, problems.items
    release = checked.boards[0].releases[0]
    print(f"load + validate (read, check, fit, {100} bootstrap rounds): {took:.2f} s for {len(release.battles):,} "
          f"battles among {len({m for m, _ in release.scores}):,} models")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=100)
    parser.add_argument("--battles", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        scores = root / "scores"
        if not scores.exists():
            generate(root, args.models, args.battles)
        rating_step(scores)
        default = report("default site", Path(tmp) / "default", *build(ROOT / "scores", Path(tmp) / "default"))
        with open(scores / "arena" / "battles" / f"{RELEASE}.jsonl", "rb") as f:
            label = f"{sum(1 for _ in f):,} battles"
        rated = report(label, Path(tmp) / "rated", *build(scores, Path(tmp) / "rated"))
        print(f"ratio to the default site's build: {rated / default:.1f}x")


if __name__ == "__main__":
    main()
