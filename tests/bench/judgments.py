"""Judgments benchmark: a made-up board of M models and 3 dimensions whose one release is a header-only
CSV, every count coming from judgments/<release>.jsonl with Q questions (one turn each, one line per
model and question). Builds it (both languages) and the bundled site in the same run, and prints wall
time, peak memory and the ratio of the two.

    python3 tests/bench/judgments.py --models 200 --questions 5000      # 1,000,000 verdict lines
    python3 tests/bench/judgments.py --models 1000 --questions 10000    # 10,000,000
    python3 tests/bench/judgments.py --lines-only --models 200 --questions 5000 --keep /tmp/j1m
"""
from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from synthetic import ROOT, build, report

DIMENSIONS = ("reasoning", "coding", "writing")
RELEASE = "2025-01-01"
REASONS = ("The answer is correct and complete.", "Misses the second part of the question.",
           "Both answers are equally good.", "The baseline explains the steps more clearly.")


def generate(root: Path, models: int, questions: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    scores = root / "scores"
    board = scores / "judged"
    for folder in ("releases", "judgments"):
        (board / folder).mkdir(parents=True)
    (scores / "site.yaml").write_text("title: {zh: 评测, en: Judged}\nlanguages: [zh, en]\nboards: [judged]\n",
                                      "utf-8")
    dims = "".join(f"  - id: {d}\n    name: {{zh: 维度{d}, en: {d.title()}}}\n" for d in DIMENSIONS)
    (board / "board.yaml").write_text(
        "title: {zh: 评测, en: Judged}\nmetric:\n  name: {zh: 胜和率, en: Win-or-tie rate}\n"
        "  formula: win_tie_rate\ndimensions:\n" + dims, "utf-8")
    (board / "models.yaml").write_text("".join(f"- id: m{i:05d}\n  name: Model {i}\n" for i in range(models)),
                                       "utf-8")
    (board / "releases" / f"{RELEASE}.csv").write_text("model,dimension,score,win,tie,loss\n", "utf-8")
    strength = [rng.random() for _ in range(models)]
    with open(board / "judgments" / f"{RELEASE}.jsonl", "w", encoding="utf-8") as out:
        for q in range(questions):
            dimension, hardness = DIMENSIONS[q % len(DIMENSIONS)], rng.random()
            for i in range(models):
                roll = rng.random() + strength[i] - hardness
                verdict = "win" if roll > 0.9 else "tie" if roll > 0.5 else "loss"
                out.write(f'{{"model": "m{i:05d}", "question_id": "q{q:06d}", "dimension": "{dimension}", '
                          f'"turn": 1, "verdict": "{verdict}", "judge_reason": "{REASONS[(q + i) % 4]}"}}\n')
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--lines-only", action="store_true", help="only generate the scores folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        scores = root / "scores"
        if not scores.exists():
            generate(root, args.models, args.questions)
        if args.lines_only:
            return
        default = report("default site", Path(tmp) / "default", *build(ROOT / "scores", Path(tmp) / "default"))
        with open(scores / "judged" / "judgments" / f"{RELEASE}.jsonl", "rb") as f:
            label = f"{sum(1 for _ in f):,} verdict lines"   # what the folder holds, if it was --keep'd
        judged = report(label, Path(tmp) / "judged", *build(scores, Path(tmp) / "judged"))
        print(f"ratio to the default site's build: {judged / default:.1f}x")


if __name__ == "__main__":
    main()
